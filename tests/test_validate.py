"""Validation of a real build: findings, their source rows, the reports and the CLI.

On the committed extract (tests/data/real) always, and on the 31-project ../shared subset
(slow; skipped without it)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from rs2rdf.pipeline.build import Stage
from rs2rdf.pipeline.build import build
from rs2rdf.cli.main import main
from rs2rdf.core.config import Config
from rs2rdf.validation.validate import validate_stage
from rs2rdf.mapping.iris import RS


#: What the 31-project 2024 extract really has: 2 citations no 法令ID could be found for,
#: and 9 related projects outside the extract. Nothing else.
EXPECTED_2024 = sorted([
    ("Info", "law", "1-3", 2, "法令ID"), ("Info", "law", "1-3", 35, "法令ID"),
    ("Info", "relatedProject", "1-5", 10, "関連事業の事業ID"), ("Info", "relatedProject", "1-5", 18, "関連事業の事業ID"),
    ("Info", "relatedProject", "1-5", 19, "関連事業の事業ID"), ("Info", "relatedProject", "1-5", 20, "関連事業の事業ID"),
    ("Info", "relatedProject", "1-5", 21, "関連事業の事業ID"), ("Info", "relatedProject", "1-5", 22, "関連事業の事業ID"),
    ("Info", "relatedProject", "1-5", 24, "関連事業の事業ID"), ("Info", "relatedProject", "1-5", 34, "関連事業の事業ID"),
    ("Info", "relatedProject", "1-5", 35, "関連事業の事業ID"),
])


#: What the committed 6-project extract really has: the citation of 1409, printed as free text
#: with no 法令ID, that no 法令ID could be found for (1-3 line 11), and 3522's two related
#: projects outside the extract (its 基金シート 17338 and 21007: 1-5 lines 5 and 6).
EXPECTED_EXTRACT = sorted([
    ("Info", "law", "1-3", 11, "法令ID"),
    ("Info", "relatedProject", "1-5", 5, "関連事業の事業ID"), ("Info", "relatedProject", "1-5", 6, "関連事業の事業ID"),
])


@dataclass(frozen=True)
class Validated:
    folder: Path  # the RS ZIPs
    out: Path  # the site built from them with the validate stage
    expected: list[tuple[str, str, str, int, str]]  # its findings


def _validated(folder: Path, out: Path, expected: list[tuple[str, str, str, int, str]]) -> Validated:
    result = build([folder], Config(out=out), stages=[Stage("validate", validate_stage)])
    assert result.summary["conforms"] is True
    return Validated(folder, out, expected)


@pytest.fixture(scope="module", params=["extract", pytest.param("shared", marks=pytest.mark.slow)])
def validated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """The committed extract (always) and the 31-project ../shared subset (slow; skipped without it)."""
    if request.param == "extract":
        return _validated(request.getfixturevalue("real_extract"), tmp_path_factory.mktemp("vextract") / "site",
                          EXPECTED_EXTRACT)
    return _validated(request.getfixturevalue("shared_rs2024"), tmp_path_factory.mktemp("vsite") / "site", EXPECTED_2024)


@pytest.fixture(scope="module")
def site(validated: Validated) -> Path:
    return validated.out


def _report(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "data" / "validation.json").read_text(encoding="utf-8"))


def test_real_data_findings_are_exactly_what_the_data_has(validated: Validated) -> None:
    results = _report(validated.out)["results"]
    found = sorted((r["severity"], r["path"].rsplit("#", 1)[-1], r["source"]["table"], r["source"]["row"],
                    r["source"]["field"]) for r in results)
    print("\n".join(map(str, found)))
    assert found == validated.expected


def test_findings_become_problems(validated: Validated) -> None:
    summary = json.loads((validated.out / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["problems"]["shape-violation"] == len(validated.expected)
    assert summary["violations"] == 0 and summary["conforms"] is True


def test_every_html_result_points_to_a_real_csv_row(validated: Validated) -> None:
    rows = BeautifulSoup((validated.out / "validation" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select("tr.result")
    assert len(rows) == len(validated.expected)
    tables: dict[str, list[list[str]]] = {}
    for tr in rows:
        container, member, line, field = tr["data-container"], tr["data-file"], int(tr["data-row"]), tr["data-field"]
        if member not in tables:
            with zipfile.ZipFile(validated.folder / container) as zf:
                text = zf.read(member).decode("utf-8-sig")
            tables[member] = list(csv.reader(io.StringIO(text, newline="")))
        table = tables[member]
        assert field in table[0], (member, field)
        assert 2 <= line <= len(table), (member, line)  # physical line; the header is line 1
        assert any(cell.strip() for cell in table[line - 1])


def test_turtle_report_is_a_shacl_report(validated: Validated) -> None:
    import pyoxigraph as ox

    triples = list(ox.parse(path=str(validated.out / "data" / "validation.ttl"), format=ox.RdfFormat.TURTLE))
    sh = "http://www.w3.org/ns/shacl#"
    assert any(t.object == ox.NamedNode(sh + "ValidationReport") for t in triples)
    assert sum(t.predicate == ox.NamedNode(sh + "result") for t in triples) == len(validated.expected)


def test_cli_validate_exit_codes(site: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["-q", "validate", str(site)])
    assert ok.exit_code == 0, ok.output
    # a broken graph: remove every rs:recipient, which payments require
    broken = tmp_path / "broken"
    (broken / "data").mkdir(parents=True)
    nq = (site / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    (broken / "data" / "rs2rdf.nq").write_text("\n".join(l for l in nq.splitlines() if "def/rs#recipient>" not in l) + "\n",
                                               encoding="utf-8")
    bad = runner.invoke(main, ["-q", "validate", str(broken)])
    assert bad.exit_code == 1
    report = _report(broken)
    assert report["conforms"] is False and report["violations"] > 0
    assert all(r["source"] and r["source"]["row"] for r in report["results"] if r["severity"] == "Violation")
    assert (broken / "validation" / "index.html").is_file()


def test_cli_validate_without_a_site(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 3


def test_cli_validate_reports_a_damaged_dump(site: Path, tmp_path: Path) -> None:
    """The dump is read the build's fast way only after a strict parse: a damaged line is a
    one-line error naming the file, not a traceback or a silently wrong report."""
    damaged = tmp_path / "damaged"
    (damaged / "data").mkdir(parents=True)
    lines = (site / "data" / "rs2rdf.nq").read_text(encoding="utf-8").splitlines()
    lines[len(lines) // 2] = lines[len(lines) // 2].rsplit(" ", 2)[0]  # graph name and final dot cut off
    (damaged / "data" / "rs2rdf.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(damaged)])
    assert result.exit_code == 3, result.output
    assert "rs2rdf.nq" in result.stderr and "Traceback" not in result.stderr
    assert not (damaged / "validation").exists()


def test_cli_validate_gives_the_builds_report(site: Path) -> None:
    """Re-validating an unchanged site rewrites the same report the build wrote."""
    before = (site / "data" / "validation.json").read_bytes()
    result = CliRunner().invoke(main, ["-q", "validate", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "data" / "validation.json").read_bytes() == before


@pytest.mark.slow
def test_sparql_constraints_stay_linear_in_payees_per_block() -> None:
    """One block of 16,000 payees: each shipped SPARQL constraint must answer in well under a second.

    A join order that pairs every payee's amount with every block's took 5 s here (and
    grows with the square of the payees: 51 s at 40,000, hours at 200,000).
    """
    import time

    import pyoxigraph as ox

    from rs2rdf.validation.validate import load

    base = "https://example.org/rs2rdf/"
    rs = RS
    g = ox.NamedNode(base + "graph/rs/2024/5-1")
    block = ox.NamedNode(base + "id/sheet/2024/1/block/A")
    n = 16_000
    store = ox.Store()
    quads = [ox.Quad(block, ox.NamedNode(rs + "amount"), ox.Literal(str(n * 10), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g)]
    for i in range(n):
        p = ox.NamedNode(f"{base}id/sheet/2024/1/block/A/payment/{i}")
        quads += [ox.Quad(p, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(rs + "Payment"), g),
                  ox.Quad(p, ox.NamedNode(rs + "block"), block, g),
                  ox.Quad(block, ox.NamedNode(rs + "payment"), p, g),
                  ox.Quad(p, ox.NamedNode(rs + "amount"), ox.Literal("10", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g)]
    store.extend(quads)
    for shape in load(base):
        for c in shape.sparql:
            t0 = time.perf_counter()
            rows = list(store.query(c.query, use_default_graph_as_union=True))
            assert time.perf_counter() - t0 < 1.0, c.iri
            assert rows == []


def test_the_results_table_scrolls_inside_the_page(validated: Validated) -> None:
    """Six columns of IRIs are wider than a phone: the table scrolls in its own box instead of
    widening the whole page (the report was 716 px wide at 390 px)."""
    soup = BeautifulSoup((validated.out / "validation" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.find("table", id="results")
    assert table is not None and table.parent is not None
    assert "scroll" in (table.parent.get("class") or [])
