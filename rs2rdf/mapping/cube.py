"""The RDF Data Cube publication of the budget and indicator figures.

A sheet leaves many figures blank (no execution for a year not yet closed, no request for a
past year, a 第3次補正予算 almost never), and the Data Cube recommendation has no blank: IC-14
wants every measure of a data set on every observation, and IC-17 every measure at every key
of a measure-dimension cube. So each measure is a data set of its own (``dataset/{family}/
{measure}``, one measure in its structure) and each figure a sheet gives is one observation
``{row}#{measure}`` in it, with the family's dimensions on it; a blank cell is no observation
(not a zero). The row resources (rs:BudgetSummary, rs:BudgetItem, rs:IndicatorValue) keep every
figure too, for plain queries; they are not observations themselves.

The dimensions are IRIs from code lists where the sheet prints a name: the account
(``def/budget-account/{code}``, ``total`` for the whole-project row), the budget type
(``def/budget-type/…``) and the expenditure item (``def/expenditure-item/{code}``). Codes for
names that are not in a fixed list are the content hash of the printed names, so the same
account or item gets the same code on every sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rs2rdf.core import records as r
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.mapping.vocab import JPY, QB, SDMX_ATTR

#: family → (label ja, label en, dimensions, measures)
FAMILIES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "budget": ("予算・執行（RS 2-1 ほか）", "Budget and execution", ("sheet", "budgetYear", "budgetAccount"),
               ("initialBudget", "supplementaryBudget", "supplementaryBudget1", "supplementaryBudget2",
                "supplementaryBudget3", "supplementaryBudget4", "supplementaryBudget5", "carriedOverIn", "reserveFunds",
                "reserveFunds1", "reserveFunds2", "reserveFunds3", "reserveFunds4", "currentBudget", "execution",
                "executionRate", "carriedOverOut", "nextYearRequest", "priorityRequest")),
    "budget-items": ("歳出予算項目（RS 2-2 ほか）", "Budget items",
                     ("sheet", "budgetYear", "budgetAccount", "budgetType", "expenditureItem"), ("amount", "nextYearRequest")),
    "indicators": ("指標の目標と実績（RS 3-1 ほか）", "Indicator targets and actuals", ("indicator", "year"),
                   ("targetValue", "actualValue", "achievementRatePercent")),
}
#: Each measure's label (as in ontology/rs.ttl), for its data set's label.
MEASURE_LABELS: dict[str, tuple[str, str]] = {
    "initialBudget": ("当初予算", "initial budget"),
    "supplementaryBudget": ("補正予算", "supplementary budget"),
    "supplementaryBudget1": ("第1次補正予算", "1st supplementary budget"),
    "supplementaryBudget2": ("第2次補正予算", "2nd supplementary budget"),
    "supplementaryBudget3": ("第3次補正予算", "3rd supplementary budget"),
    "supplementaryBudget4": ("第4次補正予算", "4th supplementary budget"),
    "supplementaryBudget5": ("第5次補正予算", "5th supplementary budget"),
    "carriedOverIn": ("前年度からの繰越し", "carried over from the previous year"),
    "reserveFunds": ("予備費等", "reserve funds etc."),
    "reserveFunds1": ("予備費等1", "reserve funds 1"),
    "reserveFunds2": ("予備費等2", "reserve funds 2"),
    "reserveFunds3": ("予備費等3", "reserve funds 3"),
    "reserveFunds4": ("予備費等4", "reserve funds 4"),
    "currentBudget": ("計（歳出予算現額）", "current budget (total)"),
    "execution": ("執行額", "execution"),
    "executionRate": ("執行率", "execution rate"),
    "carriedOverOut": ("翌年度への繰越し", "carried over to the next year"),
    "nextYearRequest": ("翌年度要求額", "next year's request"),
    "priorityRequest": ("要望額", "priority request"),
    "amount": ("金額", "amount"),
    "targetValue": ("目標値", "target value"),
    "actualValue": ("実績値", "actual value"),
    "achievementRatePercent": ("達成率（％）", "achievement rate (%)"),
}
#: Measures that are not yen amounts (no sdmx-attribute:unitMeasure on their data set).
UNITLESS = frozenset({"executionRate", "targetValue", "actualValue", "achievementRatePercent"})

#: 予算種別 as printed in RS 2-2 → code. Others get a hash code; a blank one is ``unspecified``.
BUDGET_TYPES: dict[str, tuple[str, str]] = {
    "当初予算": ("initial", "Initial budget"),
    "補正予算": ("supplementary", "Supplementary budget"),
    **{f"第{n}次補正予算": (f"supplementary-{n}", f"Supplementary budget {n}") for n in range(1, 6)},
    "前年度から繰越し": ("carried-over-in", "Carried over from the previous year"),
    "予備費等": ("reserve", "Reserve funds"),
    **{f"予備費等{n}": (f"reserve-{n}", f"Reserve funds {n}") for n in range(1, 5)},
}
UNSPECIFIED = "unspecified"
TOTAL = "total"
#: scheme → (label ja, label en, fixed codes: code → (label ja, label en))
SCHEMES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "budget-account": ("会計", "Account", {TOTAL: ("合計（全会計）", "Total of all accounts")}),
    "budget-type": ("予算種別", "Budget type", {
        UNSPECIFIED: ("予算種別の記載なし", "Budget type not given"),
        **{code: (ja, en) for ja, (code, en) in BUDGET_TYPES.items()}}),
    "expenditure-item": ("歳出予算項目", "Expenditure budget item", {
        UNSPECIFIED: ("歳出予算項目の記載なし", "Expenditure item not given")}),
}


def code(ctx: Context, scheme: str, key: str | None, label: str | None) -> str:
    """The concept IRI for ``key`` in ``scheme``; a new key is registered with its printed label."""
    if key is None:
        key = UNSPECIFIED
    ctx.codes.setdefault((scheme, key), label or key)
    return ctx.iris.concept(scheme, key)


def account(ctx: Context, kind: str | None, name: str | None, sub: str | None, total: bool = False) -> str:
    if total:
        return code(ctx, "budget-account", TOTAL, None)
    label = " ".join(x for x in (kind, name, sub) if x) or "（会計の記載なし）"
    return code(ctx, "budget-account", content_hash(kind or "", name or "", sub or ""), label)


def budget_type(ctx: Context, printed: str | None) -> str:
    if not printed:
        return code(ctx, "budget-type", None, None)
    known = BUDGET_TYPES.get(printed.strip())
    return code(ctx, "budget-type", known[0] if known else content_hash(printed), printed)


def expenditure_item(ctx: Context, rec: r.BudgetItem) -> str:
    parts = (rec.jurisdiction, rec.organization, rec.kou, rec.moku, rec.note)
    if not any(parts):
        return code(ctx, "expenditure-item", None, None)
    return code(ctx, "expenditure-item", content_hash(*(p or "" for p in parts)), " ".join(p for p in parts if p))


def observe(ctx: Context, family: str, row: str, dims: Iterable[tuple[str, str]],
            figures: Iterable[tuple[str, Decimal | int | None]], g: str, year: int | None = None,
            key: str | None = None) -> None:
    """One observation ``{row}#{measure}`` per figure given, in the measure's own data set.

    ``key`` is the row's IRI before unique_iris told rows with the same key apart (a real 2-1
    prints 一般会計's 当初予算 and its 第1次補正予算 on two rows): such rows share their dimension
    values, so their figures are summed into one observation ``{key}#{measure}`` per measure,
    derived from each row (written by :func:`flush`)."""
    dims = tuple(dims)
    if key is not None and key != row:
        group = ctx.cube_groups.setdefault((family, key), (dims, g, {}, []))
        group[3].append(row)
        for measure, value in figures:
            if value is not None:
                group[2][measure] = group[2].get(measure, 0) + value
        return
    _emit(ctx, family, row, dims, figures, g, year)


def flush(ctx: Context) -> None:
    """The summed observations of rows that share their key (see :func:`observe`)."""
    for (family, key), (dims, g, sums, rows) in sorted(ctx.cube_groups.items()):
        order = FAMILIES[family][3]
        _emit(ctx, family, key, dims, sorted(sums.items(), key=lambda kv: order.index(kv[0])), g, None)
        for measure in sums:
            for row in sorted(rows):
                ctx.emitter.iri(f"{key}#{measure}", "http://www.w3.org/ns/prov#wasDerivedFrom", row, g)
    ctx.cube_groups.clear()


def _emit(ctx: Context, family: str, row: str, dims: tuple[tuple[str, str], ...],
          figures: Iterable[tuple[str, Decimal | int | None]], g: str, year: int | None) -> None:
    V, e = ctx.V, ctx.emitter
    for measure, value in figures:
        if value is None:
            continue
        o = f"{row}#{measure}"
        e.type(o, QB + "Observation", g)
        e.iri(o, QB + "dataSet", ctx.iris.dataset(family, measure), g)
        for p, v in dims:
            e.iri(o, V[p], v, g)
        if year is not None:
            e.year(o, V.year, year, g)
        e.decimal(o, V[measure], value, g)


def structures(ctx: Context, families: set[str]) -> None:
    """The data sets and their structures (one per measure), the family grouping them, the code lists."""
    flush(ctx)
    V, e, g = ctx.V, ctx.emitter, ctx.reference
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    has_part, part_of = "http://purl.org/dc/terms/hasPart", "http://purl.org/dc/terms/isPartOf"
    for family in sorted(families):
        ja, en, dims, measures = FAMILIES[family]
        group = ctx.iris.dataset(family)
        e.text(group, label, ja, g)
        e.text(group, label, en, g, lang="en")
        specs = []
        for order, dim in enumerate(dims, start=1):
            spec = f"{group}#dimension-{dim}"
            specs.append(spec)
            e.type(spec, QB + "ComponentSpecification", g)
            e.iri(spec, QB + "dimension", V[dim], g)
            e.integer(spec, QB + "order", order, g)
        unit = f"{group}#attribute-unitMeasure"
        for measure in measures:
            ds = ctx.iris.dataset(family, measure)
            dsd = f"{ds}#structure"
            e.iri(group, has_part, ds, g)
            e.iri(ds, part_of, group, g)
            e.type(ds, QB + "DataSet", g)
            m_ja, m_en = MEASURE_LABELS[measure]
            e.text(ds, label, f"{ja}：{m_ja}", g)
            e.text(ds, label, f"{en}: {m_en}", g, lang="en")
            e.iri(ds, QB + "structure", dsd, g)
            e.type(dsd, QB + "DataStructureDefinition", g)
            e.text(dsd, label, f"{ja}：{m_ja}の構造", g)
            for spec in specs:
                e.iri(dsd, QB + "component", spec, g)
            m = f"{ds}#measure"
            e.iri(dsd, QB + "component", m, g)
            e.type(m, QB + "ComponentSpecification", g)
            e.iri(m, QB + "measure", V[measure], g)
            e.integer(m, QB + "order", len(dims) + 1, g)
            if measure not in UNITLESS:
                e.iri(ds, SDMX_ATTR + "unitMeasure", JPY, g)
                e.iri(dsd, QB + "component", unit, g)
        if any(m not in UNITLESS for m in measures):
            e.type(unit, QB + "ComponentSpecification", g)
            e.iri(unit, QB + "attribute", SDMX_ATTR + "unitMeasure", g)
            e.iri(unit, QB + "componentAttachment", QB + "DataSet", g)
            e.boolean(unit, QB + "componentRequired", True, g)
            e.integer(unit, QB + "order", len(dims) + 2, g)
