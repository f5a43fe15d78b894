"""Cross-year project identity: RS projects (予算事業ID) ↔ older sheets, and older sheets among themselves.

Older sheets have no stable project key. A link is made only on evidence, and the
evidence is published with it (``rs:SheetMatch``):

* an RS sheet's 旧事業番号 (RS 1-2) naming a sheet of the build (``former-project-number``), and
  only where that finds nothing, an equal project name under the same ministry
  (``name-and-ministry``);
* a pre-2024 sheet's 関連する過去のレビューシートの事業番号 (a 主要事項データベース row keeps the
  所管府省名 and the cell of each) naming one sheet of that year and ministry (``past-number``):
  the printed number equal to the sheet's 事業番号, or its last parts (``0412`` or ``21-0412`` for
  ``2022-経産-21-0412``). A link that names no sheet of the build stays printed data
  (``rs:pastProjectNumber``); one that fits several is an ``ambiguous-past-number`` problem and
  makes no match. Names alone never link older sheets.

Sheets linked by past numbers are one project: the RS project where an RS sheet's 旧事業番号
reaches them (and no other RS project does), else a project named after the earliest sheet.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.sources.normalize.eras import fiscal_year_label_ja, parse_year
from rs2rdf.sources.normalize.ministries import MinistryTable
from rs2rdf.sources.normalize.projectnumbers import canonical_old_number, normalize_project_number, parse_old_project_numbers
from rs2rdf.sources.normalize.text import key as text_key
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.mapping.vocab import DCTERMS, RDFS, SKOS

PAST_NUMBER = "past-number"


class Linked(NamedTuple):
    """What :func:`link_projects` made: the matches, and the projects of the older sheets that no RS project holds
    (a chain of sheets joined by past numbers is one; a sheet linked to no other is one of its own)."""

    links: int
    projects_before_rs: int


def link_projects(ctx: Context, infos: list[r.SheetInfo], ministries: MinistryTable) -> Linked:
    """Emit rs:SheetMatch resources and the projects they join."""
    older = {i.sheet: i for i in infos if not i.sheet.is_rs}
    if not older:
        return Linked(0, 0)
    by_number = {(k.review_year, k.ministry, normalize_project_number(k.number or "")): k for k in older}
    by_name: dict[tuple[str, str | None], list[r.SheetKey]] = defaultdict(list)
    for k, info in older.items():
        by_name[(text_key(info.name), k.ministry)].append(k)
    made = 0
    rs_links: dict[r.SheetKey, set[int]] = defaultdict(set)  # older sheet → RS projects naming it
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
            rs_links[target].add(info.sheet.budget_id or 0)
            made += 1
    edges = _past_number_matches(ctx, older, ministries)
    made += len(edges)
    return Linked(made, _join_projects(ctx, older, edges, rs_links))


def _parts(number: str) -> list[str]:
    return [p for p in normalize_project_number(number).split("-") if p]


def _candidates(link: r.PastLink, keys: list[r.SheetKey]) -> list[r.SheetKey]:
    """The sheets whose 事業番号 is the printed number, or else ends with all its parts."""
    wanted = _parts(link.number)
    if not wanted:
        return []
    exact = [k for k in keys if _parts(k.number or "") == wanted]
    if exact:
        return exact
    return [k for k in keys if _parts(k.number or "")[-len(wanted):] == wanted]


def _past_number_matches(ctx: Context, older: dict[r.SheetKey, r.SheetInfo],
                         ministries: MinistryTable) -> list[tuple[r.SheetKey, r.SheetKey]]:
    by_serial: dict[tuple[int, str | None, str], list[r.SheetKey]] = defaultdict(list)  # (year, ministry, last part)
    for k in sorted(older):
        parts = _parts(k.number or "")
        if parts:
            by_serial[(k.review_year, k.ministry, parts[-1])].append(k)
    edges: list[tuple[r.SheetKey, r.SheetKey]] = []
    for key in sorted(older):
        info = older[key]
        for link in past_links(info):
            if link.year >= key.review_year:
                continue
            m = ministries.resolve(link.ministry) if link.ministry else None
            ministry_key = m.key if m else (key.ministry if not link.ministry else None)
            if ministry_key is None:
                continue  # a ministry the table does not know: the printed link is kept, no match
            wanted = _parts(link.number)
            found = _candidates(link, by_serial.get((link.year, ministry_key, wanted[-1]), []) if wanted else [])
            printed = f"{fiscal_year_label_ja(link.year)} {link.ministry or ''} {link.number}".replace("  ", " ")
            if len(found) > 1:
                ctx.problems.append(Problem(
                    "ambiguous-past-number",
                    f"関連する過去のレビューシートの事業番号 {printed} fits {len(found)} sheets of the build "
                    f"({', '.join(str(k.number) for k in found)}); no match was made", link.src, link.number))
                continue
            if found:
                _emit_past(ctx, info, found[0], link, printed)
                edges.append((key, found[0]))
    return edges


PAST_LABEL = "関連する過去のレビューシートの事業番号"


def past_links(info: r.SheetInfo) -> tuple[r.PastLink, ...]:
    """The links a sheet gives: a workbook row's, with ministry and cell; else those a per-project sheet file
    prints (``平成27年度 0036`` under its year heading, no 所管府省名: the sheet's own ministry is meant)."""
    if info.past_links or not info.past_numbers:
        return info.past_links
    out = []
    for printed in info.past_numbers:
        label, _, number = printed.partition(" ")
        try:
            year = parse_year(label).year
        except ValueError:
            continue  # not a year heading: the printed text stays as it is (rs:pastProjectNumber)
        if year is not None and number.strip():
            out.append(r.PastLink(year, number.strip(), None, info.src.with_field(PAST_LABEL)))
    return tuple(out)


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


def _emit_past(ctx: Context, info: r.SheetInfo, target: r.SheetKey, link: r.PastLink, printed: str) -> None:
    """The match in the linking sheet's graph, derived from the row, with the column in its evidence."""
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(link.src)
    sheet = ctx.sheet_iri(info.sheet)
    old = ctx.sheet_iri(target)
    s = f"{sheet}/past/{content_hash(old)}"
    evidence = f"関連する過去のレビューシートの事業番号 {printed}（{link.src}）"
    e.type(s, V.SheetMatch, g)
    e.iri(s, V.sheet, sheet, g)
    e.iri(s, V.matchedSheet, old, g)
    e.plain(s, V.matchMethod, PAST_NUMBER, g)
    e.plain(s, V.printedProjectNumber, link.number, g)
    e.text(s, V.evidence, evidence, g)
    e.text(s, RDFS + "label", evidence, g)
    ctx.derived(s, link.src)


def _join_projects(ctx: Context, older: dict[r.SheetKey, r.SheetInfo], edges: list[tuple[r.SheetKey, r.SheetKey]],
                   rs_links: dict[r.SheetKey, set[int]]) -> int:
    """Sheets joined by past numbers share a project (see the module's docstring); returns how many
    projects the older sheets are outside RS, each counted once."""
    parent: dict[r.SheetKey, r.SheetKey] = {}

    def find(k: r.SheetKey) -> r.SheetKey:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[r.SheetKey, list[r.SheetKey]] = defaultdict(list)
    for k in {k for edge in edges for k in edge}:
        groups[find(k)].append(k)
    V, e, g = ctx.V, ctx.emitter, ctx.entities
    joined = {k for members in groups.values() for k in members}
    count = sum(1 for k in older if k not in joined and k not in rs_links)  # sheets linked to no other sheet
    for members in groups.values():
        members.sort()
        pids = set().union(*(rs_links.get(k, set()) for k in members))
        if len(pids) > 1:
            count += sum(1 for k in members if k not in rs_links)
            continue  # several RS projects name sheets of this chain: only their own matches join them
        if pids:
            project = ctx.iris.project(pids.pop())
        else:
            count += 1
            first = members[0]
            project = ctx.iris.project_before_rs(first.review_year, first.ministry, first.number)
            names = {k.review_year: older[k].name for k in members}
            latest = names[max(names)]
            e.type(project, V.Project, g)
            e.plain(project, DCTERMS + "identifier", f"{first.review_year}/{first.ministry}/{first.number}", g)
            e.text(project, RDFS + "label", latest, g)
            for name in sorted(set(names.values()) - {latest}):
                e.text(project, SKOS + "altLabel", name, g)
        for k in members:
            if k in rs_links:
                continue  # already joined by its RS match
            e.iri(ctx.sheet_iri(k), V.project, project, g)
            e.iri(project, V.sheet, ctx.sheet_iri(k), g)
    return count
