"""Label-anchored field finding on a :class:`Grid`: where a label is, and what sits next to it.

Nothing here knows a row or column number. A value is the box to the right of its label (or
below a column heading), found by geometry; on pages without ruling lines the words to the
right of the label up to the next label are the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rs2rdf.sources.normalize.text import key
from rs2rdf.sources.sheet.grid import Cell, Grid, separator
from rs2rdf.sources.sheet.labels import FIELD_LABELS, Label, is_label

#: A printed number (right-aligned when its cell has no alignment of its own).
_NUMBER = re.compile(r"^[▲△+-]?[\d,.]*\d[\d,.]*%?$")

_BY_FIELD: dict[str, list[Label]] = {}
for _lab in FIELD_LABELS:
    _BY_FIELD.setdefault(_lab.field, []).append(_lab)


@dataclass(frozen=True)
class Found:
    """A located value: its text (None when blank or a dash-free empty box) and the cell it came from."""

    text: str | None
    cell: Cell | None
    label: str


class Finder:
    """Indexes one grid's cells by page and marks the ones that are template labels."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.size = grid.char_size
        self.cells = [
            Cell(c.page, c.x0, c.top, c.x1, c.bottom, c.text, c.row, is_label(key(c.text)))
            for c in grid.cells
        ]
        self.by_page: dict[int, list[Cell]] = {}
        for c in self.cells:
            self.by_page.setdefault(c.page, []).append(c)
        self.keys = {id(c): key(c.text) for c in self.cells}
        #: Values found other than level with their label, for the extraction report (in finding order, once each).
        self.notes: list[str] = []
        self._orphan_cells: dict[int, list[Cell]] = {}

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    # -- labels ---------------------------------------------------------------------------
    def find(self, label: Label, page: int | None = None) -> list[Cell]:
        cells = self.by_page.get(page, []) if page else self.cells
        return sorted((c for c in cells if c.is_label and label.matches(self.keys[id(c)])),
                      key=lambda c: (c.page, c.top, c.x0))

    def find_field(self, field: str, page: int | None = None) -> list[Cell]:
        out: list[Cell] = []
        for lab in _BY_FIELD.get(field, []):
            out += self.find(lab, page)
        return sorted(set(out), key=lambda c: (c.page, c.top, c.x0))

    def first(self, field: str, page: int | None = None) -> Cell | None:
        found = self.find_field(field, page)
        return found[0] if found else None

    def matching(self, pattern: re.Pattern[str], page: int | None = None) -> list[Cell]:
        cells = self.by_page.get(page, []) if page else self.cells
        return sorted((c for c in cells if pattern.match(self.keys[id(c)])), key=lambda c: (c.page, c.top, c.x0))

    # -- geometry -------------------------------------------------------------------------
    def _overlap_v(self, a: Cell, b: Cell) -> bool:
        inter = min(a.bottom, b.bottom) - max(a.top, b.top)
        return inter > 0.3 * min(a.bottom - a.top, b.bottom - b.top, self.size)

    def _next_wall(self, cell: Cell) -> float | None:
        xs = [w.x for w in self.grid.walls
              if w.page == cell.page and w.x > cell.x1 + 1 and w.top - 1 <= cell.cy <= w.bottom + 1]
        return min(xs) if xs else None

    def right_of(self, label: Cell) -> list[Cell]:
        """Cells to the right of ``label`` on its band, nearest first, up to the next label.

        An empty first box (a ruling line before any text) gives an empty list.
        """
        cands = sorted((c for c in self.by_page.get(label.page, ())
                        if c is not label and c.x0 >= label.x1 - 2 and self._overlap_v(c, label)),
                       key=lambda c: c.x0)
        out: list[Cell] = []
        wall = self._next_wall(label)
        others = [] if self.grid.ruled else [c for c in self.by_page.get(label.page, ())
                                              if c.is_label and c is not label and c.x0 >= label.x1 - 2]
        for c in cands:
            if c.is_label:
                break
            if not out and wall is not None and c.x0 > wall + 2:
                break
            # unruled: a value level with another label nearer to its left is that label's (「関係する計画」's
            # two-line value reaching down beside a 根拠法令 label printed lower)
            if any(o.x1 <= c.x0 + 2 and self._overlap_v(o, c) for o in others):
                break
            out.append(c)
        if not out and not self.grid.ruled:
            orphan = self._orphan_value(label)
            if orphan is None:
                return []
            where = "above" if orphan.bottom <= label.top + 1 else "below"
            self.note(f"「{label.text.replace(chr(10), '')}」: value printed {where} the label, not level with it "
                      f"({self.grid.part(label.page)} row {orphan.row})")
            return [orphan]
        return out

    def _orphans(self, page: int) -> list[Cell]:
        """Unruled pages: value cells no label's band reaches (no label left of them on their rows); once per page."""
        if page not in self._orphan_cells:
            cells = self.by_page.get(page, ())
            labels = [c for c in cells if c.is_label]
            self._orphan_cells[page] = [c for c in cells if not c.is_label
                                        and not any(lab.x1 <= c.x0 + 2 and self._overlap_v(lab, c) for lab in labels)]
        return self._orphan_cells[page]

    def _orphan_value(self, label: Cell) -> Cell | None:
        """A one-line value printed at the top of a tall cell whose label is centred in it.

        Without ruling lines the value then shares no row with its label. It still starts just
        right of the label, between the label above and this one: top alignment puts it below the
        row above, so it is this label's unless this label has a value of its own. A value left
        orphaned below its label (bottom alignment) goes to the label above the next one.
        """
        column = sorted((c for c in self.by_page.get(label.page, ())
                         if c.is_label and abs(c.x0 - label.x0) <= 2), key=lambda c: c.top)
        i = column.index(label)
        above = column[i - 1].bottom if i > 0 else None
        below = column[i + 1].top if i + 1 < len(column) else None
        reach = self.size * 6

        near = [c for c in self._orphans(label.page) if label.x1 - 2 <= c.x0 <= label.x1 + reach]
        # top-aligned: between the label above and this one
        ups = [c for c in near
               if c.bottom <= label.top + 1 and (above is None or c.top >= above - 1)
               and label.top - c.bottom <= self.size * 3]
        if ups:
            return max(ups, key=lambda c: c.top)
        # bottom-aligned: below this label, when the next label has a value on its own rows
        downs = [c for c in near
                 if c.top >= label.bottom - 1 and (below is None or c.bottom <= below + 1)
                 and c.top - label.bottom <= self.size * 3]
        if downs and (i + 1 >= len(column) or self._has_own_value(column[i + 1])):
            return min(downs, key=lambda c: c.top)
        return None

    def _has_own_value(self, label: Cell) -> bool:
        return any(c is not label and not c.is_label and c.x0 >= label.x1 - 2 and self._overlap_v(c, label)
                   for c in self.by_page.get(label.page, ()))

    def below(self, cell: Cell, within: float | None = None) -> Cell | None:
        limit = within if within is not None else self.size * 4
        cands = [c for c in self.by_page.get(cell.page, ())
                 if c is not cell and c.top >= cell.bottom - 2 and c.top - cell.bottom <= limit
                 and min(c.x1, cell.x1) - max(c.x0, cell.x0) > 0]
        return min(cands, key=lambda c: (c.top, abs(c.cx - cell.cx)), default=None)

    def in_region(self, page: int, top: float, bottom: float, x0: float = -1e9, x1: float = 1e9) -> list[Cell]:
        return [c for c in self.by_page.get(page, ()) if top <= c.cy <= bottom and x0 <= c.cx <= x1]

    def page_bottom(self, page: int) -> float:
        return max((c.bottom for c in self.by_page.get(page, ())), default=0.0) + 1

    # -- values ---------------------------------------------------------------------------
    def value_right(self, field: str, nth: int = 0) -> Found:
        """The value of a scalar field: the first label occurrence that has a value wins."""
        labels = self.find_field(field)
        printed = _BY_FIELD[field][0].printed
        if not labels:
            return Found(None, None, printed)
        for lab in labels:
            cells = self.right_of(lab)
            if self.grid.ruled or len(cells) <= 1:
                parts = cells[nth:nth + 1]
            else:
                parts = self._phrase(cells, nth)
            if parts:
                return Found(join_cells(parts) or None, parts[0], printed)
        return Found(None, labels[0], printed)

    def _phrase(self, cells: list[Cell], nth: int) -> list[Cell]:
        """Unruled pages: runs closer than 1.5 characters form one value; ``nth`` picks the run."""
        runs: list[list[Cell]] = [[cells[0]]]
        for c in cells[1:]:
            if c.x0 - runs[-1][-1].x1 <= self.size * 1.5:
                runs[-1].append(c)
            else:
                runs.append([c])
        return runs[nth] if nth < len(runs) else []

    def columns(self, headers: dict[str, Cell]) -> dict[str, tuple[float, float]]:
        """x ranges of table columns: the heading box when ruled, else the heading's printed words.

        Unruled, the ranges are not column bounds: :meth:`column_of` places a cell by them.
        """
        if self.grid.ruled:
            return {f: (c.x0 - 1, c.x1 + 1) for f, c in headers.items()}
        return {f: (c.x0, c.x1) for f, c in headers.items()}

    def column_of(self, ranges: dict[str, tuple[float, float]], cell: Cell) -> str | None:
        """The column a cell belongs to.

        Ruled: the heading box holding the cell's centre. Unruled, where only the headings'
        words are known: the heading the cell overlaps most; a cell in the gap between two
        headings is left-aligned text of the column to its right (a heading is centred over its
        column, so left-aligned text starts left of it) unless it is a number, which is
        right-aligned in the column to its left.
        """
        if self.grid.ruled:
            return next((f for f, (x0, x1) in ranges.items() if x0 <= cell.cx <= x1), None)
        overlaps = {f: min(cell.x1, x1) - max(cell.x0, x0) for f, (x0, x1) in ranges.items()}
        best = max(overlaps, key=overlaps.__getitem__, default=None)
        if best is None or overlaps[best] > 0:
            return best
        left = max((f for f, (x0, x1) in ranges.items() if x1 <= cell.x0), key=lambda f: ranges[f][1], default=None)
        right = min((f for f, (x0, x1) in ranges.items() if x0 >= cell.x1), key=lambda f: ranges[f][0], default=None)
        if _NUMBER.match(key(cell.text)):
            return left or right
        return right or left

    def row_values(self, ranges: dict[str, tuple[float, float]], band: Cell,
                   extra: float | None = None, skip: tuple[Cell, ...] = (), left: float | None = None) -> dict[str, Found]:
        """The cells of one table row: each cell on ``band``'s rows goes to its column (:meth:`column_of`).

        ``left`` is the table's left edge where another table sits beside it on the same rows
        (the 予算内訳 right of the budget grid): cells ending before it are not this table's.
        """
        tol = self.size * 0.5 if extra is None else extra
        hits: dict[str, list[Cell]] = {}
        for c in self.by_page.get(band.page, ()):
            if not (band.top - tol <= c.cy <= band.bottom + tol) or c.is_label or c in skip:
                continue
            if left is not None and c.x1 <= left:
                continue
            f = self.column_of(ranges, c)
            if f is not None:
                hits.setdefault(f, []).append(c)
        return {f: Found(join_cells(sorted(cs, key=lambda c: (c.top, c.x0))) or None, cs[0], f)
                for f, cs in hits.items()}


def join_cells(cells: list[Cell]) -> str:
    text = ""
    for c in cells:
        if not c.text:
            continue
        text = c.text if not text else text + separator(text, c.text) + c.text
    return text


def header_band(finder: Finder, anchor: Cell, fields: list[str]) -> dict[str, Cell]:
    """Column headings on the anchor heading's band (same page, overlapping rows)."""
    out: dict[str, Cell] = {}
    for field in fields:
        for c in finder.find_field(field, anchor.page):
            if finder._overlap_v(c, anchor) and field not in out:
                out[field] = c
    return out
