"""Budget and execution (RS 2-1, 2-2; older sheets' budget grid) as Data Cube observations."""

from __future__ import annotations

from decimal import Decimal

from rs2rdf.core import records as r
from rs2rdf.mapping import coded, cube
from rs2rdf.mapping.fields import at
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.mapping.vocab import RDFS

LABEL = RDFS + "label"


def summary_base(ctx: Context, rec: r.BudgetSummary) -> str:
    base = f"{ctx.sheet_iri(rec.sheet)}/budget/{rec.budget_year}"
    if rec.is_aggregate:
        return base
    return f"{base}/account-{content_hash(rec.account_kind, rec.account, rec.sub_account)}"


def _money(ctx: Context, s: str, p: str, m: r.Money | None, g: str) -> None:
    if m is not None:
        ctx.emitter.decimal(s, p, m.yen, g)


def _source_units(ctx: Context, s: str, amounts: tuple[r.Money | None, ...], g: str) -> None:
    """The unit a sheet printed the row's amounts in (百万円, or 千円 where its heading says so): the
    graph states yen, and the unit says how to read the printed figures back (amount ÷ 10⁶ or 10³)."""
    for unit in sorted({m.unit for m in amounts if m is not None and m.unit != "円"}):
        ctx.emitter.plain(s, ctx.V.sourceUnit, unit, g)


def summary(ctx: Context, rec: r.BudgetSummary, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    sheet = ctx.sheet_iri(rec.sheet)
    e.type(s, V.BudgetSummary, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.sheet, sheet, g)
    year = ctx.fy(rec.budget_year)
    e.iri(s, V.budgetYear, year, g)
    e.boolean(s, V.isAggregate, rec.is_aggregate, g)
    account = cube.account(ctx, rec.account_kind, rec.account, rec.sub_account, total=rec.is_aggregate)
    e.iri(s, V.budgetAccount, account, g)
    label = f"{rec.budget_year}年度"
    if not rec.is_aggregate:
        e.iri(s, V.accountKind, coded.concept(ctx, "account-kind", rec.account_kind, at(rec.src, "account_kind")), g)
        e.text(s, V.account, rec.account, g)
        e.text(s, V.subAccount, rec.sub_account, g)
        label += " " + " ".join(x for x in (rec.account, rec.sub_account) if x)
    e.text(s, LABEL, label, g)
    _money(ctx, s, V.initialBudget, rec.initial, g)
    _money(ctx, s, V.supplementaryBudget, rec.supplementary, g)
    for i, m in enumerate(rec.supplementary_n, start=1):
        _money(ctx, s, V[f"supplementaryBudget{i}"], m, g)
    _money(ctx, s, V.carriedOverIn, rec.carried_in, g)
    _money(ctx, s, V.reserveFunds, rec.reserve, g)
    for i, m in enumerate(rec.reserve_n, start=1):
        _money(ctx, s, V[f"reserveFunds{i}"], m, g)
    _money(ctx, s, V.currentBudget, rec.current, g)
    _money(ctx, s, V.execution, rec.executed, g)
    e.decimal(s, V.executionRate, rec.execution_rate, g)
    _money(ctx, s, V.carriedOverOut, rec.carried_out, g)
    _money(ctx, s, V.nextYearRequest, rec.next_request, g)
    _money(ctx, s, V.priorityRequest, rec.priority_request, g)
    e.text(s, V.changeReason, rec.reason, g)
    e.text(s, V.note, rec.notes, g)
    _source_units(ctx, s, (rec.initial, rec.supplementary, *rec.supplementary_n, rec.carried_in, rec.reserve, *rec.reserve_n,
                           rec.current, rec.executed, rec.carried_out, rec.next_request, rec.priority_request), g)
    cube.observe(ctx, "budget", s, (("sheet", sheet), ("budgetYear", year), ("budgetAccount", account)), _figures(rec), g,
                 key=summary_base(ctx, rec))


def _yen(m: r.Money | None) -> Decimal | int | None:
    return None if m is None else m.yen


def _figures(rec: r.BudgetSummary) -> list[tuple[str, Decimal | int | None]]:
    """(measure, value) for every figure of the row, in the order of cube.FAMILIES."""
    out: list[tuple[str, Decimal | int | None]] = [("initialBudget", _yen(rec.initial)), ("supplementaryBudget", _yen(rec.supplementary))]
    out += [(f"supplementaryBudget{i}", _yen(m)) for i, m in enumerate(rec.supplementary_n, start=1)]
    out += [("carriedOverIn", _yen(rec.carried_in)), ("reserveFunds", _yen(rec.reserve))]
    out += [(f"reserveFunds{i}", _yen(m)) for i, m in enumerate(rec.reserve_n, start=1)]
    out += [("currentBudget", _yen(rec.current)), ("execution", _yen(rec.executed)), ("executionRate", rec.execution_rate),
            ("carriedOverOut", _yen(rec.carried_out)), ("nextYearRequest", _yen(rec.next_request)),
            ("priorityRequest", _yen(rec.priority_request))]
    return out


def item_base(ctx: Context, rec: r.BudgetItem) -> str:
    h = content_hash(rec.account_kind, rec.account, rec.sub_account, rec.budget_type, rec.jurisdiction,
                     rec.organization, rec.kou, rec.moku, rec.note)
    return f"{ctx.sheet_iri(rec.sheet)}/budget/{rec.budget_year}/item/{h}"


def item(ctx: Context, rec: r.BudgetItem, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    e.type(s, V.BudgetItem, g)
    ctx.derived(s, rec.src)
    sheet, year = ctx.sheet_iri(rec.sheet), ctx.fy(rec.budget_year)
    account = cube.account(ctx, rec.account_kind, rec.account, rec.sub_account)
    kind, item_code = cube.budget_type(ctx, rec.budget_type), cube.expenditure_item(ctx, rec)
    e.iri(s, V.sheet, sheet, g)
    e.iri(s, V.budgetYear, year, g)
    e.iri(s, V.budgetAccount, account, g)
    e.iri(s, V.budgetType, kind, g)
    e.iri(s, V.expenditureItem, item_code, g)
    e.iri(s, V.accountKind, coded.concept(ctx, "account-kind", rec.account_kind, at(rec.src, "account_kind")), g)
    e.text(s, V.account, rec.account, g)
    e.text(s, V.subAccount, rec.sub_account, g)
    e.text(s, V.jurisdiction, rec.jurisdiction, g)
    e.text(s, V.budgetOrganization, rec.organization, g)
    e.text(s, V.budgetItemKou, rec.kou, g)
    e.text(s, V.budgetItemMoku, rec.moku, g)
    e.text(s, V.itemNote, rec.note, g)
    _money(ctx, s, V.amount, rec.amount, g)
    _money(ctx, s, V.nextYearRequest, rec.next_request, g)
    e.text(s, V.remarks, rec.remarks, g)
    e.text(s, LABEL, " ".join(x for x in (rec.budget_type, rec.kou, rec.moku) if x) or rec.note, g)
    _source_units(ctx, s, (rec.amount, rec.next_request), g)
    dims = (("sheet", sheet), ("budgetYear", year), ("budgetAccount", account), ("budgetType", kind), ("expenditureItem", item_code))
    cube.observe(ctx, "budget-items", s, dims, (("amount", _yen(rec.amount)), ("nextYearRequest", _yen(rec.next_request))), g,
                 key=item_base(ctx, rec))
