"""A prebuilt search index, loaded as a script so search works on any static host and offline.

``fetch()`` of a JSON file fails under ``file://``, a ``<script src>`` does not: the index is a
JavaScript file that assigns one global. Entries hold site-root-relative links; the page's
script prefixes them with its own way back to the root.
"""

from __future__ import annotations

from pathlib import Path

from rs2rdf.mapping.vocab import ELI, ORG
from rs2rdf.site.html import json_for_html
from rs2rdf.site.paths import page_file
from rs2rdf.site.view import Site

INDEX_FILE = "search/search-index.js"


def search_entries(site: Site) -> list[list[str]]:
    """[kind, label ja, label en, link, extra text] for projects, sheets, organisations and laws."""
    idx, V = site.idx, site.V
    rows: list[list[str]] = []
    for doc in site.docs.members:
        if idx.is_a(doc, V.Project):
            kind, extra = "project", f"予算事業ID {idx.text(doc, 'http://purl.org/dc/terms/identifier') or ''}"
            sheets = idx.iri_values(doc, V.sheet)
            if sheets:
                org = idx.iri(sheets[-1], V.responsibleOrganization)
                extra += " " + (idx.label(org)["ja"] if org else "")
        elif idx.is_a(doc, V.Ministry):
            kind, extra = "ministry", idx.text(doc, V.corporateNumber) or ""
        elif idx.is_a(doc, ORG + "OrganizationalUnit"):
            kind, extra = "unit", idx.text(doc, V.unitPath) or ""
        elif idx.is_a(doc, ORG + "Organization"):
            kind, extra = "recipient", idx.text(doc, V.corporateNumber) or ""
        elif idx.is_a(doc, ELI + "LegalResource"):
            kind, extra = "law", idx.text(doc, ELI + "id_local") or ""
        else:
            continue
        label = idx.label(doc)
        rows.append([kind, label["ja"], label["en"] if label["en"] != label["ja"] else "", page_file(site.docs.paths[doc]), extra.strip()])
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    return rows


def write_search_index(site: Site, root: Path) -> int:
    rows = search_entries(site)
    out = root / INDEX_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json_for_html(rows, separators=(",", ":"))
    out.write_text(f"window.RS2RDF_SEARCH={payload};\n", encoding="utf-8")
    return len(rows)
