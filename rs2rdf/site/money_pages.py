"""The pages that start from money: the year overview (home and fiscal-year pages), the project
explorer, the recipient rankings and the contracts list.

They are not one resource each, so the parent renders them after the resource pages, from the
money tables (:mod:`rs2rdf.site.money`). Every amount cell carries the exact yen (``data-yen``,
hover) beside its short form, and every total says how many of its parts were not stated.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any, Iterable

from rs2rdf.site.amounts import english, fiscal_year, japanese, rate, unknown_note, yen
from rs2rdf.site.html import json_for_html
from rs2rdf.site.money import Amount, Contract, SheetMoney, Total
from rs2rdf.site.paths import page_file, relative_url
from rs2rdf.site.rankings import largest_projects, ministry_totals, recipient_key, recipient_totals
from rs2rdf.site.sankey import SankeyLink, SankeyNode, sankey
from rs2rdf.site.view import Site, Value, nav

#: Rows per static page of the explorer, the rankings and the contracts list (what a browser
#: without JavaScript pages through; with it, one page filters all rows).
EXPLORE_PAGE = 100
RANKING_PAGE = 500
CONTRACTS_PAGE = 200
TOP = 20
#: Nodes per column of the overview flow before the rest become 「その他」.
FLOW_MINISTRIES, FLOW_PROJECTS, FLOW_RECIPIENTS = 10, 15, 10

CSV_COLUMNS = ("reviewYear", "ministry", "projectNumber", "projectName", "fiscalYear", "initial", "total",
               "executed", "executionRate")


def cell(a: Amount | None) -> Value:
    return {"yen": None if a is None else str(a), "exact": yen(a), "ja": japanese(a), "en": english(a)}


def total_cell(t: Total) -> Value:
    return {**cell(t.shown), "note": unknown_note(t.unknown)}


def _ratio(d: Decimal | None) -> str:
    return "" if d is None else f"{d:.4f}"


def fy_doc(site: Site, year: int) -> str | None:
    doc = f"{site.idx.base}id/fy/{year}"
    return doc if doc in site.docs.members else None


def _page(site: Site, doc: str | None) -> str:
    """A document's page file, site-root relative ("" when it has none)."""
    return page_file(site.docs.paths[doc]) if doc and doc in site.docs.paths else ""


def _label(site: Site, iri: str | None) -> dict[str, str]:
    return site.idx.label(iri) if iri else {"ja": "", "en": ""}


# --- the year overview ------------------------------------------------------------------------

def overview(site: Site, year: int, here: str) -> Value:
    """Money of one review year: per ministry, largest projects and recipients, and the flow."""
    money = site.money
    settled = year - 1
    rows = []
    grand = [Total(), Total(), Total(), Total()]
    for t in ministry_totals(money, year):
        for g, part in zip(grand, (t.initial, t.current, t.execution, t.next_initial)):
            g.value += part.value
            g.known += part.known
            g.unknown += part.unknown
        rows.append({"link": site.link(here, t.ministry), "sheets": t.sheets, "initial": total_cell(t.initial),
                     "current": total_cell(t.current), "execution": total_cell(t.execution),
                     "next_initial": total_cell(t.next_initial)})
    projects = []
    for s in largest_projects(money, year, TOP):
        b = s.settled
        projects.append({"link": site.link(here, s.iri), "ministry": site.link(here, s.ministry) if s.ministry else None,
                         "current": cell(b.current if b else None), "execution": cell(b.execution if b else None),
                         "rate": rate(b.rate if b else None)})
    recipients = [{"link": site.link(here, r.key), "number": r.corporate_number, "total": total_cell(r.total),
                   "projects": len(r.sheets), "ministries": len(r.ministries)}
                  for r in recipient_totals(money, year)[:TOP]]
    years = [{"year": fiscal_year(y), "href": relative_url(here, _page(site, fy_doc(site, y))) if fy_doc(site, y) else None,
              "current": y == year} for y in reversed(money.review_years)]
    return {"year": year, "year_label": fiscal_year(year), "settled": fiscal_year(settled), "ministries": rows,
            "grand": [total_cell(g) for g in grand], "projects": projects, "recipients": recipients,
            "sheets": len(money.sheets_of(year)), "flow": flow_overview(site, year, here), "years": years,
            "links": {k: relative_url(here, v) for k, v in (("explore", "explore/index.html"),
                                                             ("recipients", f"recipients/{year}/index.html"),
                                                             ("contracts", "contracts/index.html"),
                                                             ("search", "search/index.html"))}}


def flow_overview(site: Site, year: int, here: str) -> str:
    """Ministry → project → recipient for one review year: the largest of each, the rest grouped.

    Ministry → project bands are the project's 執行額 of the settled year; project → recipient
    bands are the 5-1 payments of that year. Recipients *named* 「その他」 stay their own node,
    apart from the group of those outside the top N.
    """
    money = site.money
    sheets = [s for s in money.sheets_of(year) if s.ministry]
    if not sheets:
        return ""

    def execution(s: SheetMoney) -> int:
        b = s.settled
        return int(b.execution) if b and b.execution is not None else 0
    by_ministry: dict[str, int] = {}
    for s in sheets:
        if s.ministry:  # always (kept above); says so to the type checker
            by_ministry[s.ministry] = by_ministry.get(s.ministry, 0) + execution(s)
    top_m = [m for m, _ in sorted(by_ministry.items(), key=lambda kv: (-kv[1], kv[0]))[:FLOW_MINISTRIES]]
    top_p = {s.iri for s in sorted(sheets, key=lambda s: (-execution(s), s.iri))[:FLOW_PROJECTS]}
    per_recipient: dict[str, int] = {}
    names: dict[str, str] = {}
    paid_by_sheet: dict[tuple[str, str], int] = {}  # (sheet, recipient) → yen, one pass over the payments
    for p in money.payments:
        if money.sheet_year(p.sheet) != year or p.amount is None:
            continue
        key = recipient_key(p)
        names[key] = p.name
        per_recipient[key] = per_recipient.get(key, 0) + int(p.amount)
        paid_by_sheet[(p.sheet, key)] = paid_by_sheet.get((p.sheet, key), 0) + int(p.amount)
    top_r = {k for k, _ in sorted(per_recipient.items(), key=lambda kv: (-kv[1], kv[0]))[:FLOW_RECIPIENTS]}
    other_m, other_p, other_r = "other-ministries", "other-projects", "other-recipients"
    links: dict[tuple[str, str], int] = {}

    def add(a: str, b: str, amount: int) -> None:
        if amount > 0:
            links[(a, b)] = links.get((a, b), 0) + amount
    for s in sheets:
        m = s.ministry if s.ministry in top_m else other_m
        add(m, s.iri if s.iri in top_p else other_p, execution(s))
    for (sheet, key), amount in paid_by_sheet.items():
        add(sheet if sheet in top_p else other_p, key if key in top_r else other_r, amount)
    keys = {k for pair in links for k in pair}
    nodes = []
    for k in sorted(keys):
        if k == other_m:
            nodes.append(SankeyNode(k, "その他の府省庁", kind="other"))
        elif k == other_p:
            nodes.append(SankeyNode(k, f"その他の事業（上位{FLOW_PROJECTS}以外）", kind="other"))
        elif k == other_r:
            nodes.append(SankeyNode(k, f"その他の支出先（上位{FLOW_RECIPIENTS}以外）", kind="other"))
        elif k in by_ministry:
            nodes.append(SankeyNode(k, site.idx.label(k)["ja"], href=site.href(here, k), kind="budget"))
        elif k in money.sheets:
            nodes.append(SankeyNode(k, money.sheets[k].name, href=site.href(here, k), kind="block"))
        else:
            nodes.append(SankeyNode(k, site.idx.label(k)["ja"] if k in site.idx.labels else names.get(k, k),
                                    href=site.href(here, k), kind="recipient"))
    drawn = sankey(nodes, [SankeyLink(a, b, v) for (a, b), v in sorted(links.items())],
                   title=f"{fiscal_year(year)['ja']}のレビューシート：府省庁 → 事業 → 支出先",
                   caption=f"金額は{fiscal_year(year - 1)['ja']}の執行額（府省庁→事業）と支出先への支出額（事業→支出先）",
                   caption_en=(f"Amounts: execution in {fiscal_year(year - 1)['en']} (ministry → project) and payments "
                               "to recipients (project → recipient)"))
    return drawn.svg


# --- the explorer -------------------------------------------------------------------------------

def explorer_rows(site: Site) -> list[dict[str, Any]]:
    """One row per sheet: the figures of its last completed fiscal year."""
    out = []
    for s in site.money.sheets.values():
        b = s.settled
        out.append({"reviewYear": s.review_year, "ministry": _label(site, s.ministry)["ja"],
                    "ministry_en": _label(site, s.ministry)["en"], "projectNumber": s.number, "projectName": s.name,
                    "fiscalYear": s.settled_year, "initial": b.initial if b else None, "total": b.current if b else None,
                    "executed": b.execution if b else None, "executionRate": b.rate if b else None,
                    "page": _page(site, s.iri), "ministry_page": _page(site, s.ministry)})
    out.sort(key=_explorer_order)
    return out


def _explorer_order(r: dict[str, Any]) -> tuple[int, bool, Amount, str]:
    """Latest review year first, then the largest 歳出予算現額; unknown amounts last."""
    return (-(r["reviewYear"] or 0), r["total"] is None, -(r["total"] or 0), r["page"])


def projects_csv(rows: Iterable[dict[str, Any]]) -> str:
    """explore/projects.csv: UTF-8 with BOM (Excel opens it right), amounts in yen, empty when unknown."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        w.writerow(["" if r[c] is None else (_ratio(r[c]) if c == "executionRate" else str(r[c])) for c in CSV_COLUMNS])
    return "\ufeff" + buf.getvalue()


def _pages(count: int, size: int, folder: str) -> list[str]:
    n = max(1, -(-count // size))
    return [f"{folder}/index.html" if i == 0 else f"{folder}/page-{i + 1}.html" for i in range(n)]


def _pager(files: list[str], i: int) -> Value:
    here = files[i]
    return {"n": i + 1, "count": len(files), "prev": relative_url(here, files[i - 1]) if i else None,
            "next": relative_url(here, files[i + 1]) if i + 1 < len(files) else None,
            "pages": [{"n": j + 1, "href": relative_url(here, f), "current": j == i} for j, f in enumerate(files)]}


def explorer_views(site: Site) -> tuple[list[Value], str, str]:
    """The explorer's static pages, its CSV and its data script (for filtering in the browser)."""
    rows = explorer_rows(site)
    files = _pages(len(rows), EXPLORE_PAGE, "explore")
    views = []
    for i, here in enumerate(files):
        chunk = rows[i * EXPLORE_PAGE:(i + 1) * EXPLORE_PAGE]
        views.append({"template": "explore.html", "file": here, "nav": nav(site, here),
                      "title": {"ja": "事業を探す（一覧・絞り込み）", "en": "Project explorer"},
                      "pager": _pager(files, i), "total": len(rows), "first": i * EXPLORE_PAGE + 1,
                      "csv": relative_url(here, "explore/projects.csv"), "data": relative_url(here, "explore/projects.js"),
                      "script": relative_url(here, "static/table.js"), "root": relative_url(here, "index.html")[:-len("index.html")] or "./",
                      "rows": [{"year": fiscal_year(r["reviewYear"]), "ministry": {"ja": r["ministry"], "en": r["ministry_en"]},
                                "ministry_href": relative_url(here, r["ministry_page"]) if r["ministry_page"] else None,
                                "number": r["projectNumber"], "name": r["projectName"],
                                "href": relative_url(here, r["page"]) if r["page"] else None,
                                "fy": fiscal_year(r["fiscalYear"]), "initial": cell(r["initial"]), "total": cell(r["total"]),
                                "executed": cell(r["executed"]), "rate": rate(r["executionRate"])} for r in chunk]})
    data = {"kind": "projects", "csv": list(CSV_COLUMNS),
            "rows": [[r["reviewYear"], r["ministry"], r["projectNumber"], r["projectName"], r["fiscalYear"],
                      _num(r["initial"]), _num(r["total"]), _num(r["executed"]), _ratio(r["executionRate"]),
                      r["page"], r["ministry_page"], r["ministry_en"]] for r in rows]}
    return views, projects_csv(rows), f"window.RS2RDF_TABLE={json_for_html(data, separators=(',', ':'))};\n"


def _num(a: Amount | None) -> str:
    return "" if a is None else str(a)


# --- recipients ---------------------------------------------------------------------------------

def recipient_views(site: Site) -> list[Value]:
    """Rankings by amount received (5-1), over all review years and per review year, paginated."""
    money = site.money
    views: list[Value] = []
    scopes: list[tuple[int | None, str]] = [(None, "recipients")] + [(y, f"recipients/{y}") for y in money.review_years]
    for year, folder in scopes:
        ranked = recipient_totals(money, year)
        files = _pages(len(ranked), RANKING_PAGE, folder)
        for i, here in enumerate(files):
            chunk = ranked[i * RANKING_PAGE:(i + 1) * RANKING_PAGE]
            label = fiscal_year(year) if year else {"ja": "全年度", "en": "all years"}
            views.append({
                "template": "recipients.html", "file": here, "nav": nav(site, here),
                "title": {"ja": f"支出先ランキング（{label['ja']}）", "en": f"Recipients by amount received ({label['en']})"},
                "pager": _pager(files, i), "total": len(ranked), "first": i * RANKING_PAGE + 1,
                "scopes": [{"label": fiscal_year(y) if y else {"ja": "全年度", "en": "All years"},
                            "href": relative_url(here, f"{f}/index.html"), "current": y == year} for y, f in scopes],
                "rows": [{"rank": i * RANKING_PAGE + n + 1, "link": site.link(here, r.key), "number": r.corporate_number,
                          "total": total_cell(r.total), "payments": r.payments, "projects": len(r.sheets),
                          "ministries": len(r.ministries), "years": ", ".join(str(y) for y in sorted(r.years))}
                         for n, r in enumerate(chunk)]})
    return views


# --- contracts ----------------------------------------------------------------------------------

def contract_row(site: Site, here: str, c: Contract) -> Value:
    return {"href": site.href(here, c.iri), "summary": c.summary, "name": c.name,
            "recipient": site.link(here, c.recipient) if c.recipient else None, "amount": cell(c.amount),
            "method": c.method_label, "bidders": "—" if c.bidders is None else f"{c.bidders:,}",
            "rate": "—" if c.rate is None else f"{c.rate}%", "single_bid": c.single_bid, "negotiated": c.negotiated,
            "obligation": c.obligation}


def contract_views(site: Site) -> tuple[list[Value], str]:
    money = site.money
    ordered = sorted(money.contracts, key=lambda c: (c.amount is None, -(c.amount or 0), c.iri))
    files = _pages(len(ordered), CONTRACTS_PAGE, "contracts")
    single, negotiated = sum(1 for c in ordered if c.single_bid), sum(1 for c in ordered if c.negotiated)
    views = []
    for i, here in enumerate(files):
        chunk = ordered[i * CONTRACTS_PAGE:(i + 1) * CONTRACTS_PAGE]
        rows = []
        for c in chunk:
            s = money.sheets.get(c.sheet)
            rows.append({**contract_row(site, here, c), "sheet": site.link(here, c.sheet),
                         "year": fiscal_year(s.review_year if s else None),
                         "ministry": site.link(here, s.ministry) if s and s.ministry else None})
        views.append({"template": "contracts.html", "file": here, "nav": nav(site, here),
                      "title": {"ja": "契約の一覧（契約方式・入札者数・落札率）", "en": "Contracts (method, bidders, winning-bid rate)"},
                      "pager": _pager(files, i), "total": len(ordered), "first": i * CONTRACTS_PAGE + 1,
                      "single": single, "negotiated": negotiated,
                      "data": relative_url(here, "contracts/contracts.js"), "script": relative_url(here, "static/table.js"),
                      "root": relative_url(here, "index.html")[:-len("index.html")] or "./", "rows": rows})
    data = {"kind": "contracts", "rows": [[
        (money.sheets[c.sheet].review_year if c.sheet in money.sheets else None),
        _label(site, money.sheets[c.sheet].ministry if c.sheet in money.sheets else None)["ja"],
        money.sheets[c.sheet].name if c.sheet in money.sheets else "", c.summary, c.name, _num(c.amount),
        c.method_label.get("ja", ""), "" if c.bidders is None else c.bidders, "" if c.rate is None else str(c.rate),
        int(c.single_bid), int(c.negotiated), int(c.obligation), _page(site, c.sheet),
        _page(site, c.recipient) if c.recipient and c.recipient in site.docs.paths else "",
        c.method_label.get("en", ""),  # 14, 15: the method and the ministry in English, for the language switch
        _label(site, money.sheets[c.sheet].ministry if c.sheet in money.sheets else None)["en"]] for c in ordered]}
    return views, f"window.RS2RDF_TABLE={json_for_html(data, separators=(',', ':'))};\n"
