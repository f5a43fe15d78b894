"""The money in the graph as small typed tables: sheets with their budgets, payments, contracts.

Pages that answer "who got how much" (home, explorer, rankings, contracts, corporation pages)
all ask the same few questions of the whole graph. Walking the index once, in the parent before
the render workers fork, gives each of them a list to filter instead of a graph walk per page.

Amounts stay exact (``int``, or ``Decimal`` when the source had a fraction): they are yen and are
summed, and a float would round a trillion-yen total. ``None`` is "not stated", never 0, and every
total says how many of its parts were unknown (:class:`Total`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Iterable, TypeVar

import pyoxigraph as ox

from rs2rdf.mapping.vocab import DCTERMS

if TYPE_CHECKING:
    from rs2rdf.site.view import Site

Amount = int | Decimal


def exact(text: str | None) -> Amount | None:
    """An xsd:decimal or xsd:integer lexical form as an exact number (int when whole)."""
    if text is None:
        return None
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return int(d) if d == d.to_integral_value() else d


@dataclass(frozen=True, slots=True)
class YearBudget:
    """One fiscal year of a sheet's budget table (the 2-1 total row)."""

    year: int
    obs: str
    initial: Amount | None = None
    supplementary: Amount | None = None
    carried_in: Amount | None = None
    reserve: Amount | None = None
    current: Amount | None = None
    execution: Amount | None = None
    carried_out: Amount | None = None
    request: Amount | None = None

    @property
    def rate(self) -> Decimal | None:
        """執行率 = 執行額 / 歳出予算現額, computed from the two exact amounts (not the sheet's rounded rate)."""
        if self.execution is None or not self.current:
            return None
        return Decimal(self.execution) / Decimal(self.current)


@dataclass(slots=True)
class SheetMoney:
    iri: str
    review_year: int | None
    name: str
    ministry: str | None
    unit: str | None
    project: str | None
    #: 予算事業ID (RS) or the printed 事業番号: what people search by
    number: str
    from_rs: bool
    budgets: list[YearBudget] = field(default_factory=list)

    def budget(self, year: int | None) -> YearBudget | None:
        return next((b for b in self.budgets if b.year == year), None)

    @property
    def settled_year(self) -> int | None:
        """The last completed fiscal year of the sheet: the review year's previous year.

        A review sheet of year Y reports Y-1's execution; Y itself has a budget and no execution yet.
        """
        return None if self.review_year is None else self.review_year - 1

    @property
    def settled(self) -> YearBudget | None:
        return self.budget(self.settled_year)

    @property
    def rs_url(self) -> str | None:
        """The project's page on the RS system, in the form other viewers link with."""
        if not self.from_rs or not self.number or self.review_year is None:
            return None
        return f"https://rssystem.go.jp/project?projectNumbers={self.number}&fiscalYear={self.review_year}"


@dataclass(frozen=True, slots=True)
class Payment:
    """A 5-1 row: money a block paid to one recipient (what the recipient *received*)."""

    iri: str
    sheet: str
    block: str
    letter: str
    recipient: str | None
    name: str
    corporate_number: str
    amount: Amount | None
    contracts: tuple[str, ...]
    # rs:unitSuspect: the list was probably entered in yen where 百万円 is asked. ``amount`` is then
    # None, so every total, ranking and flow counts it as not known rather than as trillions of yen;
    # ``printed`` keeps the amount for the sheet's own payee table.
    printed: Amount | None = None


@dataclass(frozen=True, slots=True)
class Contract:
    """A contract under a 5-1 payment, or a 5-4 国庫債務負担行為 contract (``obligation``)."""

    iri: str
    sheet: str
    payment: str | None
    recipient: str | None
    name: str
    summary: str
    amount: Amount | None
    method: str | None
    method_label: dict[str, str]
    bidders: int | None
    rate: Decimal | None
    obligation: bool

    @property
    def single_bid(self) -> bool:
        """一者応札: a competitive procedure that drew one bidder."""
        return self.bidders == 1 and not self.negotiated

    @property
    def negotiated(self) -> bool:
        """随意契約 of any kind (the contract-method scheme's ``negotiated-*`` codes)."""
        m = self.method
        return m is not None and m.rstrip("/").rsplit("/", 1)[-1].startswith("negotiated")


@dataclass(frozen=True, slots=True)
class Expense:
    """A 5-3 expense line: what a block spent on, naming a payee; never summed into "received"."""

    iri: str
    sheet: str
    block: str
    recipient: str | None
    name: str
    category: str
    use: str
    amount: Amount | None


@dataclass(slots=True)
class Total:
    """A sum that remembers how many of its parts were not stated."""

    value: Amount = 0
    known: int = 0
    unknown: int = 0

    def add(self, amount: Amount | None) -> None:
        if amount is None:
            self.unknown += 1
        else:
            self.value += amount
            self.known += 1

    @property
    def shown(self) -> Amount | None:
        """The sum, or None when no part is known (so a page prints 「—」, not 0円)."""
        return self.value if self.known else None


@dataclass(slots=True)
class Money:
    sheets: dict[str, SheetMoney] = field(default_factory=dict)
    payments: list[Payment] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    by_recipient: dict[str, list[Payment]] = field(default_factory=dict)
    contracts_by_recipient: dict[str, list[Contract]] = field(default_factory=dict)
    expenses_by_recipient: dict[str, list[Expense]] = field(default_factory=dict)
    payments_by_sheet: dict[str, list[Payment]] = field(default_factory=dict)
    contracts_by_sheet: dict[str, list[Contract]] = field(default_factory=dict)
    expenses_by_sheet: dict[str, list[Expense]] = field(default_factory=dict)

    @property
    def review_years(self) -> list[int]:
        return sorted({s.review_year for s in self.sheets.values() if s.review_year is not None})

    def sheets_of(self, year: int | None = None) -> list[SheetMoney]:
        return [s for s in self.sheets.values() if year is None or s.review_year == year]

    def sheet_year(self, sheet: str) -> int | None:
        s = self.sheets.get(sheet)
        return s.review_year if s else None


def _literal(site: "Site", s: str, p: str) -> str | None:
    o = site.idx.first(s, p)
    return o.value if isinstance(o, ox.Literal) else None


def _int(text: str | None) -> int | None:
    a = exact(text)
    return a if isinstance(a, int) else None


def build_money(site: "Site") -> Money:
    """Walk the index once for every sheet, budget row, payment, contract and expense line."""
    idx, V = site.idx, site.V
    money = Money()
    by_type: dict[str, list[str]] = defaultdict(list)
    wanted = {V.ReviewSheet, V.Payment, V.Contract, V.ObligationContract, V.ExpenseLine}
    for s, types in idx.types.items():
        for t in types & wanted:
            by_type[t].append(s)
    for sheet in sorted(by_type[V.ReviewSheet]):
        fy = idx.iri(sheet, V.reviewYear)
        year = _int(idx.text(fy, V.year)) if fy else None
        project = idx.iri(sheet, V.project)
        number = idx.text(sheet, DCTERMS + "identifier") or (idx.text(project, DCTERMS + "identifier") if project else "") or ""
        sm = SheetMoney(sheet, year, idx.label(sheet)["ja"], idx.iri(sheet, V.responsibleOrganization),
                        idx.iri(sheet, V.responsibleUnit), project, number, idx.text(sheet, V.sourceKind) == "rs")
        for obs in idx.subjects_to(sheet, V.sheet):
            if not idx.is_a(obs, V.BudgetSummary) or idx.text(obs, V.isAggregate) != "true":
                continue
            bfy = idx.iri(obs, V.budgetYear)
            by = _int(idx.text(bfy, V.year)) if bfy else None
            if by is None:
                continue
            sm.budgets.append(YearBudget(
                by, obs, initial=exact(_literal(site, obs, V.initialBudget)),
                supplementary=exact(_literal(site, obs, V.supplementaryBudget)),
                carried_in=exact(_literal(site, obs, V.carriedOverIn)),
                reserve=exact(_literal(site, obs, V.reserveFunds)),
                current=exact(_literal(site, obs, V.currentBudget)),
                execution=exact(_literal(site, obs, V.execution)),
                carried_out=exact(_literal(site, obs, V.carriedOverOut)),
                request=exact(_literal(site, obs, V.nextYearRequest))))
        sm.budgets.sort(key=lambda b: (b.year, b.obs))
        money.sheets[sheet] = sm
    block: str | None
    of_sheet: str | None
    for pay in sorted(by_type[V.Payment]):
        block = idx.iri(pay, V.block)
        of_sheet = idx.iri(block, V.sheet) if block else None
        if block is None or of_sheet is None:
            continue
        rec = idx.iri(pay, V.recipient)
        number = (idx.text(rec, V.corporateNumber) or "") if rec else ""
        amount = exact(_literal(site, pay, V.amount))
        suspect = idx.text(pay, V.unitSuspect) == "true"
        p = Payment(pay, of_sheet, block, idx.text(block, V.blockLetter) or "", rec, idx.label(pay)["ja"], number,
                    None if suspect else amount, tuple(idx.iri_values(pay, V.contract)), amount if suspect else None)
        money.payments.append(p)
    for kind in (V.Contract, V.ObligationContract):
        for c in sorted(by_type[kind]):
            paid = idx.iri(c, V.payment)
            rec = idx.iri(c, V.recipient)
            of_sheet = idx.iri(c, V.sheet)
            if paid is not None:
                block = idx.iri(paid, V.block)
                of_sheet = of_sheet or (idx.iri(block, V.sheet) if block else None)
                rec = rec or idx.iri(paid, V.recipient)
            if of_sheet is None:
                block = idx.iri(c, V.block)
                of_sheet = idx.iri(block, V.sheet) if block else None
            if of_sheet is None:
                continue
            method = idx.iri(c, V.contractMethod)
            rate = exact(_literal(site, c, V.winningBidRatePercent))
            money.contracts.append(Contract(
                c, of_sheet, paid, rec, (idx.text(c, V.printedName) or (idx.label(rec)["ja"] if rec else "")),
                idx.text(c, V.contractSummary) or idx.label(c)["ja"], exact(_literal(site, c, V.amount)), method,
                idx.label(method) if method else {"ja": "", "en": ""}, _int(_literal(site, c, V.bidderCount)),
                None if rate is None else Decimal(rate), kind == V.ObligationContract))
    for e in sorted(by_type[V.ExpenseLine]):
        block = idx.iri(e, V.block)
        of_sheet = idx.iri(block, V.sheet) if block else None
        if block is None or of_sheet is None:
            continue
        money.expenses.append(Expense(e, of_sheet, block, idx.iri(e, V.recipient), idx.text(e, V.printedName) or "",
                                      idx.text(e, V.expenseCategory) or "", idx.text(e, V.use) or "",
                                      exact(_literal(site, e, V.amount))))
    _group(money.payments, "recipient", money.by_recipient)
    _group(money.contracts, "recipient", money.contracts_by_recipient)
    _group(money.expenses, "recipient", money.expenses_by_recipient)
    _group(money.payments, "sheet", money.payments_by_sheet)
    _group(money.contracts, "sheet", money.contracts_by_sheet)
    _group(money.expenses, "sheet", money.expenses_by_sheet)
    return money


_Row = TypeVar("_Row", Payment, Contract, Expense)


def _group(items: Iterable[_Row], attr: str, into: dict[str, list[_Row]]) -> None:
    for item in items:
        key = getattr(item, attr)
        if key is not None:
            into.setdefault(key, []).append(item)
