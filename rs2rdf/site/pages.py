"""View-models of the pages that are not one resource: home, dataset (about) and search."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from rs2rdf.quads.dump import DUMP_NAME
from rs2rdf.mapping.vocab import PROV, TIME
from rs2rdf.site.linkeddata import ATTRIBUTION, NOT_GOVERNMENT, PDL
from rs2rdf.site.money_pages import overview
from rs2rdf.site.html import json_for_html
from rs2rdf.mapping.metadata import dataset_iri
from rs2rdf.site.schema_org import dataset_schema
from rs2rdf.mapping.iris import RS_DOC
from rs2rdf.site.paths import published, relative_url
from rs2rdf.site.view import Site, Value, nav

DUMP_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def home_view(site: Site, counts: dict[str, int]) -> Value:
    here = "index.html"
    idx, V = site.idx, site.V
    ministries = []
    years = []
    for doc in site.docs.members:
        if idx.is_a(doc, V.Ministry):
            n = len(idx.subjects_to(doc, V.responsibleOrganization))
            order = idx.number(doc, V.ministryOrder)
            ministries.append({"link": site.link(here, doc), "sheets": n, "order": order if order is not None else 999.0})
        elif idx.is_a(doc, TIME + "ProperInterval"):
            n = len(idx.subjects_to(doc, V.reviewYear))
            years.append({"link": site.link(here, doc), "sheets": n, "year": idx.text(doc, V.year) or ""})
    years_reviewed = site.money.review_years
    return {"template": "home.html", "file": here, "nav": nav(site, here), "counts": counts,
            "overview": overview(site, years_reviewed[-1], here) if years_reviewed else None,
            "ministries": sorted((m for m in ministries if m["sheets"]), key=lambda m: (m["order"], m["link"]["iri"])),
            "years": sorted(years, key=lambda y: y["year"], reverse=True),
            "title": {"ja": site.title, "en": site.title}}


def about_view(site: Site, counts: dict[str, int], staging: Path) -> Value:
    """The dataset page: sources with checksums, licence and attribution, counts, downloads."""
    here = "about/index.html"
    idx, V = site.idx, site.V
    sources = []
    for s in sorted(idx.out):
        if not idx.is_a(s, V.SourceFile):
            continue
        url = idx.iri(s, PROV + "hadPrimarySource")
        sources.append({"link": site.link(here, s), "table": idx.text(s, V.table) or "",
                        "sha256": idx.text(s, V.sha256) or "", "url": url,
                        "title": idx.text(s, "http://purl.org/dc/terms/title") or ""})
    downloads = []
    for ext in DUMP_FORMATS:
        f = staging / "data" / f"{DUMP_NAME}.{ext}"
        if f.is_file():
            downloads.append({"name": f.name, "href": relative_url(here, f"data/{f.name}"), "bytes": f"{f.stat().st_size:,}"})
    for f in sorted((staging / "data" / "queries").glob("*.csv")):
        downloads.append({"name": f"queries/{f.name}", "href": relative_url(here, f"data/queries/{f.name}"),
                          "bytes": f"{f.stat().st_size:,}"})
    extra = [{"name": n, "href": relative_url(here, n)} for n in ("void.ttl", "catalog.ttl", "sitemap.xml")]
    dumps = [(ext, f"{site.idx.base}data/{DUMP_NAME}.{ext}", f.stat().st_size) for ext in DUMP_FORMATS
             if (f := staging / "data" / f"{DUMP_NAME}.{ext}").is_file()]
    block = dataset_schema(site, dataset_iri(site.idx.base), dumps)
    return {"template": "about.html", "file": here, "nav": nav(site, here), "counts": counts, "sources": sources,
            "jsonld": json_for_html(block, sort_keys=True),
            "downloads": downloads, "extra": extra, "licence": PDL, "attribution": ATTRIBUTION,
            "not_government": NOT_GOVERNMENT, "base": site.idx.base,
            "title": {"ja": "データセットについて", "en": "About the dataset"}}


def search_view(site: Site) -> Value:
    here = "search/index.html"
    return {"template": "search.html", "file": here, "nav": nav(site, here), "title": {"ja": "検索", "en": "Search"}}


def source_rows(site: Site) -> list[tuple[str, str, str]]:
    idx, V = site.idx, site.V
    out = []
    for s in sorted(idx.out):
        if idx.is_a(s, V.SourceFile):
            url = idx.first(s, PROV + "hadPrimarySource")
            out.append((s, url.value if isinstance(url, ox.NamedNode) else "", idx.text(s, V.sha256) or ""))
    return out


def count_pages(site: Site) -> dict[str, int]:
    idx, V = site.idx, site.V
    subjects = [s for s in idx.out if published(s, idx.base)]
    return {"subjects": len(subjects), "pages": len(site.docs.members),
            "triples": idx.triples,
            # a project once: its resource, or a pre-2024 sheet that no other sheet's link joins to a project
            "projects": sum(1 for d in site.docs.members if idx.is_a(d, V.Project)
                            or (idx.is_a(d, V.ReviewSheet) and idx.iri(d, V.project) is None)),
            "sheets": sum(1 for d in site.docs.members if idx.is_a(d, V.ReviewSheet)),
            "vocab_page": 1 if RS_DOC in site.docs.paths else 0}


