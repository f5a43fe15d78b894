"""和暦 ↔ 西暦 and fiscal years (FORMATS §2.2, gotcha #34).

Pre-2024 sheets print years in 和暦, often with full-width digits, and sheets drafted
across an era change keep counting the old era (平成32 = 2020). Start and end years
can also be open (昭和元年度以前, 終了予定なし) or unknown (不明); those are flags, not years.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rs2rdf.sources.normalize.citations import kanji_to_int
from rs2rdf.sources.normalize.text import clean, is_none_mark

#: First western year of each era (the era's year 1 / 元年).
ERA_START: dict[str, int] = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_ERAS_NEWEST_FIRST = sorted(ERA_START.items(), key=lambda item: -item[1])

MIN_YEAR = 1868
MAX_YEAR = 2100

_ERA = r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR])"
_NUM = r"(?P<num>元|\d{1,3}|[〇一二三四五六七八九十]+)"
_SUFFIX = r"(?P<suffix>以前|以降|開始|終了|から|まで|~|～)?"
_WAREKI = re.compile(rf"^{_ERA}?{_NUM}年度?(?:頃|予定)?{_SUFFIX}(?:予定)?$")
_WESTERN = re.compile(rf"^(?P<year>\d{{4}})(?:年度?)?(?:頃|予定)?{_SUFFIX}(?:予定)?$")
_OPEN_END = re.compile(r"^(?:終了予定なし|終了予定無し|予定なし|なし|定めなし|未定|終期なし)$")
_UNKNOWN = re.compile(r"^(?:不明|不詳)$")
_TITLE_YEAR = re.compile(r"(?:(?P<era>明治|大正|昭和|平成|令和)(?P<num>元|\d{1,3}|[〇一二三四五六七八九十]+)|(?P<western>\d{4}))年度?")


@dataclass(frozen=True)
class YearValue:
    """A year as printed on a sheet: a western year and/or open/unknown flags."""

    year: int | None
    open_start: bool = False
    open_end: bool = False
    unknown: bool = False
    printed: str | None = None


def _era_name(era: str) -> str:
    name = _ERA_LETTERS.get(era.upper(), era) if len(era) == 1 else era
    if name not in ERA_START:
        raise ValueError(f"unknown era {era!r}")
    return name


def _check_range(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


def wareki_to_year(era: str, n: int) -> int:
    """Western year of era year ``n``; n may run past the era's end (平成32 = 2020)."""
    if n < 1:
        raise ValueError("era years start at 1 (元年)")
    return _check_range(ERA_START[_era_name(era)] + n - 1)


def _era_number(num: str) -> int:
    if num == "元":
        return 1
    return int(num) if num.isdigit() else kanji_to_int(num)


def parse_year(text: str | None, default_era: str | None = None) -> YearValue:
    """Read a 開始/終了年度 or other printed year.

    ``default_era`` supplies the era for era-less budget-grid years (``29年度``).
    Blank and dash cells give ``YearValue(None)``; text that is not a year raises ValueError.

    >>> parse_year("昭和元年度以前")
    YearValue(year=1926, open_start=True, open_end=False, unknown=False, printed='昭和元年度以前')
    """
    printed = clean(text)
    if printed is None or is_none_mark(printed):
        return YearValue(None, printed=printed)
    key = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", printed))
    if key.endswith("年度") and is_none_mark(key[:-2]):
        return YearValue(None, printed=printed)  # 「- 年度」: no year given
    if _UNKNOWN.match(key):
        return YearValue(None, unknown=True, printed=printed)
    if _OPEN_END.match(key):
        return YearValue(None, open_end=True, printed=printed)
    western = _WESTERN.match(key)
    if western:
        return _with_suffix(_check_range(int(western.group("year"))), western.group("suffix"), printed)
    wareki = _WAREKI.match(key)
    if wareki:
        era = wareki.group("era") or default_era
        if era is None:
            raise ValueError(f"no era in {printed!r}")
        year = wareki_to_year(era, _era_number(wareki.group("num")))
        return _with_suffix(year, wareki.group("suffix"), printed)
    raise ValueError(f"not a year: {printed!r}")


def _with_suffix(year: int, suffix: str | None, printed: str) -> YearValue:
    return YearValue(year, open_start=suffix == "以前", open_end=suffix == "以降", printed=printed)


def review_year_from_title(text: str | None) -> int | None:
    """Review year from a sheet title such as 「平成２９年度行政事業レビューシート」."""
    if not text:
        return None
    key = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text))
    for match in _TITLE_YEAR.finditer(key):
        try:
            if match.group("western"):
                return _check_range(int(match.group("western")))
            return wareki_to_year(match.group("era"), _era_number(match.group("num")))
        except ValueError:
            continue
    return None


def fiscal_year_label_ja(year: int) -> str:
    """和暦 label of a fiscal year, naming it after the era in force at its end (2019 → 令和元年度)."""
    _check_range(year)
    for era, start in _ERAS_NEWEST_FIRST:
        if year >= start:
            n = year - start + 1
            return f"{era}{'元' if n == 1 else n}年度"
    raise ValueError(f"year {year} is before 明治")  # pragma: no cover - range check above


