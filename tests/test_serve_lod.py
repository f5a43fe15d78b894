"""``rs2rdf serve`` as a linked-data server: content negotiation on resource IRIs, 303 for
things, 406, and the SPARQL service description.

Answers are checked against what the server did not make: the build's N-Triples dump, read
by rdflib (not pyoxigraph, which wrote the twins), and the W3C vocabularies' IRIs.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import pytest
import rdflib

import rs2rdf
from rs2rdf.site.paths import site_iri
from rs2rdf.sparql.serve import ServeOptions, choose, describe_query, negotiate, start, with_base

BASE = "https://example.org/rs2rdf/"
SHEET = "id/sheet/2024/90001"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
             "application/rdf+xml": "xml"}
SUFFIX = {"text/html": "/", "text/turtle": ".ttl", "application/ld+json": ".jsonld", "application/n-triples": ".nt",
          "application/rdf+xml": ".rdf"}
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str, accept: str | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed (a 303 is what is checked)."""
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {}, method=method)
    try:
        with _OPENER.open(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _serve(site: Path) -> Iterator[str]:
    server, _ = start(ServeOptions(site=site, port=0, timeout=10.0, limit=100_000, workers=1))
    host, port = server.server_address[:2]
    yield f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lod") / "site"
    assert rs2rdf.build(rs2rdf.sample_dir(), out=out).exit_code == 0
    return out


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    yield from _serve(site)


@pytest.fixture(scope="module")
def bare_url(sample_build: Path) -> Iterator[str]:
    """A build without pages or twins: every description comes from the store."""
    yield from _serve(sample_build)


@pytest.fixture(scope="module")
def dump(site: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(site / "data" / "rs2rdf.nt", format="nt")


@pytest.fixture(scope="module")
def graph_names(site: Path) -> set[str]:
    quads = rdflib.Dataset().parse(site / "data" / "rs2rdf.nq", format="nquads")
    return {str(c.identifier) for c in quads.graphs() if str(c.identifier).startswith(BASE)}


def about(dump: rdflib.Graph, iri: str) -> set[tuple[rdflib.term.Node, ...]]:
    node = rdflib.URIRef(iri)
    return set(dump.triples((node, None, None))) | set(dump.triples((None, None, node)))


def parsed(body: bytes, media: str) -> set[tuple[rdflib.term.Node, ...]]:
    return set(rdflib.Graph().parse(data=body, format=RDF_TYPES[media]))


# ------------------------------------------------------------------ pure functions


@pytest.mark.parametrize("accept,want", [
    (None, "text/html"),
    ("*/*", "text/html"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/html;q=0.1", "application/rdf+xml"),
    ("text/*", "text/html"),
    ("text/*;q=0.2, text/turtle;q=0.8", "text/turtle"),
    ("*/*;q=0.1, application/n-triples", "application/n-triples"),
    ("application/n-triples;q=0, */*", "text/html"),
    ("TEXT/Turtle; charset=utf-8", "text/turtle"),
    ("text/html;q=0, */*;q=0.5", "text/turtle"),
    ("image/png", None),
    ("text/turtle;q=0", None),
    ("text/turtle;q=2", None),
])
def test_choose_by_q_values(accept: str | None, want: str | None) -> None:
    assert choose(accept, list(SUFFIX)) == want


def test_sparql_negotiation_says_what_is_not_acceptable() -> None:
    assert negotiate("text/turtle", None) == (None, "turtle")
    assert negotiate("application/sparql-results+json", None) == ("json", None)
    assert negotiate("text/tab-separated-values;q=0.3, text/csv;q=0.2", None) == ("tsv", None)


def test_the_page_gets_a_base_for_its_relative_links() -> None:
    page = b'<!DOCTYPE html><html><HEAD lang="ja"><link href="../x.css"></head>'
    assert with_base(page, "/graph/rs/2024/1-1/") == (b'<!DOCTYPE html><html><HEAD lang="ja"><base href="/graph/rs/2024/1-1/">'
                                                      b'<link href="../x.css"></head>')
    assert with_base(b"no head", "/x/") == b"no head"


def test_describe_query_is_what_a_twin_holds() -> None:
    text = describe_query(BASE + SHEET)
    assert text.count(f"<{BASE + SHEET}>") == 4 and "UNION" in text


# ------------------------------------------------------------------ things: 303


@pytest.mark.slow
@pytest.mark.parametrize("media", list(SUFFIX))
def test_a_thing_answers_303_to_the_document_in_each_type(url: str, dump: rdflib.Graph, media: str) -> None:
    status, headers, _ = get(f"{url}/{SHEET}", media)
    assert status == 303 and headers["Vary"] == "Accept"
    assert headers["Location"] == f"/{SHEET}{SUFFIX[media]}"
    status, headers, body = get(url + headers["Location"], media)
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    if media == "text/html":
        assert b'href="../90001.ttl"' in body
        return
    triples = parsed(body, media)
    assert about(dump, BASE + SHEET) <= triples  # every triple about the sheet or pointing to it
    assert triples <= set(dump)  # and nothing the graph does not say


#: A thing of each kind the issue names (organisations, projects, laws) and the others the build
#: mints: a ministry, a corporation, a project, a law, one of its provisions, a fiscal year.
ELI, ORG = "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#"


def _thing_path(dump: rdflib.Graph, kind: str) -> str:
    fixed = {"ministry": "id/org/2000012010019", "project": "id/project/90001", "fy": "id/fy/2024"}
    if kind in fixed:
        return fixed[kind]
    cls = {"corporation": ORG + "Organization", "law": ELI + "LegalResource", "provision": ELI + "LegalResourceSubdivision"}[kind]
    found = sorted(str(s)[len(BASE):] for s in dump.subjects(rdflib.RDF.type, rdflib.URIRef(cls)) if str(s).startswith(BASE))
    if kind == "corporation":  # a corporation, not a ministry (ministries are organisations too)
        found = [p for p in found if (rdflib.URIRef(BASE + p), rdflib.RDF.type, rdflib.URIRef(ORG + "FormalOrganization")) not in dump]
    assert found, kind
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ministry", "corporation", "project", "law", "provision", "fy"])
@pytest.mark.parametrize("media", list(SUFFIX))
def test_every_kind_of_thing_answers_303_then_its_triples(url: str, dump: rdflib.Graph, kind: str, media: str) -> None:
    """Status, Content-Type and Vary at both steps, and the body holds the thing's triples and
    nothing the graph does not say; the page names the thing's IRI."""
    path = _thing_path(dump, kind)
    iri = BASE + path
    assert about(dump, iri), path
    status, headers, _ = get(f"{url}/{path}", media)
    assert status == 303 and headers["Vary"] == "Accept", (path, status)
    assert headers["Location"] == f"/{path}{SUFFIX[media]}"
    status, headers, body = get(url + headers["Location"], media)
    assert status == 200 and headers["Content-Type"].split(";")[0] == media, (path, status, headers.get("Content-Type"))
    if media == "text/html":
        assert f"<code>{iri}</code>".encode() in body
        return
    triples = parsed(body, media)
    assert about(dump, iri) <= triples <= set(dump)


@pytest.mark.slow
def test_q_values_over_http(url: str) -> None:
    status, headers, _ = get(f"{url}/{SHEET}", "text/turtle;q=0.5, application/rdf+xml;q=0.7, text/html;q=0.1")
    assert status == 303 and headers["Location"] == f"/{SHEET}.rdf"
    status, headers, _ = get(f"{url}/{SHEET}")  # no Accept: the page
    assert status == 303 and headers["Location"] == f"/{SHEET}/"


@pytest.mark.slow
def test_nothing_acceptable_is_406_with_the_types_there_are(url: str) -> None:
    status, headers, body = get(f"{url}/{SHEET}", "image/png, application/pdf")
    assert status == 406 and headers["Vary"] == "Accept"
    assert all(m.encode() in body for m in SUFFIX)


@pytest.mark.slow
def test_a_part_of_a_sheet_is_303_to_its_sheet(url: str, dump: rdflib.Graph) -> None:
    block = f"{SHEET}/block/A"
    assert about(dump, BASE + block), "the sample has no block A any more"
    status, headers, _ = get(f"{url}/{block}", "text/html")
    assert status == 303 and headers["Location"] == f"/{SHEET}/#block/A"
    status, headers, _ = get(f"{url}/{block}", "application/n-triples")
    assert status == 303 and headers["Location"] == f"/{SHEET}.nt"
    status, _, body = get(url + headers["Location"])
    assert about(dump, BASE + block) <= parsed(body, "application/n-triples")
    assert get(f"{url}/{SHEET}/block/ZZ", "text/turtle")[0] == 404  # the sheet's page does not make any path a resource


# ------------------------------------------------------------------ documents: 200


@pytest.mark.slow
@pytest.mark.parametrize("path", ["graph/rs/2024/1-1", "source/rs/2024/1-1", "def/rs", "def/contract-method", "def/account-kind/general",
                                  "dataset/budget"])
@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_a_document_answers_200_in_each_type(url: str, dump: rdflib.Graph, path: str, media: str) -> None:
    status, headers, body = get(f"{url}/{path}", media)
    assert status == 200 and headers["Vary"] == "Accept"
    assert headers["Content-Type"].split(";")[0] == media
    assert headers["Content-Location"] == f"/{path}{SUFFIX[media]}"
    triples = parsed(body, media)
    iri = site_iri(path, BASE)  # /def/… names the vocabulary's IRI (https://w3id.org/rs2rdf/def/…), not one under the base
    assert about(dump, iri) and about(dump, iri) <= triples <= set(dump)


@pytest.mark.slow
def test_a_document_as_html_keeps_its_links_working(url: str) -> None:
    status, headers, body = get(f"{url}/graph/rs/2024/1-1", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and headers["Vary"] == "Accept"
    assert b'<base href="/graph/rs/2024/1-1/">' in body and b'href="../1-1.ttl"' in body


@pytest.mark.slow
def test_files_and_other_paths_are_served_as_before(url: str, site: Path) -> None:
    status, headers, body = get(f"{url}/{SHEET}.ttl", "text/html")  # a file is what it is, whatever is asked
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and "Vary" not in headers
    assert body == (site / f"{SHEET}.ttl").read_bytes()
    status, headers, _ = get(f"{url}/{SHEET}/", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert get(f"{url}/data", "text/turtle")[0] == 301
    assert get(f"{url}/id/nothing/here", "text/turtle")[0] == 404
    status, headers, body = get(f"{url}/{SHEET}", "text/turtle", method="HEAD")
    assert status == 303 and body == b""


@pytest.mark.slow
def test_without_pages_the_store_describes_the_resource(bare_url: str, sample_build: Path) -> None:
    dump = rdflib.Graph().parse(sample_build / "data" / "rs2rdf.nt", format="nt")
    status, headers, _ = get(f"{bare_url}/{SHEET}", "text/html")
    assert status == 406  # no page to offer
    for media in RDF_TYPES:
        status, headers, _ = get(f"{bare_url}/{SHEET}", f"text/html, {media};q=0.5")
        assert status == 303 and headers["Location"] == f"/{SHEET}{SUFFIX[media]}"
        status, headers, body = get(bare_url + headers["Location"])
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert parsed(body, media) == about(dump, BASE + SHEET)


# ------------------------------------------------------------------ the service description


@pytest.mark.slow
@pytest.mark.parametrize("accept", ["text/turtle", "*/*", None, "application/ld+json", "application/rdf+xml"])
def test_service_description(url: str, graph_names: set[str], accept: str | None) -> None:
    status, headers, body = get(f"{url}/sparql", accept)
    assert status == 200 and headers["Vary"] == "Accept"
    media = headers["Content-Type"].split(";")[0]
    assert media == (accept if accept and "*" not in accept else "text/turtle")
    g = rdflib.Graph().parse(data=body, format=RDF_TYPES[media])
    service = g.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert g.value(service, SD.endpoint) == rdflib.URIRef(f"{url}/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert {str(n) for n in g.objects(None, SD.name)} == graph_names


@pytest.mark.slow
def test_service_description_or_form_or_406(url: str) -> None:
    status, headers, body = get(f"{url}/sparql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"sheet-budgets" in body
    assert get(f"{url}/sparql", "image/png")[0] == 406


@pytest.mark.slow
def test_sparql_answers_the_client_cannot_read_are_406(url: str) -> None:
    select = f"{url}/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    status, headers, body = get(select, "text/turtle")
    assert status == 406 and headers["Vary"] == "Accept" and b"application/sparql-results+json" in body
    construct = f"{url}/sparql?" + urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"})
    assert get(construct, "application/sparql-results+json")[0] == 406
    status, headers, _ = get(construct, "application/rdf+xml;q=0.5, text/csv")
    assert status == 200 and headers["Content-Type"] == "application/rdf+xml"


@pytest.mark.slow
def test_keys_that_are_not_plain_ascii_map_to_their_folders(url: str, site: Path) -> None:
    """A 事業番号 such as 新29-0012 is percent-encoded in the IRI and plain on disk; a key with a dot is
    an escaped folder name (rs2rdf.site.paths), so ``….ttl`` can be a resource as well as a twin."""
    from rs2rdf.site.paths import iri_to_path

    for key in ("%E6%96%B029-0012", "v1.ttl"):
        folder = site / iri_to_path(f"{BASE}id/test/{key}", BASE)  # type: ignore[operator]  # under BASE: never None
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("<html><head></head></html>", encoding="utf-8")
        folder.with_name(folder.name + ".ttl").write_text(f"<{BASE}id/test/{key}> a <{BASE}def/rs#Test> .\n", encoding="utf-8")
    status, headers, _ = get(f"{url}/id/test/%e6%96%b029-0012", "application/n-triples")  # lower-case hex is the same IRI
    assert status == 303 and headers["Location"] == "/id/test/%E6%96%B029-0012.nt"
    status, _, body = get(url + headers["Location"])
    assert status == 200 and parsed(body, "application/n-triples") == {
        (rdflib.URIRef(f"{BASE}id/test/%E6%96%B029-0012"), rdflib.RDF.type, rdflib.URIRef(f"{BASE}def/rs#Test"))}
    status, headers, _ = get(f"{url}/id/test/v1.ttl", "text/html")
    assert status == 303 and headers["Location"] == "/id/test/%25v1%252Ettl/"
    assert get(url + headers["Location"])[0] == 200



@pytest.mark.slow
def test_a_converted_twin_is_chunked_and_the_connection_stays_open(url: str, dump: rdflib.Graph) -> None:
    import http.client

    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        for path in (f"/{SHEET}.rdf", f"/{SHEET}.nt", f"/{SHEET}.ttl"):
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == 200 and resp.getheader("Transfer-Encoding") == ("chunked" if path.endswith((".rdf", ".nt")) else None)
            media = resp.getheader("Content-Type", "").split(";")[0]
            assert about(dump, BASE + SHEET) <= parsed(body, media)
        conn.request("HEAD", f"/{SHEET}.nt")
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read() == b""
        conn.request("GET", f"/{SHEET}.ttl")  # the HEAD left nothing behind on the connection
        assert conn.getresponse().status == 200
    finally:
        conn.close()
