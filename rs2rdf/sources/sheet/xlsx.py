"""Worksheet → :class:`Grid`: openpyxl cells with merges, placed by column widths and row heights.

Each worksheet is one "page". Values are read as the sheet shows them (cached formula
results, number formats applied) so an xlsx and its PDF printout give the same text.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from rs2rdf.sources.sheet.grid import Cell, Grid, canonical_text, is_wide

DEFAULT_COL_WIDTH = 8.43
DEFAULT_ROW_HEIGHT = 15.0
_DECIMALS = re.compile(r"0\.(0+)")


def col_width_pt(width: float) -> float:
    """Excel column width (characters of the default font) in points, as Excel prints it."""
    return (width * 7 + 5) * 0.75


_QUOTED = re.compile(r'"([^"]*)"')
_BRACKETED = re.compile(r"\[[^\]]*\]")
_CORE = re.compile(r"[#0?][#0?,]*(?:\.[#0?]+)?%?")


def _with_literals(value: int | float | Decimal, fmt: str) -> str | None:
    """A number under a custom format with literal text (「0"年度"」, 「"平成"0"年度"」, 「#,##0;"▲ "#,##0」), or None.

    Ministries type the budget's year headings as numbers shown through such formats, and ▲
    negatives through a second section; the PDF shows what the format makes, so must the xlsx.
    """
    sections = fmt.split(";")
    negative = value < 0 and len(sections) > 1
    section = sections[1] if negative else sections[0]
    if '"' not in section and "\\" not in section:
        return None
    plain = _BRACKETED.sub("", section)
    core = _CORE.search(_QUOTED.sub(lambda m: "\0" * len(m.group()), plain))
    if core is None:
        return None
    number = abs(Decimal(str(value))) if negative else Decimal(str(value))
    pattern = core.group()
    places = len(pattern.split(".")[1].rstrip("%")) if "." in pattern else 0
    if pattern.endswith("%"):
        number *= 100
    text = f"{number:,.{places}f}" if "," in pattern else f"{number:.{places}f}"
    if pattern.endswith("%"):
        text += "%"

    def literal(part: str) -> str:
        return _QUOTED.sub(lambda m: m.group(1), part).replace("\\", "")

    return literal(plain[:core.start()]) + text + literal(plain[core.end():])


def format_value(value: Any, number_format: str | None) -> str:
    """A cell value as printed: thousands separators, percent signs and literal text as the format asks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float, Decimal)):
        fmt = number_format or "General"
        shown = _with_literals(value, fmt)
        if shown is not None:
            return shown
        m = _DECIMALS.search(fmt)
        places = len(m.group(1)) if m else 0
        if "%" in fmt:
            return f"{Decimal(str(value)) * 100:.{places}f}%"
        if "#,##0" in fmt:
            return f"{Decimal(str(value)):,.{places}f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value)


def _bordered(cell: Any) -> bool:
    b = cell.border
    return bool(b and any(getattr(side, "style", None) for side in (b.left, b.right, b.top, b.bottom)))


class SheetTooLarge(Exception):
    """A workbook whose merges would cost more than a sheet may: the file is skipped."""


#: Merged ranges of one workbook may cover at most this many cells in all. openpyxl gives every
#: covered cell an object when it loads a merge, so a one-line ``A3:XFD1048576`` in a 5 KB file
#: would ask for 17 billion of them. A real sheet's merges cover well under 100,000 cells.
MAX_MERGED_CELLS = 2_000_000
_MERGE_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z$]+\$?\d+)(?::\$?([A-Za-z]+\$?\d+))?[\"']")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def _area(first: bytes, last: bytes | None) -> int:
    a = _REF.fullmatch(first.decode("ascii", "replace"))
    b = _REF.fullmatch((last or first).decode("ascii", "replace"))
    if not a or not b:
        return 1
    try:
        c1, c2 = column_index_from_string(a.group(1).upper()), column_index_from_string(b.group(1).upper())
    except ValueError:
        return 1
    return (abs(int(b.group(2)) - int(a.group(2))) + 1) * (abs(c2 - c1) + 1)


def check_merges(path: Path, limit: int = MAX_MERGED_CELLS) -> None:
    """Refuse, before openpyxl expands them, merges that cover more than ``limit`` cells.

    The worksheet XML is scanned in 1 MiB chunks (a ref straddling a chunk is read whole
    thanks to the carried tail), so the check costs a pass over the bytes and no objects.
    """
    total = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.filename.lower().endswith(".xml") or "sheet" not in info.filename.lower():
                continue
            tail = b""
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    data = tail + chunk
                    last_end = 0
                    for m in _MERGE_REF.finditer(data):
                        total += _area(m.group(1), m.group(2))
                        last_end = m.end()
                        if total > limit:
                            ref = m.group(1).decode("ascii", "replace") + (":" + m.group(2).decode("ascii", "replace") if m.group(2) else "")
                            raise SheetTooLarge(f"merged cells cover more than {limit:,} cells (the range {ref} and those before it in "
                                                f"{info.filename}); a review sheet has far fewer")
                    tail = data[max(last_end, len(data) - 256):]


class Axis:
    """Edges of rows or columns from a default size and the few custom ones, without a list per index.

    A sheet with one cell at row 1,048,576 needs the position of that row, not a million
    entries: ``edge(n)`` is computed from the custom sizes before ``n`` (prefix sums, bisect).
    """

    def __init__(self, default: float, custom: dict[int, float]) -> None:
        self.default = default
        self.keys = sorted(custom)
        self.prefix = [0.0]
        for k in self.keys:
            self.prefix.append(self.prefix[-1] + custom[k] - default)

    def edge(self, n: int) -> float:
        """Position of the start of index ``n`` (1-based); ``edge(n + 1)`` is its end."""
        from bisect import bisect_left

        return (n - 1) * self.default + self.prefix[bisect_left(self.keys, n)]


def _column_axis(ws: Any) -> Axis:
    default = col_width_pt(ws.sheet_format.defaultColWidth or DEFAULT_COL_WIDTH)
    custom: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            size = 0.0
        elif dim.width:
            size = col_width_pt(dim.width)
        else:
            continue
        lo, hi = dim.min or 1, dim.max or dim.min or 1
        for c in range(max(lo, 1), min(hi, 16384) + 1):
            custom[c] = size
    return Axis(default, custom)


def _row_axis(ws: Any) -> Axis:
    default = ws.sheet_format.defaultRowHeight or DEFAULT_ROW_HEIGHT
    custom: dict[int, float] = {}
    for r, dim in ws.row_dimensions.items():
        if dim.hidden:
            custom[r] = 0.0
        elif dim.height:
            custom[r] = float(dim.height)
    return Axis(default, custom)


def _covered(cells: list[tuple[int, int]], merges: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """The existing cells that lie inside a merge (other than its top-left one), by a sweep over rows."""
    import heapq

    out: set[tuple[int, int]] = set()
    by_start = sorted(merges)
    active: list[tuple[int, int, int, int]] = []  # heap on the last row
    i = 0
    for r, c in cells:  # sorted by row
        while i < len(by_start) and by_start[i][0] <= r:
            r1, c1, r2, c2 = by_start[i]
            heapq.heappush(active, (r2, r1, c1, c2))
            i += 1
        while active and active[0][0] < r:
            heapq.heappop(active)
        for _r2, r1, c1, c2 in active:
            if c1 <= c <= c2 and (r, c) != (r1, c1):
                out.add((r, c))
                break
    return out


#: How far an unmerged text cell is taken to run into the empty cells to its right.
MAX_OVERFLOW = 64


def _wall_between(ws: Any, r: int, c: int) -> bool:
    """A vertical border between columns ``c`` and ``c + 1`` of row ``r``."""
    left, right = ws._cells.get((r, c)), ws._cells.get((r, c + 1))
    return bool((left is not None and getattr(left.border.right, "style", None))
                or (right is not None and getattr(right.border.left, "style", None)))


def _overflow_spans(ws: Any, present: list[tuple[int, int]], covered: set[tuple[int, int]], xs: Axis) -> dict[tuple[int, int], int]:
    """The last column of the box each unmerged text cell shows, where its area was never merged.

    Some ministries' sheets type a label or value into the first cell of an area and leave the
    area unmerged: on the printout the text runs over the empty cells to its right, up to a
    vertical border or the next filled cell, and the area's outline is one box. So an unmerged
    text cell (not a number, which Excel right-aligns) is given the width of those empty cells,
    and they are not read as empty boxes of their own. The same text thus sits in one box
    whether the area was merged or not, and the value right of a label is the next text.
    """
    filled = {rc for rc in present if rc not in covered and ws._cells[rc].value not in (None, "")}
    row_end: dict[int, int] = {}
    for r, c in present:
        row_end[r] = max(row_end.get(r, 0), c)
    spans: dict[tuple[int, int], int] = {}
    for r, c in filled:
        cell = ws._cells[(r, c)]
        if not isinstance(cell.value, str) or type(cell).__name__ == "MergedCell":
            continue
        horizontal = getattr(cell.alignment, "horizontal", None)
        if horizontal not in (None, "general", "left"):
            continue
        # beyond the row's last defined cell, the text runs on only as far as its own printed width
        needed = max(sum(11.0 if is_wide(ch) else 6.0 for ch in line) for line in cell.value.split("\n"))
        last = c
        while last - c < MAX_OVERFLOW and not _wall_between(ws, r, last):
            nxt = (r, last + 1)
            if nxt in filled or nxt in covered:
                break
            if last + 1 > row_end[r] and xs.edge(last + 1) - xs.edge(c) >= needed:
                break
            last += 1
        if last > c:
            spans[(r, c)] = last
    return spans


def worksheet_cells(ws: Any, page: int) -> list[Cell]:
    """Every non-empty cell, and every empty merged or bordered one (an empty box is a blank value).

    Only the cells the file holds are visited (openpyxl keeps them sparse), never the
    rectangle up to ``max_row``/``max_column``, which one stray cell can stretch to the
    sheet's 17 billion.
    """
    xs, ys = _column_axis(ws), _row_axis(ws)
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    present = sorted(ws._cells)  # (row, column) of every cell the file defines
    covered = _covered(present, merges) | {(m[0], m[1]) for m in merges}
    spans = _overflow_spans(ws, present, covered, xs)
    absorbed = {(r, c) for (r, c0), c1 in spans.items() for c in range(c0 + 1, c1 + 1)}
    out: list[Cell] = []
    for r1, c1, r2, c2 in merges:
        top, bottom, x0, x1 = ys.edge(r1), ys.edge(r2 + 1), xs.edge(c1), xs.edge(c2 + 1)
        if bottom - top <= 0 or x1 - x0 <= 0:
            continue
        cell = ws._cells.get((r1, c1))
        text = canonical_text(format_value(cell.value, cell.number_format)) if cell is not None else ""
        out.append(Cell(page, x0, top, x1, bottom, text, r1))
    for r, c in present:
        if (r, c) in covered or (r, c) in absorbed:
            continue
        cell = ws._cells[(r, c)]
        if type(cell).__name__ == "MergedCell":
            continue
        top, bottom, x0, x1 = ys.edge(r), ys.edge(r + 1), xs.edge(c), xs.edge(spans.get((r, c), c) + 1)
        if bottom - top <= 0 or x1 - x0 <= 0:
            continue
        text = canonical_text(format_value(cell.value, cell.number_format))
        if text or _bordered(cell):
            out.append(Cell(page, x0, top, x1, bottom, text, r))
    out.sort(key=lambda x: (x.top, x.x0))
    return out


_LOAD_LOCK = threading.Lock()


@contextmanager
def _merges_without_borders() -> Iterator[None]:
    """Load merges as openpyxl does, less the borders it copies onto every edge cell of each merge.

    ``MergedCellRange.format`` (run for each merge as a workbook loads) takes three quarters of
    the time to read a review sheet, which has hundreds of merges; this reader never reads the
    border of a covered cell (a merge is one box whatever its borders), so the covered cells
    are made as openpyxl makes them and the borders are left out. Scoped to the load, under a lock.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

    def clean(ws: Any, mcr: Any) -> None:
        cells = mcr.cells
        next(cells)  # the top-left cell keeps its value and style
        for row, col in cells:
            ws._cells[row, col] = MergedCell(ws, row, col)

    with _LOAD_LOCK:
        original = Worksheet._clean_merge_range
        Worksheet._clean_merge_range = clean  # type: ignore[method-assign]
        try:
            yield
        finally:
            Worksheet._clean_merge_range = original  # type: ignore[method-assign]


def xlsx_to_grid(path: Path) -> Grid:
    """Read every visible worksheet; raises what openpyxl raises for unreadable files."""
    check_merges(path)
    with _merges_without_borders():
        wb = load_workbook(path, data_only=True)
    try:
        grid = Grid(file=path.name, kind="xlsx", parts=[], ruled=True, char_size=8.0)
        page = 0
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            page += 1
            grid.parts.append(f"sheet:{ws.title}")
            grid.cells.extend(worksheet_cells(ws, page))
        return grid
    finally:
        wb.close()
