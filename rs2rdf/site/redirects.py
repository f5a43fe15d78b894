"""Retired IRIs: a resource that the data says ``dcterms:isReplacedBy`` another keeps its path,
which answers 301 Moved Permanently to the replacement.

An organ the ministry table knew only by name was published as ``id/org/name-{hash}``; once
its 法人番号 is on file it is ``id/org/{法人番号}``, and the mapping states
``<old> owl:sameAs <new>`` and ``<old> dcterms:isReplacedBy <new>`` (from
rs2rdf/data/ministries_retired.csv). Links to the old IRI must not break, so:

* the static site keeps a page at the old path that sends the browser on (``meta refresh`` and
  ``rel=canonical``) and twins holding the two triples, for hosts without rewrite rules;
* ``.htaccess`` and the nginx snippet answer 301 for the old path, its page and its twins;
* ``rs2rdf serve`` answers 301 from ``data/redirects.tsv``, written here.
"""

from __future__ import annotations

from pathlib import Path

from rs2rdf.mapping.vocab import DCTERMS
from rs2rdf.site.index import GraphIndex
from rs2rdf.site.paths import iri_to_path

REPLACED_BY = DCTERMS + "isReplacedBy"
#: Site-relative (old folder, new folder) pairs, one a line, tab-separated; read by ``serve``.
REDIRECTS_FILE = "data/redirects.tsv"


def replacement(idx: GraphIndex, iri: str) -> str | None:
    """The IRI that replaces ``iri``, when the data says one does and ``iri`` is nothing else
    (a retired IRI carries no type of its own)."""
    if idx.types.get(iri):  # typed: a resource of its own (and no need to read its triples)
        return None
    new = idx.iri(iri, REPLACED_BY)
    return new if new and new != iri else None


def retired(idx: GraphIndex) -> list[tuple[str, str]]:
    """(old folder, new folder) of every retired IRI whose both ends the site publishes, sorted."""
    out = []
    for s in sorted(idx.out):
        new = replacement(idx, s)
        if new is None:
            continue
        old_path, new_path = iri_to_path(s, idx.base), iri_to_path(new, idx.base)
        if old_path and new_path and old_path != new_path:
            out.append((old_path, new_path))
    return out


def write_redirects(root: Path, pairs: list[tuple[str, str]]) -> None:
    target = root / REDIRECTS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(f"{old}\t{new}\n" for old, new in pairs), encoding="utf-8")


def read_redirects(root: Path) -> dict[str, str]:
    """Old folder → new folder, from a site written by :func:`write_redirects` (empty without one)."""
    try:
        text = (root / REDIRECTS_FILE).read_text(encoding="utf-8")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        old, tab, new = line.partition("\t")
        if tab and old and new:
            out[old] = new
    return out
