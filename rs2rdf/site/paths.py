"""Where a resource lives on disk, and how one page links to another.

A resource IRI ``{base}{path}`` is published at ``{path}/index.html`` beside ``{path}.ttl`` and
``{path}.jsonld`` (ttl2html style), so a static host serves the page at the IRI itself.

The mapping has to be injective over *all* IRIs (two resources must never share a file) while
keeping the minted IRIs' paths readable. Each path segment is therefore either

* *plain*: the percent-decoded segment, when decoding is lossless (re-encoding gives the segment
  back exactly as :func:`rs2rdf.mapping.iris.segment` would), the result holds no ``%`` or ``/``,
  does not start with ``.``, does not end in a twin/page suffix, and is not one of the site's own
  top-level names; a static server decodes request paths, so this is what it looks for; or
* *escaped*: ``%`` followed by the segment quoted with nothing safe and dots as ``%2E``. Plain
  names never contain ``%``, escaped names never contain ``.``, so the two sets are disjoint and
  no folder can end in ``.ttl``/``.jsonld``/``.html`` and collide with a twin or page file.

Hrefs quote every on-disk segment again, which the server (or the ``file://`` loader) undoes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote

from rs2rdf.mapping.iris import VOCAB_BASE

_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")
#: Top-level names the site itself uses; a resource whose first segment is one of them is escaped.
RESERVED_TOP = frozenset({
    "index.html", "static", "data", "search", "validation", "en", "sitemap.xml", "robots.txt",
    "void.ttl", "catalog.ttl", ".htaccess", "nginx.conf", "about", "sitemap-1.xml", "explore", "recipients",
    "contracts", "context.jsonld",
})
#: Suffixes of files written beside a resource folder; a plain name must not end in one.
RESERVED_SUFFIXES = (".ttl", ".jsonld", ".html", ".nt", ".json", ".js", ".xml", ".txt", ".conf")
PAGE = "index.html"


def _minted(text: str) -> str:
    """The form :func:`rs2rdf.mapping.iris.segment` gives an already-NFKC key."""
    if _SAFE.match(text) and text not in (".", ".."):
        return text
    return quote(text, safe="").replace(".", "%2E")


def _plain(segment: str) -> str | None:
    try:
        decoded = unquote(segment, errors="strict")
    except UnicodeDecodeError:
        return None
    if (not decoded or "%" in decoded or "/" in decoded or "\x00" in decoded or decoded.startswith(".")
            or decoded.lower().endswith(RESERVED_SUFFIXES) or _minted(decoded) != segment):
        return None
    return decoded


def segment_to_name(segment: str, top: bool = False) -> str:
    """One IRI path segment → one file-system name (see the module docstring)."""
    plain = _plain(segment)
    if plain is not None and not (top and plain in RESERVED_TOP):
        return plain
    return "%" + quote(segment, safe="").replace(".", "%2E")


def split_iri(iri: str) -> tuple[str, str]:
    """(document IRI, fragment); the fragment is "" for IRIs without ``#``."""
    doc, _, fragment = iri.partition("#")
    return doc, fragment


#: The site root the vocabulary's IRIs are read against: ``{VOCAB_ROOT}def/…`` is published at
#: the site's ``def/…`` whatever the base, so every deployment shows (and serves) the one vocabulary.
VOCAB_ROOT = VOCAB_BASE.removesuffix("def/")


def root_of(iri: str, base: str) -> str | None:
    """The prefix ``iri``'s site path is read after: the vocabulary's root, the base, or None
    for an IRI the site does not publish."""
    if iri.startswith(VOCAB_BASE):
        return VOCAB_ROOT
    return base if iri.startswith(base) else None


def published(iri: str, base: str) -> bool:
    """Whether the site has a place for ``iri``: data under the base, or the vocabulary."""
    return iri.startswith(base) or iri.startswith(VOCAB_BASE)


def site_iri(rel: str, base: str) -> str:
    """The IRI a site path (``id/org/1``, ``def/rs``) names: the inverse of :func:`iri_to_path`
    for the paths the IRI scheme mints."""
    return VOCAB_ROOT + rel if rel == "def" or rel.startswith("def/") else base + rel


def iri_to_path(iri: str, base: str) -> str | None:
    """The folder of ``iri``'s document relative to the site root, or None outside ``base`` and
    the vocabulary.

    The fragment is dropped: hash IRIs live in their document's page.
    """
    doc, _ = split_iri(iri)
    root = root_of(doc, base)
    if root is None:
        return None
    rest = doc[len(root):]
    parts = rest.split("/")
    return "/".join(segment_to_name(p, top=(i == 0)) for i, p in enumerate(parts))


def page_file(path: str) -> str:
    return f"{path}/{PAGE}" if path else PAGE


def twin_file(path: str, ext: str) -> str:
    return f"{path}.{ext}"


def relative_url(from_file: str, to_file: str, fragment: str = "") -> str:
    """Relative href from one site file to another, quoted so servers and ``file://`` decode it back.

    Both arguments are site-relative file paths (``id/org/1/index.html``), never folders, so the
    links also work from ``file://`` where a folder URL shows a listing instead of the page.
    """
    start = from_file.split("/")[:-1]
    target = to_file.split("/")
    common = 0
    for a, b in zip(start, target):
        if a != b:
            break
        common += 1
    rel = [".."] * (len(start) - common) + [_quoted(p) for p in target[common:]]
    href = "/".join(rel) or "."
    return href + fragment_href(fragment) if fragment else href


@lru_cache(maxsize=1 << 16)
def _quoted(segment: str) -> str:
    """Site paths never hold ``.``/``..`` segments (see :func:`segment_to_name`)."""
    return quote(segment, safe="")


@lru_cache(maxsize=1 << 16)
def fragment_href(fragment: str) -> str:
    """``#`` + the fragment quoted, so that percent-decoding it gives the element id back."""
    return "#" + quote(fragment, safe="/:@!$&'()*+,;=-._~")




#: Where a resource of the IRI scheme is shown when only its IRI is known (the validation report
#: is written beside the site, without the site's page index): an unidentified payee's own page,
#: a sheet's page for everything under it, an organisation's page for its hash IRIs; every other
#: resource is a page of its own. A test checks these against the site's own placement.
#: An RS sheet is ``id/sheet/{year}/{予算事業ID}``; a sheet before RS is ``id/sheet/{year}/{ministry
#: key}/{事業番号}``, its ministry key a 13-digit 法人番号 or a name, never a short integer.
_SHEET = r"id/sheet/[^/]+/(?:\d{1,12}|[^/]+/[^/]+)"
_PAYEE_PAGE = re.compile(rf"^({_SHEET}/block/[^/]+/payee/n-[^/]+)")
_SHEET_PAGE = re.compile(rf"^({_SHEET})(?:/|$)")


def page_of_iri(iri: str, base: str) -> tuple[str, str] | None:
    """(page file, anchor) that shows ``iri`` in a site built with the default page classes."""
    doc, _ = split_iri(iri)
    root = root_of(doc, base)
    if root is None:
        return None
    rest = doc[len(root):]
    found = _PAYEE_PAGE.match(rest) or _SHEET_PAGE.match(rest)
    page = found.group(1) if found else rest
    path = iri_to_path(root + page, base)
    if path is None:
        return None
    anchor = iri[len(root) + len(page):].lstrip("/#")
    return page_file(path), anchor
