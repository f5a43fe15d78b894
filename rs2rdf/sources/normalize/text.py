"""Text clean-up shared by every reader.

Values are published as printed; :func:`key` (NFKC, no spaces) is only for matching.
"""

from __future__ import annotations

import re
import unicodedata

#: Cells that mean "nothing here" on review sheets and in RS tables.
NONE_MARKS = frozenset({"-", "－", "‐", "―", "ー", "—", "–", "−", "ｰ", "--", "−−", "ー ", "…"})

#: C0 controls, DEL, and the bidirectional embeddings, overrides and isolates (U+202A–202E,
#: U+2066–2069): an RLO in a name would turn the rest of a line around on every page and terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[\s\u3000]+")


def clean(raw: str | None) -> str | None:
    """Strip surrounding white space (incl. U+3000); blank becomes None.

    Control characters and lone surrogates are removed: they cannot be serialised
    in RDF or HTML and never carry meaning in these sources.
    """
    if raw is None:
        return None
    text = _SURROGATE.sub("", _CONTROL.sub("", raw)).strip(" \t\r\n\u3000")
    return text or None


def has_junk(raw: str | None) -> bool:
    """True when :func:`clean` would drop control characters or lone surrogates."""
    return bool(raw and (_CONTROL.search(raw) or _SURROGATE.search(raw)))


def is_none_mark(text: str | None) -> bool:
    """A dash-only cell means "none" (kept as printed elsewhere, never as 0)."""
    return text is not None and text.strip(" \u3000") in NONE_MARKS


def value(raw: str | None) -> str | None:
    """Cleaned text, or None for blank and dash-only cells."""
    text = clean(raw)
    if text is None or is_none_mark(text):
        return None
    return text


def key(text: str) -> str:
    """Matching key: NFKC, no white space. Never published."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def strip_apostrophe(text: str | None) -> str | None:
    """Excel's text marker: RS 1-4 補助率 values start with one apostrophe."""
    if text and text.startswith("'"):
        return text[1:] or None
    return text


