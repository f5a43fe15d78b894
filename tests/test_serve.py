"""``rs2rdf serve`` answered over real HTTP: result formats, refusals, timeouts, paths."""

from __future__ import annotations

import csv
import io
import json
import socket
import struct
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from rs2rdf.pipeline.build import Stage
from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config
from rs2rdf.sparql.serve import ServeOptions, negotiate, safe_path, start
from rs2rdf.sparql.store import store_stage

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "rs2rdf" / "data" / "sample"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a rs:ReviewSheet }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, real_extract: Path) -> Path:
    inputs = SAMPLE if any(SAMPLE.glob("*.zip")) else real_extract
    out = tmp_path_factory.mktemp("serve") / "site"
    build([inputs], Config(out=out), stages=[Stage("store", store_stage)])
    (out / "index.html").write_text("<!DOCTYPE html><title>home</title>", encoding="utf-8")
    (out.parent / "secret.txt").write_text("outside", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def url(site: Path):  # type: ignore[no-untyped-def]
    server, _ = start(ServeOptions(site=site, port=0, timeout=3.0, limit=5, workers=1, max_body=10_000))
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def raw_get(url: str, path: str) -> int:
    """A request line sent byte for byte, so the client cannot normalise ``..`` away."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        return int(s.recv(100).split()[1])


def q(url: str, query: str, **params: str) -> str:
    return f"{url}/sparql?" + urlencode({"query": query, **params})


def test_binds_localhost_by_default() -> None:
    assert ServeOptions(site=Path(".")).host == "127.0.0.1"


@pytest.mark.parametrize("accept,ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
])
def test_select_in_each_format(url: str, accept: str, ctype: str) -> None:
    status, headers, body = fetch(q(url, COUNT), headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"] == ctype
    if accept == "text/csv":  # lossy, so pyoxigraph does not parse it
        header, value = body.decode().splitlines()
        assert header == "n" and int(value) > 0
        return
    fmt = ox.QueryResultsFormat.from_media_type(ctype.split(";")[0])
    result = ox.parse_query_results(body, format=fmt)
    assert int(next(iter(result))["n"].value) > 0


def test_format_parameter_and_post_forms(url: str) -> None:
    status, headers, body = fetch(q(url, COUNT, format="csv"))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    n = list(csv.reader(io.StringIO(body.decode())))[1][0]
    status, _, body = fetch(f"{url}/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == n
    status, _, body = fetch(f"{url}/sparql", urlencode({"query": COUNT}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1] == n


def test_ask_and_construct(url: str) -> None:
    status, _, body = fetch(q(url, "ASK { ?s a rs:ReviewSheet }"))
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?s rs:projectName ?n } WHERE { ?s rs:projectName ?n }"
    status, headers, body = fetch(q(url, construct), headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == 5  # cut at the limit
    assert headers["X-Rs2rdf-Truncated"] == "5"
    status, headers, body = fetch(q(url, construct), headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert list(ox.parse(body, format=ox.RdfFormat.TURTLE))


def test_result_limit(url: str) -> None:
    status, headers, body = fetch(q(url, "SELECT * WHERE { ?s ?p ?o }"))
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    assert headers["X-Rs2rdf-Truncated"] == "5"
    status, headers, _ = fetch(q(url, COUNT))
    assert "X-Rs2rdf-Truncated" not in headers


def test_update_refused(url: str) -> None:
    update = "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }"
    for status, _, body in (
        fetch(f"{url}/sparql", urlencode({"update": update}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        fetch(f"{url}/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        fetch(f"{url}/sparql", update.encode(), {"Content-Type": "application/sparql-query"}),
        fetch(f"{url}/sparql?" + urlencode({"update": update})),
    ):
        assert status == 403 and b"read-only" in body
    status, _, body = fetch(q(url, "ASK { <http://a/s> ?p ?o }"))
    assert json.loads(body)["boolean"] is False


def test_malformed_query(url: str) -> None:
    status, headers, body = fetch(q(url, "SELECT ?x WHERE {\n  ?x rs:projectName\n}"))
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert b"line 3, column 1" in body and b"syntax error" in body


@pytest.mark.slow
def test_timeout_then_recovers(url: str) -> None:
    status, _, body = fetch(q(url, SLOW))
    assert status == 503 and b"longer than 3 s" in body
    status, _, _ = fetch(q(url, COUNT))  # a fresh worker takes over
    assert status == 200


def test_oversized_request(url: str) -> None:
    big = "ASK { }" + " " * 20_000
    status, _, body = fetch(f"{url}/sparql", big.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"larger than" in body


def test_static_files_and_media_types(url: str, site: Path) -> None:
    status, headers, body = fetch(f"{url}/")
    assert status == 200 and b"home" in body and headers["Content-Type"].startswith("text/html")
    for path, ctype in (("/data/rs2rdf.ttl", "text/turtle"), ("/data/rs2rdf.jsonld", "application/ld+json"),
                        ("/data/rs2rdf.nt", "application/n-triples")):
        status, headers, _ = fetch(url + path, method="HEAD")
        assert status == 200 and headers["Content-Type"].split(";")[0] == ctype
    (site / "data" / "index.html").write_text("<title>data</title>", encoding="utf-8")
    status, _, body = fetch(f"{url}/data")  # redirected to /data/, then its index.html
    assert status == 200 and b"data" in body
    assert fetch(f"{url}/nope.html")[0] == 404
    assert fetch(f"{url}/data/store/CURRENT")[0] == 403


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/data/%2e%2e/%2e%2e/secret.txt",
                                  "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/data/..%5c..%5csecret.txt", "/%00"])
def test_path_traversal_refused(url: str, path: str) -> None:
    assert raw_get(url, path) in (400, 403, 404)


def test_query_form_lists_shipped_queries(url: str) -> None:
    """A browser gets the form; other clients the service description (tests/test_serve_lod.py)."""
    status, headers, body = fetch(f"{url}/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for name in ("sheet-budgets", "sheet-recipients", "sheet-laws", "corporation-totals", "ministry-totals"):
        assert name.encode() in body


def test_negotiation_and_safe_path(site: Path) -> None:
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", None) == ("xml", None)  # CONSTRUCT: 406
    assert negotiate("*/*", "tsv") == ("tsv", "turtle")
    assert negotiate(None, None) == ("json", "turtle")
    assert negotiate("text/*", None) == ("csv", "turtle")
    assert negotiate("application/n-triples, text/csv;q=0.1", None) == ("csv", "ntriples")
    assert safe_path(site, "/" + quote("..") + "/x") is None
    assert safe_path(site, "/data/rs2rdf.ttl") == (site / "data" / "rs2rdf.ttl").resolve()


@pytest.mark.slow
def test_a_client_that_hangs_up_gets_a_log_line_not_a_traceback(site: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A 413 is answered before the body is read, and the client stops reading after the status
    line: the server's write then fails, which it logs in one line (tracebacks only with --debug)."""
    lines: list[str] = []
    server, _ = start(ServeOptions(site=site, port=0, timeout=3.0, limit=5, workers=1, max_body=10), lines.append)
    host, port = server.server_address[:2]
    try:
        for _ in range(3):
            with socket.create_connection((host, port), timeout=10) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
                s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                          b"Content-Length: 100000\r\n\r\n" + b" " * 2000)
                s.recv(12)
        fetch(f"http://{host}:{port}/sparql?" + urlencode({"query": "ASK {}"}))  # the server still answers
    finally:
        server.shutdown()
        server.server_close()
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
