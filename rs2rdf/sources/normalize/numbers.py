"""Numbers as printed in RS tables and on review sheets, never through float.

Every parser returns ``None`` for a blank or dash cell and raises :class:`ValueError`
with a short reason for anything it cannot read, so callers can turn it into a
located problem.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from rs2rdf.sources.normalize.text import is_none_mark

_INT_YEN = re.compile(r"^[-+]?\d+(?:\.0+)?$")
_DECIMAL = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NEGATIVE_MARKS = ("▲", "△", "▼")
#: What a spreadsheet prints in place of a number too wide for its column.
_OVERFLOW = re.compile(r"#{2,}")

MILLION = Decimal(1_000_000)


def _prepare(raw: str | None) -> str | None:
    if raw is None:
        return None
    # NFKC leaves ASCII unchanged; most RS cells are ASCII, and this runs for every number cell
    text = (raw if raw.isascii() else unicodedata.normalize("NFKC", raw)).strip().replace(" ", "")
    if not text or is_none_mark(text) or is_none_mark(raw.strip()):
        return None
    return text


def parse_yen(raw: str | None) -> int | None:
    """RS money: integer yen, maybe written ``42023000.0`` or with a trailing space.

    >>> parse_yen("42023000.0"), parse_yen("1437000 "), parse_yen("-569000"), parse_yen("")
    (42023000, 1437000, -569000, None)
    """
    return _whole(raw, "not a whole number of yen")


def parse_int(raw: str | None) -> int | None:
    """A count such as 入札者数 or 支出先の数."""
    return _whole(raw, "not a whole number")


def _whole(raw: str | None, reason: str) -> int | None:
    """A whole number, also written ``1,234`` or ``42023000.0``."""
    if raw and raw.isascii() and raw.isdigit():  # the common case, nothing to normalise
        return int(raw)
    text = _prepare(raw)
    if text is None:
        return None
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _INT_YEN.fullmatch(text):
        raise ValueError(reason)
    return int(text.split(".")[0])


def parse_decimal(raw: str | None) -> Decimal | None:
    """A ratio or indicator value, exact. ``94%`` gives 94; ``#DIV/0!`` raises."""
    text = _prepare(raw)
    if text is None:
        return None
    text = text.rstrip("%")
    negative = False
    for mark in _NEGATIVE_MARKS:
        if text.startswith(mark):
            negative, text = True, text[len(mark):]
    if _GROUPED.match(text.lstrip("+-")):
        text = text.replace(",", "")
    if not _DECIMAL.match(text):
        if _OVERFLOW.fullmatch(text):
            raise ValueError("printed as ### (the number was wider than its column when the sheet was printed; "
                             "the xlsx holds it)")
        raise ValueError("not a number")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError("not a number") from exc
    return -number if negative else number


def parse_million_yen(raw: str | None) -> tuple[int, Decimal] | None:
    """Pre-2024 sheet money: 百万円 with ▲ negatives and thousands commas.

    Returns (yen, printed value in 百万円); the yen value is exact.

    >>> parse_million_yen("▲ 25,434")
    (-25434000000, Decimal('-25434'))
    """
    text = _prepare(raw)
    if text is None:
        return None
    text = text.replace("百万円", "")
    number = parse_decimal(text)
    if number is None:
        return None
    yen = number * MILLION
    if yen != yen.to_integral_value():
        raise ValueError("more than six decimal places of 百万円")
    return int(yen), number


def decimal_str(value: Decimal | int) -> str:
    """Canonical lexical form for xsd:decimal (no exponent, no trailing zeros)."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"
