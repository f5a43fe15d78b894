"""One declarative entry per RS column: a column added in a later RS year is one table entry
(plus its ontology and shape lines), and each year's files are read with that year's columns.

The test below makes up a column the RS system does not have, adds it to a copy of table
1-2's entry for review year 2025 on, and changes nothing else in the code: the reader, the
typing of its cells, the mapping onto the sheet, the validation report's way back to the
column, and the files of 2024 (which lack it) all follow from that one entry.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf
from rs2rdf.sources import rs_tables
from rs2rdf.sources.rs_tables import C, Publish, TableSpec
from rs2rdf.mapping.iris import RS
from tools.rs_format import encode_rs_csv, write_rs_zip

HEADER = "事業のウェブサイト"  # made up: no RS year has it
TERM = "projectWebsite"
BASE = "https://example.org/rs2rdf/"

#: The ontology and shape lines that go with the entry.
ONTOLOGY = f"""@prefix rs: <{RS}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
rs:{TERM} a <http://www.w3.org/2002/07/owl#ObjectProperty> ; rdfs:label "{HEADER}"@ja , "project website"@en .
"""
SHAPE = f"""@prefix rs: <{RS}> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
rs:ProjectWebsiteShape a sh:NodeShape ; sh:targetClass rs:ReviewSheet ;
  sh:property [ sh:path rs:{TERM} ; sh:nodeKind sh:IRI ; sh:maxCount 1 ; sh:pattern "^https://" ;
                sh:message "the project website must be one https URL"@en ] .
"""


def _row(budget_id: int, year: int, **extra: str) -> dict[str, str]:
    return {"review_year": str(year), "budget_id": str(budget_id), "name": f"事業{budget_id}", "ministry": "デジタル庁",
            "purpose": "目的", **extra}


@pytest.fixture
def with_new_column(monkeypatch: pytest.MonkeyPatch) -> TableSpec:
    """Table 1-2's entry with the made-up column from 2025 on: the whole code change."""
    old = rs_tables.BY_ID["1-2"]
    new = dataclasses.replace(old, columns=old.columns + (
        C(HEADER, "website", since=2025, publish=Publish("ReviewSheet", TERM, "url")),))
    monkeypatch.setitem(rs_tables.BY_ID, "1-2", new)
    monkeypatch.setattr(rs_tables, "TABLES", tuple(new if s is old else s for s in rs_tables.TABLES))
    return new


def _shapes(tmp_path: Path) -> Path:
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    for f in rs2rdf.core.resources.asset_dir("shapes").glob("*.ttl"):
        (shapes / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (shapes / "website.ttl").write_text(SHAPE, encoding="utf-8")
    return shapes


def test_a_new_column_is_one_table_entry(with_new_column: TableSpec, tmp_path: Path) -> None:
    spec = with_new_column
    (tmp_path / "in").mkdir()
    write_rs_zip(tmp_path / "in" / "a.zip", spec, 2025, [_row(1, 2025, website="https://example.go.jp/1"),
                                                          _row(2, 2025, website="http://insecure.example/2")])
    write_rs_zip(tmp_path / "in" / "b.zip", spec, 2024, [_row(3, 2024)])
    # the writer names files by table and year: give them the official names
    for f, year in (("a.zip", 2025), ("b.zip", 2024)):
        (tmp_path / "in" / f).rename(tmp_path / "in" / f"{rs_tables.official_stem(spec, year)}.zip")

    records = rs2rdf.read(tmp_path / "in")
    assert [p.code for p in records.problems if p.severity == "error"] == []
    assert not [p for p in records.problems if p.code == "missing-column"], "2024 files are not asked for a 2025 column"
    values = records.of_type(rs2rdf.records.ColumnValue)
    assert sorted((v.sheet.budget_id, v.value, v.src.field) for v in values) == [
        (1, "https://example.go.jp/1", HEADER), (2, "http://insecure.example/2", HEADER)]

    store = rs2rdf.to_graph(records)
    site = ox.NamedNode(RS + TERM)
    got = {(q.subject.value, q.object) for q in store.quads_for_pattern(None, site, None)}
    # a URL is a link: an IRI, not an xsd:anyURI string
    assert got == {(BASE + "id/sheet/2025/1", ox.NamedNode("https://example.go.jp/1")),
                   (BASE + "id/sheet/2025/2", ox.NamedNode("http://insecure.example/2"))}
    # the value sits in the sheet's own table graph, like the rest of its row
    graphs = {q.graph_name.value for q in store.quads_for_pattern(None, site, None)}
    assert graphs == {BASE + "graph/rs/2025/1-2"}

    # with the shape line, validation finds the bad URL and points at the new column of its row
    report = rs2rdf.validate(store, shapes=_shapes(tmp_path))
    bad = [r for r in report.results if r["path"] == RS + TERM]
    assert len(bad) == 1 and bad[0]["focus"] == BASE + "id/sheet/2025/2"
    assert bad[0]["source"]["field"] == HEADER and bad[0]["source"]["row"] == 3

    # and the ontology line defines the term the value is published under
    defined = {t.subject.value for t in ox.parse(ONTOLOGY, format=ox.RdfFormat.TURTLE)}
    assert RS + TERM in defined


def test_each_year_is_read_with_its_own_columns(with_new_column: TableSpec, tmp_path: Path) -> None:
    spec = with_new_column
    assert HEADER in spec.headers(2025) and HEADER not in spec.headers(2024)
    assert HEADER not in spec.headers(), "a file of unknown year is not asked for a column some years lack"
    # a 2025 file without the column: the missing column is named, for that year only
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"{rs_tables.official_stem(spec, 2025)}.csv").write_bytes(encode_rs_csv(spec, [_row(1, 2025)], 2024))
    missing = [p for p in rs2rdf.read(tmp_path / "in").problems if p.code == "missing-column"]
    assert [p.location.field for p in missing if p.location] == [HEADER]
    # a 2024 file that has it: the column is not of that year, and is reported, not read
    (tmp_path / "in2").mkdir()
    (tmp_path / "in2" / f"{rs_tables.official_stem(spec, 2024)}.csv").write_bytes(
        encode_rs_csv(spec, [_row(1, 2024, website="https://x.example/")], 2025))
    found = rs2rdf.read(tmp_path / "in2")
    assert [p.location.field for p in found.problems if p.code == "unknown-header" and p.location] == [HEADER]
    assert not found.of_type(rs2rdf.records.ColumnValue)


def test_a_column_that_ends_is_not_required_after_its_last_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = rs_tables.BY_ID["6-1"]
    last = old.columns[-1]
    new = dataclasses.replace(old, columns=old.columns[:-1] + (dataclasses.replace(last, until=2024),))
    monkeypatch.setitem(rs_tables.BY_ID, "6-1", new)
    assert last.header in new.headers(2024) and last.header not in new.headers(2025)
    (tmp_path / "in").mkdir()
    write_rs_zip(tmp_path / "in" / f"{rs_tables.official_stem(new, 2025)}.zip", new, 2025,
                 [{"review_year": "2025", "budget_id": "1", "name": "x"}])
    assert not [p for p in rs2rdf.read(tmp_path / "in").problems if p.code == "missing-column"]


def test_every_term_a_column_names_is_in_the_ontology() -> None:
    """The table is where the validation report looks a property up: a term not in the
    vocabulary would point nowhere."""
    ontology = rs2rdf.core.resources.asset_dir("ontology") / "rs.ttl"
    defined = {t.subject.value.rsplit("#", 1)[-1] for t in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)
               if isinstance(t.subject, ox.NamedNode)}
    generic = {"label", "number", "id_local", "is_part_of", "identifier", "from", "to", "block", "payment", "recipient"}
    used = {term for (_table, _cls, term) in rs_tables.source_columns()}
    unknown = sorted(used - defined - generic)
    assert unknown == [], unknown
