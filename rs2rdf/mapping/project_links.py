"""Cross-era project identity: RS projects (予算事業ID) ↔ older per-ministry sheets.

Older sheets have no stable project key. A link is made only on evidence, and the
evidence is published with it: the 旧事業番号 printed on the RS sheet first, and only
where that finds nothing, an equal project name under the same ministry.
"""

from __future__ import annotations

from collections import defaultdict

from rs2rdf.core import records as r
from rs2rdf.sources.normalize.ministries import MinistryTable
from rs2rdf.sources.normalize.projectnumbers import canonical_old_number, normalize_project_number, parse_old_project_numbers
from rs2rdf.sources.normalize.text import key as text_key
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.mapping.vocab import RDFS


def link_projects(ctx: Context, infos: list[r.SheetInfo], ministries: MinistryTable) -> int:
    """Emit rs:SheetMatch resources; returns the number of links made."""
    older = {i.sheet: i for i in infos if not i.sheet.is_rs}
    if not older:
        return 0
    by_number = {(k.review_year, k.ministry, normalize_project_number(k.number or "")): k for k in older}
    by_name: dict[tuple[str, str | None], list[r.SheetKey]] = defaultdict(list)
    for k, info in older.items():
        by_name[(text_key(info.name), k.ministry)].append(k)
    made = 0
    for info in sorted((i for i in infos if i.sheet.is_rs), key=lambda i: i.sheet):
        ministry_keys = {m.key for m in (ministries.resolve(n) for n in (info.ministry, info.policy_ministry) if n) if m}
        matches: dict[r.SheetKey, tuple[str, str]] = {}
        for old in parse_old_project_numbers(info.old_numbers):
            canonical = canonical_old_number(old)
            m = ministries.resolve(old.ministry) if old.ministry else None
            if not canonical or old.year is None or m is None:
                continue
            target = by_number.get((old.year, m.key, normalize_project_number(canonical)))
            if target:
                matches[target] = ("former-project-number", f"旧事業番号 {old.printed}")
        if not matches:
            for mk in sorted(ministry_keys):
                for target in by_name.get((text_key(info.name), mk), []):
                    if target.review_year < info.sheet.review_year:
                        matches[target] = ("name-and-ministry", f"事業名「{info.name}」と府省庁が一致")
        for target, (method, evidence) in sorted(matches.items()):
            _emit(ctx, info.sheet, target, method, evidence)
            made += 1
    return made


def _emit(ctx: Context, rs_sheet: r.SheetKey, target: r.SheetKey, method: str, evidence: str) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.entities
    sheet = ctx.sheet_iri(rs_sheet)
    old = ctx.sheet_iri(target)
    project = ctx.iris.project(rs_sheet.budget_id or 0)
    s = f"{sheet}/former/{content_hash(old)}"
    e.type(s, V.SheetMatch, g)
    e.iri(s, V.sheet, sheet, g)
    e.iri(s, V.matchedSheet, old, g)
    e.plain(s, V.matchMethod, method, g)
    e.text(s, V.evidence, evidence, g)
    e.text(s, RDFS + "label", evidence, g)
    e.iri(old, V.project, project, g)
    e.iri(project, V.sheet, old, g)
