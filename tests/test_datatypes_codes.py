"""Fiscal years, URLs and coded values as the standards mean them (issue #18 item 8).

* A 年度 is ``xsd:integer`` (a ``xsd:gYear`` is a calendar year), or the ``id/fy/{year}`` resource.
* A URL is an IRI; a cell that is not one absolute http(s) URL stays as printed (``rs:printedUrl``)
  and is reported.
* 会計区分, シート種別 and 反映状況 are SKOS concepts of code lists, labelled with the printed
  text; a printed value outside its list gets a concept of its own and is reported.
* Every SKOS scheme lists its top concepts, and each concept says it is one.

Checked on the committed real extract (the official CSV rows), read back from the built graph.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf import api
from rs2rdf.core import records as r
from rs2rdf.mapping.iris import RS, VOCAB_BASE
from rs2rdf.core.config import Config
from rs2rdf.mapping.weblinks import web_iri
from rs2rdf.pipeline.graph import map_records

XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def extract(real_extract: Path) -> api.Records:
    return api.read(real_extract)


@pytest.fixture(scope="module")
def store(extract: api.Records) -> ox.Store:
    return api.to_graph(extract)


def _objects(store: ox.Store, term: str) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, ox.NamedNode(RS + term), None))


@pytest.mark.parametrize("text, iri", [
    ("https://www.mof.go.jp/policy/budget/", "https://www.mof.go.jp/policy/budget/"),
    (" http://example.go.jp/a?b=1#c ", "http://example.go.jp/a?b=1#c"),
    ("https://例え.jp/資料.pdf", "https://例え.jp/資料.pdf"),  # an IRI may hold non-ASCII
    ("https://a.go.jp/1 https://a.go.jp/2", None),  # two addresses
    ("www.example.go.jp", None),  # not absolute
    ("ftp://example.go.jp/x", None),
    ("https://", None),
    ("https://a.go.jp/<x>", None),
    ("別添資料参照", None),
])
def test_web_iri_takes_only_one_absolute_http_url(text: str, iri: str | None) -> None:
    assert web_iri(text) == iri


def test_years_are_fiscal_year_integers_not_calendar_years(store: ox.Store) -> None:
    years = _objects(store, "startYear") + _objects(store, "endYear") + _objects(store, "year")
    assert len(years) > 20
    assert {q.object.datatype.value for q in years if isinstance(q.object, ox.Literal)} == {XSD + "integer"}
    assert not [q for q in store.quads_for_pattern(None, None, None) if isinstance(q.object, ox.Literal)
                and q.object.datatype.value == XSD + "gYear"]
    # the fiscal-year resource keeps its dates: 年度 2023 runs from 2023-04-01 to 2024-03-31
    fy = next(q.subject for q in _objects(store, "year") if q.object.value == "2023" and q.subject.value.endswith("/fy/2023"))
    begin = next(store.quads_for_pattern(fy, ox.NamedNode("http://www.w3.org/2006/time#hasBeginning"), None)).object
    assert next(store.quads_for_pattern(begin, None, None)).object.value == "2023-04-01"


def test_urls_are_iris(store: ox.Store) -> None:
    urls = _objects(store, "url") + _objects(store, "overviewUrl")
    assert len(urls) > 10 and all(isinstance(q.object, ox.NamedNode) and q.object.value.startswith("http") for q in urls)
    assert _objects(store, "printedUrl") == []


def test_a_url_cell_that_is_no_url_is_kept_as_printed_and_reported(extract: api.Records) -> None:
    policies = [x for x in extract.records if isinstance(x, r.Policy) and x.url]
    bad = dataclasses.replace(policies[0], url="https://a.go.jp/1 及び https://a.go.jp/2")
    records = api.Records(tuple(bad if x is policies[0] else x for x in extract.records), extract.problems, extract.sources)
    store = api.to_graph(records)
    printed = _objects(store, "printedUrl")
    assert [q.object.value for q in printed] == ["https://a.go.jp/1 及び https://a.go.jp/2"]
    assert not list(store.quads_for_pattern(printed[0].subject, ox.NamedNode(RS + "url"), None))
    _, problems = map_records(list(records.records), list(records.sources), Config())
    reported = [p for p in problems if p.code == "invalid-url"]
    assert len(reported) == 1 and reported[0].location.file == bad.src.file and reported[0].location.row == bad.src.row
    # and validation warns about it, pointing at the row
    warned = [x for x in api.validate(store).results if x["path"] == RS + "printedUrl"]
    assert len(warned) == 1 and warned[0]["severity"].endswith("Warning") and warned[0]["focus"] == printed[0].subject.value


@pytest.mark.parametrize("term, scheme, printed_of", [
    ("accountKind", "account-kind", lambda x: x.account_kind if isinstance(x, (r.BudgetSummary, r.BudgetItem)) else None),
    ("sheetType", "sheet-type", lambda x: x.sheet_type if isinstance(x, r.SheetInfo) else None),
    ("reflection", "reflection", lambda x: x.reflection if isinstance(x, r.Evaluation) else None),
])
def test_coded_values_are_concepts_labelled_as_printed(extract: api.Records, store: ox.Store, term: str, scheme: str,
                                                      printed_of: object) -> None:
    printed = {v for x in extract.records if (v := printed_of(x))}  # type: ignore[operator]
    values = _objects(store, term)
    assert printed and values and all(isinstance(q.object, ox.NamedNode) for q in values)
    concepts = {q.object for q in values}
    assert all(c.value.startswith(f"{VOCAB_BASE}{scheme}/") for c in concepts)
    labels = {next(store.quads_for_pattern(c, RDFS_LABEL, None)).object.value for c in concepts}
    assert labels == printed  # the words the sheets print are the concepts' labels
    scheme_iri = ox.NamedNode(VOCAB_BASE + scheme)
    for c in concepts:
        assert ox.Quad(c, ox.NamedNode(SKOS + "inScheme"), scheme_iri, ox.NamedNode(store_graph(store, c))) in store


def store_graph(store: ox.Store, subject: ox.NamedNode) -> str:
    return next(store.quads_for_pattern(subject, TYPE, None)).graph_name.value  # type: ignore[union-attr]


def test_a_printed_value_outside_its_code_list_is_a_concept_of_its_own(extract: api.Records) -> None:
    rows = [x for x in extract.records if isinstance(x, r.BudgetSummary) and x.account_kind]
    odd = dataclasses.replace(rows[0], account_kind="特別会計（旧）")
    store = api.to_graph(api.Records(tuple(odd if x is rows[0] else x for x in extract.records), extract.problems, extract.sources))
    kinds = {q.object for q in _objects(store, "accountKind")}
    minted = [k for k in kinds if k.value.startswith(VOCAB_BASE + "account-kind/x-")]
    assert len(minted) == 1
    assert next(store.quads_for_pattern(minted[0], RDFS_LABEL, None)).object.value == "特別会計（旧）"
    assert ox.NamedNode(VOCAB_BASE + "account-kind") in {
        q.object for q in store.quads_for_pattern(minted[0], ox.NamedNode(SKOS + "topConceptOf"), None)}


def test_every_scheme_lists_its_top_concepts(store: ox.Store) -> None:
    schemes = {q.subject for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(SKOS + "ConceptScheme"))}
    assert len(schemes) > 10
    for scheme in schemes:
        top = {q.object for q in store.quads_for_pattern(scheme, ox.NamedNode(SKOS + "hasTopConcept"), None)}
        members = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "inScheme"), scheme)}
        assert top and top == members, scheme
        for c in top:
            assert ox.NamedNode(SKOS + "topConceptOf") in {q.predicate for q in store.quads_for_pattern(c, None, scheme)}


def test_prose_in_an_older_sheets_reflection_cell_stays_text(tmp_path: Path) -> None:
    """A 主要事項データベース row or pre-2024 sheet often writes a sentence where RS 4-1 has a code
    (「予算要求に反映した。…」): that is kept as the reflection's detail text, not made a concept
    (and not reported as an unknown code); a category such a sheet prints (「予定通り終了」) is a concept."""
    from tools.make_database_fixture import generate

    generate(tmp_path / "database2017.xlsx", 2017, 6, seed=4)
    sheet = Path(__file__).parent / "data" / "sheets" / "h29-soumu-0051.xlsx"
    records = api.read([tmp_path / "database2017.xlsx", sheet])
    prose = {x.reflection for x in records.of_type(r.Evaluation) if x.reflection and "。" in x.reflection}  # type: ignore[attr-defined]
    assert prose and "予定通り終了" in {x.reflection for x in records.of_type(r.Evaluation)}  # type: ignore[attr-defined]
    rows, problems = map_records(list(records.records), list(records.sources), Config())
    store = ox.Store()
    from rs2rdf.quads.dump import to_quads
    store.extend(to_quads(rows))
    assert prose <= {q.object.value for q in _objects(store, "reflectionDetail")}
    assert {q.object.value for q in _objects(store, "reflection")} == {VOCAB_BASE + "reflection/ending-as-planned"}
    assert not [p for p in problems if p.code == "unknown-code" and "reflection" in p.message]


def test_a_query_in_the_old_vocabulary_namespace_still_answers(store: ox.Store) -> None:
    """Queries written for {base}def/rs# (before the vocabulary moved) are read against the new namespace."""
    from rs2rdf.sparql.query import rebase

    old = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://example.org/rs2rdf/def/rs#ReviewSheet> }"
    assert rebase(old, "https://data.example.jp/rs/") == old.replace("https://example.org/rs2rdf/def/", VOCAB_BASE)
    assert rebase("<https://example.org/rs2rdf/id/x>", "https://data.example.jp/rs/") == "<https://data.example.jp/rs/id/x>"
    n = api.query(store, old)[0]["n"]
    assert isinstance(n, int) and n == len(list(store.quads_for_pattern(None, TYPE, ox.NamedNode(RS + "ReviewSheet")))) > 0
