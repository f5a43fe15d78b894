"""Input discovery: folders are expanded recursively, sorted, hidden files left out, and
symlinked year folders followed (Python 3.11's rglob does not follow them)."""

from __future__ import annotations

import os
from pathlib import Path

from rs2rdf.inputs import discover


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
