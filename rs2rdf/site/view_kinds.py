"""The kind-specific parts of pages: budgets, money flows, logic models, reverse views."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Any, Callable

import pyoxigraph as ox

from rs2rdf.mapping.vocab import ELI, ORG, OWL, PROV, RDFS, SKOS, TIME
from rs2rdf.site.html import json_for_html
from rs2rdf.site.charts import FlowEdge, FlowNode, budget_chart, flow_chart, short_yen, yen
from rs2rdf.site.paths import fragment_href, relative_url
from rs2rdf.site.view import Site, Value, common
from rs2rdf.site.law_pages import law_sections

SCHEMA_CONTEXT = "https://schema.org"


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
    for kind, types in _KINDS:
        if idx.is_a(doc, *(V[t[3:]] if t.startswith("rs:") else t for t in types)):
            return kind
    if any(idx.is_a(m, V.UnidentifiedRecipient) for m in site.docs.members.get(doc, ())):
        return "recipient"
    return "resource"


TEMPLATES = {"sheet": "sheet.html", "project": "project.html", "ministry": "org.html", "unit": "org.html",
             "corporation": "org.html", "law": "law.html", "provision": "law.html", "fy": "fy.html",
             "vocabulary": "vocabulary.html", "concept": "resource.html", "recipient": "recipient.html",
             "resource": "resource.html"}


def page_view(site: Site, doc: str) -> Value:
    kind = page_kind(site, doc)
    view = common(site, doc, kind)
    view["template"] = TEMPLATES[kind]
    builder = BUILDERS.get(kind)
    if builder is not None:
        view["sections"] = builder(site, doc, view["file"])
    view["jsonld"] = json_for_html(schema_org(site, doc, kind), sort_keys=True)
    return view


# --- shared pieces ---------------------------------------------------------------------------

def sheet_summary(site: Site, sheet: str, here: str) -> Value:
    idx, V = site.idx, site.V
    return {"link": site.link(here, sheet), "year": idx.label(idx.iri(sheet, V.reviewYear) or "")["ja"]
            if idx.iri(sheet, V.reviewYear) else "",
            "ministry": site.link(here, m) if (m := idx.iri(sheet, V.responsibleOrganization)) else None,
            "project": site.link(here, p) if (p := idx.iri(sheet, V.project)) else None}


def budget_rows(site: Site, sheet: str) -> list[dict[str, Any]]:
    """Aggregate budget observations of a sheet, one per budget year."""
    idx, V = site.idx, site.V
    rows = []
    for obs in idx.subjects_to(sheet, V.sheet):
        if not idx.is_a(obs, V.BudgetSummary) or idx.text(obs, V.isAggregate) != "true":
            continue
        fy = idx.iri(obs, V.budgetYear)
        year = idx.text(fy, V.year) if fy else None
        rows.append({"year": year or "", "fy": fy, "obs": obs,
                     "initial": idx.number(obs, V.initialBudget),
                     "current": idx.number(obs, V.currentBudget),
                     "execution": idx.number(obs, V.execution),
                     "rate": idx.number(obs, V.executionRate),
                     "request": idx.number(obs, V.nextYearRequest)})
    return sorted(rows, key=lambda r: r["year"])


def _money_cells(rows: list[dict[str, Any]], site: Site, here: str) -> list[Value]:
    return [{"year": r["year"], "fy": site.link(here, r["fy"]) if r["fy"] else None,
             "href": site.href(here, r["obs"]) if "obs" in r else None,
             "initial": yen(r["initial"]), "current": yen(r["current"]), "execution": yen(r["execution"]),
             "rate": "—" if r["rate"] is None else f"{r['rate'] * 100:.1f}%", "request": yen(r["request"])} for r in rows]


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
    idx, V = site.idx, site.V
    rows = budget_rows(site, sheet)
    title = idx.label(sheet)["ja"]
    chart = budget_chart([(r["year"], r["current"], r["execution"]) for r in rows], f"{title}: 予算額と執行額")
    return {"budget": _money_cells(rows, site, here), "budget_chart": chart, **spending(site, sheet, here),
            "logic": logic_model(site, sheet, here), "laws": law_citations(site, sheet, here),
            "provenance": provenance(site, sheet, here), "summary": sheet_summary(site, sheet, here),
            # what the project is for, first: labels from the vocabulary like every other field
            "about": [{"label": idx.label(term), "text": text}
                      for term in (V.purpose, V.currentIssues, V.overview)
                      if (text := idx.text(sheet, term))]}


def spending(site: Site, sheet: str, here: str) -> Value:
    idx, V = site.idx, site.V
    blocks = sorted(idx.iri_values(sheet, V.block), key=lambda b: idx.text(b, V.blockLetter) or b)
    nodes: dict[str, FlowNode] = {}
    edges: list[FlowEdge] = []
    amount = {b: idx.number(b, V.amount) for b in blocks}
    for b in blocks:
        letter = idx.text(b, V.blockLetter) or b.rsplit("/", 1)[-1]
        nodes[b] = FlowNode(letter, f"{letter} {idx.label(b)['ja']}", amount[b])
    flow_rows = []
    for flow in idx.subjects_to(sheet, V.sheet):
        if not idx.is_a(flow, V.FundFlow):
            continue
        to = idx.iri(flow, V.toBlock)
        src = idx.iri(flow, V.fromBlock) or idx.iri(flow, V.fromAgency)
        if to is None or src is None or to not in nodes:
            continue
        if src not in nodes:
            name = idx.text(flow, V.printedName) or idx.label(src)["ja"]
            nodes[src] = FlowNode(name, name, None)
        edge = FlowEdge(nodes[src].key, nodes[to].key, amount.get(to))
        # A sheet may list one link twice (予算の配分 and 予算の移替え, say): the money moves once,
        # so the chart draws one band and sums nodes over distinct links; the table keeps each row.
        if edge not in edges:
            edges.append(edge)
        flow_rows.append((edge.source, edge.target, flow, {"source": edge.source, "target": edge.target, "amount": yen(edge.amount),
                                                           "note": idx.text(flow, V.flowNote) or "",
                                                           "href": site.href(here, flow)}))
    for key, node in list(nodes.items()):
        if node.amount is None and key not in amount:
            out_sum = sum(e.amount or 0 for e in edges if e.source == node.key and e.target != node.key)
            nodes[key] = FlowNode(node.key, node.label, out_sum or None)
    chart = flow_chart(sorted(nodes.values(), key=lambda n: n.key), sorted(edges, key=lambda e: (e.source, e.target)),
                       f"{idx.label(sheet)['ja']}: 資金の流れ")
    block_rows = []
    pages: list[Value] = []
    for b in blocks:
        ordered = sorted(idx.iri_values(b, V.payment), key=lambda p: (-(idx.number(p, V.amount) or 0), p))
        payments = [_payment_row(site, here, pay) for pay in ordered[:TOP_PAYMENTS]]
        row = {"letter": nodes[b].key, "label": idx.label(b), "href": site.href(here, b),
               "amount": yen(amount[b]), "role": idx.text(b, V.role) or "", "payments": payments,
               "total_payments": len(ordered), "all_href": None}
        if len(ordered) > TOP_PAYMENTS:
            files = _payment_pages(here, b, len(ordered))
            row["all_href"] = relative_url(here, files[0])
            for n, file in enumerate(files):
                chunk = ordered[n * PAYMENTS_PER_PAGE:(n + 1) * PAYMENTS_PER_PAGE]
                pages.append({"file": file, "template": "payments.html", "title": {
                    "ja": f"{idx.label(sheet)['ja']}　ブロック{nodes[b].key}の支出先（{n + 1}/{len(files)}）",
                    "en": f"{idx.label(sheet)['en']}: payees of block {nodes[b].key} ({n + 1}/{len(files)})"},
                    "sheet_href": relative_url(file, here), "block_href": site.href(file, b), "letter": nodes[b].key,
                    "first": n * PAYMENTS_PER_PAGE + 1, "last": n * PAYMENTS_PER_PAGE + len(chunk), "total": len(ordered),
                    "payments": [_payment_row(site, file, pay) for pay in chunk],
                    "prev": relative_url(file, files[n - 1]) if n else None,
                    "next": relative_url(file, files[n + 1]) if n + 1 < len(files) else None,
                    "pages": [{"n": i + 1, "href": relative_url(file, f), "current": i == n} for i, f in enumerate(files)]})
        block_rows.append(row)
    flows = [row for *_, row in sorted(flow_rows, key=lambda f: f[:3])]
    return {"flow_chart": chart, "blocks": block_rows, "flows": flows, "extra_pages": pages}


#: Payees listed per block on a sheet page (largest first); a block with more gets list pages.
TOP_PAYMENTS = 100
PAYMENTS_PER_PAGE = 1000


def _payment_row(site: Site, here: str, pay: str) -> Value:
    idx, V = site.idx, site.V
    rec = idx.iri(pay, V.recipient)
    return {"href": site.href(here, pay), "recipient": site.link(here, rec) if rec else None,
            "name": idx.label(pay), "amount": yen(idx.number(pay, V.amount)),
            "contracts": len(idx.values(pay, V.contract))}


def _payment_pages(here: str, block: str, total: int) -> list[str]:
    """Files of a block's payee list: beside the sheet page, named after the block's own IRI segment."""
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    segment = block.rstrip("/").rsplit("/", 1)[-1]
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", segment):  # an escaped letter would need escaping again in links
        segment = hashlib.sha256(block.encode("utf-8")).hexdigest()[:12]
    count = -(-total // PAYMENTS_PER_PAGE)
    return [f"{folder}/payments-{segment}/{n}.html".lstrip("/") for n in range(1, count + 1)]


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
            key = {"short": "3", "mid": "4", "long": "5"}.get(term, "6")
        values = []
        for val in idx.subjects_to(ind, V.indicator):
            values.append({"year": idx.text(val, V.year) or "", "target": idx.text(val, V.targetValue) or "",
                           "actual": idx.text(val, V.actualValue) or "",
                           "rate": idx.text(val, V.achievementRatePercent) or ""})
        columns[key].append({"href": site.href(here, ind), "label": idx.label(ind), "unit": idx.text(ind, V.unit) or "",
                             "values": sorted(values, key=lambda x: x["year"]), "id": ind.rsplit("/", 1)[-1],
                             "leads_to": [site.link(here, t) for t in idx.iri_values(ind, V.leadsTo)]})
    names = {"1": ("アクティビティ", "Activities"), "2": ("アウトプット", "Outputs"), "3": ("短期アウトカム", "Short-term outcomes"),
             "4": ("中期アウトカム", "Mid-term outcomes"), "5": ("長期アウトカム", "Long-term outcomes"), "6": ("その他", "Other")}
    return [{"label": {"ja": names[k][0], "en": names[k][1]}, "items": sorted(columns[k], key=lambda i: i["href"] or "")}
            for k in sorted(columns)]


def law_citations(site: Site, sheet: str, here: str) -> list[Value]:
    idx, V = site.idx, site.V
    out = []
    for cit in idx.iri_values(sheet, V.lawCitation):
        law = idx.iri(cit, V.law)
        prov = idx.iri(cit, V.provision)
        egov = next((o.value for o in idx.values(law, RDFS + "seeAlso") if isinstance(o, ox.NamedNode)), None) if law else None
        out.append({"label": idx.label(cit), "href": site.href(here, cit), "law": site.link(here, law) if law else None,
                    "provision": site.link(here, prov) if prov else None, "egov": egov})
    return out


# --- project, organisations, laws, years ------------------------------------------------------

def project_sections(site: Site, project: str, here: str) -> Value:
    idx, V = site.idx, site.V
    history = []
    by_year: dict[str, dict[str, Any]] = {}
    sheets = sorted(idx.iri_values(project, V.sheet))
    for sheet in sheets:
        summary = sheet_summary(site, sheet, here)
        rows = budget_rows(site, sheet)
        for r in rows:  # a later sheet restates earlier years with settled figures: keep the latest
            by_year[r["year"]] = r
        history.append({**summary, "name": idx.label(sheet), "budget": _money_cells(rows, site, here)})
    rows = [by_year[y] for y in sorted(by_year)]
    chart = budget_chart([(r["year"], r["current"], r["execution"]) for r in rows], f"{idx.label(project)['ja']}: 予算額と執行額")
    return {"history": sorted(history, key=lambda h: h["year"]), "budget": _money_cells(rows, site, here), "budget_chart": chart}


def org_sections(site: Site, org: str, here: str) -> Value:
    idx, V = site.idx, site.V
    sheets = sorted(set(idx.subjects_to(org, V.responsibleOrganization) + idx.subjects_to(org, V.responsibleUnit)))
    per_year: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    listed = []
    for sheet in sheets:
        rows = budget_rows(site, sheet)
        for r in rows:
            per_year[r["year"]][0] += r["current"] or 0
            per_year[r["year"]][1] += r["execution"] or 0
        latest = rows[-1] if rows else None
        listed.append({**sheet_summary(site, sheet, here), "budget": yen(latest["current"]) if latest else "—"})
    totals = [{"year": y, "current": yen(v[0]), "execution": yen(v[1])} for y, v in sorted(per_year.items())]
    chart = budget_chart([(y, v[0], v[1]) for y, v in sorted(per_year.items())], f"{idx.label(org)['ja']}: 予算額と執行額の合計")
    units = [site.link(here, u) for u in sorted(idx.iri_values(org, ORG + "hasUnit"), key=lambda u: idx.label(u)["ja"])]
    received = []
    total = 0.0
    for pay in idx.subjects_to(org, V.recipient):
        if not idx.is_a(pay, V.Payment):
            continue
        block = idx.iri(pay, V.block)
        paid_from = idx.iri(block, V.sheet) if block else None
        amount = idx.number(pay, V.amount)
        total += amount or 0
        received.append({"href": site.href(here, pay), "amount": yen(amount), "value": amount or 0,
                         "block": idx.text(block, V.blockLetter) if block else "",
                         **(sheet_summary(site, paid_from, here) if paid_from else {"link": None, "year": "", "ministry": None, "project": None})})
    received.sort(key=lambda r: (r["year"], -r["value"], r["href"] or ""))
    number = idx.text(org, V.corporateNumber)
    return {"sheets": sorted(listed, key=lambda s: (s["year"], s["link"]["label"]["ja"])), "totals": totals,
            "budget_chart": chart, "units": units, "received": received, "received_total": yen(total) if received else "",
            "received_short": short_yen(total), "corporate_number": number,
            "valid": idx.text(org, V.corporateNumberValid),
            "category": site.link(here, c) if (c := idx.iri(org, V.corporateCategory)) else None,
            "see_also": [o.value for o in idx.values(org, RDFS + "seeAlso") if isinstance(o, ox.NamedNode)],
            "same_as": [o.value for o in idx.values(org, OWL + "sameAs") if isinstance(o, ox.NamedNode)]}


def fy_sections(site: Site, fy: str, here: str) -> Value:
    idx, V = site.idx, site.V
    sheets = sorted(idx.subjects_to(fy, V.reviewYear))
    current = execution = 0.0
    n = 0
    for obs in idx.subjects_to(fy, V.budgetYear):
        if idx.is_a(obs, V.BudgetSummary) and idx.text(obs, V.isAggregate) == "true":
            current += idx.number(obs, V.currentBudget) or 0
            execution += idx.number(obs, V.execution) or 0
            n += 1
    listed = sorted((sheet_summary(site, s, here) for s in sheets), key=lambda s: (s["ministry"]["label"]["ja"] if s["ministry"] else "", s["link"]["label"]["ja"]))
    return {"sheets": listed, "observations": n, "current": yen(current) if n else "—", "execution": yen(execution) if n else "—"}


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
                      "types": [idx.label(t) for t in sorted(idx.types.get(m, ()))]})
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


def schema_org(site: Site, doc: str, kind: str) -> dict[str, Any]:
    """schema.org JSON-LD for search engines; the full data is in the .jsonld twin."""
    idx, V = site.idx, site.V
    name = idx.label(doc)
    data: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@id": doc, "name": name["ja"]}
    if name["en"] != name["ja"]:
        data["alternateName"] = name["en"]
    number = idx.text(doc, V.corporateNumber)
    if kind in ("ministry", "unit"):
        data["@type"] = "GovernmentOrganization"
    elif kind == "corporation":
        data["@type"] = "Organization"
    elif kind in ("law", "provision"):
        data["@type"] = "Legislation"
        law_id = idx.text(doc, ELI + "id_local")
        if law_id:
            data["legislationIdentifier"] = law_id
        egov = next((o.value for o in idx.values(doc, RDFS + "seeAlso") if isinstance(o, ox.NamedNode)), None)
        if egov:
            data["url"] = egov
    elif kind in ("project", "sheet"):
        data["@type"] = "Project"
        rows = budget_rows(site, doc) if kind == "sheet" else []
        if rows and rows[-1]["current"] is not None:
            data["funding"] = {"@type": "Grant", "amount": {"@type": "MonetaryAmount", "currency": "JPY", "value": rows[-1]["current"]}}
        ministry = idx.iri(doc, V.responsibleOrganization)
        if ministry:
            data["funder"] = {"@type": "GovernmentOrganization", "@id": ministry, "name": idx.label(ministry)["ja"]}
    elif kind == "vocabulary":
        data["@type"] = "DefinedTermSet"
    else:
        data["@type"] = "Thing"
    if number:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "法人番号", "value": number}
    amount = idx.number(doc, V.amount)
    if amount is not None:
        data["amount"] = {"@type": "MonetaryAmount", "currency": "JPY", "value": amount}
    return data
