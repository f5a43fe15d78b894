"""Records → quads: the whole mapping, in an order that lets later records link to
earlier ones (sheet headers first, shared entities last)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterable, TypeVar

from rs2rdf.core import records as r
from rs2rdf.sources.normalize.citations import LawIndex
from rs2rdf.sources.normalize.ministries import MinistryTable
from rs2rdf.mapping import budget_rdf, columns, entities, law_rdf, logic_rdf, sheet_rdf, spending_rdf
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.mapping.orgs import OrgLinker
from rs2rdf.mapping.project_links import link_projects

T = TypeVar("T")


@dataclass
class MappingStats:
    law_citations: int = 0
    unresolved_laws: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    projects_before_rs: int = 0  # projects of pre-2024 sheets that no RS project holds, each once


def _content(rec: object) -> str:
    return repr(tuple(getattr(rec, f.name) for f in fields(rec) if f.name != "src"))  # type: ignore[arg-type]  # every record is a dataclass instance; the Record union is not spelt out here


def unique_iris(recs: Iterable[T], base: Callable[[T], str]) -> list[tuple[T, str]]:
    """Key-based IRIs; where two records share a key, both get a content-hash suffix,
    so the result does not depend on which one came first."""
    groups: dict[str, list[T]] = defaultdict(list)
    for rec in recs:
        groups[base(rec)].append(rec)
    out: list[tuple[T, str]] = []
    for iri, group in groups.items():
        if len(group) == 1:
            out.append((group[0], iri))
            continue
        used: dict[str, int] = {}
        for rec in sorted(group, key=_content):
            h = content_hash(_content(rec))
            used[h] = used.get(h, 0) + 1
            out.append((rec, f"{iri}-{h}" + (f"-{used[h]}" if used[h] > 1 else "")))
    return out


class Mapper:
    """Maps records group by group (one review year at a time, in a large build), then what
    needs all of them: law citations (the build's own title–ID pairs teach the law index),
    related projects (a link to a year read later), sheet matches across years, and the
    shared entities. Only the records those need are kept between groups.

    Within a group the order lets later records link to earlier ones (sheet headers first).
    The quads do not depend on how records are grouped, as long as a review sheet's records
    are in one group: every other piece of state is keyed by sheet or order-free (counters
    read with ties broken by value).
    """

    def __init__(self, ctx: Context, ministries: MinistryTable, law_index: LawIndex) -> None:
        self.ctx, self.ministries, self.law_index = ctx, ministries, law_index
        self.link = OrgLinker(ctx, ministries)
        self.counts: Counter[str] = Counter()
        self.infos: list[r.SheetInfo] = []
        self.law_refs: list[r.LawRef] = []
        self.related: list[r.RelatedProject] = []
        self.used: set[str] = set()

    def add(self, recs: Iterable[r.Record]) -> None:
        ctx, link = self.ctx, self.link
        by: dict[type, list[Any]] = defaultdict(list)
        for rec in recs:
            by[type(rec)].append(rec)
        self.counts.update({t.__name__: len(v) for t, v in by.items()})
        self.infos.extend(by[r.SheetInfo])
        self.law_refs.extend(by[r.LawRef])
        self.related.extend(by[r.RelatedProject])
        ctx.blocks = set()  # block IRIs are the sheet's: a group's are not needed by the next
        for rec in by[r.SheetInfo]:
            sheet_rdf.sheet_info(ctx, link, rec)
        for rec in by[r.OrgRow]:
            sheet_rdf.org_row(ctx, link, rec)
        for rec in by[r.Policy]:
            sheet_rdf.policy(ctx, link, rec)
        for rec in by[r.Plan]:
            sheet_rdf.plan(ctx, rec)
        for rec in by[r.SubsidyRate]:
            sheet_rdf.subsidy(ctx, rec)
        for rec, iri in unique_iris(by[r.BudgetSummary], lambda x: budget_rdf.summary_base(ctx, x)):
            budget_rdf.summary(ctx, rec, iri)
        for rec, iri in unique_iris(by[r.BudgetItem], lambda x: budget_rdf.item_base(ctx, x)):
            budget_rdf.item(ctx, rec, iri)
        known: set[str] = set()
        for rec in by[r.Indicator]:
            known.add(logic_rdf.indicator(ctx, rec))
        for rec in by[r.IndicatorLink]:
            logic_rdf.link(ctx, rec, known)
        for rec in by[r.Evaluation]:
            sheet_rdf.evaluation(ctx, rec)
        ctx.sheets_with_blocks = {rec.sheet for rec in by[r.Block]}
        for rec in by[r.Block]:
            spending_rdf.block(ctx, rec)
        for rec, iri in unique_iris(by[r.Payment], lambda x: spending_rdf.payment_base(ctx, link, x)):
            spending_rdf.payment(ctx, link, rec, iri)
        for rec, iri in unique_iris(by[r.FundFlow], lambda x: spending_rdf.flow_base(ctx, x)):
            spending_rdf.flow(ctx, rec, iri)
        for rec, iri in unique_iris(by[r.Overhead], lambda x: spending_rdf.overhead_base(ctx, x)):
            spending_rdf.overhead(ctx, rec, iri)
        for rec, iri in unique_iris(by[r.ExpenseLine], lambda x: spending_rdf.expense_base(ctx, x)):
            spending_rdf.expense(ctx, link, rec, iri)
        for rec, iri in unique_iris(by[r.ObligationContract], lambda x: spending_rdf.obligation_base(ctx, x)):
            spending_rdf.obligation(ctx, link, rec, iri)
        for rec in by[r.Remarks]:
            sheet_rdf.remarks(ctx, rec)
        columns.publish(ctx, by[r.ColumnValue])  # last: it looks for the resources made from each row
        self.used |= {name for name, kinds in (("budget", [r.BudgetSummary]), ("budget-items", [r.BudgetItem]),
                                               ("indicators", [r.Indicator, r.IndicatorLink])) if any(by[k] for k in kinds)}

    def finish(self) -> MappingStats:
        ctx = self.ctx
        stats = MappingStats(by_type=dict(sorted((k, v) for k, v in self.counts.items() if v)))
        law_rdf.harvest(self.law_refs, self.law_index)
        counts: dict[str, int] = {}
        for rec in self.law_refs:
            law_rdf.law_ref(ctx, rec, self.law_index, counts)
        stats.law_citations, stats.unresolved_laws = counts.get("citations", 0), counts.get("unresolved", 0)
        known_projects = {k.budget_id for k in ctx.sheets if k.budget_id is not None} | set(ctx.projects)
        for rel in self.related:
            sheet_rdf.related(ctx, rel, known_projects)
        stats.projects_before_rs = link_projects(ctx, self.infos, self.ministries).projects_before_rs
        entities.projects(ctx)
        entities.organisations(ctx, self.link)
        entities.ministries(ctx, self.link)
        entities.units(ctx)
        entities.laws(ctx)
        entities.fiscal_years(ctx)
        entities.code_lists(ctx)
        entities.datasets(ctx, self.used)
        self.law_refs, self.related = [], []
        return stats


