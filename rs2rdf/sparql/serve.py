"""``rs2rdf serve``: the built site as static files plus a read-only SPARQL 1.1 Protocol
endpoint at ``/sparql``, on the standard library's ThreadingHTTPServer.

Safety is by construction rather than configuration: bound to 127.0.0.1 by default, no
update operation exists (the store is opened read-only, update requests are refused with
403), federated ``SERVICE`` calls are refused unless their endpoints are allowed by prefix
(the server would otherwise fetch any URL it is given), a ``Host`` that names neither an IP
address, ``localhost`` nor an allowed name is refused (DNS rebinding), request bodies are
size-capped (413), each query runs in a killable worker process with a deadline (503),
answers are capped at ``limit`` rows, no path outside the site folder is ever served, and
connections are capped in number and dropped when a request is not sent in time (a slow
or silent client cannot hold a thread). Files are streamed, with ``Range`` support.
"""

from __future__ import annotations

import html
import ipaddress
import mimetypes
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

from rs2rdf.core.errors import Rs2rdfError
from rs2rdf.sparql.query import is_update, shipped_queries
from rs2rdf.sparql.guard import refusal
from rs2rdf.sparql.worker import Answer, WorkerPool
from rs2rdf.sparql.store import STORE_DIR, site_base

MEDIA_TYPES = {
    ".ttl": "text/turtle; charset=utf-8", ".nt": "application/n-triples", ".nq": "application/n-quads",
    ".trig": "application/trig", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
    ".rq": "application/sparql-query", ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".xml": "application/xml",
}
#: Accept media type → (kind, format key) for negotiation.
ACCEPT = {
    "application/sparql-results+json": ("select", "json"), "application/json": ("select", "json"),
    "application/sparql-results+xml": ("select", "xml"), "application/xml": ("select", "xml"),
    "text/csv": ("select", "csv"), "text/tab-separated-values": ("select", "tsv"),
    "text/turtle": ("graph", "turtle"), "application/n-triples": ("graph", "ntriples"),
    "application/ld+json": ("graph", "jsonld"), "application/rdf+xml": ("graph", "rdfxml"),
}
FORMAT_PARAM = {"json": ("select", "json"), "xml": ("select", "xml"), "csv": ("select", "csv"), "tsv": ("select", "tsv"),
                "turtle": ("graph", "turtle"), "ttl": ("graph", "turtle"), "ntriples": ("graph", "ntriples"),
                "nt": ("graph", "ntriples"), "jsonld": ("graph", "jsonld"), "rdfxml": ("graph", "rdfxml")}
FORM = Path(__file__).resolve().parent / "sparql.html"


@dataclass(frozen=True)
class ServeOptions:
    site: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    limit: int = 10_000
    workers: int = 2
    max_body: int = 1_000_000
    #: Endpoint IRI prefixes a query's SERVICE clauses may call; none by default.
    allow_service: tuple[str, ...] = ()
    #: Host names accepted besides IP addresses and localhost ("*" accepts any).
    allow_hosts: tuple[str, ...] = ()
    #: Seconds a client has to send a whole request (headers and body), and to stay idle between requests.
    request_timeout: float = 20.0
    #: Connections open at once; more are answered 503 and closed at once.
    max_connections: int = 64
    #: MiB of address space one query worker may use beyond what it maps at start (0: no cap).
    query_memory: int = 2048


#: Bytes per read and write when a file is streamed.
CHUNK = 1 << 16


def host_allowed(host_header: str | None, allowed: tuple[str, ...]) -> bool:
    """Whether a request's ``Host`` may be served: DNS rebinding needs a name, so IP literals always may."""
    if host_header is None or "*" in allowed:
        return True
    host = host_header.strip().lower()
    if host.startswith("["):
        name = host[1:host.find("]")] if "]" in host else host[1:]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.rstrip(".")
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    return name == "localhost" or name in {a.lower().rstrip(".") for a in allowed}


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one range ``Range: bytes=…`` asks for as (first, last), or None to send the whole file.

    Several ranges, other units and malformed headers are ignored (a full 200 is always a
    correct answer); a range that starts past the end raises ValueError (416).
    """
    if not header or not header.strip().lower().startswith("bytes=") or "," in header:
        return None
    spec = header.split("=", 1)[1].strip()
    first_s, _, last_s = spec.partition("-")
    try:
        if not first_s:
            n = int(last_s)
            if n <= 0:
                raise ValueError("empty suffix range")
            return (max(0, size - n), size - 1) if size else None
        first = int(first_s)
        last = int(last_s) if last_s else size - 1
    except ValueError:
        return None
    if first >= size:
        raise ValueError("range starts past the end")
    if first < 0 or last < first:
        return None
    return first, min(last, size - 1)


def negotiate(accept: str, fmt: str | None) -> tuple[str, str]:
    """(SELECT/ASK format, CONSTRUCT format); the ``format`` parameter beats ``Accept``."""
    select, graph = "json", "turtle"
    if fmt:
        key = fmt.strip().lower()
        kind_key = FORMAT_PARAM.get(key) or ACCEPT.get(key.split(";")[0].strip())
        if kind_key:
            return (kind_key[1], graph) if kind_key[0] == "select" else (select, kind_key[1])
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, bits[0].lower()))
    seen_select = seen_graph = False
    for negq, _, media in sorted(ranked):
        if -negq <= 0 or media not in ACCEPT:
            continue
        kind, key = ACCEPT[media]
        if kind == "select" and not seen_select:
            select, seen_select = key, True
        elif kind == "graph" and not seen_graph:
            graph, seen_graph = key, True
    return select, graph


def safe_path(site: Path, url_path: str) -> Path | None:
    """The file a URL path names inside ``site``, or None when it would leave the folder.

    The path is percent-decoded once before checking, so ``%2e%2e`` is a ``..`` like any
    other; symlinks are resolved and must stay inside as well.
    """
    decoded = unquote(url_path, errors="strict") if "%" in url_path else url_path
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    root = site.resolve()
    target = root.joinpath(*parts).resolve() if parts else root
    try:
        target.relative_to(root)
    except ValueError:
        return None
    if parts[:2] == list(STORE_DIR.parts):
        return None
    return target


def form_page(endpoint: str = "/sparql") -> bytes:
    """The query form, with the shipped queries as one-click examples."""
    items = []
    for q in shipped_queries().values():
        items.append(f'<li><button type="button" data-query="{html.escape(q.text, quote=True)}">{html.escape(q.name)}</button> '
                     f"{html.escape(q.title)}</li>")
    page = FORM.read_text(encoding="utf-8")
    return page.replace("{{examples}}", "\n".join(items)).replace("{{endpoint}}", html.escape(endpoint)).encode("utf-8")


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, opts: ServeOptions, log: Callable[[str], None]) -> None:
        site = opts.site
        if not site.is_dir():
            raise Rs2rdfError(f"{site}: no such site folder; run `rs2rdf build` first or pass --site")
        self.opts, self.log = opts, log
        self.base = site_base(site) or None
        try:
            self.pool = WorkerPool(site, opts.workers, memory_mib=opts.query_memory)
        except RuntimeError as exc:
            raise Rs2rdfError(str(exc)) from exc
        self._open: dict[socket.socket, float] = {}  # connection → when its request must have arrived (inf: busy)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        try:
            super().__init__((opts.host, opts.port), Handler)
        except OSError as exc:
            self.pool.close()
            raise Rs2rdfError(f"cannot listen on {opts.host}:{opts.port} ({exc})") from exc
        self._reaper = threading.Thread(target=self._reap, name="rs2rdf-reaper", daemon=True)
        self._reaper.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Refuse at once, without a thread, what is over the connection cap."""
        with self._lock:
            full = len(self._open) >= self.opts.max_connections
            if not full:
                self._open[request] = time.monotonic() + self.opts.request_timeout
        if full:
            try:
                request.settimeout(1.0)
                body = b"too many connections; try again\n"
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: %d\r\nConnection: close\r\nRetry-After: 5\r\n\r\n%s" % (len(body), body))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._open.pop(request, None)
        super().shutdown_request(request)

    def expect(self, request: Any, seconds: float | None) -> None:
        """The client must send its next request (or the rest of this one) within ``seconds``; None: we are busy."""
        with self._lock:
            if request in self._open:
                self._open[request] = time.monotonic() + seconds if seconds is not None else float("inf")

    def _reap(self) -> None:
        """Close connections whose client did not send its request in time (slow, silent or idle)."""
        while not self._stop.wait(0.5):
            now = time.monotonic()
            with self._lock:
                late = [conn for conn, deadline in self._open.items() if deadline < now]
            for conn in late:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def server_close(self) -> None:
        self._stop.set()
        super().server_close()
        self.pool.close()

    def handle_error(self, request: object, client_address: object) -> None:
        """One line in the log instead of socketserver's traceback on stderr.

        A client that stops reading (a browser tab closed, ``curl`` interrupted, a 413
        answered before the body was sent) is routine for a server, and the rest of rs2rdf
        prints tracebacks only with ``--debug``.
        """
        exc = sys.exc_info()[1]
        host = client_address[0] if isinstance(client_address, tuple) else client_address
        if isinstance(exc, ConnectionError):
            self.log(f"{host}: the client closed the connection ({type(exc).__name__})")
        else:
            self.log(f"{host}: request failed: {type(exc).__name__}: {exc}")


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "rs2rdf"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # a per-call bound on blocking socket I/O; the reaper bounds the request as a whole
        self.connection.settimeout(self.server.opts.request_timeout)

    def handle_one_request(self) -> None:
        self.server.expect(self.connection, self.server.opts.request_timeout)
        try:
            super().handle_one_request()
        except (TimeoutError, OSError):
            self.close_connection = True

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not host_allowed(self.headers.get("Host"), self.server.opts.allow_hosts):
            self.close_connection = True
            self._text(403, f"Host {self.headers.get('Host')!r} is not served here (start rs2rdf serve with --allow-host NAME)")
            return False
        if self.command != "POST":  # the request is in; answering it may take as long as it takes
            self.server.expect(self.connection, None)
        return True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        self.server.log(f"{self.address_string()} {format % args}")

    # ------------------------------------------------------------ plumbing

    def _send(self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _text(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), extra)

    # ------------------------------------------------------------ methods

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._dispatch(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(head=True)

    def do_OPTIONS(self) -> None:  # noqa: N802
        """No CORS preflight is granted: cross-origin scripts may only send simple GETs."""
        self._send(204, "text/plain; charset=utf-8", b"", {"Allow": "GET, HEAD, POST, OPTIONS"})

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._text(405, "POST is only accepted at /sparql", {"Allow": "GET, HEAD"})
            return
        length = self.headers.get("Content-Length")
        if length is None:
            self._text(411, "a Content-Length header is required")
            return
        try:
            size = int(length)
        except ValueError:
            self._text(400, "bad Content-Length")
            return
        if size > self.server.opts.max_body or size < 0:
            self.close_connection = True
            self._text(413, f"request body larger than {self.server.opts.max_body} bytes")
            return
        body = self.rfile.read(size)
        if len(body) < size:
            self.close_connection = True
            self._text(400, "the request body ended before its Content-Length")
            return
        self.server.expect(self.connection, None)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._refuse_update()
            return
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                self._text(400, "the form is not UTF-8")
                return
            if "update" in form:
                self._refuse_update()
                return
            params.update(form)
            text = next(iter(form.get("query", [])), None)
        elif ctype == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                self._text(400, "the query is not UTF-8")
                return
        else:
            self._text(415, "send application/sparql-query or an application/x-www-form-urlencoded form with query=")
            return
        if not text:
            self._text(400, "no query given")
            return
        self._query(text, params, cors=False)

    def _dispatch(self, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                self._refuse_update()
            elif len(params.get("query", [])) > 1:
                self._text(400, "give one query= parameter, not several")
            elif params.get("query", [""])[0]:
                self._query(params["query"][0], params, head)
            else:
                self._send(200, "text/html; charset=utf-8", form_page(), head=head)
            return
        self._static(url.path, head)

    # ------------------------------------------------------------ SPARQL

    def _refuse_update(self) -> None:
        self._text(403, "this endpoint is read-only: SPARQL Update is not accepted")

    def _query(self, text: str, params: dict[str, list[str]], head: bool = False, cors: bool = True) -> None:
        if len(params.get("query", [])) > 1:
            self._text(400, "give one query= parameter, not several")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._text(400, "default-graph-uri/named-graph-uri are not supported; the default graph is the union of all graphs")
            return
        if is_update(text):
            self._refuse_update()
            return
        from rs2rdf.quads.dump import prefixes

        why = refusal(text, self.server.opts.allow_service, prefixes(self.server.base or "https://example.org/rs2rdf/"))
        if why:
            self._text(403, why)
            return
        fmt = next(iter(params.get("format", [])), None)
        select_fmt, graph_fmt = negotiate(self.headers.get("Accept") or "", fmt)
        opts = self.server.opts
        ans: Answer = self.server.pool.run((text, self.server.base or "https://example.org/rs2rdf/", select_fmt, graph_fmt, opts.limit),
                                           opts.timeout)
        extra = {"Cache-Control": "no-store", "Vary": "Accept"}
        if cors:  # read-only GETs may be read by scripts of other origins; POSTs get no CORS grant
            extra["Access-Control-Allow-Origin"] = "*"
        if ans.truncated:
            extra["X-Rs2rdf-Truncated"] = str(opts.limit)
        self._send(ans.status, ans.content_type, ans.body, extra, head)

    # ------------------------------------------------------------ files

    def _static(self, url_path: str, head: bool) -> None:
        try:
            target = safe_path(self.server.opts.site, url_path)
        except UnicodeDecodeError:
            target = None
        except OSError:
            self._text(404, "not found")
            return
        if target is None:
            self._text(403, "forbidden path")
            return
        try:
            is_dir = target.is_dir()
        except OSError:  # a name too long for the file system (ENAMETOOLONG) and the like
            self._text(404, "not found")
            return
        if is_dir:
            if not url_path.endswith("/"):
                self._send(301, "text/plain; charset=utf-8", b"", {"Location": url_path + "/"}, head)
                return
            target = target / "index.html"
        if not target.is_file():
            self._text(404, "not found")
            return
        ctype = MEDIA_TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        try:
            fh = target.open("rb")
        except OSError:
            self._text(404, "not found")
            return
        with fh:
            size = _size(fh)
            try:
                span = byte_range(self.headers.get("Range"), size)
            except ValueError:
                self._send(416, "text/plain; charset=utf-8", b"", {"Content-Range": f"bytes */{size}"}, head)
                return
            first, last = span if span else (0, size - 1)
            length = max(0, last - first + 1)
            self.send_response(206 if span else 200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("X-Content-Type-Options", "nosniff")
            if span:
                self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
            self.end_headers()
            if head or not length:
                return
            fh.seek(first)
            left = length
            while left > 0:
                chunk = fh.read(min(CHUNK, left))
                if not chunk:  # the file shrank while being sent: the length promised cannot be kept
                    self.close_connection = True
                    return
                self.wfile.write(chunk)
                left -= len(chunk)


def _size(fh: Any) -> int:
    import os

    return os.fstat(fh.fileno()).st_size


def start(opts: ServeOptions, log: Callable[[str], None] = lambda _: None) -> tuple[SparqlServer, threading.Thread]:
    """Start in a background thread (tests, embedding); stop with ``server.shutdown(); server.server_close()``."""
    server = SparqlServer(opts, log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def serve_forever(opts: ServeOptions, log: Callable[[str], None]) -> None:
    server = SparqlServer(opts, log)
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    log(f"serving {opts.site} at http://{host}:{port}/  (SPARQL endpoint: http://{host}:{port}/sparql; Ctrl-C stops)")
    if opts.allow_service:
        log(f"SERVICE calls allowed to: {', '.join(opts.allow_service)}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log("stopped")
    finally:
        server.server_close()

