"""法令番号 (「平成十四年法律第百三号」) → 法令ID, for citations whose 法令ID column holds the number (FORMATS §6.1).

A law number is unique within its era year and kind, so it names one law. Resolution, each
step saying how the link was made:

0. (in ``mapping/law_rdf.py``, before this) the title, through the build's own title → 法令ID index.
1. ``law-number``: the same number with a valid 法令ID elsewhere in the build (RS 1-3 rows that
   give both) or in ``--law-index``; else in the RS 2024 law table shipped in
   ``rs2rdf/data/laws_rs2024.csv`` (「行政事業レビュー見える化サイトのデータを加工して作成」, PDL1.0).
   A row whose ID does not agree with its number (an amending law's number next to the amended
   law's ID occurs) is not indexed by number.
2. ``law-number-derived``: for 法律, 政令 and 勅令 the Cabinet-sponsored ID
   ``{era digit}{year:02}{AC|CO|IO}0000000{number:03}``, which is that law or no law at all (a
   member-sponsored Act has ``1000000``/``0100000`` there). It is only taken when some index or
   the build knows that ID; otherwise the candidate is named in the note and nothing is linked.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rs2rdf.sources.normalize.citations import kanji_to_int
from rs2rdf.sources.normalize.ids import parse_law_id

SHIPPED_PATH = Path(__file__).resolve().parents[2] / "data" / "laws_rs2024.csv"
ERA_DIGITS = {"明治": "1", "大正": "2", "昭和": "3", "平成": "4", "令和": "5"}
#: Law kinds whose Cabinet-made 法令ID is the era year, the kind and the number.
DERIVABLE = {"法律": "AC", "政令": "CO", "勅令": "IO"}
#: The sponsor part of an Act's 法令ID: Cabinet, House of Representatives members, House of Councillors members.
SPONSORS = ("0000000", "1000000", "0100000")
_NUMBER = r"[元〇一二三四五六七八九十百千\d]+"
_LAW_NUMBER = re.compile(rf"^(?P<era>明治|大正|昭和|平成|令和)(?P<year>{_NUMBER})年(?P<kind>[^\d第]{{1,12}}?)第(?P<number>{_NUMBER})号$")

LAW_NUMBER = "law-number"
DERIVED = "law-number-derived"


@dataclass(frozen=True)
class LawNumber:
    """A parsed 法令番号: era, era year, kind (法律, 政令, 内閣府令, …) and number."""

    era: str
    year: int
    kind: str
    number: int

    @property
    def key(self) -> str:
        """One spelling for every way of printing the number (kanji or digits, full width, spaces)."""
        return f"{self.era}{self.year}年{self.kind}第{self.number}号"

    def derived_id(self) -> str | None:
        """The Cabinet-sponsored 法令ID this number would have (法律, 政令, 勅令 only)."""
        code = DERIVABLE.get(self.kind)
        if code is None or not (0 < self.year < 100 and 0 < self.number < 1000):
            return None
        return f"{ERA_DIGITS[self.era]}{self.year:02d}{code}0000000{self.number:03d}"


    def agrees_with(self, law_id: str) -> bool:
        """Whether a 法令ID can be this number's law: same era and year, and for 法律/政令/勅令 the same
        kind and number (any sponsor). Rows that pair a law with an amending law's number do not."""
        if not law_id.startswith(f"{ERA_DIGITS[self.era]}{self.year:02d}"):
            return False
        code = DERIVABLE.get(self.kind)
        if code is None:
            return law_id[3:5] not in DERIVABLE.values()
        return law_id[3:5] == code and law_id[5:12] in SPONSORS and law_id[12:].isdigit() and int(law_id[12:]) == self.number


_IN_TEXT = re.compile(rf"(?:明治|大正|昭和|平成|令和){_NUMBER}年[^\d第()（）、,\s]{{1,12}}?第{_NUMBER}号")


def law_number_in(text: str | None) -> str | None:
    """The first 法令番号 printed inside free text (「健康増進法（平成十四年法律第百三号）第十条」), as printed."""
    if not text:
        return None
    m = _IN_TEXT.search(unicodedata.normalize("NFKC", text))
    return m.group() if m and parse_law_number(m.group()) else None


def parse_law_number(text: str | None) -> LawNumber | None:
    """「平成十四年法律第百三号」, 「平成14年法律第103号」, 「令和元年政令第 5 号」 → LawNumber; else None."""
    if not text:
        return None
    compact = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text))
    m = _LAW_NUMBER.match(compact)
    if not m:
        return None
    try:
        year = 1 if m.group("year") == "元" else kanji_to_int(m.group("year"))
        number = kanji_to_int(m.group("number"))
    except ValueError:
        return None
    return LawNumber(m.group("era"), year, m.group("kind"), number)


class LawNumberIndex:
    """法令番号 key → 法令IDs, and every 法令ID known, from law tables and the build's own rows."""

    def __init__(self) -> None:
        self.by_number: dict[str, Counter[str]] = defaultdict(Counter)
        self.ids: set[str] = set()

    def add(self, law_number: str | None, law_id: str | None) -> bool:
        parsed = parse_law_id(law_id)
        if parsed.law_id is None:
            return False
        self.ids.add(parsed.law_id)
        number = parse_law_number(law_number)
        if number is not None and number.agrees_with(parsed.law_id):
            self.by_number[number.key][parsed.law_id] += 1
        return True

    def lookup(self, number: LawNumber) -> str | None:
        """The one 法令ID given for this number; None when none or several are."""
        ids = self.by_number.get(number.key)
        return next(iter(ids)) if ids and len(ids) == 1 else None

    @classmethod
    def from_csv(cls, path: str | Path) -> "LawNumberIndex":
        """A CSV with columns 法令番号 and 法令ID (law_number, law_id); without a number column, IDs only."""
        index = cls()
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            number_col = "法令番号" if "法令番号" in fields else "law_number"
            id_col = "法令ID" if "法令ID" in fields else "law_id"
            for row in reader:
                index.add(row.get(number_col), row.get(id_col))
        return index


@functools.lru_cache(maxsize=1)
def shipped_index() -> LawNumberIndex:
    """The RS 2024 law table shipped with rs2rdf (``rs2rdf/data/laws_rs2024.csv``)."""
    return LawNumberIndex.from_csv(SHIPPED_PATH)


def resolve_law_number(number: LawNumber, build: LawNumberIndex, index: LawNumberIndex) -> tuple[str | None, str, str]:
    """(法令ID or None, method, note) for a citation that has only its law number.

    ``build`` holds the build's rows and ``--law-index``; ``index`` the shipped table.
    """
    printed = number.key
    for source, where in ((build, "the same law number with a valid 法令ID elsewhere in the build (or in --law-index)"),
                          (index, "the RS 2024 law table shipped with rs2rdf")):
        found = source.lookup(number)
        if found:
            return found, LAW_NUMBER, f"{printed} linked to {found} by {where}"
    derived = number.derived_id()
    if derived is None:
        return None, "none", f"{printed} is in no law index, and only 法律, 政令 and 勅令 numbers give a 法令ID"
    if derived in build.ids or derived in index.ids:
        return derived, DERIVED, f"{printed} linked to {derived}, the Cabinet-sponsored 法令ID of that number, which the law index knows"
    return None, "none", (f"{printed} would be {derived} if Cabinet-sponsored (a member-sponsored Act differs), "
                          "but no law index knows that ID: left unlinked")
