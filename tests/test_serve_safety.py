"""``rs2rdf serve`` tried as an attacker would: SERVICE forwarding, DNS rebinding, CORS,
slow and silent clients, and large files."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlencode

import pytest

from rs2rdf.pipeline.build import Stage
from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config
from rs2rdf.sparql.serve import ServeOptions, byte_range, host_allowed, start
from rs2rdf.sparql.guard import refusal, services
from rs2rdf.sparql.store import store_stage
from tests.test_serve import fetch

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "rs2rdf" / "data" / "sample"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve-safety") / "site"
    build([SAMPLE], Config(out=out), stages=[Stage("store", store_stage)])
    (out / "index.html").write_text("<!DOCTYPE html><title>home</title>", encoding="utf-8")
    return out


class Listener:
    """A TCP port on loopback that records every connection made to it (the 'internal service')."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.hits.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 500 x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():  # type: ignore[no-untyped-def]
    lis = Listener()
    yield lis
    lis.close()


@contextlib.contextmanager
def serving(site: Path, **kw: object) -> Iterator[tuple[Any, str]]:
    """A server on a free loopback port for the block; shut down after it."""
    opts = {"site": site, "port": 0, "timeout": 5.0, "workers": 1, **kw}
    server, _ = start(ServeOptions(**opts))  # type: ignore[arg-type]
    try:
        yield server, "http://127.0.0.1:%d" % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def raw(port: int, data: bytes, read: int = 4096, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        return s.recv(read)


# ------------------------------------------------------------------ SERVICE


@pytest.mark.slow
@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/internal-admin?x=1> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
    "select * where { ?s ?p ?o.service<http://127.0.0.1:{port}/>{?a ?b ?c} }",
    "PREFIX in: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE in:admin { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { # comment\n SERVICE\t<http://127.0.0.1:{port}/> {} }",
])
def test_service_is_refused_and_nothing_is_fetched(site: Path, listener: Listener, query: str) -> None:
    with serving(site) as (server, url):
        text = query.replace("{port}", str(listener.port))
        for req in (f"{url}/sparql?" + urlencode({"query": text}),):
            status, _, body = fetch(req)
            assert status == 403 and b"SERVICE" in body
        status, _, _ = fetch(f"{url}/sparql", text.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 403
        time.sleep(0.3)
        assert listener.hits == []


@pytest.mark.slow
def test_open_and_closed_ports_answer_alike(site: Path, listener: Listener) -> None:
    """No port scanning: the refusal comes before any connection, so its text does not depend on the port."""
    with serving(site) as (server, url):
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
        closed.close()
        answers = {fetch(f"{url}/sparql?" + urlencode({"query": f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{p}/> {{}} }}"}))[0:3:2]
                   for p in (listener.port, closed_port)}
        assert len(answers) == 1


@pytest.mark.slow
def test_an_allowed_service_prefix_is_called(site: Path, listener: Listener) -> None:
    prefix = f"http://127.0.0.1:{listener.port}/sparql"
    with serving(site, allow_service=(prefix,)) as (server, url):
        status, _, _ = fetch(f"{url}/sparql?" + urlencode({"query": f"SELECT * WHERE {{ SERVICE <{prefix}> {{ ?s ?p ?o }} }}"}))
        assert status != 403
        assert listener.hits and b"POST /sparql" in listener.hits[0] or b"GET /sparql" in listener.hits[0]
        status, _, _ = fetch(f"{url}/sparql?" + urlencode({"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/other> {{}} }}"}))
        assert status == 403


@pytest.mark.slow
def test_cli_query_refuses_service_too(site: Path, listener: Listener) -> None:
    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    res = CliRunner().invoke(main, ["query", "--site", str(site), f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{}} }}"])
    assert res.exit_code == 2 and "SERVICE" in res.stderr
    assert listener.hits == []


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://a/>" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://a/>",
    "SELECT * WHERE { ?s <http://example.org/service/SERVICE> ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://a/> {}''' }",
])
def test_the_word_in_strings_iris_comments_and_variables_is_not_a_clause(text: str) -> None:
    assert services(text) == [] and refusal(text) is None


def test_codepoint_escapes_are_decoded_before_the_scan() -> None:
    assert refusal(r"SELECT * WHERE { \u0053ERVICE <http://a/> {} }") is not None


# ------------------------------------------------------------------ Host, CORS, protocol


@pytest.mark.parametrize("host,ok", [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("10.1.2.3", True), ("LOCALHOST", True),
    ("evil.example:8000", False), ("evil.example", False), ("localhost.evil.example", False), ("", False),
])
def test_host_rule(host: str, ok: bool) -> None:
    assert host_allowed(host, ()) is ok


def test_host_allow_list() -> None:
    assert host_allowed("data.example.jp:443", ("data.example.jp",))
    assert host_allowed("anything", ("*",))


@pytest.mark.slow
def test_rebound_host_is_refused(site: Path) -> None:
    with serving(site, allow_hosts=("lod.example.jp",)) as (server, url):
        port = server.server_address[1]
        assert raw(port, b"GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 403")
        assert raw(port, b"GET / HTTP/1.1\r\nHost: lod.example.jp\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200")
        assert raw(port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()).startswith(b"HTTP/1.1 200")


@pytest.mark.slow
def test_cors_only_for_get(site: Path) -> None:
    with serving(site) as (server, url):
        q = "ASK {}"
        status, headers, _ = fetch(f"{url}/sparql?" + urlencode({"query": q}))
        assert status == 200 and headers.get("Access-Control-Allow-Origin") == "*"
        status, headers, _ = fetch(f"{url}/sparql", urlencode({"query": q}).encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        status, headers, _ = fetch(f"{url}/sparql", method="OPTIONS", headers={"Origin": "http://evil.example",
                                                                             "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in headers and "Access-Control-Allow-Methods" not in headers


@pytest.mark.slow
def test_two_query_parameters_are_refused(site: Path) -> None:
    with serving(site) as (server, url):
        status, _, _ = fetch(f"{url}/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
        assert status == 400


@pytest.mark.slow
def test_keep_alive_serves_several_requests_on_one_connection(site: Path) -> None:
    with serving(site) as (server, url):
        port = server.server_address[1]
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            f = s.makefile("rb")
            for _ in range(3):
                s.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert f.readline().startswith(b"HTTP/1.1 200")
                length = 0
                while (line := f.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                assert b"home" in f.read(length)


# ------------------------------------------------------------------ slow and silent clients


@pytest.mark.slow
def test_silent_connections_do_not_starve_the_server(site: Path) -> None:
    with serving(site, request_timeout=1.5, max_connections=20) as (server, url), contextlib.ExitStack() as idle:
        port = server.server_address[1]
        sockets = [idle.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10)) for _ in range(20)]
        sockets[0].sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # partial headers, never finished
        time.sleep(0.3)
        t0 = time.monotonic()
        over = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert over.startswith(b"HTTP/1.1 503") and time.monotonic() - t0 < 2
        time.sleep(2.5)  # the silent ones are dropped
        for s in sockets:
            s.settimeout(2)
            assert s.recv(100) == b""
        status, _, body = fetch(f"{url}/index.html")
        assert status == 200 and b"home" in body


@pytest.mark.slow
def test_a_body_shorter_than_its_length_is_dropped(site: Path) -> None:
    with serving(site, request_timeout=1.0) as (server, url):
        port = server.server_address[1]
        t0 = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: 100\r\n\r\nASK {}")
            reply = s.recv(200)
        assert time.monotonic() - t0 < 5
        assert reply == b"" or reply.startswith(b"HTTP/1.1 400")
        assert fetch(f"{url}/index.html")[0] == 200


# ------------------------------------------------------------------ files


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
def test_large_files_are_streamed_and_ranges_served(site: Path) -> None:
    big = site / "data" / "big.nq"
    with big.open("wb") as fh:
        fh.truncate(512 << 20)  # sparse: 512 MiB that cost no disk
        fh.seek(100)
        fh.write(b"0123456789")
    try:
        with serving(site) as (server, url):
            before = _rss()
            heads = [threading.Thread(target=fetch, args=(f"{url}/data/big.nq",), kwargs={"method": "HEAD"}) for _ in range(3)]
            for t in heads:
                t.start()
            for t in heads:
                t.join()
            status, headers, body = fetch(f"{url}/data/big.nq", method="HEAD")
            assert status == 200 and headers["Content-Length"] == str(512 << 20) and body == b""
            assert headers["Accept-Ranges"] == "bytes"
            status, headers, body = fetch(f"{url}/data/big.nq", headers={"Range": "bytes=100-109"})
            assert status == 206 and body == b"0123456789" and headers["Content-Range"] == f"bytes 100-109/{512 << 20}"
            status, _, body = fetch(f"{url}/data/big.nq", headers={"Range": "bytes=-5"})
            assert status == 206 and len(body) == 5
            assert fetch(f"{url}/data/big.nq", headers={"Range": f"bytes={600 << 20}-"})[0] == 416
            # a whole GET, read slowly: the server holds a chunk, not the file
            req = urllib.request.urlopen(f"{url}/data/big.nq", timeout=30)
            got = 0
            peak = 0
            while chunk := req.read(8 << 20):
                got += len(chunk)
                peak = max(peak, _rss())
            assert got == 512 << 20
            assert peak - before < 200 << 20
    finally:
        big.unlink()


@pytest.mark.parametrize("header,size,want", [
    ("bytes=0-9", 100, (0, 9)), ("bytes=90-", 100, (90, 99)), ("bytes=-10", 100, (90, 99)), ("bytes=95-200", 100, (95, 99)),
    (None, 100, None), ("bytes=0-1,5-6", 100, None), ("items=0-1", 100, None), ("bytes=9-1", 100, None), ("bytes=x-", 100, None),
])
def test_byte_range(header: str | None, size: int, want: tuple[int, int] | None) -> None:
    assert byte_range(header, size) == want


def test_range_past_the_end() -> None:
    with pytest.raises(ValueError):
        byte_range("bytes=100-", 100)


@pytest.mark.slow
def test_a_query_over_its_memory_is_stopped_and_the_server_goes_on(site: Path) -> None:
    with serving(site, query_memory=200, timeout=60.0) as (server, url):
        q = ('SELECT (GROUP_CONCAT(STR(?o); separator="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") AS ?g) '
             "WHERE { ?a ?b ?c . ?d ?e ?o }")
        t0 = time.monotonic()
        status, _, body = fetch(f"{url}/sparql?" + urlencode({"query": q}))
        assert status == 503 and b"200 MiB" in body
        assert time.monotonic() - t0 < 30
        assert fetch(f"{url}/sparql?" + urlencode({"query": "ASK {}"}))[0] == 200


@pytest.mark.slow
def test_a_path_segment_too_long_for_the_file_system_gets_404(site: Path) -> None:
    with serving(site) as (server, url):
        port = server.server_address[1]
        reply = raw(port, b"GET /" + b"a" * 300 + b"/x.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 404")
