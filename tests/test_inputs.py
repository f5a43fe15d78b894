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


# ---------------------------------------------------------------- one source per file content

_CORPUS = Path(__file__).resolve().parent / "bad_inputs"


def _build(out: Path, *inputs: Path) -> tuple[int, dict, list[dict]]:  # type: ignore[type-arg]
    import json

    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    result = CliRunner().invoke(main, ["-q", "build", *map(str, inputs), "--summary-json", "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    problems = json.loads((out / "data" / "problems.json").read_text(encoding="utf-8"))
    return result.exit_code, json.loads(result.stdout), problems


def _sources(out: Path, table: str) -> dict[str, set[str]]:
    """rs:SourceFile of ``table`` → its rs:sha256 values, from the built store's dump."""
    import pyoxigraph as ox

    from rs2rdf.mapping.iris import Iris

    rs = Iris().vocab
    store = ox.Store()
    store.bulk_load(path=str(out / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    files = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(rs + "table"), ox.Literal(table))
             if ox.Quad(q.subject, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(rs + "SourceFile"), q.graph_name) in store]
    return {f.value: {q.object.value for q in store.quads_for_pattern(f, ox.NamedNode(rs + "sha256"), None)} for f in set(files)}


@pytest.mark.slow
def test_a_table_given_as_its_zip_and_as_the_extracted_csv_is_one_source(tmp_path: Path) -> None:
    """#18: the same 1-2 table once as the official ZIP (good/) and once as the CSV extracted from
    it (table-twice-same/) was one source with two hashes, 15 SHACL violations and a dataset page
    listing half the files. Now: read once, a note naming the first copy, the graph conforms."""
    out = tmp_path / "site"
    code, summary, problems = _build(out, _CORPUS / "good", _CORPUS / "table-twice-same")
    assert code == 0 and summary["conforms"] is True and summary["violations"] == 0
    (note,) = [p for p in problems if p["code"] == "duplicate-table"]
    assert note["severity"] == "info" and note["file"] == "1-2_RS_2024_基本情報_事業概要等.csv"
    assert "1-2_RS_2024_基本情報_事業概要等.zip" in note["message"]  # which copy was read
    sources = _sources(out, "1-2")
    assert len(sources) == 1 and all(len(shas) == 1 for shas in sources.values()), sources
    about = (out / "about" / "index.html").read_text(encoding="utf-8")
    assert about.count("1-2_RS_2024_基本情報_事業概要等") == 1


@pytest.mark.slow
def test_a_table_given_twice_with_different_content_is_an_error_naming_both_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, summary, problems = _build(out, _CORPUS / "good", _CORPUS / "table-twice-different")
    assert code == 1
    (error,) = [p for p in problems if p["code"] == "conflicting-tables"]
    first, second = "5-3_RS_2024_支出先_費目・使途.csv", "5-3_RS_2024_支出先_費目・使途_2.csv"
    assert error["severity"] == "error" and error["file"].endswith("/" + second)  # the copy skipped
    assert first in error["message"]  # and the copy read
    assert len(_sources(out, "5-3")) == 1  # the amounts of the two copies are not added up
