"""The SPARQL dataset: FROM / FROM NAMED and the protocol's graph parameters are honoured, and
the default graph is the RDF merge of the named graphs, a set of triples.

Counts are checked against the build's dumps, read with rdflib, not against the store.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.sparql.guard import names_dataset, query_form
from rs2rdf.sparql.query import Dataset, open_query_store, run_query
from rs2rdf.sparql.serve import ServeOptions, start

BASE = "https://example.org/rs2rdf/"
TABLE = BASE + "graph/rs/2024/1-1"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(result: object) -> int:
    assert isinstance(result, ox.QuerySolutions)
    return int(next(iter(result))["n"].value)


@pytest.mark.parametrize("text,want", [
    ("SELECT * FROM <g> WHERE { ?s ?p ?o }", True),
    ("select * from named <g> where { graph ?g { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT ?from WHERE { ?from <http://x/FROM> 'FROM' } # FROM", False),
    ("SELECT * WHERE { ?s ex:FROM ?o }", False),
])
def test_a_dataset_clause_is_found_by_the_lexer(text: str, want: bool) -> None:
    assert names_dataset(text) is want


def test_query_form() -> None:
    assert query_form("PREFIX a: <http://select/> # ASK\nCONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("ask {}") == "ASK"
    assert query_form("nonsense") is None


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    """A site whose one triple is asserted in two graphs, beside another (3 quads, 2 triples)."""
    data = tmp_path / "site" / "data"
    data.mkdir(parents=True)
    one, two = (f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>' for n in (1, 2))
    (data / "rs2rdf.nq").write_text(f"<http://s> <http://p> {one} <http://g/a> .\n<http://s> <http://p> {one} <http://g/b> .\n"
                                    f"<http://s> <http://p> {two} <http://g/b> .\n", encoding="utf-8")
    (data / "build-summary.json").write_text(json.dumps({"quads": 3, "triples": 2}), encoding="utf-8")
    return tmp_path / "site"


def test_the_default_graph_is_a_set_even_when_graphs_share_a_triple(twice: Path) -> None:
    store, merged = open_query_store(twice)
    assert merged
    # why the merge is made: pyoxigraph 0.5's union counts the shared triple twice (oxigraph#1919);
    # when this fails, pyoxigraph merges by itself and open_query_store need not
    raw = ox.Store()
    raw.load(path=str(twice / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    assert count(raw.query(COUNT, use_default_graph_as_union=True)) == 3
    assert count(run_query(store, COUNT, merged=True)) == 2
    assert count(run_query(store, "SELECT (SUM(?o) AS ?n) WHERE { ?s ?p ?o }", merged=True)) == 3
    assert count(run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", merged=True)) == 3
    assert count(run_query(store, "SELECT (COUNT(*) AS ?n) FROM <http://g/b> WHERE { ?s ?p ?o }", merged=True)) == 2
    assert count(run_query(store, COUNT, dataset=Dataset(("http://g/a",)), merged=True)) == 1
    assert count(run_query(store, "SELECT (COUNT(*) AS ?n) FROM NAMED <http://g/a> WHERE { ?s ?p ?o }", merged=True)) == 0


@pytest.mark.slow
def test_a_build_with_no_shared_triple_uses_the_union(sample_build: Path) -> None:
    summary = json.loads((sample_build / "data" / "build-summary.json").read_text(encoding="utf-8"))
    store, merged = open_query_store(sample_build)
    assert merged is (summary["triples"] != summary["quads"])


@pytest.fixture(scope="module")
def dumps(sample_build: Path) -> tuple[rdflib.Graph, rdflib.Dataset]:
    data = sample_build / "data"
    return (rdflib.Graph().parse(data / "rs2rdf.nt", format="nt"),
            rdflib.Dataset().parse(data / "rs2rdf.nq", format="nquads"))


def cli(site: Path, *args: str) -> int:
    result = CliRunner().invoke(main, ["-q", "query", "--site", str(site), "--format", "csv", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return int(result.stdout.splitlines()[1])


@pytest.mark.slow
def test_count_star_is_the_number_of_distinct_triples(sample_build: Path, dumps: tuple[rdflib.Graph, rdflib.Dataset]) -> None:
    assert cli(sample_build, COUNT) == len(dumps[0])


@pytest.mark.slow
def test_from_changes_the_answer(sample_build: Path, dumps: tuple[rdflib.Graph, rdflib.Dataset]) -> None:
    in_table = len(dumps[1].graph(rdflib.URIRef(TABLE)))
    assert 0 < in_table < len(dumps[0])
    assert cli(sample_build, f"SELECT (COUNT(*) AS ?n) FROM <{TABLE}> WHERE {{ ?s ?p ?o }}") == in_table
    assert cli(sample_build, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{TABLE}> WHERE {{ ?s ?p ?o }}") == 0
    assert cli(sample_build, f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{TABLE}> WHERE {{ GRAPH ?g {{ }} }}") == 1
    assert cli(sample_build, COUNT, "--default-graph-uri", TABLE) == in_table
    assert cli(sample_build, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--named-graph-uri", TABLE) == in_table


@pytest.fixture(scope="module")
def url(sample_build: Path) -> Iterator[str]:
    server, _ = start(ServeOptions(site=sample_build, port=0, timeout=10.0, workers=1))
    host, port = server.server_address[:2]
    yield f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"
    server.shutdown()
    server.server_close()


def endpoint(url: str, query: str, *params: tuple[str, str]) -> int:
    req = urllib.request.Request(f"{url}/sparql?" + urlencode([("query", query), *params]), headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return int(resp.read().decode().splitlines()[1])


@pytest.mark.slow
def test_the_endpoint_honours_from_and_the_graph_parameters(url: str, dumps: tuple[rdflib.Graph, rdflib.Dataset]) -> None:
    in_table = len(dumps[1].graph(rdflib.URIRef(TABLE)))
    assert endpoint(url, COUNT) == len(dumps[0])
    assert endpoint(url, f"SELECT (COUNT(*) AS ?n) FROM <{TABLE}> WHERE {{ ?s ?p ?o }}") == in_table
    assert endpoint(url, COUNT, ("default-graph-uri", TABLE)) == in_table
    # the protocol's dataset replaces the query's: the query's FROM graph is not in it
    assert endpoint(url, f"SELECT (COUNT(*) AS ?n) FROM <{BASE}graph/entities> WHERE {{ ?s ?p ?o }}",
                    ("default-graph-uri", TABLE)) == in_table
    assert endpoint(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", ("named-graph-uri", TABLE)) == in_table
    assert endpoint(url, COUNT, ("named-graph-uri", TABLE)) == 0  # only named graphs given: the default graph is empty


def test_without_the_summary_the_dump_is_counted(twice: Path) -> None:
    (twice / "data" / "build-summary.json").unlink()
    assert open_query_store(twice)[1]  # no N-Triples dump either: merged, to be right
    (twice / "data" / "rs2rdf.nt").write_text('<http://s> <http://p> "1" .\n<http://s> <http://p> "2" .\n', encoding="utf-8")
    assert open_query_store(twice)[1]  # 2 triples, 3 quads
    (twice / "data" / "rs2rdf.nq").write_text('<http://s> <http://p> "1" <http://g/a> .\n<http://s> <http://p> "2" <http://g/b> .\n',
                                             encoding="utf-8")
    store, merged = open_query_store(twice)
    assert not merged and count(run_query(store, COUNT)) == 2
