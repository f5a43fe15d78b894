"""The dataset's own description: catalog.ttl conforms to DCAT-AP's mandatory classes and
properties (shapes written here from the DCAT-AP 3.0 specification, run with pySHACL), void.ttl
has what VoID clients look for, and the same description is in the dump and the store as the
named graph graph/metadata (less what only the written files know)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf
from rs2rdf.mapping.iris import DEFAULT_BASE

BASE = DEFAULT_BASE
ENDPOINT = "https://sparql.example.org/rs2rdf/sparql"

#: DCAT-AP 3.0 "mandatory" classes and properties (sections 4.2 and 5 of the specification):
#: Catalogue: title, description, publisher, dataset; Dataset: title, description;
#: Distribution: accessURL; Agent: name. Plus the ranges DCAT-AP gives those properties.
DCAT_AP_MANDATORY = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix t: <urn:test:dcat-ap#> .
t:Catalogue a sh:NodeShape ; sh:targetClass dcat:Catalog ;
  sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
    [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
    [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ] ,
    [ sh:path dcat:dataset ; sh:minCount 1 ; sh:class dcat:Dataset ] ,
    [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ] ,
    [ sh:path dct:language ; sh:class dct:LinguisticSystem ] ,
    [ sh:path foaf:homepage ; sh:maxCount 1 ; sh:class foaf:Document ] .
t:Dataset a sh:NodeShape ; sh:targetClass dcat:Dataset ;
  sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
    [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
    [ sh:path dct:publisher ; sh:maxCount 1 ; sh:class foaf:Agent ] ,
    [ sh:path dcat:distribution ; sh:class dcat:Distribution ] ,
    [ sh:path dct:temporal ; sh:class dct:PeriodOfTime ] ,
    [ sh:path dct:language ; sh:class dct:LinguisticSystem ] ,
    [ sh:path dct:rights ; sh:class dct:RightsStatement ] ,
    [ sh:path dcat:landingPage ; sh:class foaf:Document ] .
t:Distribution a sh:NodeShape ; sh:targetClass dcat:Distribution ;
  sh:property [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ,
    [ sh:path dcat:downloadURL ; sh:nodeKind sh:IRI ] ,
    [ sh:path dcat:byteSize ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger ] ,
    [ sh:path dcat:mediaType ; sh:maxCount 1 ; sh:class dct:MediaType ] ,
    [ sh:path dct:format ; sh:maxCount 1 ; sh:class dct:MediaTypeOrExtent ] ,
    [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ] ,
    [ sh:path spdx:checksum ; sh:maxCount 1 ; sh:class spdx:Checksum ] .
t:Agent a sh:NodeShape ; sh:targetClass foaf:Agent ;
  sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:nodeKind sh:Literal ] .
t:Checksum a sh:NodeShape ; sh:targetClass spdx:Checksum ;
  sh:property [ sh:path spdx:algorithm ; sh:minCount 1 ; sh:maxCount 1 ;
                sh:hasValue <http://spdx.org/rdf/terms#checksumAlgorithm_sha256> ] ,
    [ sh:path spdx:checksumValue ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:hexBinary ] .
"""

PREFIXES = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#> PREFIX spdx: <http://spdx.org/rdf/terms#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rs: <https://w3id.org/rs2rdf/def/rs#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("metadata") / "site"
    config = rs2rdf.Config(sparql_endpoint=ENDPOINT, publisher="rs2rdf テスト公開者")
    assert rs2rdf.build(rs2rdf.sample_dir(), out=out, config=config, validate=False).exit_code == 0
    return out


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + query)
    return [{v.value: row[v].value for v in result.variables if row[v] is not None} for row in result]  # type: ignore[union-attr]


@pytest.mark.slow
def test_catalog_conforms_to_the_dcat_ap_mandatory_shapes(site: Path) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    rdflib = pytest.importorskip("rdflib")
    data = rdflib.Graph().parse(site / "catalog.ttl", format="turtle")
    shapes = rdflib.Graph().parse(data=DCAT_AP_MANDATORY, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text
    # the shapes do bite: a catalog without its description or publisher does not conform
    broken = rdflib.Graph()
    for s, p, o in data:
        if str(p) not in ("http://purl.org/dc/terms/description", "http://purl.org/dc/terms/publisher"):
            broken.add((s, p, o))
    assert not pyshacl.validate(broken, shacl_graph=shapes, inference="none")[0]


@pytest.mark.slow
def test_catalog_has_the_recommended_properties(site: Path) -> None:
    cat = _store(site / "catalog.ttl")
    assert _ask(cat, f"""ASK {{ <{BASE}catalog> dct:description ?dj, ?de ; dct:publisher/<http://xmlns.com/foaf/0.1/name> "rs2rdf テスト公開者"@ja ;
        dcat:dataset <{BASE}dataset/latest> FILTER (lang(?dj) = "ja" && lang(?de) = "en") }}""")
    assert _ask(cat, f"""ASK {{ <{BASE}dataset/latest> dct:language <http://publications.europa.eu/resource/authority/language/JPN> ;
        dct:temporal [ dcat:startDate "2021-04-01"^^xsd:date ; dcat:endDate ?end ] ; dct:publisher ?p ; dct:rights ?r }}""")
    dists = _rows(cat, f"""SELECT ?d ?url ?size ?sha ?media ?format WHERE {{ <{BASE}dataset/latest> dcat:distribution ?d .
        ?d dcat:accessURL ?url . OPTIONAL {{ ?d dcat:mediaType ?media ; dct:format ?format }}
        OPTIONAL {{ ?d dcat:byteSize ?size ; spdx:checksum/spdx:checksumValue ?sha }} }}""")
    dumps = [d for d in dists if "/data/" in d["url"]]
    assert len(dumps) == 5 and len(dists) == 6  # five dumps and the SPARQL endpoint
    for d in dumps:
        assert d["media"].startswith("https://www.iana.org/assignments/media-types/") and "file-type" in d["format"]
        file = site / "data" / d["url"].rsplit("/", 1)[1]
        assert int(d["size"]) == file.stat().st_size
        assert d["sha"] == hashlib.sha256(file.read_bytes()).hexdigest()
    assert _ask(cat, f"""ASK {{ <{BASE}catalog> dcat:service ?s . ?s dcat:endpointURL <{ENDPOINT}> ;
        dcat:servesDataset <{BASE}dataset/latest> }}""")
    # input files: their SHA-256 as an spdx:Checksum, not a comment
    assert _ask(cat, "ASK { ?src spdx:checksum/spdx:checksumValue ?sha }")
    assert not _ask(cat, "ASK { ?s rdfs:comment ?c FILTER STRSTARTS(?c, 'SHA-256') }")


@pytest.mark.slow
def test_void_has_endpoint_linksets_partitions_and_examples(site: Path) -> None:
    void = _store(site / "void.ttl")
    ds = f"<{BASE}dataset/latest>"
    assert _ask(void, f'ASK {{ {ds} void:sparqlEndpoint <{ENDPOINT}> ; void:uriSpace "{BASE}" ; void:exampleResource ?e }}')
    links = {r["p"]: int(r["n"]) for r in _rows(void, f"""SELECT ?p ?n WHERE {{ {ds} void:subset ?ls .
        ?ls a void:Linkset ; void:linkPredicate ?p ; void:triples ?n ; void:subjectsTarget {ds} ; void:objectsTarget ?t }}""")}
    triples = list(ox.parse(path=str(site / "data" / "rs2rdf.nt"), format=ox.RdfFormat.N_TRIPLES))
    same_as = sum(1 for t in triples if t.predicate.value == "http://www.w3.org/2002/07/owl#sameAs"
                  and t.object.value.startswith("http://hojin-info.go.jp/data/basic/"))
    assert links["http://www.w3.org/2002/07/owl#sameAs"] == same_as > 0
    assert links["http://www.w3.org/2000/01/rdf-schema#seeAlso"] > 0  # e-Gov
    spatial = sum(1 for t in triples if t.predicate.value == "http://purl.org/dc/terms/spatial"
                  and t.object.value.startswith("http://data.e-stat.go.jp/lod/sac/C"))
    assert links["http://purl.org/dc/terms/spatial"] == spatial > 0  # e-Stat 標準地域コード
    projects = sum(1 for t in triples if t.predicate.value.endswith("#type") and t.object.value == "https://w3id.org/rs2rdf/def/rs#Project")
    assert _ask(void, f"ASK {{ {ds} void:classPartition [ void:class rs:Project ; void:entities {projects} ] }}")
    amounts = sum(1 for t in triples if t.predicate.value == "https://w3id.org/rs2rdf/def/rs#amount")
    assert _ask(void, f"ASK {{ {ds} void:propertyPartition [ void:property rs:amount ; void:triples {amounts} ] }}")


@pytest.mark.slow
def test_the_description_is_in_the_dump_and_the_store(site: Path) -> None:
    graph = f"{BASE}graph/metadata"
    quads = [q for q in ox.parse(path=str(site / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
             if q.graph_name == ox.NamedNode(graph)]
    store = ox.Store()
    store.extend(quads)
    assert _ask(store, f"""ASK {{ GRAPH <{graph}> {{ <{BASE}dataset/latest> a dcat:Dataset, void:Dataset ;
        dct:description ?d ; dct:publisher ?p ; void:sparqlEndpoint <{ENDPOINT}> ; dcat:distribution ?dist .
        ?dist dcat:accessURL ?url . ?service dcat:servesDataset <{BASE}dataset/latest> }} }}""")
    # the catalogue is catalog.ttl's subject, not a resource of the data (its page's twin would be that file)
    assert not _ask(store, f"ASK {{ GRAPH ?g {{ <{BASE}catalog> ?p ?o }} }}")
    # a dump cannot hold its own size or checksum: those are in catalog.ttl only
    assert not _ask(store, "ASK { GRAPH ?g { ?d dcat:byteSize ?n } }")
    rows = rs2rdf.query(site, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert rows[0]["n"] == len(quads)


def test_config_takes_an_endpoint_url_and_a_publisher(tmp_path: Path) -> None:
    from rs2rdf.core.config import load_config
    from rs2rdf.core.errors import UsageError

    good = tmp_path / "good.toml"
    good.write_text(f'sparql_endpoint = "{ENDPOINT}"\npublisher = "公開者"\n', encoding="utf-8")
    cfg = load_config(good)
    assert (cfg.sparql_endpoint, cfg.publisher) == (ENDPOINT, "公開者")
    bad = tmp_path / "bad.toml"
    bad.write_text('sparql_endpoint = "ftp://example.org/sparql"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="sparql_endpoint"):
        load_config(bad)


def test_the_description_without_output_figures_leaves_them_out() -> None:
    from rs2rdf.mapping.metadata import Description, describe

    triples = describe(Description(BASE, "t", years=(2023, 2024)), in_dump=True)
    predicates = {t.predicate.value for t in triples}
    assert "http://www.w3.org/ns/dcat#byteSize" not in predicates and "http://rdfs.org/ns/void#sparqlEndpoint" not in predicates
    assert "http://purl.org/dc/terms/description" in predicates and "http://www.w3.org/ns/dcat#accessURL" in predicates
    assert not any(t.subject.value == BASE for t in triples)  # the home page is no resource of the data


@pytest.mark.slow
def test_serve_answers_the_dataset_and_catalogue_iris_with_their_description(site: Path) -> None:
    """dataset/latest and catalog were 404s under serve (issue #18)."""
    import urllib.request

    from rs2rdf.sparql.serve import ServeOptions, start

    server, _ = start(ServeOptions(site=site, port=0, timeout=10.0, limit=100_000, workers=1))
    host, port = server.server_address[:2]
    try:
        request = urllib.request.Request(f"http://{host}:{port}/dataset/latest", headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200 and response.headers["Content-Type"].startswith("text/turtle")
            store = ox.Store()
            store.load(response.read(), format=ox.RdfFormat.TURTLE, base_iri=f"{BASE}dataset/latest")
        # the catalogue's IRI (a 404 before too): catalog.ttl, also converted
        for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)):
            request = urllib.request.Request(f"http://{host}:{port}/catalog", headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200 and response.headers["Content-Type"].startswith(accept)
                assert response.headers["Vary"] == "Accept"
                store.load(response.read(), format=fmt)
    finally:
        server.shutdown()
        server.server_close()
    assert _ask(store, f"ASK {{ <{BASE}dataset/latest> a dcat:Dataset ; dct:description ?d ; dcat:distribution ?x }}")
    assert _ask(store, f"ASK {{ <{BASE}catalog> a dcat:Catalog ; dct:publisher ?p ; dcat:dataset <{BASE}dataset/latest> }}")
