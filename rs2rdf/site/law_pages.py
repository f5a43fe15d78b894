"""Law and provision pages: the projects citing a law, grouped by article, paragraph and item.

A citation (``rs:LawCitation``) points with ``rs:provision`` at the most specific provision it
names (an ``eli:LegalResourceSubdivision``), and every provision is linked into its chain
(item → paragraph → article → law) by ``eli:is_part_of`` / ``eli:has_part``. So a law's page
walks its ``eli:has_part`` tree and lists, under each provision, the citations that name it;
a provision's page does the same from the provision down. Citations that name no article
point at the law only (``rs:law``) and are listed last, under 「条の指定なし」.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from rs2rdf.mapping.labels import provision_label
from rs2rdf.mapping.egov_links import EGOV_LAW
from rs2rdf.mapping.vocab import ELI, RDFS
from rs2rdf.site.view import Site, Value

#: 号の細分 in the order laws use them (イ, ロ, ハ …).
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_PART = re.compile(r"^(\d*)(.*)$")
#: Guard against a malformed has_part cycle or an absurdly deep chain.
_MAX_DEPTH = 8
EGOV_PREFIX = EGOV_LAW.format("")


def number_key(value: str | None) -> tuple[Any, ...]:
    """Sort key of one provision number as the mapping writes it, in the law's own order:
    ``2`` < ``10`` < ``10-2`` < ``11``; 附則 (``sp``, ``sp-2``) after the main provisions;
    sub-items by イロハ order (``1イ`` < ``1ロ`` < ``2``).

    >>> sorted(["10-2", "2", "sp-1", "10", "1ロ", "1イ"], key=number_key)
    ['1イ', '1ロ', '2', '10', '10-2', 'sp-1']
    """
    if not value:
        return (2,)
    supplementary = value == "sp" or value.startswith("sp-")
    rest = value[3:] if value.startswith("sp-") else ("" if value == "sp" else value)
    parts: list[tuple[int, int, str]] = []
    for piece in rest.split("-") if rest else []:
        m = _PART.match(piece)
        digits, tail = (m.group(1), m.group(2)) if m else ("", piece)
        parts.append((int(digits) if digits else -1, _IROHA.index(tail) if tail and tail in _IROHA else (-1 if not tail else len(_IROHA)), tail))
    return (1 if supplementary else 0, parts)


def _numbers(site: Site, prov: str) -> tuple[str | None, str | None, str | None]:
    idx, V = site.idx, site.V
    return idx.text(prov, V.article), idx.text(prov, V.paragraph), idx.text(prov, V.item)


def _provision_key(site: Site, prov: str) -> tuple[Any, ...]:
    article, paragraph, item = _numbers(site, prov)
    return (number_key(article), number_key(paragraph), number_key(item), prov)


def _short_label(site: Site, prov: str) -> dict[str, str]:
    """「第85条第6項」: the provision without the law's title (from its numbers, else its label)."""
    label = provision_label(*_numbers(site, prov))
    if label:
        return {"ja": label, "en": label}
    return site.idx.label(prov)


def _chain(site: Site, doc: str) -> list[str]:
    """The law and the provisions above ``doc``, outermost first (``doc`` itself excluded)."""
    idx = site.idx
    out: list[str] = []
    node = idx.iri(doc, ELI + "is_part_of")
    while node and node not in out and node != doc and len(out) < _MAX_DEPTH:
        out.insert(0, node)
        node = idx.iri(node, ELI + "is_part_of")
    return out


def _citations_of(site: Site, prov: str) -> list[str]:
    """Citations naming exactly ``prov``: directly (``rs:provision``), or through one of their
    ``rs:ProvisionReference`` parts (graphs written before citations carried the link)."""
    idx, V = site.idx, site.V
    out: list[str] = []
    for s in idx.subjects_to(prov, V.provision):
        if idx.is_a(s, V.LawCitation):
            out.append(s)
        elif idx.is_a(s, V.ProvisionReference):
            out += [c for c in idx.subjects_to(s, V.citedProvision) if idx.is_a(c, V.LawCitation)]
    return sorted(set(out))


def _entry(site: Site, cit: str, here: str) -> Value:
    idx, V = site.idx, site.V
    sheet = next(iter(sorted(idx.subjects_to(cit, V.lawCitation))), None)
    fy = idx.iri(sheet, V.reviewYear) if sheet else None
    ministry = idx.iri(sheet, V.responsibleOrganization) if sheet else None
    project = idx.iri(sheet, V.project) if sheet else None
    return {"citation": idx.label(cit), "href": site.href(here, cit),
            "sheet": site.link(here, sheet) if sheet else None, "sheet_iri": sheet or "",
            "year": idx.label(fy) if fy else {"ja": "", "en": ""},
            "year_order": int(y) if fy and (y := idx.text(fy, V.year) or "").isdigit() else 0,
            "ministry": site.link(here, ministry) if ministry else None,
            "project": site.link(here, project) if project else None,
            "printed_article": idx.text(cit, V.printedArticle) or ""}


def _sorted_entries(entries: list[Value]) -> list[Value]:
    return sorted(entries, key=lambda e: (e["year_order"], e["project"]["label"]["ja"] if e["project"] else "", e["href"] or "", e["sheet_iri"]))


def _level(site: Site, prov: str, depth: int) -> int:
    """1 article, 2 paragraph, 3 item: from the numbers the provision carries, else its depth."""
    article, paragraph, item = _numbers(site, prov)
    if item:
        return 3
    if paragraph:
        return 2
    if article:
        return 1
    return min(depth, 3)


def _groups(site: Site, root: str, root_depth: int, here: str) -> tuple[list[Value], set[str]]:
    """Pre-order groups of the provision tree under ``root`` (``root`` included when it is a
    provision); each group holds the citations naming exactly that provision."""
    idx = site.idx
    groups: list[Value] = []

    def walk(prov: str, depth: int, seen: frozenset[str]) -> set[str]:
        own = _citations_of(site, prov) if depth > 0 else []
        group: Value = {"level": _level(site, prov, depth), "label": _short_label(site, prov),
                        "link": site.link(here, prov), "items": _sorted_entries([_entry(site, c, here) for c in own]),
                        "article": idx.text(prov, site.V.article) or "", "unread": False, "none": False}
        at = len(groups)
        if depth > 0:
            groups.append(group)
        below = set(own)
        if depth < _MAX_DEPTH:
            parts = [p for p in idx.iri_values(prov, ELI + "has_part") if p not in seen]
            for part in sorted(parts, key=lambda p: _provision_key(site, p)):
                below |= walk(part, depth + 1, seen | {part})
        group["count"] = len(below)
        if depth > 0 and not below:
            del groups[at]
        return below

    return groups, walk(root, root_depth, frozenset({root}))


def law_sections(site: Site, doc: str, here: str) -> Value:
    """Projects citing the law or provision ``doc``, grouped by article, then paragraph, then item."""
    idx, V = site.idx, site.V
    chain = _chain(site, doc)
    is_provision = bool(chain)
    law = chain[0] if chain else doc
    groups, cited = _groups(site, doc, len(chain), here)
    if not is_provision:
        unread: list[Value] = []
        none: list[Value] = []
        for cit in sorted(set(idx.subjects_to(law, V.law))):
            if cit in cited or not idx.is_a(cit, V.LawCitation) or idx.iri_values(cit, V.provision):
                continue
            cited.add(cit)
            entry = _entry(site, cit, here)
            # an article was printed but could not be read as one: not the same as naming none
            (unread if entry["printed_article"] else none).append(entry)
        if unread:
            groups.append({"level": 1, "label": {"ja": "条の記載を読み取れなかったもの", "en": "Article not readable"},
                           "link": None, "items": _sorted_entries(unread), "count": len(unread), "article": "", "unread": True, "none": False})
        if none:
            groups.append({"level": 1, "label": {"ja": "条の指定なし", "en": "No article given"},
                           "link": None, "items": _sorted_entries(none), "count": len(none), "article": "", "unread": False, "none": True})
    # a provision links to its own article, paragraph or item on e-Gov when the mapping could
    # name its anchor (not 附則 provisions), else to the law
    egov = next((o.value for o in sorted(idx.values(doc, RDFS + "seeAlso"), key=str) if isinstance(o, ox.NamedNode)
                 and o.value.startswith(EGOV_PREFIX)), None) if is_provision else None
    egov = egov or next((o.value for o in idx.values(law, RDFS + "seeAlso") if isinstance(o, ox.NamedNode)), None)
    parts = sorted(idx.iri_values(doc, ELI + "has_part"), key=lambda p: _provision_key(site, p))
    parent = idx.iri(doc, ELI + "is_part_of")
    return {"groups": groups, "egov": egov, "is_provision": is_provision,
            "law": site.link(here, law) if is_provision else None,
            "chain": [site.link(here, c) | {"short": _short_label(site, c) if i else idx.label(c)} for i, c in enumerate(chain)],
            "parts": [site.link(here, p) | {"short": _short_label(site, p)} for p in parts],
            "parent": site.link(here, parent) if parent else None,
            "short": _short_label(site, doc) if is_provision else idx.label(doc),
            "count": len(cited)}
