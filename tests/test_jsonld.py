"""Compact JSON-LD with a @context (issue #18 item 8): the twins and the dump say exactly what
their Turtle says, read by processors this project did not write (rdflib, pyoxigraph)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic, to_isomorphic

from rs2rdf.core.config import Config
from rs2rdf.core.resources import sample_dir
from rs2rdf.mapping.iris import DEFAULT_BASE, RS
from rs2rdf.pipeline.build import Stage, build
from rs2rdf.quads import jsonld
from rs2rdf.quads.dump import prefixes
from rs2rdf.quads.nquads import triple_rows
from rs2rdf.site.build import site_stage

NT = """\
<https://example.org/rs2rdf/id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/rs2rdf/def/rs#ReviewSheet> .
<https://example.org/rs2rdf/id/a> <https://w3id.org/rs2rdf/def/rs#projectName> "「見本」, \\"引用\\"\\n二行目"@ja .
<https://example.org/rs2rdf/id/a> <https://w3id.org/rs2rdf/def/rs#amount> "1234.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<https://example.org/rs2rdf/id/a> <https://w3id.org/rs2rdf/def/rs#table> "1-2" .
<https://example.org/rs2rdf/id/a> <https://w3id.org/rs2rdf/def/rs#url> <https://www.example.go.jp/a?b=1#c> .
<https://example.org/rs2rdf/id/a> <https://w3id.org/rs2rdf/def/rs#sheetType> <https://w3id.org/rs2rdf/def/sheet-type/review-sheet> .
<https://example.org/rs2rdf/id/a> <http://example.com/other#p> <https://example.org/rs2rdf/id///slashes> .
<https://example.org/rs2rdf/id/b> <https://w3id.org/rs2rdf/def/rs#year> "2024"^^<http://www.w3.org/2001/XMLSchema#integer> .
<https://example.org/rs2rdf/id/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "a literal type"@en .
"""


def _rdflib(data: bytes | str, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format=fmt)


def test_the_writer_round_trips_through_two_processors(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonld"
    jsonld.write_file(ox.parse(NT.encode(), ox.RdfFormat.N_TRIPLES), out, prefixes(DEFAULT_BASE))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"]["rs"] == RS and doc["@context"]["id"] == DEFAULT_BASE + "id/"
    a = doc["@graph"][0]
    assert a["@id"] == "id:a" and a["@type"] == ["rs:ReviewSheet"] and "rs:projectName" in a
    assert a["rs:amount"] == [{"@value": "1234.5", "@type": "xsd:decimal"}] and a["rs:table"] == [{"@value": "1-2"}]
    assert a["http://example.com/other#p"] == [{"@id": "https://example.org/rs2rdf/id///slashes"}]  # "id://slashes" would be absolute
    expected = _rdflib(NT, "nt")
    assert isomorphic(_rdflib(out.read_text(encoding="utf-8"), "json-ld"), expected)
    again = set(ox.parse(out.read_bytes(), ox.RdfFormat.JSON_LD))
    assert again == set(ox.parse(NT.encode(), ox.RdfFormat.N_TRIPLES))
    # the same document from the N-Triples text, as the dump and the twins are written (escapes undone)
    text = tmp_path / "b.jsonld"
    jsonld.write_text_file(triple_rows(NT.splitlines(keepends=True)), text, prefixes(DEFAULT_BASE))
    assert text.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("jsonld") / "site"
    build([sample_dir()], Config(out=out), stages=[Stage("site", site_stage)])
    return out


@pytest.mark.slow
def test_every_twin_says_what_its_turtle_says(site: Path) -> None:
    twins = sorted(site.rglob("*.jsonld"))
    twins = [t for t in twins if t.name != "context.jsonld" and "data" not in t.relative_to(site).parts[:1]]
    assert len(twins) > 300
    context = json.loads((site / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for twin in twins:
        doc = json.loads(twin.read_text(encoding="utf-8"))
        assert doc["@context"] == context, twin  # the published context is the one every twin embeds
        turtle = twin.with_suffix(".ttl").read_bytes()
        a, b = _rdflib(twin.read_bytes(), "json-ld"), _rdflib(turtle, "turtle")
        assert len(a) == len(b) > 0 and isomorphic(a, b), twin


@pytest.mark.slow
def test_the_dump_says_what_the_ntriples_dump_says(site: Path) -> None:
    data = site / "data"
    doc = json.loads((data / "rs2rdf.jsonld").read_text(encoding="utf-8"))
    assert "@context" in doc and all("@id" in n for n in doc["@graph"])
    a = to_isomorphic(_rdflib((data / "rs2rdf.jsonld").read_bytes(), "json-ld"))
    b = to_isomorphic(_rdflib((data / "rs2rdf.nt").read_bytes(), "nt"))
    assert len(a) == len(b) > 10_000 and a == b


@pytest.mark.slow
def test_a_construct_answer_in_json_ld_is_the_turtle_answer(sample_build: Path) -> None:
    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    query = "CONSTRUCT { ?s a ?t ; rs:projectName ?n ; rs:startYear ?y } WHERE { ?s a rs:ReviewSheet , ?t ; rs:projectName ?n OPTIONAL { ?s rs:startYear ?y } }"
    answers = {fmt: CliRunner().invoke(main, ["query", "--site", str(sample_build), query, "--format", fmt]) for fmt in ("json", "table")}
    assert all(a.exit_code == 0 for a in answers.values()), {k: a.output for k, a in answers.items()}
    doc = json.loads(answers["json"].stdout)
    assert doc["@context"]["rs"] == RS and doc["@graph"][0]["@type"] == ["rs:ReviewSheet"]
    a, b = _rdflib(answers["json"].stdout, "json-ld"), _rdflib(answers["table"].stdout, "turtle")
    assert len(a) > 20 and isomorphic(a, b)
