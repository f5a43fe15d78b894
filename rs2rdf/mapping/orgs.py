"""Ministries, their units, and recipients: one IRI per 法人番号, sheet-local otherwise."""

from __future__ import annotations

import re
import unicodedata

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.normalize import ids
from rs2rdf.sources.normalize.ministries import Ministry, MinistryTable
from rs2rdf.core.records import UnitPath
from rs2rdf.mapping.context import Context

_INDIVIDUAL = re.compile(r"^(個人|職員|日系人|媒体|有識者|委員|講師|学生|研究者|外国人)\s*[A-Za-zＡ-Ｚａ-ｚ0-9０-９ア-ンイロハニホヘト]*$")
_OFFICE = re.compile(r"(税務署|法務局|地方法務局|労働局|税関|市交通局|水道局|財務局|運輸局|整備局|検察庁|裁判所|刑務所)")
_FOREIGN = re.compile(r"(Inc\.?|Ltd\.?|LLC|GmbH|Corporation|Corp\.?|Limited|S\.A\.|B\.V\.|大使館|国際機関|UNICEF|UNDP|WHO|OECD|国際連合)", re.I)


class OrgLinker:
    """Resolves printed ministry names and corporate numbers to IRIs, recording problems."""

    def __init__(self, ctx: Context, table: MinistryTable) -> None:
        self.ctx = ctx
        self.table = table
        self.used_ministries: dict[str, Ministry] = {}
        self._unknown: set[str] = set()

    def ministry(self, name: str | None, src: SourceLocation) -> tuple[str, Ministry] | None:
        if not name:
            return None
        m = self.table.resolve(name)
        if m is None:
            if name not in self._unknown:
                self._unknown.add(name)
                self.ctx.problems.append(Problem("unknown-ministry", "府省庁 name not in the ministry table; kept as text", src, name))
            return None
        self.used_ministries[m.key] = m
        parent = self.table.parent_of(m)
        while parent is not None and parent.key not in self.used_ministries:
            self.used_ministries[parent.key] = parent
            parent = self.table.parent_of(parent)
        return self.ctx.iris.org(m.key), m

    def unit(self, path: UnitPath | None, src: SourceLocation) -> str | None:
        """The deepest unit IRI of a 局/部/課/室/班/係 path; every prefix becomes a unit too."""
        if path is None:
            return None
        found = self.ministry(path.ministry, src)
        parts = path.parts()
        if found is None or not parts:
            return found[0] if found else None
        ministry_iri, m = found
        iri = ministry_iri
        for depth in range(1, len(parts) + 1):
            prefix = tuple(unicodedata.normalize("NFKC", p) for p in parts[:depth])
            unit_iri = self.ctx.iris.unit(m.key, prefix)
            self.ctx.units[unit_iri] = (ministry_iri if depth == 1 else iri, m.key, parts[:depth])
            iri = unit_iri
        return iri

    def recipient_number(self, raw: str | None, src: SourceLocation) -> tuple[str | None, bool]:
        """(13-digit number or None, check digit valid); bad shapes become problems."""
        if not raw:
            return None, False
        try:
            number = ids.normalize_corporate_number(raw)
        except ValueError:
            self.ctx.problems.append(Problem("malformed-corporate-number", "not a 13-digit 法人番号; treated as unidentified", src, raw))
            return None, False
        if number is None:
            return None, False
        valid = ids.is_valid_corporate_number(number)
        if not valid:
            expected = ids.corporate_check_digit(number[1:])
            self.ctx.problems.append(Problem("invalid-corporate-number",
                                             f"check digit should be {expected}, got {number[0]}; kept, not linked", src, number))
        return number, valid

    def register_org(self, number: str, name: str | None, address: str | None = None, kind: str | None = None) -> str:
        facts = self.ctx.orgs[number]
        if name:
            facts.names[name] += 1
        if address:
            facts.addresses[address] += 1
        if kind:
            facts.kinds[kind] += 1
        return self.ctx.iris.org(number)


def recipient_kind(name: str, is_remainder: bool | None) -> str:
    """Why a recipient has no number: it decides how the page and queries treat it."""
    text = unicodedata.normalize("NFKC", name).strip()
    if is_remainder or text in ("その他", "その他の支出先"):
        return "remainder"
    if _INDIVIDUAL.match(text):
        return "individual"
    if _OFFICE.search(text):
        return "government-office"
    if _FOREIGN.search(text):
        return "foreign"
    return "other"
