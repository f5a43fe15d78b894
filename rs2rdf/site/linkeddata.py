"""What makes the static site linked data: per-page twins, VoID/DCAT, sitemap, robots, conneg.

Static hosts cannot negotiate content, so every page has ``.ttl``/``.jsonld`` twins linked with
``<link rel="alternate">``, and an ``.htaccess`` and an nginx snippet do 303 negotiation where
the host allows it.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from itertools import islice
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Iterator
from urllib.parse import urlparse

import pyoxigraph as ox

from rs2rdf.mapping.metadata import ATTRIBUTION, PDL  # noqa: F401 - pages.py imports them from here
from rs2rdf.mapping.metadata import FOAF, LINKSETS, SPDX, Description, describe
from rs2rdf.mapping.iris import RS
from rs2rdf.quads.dump import DUMP_NAME, prefixes
from rs2rdf.quads import jsonld
from rs2rdf.quads.nquads import triple_lines
from rs2rdf.site import conneg
from rs2rdf.site.index import Documents, GraphIndex, is_iri
from rs2rdf.site.paths import twin_file

NOT_GOVERNMENT = "このサイトは政府の公表物ではありません。This site is not a government publication."
MEDIA = conneg.MEDIA
SITEMAP_LIMIT = 50000


def _nt(term: str) -> str:
    return term if term.startswith("_:") else f"<{term}>"


def doc_triples(idx: GraphIndex, docs: Documents, doc: str) -> list[tuple[str, str, str]]:
    """The page's resources' triples and the triples pointing to them, sorted: (subject IRI or
    blank node, predicate IRI, object as N-Triples text).

    No set is needed: each member's own pairs and incoming pairs are distinct in the index,
    and a member's triples differ from another's by subject (or, incoming, by object). A few
    pages are pointed to by most of the graph (the vocabulary, by every typed resource).
    """
    members = docs.members.get(doc, [doc])
    inside = set(members)
    rows: list[tuple[str, str, str]] = []
    for m in members:
        t = idx.out.get(m, ())
        rows.extend((m, p, f"<{o}>" if is_iri(o) else o) for p, o in zip(t[::2], t[1::2]))
        target = f"<{m}>"
        rows.extend((src, p, target) for src, p in idx.incoming(m) if src not in inside)
    rows.sort()
    return rows


def _lines(rows: list[tuple[str, str, str]]) -> Iterator[str]:
    return triple_lines((_nt(s), f"<{p}>", o) for s, p, o in rows)


def doc_ntriples(idx: GraphIndex, docs: Documents, doc: str) -> str:
    """:func:`doc_triples` as N-Triples text.

    The index keeps objects as N-Triples text, so a page's twin is string joins parsed once
    by pyoxigraph: building a term object per triple in Python cost several times the
    serialisation itself.
    """
    return "".join(_lines(doc_triples(idx, docs, doc)))


#: Pages with more triples than this stream their twins; the others parse one string, which is faster.
STREAM_ROWS = 20_000


class _Reader(io.RawIOBase):
    """The N-Triples of sorted rows as a file, a few thousand lines at a time, so the text of a
    page pointed to by a million resources is never held whole."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self._lines = _lines(rows)
        self._chunk = memoryview(b"")
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Up to ``len(buffer)`` bytes of the current chunk (a short read is allowed); 0 at the end."""
        if self._at >= len(self._chunk):
            self._chunk, self._at = memoryview("".join(islice(self._lines, 4096)).encode("utf-8")), 0
        n = min(len(buffer), len(self._chunk) - self._at)
        buffer[:n] = self._chunk[self._at:self._at + n]
        self._at += n
        return n


def write_twins(idx: GraphIndex, docs: Documents, doc: str, root: Path, px: dict[str, str]) -> None:
    """The Turtle and JSON-LD twins, each streamed from the page's sorted rows into its file."""
    path = docs.paths[doc]
    rows = doc_triples(idx, docs, doc)
    ttl = root / twin_file(path, "ttl")
    ttl.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(_lines(rows)).encode("utf-8") if len(rows) <= STREAM_ROWS else None
    source = text if text is not None else io.BufferedReader(_Reader(rows), 1 << 16)
    ox.serialize(ox.parse(source, ox.RdfFormat.N_TRIPLES, lenient=True), str(ttl), ox.RdfFormat.TURTLE, prefixes=px)
    # compact JSON-LD with the prefixes as an embedded @context (rs2rdf.quads.jsonld), written
    # from the rows' text (sorted by subject, so each resource is one node) without parsing them
    jsonld.write_text_file(((_nt(s), f"<{p}>", o) for s, p, o in rows), root / twin_file(path, "jsonld"), px)


def write_sitemap(root: Path, base: str, docs: Documents, extra: list[str]) -> int:
    """sitemap.xml (an index of sitemap-N.xml files when there are more than 50,000 pages)."""
    urls = sorted({base + ("" if not p else _url_path(p) + "/") for p in (docs.paths[d] for d in docs.members)} | {base + e for e in extra})
    chunks = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]

    def urlset(items: list[str]) -> str:
        body = "".join(f"<url><loc>{_xml(u)}</loc></url>\n" for u in items)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'
    if len(chunks) == 1:
        (root / "sitemap.xml").write_text(urlset(chunks[0]), encoding="utf-8")
    else:
        names = []
        for i, chunk in enumerate(chunks, 1):
            name = f"sitemap-{i}.xml"
            (root / name).write_text(urlset(chunk), encoding="utf-8")
            names.append(name)
        body = "".join(f"<sitemap><loc>{_xml(base + n)}</loc></sitemap>\n" for n in names)
        (root / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</sitemapindex>\n', encoding="utf-8")
    return len(urls)


def _url_path(path: str) -> str:
    from urllib.parse import quote
    return "/".join(quote(p, safe="") for p in path.split("/"))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_robots(root: Path, base: str) -> None:
    (root / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n", encoding="utf-8")


def write_context(root: Path, base: str) -> None:
    """``context.jsonld``: the @context every twin and the JSON-LD dump embed, published on its own."""
    (root / "context.jsonld").write_text(jsonld.context_document(prefixes(base)), encoding="utf-8")


def write_void_and_dcat(root: Path, base: str, title: str, counts: dict[str, int], sources: list[tuple[str, str, str]],
                        idx: GraphIndex | None = None, endpoint: str | None = None, publisher: str | None = None) -> None:
    """void.ttl (the dataset for linked-data clients) and catalog.ttl (DCAT-AP for portals), made by
    :func:`rs2rdf.mapping.metadata.describe` with what only the written output knows: the dumps'
    sizes and SHA-256, counts, class and property partitions, links out, example resources.

    ``sources``: (source IRI, official URL, sha256) of every input file.
    """
    desc = Description(base, title, _fiscal_years(idx, base) if idx else (), tuple(sorted(sources)), endpoint, publisher,
                       files=_dump_files(root), counts=counts, **(_partitions(idx) if idx else {}))
    px = {**prefixes(base), "foaf": FOAF, "spdx": SPDX}
    for name, void in (("void.ttl", True), ("catalog.ttl", False)):
        triples = describe(desc, void=void, dcat=not void, prefixes=px)
        (root / name).write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=px) or b"")


def _fiscal_years(idx: GraphIndex, base: str) -> tuple[int, ...]:
    head = base + "id/fy/"
    return tuple(sorted(int(s[len(head):]) for s in idx.types if s.startswith(head) and s[len(head):].isdigit()))


def _dump_files(root: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for ext in MEDIA:
        path = root / "data" / f"{DUMP_NAME}.{ext}"
        if path.is_file():
            h = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            out[ext] = (path.stat().st_size, h.hexdigest())
    return out


def _partitions(idx: GraphIndex) -> dict[str, Any]:
    """Class and property partitions, links out by linkset, and a few example resources."""
    classes: Counter[str] = Counter()
    for types in idx.types.values():
        classes.update(types)
    properties: Counter[str] = Counter()
    links: Counter[str] = Counter()
    watched = {p for p, _, _, _ in LINKSETS.values()}
    for t in idx.out.values():
        predicates = t[::2]
        properties.update(predicates)
        if watched.intersection(predicates):
            for p, o in zip(predicates, t[1::2]):
                for name, (lp, prefix, _, _) in LINKSETS.items():
                    if p == lp and o.startswith(prefix):
                        links[name] += 1
    rs = RS
    examples = tuple(next((s for s in sorted(idx.types) if rs + cls in idx.types[s]), "") for cls in ("Project", "ReviewSheet"))
    return {"classes": dict(classes), "properties": dict(properties), "links": dict(links),
            "examples": tuple(e for e in examples if e)}


def write_conneg(root: Path, base: str, redirects: Sequence[tuple[str, str]] = ()) -> None:
    """Apache ``.htaccess`` and an nginx snippet that negotiate like ``rs2rdf serve`` (see :mod:`rs2rdf.site.conneg`),
    with 301s for retired IRIs (``redirects``, :mod:`rs2rdf.site.redirects`)."""
    prefix = urlparse(base).path or "/"
    (root / ".htaccess").write_text(conneg.htaccess(prefix, redirects), encoding="utf-8")
    (root / "nginx.conf").write_text(conneg.nginx(prefix, redirects), encoding="utf-8")
