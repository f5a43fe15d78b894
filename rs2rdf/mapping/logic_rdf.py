"""The logic model (RS 3-1, 3-2): activities → outputs → outcomes, with yearly values."""

from __future__ import annotations

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.mapping import cube, weblinks
from rs2rdf.mapping.fields import at
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.vocab import RDFS

LABEL = RDFS + "label"
_CLASS = {"activity": "Activity", "output": "Output", "outcome": "Outcome"}


def tail(kind: str, number: int, term: str | None) -> str:
    if kind == "outcome" and term:
        return f"outcome/{term}/{number}"
    return f"{kind}/{number}"


def indicator(ctx: Context, rec: r.Indicator) -> str:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    sheet = ctx.sheet_iri(rec.sheet)
    s = f"{sheet}/{tail(rec.kind, rec.number, rec.term)}"
    e.type(s, V.Indicator, g)
    e.type(s, V[_CLASS[rec.kind]], g)
    ctx.derived(s, rec.src)
    e.iri(s, V.sheet, sheet, g)
    e.iri(sheet, V.indicator, s, g)
    e.iri(s, V.indicatorKind, ctx.iris.concept("indicator-kind", rec.kind), g)
    e.integer(s, V.number, rec.number, g)
    if rec.term:
        e.iri(s, V.outcomeTerm, ctx.iris.concept("outcome-term", rec.term), g)
    e.text(s, V.goalKind, rec.goal_kind, g)
    e.text(s, V.description, rec.description, g)
    e.text(s, V.indicatorName, rec.name, g)
    e.text(s, LABEL, rec.name or rec.description, g)
    e.text(s, V.unit, rec.unit, g)
    e.text(s, V.direction, rec.direction, g)
    e.text(s, V.dataSource, rec.data_source, g)
    e.text(s, V.qualitativeReason, rec.qualitative_reason, g)
    e.text(s, V.qualitativeResult, rec.qualitative_result, g)
    e.text(s, V.kpiDocument, rec.kpi_document, g)
    e.text(s, V.kpiSection, rec.kpi_section, g)
    weblinks.link(ctx, s, V.kpiUrl, rec.kpi_url, at(rec.src, "kpi_url"), g)
    for v in rec.values:
        o = f"{s}/{v.year}"
        e.type(o, V.IndicatorValue, g)
        e.iri(o, V.indicator, s, g)
        e.year(o, V.year, v.year, g)
        e.decimal(o, V.targetValue, v.target, g)
        e.decimal(o, V.actualValue, v.actual, g)
        e.decimal(o, V.achievementRatePercent, v.rate_percent, g)
        if v.is_target_year:
            e.boolean(o, V.isTargetYear, True, g)
        cube.observe(ctx, "indicators", o, (("indicator", s),),
                     (("targetValue", v.target), ("actualValue", v.actual), ("achievementRatePercent", v.rate_percent)), g, year=v.year)
    return s


def link(ctx: Context, rec: r.IndicatorLink, known: set[str]) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    sheet = ctx.sheet_iri(rec.sheet)
    a = f"{sheet}/{tail(rec.from_kind, rec.from_number, rec.from_term)}"
    b = f"{sheet}/{tail(rec.to_kind, rec.to_number, rec.to_term)}"
    ends = ((a, rec.from_kind, rec.from_number, rec.from_term, rec.from_description, "派生元ーアクティビティ・アウトプット・アウトカムの番号"),
            (b, rec.to_kind, rec.to_number, rec.to_term, rec.to_description, "派生先ーアクティビティ・アウトプット・アウトカムの番号"))
    for end, kind, number, term, description, field in ends:
        if end not in known:
            # 3-2 alone describes this element: publish what it says rather than a dangling IRI.
            known.add(end)
            ctx.problems.append(Problem("unresolved-indicator", "3-1 does not list this element; described from 3-2 only",
                                        rec.src.with_field(field), end.rsplit("/id/sheet/", 1)[-1]))
            indicator(ctx, r.Indicator(sheet=rec.sheet, src=rec.src, kind=kind, number=number, term=term, description=description))
    s = f"{sheet}/link/{tail(rec.from_kind, rec.from_number, rec.from_term).replace('/', '-')}--" \
        f"{tail(rec.to_kind, rec.to_number, rec.to_term).replace('/', '-')}"
    e.type(s, V.IndicatorLink, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.sheet, sheet, g)
    e.iri(s, V["from"], a, g)
    e.iri(s, V.to, b, g)
    e.iri(a, V.leadsTo, b, g)
    e.text(s, V.explanation, rec.explanation, g)
    e.text(s, V.singleStageReason, rec.single_stage_reason, g)
