"""A build of several review years reads and maps one year at a time, with the same output.

The sorted runs parked on disk (rs2rdf.quads.runs) must merge to exactly what one in-memory sort
gives; a whole two-year build must write the same bytes either way.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.pipeline import graph as graph_module
from rs2rdf.pipeline.graph import year_groups
from rs2rdf.cli.main import main
from rs2rdf.quads.dump import distinct_triples, sort_rows, write_nquads
from rs2rdf.sources.discover import InputFile
from rs2rdf.quads.runs import SortedRuns

ROOT = Path(__file__).resolve().parents[1]

_term = st.sampled_from(["<a>", "<b>", "<c>", '"x y"', '"y"@ja', "<d/e>", '"東京 都"', '"a\\"b"'])
_iri = st.sampled_from(["<a>", "<b>", "<c>", "<d/e>"])  # subjects and predicates: IRIs, never with spaces
_row = st.tuples(st.sampled_from(["<g1>", "<g2>", "<g3>"]), _iri, _iri, _term)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(groups=st.lists(st.lists(_row, max_size=30), min_size=1, max_size=4))
def test_runs_merge_to_one_sort(tmp_path_factory: pytest.TempPathFactory, groups: list[list[tuple[str, ...]]]) -> None:
    folder = tmp_path_factory.mktemp("runs")
    runs = SortedRuns(folder / "runs")
    for group in groups:
        runs.add(sort_rows(list(group)))
    everything = sort_rows([row for group in groups for row in group])
    assert list(runs) == everything
    assert len(runs) == len(everything)
    assert runs.graphs == sorted({row[0] for row in everything})
    assert list(distinct_triples(runs)) == list(distinct_triples(everything))
    write_nquads(runs, folder / "a")
    write_nquads(everything, folder / "b")
    assert (folder / "a" / "rs2rdf.nq").read_bytes() == (folder / "b" / "rs2rdf.nq").read_bytes()
    assert len(runs) == len(everything)  # as counted while writing
    runs.remove()
    assert not runs.folder.exists()


def _rs(name: str) -> InputFile:
    return InputFile(Path(name), "rs")


def test_year_groups_follow_the_official_names_and_keep_sheets_last() -> None:
    a24, b24 = _rs("1-1_RS_2024_基本情報_組織情報.zip"), _rs("5-1_RS_2024_支出先_支出情報.zip")
    a25 = _rs("1-1_RS_2025_基本情報_組織情報.zip")
    sheet = InputFile(Path("h29-0001.pdf"), "sheet")
    assert year_groups([a24, a25, b24, sheet]) == [[a24, b24], [a25], [sheet]]
    assert year_groups([a24, b24, sheet]) == [[a24, b24, sheet]]  # one year: nothing to split
    renamed = _rs("organisations.csv")  # its year is known only once read
    assert year_groups([a24, a25, renamed]) == [[a24, a25, renamed]]


def test_many_sheets_are_read_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph_module, "SHEET_BATCH", 2)
    a24 = _rs("1-1_RS_2024_基本情報_組織情報.zip")
    sheets = [InputFile(Path(f"s{i}.xlsx"), "sheet") for i in range(5)]
    assert year_groups(sheets) == [sheets[0:2], sheets[2:4], sheets[4:]]
    assert year_groups([a24, *sheets]) == [[a24], sheets[0:2], sheets[2:4], sheets[4:]]
    assert year_groups([a24, *sheets[:2]]) == [[a24, *sheets[:2]]]


@pytest.mark.slow
def test_sheets_in_batches_build_the_same_bytes_as_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheets = sorted((ROOT / "tests" / "data" / "sheets").glob("*.xlsx"))
    assert len(sheets) >= 3
    runner = CliRunner()
    monkeypatch.setattr(graph_module, "SHEET_BATCH", 2)
    batched = runner.invoke(main, ["build", *map(str, sheets), "--out", str(tmp_path / "batched"), "--no-site"])
    assert batched.exit_code == 0, batched.output
    assert f"in {(len(sheets) + 1) // 2} groups" in batched.output
    monkeypatch.setattr(graph_module, "year_groups", lambda files: [files])
    at_once = runner.invoke(main, ["build", *map(str, sheets), "--out", str(tmp_path / "at-once"), "--no-site"])
    assert at_once.exit_code == 0, at_once.output
    a, b = _files(tmp_path / "batched"), _files(tmp_path / "at-once")
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    data = folder / "data"
    return {p.name: p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}


@pytest.mark.slow
def test_two_years_build_the_same_bytes_by_year_as_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _generator().main(["--projects", "40", "--years", "2024", "2025", "--out", str(tmp_path / "rs"), "--seed", "7"]) == 0
    runner = CliRunner()
    by_year = runner.invoke(main, ["build", str(tmp_path / "rs"), "--out", str(tmp_path / "by-year"), "--no-site"])
    assert by_year.exit_code == 0, by_year.output
    assert "in 2 groups, a review year" in by_year.output
    assert not (tmp_path / "by-year" / ".cache" / "runs").exists()  # the runs are gone once the dumps are written
    monkeypatch.setattr(graph_module, "year_groups", lambda files: [files])
    at_once = runner.invoke(main, ["build", str(tmp_path / "rs"), "--out", str(tmp_path / "at-once"), "--no-site"])
    assert at_once.exit_code == 0, at_once.output
    assert "groups" not in at_once.output
    a, b = _files(tmp_path / "by-year"), _files(tmp_path / "at-once")
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
