"""The review-sheet page: a summary a reporter can quote first, then budget, flow, recipients and
contracts, logic model, laws, history and sources; the generic list of resources comes last, closed.

What the sheet itself says is shown as the sheet says it (the budget table has every component of
the 2-1 total row, in exact yen); the page only adds what the graph joins up (the recipient's page
across projects, the contract flags, the other review years of the project).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import pyoxigraph as ox

from rs2rdf.site.amounts import fiscal_year, rate
from rs2rdf.site.charts import budget_chart
from rs2rdf.site.money import Contract, Payment, SheetMoney, exact
from rs2rdf.site.money_pages import cell, contract_row
from rs2rdf.site.paths import relative_url
from rs2rdf.site.sankey import SankeyLink, SankeyNode, sankey
from rs2rdf.site.view import Site, Value
from rs2rdf.site.view_kinds import law_citations, logic_model, provenance, sheet_summary

#: Payees listed per block on a sheet page (largest first); a block with more gets list pages.
TOP_PAYMENTS = 100
PAYMENTS_PER_PAGE = 1000
#: Recipients drawn per block in the flow before the rest become one 「その他」 node.
FLOW_RECIPIENTS = 8
#: Recipients named in the summary.
SUMMARY_RECIPIENTS = 5


def sheet_sections(site: Site, sheet: str, here: str) -> Value:
    idx, V = site.idx, site.V
    sm = site.money.sheets.get(sheet) or SheetMoney(sheet, None, idx.label(sheet)["ja"], None, None, None, "", False)
    payments = sorted(site.money.payments_by_sheet.get(sheet, ()), key=lambda p: (p.amount is None, -(p.amount or 0), p.iri))
    settled = sm.settled
    budget = [{"year": fiscal_year(b.year), "href": site.href(here, b.obs), "initial": cell(b.initial),
               "supplementary": cell(b.supplementary), "carried_in": cell(b.carried_in), "reserve": cell(b.reserve),
               "current": cell(b.current), "execution": cell(b.execution), "rate": rate(b.rate),
               "carried_out": cell(b.carried_out), "request": cell(b.request)} for b in sm.budgets]
    chart = budget_chart([(str(b.year), b.current, b.execution) for b in sm.budgets], f"{sm.name}: 予算額と執行額")
    unit = idx.iri(sheet, V.responsibleUnit)
    laws = law_citations(site, sheet, here)
    logic = logic_model(site, sheet, here)
    return {
        "summary": {**sheet_summary(site, sheet, here), "unit": site.link(here, unit) if unit else None,
                    "review_year": fiscal_year(sm.review_year), "settled_year": fiscal_year(sm.settled_year),
                    "current": cell(settled.current if settled else None),
                    "execution": cell(settled.execution if settled else None),
                    "rate": rate(settled.rate if settled else None),
                    "top": [_payment_brief(site, here, p) for p in payments[:SUMMARY_RECIPIENTS]],
                    "payees": len(payments), "rs_url": sm.rs_url, "number": sm.number,
                    "outcomes": _outcome_brief(logic)},
        "about": [{"label": site.predicate_label(term), "text": text}
                  for term in (V.purpose, V.currentIssues, V.overview) if (text := idx.text(sheet, term))],
        "budget": budget, "budget_chart": chart,
        **_spending(site, sheet, here, sm),
        "obligations": [contract_row(site, here, c) for c in sorted(
            (c for c in site.money.contracts_by_sheet.get(sheet, ()) if c.obligation),
            key=lambda c: (c.amount is None, -(c.amount or 0), c.iri))],
        "logic": logic, "laws": laws, "history": _history(site, sm, here),
        "review": _review(site, sheet, here),
        "provenance": provenance(site, sheet, here),
    }


def _review(site: Site, sheet: str, here: str) -> Value:
    """点検・評価 as the sheet prints it: the checklist (item, mark, explanation), the findings of
    the ministry, the outside experts and the review team, and the 単位当たりコスト lines."""
    idx, V = site.idx, site.V
    checks = [{"label": idx.label(c), "href": site.href(here, c), "mark": idx.text(c, V.checkMark) or "",
               "explanation": idx.text(c, V.explanation) or ""} for c in idx.iri_values(sheet, V.checklistItem)]
    findings = []
    for term in (V.checkResult, V.improvementDirection, V.externalOpinion, V.teamOpinion, V.teamOpinionDetail,
                 V.reflection, V.reflectionDetail):
        found = idx.first(sheet, term)
        if found is None:
            continue
        value = site.link(here, found.value) if isinstance(found, ox.NamedNode) else {"text": idx.text(sheet, term) or ""}
        findings.append({"label": site.predicate_label(term), "value": value})
    costs = sorted((str(v.value) for v in idx.values(sheet, V.unitCost) if isinstance(v, ox.Literal)),
                   key=lambda line: (not line.startswith("算出根拠"), not line.startswith("単位"), line))  # basis and unit first
    return {"checks": sorted(checks, key=lambda c: c["label"]["ja"]), "findings": findings, "unit_cost": costs}


def _payment_brief(site: Site, here: str, p: Payment) -> Value:
    return {"link": site.link(here, p.recipient) if p.recipient else None, "name": p.name, "amount": cell(p.amount),
            "href": site.href(here, p.iri), "block": p.letter}


def _outcome_brief(logic: list[Value]) -> list[Value]:
    """Outcome indicators with their latest actual (or, before any, their next target)."""
    out = []
    seen = set()
    for col in logic:
        if col["label"]["en"] not in ("Short-term outcomes", "Mid-term outcomes", "Long-term outcomes", "Outcomes", "Other"):
            continue
        for item in col["items"]:
            actual = [v for v in item["values"] if v["actual"]]
            stated = actual or [v for v in item["values"] if v["target"]]
            if not stated:
                continue
            last = stated[-1]
            key = (item["label"]["ja"], last["year"], last["actual"], last["target"])
            if key in seen:  # the same indicator listed as a short- and a mid-term outcome
                continue
            seen.add(key)
            out.append({"label": item["label"], "href": item["href"], "unit": item["unit"], **last})
    return out[:6]


def _history(site: Site, sm: SheetMoney, here: str) -> list[Value]:
    """The project's sheets of every review year, each with its settled year's figures."""
    idx, V = site.idx, site.V
    if not sm.project:
        return []
    rows = []
    for other in idx.iri_values(sm.project, V.sheet):
        o = site.money.sheets.get(other)
        if o is None:
            continue
        b = o.settled
        rows.append({"link": site.link(here, other), "year": fiscal_year(o.review_year), "this": other == sm.iri,
                     "settled": fiscal_year(o.settled_year), "current": cell(b.current if b else None),
                     "execution": cell(b.execution if b else None), "rate": rate(b.rate if b else None),
                     "sort": o.review_year or 0})
    return sorted(rows, key=lambda r: r["sort"])


def _spending(site: Site, sheet: str, here: str, sm: SheetMoney) -> Value:
    """Blocks, the flow between them and to recipients, and each block's payees with contracts."""
    idx, V = site.idx, site.V
    money = site.money
    blocks = sorted(idx.iri_values(sheet, V.block), key=lambda b: idx.text(b, V.blockLetter) or b)
    amount = {b: money_amount(idx.text(b, V.amount)) for b in blocks}
    letter = {b: idx.text(b, V.blockLetter) or b.rsplit("/", 1)[-1] for b in blocks}
    nodes: dict[str, SankeyNode] = {b: SankeyNode(b, f"{letter[b]} {idx.label(b)['ja']}", site.href(here, b), "block", amount[b])
                                    for b in blocks}
    links: dict[tuple[str, str], int | None] = {}
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
            nodes[src] = SankeyNode(src, name, site.href(here, src), "budget")
        # A sheet may list one link twice (予算の配分 and 予算の移替え, say): the money moves once,
        # so the chart draws one band; the table keeps each row.
        links.setdefault((src, to), amount.get(to))
        flow_rows.append(((nodes[src].label, letter[to], flow), {
            "source": nodes[src].label, "target": f"{letter[to]} {idx.label(to)['ja']}", "amount": cell(amount.get(to)),
            "note": idx.text(flow, V.flowNote) or "", "href": site.href(here, flow)}))
    by_block: dict[str, list[Payment]] = defaultdict(list)
    for p in money.payments_by_sheet.get(sheet, ()):
        by_block[p.block].append(p)
    for b, pays in by_block.items():
        if b not in nodes:
            continue
        ordered = sorted(pays, key=lambda p: (p.amount is None, -(p.amount or 0), p.iri))
        rest = 0
        for n, p in enumerate(ordered):
            if p.amount is None or p.amount <= 0:
                continue
            if n < FLOW_RECIPIENTS:
                key = p.recipient or p.iri
                if key not in nodes:
                    nodes[key] = SankeyNode(key, p.name, site.href(here, key), "recipient")
                links[(b, key)] = (links.get((b, key)) or 0) + int(p.amount)
            else:
                rest += int(p.amount)
        if rest:
            other = f"{b}#others"
            nodes[other] = SankeyNode(other, f"その他（{letter[b]}の上位{FLOW_RECIPIENTS}者以外、{len(ordered) - FLOW_RECIPIENTS}者）", None, "other")
            links[(b, other)] = rest
    drawn = sankey(sorted(nodes.values(), key=lambda n: n.key), [SankeyLink(a, b, v) for (a, b), v in sorted(links.items())],
                   title=f"{sm.name}：資金の流れ",
                   caption=f"金額は{fiscal_year(sm.settled_year)['ja']}の支出（ブロックの金額と支出先上位リスト 5-1）" if sm.settled_year else "",
                   caption_en=(f"Amounts: spending in {fiscal_year(sm.settled_year)['en']} (block amounts and the top "
                               "payee lists, 5-1)") if sm.settled_year else "")
    contracts = {c.iri: c for c in money.contracts_by_sheet.get(sheet, ())}
    expenses: dict[str, list[Value]] = defaultdict(list)
    for e in sorted(money.expenses_by_sheet.get(sheet, ()), key=lambda e: (e.amount is None, -(e.amount or 0), e.iri)):
        expenses[e.block].append({"category": e.category, "use": e.use, "name": e.name, "amount": cell(e.amount),
                                  "recipient": site.link(here, e.recipient) if e.recipient else None,
                                  "href": site.href(here, e.iri)})
    block_rows, pages = [], []
    for b in blocks:
        ordered = sorted(by_block.get(b, ()), key=lambda p: (p.amount is None, -(p.amount or 0), p.iri))
        row: Value = {"letter": letter[b], "label": idx.label(b), "href": site.href(here, b), "amount": cell(amount[b]),
                      "role": idx.text(b, V.role) or "", "payments": [_payment_row(site, here, p, contracts) for p in ordered[:TOP_PAYMENTS]],
                      "total_payments": len(ordered), "all_href": None, "expenses": expenses.get(b, [])}
        if len(ordered) > TOP_PAYMENTS:
            files = _payment_pages(here, b, len(ordered))
            row["all_href"] = relative_url(here, files[0])
            for n, file in enumerate(files):
                chunk = ordered[n * PAYMENTS_PER_PAGE:(n + 1) * PAYMENTS_PER_PAGE]
                pages.append({"file": file, "template": "payments.html", "title": {
                    "ja": f"{sm.name}　ブロック{letter[b]}の支出先（{n + 1}/{len(files)}）",
                    "en": f"{idx.label(sheet)['en']}: payees of block {letter[b]} ({n + 1}/{len(files)})"},
                    "sheet_href": relative_url(file, here), "block_href": site.href(file, b), "letter": letter[b],
                    "first": n * PAYMENTS_PER_PAGE + 1, "last": n * PAYMENTS_PER_PAGE + len(chunk), "total": len(ordered),
                    "payments": [_payment_row(site, file, p, contracts) for p in chunk],
                    "prev": relative_url(file, files[n - 1]) if n else None,
                    "next": relative_url(file, files[n + 1]) if n + 1 < len(files) else None,
                    "pages": [{"n": i + 1, "href": relative_url(file, f), "current": i == n} for i, f in enumerate(files)]})
        block_rows.append(row)
    return {"flow_chart": drawn.svg, "flows": [r for _, r in sorted(flow_rows, key=lambda f: f[0])],
            "blocks": block_rows, "extra_pages": pages}


def money_amount(text: str | None) -> int | None:
    """A block's amount as whole yen (the Sankey draws integers)."""
    a = exact(text)
    return None if a is None else int(a)


def _payment_row(site: Site, here: str, p: Payment, contracts: dict[str, Contract]) -> Value:
    cs = [contract_row(site, here, contracts[c]) for c in p.contracts if c in contracts]
    return {"href": site.href(here, p.iri), "recipient": site.link(here, p.recipient) if p.recipient else None,
            "name": {"ja": p.name, "en": p.name}, "number": p.corporate_number, "amount": cell(p.amount), "contracts": cs,
            "suspect": None if p.printed is None else cell(p.printed)}


def _payment_pages(here: str, block: str, total: int) -> list[str]:
    """Files of a block's payee list: beside the sheet page, named after the block's own IRI segment."""
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    segment = block.rstrip("/").rsplit("/", 1)[-1]
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", segment):  # an escaped letter would need escaping again in links
        segment = hashlib.sha256(block.encode("utf-8")).hexdigest()[:12]
    count = -(-total // PAYMENTS_PER_PAGE)
    return [f"{folder}/payments-{segment}/{n}.html".lstrip("/") for n in range(1, count + 1)]
