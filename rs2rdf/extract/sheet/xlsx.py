"""Worksheet → :class:`Grid`: openpyxl cells with merges, placed by column widths and row heights.

Each worksheet is one "page". Values are read as the sheet shows them (cached formula
results, number formats applied) so an xlsx and its PDF printout give the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .grid import Cell, Grid, canonical_text

DEFAULT_COL_WIDTH = 8.43
DEFAULT_ROW_HEIGHT = 15.0
_DECIMALS = re.compile(r"0\.(0+)")


def col_width_pt(width: float) -> float:
    """Excel column width (characters of the default font) in points, as Excel prints it."""
    return (width * 7 + 5) * 0.75


def format_value(value: Any, number_format: str | None) -> str:
    """A cell value as printed: thousands separators and percent signs as the format asks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float, Decimal)):
        fmt = number_format or "General"
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


def worksheet_cells(ws: Any, page: int) -> list[Cell]:
    """Every non-empty cell, and every empty merged or bordered one (an empty box is a blank value)."""
    max_col, max_row = ws.max_column, ws.max_row
    xs = [0.0]
    for c in range(1, max_col + 2):
        dim = ws.column_dimensions.get(get_column_letter(c))
        hidden = bool(dim is not None and dim.hidden)
        width = dim.width if dim is not None and dim.width else (ws.sheet_format.defaultColWidth or DEFAULT_COL_WIDTH)
        xs.append(xs[-1] + (0.0 if hidden else col_width_pt(width)))
    ys = [0.0]
    for r in range(1, max_row + 2):
        dim = ws.row_dimensions.get(r)
        hidden = bool(dim is not None and dim.hidden)
        height = dim.height if dim is not None and dim.height else (ws.sheet_format.defaultRowHeight or DEFAULT_ROW_HEIGHT)
        ys.append(ys[-1] + (0.0 if hidden else height))
    covered: set[tuple[int, int]] = set()
    out: list[Cell] = []
    for rng in ws.merged_cells.ranges:
        r1, c1, r2, c2 = rng.min_row, rng.min_col, rng.max_row, rng.max_col
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered.add((r, c))
        if ys[r2] - ys[r1 - 1] <= 0 or xs[c2] - xs[c1 - 1] <= 0:
            continue
        cell = ws.cell(row=r1, column=c1)
        text = canonical_text(format_value(cell.value, cell.number_format))
        out.append(Cell(page, xs[c1 - 1], ys[r1 - 1], xs[c2], ys[r2], text, r1))
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row:
            r, c = cell.row, cell.column
            if (r, c) in covered or ys[r] - ys[r - 1] <= 0 or xs[c] - xs[c - 1] <= 0:
                continue
            text = canonical_text(format_value(cell.value, cell.number_format))
            if text or _bordered(cell):
                out.append(Cell(page, xs[c - 1], ys[r - 1], xs[c], ys[r], text, r))
    out.sort(key=lambda x: (x.top, x.x0))
    return out


def xlsx_to_grid(path: Path) -> Grid:
    """Read every visible worksheet; raises what openpyxl raises for unreadable files."""
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
