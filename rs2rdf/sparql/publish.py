"""``rs2rdf publish``: copy a built site's graph into an existing triple store through the
SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the build (one per source table or sheet) is sent with ``PUT``, which
replaces that graph on the server: publishing the same or a newer build again never
duplicates triples. Graphs the server holds but this build lacks are left alone (they may
belong to someone else); remove them with the store's own tools.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from rs2rdf.core.errors import Rs2rdfError, UsageError
from rs2rdf.sparql.store import open_store


@dataclass(frozen=True)
class Auth:
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def header(self) -> str | None:
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None:
            raw = f"{self.user}:{self.password or ''}".encode("utf-8")
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None


def graph_url(endpoint: str, graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """Indirect graph identification: ``?graph=<iri>`` (or ``?default``)."""
    sep = "&" if urlsplit(endpoint).query else "?"
    if isinstance(graph, ox.DefaultGraph):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={quote(graph.value, safe='')}"


def put_graph(endpoint: str, graph: ox.NamedNode | ox.DefaultGraph, body: bytes, auth: Auth, timeout: float) -> int:
    req = urllib.request.Request(graph_url(endpoint, graph), data=body, method="PUT")
    req.add_header("Content-Type", "application/n-triples")
    header = auth.header()
    if header:
        req.add_header("Authorization", header)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the user names the endpoint
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip()
        hint = " (check --user/--password or --token)" if exc.code in (401, 403) else ""
        raise Rs2rdfError(f"{endpoint}: PUT {graph} refused with HTTP {exc.code}{hint}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise Rs2rdfError(f"{endpoint}: cannot reach the graph store ({getattr(exc, 'reason', exc)})") from exc


def publish_site(site: Path, endpoint: str, auth: Auth = Auth(), timeout: float = 300.0,
                 progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """PUT every graph of the site; returns triples sent per graph IRI (``""`` = default graph)."""
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise UsageError(f"--endpoint must be an http(s) URL: {endpoint!r}")
    if auth.header() and urlsplit(endpoint).scheme == "http" and urlsplit(endpoint).hostname not in ("localhost", "127.0.0.1", "::1"):
        progress("warning: sending credentials over plain http")
    store = open_store(site)
    graphs: list[ox.NamedNode | ox.DefaultGraph] = []
    for named in sorted(store.named_graphs(), key=lambda n: n.value):
        if not isinstance(named, ox.NamedNode):  # a build names graphs by IRI; the protocol cannot address a blank node
            raise Rs2rdfError(f"{site}: graph _:{named.value} has no IRI and cannot be published")
        graphs.append(named)
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        graphs.insert(0, ox.DefaultGraph())
    report: dict[str, int] = {}
    for g in graphs:
        # written by the store itself: a year's largest graph (5-1, 1.5 M triples) as Python triple
        # objects first needed 1 GB more and a second longer
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
        count = body.count(b"\n")  # N-Triples from pyoxigraph: one triple per line, newlines in literals escaped
        name = g.value if isinstance(g, ox.NamedNode) else ""
        progress(f"PUT {name or 'default graph'} ({count} triples)")
        put_graph(endpoint, g, body, auth, timeout)
        report[name] = count
    return report
