"""Sheet headers and the small per-sheet lists: organisation rows, policies, plans,
subsidy rates, related projects, evaluation and remarks."""

from __future__ import annotations

from rs2rdf.core.location import SourceLocation
from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.sources.normalize.eras import parse_year
from rs2rdf.sources.normalize.projectnumbers import canonical_old_number, parse_old_project_numbers
from rs2rdf.mapping.fields import at
from rs2rdf.mapping import coded, weblinks
from rs2rdf.mapping.codes import code_for
from rs2rdf.sources.rs_tables import BY_ID
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.mapping.orgs import OrgLinker
from rs2rdf.mapping.vocab import DCTERMS, RDFS

LABEL = RDFS + "label"


def sheet_info(ctx: Context, link: OrgLinker, rec: r.SheetInfo) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    s = ctx.sheet_iri(rec.sheet)
    e.type(s, V.ReviewSheet, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.reviewYear, ctx.fy(rec.sheet.review_year), g)
    e.text(s, V.projectName, rec.name, g)
    e.text(s, LABEL, rec.name, g)
    e.plain(s, V.sourceKind, rec.source_kind, g)
    if rec.sheet.budget_id is not None:
        project = ctx.iris.project(rec.sheet.budget_id)
        e.iri(s, V.project, project, g)
        e.iri(project, V.sheet, s, g)
        ctx.projects[rec.sheet.budget_id][rec.sheet.review_year] = rec.name
        e.plain(s, DCTERMS + "identifier", str(rec.sheet.budget_id), g)
    if rec.printed_number:
        e.plain(s, V.printedProjectNumber, rec.printed_number, g)
        e.plain(s, DCTERMS + "identifier", rec.printed_number, g)
    _coded(ctx, s, V.sheetType, "sheet-type", rec.sheet_type, at(rec.src, "sheet_type"), g)
    e.integer(s, V.ministryOrder, rec.ministry_order, g)
    pm = link.ministry(rec.policy_ministry, at(rec.src, "policy_ministry"))
    if pm:
        e.iri(s, V.policyMinistry, pm[0], g)
    resp = link.ministry(rec.ministry, at(rec.src, "ministry"))
    if resp:
        e.iri(s, V.responsibleOrganization, resp[0], g)
        ctx.sheets[rec.sheet] = resp[0]
    elif pm:
        ctx.sheets[rec.sheet] = pm[0]
    unit = link.unit(rec.unit, at(rec.src, "bureau"))
    if unit and (resp is None or unit != resp[0]):
        e.iri(s, V.responsibleUnit, unit, g)
    e.text(s, V.responsiblePerson, rec.responsible_person, g)
    e.text(s, V.purpose, rec.purpose, g)
    e.text(s, V.currentIssues, rec.current_issues, g)
    e.text(s, V.overview, rec.overview, g)
    weblinks.link(ctx, s, V.overviewUrl, rec.overview_url, at(rec.src, "overview_url"), g)
    _coded(ctx, s, V.projectCategory, "project-category", rec.category, at(rec.src, "category"), g)
    e.year(s, V.startYear, rec.start_year, g)
    e.boolean(s, V.startYearUnknown, rec.start_unknown, g)
    if rec.start_before:
        e.boolean(s, V.startsBefore, True, g)
    e.year(s, V.endYear, rec.end_year, g)
    e.boolean(s, V.noPlannedEnd, rec.no_end, g)
    for expense in rec.major_expenses:
        e.text(s, V.majorExpense, expense, g)
    e.text(s, V.remarks, rec.remarks, g)
    for method in rec.methods:
        _coded(ctx, s, V.implementationMethod, "implementation-method", method, at(rec.src, "methods"), g)
    e.text(s, V.accountCategory, rec.account, g)
    e.plain(s, V.displayOrder, rec.display_order, g)
    if rec.old_numbers:
        e.plain(s, V.formerProjectNumber, rec.old_numbers, g)
        for old in parse_old_project_numbers(rec.old_numbers):
            canonical = canonical_old_number(old)
            if canonical:
                e.plain(s, V.pastProjectNumber, canonical, g)
    for past in rec.past_numbers:
        e.plain(s, V.pastProjectNumber, past, g)
    e.text(s, V.mainPolicy, rec.main_policy, g)
    for kpi in rec.kpis:
        e.text(s, V.kpiDocument, kpi, g)
    for label, text in rec.unit_cost:
        e.text(s, V.unitCost, f"{label}: {text}", g)


def _reflection(ctx: Context, s: str, rec: r.Evaluation, g: str) -> None:
    """反映状況: a concept of its code list. RS 4-1 holds one of the listed values; pre-2024 sheets and
    database workbooks often hold prose there (「予算要求に反映した。…」), which is no code and is
    kept as text with the detail instead of minting a concept per sentence."""
    if rec.reflection and BY_ID.get(rec.src.part or "") is None and code_for("reflection", rec.reflection) is None:
        ctx.emitter.text(s, ctx.V.reflectionDetail, rec.reflection, g)
        return
    _coded(ctx, s, ctx.V.reflection, "reflection", rec.reflection, at(rec.src, "reflection"), g)


def _finding_year(ctx: Context, printed: str | None, src: SourceLocation) -> int | None:
    """The 年度 of a finding (「2022」, 「令和4年度」); text that is no year is reported and left out,
    like every other year cell."""
    try:
        return parse_year(printed).year
    except ValueError as exc:
        ctx.problems.append(Problem("unparseable-year", str(exc), src, printed))
        return None


def _coded(ctx: Context, s: str, p: str, scheme: str, printed: str | None, src: SourceLocation, g: str) -> None:
    """A code-list value as a concept IRI (see :mod:`rs2rdf.mapping.coded`)."""
    ctx.emitter.iri(s, p, coded.concept(ctx, scheme, printed, src), g)


def org_row(ctx: Context, link: OrgLinker, rec: r.OrgRow) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    s = ctx.sheet_iri(rec.sheet)
    if rec.person:
        e.text(s, V.responsiblePerson, rec.person, g)
    if rec.unit:
        unit = link.unit(rec.unit, at(rec.src, "co_ministry"))
        if unit:
            e.iri(s, V.coResponsibleUnit, unit, g)


def _child(ctx: Context, rec: r.Policy | r.Plan | r.SubsidyRate | r.RelatedProject, tail: str, cls: str,
           link: str) -> tuple[str, str]:
    """A numbered list entry of a sheet: typed, linked from the sheet, derived from its row."""
    g = ctx.graph(rec.src)
    sheet = ctx.sheet_iri(rec.sheet)
    s = f"{sheet}/{tail}/{rec.number}"
    ctx.emitter.type(s, cls, g)
    ctx.derived(s, rec.src)
    ctx.emitter.iri(sheet, link, s, g)
    ctx.emitter.integer(s, ctx.V.number, rec.number, g)
    return s, g


def policy(ctx: Context, link: OrgLinker, rec: r.Policy) -> None:
    V, e = ctx.V, ctx.emitter
    s, g = _child(ctx, rec, "policy", V.Policy, V.policy)
    e.text(s, LABEL, " / ".join(x for x in (rec.policy, rec.measure) if x), g)
    e.text(s, V.description, rec.policy, g)
    e.text(s, V.measure, rec.measure, g)
    weblinks.link(ctx, s, V.url, rec.url, at(rec.src, "policy_url"), g)
    m = link.ministry(rec.ministry, at(rec.src, "policy_ministry_p"))
    if m:
        e.iri(s, V.policyMinistry, m[0], g)


def plan(ctx: Context, rec: r.Plan) -> None:
    V, e = ctx.V, ctx.emitter
    s, g = _child(ctx, rec, "plan", V.Plan, V.plan)
    e.text(s, LABEL, rec.name, g)
    weblinks.link(ctx, s, V.url, rec.url, at(rec.src, "plan_url"), g)


def subsidy(ctx: Context, rec: r.SubsidyRate) -> None:
    V, e = ctx.V, ctx.emitter
    s, g = _child(ctx, rec, "subsidy-rate", V.SubsidyRate, V.subsidyRate)
    e.text(s, V.subsidyTarget, rec.target, g)
    e.text(s, V.rate, rec.rate, g)
    e.text(s, V.cap, rec.cap, g)
    weblinks.link(ctx, s, V.url, rec.url, at(rec.src, "url"), g)
    e.text(s, LABEL, rec.rate or rec.target, g)


def related(ctx: Context, rec: r.RelatedProject, known: set[int]) -> None:
    V, e = ctx.V, ctx.emitter
    s, g = _child(ctx, rec, "related", V.ProjectRelation, V.relation)
    if rec.target_id is not None:
        e.iri(s, V.relatedProject, ctx.iris.project(rec.target_id), g)
        inside = rec.target_id in known
        e.boolean(s, V.targetInBuild, inside, g)
        if not inside:
            ctx.problems.append(Problem("dangling-related-project", f"予算事業ID {rec.target_id} is not in this build; link kept",
                                        at(rec.src, "target_id"), str(rec.target_id)))
    e.text(s, V.relatedProjectName, rec.target_name, g)
    _coded(ctx, s, V.relationType, "relation-type", rec.relation, at(rec.src, "relation"), g)
    e.text(s, LABEL, rec.target_name, g)


def evaluation(ctx: Context, rec: r.Evaluation) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    s = ctx.sheet_iri(rec.sheet)
    e.text(s, V.checkResult, rec.check_result, g)
    e.text(s, V.improvementDirection, rec.improvement_direction, g)
    e.text(s, V.effectEvaluation, rec.effect_evaluation, g)
    e.year(s, V.externalReviewLastYear, rec.external_last_year, g)
    e.text(s, V.externalReviewTarget, rec.external_target, g)
    e.text(s, V.externalReviewReason, rec.external_reason, g)
    e.text(s, V.externalOpinion, rec.external_opinion, g)
    e.text(s, V.publicProcessSummary, rec.public_process, g)
    _coded(ctx, s, V.teamOpinion, "team-opinion", rec.team_opinion, at(rec.src, "team_opinion"), g)
    e.text(s, V.teamOpinionDetail, rec.team_opinion_detail, g)
    _reflection(ctx, s, rec, g)
    e.text(s, V.reflectionDetail, rec.reflection_detail, g)
    if rec.reflected_general:
        e.decimal(s, V.reflectedAmountGeneral, rec.reflected_general.yen, g)
    e.text(s, V.reflectedSpecialAccount, rec.reflected_special_account, g)
    e.text(s, V.reflectedSpecialSubAccount, rec.reflected_special_sub_account, g)
    if rec.reflected_special:
        e.decimal(s, V.reflectedAmountSpecial, rec.reflected_special.yen, g)
    for f in rec.findings:
        fi = f"{s}/finding/{content_hash(f.kind, f.category, f.year, f.content, f.response)}"
        e.type(fi, V.Finding, g)
        ctx.derived(fi, rec.src)
        e.iri(s, V.finding, fi, g)
        e.plain(fi, V.findingKind, f.kind, g)
        e.text(fi, V.findingCategory, f.category, g)
        e.year(fi, V.findingYear, _finding_year(ctx, f.year, at(rec.src, f"{f.kind}_year")), g)
        e.text(fi, V.findingContent, f.content, g)
        e.text(fi, V.findingResponse, f.response, g)
        e.text(fi, LABEL, f.category or f.content, g)
    for item, mark, explanation in rec.checklist:
        ci = f"{s}/check/{content_hash(item)}"
        e.type(ci, V.ChecklistItem, g)
        e.iri(s, V.checklistItem, ci, g)
        e.text(ci, LABEL, item, g)
        e.plain(ci, V.checkMark, mark, g)
        e.text(ci, V.explanation, explanation, g)


def remarks(ctx: Context, rec: r.Remarks) -> None:
    ctx.emitter.text(ctx.sheet_iri(rec.sheet), ctx.V.remarks, rec.text, ctx.graph(rec.src))
