"""Sums over the money tables: per ministry, per project, per recipient, per review year.

Each sum keeps the count of parts that were not stated (:class:`~rs2rdf.site.money.Total`), and
a fiscal year is counted once per project: a later sheet restates the years before it, so adding
every sheet's row for FY2022 would count the same money twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rs2rdf.site.money import Amount, Money, Payment, SheetMoney, Total, YearBudget


@dataclass(slots=True)
class MinistryTotals:
    ministry: str
    sheets: int = 0
    initial: Total = field(default_factory=Total)
    current: Total = field(default_factory=Total)
    execution: Total = field(default_factory=Total)
    next_initial: Total = field(default_factory=Total)


def ministry_totals(money: Money, year: int) -> list[MinistryTotals]:
    """Per ministry, for the sheets of review year ``year``: the settled fiscal year (year-1)
    and the review year's own 当初予算. Largest 歳出予算現額 first."""
    out: dict[str, MinistryTotals] = {}
    for s in money.sheets_of(year):
        if s.ministry is None:
            continue
        t = out.setdefault(s.ministry, MinistryTotals(s.ministry))
        t.sheets += 1
        b = s.settled
        t.initial.add(b.initial if b else None)
        t.current.add(b.current if b else None)
        t.execution.add(b.execution if b else None)
        nb = s.budget(year)
        t.next_initial.add(nb.initial if nb else None)
    return sorted(out.values(), key=lambda t: (-(t.current.shown or 0), t.ministry))


def largest_projects(money: Money, year: int, n: int) -> list[SheetMoney]:
    """Sheets of review year ``year`` by the settled year's 歳出予算現額 (then 執行額), largest first."""
    def key(s: SheetMoney) -> tuple[Amount, Amount, str]:
        b = s.settled
        return (-(b.current or 0) if b else 0, -(b.execution or 0) if b else 0, s.iri)
    return sorted(money.sheets_of(year), key=key)[:n]


@dataclass(slots=True)
class RecipientTotal:
    """What one recipient received through 5-1 payments."""

    key: str
    name: str
    corporate_number: str
    total: Total = field(default_factory=Total)
    sheets: set[str] = field(default_factory=set)
    ministries: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    payments: int = 0


def recipient_key(p: Payment) -> str:
    """The recipient resource (a corporation, or the sheet-local unidentified recipient)."""
    return p.recipient or p.iri


def recipient_totals(money: Money, year: int | None = None) -> list[RecipientTotal]:
    """Recipients by amount received in review year ``year`` (all years when None), largest first;
    recipients whose every amount is unknown come last."""
    out: dict[str, RecipientTotal] = {}
    for p in money.payments:
        sheet = money.sheets.get(p.sheet)
        y = sheet.review_year if sheet else None
        if year is not None and y != year:
            continue
        key = recipient_key(p)
        r = out.get(key)
        if r is None:
            r = out[key] = RecipientTotal(key, p.name, p.corporate_number)
        r.total.add(p.amount)
        r.payments += 1
        r.sheets.add(p.sheet)
        if sheet and sheet.ministry:
            r.ministries.add(sheet.ministry)
        if y is not None:
            r.years.add(y)
    return sorted(out.values(), key=lambda r: (r.total.shown is None, -(r.total.shown or 0), r.name, r.key))


def latest_per_year(sheets: list[SheetMoney]) -> dict[int, YearBudget]:
    """One budget row per fiscal year over the sheets of *one project*: from the latest review year
    that reports it (its figures are the settled ones)."""
    chosen: dict[int, tuple[int, YearBudget]] = {}
    for s in sheets:
        ry = s.review_year or 0
        for b in s.budgets:
            if b.year not in chosen or ry > chosen[b.year][0]:
                chosen[b.year] = (ry, b)
    return {y: b for y, (_, b) in chosen.items()}


def yearly_totals(money: Money, sheets: list[SheetMoney]) -> dict[int, tuple[Total, Total, Total]]:
    """Fiscal year → (当初予算, 歳出予算現額, 執行額) summed over projects, each project's year once."""
    by_project: dict[str, list[SheetMoney]] = {}
    for s in sheets:
        by_project.setdefault(s.project or s.iri, []).append(s)
    out: dict[int, tuple[Total, Total, Total]] = {}
    for group in by_project.values():
        for y, b in latest_per_year(group).items():
            t = out.setdefault(y, (Total(), Total(), Total()))
            t[0].add(b.initial)
            t[1].add(b.current)
            t[2].add(b.execution)
    return dict(sorted(out.items()))
