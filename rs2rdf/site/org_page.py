"""Organisation pages: a ministry or bureau (the projects it runs and what they cost) and a
corporation (everything it received, across projects, years and ministries).

What a corporation *received* is the 5-1 payments naming it. The 5-3 expense lines and 5-4
contracts that name the same 法人番号 are listed beside them and never added in: they describe
the same money from another angle (a 5-3 line breaks a payment down; a 5-4 contract is a
multi-year total), so adding them would count it twice.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from rs2rdf.mapping.vocab import ORG, OWL, RDFS
from rs2rdf.site.amounts import fiscal_year, rate
from rs2rdf.site.charts import budget_chart
from rs2rdf.site.money import Contract, Payment, SheetMoney, Total
from rs2rdf.site.money_pages import cell, contract_row, total_cell
from rs2rdf.site.rankings import yearly_totals
from rs2rdf.site.view import Site, Value


def descendants(site: Site, org: str) -> set[str]:
    """The organisation and every unit or sub-organisation under it (a bureau's projects are
    run by its divisions)."""
    idx = site.idx
    seen = {org}
    todo = [org]
    while todo:
        cur = todo.pop()
        children = idx.iri_values(cur, ORG + "hasUnit") + idx.iri_values(cur, ORG + "hasSubOrganization") + \
            idx.subjects_to(cur, ORG + "subOrganizationOf") + idx.subjects_to(cur, ORG + "unitOf")
        for c in children:
            if c not in seen:
                seen.add(c)
                todo.append(c)
    return seen


def org_sections(site: Site, org: str, here: str) -> Value:
    idx, V = site.idx, site.V
    money = site.money
    orgs = descendants(site, org)
    sheet_iris: set[str] = set()
    for o in orgs:
        sheet_iris.update(idx.subjects_to(o, V.responsibleOrganization))
        sheet_iris.update(idx.subjects_to(o, V.responsibleUnit))
    sheets = [money.sheets[s] for s in sorted(sheet_iris) if s in money.sheets]
    listed = []
    for s in sorted(sheets, key=lambda s: (-(s.review_year or 0), -((s.settled.current or 0) if s.settled else 0), s.iri)):
        b = s.settled
        listed.append({"link": site.link(here, s.iri), "year": fiscal_year(s.review_year),
                       "unit": site.link(here, s.unit) if s.unit and s.unit != org else None,
                       "settled": fiscal_year(s.settled_year), "current": cell(b.current if b else None),
                       "execution": cell(b.execution if b else None), "rate": rate(b.rate if b else None)})
    years = yearly_totals(money, sheets)
    totals = [{"year": fiscal_year(y), "initial": total_cell(t[0]), "current": total_cell(t[1]), "execution": total_cell(t[2])}
              for y, t in years.items()]
    chart = budget_chart([(str(y), t[1].shown, t[2].shown) for y, t in years.items()], f"{idx.label(org)['ja']}: 予算額と執行額の合計")
    units = [site.link(here, u) for u in sorted(set(idx.iri_values(org, ORG + "hasUnit") + idx.subjects_to(org, ORG + "subOrganizationOf")),
                                                 key=lambda u: idx.label(u)["ja"])]
    parent = idx.iri(org, ORG + "subOrganizationOf") or idx.iri(org, ORG + "unitOf")
    number = idx.text(org, V.corporateNumber)
    return {"sheets": listed, "totals": totals, "budget_chart": chart, "units": units,
            "parent": site.link(here, parent) if parent else None,
            **_received(site, org, here),
            "corporate_number": number, "valid": idx.text(org, V.corporateNumberValid),
            "category": site.link(here, c) if (c := idx.iri(org, V.corporateCategory)) else None,
            "see_also": [o.value for o in idx.values(org, RDFS + "seeAlso") if isinstance(o, ox.NamedNode)],
            "same_as": [o.value for o in idx.values(org, OWL + "sameAs") if isinstance(o, ox.NamedNode)]}


def _sheet_cells(site: Site, here: str, sheet: SheetMoney | None) -> Value:
    if sheet is None:
        return {"sheet": None, "year": fiscal_year(None), "ministry": None}
    return {"sheet": site.link(here, sheet.iri), "year": fiscal_year(sheet.review_year),
            "ministry": site.link(here, sheet.ministry) if sheet.ministry else None}


def _received(site: Site, recipient: str, here: str) -> Value:
    """5-1 payments to the recipient, and the 5-3 lines and 5-4 contracts naming it."""
    money = site.money
    payments: list[Payment] = sorted(money.by_recipient.get(recipient, ()),
                                     key=lambda p: (-(money.sheet_year(p.sheet) or 0), p.amount is None, -(p.amount or 0), p.iri))
    contracts = {c.iri: c for c in money.contracts_by_recipient.get(recipient, ())}
    total = Total()
    by_ministry: dict[str | None, Total] = defaultdict(Total)
    by_year: dict[int | None, Total] = defaultdict(Total)
    rows = []
    for p in payments:
        s = money.sheets.get(p.sheet)
        total.add(p.amount)
        by_ministry[s.ministry if s else None].add(p.amount)
        by_year[s.review_year if s else None].add(p.amount)
        rows.append({**_sheet_cells(site, here, s), "block": p.letter, "href": site.href(here, p.iri), "amount": cell(p.amount),
                     "contracts": [contract_row(site, here, contracts[c]) for c in p.contracts if c in contracts]})
    expenses = []
    for e in sorted(money.expenses_by_recipient.get(recipient, ()), key=lambda e: (e.amount is None, -(e.amount or 0), e.iri)):
        expenses.append({**_sheet_cells(site, here, money.sheets.get(e.sheet)), "category": e.category, "use": e.use,
                         "amount": cell(e.amount), "href": site.href(here, e.iri)})
    obligations: list[Contract] = sorted((c for c in contracts.values() if c.obligation),
                                         key=lambda c: (c.amount is None, -(c.amount or 0), c.iri))
    return {
        "received": rows, "received_total": total_cell(total) if rows else None,
        "received_by_ministry": [{"ministry": site.link(here, m) if m else None, "total": total_cell(t)}
                                 for m, t in sorted(by_ministry.items(), key=lambda kv: (-(kv[1].shown or 0), kv[0] or ""))],
        "received_by_year": [{"year": fiscal_year(y), "total": total_cell(t)}
                             for y, t in sorted(by_year.items(), key=lambda kv: kv[0] or 0)],
        "expenses": expenses,
        "obligations": [{**contract_row(site, here, c), **_sheet_cells(site, here, money.sheets.get(c.sheet))} for c in obligations],
    }
