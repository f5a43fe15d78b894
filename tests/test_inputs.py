"""Input discovery: folders are expanded recursively, sorted, hidden files left out, and
symlinked year folders followed (Python 3.11's rglob does not follow them)."""

from __future__ import annotations

import os
from pathlib import Path

from rs2rdf.sources.discover import discover

import pytest


def test_symlinked_year_folders_are_read(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "2024"
    real.mkdir(parents=True)
    (real / "1-1_RS_2024_基本情報_組織情報.csv").write_text("x\n", encoding="utf-8")
    (real / ".hidden.csv").write_text("x\n", encoding="utf-8")
    root = tmp_path / "inputs"
    (root / "2025").mkdir(parents=True)
    (root / "2025" / "1-1_RS_2025_基本情報_組織情報.csv").write_text("x\n", encoding="utf-8")
    os.symlink(real, root / "2024")
    os.symlink(root, root / "2025" / "loop")  # a link back up must not loop forever
    found, problems = discover([root])
    names = [f.path.relative_to(root).as_posix() for f in found]
    assert names == ["2024/1-1_RS_2024_基本情報_組織情報.csv", "2025/1-1_RS_2025_基本情報_組織情報.csv"]
    assert not problems


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    found, problems = discover([tmp_path])
    assert not found and [p.code for p in problems] == ["no-input-found"]


@pytest.mark.slow
def test_building_the_current_folder_twice_never_reads_its_own_output(tmp_path: Path) -> None:
    """``cd rs && rs2rdf build .`` writes ./site; the next build must not read site/data/queries/*.csv as inputs."""
    import shutil
    import subprocess
    import sys

    work = tmp_path / "rs"
    shutil.copytree(Path(__file__).resolve().parent / "bad_inputs" / "good", work)
    cmd = [sys.executable, "-m", "rs2rdf", "build", ".", "--no-site", "--no-validate"]
    first = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert any((work / "site" / "data" / "queries").glob("*.csv"))
    second = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "unknown-input" not in second.stderr
    assert "nothing to do" in second.stderr or "unchanged" in second.stderr


def test_an_output_folder_given_among_inputs_is_skipped_with_a_note(tmp_path: Path) -> None:
    from rs2rdf.sources.discover import discover

    out = tmp_path / "in" / "site"
    (out / "data" / "queries").mkdir(parents=True)
    (out / "data" / "build-summary.json").write_text("{}", encoding="utf-8")
    (out / "data" / "queries" / "sheet-budgets.csv").write_text("a\n", encoding="utf-8")
    (tmp_path / "in" / "1-2_RS_2024_基本情報_事業概要等.csv").write_text("x\n", encoding="utf-8")
    files, problems = discover([tmp_path / "in"])
    assert [f.path.name for f in files] == ["1-2_RS_2024_基本情報_事業概要等.csv"]
    assert [(p.code, p.severity) for p in problems] == [("skipped-output-folder", "info")]


def test_a_fifo_or_device_is_refused_not_read_forever(tmp_path: Path) -> None:
    import os

    from rs2rdf.sources.discover import discover

    fifo = tmp_path / "1-2_RS_2024_基本情報_事業概要等.csv"
    os.mkfifo(fifo)
    files, problems = discover([fifo, Path("/dev/zero")])
    assert files == []
    assert [p.code for p in problems] == ["unreadable-input", "unreadable-input"]
