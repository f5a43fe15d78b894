"""Pre-RS 事業番号 and the RS 1-2 旧事業番号 column (FORMATS §4.1, §4.3).

A 事業番号 is only unique within (review year, ministry), and 旧事業番号 is typed by
hand in a dozen shapes, so parsing returns every old number found together with
the text it was read from; callers keep the raw cell as well.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TypedDict

#: 府省略称 used in 事業番号 since 2021 → 政策所管府省庁 as spelled in RS.
MINISTRY_ABBREVIATIONS: dict[str, str] = {
    "官房": "内閣官房",
    "府": "内閣府",
    "公取": "公正取引委員会",
    "警察": "警察庁",
    "個情": "個人情報保護委員会",
    "カジノ": "カジノ管理委員会",
    "金融": "金融庁",
    "消費": "消費者庁",
    "こども": "こども家庭庁",
    "デジ": "デジタル庁",
    "復興": "復興庁",
    "総務": "総務省",
    "法務": "法務省",
    "外務": "外務省",
    "財務": "財務省",
    "文科": "文部科学省",
    "厚労": "厚生労働省",
    "農水": "農林水産省",
    "経産": "経済産業省",
    "国交": "国土交通省",
    "環境": "環境省",
    "原規": "原子力規制委員会",
    "防衛": "防衛省",
}
_ABBREVIATION_OF = {name: abbr for abbr, name in MINISTRY_ABBREVIATIONS.items()}

_DASHES = re.compile(r"[ー－ｰ‐‑‒–—―−\-]")
_SPACES = re.compile(r"[\s\u3000]+")
_MINISTRY_NAMES = sorted(set(MINISTRY_ABBREVIATIONS) | set(MINISTRY_ABBREVIATIONS.values()), key=lambda n: (-len(n), n))
_MIN = "|".join(re.escape(n) for n in _MINISTRY_NAMES)
_SEP = r"[\s\-:]*"
_MODERN = re.compile(
    rf"(?:(?P<year>(?:19|20)\d{{2}}){_SEP})?(?P<ministry>{_MIN}){_SEP}"
    rf"(?P<new>新)?(?P<yy>\d{{2}}(?!\d{{1,3}}(?!\d)))?{_SEP}"
    rf"(?P<serial>\d{{4,6}}(?:-\d{{1,2}}(?!\d))?)?"
)
_OLD = re.compile(r"(?<!\d)(?=[新\d])(?P<new>新)?(?:(?P<yy>\d{2})(?=[\-\s]*\d{4}(?!\d)))?[\-\s]*(?P<serial>\d{4}(?:-\d{1,2}(?!\d))?)(?!\d)")
_PREFIXES = re.compile(
    r"旧事業番号|(?:明治|大正|昭和|平成|令和)\s*(?:元|\d{1,2})\s*年度\s*[:：]?|(?:19|20)\d{2}\s*年度\s*[:：]?"
)


def normalize_project_number(printed: str) -> str:
    """Matching form of a printed 事業番号: NFKC, one kind of dash, no spaces.

    >>> normalize_project_number("2023 ー 文科 － 22 ｰ 0130")
    '2023-文科-22-0130'
    """
    return _SPACES.sub("", _DASHES.sub("-", unicodedata.normalize("NFKC", printed)))


@dataclass(frozen=True)
class OldProjectNumber:
    """One pre-RS number: 公表年度, ministry (full name), 新 flag, two-digit year, serial."""

    year: int | None
    ministry: str | None
    new: bool
    yy: str | None
    serial: str | None
    printed: str


class _Fields(TypedDict):
    """Typed so ``OldProjectNumber(printed=..., **fields)`` is checked; ``printed`` comes from the raw cell."""

    year: int | None
    ministry: str | None
    new: bool
    yy: str | None
    serial: str | None


def _normalize_keep_offsets(raw: str) -> tuple[str, list[int]]:
    """NFKC character by character, remembering where each output character came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(raw):
        piece = _DASHES.sub("-", unicodedata.normalize("NFKC", ch))
        if piece.isspace():
            piece = " "
        out.append(piece)
        origin.extend([i] * len(piece))
    return "".join(out), origin


def parse_old_project_numbers(raw: str | None) -> list[OldProjectNumber]:
    """Every old 事業番号 in a 旧事業番号 cell or a pre-RS sheet's number field.

    Lists (「0407,0416」), prefixes (「旧事業番号 」, 「2023年度：」, 「令和５年度　」),
    width and dash variants and missing separators (「2023警察220059」) are accepted;
    cells that hold no number (「--」, 「政策: 15　施策: 21」) give [].
    """
    if not raw or not raw.strip():
        return []
    text, origin = _normalize_keep_offsets(raw)
    if re.search(r"政策|施策", text):
        return []
    masked = _PREFIXES.sub(lambda m: " " * len(m.group()), text)
    found: list[OldProjectNumber] = []
    pos = 0
    while pos < len(masked):
        match = _next_number(masked, pos)
        if match is None:
            break
        start, end, number = match
        printed = raw[origin[start] : origin[end - 1] + 1].strip()
        found.append(OldProjectNumber(printed=printed, **number))
        pos = end
    return found


def _next_number(text: str, pos: int) -> tuple[int, int, _Fields] | None:
    """The leftmost number from ``pos``; a ministry name with no number after it is skipped."""
    while pos < len(text):
        modern = _MODERN.search(text, pos)
        old = _OLD.search(text, pos)
        if modern and (old is None or modern.start() <= old.start()):
            if modern.group("yy") or modern.group("serial"):
                return modern.start(), modern.end(), _fields(modern)
            pos = modern.end()
            continue
        if old:
            return old.start(), old.end(), _fields(old)
        return None
    return None


def _fields(match: re.Match[str]) -> _Fields:
    groups = match.groupdict()
    ministry = groups.get("ministry")
    year = groups.get("year")
    return {
        "year": int(year) if year else None,
        "ministry": MINISTRY_ABBREVIATIONS.get(ministry, ministry) if ministry else None,
        "new": bool(groups.get("new")),
        "yy": groups.get("yy"),
        "serial": groups.get("serial"),
    }


def canonical_old_number(number: OldProjectNumber) -> str | None:
    """The 2021–2023 form ``2023-経産-22-0001`` (``新23`` for new projects), when every part is known."""
    if number.year is None or number.ministry is None or number.yy is None or number.serial is None:
        return None
    abbreviation = _ABBREVIATION_OF.get(number.ministry)
    if abbreviation is None:
        return None
    return f"{number.year}-{abbreviation}-{'新' if number.new else ''}{number.yy}-{number.serial}"
