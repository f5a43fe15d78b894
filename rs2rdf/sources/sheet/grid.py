"""A page or worksheet as positioned cells: the one shape both readers produce.

xlsx cells get coordinates from column widths and row heights, PDF cells from ruling
lines and word boxes, so label-anchored field finding (``fields.py``) works on geometry
alone and never on fixed rows or columns. Text is put in one canonical form here, so the
same sheet gives the same values whichever way it was published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rs2rdf.sources.normalize.lookalikes import fold_lookalikes

_WS_RUN = re.compile(r"[ \t\u3000\u00a0]+")


@dataclass(frozen=True)
class Cell:
    """Text in one box. ``row`` is the grid row (worksheet row, or row cluster on a PDF page)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    row: int = 0
    is_label: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Wall:
    """A vertical ruling line: a cell boundary even when the cell next to it is empty."""

    page: int
    x: float
    top: float
    bottom: float


@dataclass
class Grid:
    """All cells of one input, pages numbered from 1; ``parts`` names each page for locations."""

    file: str
    kind: str  # "xlsx" or "pdf"
    parts: list[str]
    cells: list[Cell] = field(default_factory=list)
    walls: list[Wall] = field(default_factory=list)
    ruled: bool = True
    char_size: float = 8.0
    #: What the PDF parser warned about while reading the file (reported once, as a problem).
    parser_warnings: list[str] = field(default_factory=list)

    def part(self, page: int) -> str:
        return self.parts[page - 1] if 0 < page <= len(self.parts) else f"p{page}"


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def separator(left: str, right: str) -> str:
    """The space printed between two runs: U+3000 next to CJK text, else an ASCII space."""
    if left and right and not is_wide(left[-1]) and not is_wide(right[0]):
        return " "
    return "\u3000"


def canonical_line(line: str) -> str:
    """One line with its space runs in a single canonical spelling, so PDF and xlsx agree."""
    parts = [p for p in _WS_RUN.split(line.strip(" \t\u3000\u00a0")) if p]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        out += separator(out, part) + part
    return out


def canonical_text(text: str) -> str:
    """Cell text: canonical lines, empty lines dropped, hard breaks kept as ``\\n``, radicals folded (lookalikes.py)."""
    text = fold_lookalikes(text)
    lines = (canonical_line(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(x for x in lines if x)


def join_wrapped(left: str, right: str) -> str:
    """Two pieces of one logical line split by a soft wrap: no space unless both sides are Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    return left + right


def number_rows(cells: list[Cell]) -> list[Cell]:
    """Give PDF cells a grid row per page: one per distinct top edge (to the half point)."""
    tops: dict[int, list[float]] = {}
    for c in cells:
        tops.setdefault(c.page, []).append(round(c.top * 2) / 2)
    index: dict[tuple[int, float], int] = {}
    for page, values in tops.items():
        row = 0
        last = None
        for value in sorted(set(values)):
            if last is None or value - last > 1.0:
                row += 1
            index[(page, value)] = row
            last = value
    return [
        Cell(c.page, c.x0, c.top, c.x1, c.bottom, c.text, index[(c.page, round(c.top * 2) / 2)], c.is_label)
        for c in cells
    ]
