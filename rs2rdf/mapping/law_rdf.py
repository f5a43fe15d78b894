"""Law citations → citation resources linked to 法令ID laws and their provisions.

An RS row that gives a 法令ID is trusted for the law; the title links the rest through a
:class:`LawIndex` harvested from the same build (plus an optional e-Gov list). What stays
unresolved is kept as a text-only citation and counted.
"""

from __future__ import annotations

import re

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.sources.normalize.citations import Citation, LawIndex, Provision, parse_citations, parse_rs_provisions
from rs2rdf.sources.normalize.ids import LAW_NUMBER, parse_law_id
from rs2rdf.sources.normalize.lawnumbers import parse_law_number, resolve_law_number, shipped_index
from rs2rdf.sources.normalize.text import key
from rs2rdf.mapping.fields import at
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import segment
from rs2rdf.mapping.labels import provision_label
from rs2rdf.mapping.vocab import RDFS

LABEL = RDFS + "label"
#: A provision already normalised by the free-text parser (条 ``70-6``/``sp-2``/``sp``, 項 ``1``,
#: 号 ``1イ``). An RS 1-3 row whose 条 column is a bare number (``51``) matches too, and is only
#: taken as is when its 項 and 号 columns are bare numbers as well; else all three are parsed.
_NORMAL = re.compile(r"^(sp-?)?[0-9]+(-[0-9]+)*$|^sp$")
_NORMAL_PARAGRAPH = re.compile(r"^[0-9]+(-[0-9]+)*$")
_NORMAL_ITEM = re.compile(r"^[0-9]*(-[0-9]+)*[\u30a1-\u30fa]?$")


def _normalised(rec: r.LawRef) -> bool:
    return bool(rec.article and _NORMAL.match(rec.article)
                and (rec.paragraph is None or _NORMAL_PARAGRAPH.match(rec.paragraph))
                and (rec.item is None or (rec.item and _NORMAL_ITEM.match(rec.item))))


def harvest(refs: list[r.LawRef], index: LawIndex) -> None:
    """Every (title, valid 法令ID) pair of the build teaches the index one spelling."""
    for ref in refs:
        parsed = parse_law_id(ref.law_id_raw)
        if parsed.law_id and ref.title:
            index.add(ref.title, parsed.law_id)
        index.numbers.add(ref.law_number, ref.law_id_raw)


def _provision_label(p: Provision) -> str:
    return provision_label(p.article, p.paragraph, p.item)


def provisions_of(rec: r.LawRef, citations: list[Citation] | None = None) -> list[Provision]:
    """The provisions a citation names, with arabic numbers: from the 条・項・号 columns (kanji,
    full-width or arabic, with or without 第/条/項/号, or the whole provision in the 条 column:
    「第八十五条第一項」), else from the provision printed after the title (「…法第51条」)."""
    if _normalised(rec):  # free-text citations, parsed already
        provisions = [Provision(rec.article, rec.paragraph, rec.item)]
    else:
        provisions = parse_rs_provisions(rec.article, rec.paragraph, rec.item)
    if not provisions:
        if citations is None:
            citations = parse_citations(rec.title) if rec.title else []
        if citations:
            provisions = list(citations[0].provisions)
    return provisions


def law_ref(ctx: Context, rec: r.LawRef, index: LawIndex, stats: dict[str, int]) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    sheet = ctx.sheet_iri(rec.sheet)
    s = f"{sheet}/law-citation/{_segment(rec.number)}"
    e.type(s, V.LawCitation, g)
    ctx.derived(s, rec.src)
    e.iri(sheet, V.lawCitation, s, g)
    e.text(s, V.printedTitle, rec.title, g)
    e.plain(s, V.printedLawNumber, rec.law_number, g)
    e.plain(s, V.printedLawId, rec.law_id_raw, g)
    e.plain(s, V.printedArticle, rec.article, g)
    e.plain(s, V.printedParagraph, rec.paragraph, g)
    e.plain(s, V.printedItem, rec.item, g)

    citations = parse_citations(rec.title) if rec.title else []
    title = citations[0].title if citations and citations[0].title else (rec.title or "").strip("・ ")
    provisions = provisions_of(rec, citations)
    e.text(s, V.lawTitle, title, g)
    e.text(s, LABEL, title + "".join(_provision_label(p) for p in provisions[:1]), g)

    parsed = parse_law_id(rec.law_id_raw)
    law_id, method = None, "none"
    if parsed.law_id:
        law_id, method = parsed.law_id, "law-id"
        if parsed.kind == "revision":
            method = "revision-id"
            ctx.problems.append(Problem("revision-law-id", "revision ID reduced to its 法令ID", at(rec.src, "law_id"), rec.law_id_raw))
    else:
        if parsed.kind not in ("empty",):
            how = "title or law number" if parsed.kind == LAW_NUMBER else "title"
            ctx.problems.append(Problem("junk-law-id", f"法令ID column holds {parsed.kind}; linked by {how} if possible",
                                        at(rec.src, "law_id"), rec.law_id_raw))
        if title:
            law_id, method = index.resolve(title)
        # no ID and no title match: the law number (in the 法令ID column, the 法令番号 column or the sheet's text)
        printed = rec.law_id_raw if parsed.kind == LAW_NUMBER else rec.law_number
        if law_id is None and (number := parse_law_number(printed)):
            law_id, method, note = resolve_law_number(number, index.numbers, shipped_index())
            where = at(rec.src, "law_id" if parsed.kind == LAW_NUMBER else "law_number")
            ctx.problems.append(Problem("law-number-link", note, where if where.field else at(rec.src, "law_title"), printed))
        if title and law_id is None:
            stats["unresolved"] = stats.get("unresolved", 0) + 1
            ctx.problems.append(Problem("unresolved-law", "law title not in the law index; kept as a text citation",
                                        at(rec.src, "law_title"), title))
    stats["citations"] = stats.get("citations", 0) + 1
    e.plain(s, V.linkMethod, method, g)
    if law_id:
        law = ctx.iris.law(law_id)
        e.iri(s, V.law, law, g)
        facts = ctx.laws[law_id]
        facts.titles[title] += 1
        if rec.law_number:
            facts.numbers[rec.law_number] += 1
    for p in provisions:
        parts = p.path_segments()
        tail = "-".join(x for x in (p.article or "_", p.paragraph or "_", p.item or "_"))
        ps = f"{s}/{_segment(tail)}"
        e.type(ps, V.ProvisionReference, g)
        e.iri(s, V.citedProvision, ps, g)
        e.plain(ps, V.article, p.article, g)
        e.plain(ps, V.paragraph, p.paragraph, g)
        e.plain(ps, V.item, p.item, g)
        e.text(ps, LABEL, title + _provision_label(p), g)
        if law_id and parts:
            # The citation itself points at the most specific provision it names (one per
            # provision listed), so that a law's subdivisions lead straight to their citations.
            target = ctx.iris.provision(law_id, parts)
            e.iri(ps, V.provision, target, g)
            e.iri(s, V.provision, target, g)
            ctx.laws[law_id].provisions.add(tuple(parts))


def _segment(text: str) -> str:
    return segment(key(text))
