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

Resource IRIs (``/id/…``, ``/graph/…``, ``/def/…``, ``/dataset/…``, ``/source/…``) are
negotiated as linked data expects, which a static host cannot do: things under ``/id/`` are
not documents, so they answer 303 to the document about them in the type asked for; the other
resources are documents and answer 200. The documents are the site's pages and twins; the
types the site writes no twin in (N-Triples, RDF/XML) are the Turtle twin converted, and an
IRI without a page is described from the store. ``/def/…`` names the vocabulary, whose IRIs are
``https://w3id.org/rs2rdf/def/…`` whatever the base (:data:`rs2rdf.mapping.iris.VOCAB_BASE`).
"""

from __future__ import annotations

import html
import io
import ipaddress
import json
import mimetypes
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pyoxigraph as ox

from rs2rdf.core.errors import Rs2rdfError
from rs2rdf.sparql.query import is_update, shipped_queries
from rs2rdf.sparql.guard import query_form, refusal
from rs2rdf.sparql.worker import Answer, WorkerPool
from rs2rdf.sparql.store import STORE_DIR, site_base
from rs2rdf.site.paths import fragment_href, iri_to_path, root_of, site_iri
from rs2rdf.site.redirects import read_redirects

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


def accept_ranges(accept: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; no header is ``*/*``.

    Media-type parameters other than ``q`` are dropped (``text/turtle; charset=utf-8`` asks
    for Turtle); a ``q`` that is no number in 0…1 makes its range unacceptable.
    """
    if accept is None or not accept.strip():
        return [("*/*", 1.0)]
    out: list[tuple[str, float]] = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for b in bits[1:]:
            name, _, value = b.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:
                    q = 0.0
        out.append((media, q))
    return out


def quality(ranges: list[tuple[str, float]], media: str) -> float:
    """The q the client gives ``media``: that of the most specific range matching it (RFC 9110 12.5.1)."""
    kind = media.split("/")[0]
    best, rank = 0.0, -1
    for rng, q in ranges:
        specificity = 2 if rng == media else 1 if rng == kind + "/*" else 0 if rng == "*/*" else -1
        if specificity > rank:
            best, rank = q, specificity
    return best if rank >= 0 else 0.0


def choose(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (ties: the first offered), or None (406)."""
    ranges = accept_ranges(accept)
    scored = [(quality(ranges, m), -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored)
    return media if q > 0 else None


#: Media types of SPARQL answers in the order preferred on ties, by result kind.
SELECT_MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml"]
GRAPH_MEDIA = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]


def negotiate(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """(SELECT/ASK format, CONSTRUCT format), None for a kind the client accepts no format of;
    the ``format`` parameter beats ``Accept``."""
    if fmt:
        key = fmt.strip().lower()
        kind_key = FORMAT_PARAM.get(key) or ACCEPT.get(key.split(";")[0].strip())
        if kind_key:
            return (kind_key[1], "turtle") if kind_key[0] == "select" else ("json", kind_key[1])
    select = choose(accept, SELECT_MEDIA)
    graph = choose(accept, GRAPH_MEDIA)
    return (ACCEPT[select][1] if select else None, ACCEPT[graph][1] if graph else None)


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


#: First IRI path segments of the resources the server negotiates (and answers 303 or 200 for).
RESOURCE_TOPS = frozenset({"id", "graph", "def", "dataset", "source"})
#: Resources under this segment are things, not documents: they are answered 303 See Other.
THINGS = "id"
#: Variants of a resource's document, in the order preferred on ties: media type → suffix ("" for the page).
VARIANTS = {"text/html": "", "text/turtle": "ttl", "application/ld+json": "jsonld",
            "application/n-triples": "nt", "application/rdf+xml": "rdf"}
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
               "rdf": ox.RdfFormat.RDF_XML}
#: The worker's names for the same formats.
GRAPH_KEYS = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}
#: Characters an IRI may hold inside ``<…>`` in a query (SPARQL's IRIREF), plus ASCII only.
_IRIREF = re.compile(r"[!#-;=?-\[\]_a-z~]*")
_HEX = re.compile(r"%[0-9a-fA-F]{2}")
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
_HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Located:
    """Where the description of a resource IRI is.

    ``folder`` is the on-disk path (relative to the site) of the document that describes
    it, and ``anchor`` its place in that document's page ("" when the document is the
    resource's own); ``folder`` None means no page or twin exists and the store describes it.
    """

    iri: str
    folder: str | None
    anchor: str
    page: bool


def url_of(folder: str) -> str:
    """The URL path of a site folder, each on-disk name quoted back."""
    return "/" + "/".join(quote(p, safe="") for p in folder.split("/"))


def variant_url(loc: Located, raw: str, suffix: str) -> str:
    """The URL of one variant of ``loc``'s document (the page: with the anchor)."""
    if loc.folder is None:  # only the store describes it: its own IRI plus the suffix, answered from the store
        return f"{raw}.{suffix}"
    if not suffix:
        return url_of(loc.folder) + "/" + (fragment_href(loc.anchor) if loc.anchor else "")
    return f"{url_of(loc.folder)}.{suffix}"


def describe_query(iri: str) -> str:
    """What the twins hold for one resource: its triples and those pointing to it."""
    return f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"


def with_base(page: bytes, href: str) -> bytes:
    """The page with a ``<base>``, so its relative links work when it is answered at the resource's
    IRI (``…/1-1``) rather than at its folder (``…/1-1/``) the links were written for."""
    m = _HEAD.search(page)
    if m is None:
        return page
    tag = f'<base href="{html.escape(href, quote=True)}">'.encode("utf-8")
    return page[:m.end()] + tag + page[m.end():]


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, opts: ServeOptions, log: Callable[[str], None]) -> None:
        site = opts.site
        if not site.is_dir():
            raise Rs2rdfError(f"{site}: no such site folder; run `rs2rdf build` first or pass --site")
        self.opts, self.log = opts, log
        self.base = site_base(site) or None
        self.graphs: list[str] | None = None  # named graphs, for the service description (asked once)
        self.redirects = read_redirects(site)  # retired IRIs' folders → their replacements' (rs2rdf.site.redirects)
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
        if not head and self.command != "HEAD":  # a body after HEAD would be read as the next answer
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
                self._description(head)
            return
        if url.path == "/catalog":
            self._catalog(head)
            return
        if self.server.redirects and self._retired(url.path, head):
            return
        if not self._resource(url.path, head):
            self._static(url.path, head)

    def _retired(self, raw: str, head: bool) -> bool:
        """A retired IRI, its page or a twin: 301 to the same of its replacement."""
        try:
            path = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return False
        stem, tail = path[1:], ""
        for suffix in ("/", ".ttl", ".jsonld", ".nt", ".rdf"):
            if stem.endswith(suffix):
                stem, tail = stem[: -len(suffix)], suffix
                break
        new = self.server.redirects.get(stem)
        if new is None:
            return False
        location = url_of(new) + tail
        self._send(301, "text/plain; charset=utf-8", f"Moved to {location}\n".encode(), {"Location": location, "Vary": "Accept"}, head)
        return True

    def _catalog(self, head: bool) -> None:
        """The DCAT catalogue's IRI (``{base}catalog``): catalog.ttl, or that file in another RDF syntax."""
        source = self.server.opts.site / "catalog.ttl"
        if not source.is_file():
            self._text(404, "not found")
            return
        offered = [m for m in VARIANTS if VARIANTS[m]]
        media = choose(self.headers.get("Accept"), offered)
        vary = {"Vary": "Accept"}
        if media is None:
            self._text(406, "not available in a type the Accept header allows; available: " + ", ".join(offered), vary)
            return
        suffix = VARIANTS[media]
        if suffix == "ttl":
            self._send_file(source, MEDIA_TYPES[".ttl"], head, {**vary, "Content-Location": "/catalog.ttl"})
        else:
            self._convert(source, suffix, MEDIA_TYPES[f".{suffix}"], head, vary)

    # ------------------------------------------------------------ SPARQL

    def _refuse_update(self) -> None:
        self._text(403, "this endpoint is read-only: SPARQL Update is not accepted")

    def _query(self, text: str, params: dict[str, list[str]], head: bool = False, cors: bool = True) -> None:
        if len(params.get("query", [])) > 1:
            self._text(400, "give one query= parameter, not several")
            return
        default_graphs = tuple(g for g in params.get("default-graph-uri", []) if g)
        named_graphs = tuple(g for g in params.get("named-graph-uri", []) if g)
        bad = [g for g in default_graphs + named_graphs if not _IRIREF.fullmatch(g) or ":" not in g]
        if bad:
            self._text(400, f"not an absolute IRI: {bad[0]!r}")
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
        select_fmt, graph_fmt = negotiate(self.headers.get("Accept"), fmt)
        extra = {"Cache-Control": "no-store", "Vary": "Accept"}
        form = query_form(text)
        if (form in ("SELECT", "ASK") and select_fmt is None) or (form in ("CONSTRUCT", "DESCRIBE") and graph_fmt is None):
            offered = SELECT_MEDIA if form in ("SELECT", "ASK") else GRAPH_MEDIA
            self._text(406, f"the Accept header allows no format for {form} answers; offered: {', '.join(offered)}", extra)
            return
        opts = self.server.opts
        ans: Answer = self.server.pool.run((text, self.server.base or "https://example.org/rs2rdf/", select_fmt, graph_fmt, opts.limit,
                                            default_graphs, named_graphs), opts.timeout)
        if cors:  # read-only GETs may be read by scripts of other origins; POSTs get no CORS grant
            extra["Access-Control-Allow-Origin"] = "*"
        if ans.truncated:
            extra["X-Rs2rdf-Truncated"] = str(opts.limit)
        self._send(ans.status, ans.content_type, ans.body, extra, head)

    # ------------------------------------------------------------ service description

    def _endpoint_url(self) -> str:
        """This endpoint's URL as the client named it (the ``Host`` it sent, when well-formed)."""
        host = (self.headers.get("Host") or "").strip()
        if not _HOST.fullmatch(host):
            addr, port = self.server.server_address[:2]
            addr = addr.decode() if isinstance(addr, bytes) else str(addr)
            host = f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"
        return f"http://{host}/sparql"

    def _named_graphs(self) -> list[str]:
        if self.server.graphs is None:
            ans = self.server.pool.run(("SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g", self._base(), "json", "turtle",
                                        1_000_000), self.server.opts.timeout)
            if ans.status != 200:
                return []  # not cached: the next description asks again
            rows = json.loads(ans.body)["results"]["bindings"]
            self.server.graphs = [r["g"]["value"] for r in rows if r.get("g", {}).get("type") == "uri"]
        return self.server.graphs

    def _description(self, head: bool) -> None:
        """GET /sparql without a query: the SPARQL 1.1 service description (RDF), or the query
        form for a browser; on ties the description, as the Service Description spec asks."""
        offered = ["text/turtle", "text/html", "application/ld+json", "application/n-triples", "application/rdf+xml"]
        media = choose(self.headers.get("Accept"), offered)
        extra = {"Vary": "Accept", "Access-Control-Allow-Origin": "*"}
        if media is None:
            self._text(406, "the Accept header allows none of: " + ", ".join(offered), extra)
            return
        if media == "text/html":
            self._send(200, "text/html; charset=utf-8", form_page(), extra, head)
            return
        endpoint = ox.NamedNode(self._endpoint_url())
        service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

        def sd(name: str) -> ox.NamedNode:
            return ox.NamedNode(SD + name)

        features = ["UnionDefaultGraph"] + (["BasicFederatedQuery"] if self.server.opts.allow_service else [])
        formats = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
        graphs = [(ox.BlankNode(f"g{i}"), graph) for i, graph in enumerate(self._named_graphs())]
        triples = [ox.Triple(service, rdf_type, sd("Service")), ox.Triple(service, sd("endpoint"), endpoint),
                   ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
                   *(ox.Triple(service, sd("feature"), sd(f)) for f in features),
                   *(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in formats),
                   ox.Triple(service, sd("defaultDataset"), dataset),
                   ox.Triple(dataset, rdf_type, sd("Dataset")), ox.Triple(dataset, sd("defaultGraph"), default),
                   *(ox.Triple(dataset, sd("namedGraph"), node) for node, _ in graphs),
                   ox.Triple(default, rdf_type, sd("Graph"))]
        for node, graph in graphs:
            triples += [ox.Triple(node, rdf_type, sd("NamedGraph")), ox.Triple(node, sd("name"), ox.NamedNode(graph))]
        fmt = ox.RdfFormat.from_media_type(media)
        assert fmt is not None  # every offered RDF type is one pyoxigraph writes
        body = ox.serialize(triples, format=fmt, prefixes={"sd": SD}) or b""
        self._send(200, "text/turtle; charset=utf-8" if media == "text/turtle" else media, body, extra, head)

    # ------------------------------------------------------------ resources

    def _base(self) -> str:
        return self.server.base or "https://example.org/rs2rdf/"

    def _folder(self, rel: str) -> Path | None:
        """The site folder ``rel`` names (no file need exist), or None outside the site or in the store."""
        try:
            return safe_path(self.server.opts.site, "/" + quote(rel, safe="/"))
        except (UnicodeDecodeError, OSError):
            return None

    def _has_document(self, rel: str) -> tuple[bool, bool]:
        """(page, twin) of the document in site folder ``rel``."""
        folder = self._folder(rel)
        if folder is None or not rel:
            return False, False
        try:
            return (folder / "index.html").is_file(), any(folder.with_name(folder.name + "." + x).is_file() for x in ("ttl", "jsonld"))
        except OSError:  # a name too long for the file system
            return False, False

    def _known(self, iri: str) -> bool:
        """Whether the store holds a triple about or pointing to ``iri``."""
        query = f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"
        ans = self.server.pool.run((query, self._base(), "json", "turtle", 1), self.server.opts.timeout)
        return ans.status == 200 and json.loads(ans.body).get("boolean") is True

    def _locate(self, raw: str) -> Located | None:
        """The document describing the resource at URL path ``raw``: its own page or twins, else the
        page of the nearest resource above it that has one (as the build gives parts of a sheet
        their sheet's page), else the store; None when nothing describes it."""
        base = self._base()
        if not raw.isascii():
            return None
        iri = site_iri(_HEX.sub(lambda m: m.group().upper(), raw[1:]), base)  # /def/… is the vocabulary's
        if not _IRIREF.fullmatch(iri):
            return None
        root = root_of(iri, base) or base
        cur = iri
        while cur.count("/") - root.count("/") >= 1:  # a document is at least {top}/{name}
            rel = iri_to_path(cur, base)
            if rel is not None:
                page, twin = self._has_document(rel)
                if page or twin:
                    anchor = iri[len(cur):].lstrip("/#")
                    if anchor and not self._known(iri):
                        return None
                    return Located(iri, rel, anchor, page)
            cur = cur.rsplit("/", 1)[0]
        return Located(iri, None, "", False) if self._known(iri) else None

    def _resource(self, raw: str, head: bool) -> bool:
        """Answer a resource IRI (or a variant of its document the site has no file for); False: not one."""
        parts = raw.split("/")
        if raw.endswith("/") or len(parts) < 3 or unquote(parts[1]) not in RESOURCE_TOPS:
            return False
        stem, dot, suffix = raw.rpartition(".")
        if dot and "/" not in suffix and suffix in RDF_FORMATS and self._virtual(stem, suffix, head):
            return True  # else it may be a resource whose key ends so (its folder is escaped, see rs2rdf.site.paths)
        try:
            target = safe_path(self.server.opts.site, raw)
            if target is None or target.is_file():
                return False
        except (UnicodeDecodeError, OSError):
            return False
        loc = self._locate(raw)
        if loc is None:
            return False
        offered = [m for m, suffix in VARIANTS.items() if suffix or loc.page]
        media = choose(self.headers.get("Accept"), offered)
        vary = {"Vary": "Accept"}
        if media is None:
            self._text(406, "not available in a type the Accept header allows; available: " + ", ".join(offered), vary)
            return True
        suffix = VARIANTS[media]
        location = variant_url(loc, raw, suffix)
        if unquote(parts[1]) == THINGS or loc.anchor:
            # a thing (or a part shown in another resource's page) is not a document: 303 to one about it
            self._send(303, "text/plain; charset=utf-8", f"See {location}\n".encode(), {"Location": location, **vary}, head)
            return True
        extra = {**vary, "Content-Location": location}
        if not suffix:
            assert loc.folder is not None
            page = self._folder(loc.folder)
            try:
                body = (page / "index.html").read_bytes() if page else None
            except OSError:
                body = None
            if body is None:
                self._text(404, "not found")
                return True
            self._send(200, "text/html; charset=utf-8", with_base(body, url_of(loc.folder) + "/"), extra, head)
            return True
        self._document(loc, suffix, head, extra)
        return True

    def _virtual(self, stem: str, suffix: str, head: bool) -> bool:
        """``{resource}.nt`` and ``.rdf`` (and ``.ttl``/``.jsonld`` where the site wrote none)."""
        try:
            target = safe_path(self.server.opts.site, f"{stem}.{suffix}")
            if target is None or target.exists():
                return False
            folder = safe_path(self.server.opts.site, stem)
        except (UnicodeDecodeError, OSError):
            return False
        if folder is not None:
            rel = folder.relative_to(self.server.opts.site.resolve()).as_posix()
            page, twin = self._has_document(rel)
            if twin:
                self._document(Located("", rel, "", page), suffix, head, {})
                return True
        loc = self._locate(stem)
        if loc is None or loc.folder is not None:
            return False
        self._document(loc, suffix, head, {})
        return True

    def _document(self, loc: Located, suffix: str, head: bool, extra: dict[str, str]) -> None:
        """One RDF variant of a document: the twin file, the twin in another syntax, or the store's description."""
        ctype = MEDIA_TYPES[f".{suffix}"]
        if loc.folder is not None:
            folder = self._folder(loc.folder)
            twins = [folder.with_name(f"{folder.name}.{x}") for x in ("ttl", "jsonld")] if folder else []
            same = [t for t in twins if t.suffix == f".{suffix}" and t.is_file()]
            if same:
                self._send_file(same[0], ctype, head, extra)
                return
            source = next((t for t in twins if t.is_file()), None)
            if source is not None:
                self._convert(source, suffix, ctype, head, extra)
                return
        opts = self.server.opts
        ans = self.server.pool.run((describe_query(loc.iri), self._base(), "json", GRAPH_KEYS[suffix], opts.limit), opts.timeout)
        if ans.truncated:
            extra = {**extra, "X-Rs2rdf-Truncated": str(opts.limit)}
        if ans.status == 200 and not ans.body.strip():
            self._text(404, "not found", extra)
            return
        self._send(ans.status, ans.content_type, ans.body, extra, head)

    def _convert(self, source: Path, suffix: str, ctype: str, head: bool, extra: dict[str, str]) -> None:
        """A twin in another syntax, streamed in chunks as it is converted.

        The vocabulary's twin holds a triple for every typed resource (tens of MB for a review
        year), so it is neither read whole nor converted in memory.
        """
        from rs2rdf.quads import jsonld
        from rs2rdf.quads.dump import prefixes

        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in extra.items():
            self.send_header(k, v)
        if self.command == "HEAD":
            self.end_headers()
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        out = io.BufferedWriter(_Chunked(self.wfile), CHUNK)
        try:
            triples = ox.parse(path=str(source), format=RDF_FORMATS[source.suffix[1:]])
            if suffix == "jsonld":  # compact, with a @context (rs2rdf.quads.jsonld); twins are sorted by subject
                wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
                jsonld.write(triples, wrapper, prefixes(self._base()))
                wrapper.flush()
                wrapper.detach()
            else:
                ox.serialize(triples, out, RDF_FORMATS[suffix], prefixes=prefixes(self._base()))
            out.flush()
        except (SyntaxError, ValueError) as exc:  # a twin that does not parse: the answer cannot be finished
            self.server.log(f"cannot convert {source}: {exc}")
            self.close_connection = True
            return
        self.wfile.write(b"0\r\n\r\n")

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
        self._send_file(target, ctype, head)

    def _send_file(self, target: Path, ctype: str, head: bool, extra: dict[str, str] | None = None) -> None:
        """Stream a file, honouring ``Range``; ``extra`` headers go with every answer."""
        try:
            fh = target.open("rb")
        except OSError:
            self._text(404, "not found", extra)
            return
        with fh:
            size = _size(fh)
            try:
                span = byte_range(self.headers.get("Range"), size)
            except ValueError:
                self._send(416, "text/plain; charset=utf-8", b"", {"Content-Range": f"bytes */{size}", **(extra or {})}, head)
                return
            first, last = span if span else (0, size - 1)
            length = max(0, last - first + 1)
            self.send_response(206 if span else 200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
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


class _Chunked(io.RawIOBase):
    """Writes what it is given as HTTP/1.1 chunks (the caller ends them with a zero-size chunk)."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(data)
        if size:
            self.out.write(b"%x\r\n" % size + bytes(data) + b"\r\n")
        return size


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

