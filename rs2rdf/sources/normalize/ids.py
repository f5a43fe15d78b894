"""Official identifiers: 法人番号 (FORMATS §5) and e-Gov 法令ID (FORMATS §6).

IRIs are minted from these keys, so every function here is strict about shape
and never "repairs" a number: a wrong check digit is reported, not corrected.
"""

from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# 法人番号
# ---------------------------------------------------------------------------

_CN_SEPARATORS = re.compile(r"[\s\u3000\-‐‑‒–—―−ー－ｰ]")

NATIONAL_ORGAN = "national-organ"
LOCAL_GOVERNMENT = "local-government"
UNREGISTERED = "unregistered"
REGISTERED = "registered"
UNKNOWN = "unknown"

#: 組織区分 (digits 5-6 of a 会社法人等番号) that occur on registered corporations.
_REGISTERED_KINDS = frozenset({"01", "02", "03", "04", "05"})


def normalize_corporate_number(raw: str | None) -> str | None:
    """Canonical 13-digit form of a printed 法人番号.

    Cells carry full-width digits, trailing spaces (RS 5-1) and, in pre-RS sheets,
    hyphens; none of these change the number. Anything else is not a 法人番号.

    >>> normalize_corporate_number(" ７０１０４０１０２２９１６ ")
    '7010401022916'
    """
    if raw is None:
        return None
    text = _CN_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise ValueError("a 法人番号 holds digits only")
    if len(text) != 13:
        raise ValueError(f"a 法人番号 has 13 digits, not {len(text)}")
    return text


def corporate_check_digit(base12: str) -> int:
    """NTA check digit: 9 − (Σ P_n·Q_n mod 9), P_n counted from the right, Q_n = 1 (odd n) or 2 (even n)."""
    if len(base12) != 12 or not base12.isascii() or not base12.isdigit():
        raise ValueError("the base of a 法人番号 has 12 digits")
    total = sum(int(d) * (2 if n % 2 == 0 else 1) for n, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


@lru_cache(maxsize=65536)
def is_valid_corporate_number(number: str) -> bool:
    """True for 13 ASCII digits whose first digit is the check digit of the rest."""
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return False
    return int(number[0]) == corporate_check_digit(number[1:])


def corporate_category(number: str) -> str:
    """Which kind of body the base number encodes (FORMATS §5.2); "unknown" if malformed."""
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return UNKNOWN
    base = number[1:]
    if base.startswith("000012"):
        return NATIONAL_ORGAN
    if base.startswith("000020"):
        return LOCAL_GOVERNMENT
    if base.startswith("700150"):
        return UNREGISTERED
    if base[4:6] in _REGISTERED_KINDS and not base.startswith("0000"):
        return REGISTERED
    return UNKNOWN


def local_government_check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (weights 6…2, mod 11; remainder 0 → 1, 1 → 0)."""
    if len(code5) != 5 or not code5.isascii() or not code5.isdigit():
        raise ValueError("a 団体コード has 5 digits before its check digit")
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


def local_government_code(number: str) -> str | None:
    """The 6-digit 団体コード (with check digit) inside a local government's 法人番号."""
    if corporate_category(number) != LOCAL_GOVERNMENT:
        return None
    return number[7:]


def standard_area_code(code6: str | None) -> str | None:
    """The 5-digit 統計に用いる標準地域コード of a 6-digit 団体コード, or None unless the code is one:
    six ASCII digits, a prefecture 01–47, and the 団体コード check digit right (the 6th digit is
    only a check digit; the first five are the area code, FORMATS §5.3).

    >>> standard_area_code("281000"), standard_area_code("130001"), standard_area_code("281001")
    ('28100', '13000', None)
    """
    if not code6 or len(code6) != 6 or not code6.isascii() or not code6.isdigit():
        return None
    if not 1 <= int(code6[:2]) <= 47 or local_government_check_digit(code6[:5]) != int(code6[5]):
        return None
    return code6[:5]


def corporate_number_for_local_government(code: str) -> str:
    """法人番号 of a local government from its 5- or 6-digit 団体コード (FORMATS §5.3).

    >>> corporate_number_for_local_government("28100")
    '9000020281000'
    """
    text = unicodedata.normalize("NFKC", code).strip()
    if not text.isascii() or not text.isdigit() or len(text) not in (5, 6):
        raise ValueError("a 団体コード has 5 or 6 digits")
    cd = local_government_check_digit(text[:5])
    if len(text) == 6 and int(text[5]) != cd:
        raise ValueError(f"the 団体コード check digit should be {cd}")
    base = "000020" + text[:5] + str(cd)
    return str(corporate_check_digit(base)) + base


def registration_number(number: str) -> str | None:
    """The 12-digit 会社法人等番号 of a registered corporation (the base of its 法人番号)."""
    if corporate_category(number) != REGISTERED:
        return None
    return number[1:]


# ---------------------------------------------------------------------------
# 法令ID
# ---------------------------------------------------------------------------

#: e-Gov 法令ID. FORMATS §6.1 plus 規則 (``R…``, e.g. 人事院規則 ``504RJNJ09148000``).
LAW_ID_RE = re.compile(r"^(?:\d{3}(?:AC|CO|IO|M\d)[0-9A-F]{10}|\d{3}R[0-9A-Z]{11}|\d{3}CONSTITUTION)$")
_LAW_ID_PART = r"(?:\d{3}(?:AC|CO|IO|M\d)[0-9A-F]{10}|\d{3}R[0-9A-Z]{11}|\d{3}CONSTITUTION)"
_REVISION_RE = re.compile(rf"^({_LAW_ID_PART})_(\d{{8}})_({_LAW_ID_PART}|0{{15}})$")
_LAW_NUMBER_RE = re.compile(r"^(?:明治|大正|昭和|平成|令和)[元〇一二三四五六七八九十百\d]+年.*第[〇一二三四五六七八九十百千\d]+号$")

VALID = "valid"
REVISION = "revision"
LAW_NUMBER = "law-number"
PLACEHOLDER = "placeholder"
CORRUPT = "corrupt"
EMPTY = "empty"


@dataclass(frozen=True)
class LawIdParse:
    """What a 法令ID cell held. ``law_id`` is set for valid and revision IDs only."""

    law_id: str | None
    kind: str
    raw: str | None


def parse_law_id(raw: str | None) -> LawIdParse:
    """Classify an RS 1-3 ``法令ID`` cell (FORMATS §6.3); a revision ID reduces to its base ID.

    >>> parse_law_id("414AC0000000094_20250601_504AC0000000068").law_id
    '414AC0000000094'
    """
    if raw is None:
        return LawIdParse(None, EMPTY, raw)
    text = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", raw))
    if not text:
        return LawIdParse(None, EMPTY, raw)
    upper = text.upper()
    if LAW_ID_RE.match(upper):
        return LawIdParse(upper, VALID, raw)
    revision = _REVISION_RE.match(upper)
    if revision:
        return LawIdParse(revision.group(1), REVISION, raw)
    if _LAW_NUMBER_RE.match(text):
        return LawIdParse(None, LAW_NUMBER, raw)
    if not re.search(r"\d", text):
        return LawIdParse(None, PLACEHOLDER, raw)
    return LawIdParse(None, CORRUPT, raw)


_LAW_TYPES = {
    "CONSTITUTION": ("Constitution", "憲法"),
    "AC": ("Act", "法律"),
    "CO": ("CabinetOrder", "政令"),
    "IO": ("ImperialOrder", "勅令"),
    "M": ("MinisterialOrdinance", "府省令"),
    "R": ("Rule", "規則"),
}


def _law_type_entry(law_id: str) -> tuple[str, str]:
    if not LAW_ID_RE.match(law_id):
        raise ValueError(f"not a 法令ID: {law_id!r}")
    tail = law_id[3:]
    for prefix in ("CONSTITUTION", "AC", "CO", "IO", "M", "R"):
        if tail.startswith(prefix):
            return _LAW_TYPES[prefix]
    raise ValueError(f"not a 法令ID: {law_id!r}")  # pragma: no cover - the regex covers every prefix


def law_type(law_id: str) -> str:
    """e-Gov law type name: Constitution, Act, CabinetOrder, ImperialOrder, MinisterialOrdinance or Rule."""
    return _law_type_entry(law_id)[0]


