"""The public API: the README's example runs as written, results equal what a build writes,
and no call leaves process-wide state behind."""

from __future__ import annotations

import doctest
import gc
import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf

ROOT = Path(__file__).resolve().parents[1]


def _readme_api_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "the README's Python API section has no example"
    return "\n".join(blocks)


@pytest.mark.slow
def test_readme_example_runs_as_written() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(_readme_api_section(), {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 10
    assert result.failed == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api") / "site"
    result = rs2rdf.build(rs2rdf.sample_dir(), out=out)
    assert result.exit_code == 0
    return out


@pytest.mark.slow
def test_to_graph_equals_the_built_dump(built: Path) -> None:
    """The store of read → to_graph holds exactly the quads the build's N-Quads dump holds."""
    store = rs2rdf.to_graph(rs2rdf.read(rs2rdf.sample_dir()))
    dumped = set(ox.parse(path=str(built / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS))
    assert set(store) == dumped


@pytest.mark.slow
def test_validate_store_site_and_dump_agree_with_the_build(built: Path) -> None:
    written = json.loads((built / "data" / "validation.json").read_text(encoding="utf-8"))
    store = rs2rdf.to_graph(rs2rdf.read(rs2rdf.sample_dir()))
    for report in (rs2rdf.validate(store), rs2rdf.validate(built), rs2rdf.validate(built / "data" / "rs2rdf.nq")):
        assert report.conforms == written["conforms"]
        assert sorted((r["focus"], r["path"], r["component"]) for r in report.results) == \
            sorted((r["focus"], r["path"], r["component"]) for r in written["results"])
        assert len(report.graph) > 0 and "Conforms:" in report.text


def test_validate_refuses_what_is_not_a_graph(tmp_path: Path) -> None:
    with pytest.raises(rs2rdf.api.UsageError):
        rs2rdf.validate(tmp_path)


@pytest.mark.slow
def test_query_values_are_python_values(built: Path) -> None:
    rows = rs2rdf.query(built, 'SELECT ?i ?d ?b ?s ?iri ?none WHERE { BIND(1 AS ?i) BIND(1.50 AS ?d) BIND(true AS ?b) '
                               'BIND("x"@ja AS ?s) BIND(<urn:a> AS ?iri) OPTIONAL { ?q <urn:none> ?none } }')
    assert rows == [{"i": 1, "d": Decimal("1.5"), "b": True, "s": "x", "iri": "urn:a", "none": None}]
    assert type(rows[0]["i"]) is int and type(rows[0]["d"]) is Decimal
    assert rs2rdf.query(built, "ASK { ?s ?p ?o }") == [{"boolean": True}]
    triples = rs2rdf.query(built, "CONSTRUCT { <urn:s> <urn:p> ?o } WHERE { VALUES ?o { 7 } }")
    assert triples == [{"subject": "urn:s", "predicate": "urn:p", "object": 7}]


@pytest.mark.slow
def test_shipped_query_by_name_matches_the_precomputed_answer(built: Path) -> None:
    """The build stores each shipped query's answer; the API's rows carry the same amounts."""
    rows = rs2rdf.query(built, "ministry-totals")
    answer = json.loads((built / "data" / "queries" / "ministry-totals.srj").read_text(encoding="utf-8"))
    expected = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
    assert [{k: str(v) for k, v in row.items() if v is not None} for row in rows] == expected


@pytest.mark.slow
def test_service_is_refused_unless_allowed(built: Path) -> None:
    with pytest.raises(rs2rdf.api.UsageError):
        rs2rdf.query(built, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


@pytest.mark.slow
def test_no_call_leaves_the_collector_changed(built: Path) -> None:
    """Before, one mapping left 33,213 objects frozen and a query's table formatting froze more."""
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    records = rs2rdf.read(rs2rdf.sample_dir())
    store = rs2rdf.to_graph(records)
    rs2rdf.validate(store)
    rs2rdf.query(built, "ministry-totals")
    rs2rdf.build(rs2rdf.sample_dir(), out=built.parent / "again")
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_each_read_has_its_own_sheet_keys() -> None:
    """The sheet-key table lives for one read (it was a module cache that only grew)."""
    a = rs2rdf.read(rs2rdf.sample_dir()).records
    b = rs2rdf.read(rs2rdf.sample_dir()).records
    assert a[0].sheet == b[0].sheet and a[0].sheet is not b[0].sheet
    same = [rec.sheet for rec in a if rec.sheet == a[0].sheet]
    assert all(k is same[0] for k in same), "within one read the key object is shared"


def test_records_and_problems_flatten_for_tables() -> None:
    records = rs2rdf.read(rs2rdf.sample_dir())
    for rec in records.records:
        row = rec.as_dict()
        assert row["record"] == type(rec).__name__ and "src_file" in row and "review_year" in row
        for value in row.values():
            assert value is None or isinstance(value, (str, int, bool, Decimal, list)), (type(value), row)
    assert all(p.as_dict()["code"] for p in records.problems)


@pytest.mark.slow
def test_the_cli_builds_through_the_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rs2rdf import api
    from rs2rdf.cli.main import main

    calls: list[dict[str, object]] = []
    real = api.build

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]  # the spy passes through what the CLI gave

    monkeypatch.setattr(api, "build", spy)
    result = CliRunner().invoke(main, ["-q", "build", "--no-site", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["site"] is False


@pytest.mark.slow
def test_an_up_to_date_build_returns_its_problems_with_their_severity(tmp_path: Path) -> None:
    """The skipped path rebuilt problems from problems.json without their stored severity
    (the sample's 'info' notes came back as warnings)."""
    out = tmp_path / "site"
    first = rs2rdf.build(rs2rdf.sample_dir(), out=out, site=False)
    again = rs2rdf.build(rs2rdf.sample_dir(), out=out, site=False)
    assert again.summary.get("up_to_date") is True
    assert any(p.severity == "info" for p in first.problems)
    assert sorted((p.code, p.severity) for p in again.problems) == sorted((p.code, p.severity) for p in first.problems)


@pytest.mark.slow
def test_every_output_names_the_version_that_made_it(built: Path) -> None:
    """The provenance graph's build activity, the summary and the fingerprint carry __version__,
    so a release bump shows in every dump and makes the next build run."""
    creators = {row["c"] for row in rs2rdf.query(built, "SELECT ?c WHERE { ?b <http://purl.org/dc/terms/creator> ?c }")}
    assert f"rs2rdf {rs2rdf.__version__}" in creators
    summary = json.loads((built / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["rs2rdf"] == rs2rdf.__version__
    assert json.loads((built / "data" / "inputs.json").read_text(encoding="utf-8"))["rs2rdf"] == rs2rdf.__version__
