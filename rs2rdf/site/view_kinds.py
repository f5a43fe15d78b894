"""The kind-specific parts of pages: budgets, money flows, logic models, reverse views."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

import pyoxigraph as ox

from rs2rdf.mapping.vocab import ELI, ORG, OWL, PROV, RDFS, SKOS, TIME
from rs2rdf.site.html import json_for_html
from rs2rdf.site.charts import budget_chart
from rs2rdf.site.paths import fragment_href
from rs2rdf.site.amounts import fiscal_year, rate, yen
from rs2rdf.site.money_pages import cell, overview, total_cell
from rs2rdf.site.rankings import latest_per_year, yearly_totals
from rs2rdf.site.view import Site, Value, common
from rs2rdf.site.law_pages import EGOV_PREFIX, law_sections
from rs2rdf.site.redirects import replacement
from rs2rdf.site.schema_org import resource_schema

#: Page kind by type, first match wins (a ministry is also an organisation). ``rs:`` names
#: are resolved against the site's vocabulary namespace.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sheet", ("rs:ReviewSheet",)), ("project", ("rs:Project",)), ("ministry", ("rs:Ministry",)),
    ("unit", (ORG + "OrganizationalUnit",)), ("corporation", (ORG + "Organization", ORG + "FormalOrganization")),
    ("law", (ELI + "LegalResource",)), ("provision", (ELI + "LegalResourceSubdivision",)),
    ("fy", (TIME + "ProperInterval",)), ("vocabulary", (OWL + "Ontology",)),
    ("concept", (SKOS + "Concept", SKOS + "ConceptScheme")),
)


def page_kind(site: Site, doc: str) -> str:
    idx, V = site.idx, site.V
    if replacement(idx, doc):
        return "retired"
    for kind, types in _KINDS:
        if idx.is_a(doc, *(V[t[3:]] if t.startswith("rs:") else t for t in types)):
            return kind
    if any(idx.is_a(m, V.UnidentifiedRecipient) for m in site.docs.members.get(doc, ())):
        return "recipient"
    return "resource"


TEMPLATES = {"sheet": "sheet.html", "project": "project.html", "ministry": "org.html", "unit": "org.html",
             "corporation": "org.html", "law": "law.html", "provision": "law.html", "fy": "fy.html",
             "vocabulary": "vocabulary.html", "concept": "resource.html", "recipient": "recipient.html",
             "resource": "resource.html", "retired": "resource.html"}


def page_view(site: Site, doc: str) -> Value:
    kind = page_kind(site, doc)
    view = common(site, doc, kind)
    view["template"] = TEMPLATES[kind]
    if kind == "vocabulary":
        # the terms table holds every term's anchor, label, kind, domain, range and comment; the
        # full description of each (hundreds of property tables) is in the .ttl twin (the page was 1 MB)
        view["members"], view["backlinks"] = [], []
    if kind == "retired":
        # an IRI published before its resource got an official key: the page sends the reader on
        new = replacement(site.idx, doc)
        view["redirect"] = site.link(view["file"], new) if new else None
    builder = BUILDERS.get(kind)
    if builder is not None:
        view["sections"] = builder(site, doc, view["file"])
    block = resource_schema(site, doc, kind)
    if block is not None:
        view["jsonld"] = json_for_html(block, sort_keys=True)
    return view


# --- shared pieces ---------------------------------------------------------------------------

def sheet_summary(site: Site, sheet: str, here: str) -> Value:
    idx, V = site.idx, site.V
    return {"link": site.link(here, sheet), "year": idx.label(idx.iri(sheet, V.reviewYear) or "")["ja"]
            if idx.iri(sheet, V.reviewYear) else "",
            "ministry": site.link(here, m) if (m := idx.iri(sheet, V.responsibleOrganization)) else None,
            "project": site.link(here, p) if (p := idx.iri(sheet, V.project)) else None}


def provenance(site: Site, doc: str, here: str) -> list[Value]:
    """Source files and rows every resource of the page was read from (prov:wasDerivedFrom)."""
    rows: dict[str, list[str]] = defaultdict(list)
    for m in site.docs.members.get(doc, [doc]):
        for o in site.idx.values(m, PROV + "wasDerivedFrom"):
            if isinstance(o, ox.NamedNode):
                src, _, row = o.value.partition("#")
                rows[src].append(row)
    out = []
    for src in sorted(rows):
        nums = sorted({r for r in rows[src] if r}, key=lambda r: (len(r), r))
        out.append({"source": site.link(here, src), "rows": ", ".join(nums[:60]) + (" …" if len(nums) > 60 else ""),
                    "count": len(nums)})
    return out


# --- sheet -----------------------------------------------------------------------------------

def sheet_sections(site: Site, sheet: str, here: str) -> Value:
    """The sheet page lives in :mod:`rs2rdf.site.sheet_page` (which uses this module's pieces)."""
    from rs2rdf.site.sheet_page import sheet_sections as sections
    return sections(site, sheet, here)


def logic_model(site: Site, sheet: str, here: str) -> list[Value]:
    idx, V = site.idx, site.V
    columns: dict[str, list[Value]] = defaultdict(list)
    for ind in idx.iri_values(sheet, V.indicator):
        if idx.is_a(ind, V.Activity):
            key = "1"
        elif idx.is_a(ind, V.Output):
            key = "2"
        else:
            term = (idx.iri(ind, V.outcomeTerm) or "").rsplit("/", 1)[-1]
            key = {"short": "3", "mid": "4", "long": "5"}.get(term, "6" if idx.is_a(ind, V.Outcome) else "7")
        values = []
        for val in idx.subjects_to(ind, V.indicator):
            if not idx.is_a(val, V.IndicatorValue):  # the sheet and the data-cube observations point here too
                continue
            values.append({"year": idx.text(val, V.year) or "", "target": idx.text(val, V.targetValue) or "",
                           "actual": idx.text(val, V.actualValue) or "",
                           "rate": idx.text(val, V.achievementRatePercent) or ""})
        columns[key].append({"href": site.href(here, ind), "label": idx.label(ind), "unit": idx.text(ind, V.unit) or "",
                             "values": sorted(values, key=lambda x: x["year"]), "id": ind.rsplit("/", 1)[-1],
                             "leads_to": [site.link(here, t) for t in idx.iri_values(ind, V.leadsTo)]})
    names = {"1": ("アクティビティ", "Activities"), "2": ("アウトプット", "Outputs"), "3": ("短期アウトカム", "Short-term outcomes"),
             "4": ("中期アウトカム", "Mid-term outcomes"), "5": ("長期アウトカム", "Long-term outcomes"),
             "6": ("アウトカム", "Outcomes"), "7": ("その他", "Other")}  # 6: an outcome printed without its term (sheets before RS)
    return [{"label": {"ja": names[k][0], "en": names[k][1]}, "items": sorted(columns[k], key=lambda i: i["href"] or "")}
            for k in sorted(columns)]


def law_citations(site: Site, sheet: str, here: str) -> list[Value]:
    idx, V = site.idx, site.V
    out = []
    for cit in idx.iri_values(sheet, V.lawCitation):
        law = idx.iri(cit, V.law)
        prov = idx.iri(cit, V.provision)
        # the cited article on e-Gov where its anchor is known, else the law
        egov = next((o.value for node in (prov, law) if node for o in idx.values(node, RDFS + "seeAlso")
                     if isinstance(o, ox.NamedNode) and o.value.startswith(EGOV_PREFIX)), None)
        out.append({"label": idx.label(cit), "href": site.href(here, cit), "law": site.link(here, law) if law else None,
                    "provision": site.link(here, prov) if prov else None, "egov": egov})
    return out


# --- project, organisations, laws, years ------------------------------------------------------

def project_sections(site: Site, project: str, here: str) -> Value:
    """A project across review years: each sheet, and one row per fiscal year taken from the latest
    sheet that reports it (a later sheet restates earlier years with settled figures)."""
    idx, V = site.idx, site.V
    money = site.money
    sheets = [money.sheets[s] for s in idx.iri_values(project, V.sheet) if s in money.sheets]
    history = [{**sheet_summary(site, s.iri, here), "year": fiscal_year(s.review_year), "sort": s.review_year or 0}
               for s in sheets]
    chosen = latest_per_year(sheets)
    rows = [{"year": fiscal_year(y), "href": site.href(here, b.obs), "initial": cell(b.initial), "current": cell(b.current),
             "execution": cell(b.execution), "rate": rate(b.rate)} for y, b in sorted(chosen.items())]
    chart = budget_chart([(str(y), b.current, b.execution) for y, b in sorted(chosen.items())],
                         f"{idx.label(project)['ja']}: 予算額と執行額")
    return {"history": sorted(history, key=lambda h: h["sort"]), "budget": rows, "budget_chart": chart}


def org_sections(site: Site, org: str, here: str) -> Value:
    """Organisation pages live in :mod:`rs2rdf.site.org_page`."""
    from rs2rdf.site.org_page import org_sections as sections
    return sections(site, org, here)


def fy_sections(site: Site, fy: str, here: str) -> Value:
    """A fiscal year: as a review year, the money overview of its sheets; as a budget year, the
    projects' figures for it (one review year per project, the latest, so nothing is counted twice)."""
    idx, V = site.idx, site.V
    year = idx.text(fy, V.year)
    y = int(year) if year and year.isdigit() else None
    reviewed = y is not None and y in site.money.review_years
    budget_year = yearly_totals(site.money, list(site.money.sheets.values())).get(y) if y is not None else None
    return {"overview": overview(site, y, here) if reviewed and y is not None else None,
            "budget_year": {"initial": total_cell(budget_year[0]), "current": total_cell(budget_year[1]),
                            "execution": total_cell(budget_year[2])} if budget_year else None,
            "fy": fiscal_year(y)}


def vocabulary_sections(site: Site, doc: str, here: str) -> Value:
    idx = site.idx
    terms = []
    for m in site.docs.members.get(doc, []):
        if m == doc:
            continue
        labels = idx.label_map(m)
        comments = {o.language or "": o.value for o in idx.values(m, RDFS + "comment") if isinstance(o, ox.Literal)}
        terms.append({"id": m.partition("#")[2] or m, "self": fragment_href(m.partition("#")[2] or m), "ja": labels.get("ja", ""), "en": labels.get("en", ""),
                      "comment_ja": comments.get("ja", ""), "comment_en": comments.get("en", comments.get("", "")),
                      "types": [idx.label(t) for t in sorted(idx.types.get(m, ()))],
                      "domain": [site.link(here, d) for d in idx.iri_values(m, RDFS + "domain")],
                      "range": [site.link(here, r) for r in idx.iri_values(m, RDFS + "range")]})
    return {"terms": sorted(terms, key=lambda t: (t["id"][:1].islower(), t["id"]))}


def recipient_sections(site: Site, doc: str, here: str) -> Value:
    idx, V = site.idx, site.V
    block = idx.iri(doc, V.block)
    sheet = idx.iri(block, V.sheet) if block else None
    return {"amount": yen(idx.number(doc, V.amount)), "block": site.link(here, block) if block else None,
            **(sheet_summary(site, sheet, here) if sheet else {"link": None, "year": "", "ministry": None, "project": None})}


BUILDERS: dict[str, Callable[[Site, str, str], Value]] = {
    "sheet": sheet_sections, "project": project_sections, "ministry": org_sections, "unit": org_sections,
    "corporation": org_sections, "law": law_sections, "provision": law_sections, "fy": fy_sections,
    "vocabulary": vocabulary_sections, "recipient": recipient_sections,
}
