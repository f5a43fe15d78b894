"""URLs printed in the sheets (事業概要URL, a policy's or plan's URL) as IRIs.

A link is a resource, so it is published as an IRI (``<https://…>``), which a linked-data
client can follow and a SPARQL query can join on, not as an ``xsd:anyURI`` string. Only text
that is one absolute http(s) IRI becomes one; anything else a cell holds (two URLs, a note, a
URL with spaces) is kept as printed under ``rs:printedUrl`` and reported (``invalid-url``),
never guessed into an IRI.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyoxigraph as ox

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.mapping.context import Context

#: An absolute http(s) IRI: no white space, nothing RFC 3987 forbids unescaped.
_WEB = re.compile(r"https?://[^\s<>\"{}|\\^`\u3000]+", re.IGNORECASE)


def web_iri(text: str | None) -> str | None:
    """``text`` (stripped) when it is one absolute http(s) IRI with a host, else None."""
    if not text:
        return None
    candidate = text.strip()
    if not _WEB.fullmatch(candidate):
        return None
    try:
        if not urlsplit(candidate).hostname:
            return None
        ox.NamedNode(candidate)
    except ValueError:
        return None
    return candidate


def link(ctx: Context, s: str, p: str, text: str | None, src: SourceLocation, g: str) -> None:
    """``s p <url>``; a value that is no IRI is kept as ``s rs:printedUrl "text"`` and reported."""
    if not text or not text.strip():
        return
    iri = web_iri(text)
    if iri is not None:
        ctx.emitter.iri(s, p, iri, g)
        return
    ctx.problems.append(Problem("invalid-url", "not one absolute http(s) URL; kept as printed text (rs:printedUrl)",
                                src, text[:200]))
    ctx.emitter.plain(s, ctx.V.printedUrl, text, g)
