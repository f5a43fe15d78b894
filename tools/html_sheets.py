"""A second PDF producer for the independent sheet check (#19): the blind workbooks as HTML, printed by Chromium.

Every PDF the sheet reader had been tested on came out of LibreOffice, while ministries published
theirs from Excel and other tools, which place glyphs, draw borders (filled rectangles or paths
rather than stroked lines), set line heights and substitute type faces differently. This module
prints the SAME workbooks as ``tools/blind_sheets.py`` (``make_sheet(index, seed)``, same truth)
through an independent route: each worksheet is rendered as an HTML ``<table>`` from the openpyxl
worksheet alone, the way Excel would print it (column widths in Excel units, row heights,
merged areas, per-side thin borders, wrapping or overflow of unmerged text, alignment,
number formats, vertical text, fit-to-width on A4 portrait, row breaks, further worksheets on
their own pages), and headless Chromium prints the HTML to PDF. It reads nothing of the
extractor, so its layout decisions are not the reader's assumptions.

    python tools/html_sheets.py OUTDIR [--count 48] [--seed 19]

writes ``blind-NN-YYYY.pdf`` and the generator's ``blind-NN-YYYY.truth.json`` (byte-identical to
what ``blind_sheets.generate`` writes for the same seed). The same seed gives byte-identical PDFs.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

sys.path.insert(0, str(Path(__file__).resolve().parent))
import blind_sheets  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
#: Excel's type faces as the installed ones a Windows-less printer substitutes: Noto for the MS faces
#: (proportional Latin, other metrics than the IPA faces LibreOffice picked), IPAex where the sheet names it.
FONTS = {
    "ＭＳ Ｐゴシック": "'Noto Sans CJK JP', 'IPAexGothic', sans-serif",
    "ＭＳ ゴシック": "'Noto Sans CJK JP', 'IPAexGothic', sans-serif",
    "ＭＳ 明朝": "'Noto Serif CJK JP', 'IPAexMincho', serif",
    "ＭＳ Ｐ明朝": "'Noto Serif CJK JP', 'IPAexMincho', serif",
    "IPAexGothic": "'IPAexGothic', sans-serif",
    "IPAexMincho": "'IPAexMincho', serif",
}
A4_WIDTH_IN = 210 / 25.4
DEFAULT_COLUMN_WIDTH = 8.43
DEFAULT_ROW_HEIGHT = 15.0
MAX_ROW_PT = 409.5


def column_px(ws: Worksheet, col: int) -> float:
    """Excel's width unit is the width of a '0' of the default font (7 px at 96 dpi) plus 5 px of padding."""
    width = ws.column_dimensions[get_column_letter(col)].width if get_column_letter(col) in ws.column_dimensions else None
    return (width if width else DEFAULT_COLUMN_WIDTH) * 7 + 5


def row_pt(ws: Worksheet, row: int) -> float:
    """A row's height in points; Excel stores what it is given but never draws a row over 409.5 pt."""
    dim = ws.row_dimensions[row] if row in ws.row_dimensions else None
    height = dim.height if dim is not None else None
    return min(float(height) if height else float(ws.sheet_format.defaultRowHeight or DEFAULT_ROW_HEIGHT), MAX_ROW_PT)


def _format_number(value: float, fmt: str) -> str:
    """An Excel number format's section for the value's sign: quoted literals, ``#,##0`` grouping, decimals, ``%``."""
    if not fmt or fmt == "General":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    sections = fmt.split(";")
    body = sections[0]
    shown = value
    if value < 0 and len(sections) > 1:
        body, shown = sections[1], -value
    elif value == 0 and len(sections) > 2:
        body = sections[2]
    literals: list[str] = []

    def keep(m: re.Match[str]) -> str:
        literals.append(m.group(1))
        return chr(0xE000 + len(literals) - 1)  # a private-use stand-in the number pattern cannot match

    body = re.sub(r'"([^"]*)"', keep, body)
    body = re.sub(r"\[[^\]]*\]", "", body)  # colours and conditions
    if "%" in body:
        shown = shown * 100
    m = re.search(r"[#0,]+(?:\.(0+))?", body)
    if m is None:
        out = body
    else:
        decimals = len(m.group(1) or "")
        grouped = "," in m.group(0)
        number = f"{shown:,.{decimals}f}" if grouped else f"{shown:.{decimals}f}"
        out = body[: m.start()] + number + body[m.end():]
    out = re.sub(r"\\(.)", r"\1", out).replace("_)", " ").replace("*", "")
    return re.sub("[\ue000-\ue0ff]", lambda m2: literals[ord(m2.group(0)) - 0xE000], out)


def cell_text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _format_number(value, cell.number_format)
    return str(value)


def _border(side: Any) -> str:
    if side is None or side.style is None:
        return "none"
    width = {"medium": "1.5pt", "thick": "2.25pt", "double": "2.25pt"}.get(side.style, "0.75pt")
    style = {"dashed": "dashed", "dotted": "dotted", "hair": "dotted", "double": "double"}.get(side.style, "solid")
    return f"{width} {style} #000"


def _segments(ws: Worksheet, last_row: int) -> list[tuple[int, int]]:
    """Row ranges between the worksheet's manual page breaks (a break's id is the last row before it)."""
    cuts = sorted({b.id for b in ws.row_breaks.brk if b.id and 0 < b.id < last_row})
    starts = [1] + [c + 1 for c in cuts]
    ends = cuts + [last_row]
    return list(zip(starts, ends))


def _cell_style(cell: Cell, numeric: bool) -> list[str]:
    al = cell.alignment
    horizontal = al.horizontal or "general"
    align = {"general": "right" if numeric else "left", "left": "left", "right": "right", "center": "center",
             "centerContinuous": "center", "distributed": "justify", "justify": "justify", "fill": "left"}.get(horizontal, "left")
    valign = {"top": "top", "center": "middle", "bottom": "bottom", "justify": "middle", "distributed": "middle"}.get(
        al.vertical or "bottom", "bottom")
    style = [f"text-align:{align}", f"vertical-align:{valign}"]
    if align == "justify":
        style.append("text-align-last:justify")
    font = cell.font
    if font is not None:
        if font.name:
            style.append(f"font-family:{FONTS.get(font.name, repr(font.name) + ', sans-serif')}")
        if font.sz:
            style.append(f"font-size:{float(font.sz)}pt")
        if font.b:
            style.append("font-weight:bold")
    return style


def _render_rows(ws: Worksheet, first: int, last: int, last_col: int, merges: dict[tuple[int, int], tuple[int, int]],
                 covered: set[tuple[int, int]]) -> Iterator[str]:
    for r in range(first, last + 1):
        yield f'<tr style="height:{row_pt(ws, r)}pt">'
        for c in range(1, last_col + 1):
            if (r, c) in covered:
                continue
            cell = ws.cell(row=r, column=c)
            span = merges.get((r, c))
            attrs = ""
            end_r, end_c = r, c
            if span is not None:
                end_r, end_c = min(span[0], last), span[1]
                if end_r > r:
                    attrs += f' rowspan="{end_r - r + 1}"'
                if end_c > c:
                    attrs += f' colspan="{end_c - c + 1}"'
            numeric = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
            style = _cell_style(cell, numeric)
            # a merged area's outline is drawn from the cells along each of its edges
            style += [f"border-left:{_border(cell.border.left)}",
                      f"border-top:{_border(cell.border.top)}",
                      f"border-right:{_border(ws.cell(row=r, column=end_c).border.right)}",
                      f"border-bottom:{_border(ws.cell(row=end_r, column=c).border.bottom)}"]
            text = cell_text(cell)
            body = ""
            if text:
                al = cell.alignment
                if al.textRotation == 255:
                    body = f'<div class="v">{html.escape(text.replace(chr(10), ""))}</div>'
                elif al.wrap_text:
                    body = f'<div class="w">{html.escape(text)}</div>'
                else:
                    # Excel runs unwrapped text over the empty cells to its right and stops at the next filled one
                    run = sum(column_px(ws, k) for k in range(c, end_c + 1))
                    if span is None and not numeric:
                        k = c + 1
                        while k <= last_col and ws.cell(row=r, column=k).value is None and (r, k) not in covered \
                                and (r, k) not in merges:
                            run += column_px(ws, k)
                            k += 1
                    body = (f'<div class="n" style="width:{run - 4:.1f}px">{html.escape(text.replace(chr(10), ""))}</div>'
                            if not numeric and align_left(style) else
                            f'<div class="n1">{html.escape(text.replace(chr(10), ""))}</div>')
            yield f'<td{attrs} style="{";".join(style)}">{body}</td>'
        yield "</tr>"


def align_left(style: list[str]) -> bool:
    return "text-align:left" in style


def render_sheet(ws: Worksheet, printable_px: float, first_page: bool, page_name: str) -> str:
    """One worksheet as a fit-to-width table per page-break segment."""
    last_row, last_col = ws.max_row, ws.max_column
    cols = [column_px(ws, c) for c in range(1, last_col + 1)]
    table_px = sum(cols)
    fit = bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth)
    zoom = min(1.0, printable_px / table_px) if fit else (ws.page_setup.scale or 100) / 100
    merges: dict[tuple[int, int], tuple[int, int]] = {}
    anchor_of: dict[tuple[int, int], int] = {}  # covered cell -> its area's top row
    for rng in ws.merged_cells.ranges:
        merges[(rng.min_row, rng.min_col)] = (rng.max_row, rng.max_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    anchor_of[(r, c)] = rng.min_row
    colgroup = "".join(f'<col style="width:{w}px">' for w in cols)
    parts = []
    for k, (first, last) in enumerate(_segments(ws, last_row)):
        # a merged area cut by a page break prints its top part; below the break its cells are empty
        seg_covered = {(r, c) for (r, c), top in anchor_of.items() if first <= r <= last and top >= first}
        rows = "".join(_render_rows(ws, first, last, last_col, merges, seg_covered))
        brk = "" if first_page and k == 0 else "break-before:page;"
        parts.append(f'<div class="sheet" style="{brk}page:{page_name};zoom:{zoom:.5f}"><table style="width:{table_px}px">'
                     f"<colgroup>{colgroup}</colgroup>{rows}</table></div>")
    return "".join(parts)


STYLE = """
html, body { margin: 0; padding: 0; }
table { border-collapse: collapse; table-layout: fixed; }
td { padding: 0 2px; overflow: visible; line-height: 1.2; }
tr { break-inside: avoid; }
div.w { white-space: pre-wrap; overflow-wrap: anywhere; }
div.n { white-space: nowrap; overflow: hidden; }
div.n1 { white-space: nowrap; }
div.v { writing-mode: vertical-rl; text-orientation: upright; display: inline-block; white-space: nowrap; }
"""


def _margins(ws: Worksheet) -> tuple[float, float, float, float]:
    """Top, right, bottom, left in inches (Excel's defaults where the sheet sets none)."""
    m = ws.page_margins
    return tuple(d if v is None else float(v) for v, d in ((m.top, 0.75), (m.right, 0.7), (m.bottom, 0.75), (m.left, 0.7)))  # type: ignore[return-value]


def render_workbook(wb: Workbook) -> str:
    """The workbook as one HTML document: each worksheet (and each row-break segment) from a new page, each
    worksheet on pages with its own margins (a named CSS page) and scaled to its own printable width."""
    rules, bodies = [], []
    for i, ws in enumerate(wb.worksheets):
        top, right, bottom, left = _margins(ws)
        rules.append(f"@page s{i} {{ size: A4 portrait; margin: {top:.3f}in {right:.3f}in {bottom:.3f}in {left:.3f}in; }}")
        bodies.append(render_sheet(ws, (A4_WIDTH_IN - left - right) * 96, i == 0, f"s{i}"))
    style = "\n".join(rules) + STYLE
    return (f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>{style}</style></head>'
            f'<body>{"".join(bodies)}</body></html>')


def fixed_dates(pdf: bytes) -> bytes:
    """Chromium stamps the print time into the PDF's info dictionary; a fixed stamp of the same length
    (so the cross-reference offsets stay right) makes the same seed give byte-identical PDFs."""
    return re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)",
                  lambda m: b"/" + m.group(1) + b" (D:20000101000000" + m.group(2) + b")", pdf)


def truth_json(truth: dict[str, Any]) -> str:
    """Serialised exactly as ``blind_sheets.generate`` writes it, so both producers share one truth."""
    return json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def generate(outdir: Path, count: int = 48, seed: int = 19, executable: str = CHROMIUM) -> list[str]:
    """Write ``count`` sheets of ``seed`` as Chromium-printed PDFs plus their truth; return the base names."""
    from playwright.sync_api import sync_playwright

    outdir.mkdir(parents=True, exist_ok=True)
    names = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            for i in range(count):
                wb, truth, name = blind_sheets.make_sheet(i, seed)
                page.set_content(render_workbook(wb), wait_until="load")
                pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
                (outdir / f"{name}.pdf").write_bytes(fixed_dates(pdf))
                (outdir / f"{name}.truth.json").write_text(truth_json(truth), encoding="utf-8")
                names.append(name)
        finally:
            browser.close()
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--chromium", default=CHROMIUM, help="the Chromium binary to print with")
    args = parser.parse_args(argv)
    names = generate(args.outdir, args.count, args.seed, args.chromium)
    print(f"{len(names)} sheets printed by Chromium in {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
