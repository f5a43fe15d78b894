"""Fiscal-year labels of a database header: eras inherited left to right, and the review year.

One header mixes ``平成29年度``, ``30年度`` (the era of the label before), ``令和元年度``,
``2年度`` and ``2022年度``. :func:`resolve_years` reads a family's labels in column order:
an era-less label takes the era of the label before it, unless the next era reads as the
year right after the previous one (``平成30年度`` then ``元年度`` is 令和元 = 2019). Labels
before the first era-bearing label take the era of the first one that has it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rs2rdf.sources.normalize.eras import ERA_START

YEAR_LABEL = re.compile(r"^(?:(?P<era>明治|大正|昭和|平成|令和)|(?P<western>\d{4})|)(?P<n>元|\d{1,2})?年度(?P<request>要求)?$")
_ERAS = ["昭和", "平成", "令和"]


@dataclass(frozen=True)
class YearLabel:
    """A parsed label: ``era`` None when omitted; ``western`` set for ``2022年度``."""

    era: str | None
    n: int | None
    western: int | None
    request: bool


def parse_label(text: str) -> YearLabel | None:
    """``平成29年度`` / ``30年度`` / ``令和元年度`` / ``2022年度`` / ``31年度要求`` → parts; else None."""
    key = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text))
    m = YEAR_LABEL.match(key)
    if not m or (m.group("western") is None and m.group("n") is None):
        return None
    if m.group("western"):
        if m.group("n"):
            return None
        return YearLabel(None, None, int(m.group("western")), bool(m.group("request")))
    n = m.group("n")
    return YearLabel(m.group("era"), 1 if n == "元" else int(n), None, bool(m.group("request")))


def _era_of(year: int) -> str:
    return max((era for era in _ERAS if ERA_START[era] <= year), key=lambda e: ERA_START[e])


def _read(era: str, n: int) -> int:
    return ERA_START[era] + n - 1


def resolve_years(labels: list[YearLabel | None], default_era: str | None = None) -> list[int | None]:
    """Western years of the labels of one family, in column order (None where a label is None).

    ``default_era`` is for a family whose labels all omit the era (the era of the budget grid)."""
    out: list[int | None] = [None] * len(labels)
    first_era = next((lab.era or _era_of(lab.western or 0) for lab in labels if lab and (lab.era or lab.western)), default_era)
    era: str | None = None
    previous: int | None = None
    for i, lab in enumerate(labels):
        if lab is None:
            continue
        if lab.western is not None:
            year = lab.western
            era = _era_of(year)
        elif lab.era is not None:
            era = lab.era
            year = _read(era, lab.n or 1)
        else:
            current = era or first_era or "平成"
            if current not in _ERAS:
                current = "平成"
            year = _read(current, lab.n or 1)
            later = _ERAS[_ERAS.index(current) + 1] if current in _ERAS[:-1] else None
            if later and previous is not None and _read(later, lab.n or 1) == previous + 1 and year != previous + 1:
                era, year = later, _read(later, lab.n or 1)
            else:
                era = current
        out[i] = year
        previous = year
    return out
