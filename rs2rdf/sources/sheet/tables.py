"""The template's grids and lists, read relative to their headings.

Each reader returns plain structures of :class:`Found` values (text + cell); converting
them to typed records is ``to_records.py``'s job.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from typing import Any, Callable

from rs2rdf.sources.sheet.fields import Finder, Found, header_band, join_cells
from rs2rdf.sources.sheet.grid import Cell
from rs2rdf.sources.sheet.labels import BUDGET_ROWS, INDICATOR_ROWS, OBLIGATION_COLUMNS, PAST_YEAR, PAYEE_COLUMNS, YEAR_HEADER, Label

BLOCK = re.compile(r"^(?P<letter>[A-Z])[.．](?P<rest>.*)$", re.S)
AMOUNT_LINE = re.compile(r"^[▲△]?\s*[\d,.]+\s*(?:百万円|千円)$")
#: A rank left of a list row, after NFKC (「①」 is 1): 1, 1., (1).
TRAILING_AMOUNT = re.compile(r"^(?P<name>.*[^\d,.▲△])(?P<amount>[▲△]?[\d,.]+(?:百万円|千円))$")
RANK = re.compile(r"^(?:\d{1,2}\.?|\(\d{1,2}\))$")
#: A sub-total or total line inside a list (the key has no white space: 「小　計」 is 小計).
SUBTOTAL = re.compile(r"^[(\[【]?(?:小計|合計|総計|計)[)\]】]?(?:\(.*\))?$")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _year_kind(finder: Finder, c: Cell) -> str | None:
    """The 要求/活動見込/当初予算 suffix of a year heading; ``c`` came from ``finder.matching(YEAR_HEADER)``."""
    m = YEAR_HEADER.match(finder.keys[id(c)])
    assert m is not None, "only cells matching YEAR_HEADER are passed"
    return m.group("kind")


def year_headers(finder: Finder, page: int, above: float, right_of: float, kinds: tuple[str | None, ...]) -> list[Cell]:
    """The year headings (26年度 …) of the band nearest above ``above``."""
    cands = [c for c in finder.matching(YEAR_HEADER, page)
             if c.bottom <= above + 1 and c.x0 >= right_of - 2 and _year_kind(finder, c) in kinds]
    if not cands:
        return []
    nearest = max(c.bottom for c in cands)
    return sorted((c for c in cands if abs(c.bottom - nearest) < finder.size), key=lambda c: c.x0)


def budget_grid(finder: Finder) -> dict[str, Any] | None:
    """予算の状況 grid: {"years": [Found header], "rows": {field: [Found per year]}}."""
    for initial in finder.find_field("initial"):
        supp = [c for c in finder.find_field("supplementary", initial.page) if c.top > initial.top]
        if not supp:
            continue
        headers = year_headers(finder, initial.page, initial.top, initial.x1, (None, "要求"))
        if not headers:
            continue
        ranges = finder.columns({str(i): h for i, h in enumerate(headers)})
        row_labels: dict[Label, Cell] = {}
        for lab in BUDGET_ROWS:
            cells = [c for c in finder.find(lab, initial.page)
                     if c.top >= initial.top - 1 and c.x1 > initial.x0 - 4 * finder.size and c.x0 < initial.x1]
            if cells:
                row_labels[lab] = cells[0]
        placed = _value_columns(finder, headers, list(row_labels.values())) if not finder.grid.ruled else None
        ranges = placed or ranges
        rows: dict[str, list[Found]] = {}
        for lab, row in row_labels.items():
            values = finder.row_values(ranges, row)
            rows[lab.field] = [values.get(str(i), Found(None, row, lab.printed)) for i in range(len(headers))]
            rows[lab.field] = [Found(f.text, f.cell, lab.printed) for f in rows[lab.field]]
        return {"years": [Found(h.text, h, "年度") for h in headers], "rows": rows, "placed_by_values": placed is not None}
    return None


#: Where a printed value is anchored in its cell: centre, right edge, left edge.
_EDGES: tuple[Callable[[Cell], float], ...] = (lambda c: c.cx, lambda c: c.x1, lambda c: c.x0)


def _line_up(cells: list[Cell], edge: Callable[[Cell], float], size: float) -> list[list[Cell]]:
    """Cells grouped into columns by one edge: a new column where that edge jumps by more than a character."""
    clusters: list[list[Cell]] = []
    for c in sorted(cells, key=edge):
        if clusters and edge(c) - edge(clusters[-1][-1]) <= size:
            clusters[-1].append(c)
        else:
            clusters.append([c])
    return clusters


def _value_columns(finder: Finder, headers: list[Cell], row_labels: list[Cell]) -> dict[str, tuple[float, float]] | None:
    """Unruled grids: the x range of each year column, from where its values are printed.

    A heading is centred over its (possibly wide) column, but a value may sit in one narrow cell at
    the column's left or right end, nearer the next heading than its own; placing it by the
    headings alone mixes neighbouring years. The values of one column line up down the rows, so
    they are clustered by their centres, and the clusters (left to right) are given to the
    headings in order, each to the nearest one that keeps the order. None when there are more
    clusters than headings (stray text), so the headings decide.
    """
    if not headers or not row_labels:
        return None
    left = max(c.x1 for c in row_labels)
    tol = finder.size * 0.5
    values = [c for row in row_labels for c in finder.by_page.get(row.page, ())
              if not c.is_label and c.x0 >= left - 1 and row.top - tol <= c.cy <= row.bottom + tol and c.text]
    # values are centred, right-aligned (Excel's default for numbers) or left-aligned: the alignment printed is the one
    # by which every column's values line up to within a character (the others spread or chain columns together)
    tight = [cl for edge in _EDGES if (cl := _line_up(values, edge, finder.size))
             and all(edge(col[-1]) - edge(col[0]) <= finder.size for col in cl)]
    clusters = min(tight, key=len, default=[])
    m, n = len(clusters), len(headers)
    if not clusters or m > n:
        return None
    centres = [statistics.median(c.cx for c in cluster) for cluster in clusters]
    heads = [h.cx for h in headers]
    # order-preserving assignment of m clusters to n headings with the least total distance
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    cost[0] = [0.0] * (n + 1)
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(centres[i - 1] - heads[j - 1]))
    out: dict[str, tuple[float, float]] = {}
    i, j = m, n
    while i > 0:
        if j > i and cost[i][j] == cost[i][j - 1]:
            j -= 1
            continue
        cluster = clusters[i - 1]
        out[str(j - 1)] = (min(c.x0 for c in cluster), max(c.x1 for c in cluster))
        i, j = i - 1, j - 1
    return out


def budget_detail(finder: Finder) -> list[dict[str, Found]]:
    """予算内訳 lines, 小計 lines and the closing 計 (合計) line included (their 歳出予算目 reads so)."""
    moku = finder.first("detail_moku")
    if moku is None:
        return []
    heads = {"moku": moku}
    for c in finder.matching(YEAR_HEADER, moku.page):
        if finder._overlap_v(c, moku) and c.x0 > moku.x0:
            kind = _year_kind(finder, c)
            heads["amount" if kind == "当初予算" else "request"] = c
    heads.update({k: v for k, v in header_band(finder, moku, ["reason"]).items()})
    ranges = finder.columns(heads)
    lines: list[dict[str, Found]] = []
    cursor = moku
    while True:
        # rows of the 予算内訳 share their height with the wrapped cells beside them: five characters'
        # height of gap still belongs to the table (a label or its 計 line ends it)
        nxt = finder.below(cursor, within=finder.size * 5)
        if nxt is None:
            nxt = _continued(finder, cursor, moku.x0, max(c.x1 for c in heads.values()))
            if nxt is not None:
                finder.note(f"予算内訳: continued on {finder.grid.part(nxt.page)} after a page break")
            if nxt is not None and nxt.is_label and finder.keys[id(nxt)] == finder.keys[id(moku)]:
                nxt = finder.below(nxt, within=finder.size * 5)  # the heading printed again atop the page
        if nxt is None or (nxt.is_label and finder.keys[id(nxt)] != "計"):
            break
        values = finder.row_values(ranges, nxt, left=moku.x0 - finder.size)
        lines.append({f: Found(v.text, v.cell, _printed(heads[f])) for f, v in values.items()})
        if SUBTOTAL.match(finder.keys[id(nxt)]) and "小計" not in finder.keys[id(nxt)]:
            break  # the 計 (合計, 総計) line ends the table; a 小計 line does not
        cursor = nxt
    return lines


#: A page number or running foot printed below a table (「1/3」, 「- 2 -」, 「2」).
_PAGE_FOOT = re.compile(r"^[-‐－ー ]*\d+(?:\s*/\s*\d+)?[-‐－ー ]*$")


def _continued(finder: Finder, last: Cell, x0: float, x1: float) -> Cell | None:
    """The first cell of a table's next page when its last row ends its page (a page break inside the table).

    Only when nothing but a page number follows ``last`` on its page within the table's width;
    the next page's topmost cell in that width is then the next row.
    """
    def inside(c: Cell) -> bool:
        return min(c.x1, x1) - max(c.x0, x0) > 0

    if any(c.top >= last.bottom - 1 and c is not last and inside(c) and not _PAGE_FOOT.match(finder.keys[id(c)])
           for c in finder.by_page.get(last.page, ())):
        return None
    following = [c for c in finder.by_page.get(last.page + 1, ()) if inside(c)]
    return min(following, key=lambda c: (c.top, c.x0), default=None)


def _printed(cell: Cell) -> str:
    return cell.text.replace("\n", "")


def indicator_grid(finder: Finder, kind: str) -> dict[str, Any] | None:
    """成果 (kind="outcome") or 活動 (kind="output") indicators with their per-column values."""
    name_field, row_fields = ("outcome_name", ("actual", "target", "achievement")) if kind == "outcome" else \
        ("output_name", ("output_actual", "output_plan"))
    name_head = finder.first(name_field)
    if name_head is None:
        return None
    fields = ["outcome_goal", "unit", "mid_target", "final_target"] if kind == "outcome" else ["unit"]
    heads = header_band(finder, name_head, fields)
    heads["name"] = name_head
    years = [c for c in finder.matching(YEAR_HEADER, name_head.page) if finder._overlap_v(c, name_head)]
    for i, c in enumerate(sorted(years, key=lambda c: c.x0)):
        heads[f"y{i}"] = c
    first_row = next((lab for lab in INDICATOR_ROWS if lab.field == row_fields[0]), None)
    end = _section_end(finder, name_head, ["outcome_source", "output_block", "output_name", "unit_cost_basis", "unit_cost"])
    starts = [c for c in finder.find(first_row, name_head.page) if name_head.bottom - 1 <= c.top < end] if first_row else []
    ranges = finder.columns({k: v for k, v in heads.items() if k not in ("name", "outcome_goal")})
    label_of = {lab.field: lab for lab in INDICATOR_ROWS}
    items = []
    for start in starts:
        rows: dict[str, dict[str, Found]] = {}
        last = start
        for field in row_fields:
            cell = start if field == row_fields[0] else next(
                (c for c in finder.find(label_of[field], start.page) if c.top >= last.top and abs(c.cx - start.cx) < finder.size * 3), None)
            if cell is None:
                continue
            rows[field] = finder.row_values(ranges, cell)
            last = cell
        band_top, band_bottom = start.top - 1, last.bottom + 1
        texts = {}
        left_part = [c for c in finder.in_region(start.page, band_top, band_bottom) if not c.is_label and c.x1 <= start.x0 + 2]
        text_heads: dict[str, Cell] = {f: heads[f] for f in ("name", "outcome_goal") if f in heads}
        for f, h in text_heads.items():
            if finder.grid.ruled:
                cells = [c for c in left_part if min(c.x1, h.x1) - max(c.x0, h.x0) > 0]
            else:  # the heading is centred over a wider column: place each cell by the headings
                spans = finder.columns(text_heads)
                cells = [c for c in left_part if finder.column_of(spans, c) == f]
            texts[f] = Found(join_cells(cells) or None, cells[0] if cells else h, _printed(h))
        items.append({"rows": rows, "texts": texts, "anchor": start})
    return {"headers": {k: Found(v.text, v, _printed(v)) for k, v in heads.items()}, "items": items}


def _section_start(finder: Finder, label: Cell) -> float:
    """Where a section with a tall (possibly centred) side label begins: below the label cells above it."""
    above = [c.bottom for c in finder.by_page.get(label.page, ())
             if c.is_label and c is not label and c.bottom <= label.top + 1 and c.x0 < label.x1 and c.x1 > label.x0]
    return max(above, default=0.0) - 1


def _section_end(finder: Finder, start: Cell, fields: list[str]) -> float:
    ends = [c.top for f in fields for c in finder.find_field(f, start.page) if c.top > start.top + 1]
    return min(ends, default=finder.page_bottom(start.page))


def unit_cost(finder: Finder) -> dict[str, Any]:
    out: dict[str, Any] = {"basis": finder.value_right("unit_cost_basis")}
    formula = finder.first("formula")
    basis = finder.first("unit_cost_basis")
    if basis is not None and formula is not None:
        units = [c for c in finder.find_field("unit", basis.page) if basis.bottom - 1 <= c.top <= formula.top + 1]
        if units:
            right = finder.right_of(units[0])
            out["unit"] = Found(right[0].text if right else None, right[0] if right else units[0], "単位")
    if formula is not None:
        heads = year_headers(finder, formula.page, formula.top, formula.x1, (None,))
        ranges = finder.columns({str(i): h for i, h in enumerate(heads)})
        values = finder.row_values(ranges, formula)
        out["formula"] = [(h.text, values.get(str(i), Found(None, formula, "計算式"))) for i, h in enumerate(heads)]
    return out


def checklist(finder: Finder) -> list[tuple[Found, Found, Found]]:
    """点検・改善 items: (item, mark, explanation); an item is a question ending in 「か。」."""
    head = finder.first("check_item")
    expl = finder.first("check_text")
    if head is None:
        return []
    end = _section_end(finder, head, ["check_result", "improvement"])
    out: list[tuple[Cell, tuple[Found, Found, Found]]] = []
    for c in finder.in_region(head.page, head.bottom, end):
        if c.is_label or not re.search(r"か。(?:\(.*\))?$", _nfkc(finder.keys[id(c)])):
            continue
        right = finder.right_of(c)
        mark = right[0] if right and (expl is None or right[0].x1 <= expl.x0 + 2) and right[0].x1 - right[0].x0 < finder.size * 6 \
            and len(finder.keys[id(right[0])]) <= 2 else None
        rest = [r for r in right if r is not mark]
        out.append((c, (Found(c.text, c, "評価項目"), Found(mark.text if mark else None, mark or c, "評価項目"),
                        Found(join_cells(rest) or None, rest[0] if rest else c, "評価に関する説明"))))
    return [item for _, item in sorted(out, key=lambda ct: (ct[0].page, ct[0].top))]


def money_flow(finder: Finder) -> dict[str, Any]:
    label = finder.first("flow")
    if label is None:
        return {"blocks": [], "top": None}
    end = _section_end(finder, label, ["expenses", "payees"])
    heads = [c.top - finder.size * 3 for c in finder.find_field("category", label.page) if c.top > label.top]
    end = min([end, *heads])  # an unruled 費目・使途 side label can sit below its first block heading
    blocks, top = [], None
    for c in sorted(finder.in_region(label.page, _section_start(finder, label), end, x0=label.x1 - 2), key=lambda c: (c.top, c.x0)):
        lines = c.text.split("\n")
        m = BLOCK.match(_nfkc(lines[0]))
        if m:
            amount = next((x for x in lines[1:] if AMOUNT_LINE.match(_nfkc(x))), None)
            if amount is None:
                below = finder.below(c, within=finder.size * 2)
                if below is not None and AMOUNT_LINE.match(_nfkc(below.text)):
                    amount = below.text
            name = m.group("rest").strip()
            glued = TRAILING_AMOUNT.match(name) if amount is None else None
            if glued:  # unruled, a short amount line can be read as the wrap of the name above it
                name, amount = glued.group("name"), glued.group("amount")
            role = "\n".join(x for x in lines[1:] if x != amount) or None
            blocks.append({"letter": m.group("letter"), "name": Found(name or None, c, "資金の流れ"),
                           "amount": Found(amount, c, "資金の流れ"), "role": Found(role, c, "資金の流れ")})
        elif top is None and any(AMOUNT_LINE.match(_nfkc(x)) for x in lines):
            top = Found(c.text, c, "資金の流れ")
    return {"blocks": blocks, "top": top}


def expenses(finder: Finder) -> list[dict[str, Any]]:
    label = finder.first("expenses")
    if label is None:
        return []
    end = _section_end(finder, label, ["payees", "obligations"])
    cats = [c for c in finder.find_field("category", label.page) if c.top < end and c.x0 >= label.x1 - 2]
    out = []
    for i, cat in enumerate(cats):
        stop = cats[i + 1].top if i + 1 < len(cats) else end
        head = max((c for c in finder.by_page.get(cat.page, ()) if c.bottom <= cat.top + 1 and cat.top - c.bottom < finder.size * 3
                    and not c.is_label and BLOCK.match(_nfkc(c.text))), key=lambda c: c.bottom, default=None)
        if head is None:
            continue
        cols = header_band(finder, cat, ["category", "use", "amount"])
        ranges = finder.columns(cols)
        total = next((c for c in finder.in_region(head.page, cat.bottom, stop) if finder.keys[id(c)] == "計"), None)
        limit = total.top if total else stop
        bands = _bands(finder, [c for c in finder.in_region(head.page, cat.bottom, limit) if not c.is_label])
        lines = [finder.row_values(ranges, b) for b in bands]
        m = BLOCK.match(_nfkc(head.text))
        rest = m.group("rest") if m else ""
        payee = re.search(r"[（(](.*)[）)]$", rest)
        out.append({"letter": m.group("letter") if m else None, "heading": Found(head.text, head, "費目・使途"),
                    "amount_heading": cols["amount"].text if "amount" in cols else None,
                    "payee": payee.group(1) if payee else None, "lines": lines,
                    "total": finder.row_values(ranges, total) if total else {}})
    return out


def _bands(finder: Finder, cells: list[Cell]) -> list[Cell]:
    """One representative cell per table row (rows told apart by their vertical centres)."""
    rows: list[Cell] = []
    for c in sorted(cells, key=lambda c: c.cy):
        if not rows or c.cy - rows[-1].cy > finder.size * 0.8:
            rows.append(c)
    return rows


def _list_end(finder: Finder, title: Cell, fields: list[str]) -> tuple[int, float]:
    """Page and y where a list that starts at ``title`` ends: the first end heading after it, else the last page's end."""
    ends = sorted((c.page, c.top) for f in fields for c in finder.find_field(f)
                  if c.page > title.page or (c.page == title.page and c.top > title.top + 1))
    if ends:
        return ends[0]
    last = max(finder.by_page)
    return last, finder.page_bottom(last)


def ranked_list(finder: Finder, title_field: str, columns: tuple[Label, ...], end_fields: list[str]) -> list[dict[str, Any]]:
    """支出先上位10者 / 国庫債務負担行為 lists: per block heading, rows found by their rank numbers.

    A list runs from its title to the next list's title, over page breaks: rows at the top of a
    page before any column heading continue the block above (its columns carry over), and a
    block whose heading is the last thing on a page starts with the headings on the next one.
    """
    title = finder.first(title_field)
    if title is None:
        return []
    end_page, end_y = _list_end(finder, title, end_fields)
    labels_by_field = {lab.field: lab for lab in columns}
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    carried: Cell | None = None  # a block heading left at the bottom of the previous page
    for page in sorted(p for p in finder.by_page if title.page <= p <= end_page):
        top = title.bottom - 1 if page == title.page else -1.0
        bottom = end_y if page == end_page else finder.page_bottom(page)
        head_cells = [c for c in finder.find(labels_by_field["name"], page) if top <= c.top < bottom]
        consumed = top
        if current is not None:  # rows continued from the page before
            stop = head_cells[0].top if head_cells else bottom
            rows = _ranked_rows(finder, current, page, top, stop)
            current["rows"] += rows
            if rows:
                consumed = max(consumed, max(r["cell"].bottom for r in rows))
                current["continued"].append(page)
        for i, head in enumerate(head_cells):
            stop = head_cells[i + 1].top if i + 1 < len(head_cells) else bottom
            heads = {}
            for f, lab in labels_by_field.items():
                c = next((c for c in finder.find(lab, head.page) if finder._overlap_v(c, head)), None)
                if c is not None:
                    heads[f] = c
            heading = next((c for c in sorted(finder.in_region(page, top, head.top), key=lambda c: -c.top)
                            if c.top >= consumed - 1 and BLOCK.match(_nfkc(c.text))), None) or carried
            carried = None
            m = BLOCK.match(_nfkc(heading.text)) if heading is not None else None
            current = {"letter": m.group("letter") if m else None,
                       "heading": Found(heading.text if heading else None, heading or head, "支出先上位１０者リスト"),
                       "rows": [], "continued": [], "amount_heading": heads["amount"].text if "amount" in heads else None,
                       "ranges": finder.columns(heads), "left": min(h.x0 for h in heads.values()),
                       "fields": labels_by_field}
            out.append(current)
            rows = _ranked_rows(finder, current, page, head.bottom, stop)
            current["rows"] += rows
            consumed = max([head.bottom, *(r["cell"].bottom for r in rows)])
        carried = next((c for c in sorted(finder.in_region(page, consumed + 1, bottom), key=lambda c: -c.top)
                        if BLOCK.match(_nfkc(c.text)) and not c.is_label), None)
    for block in out:
        for key in ("ranges", "left", "fields"):
            block.pop(key)
    return out


def _ranked_rows(finder: Finder, block: dict[str, Any], page: int, top: float, stop: float) -> list[dict[str, Any]]:
    """The rows of one block between ``top`` and ``stop``, each found by its rank number left of the columns.

    A list printed without rank numbers has its rows found by the cells of its 支出先 (契約先)
    column instead, ranked in order.
    """
    ranges, left, fields = block["ranges"], block["left"], block["fields"]
    region = finder.in_region(page, top, stop)
    anchors = [(int(re.sub(r"\D", "", finder.keys[id(c)])), c) for c in region
               if RANK.match(finder.keys[id(c)]) and c.x1 <= left + 2]
    skip = True
    if not anchors and "name" in ranges:
        x0, x1 = ranges["name"]
        if finder.grid.ruled:
            names = [c for c in region if c.text and not c.is_label and c.x0 >= x0 - 2 and c.x1 <= x1 + 2]
        else:  # only the heading's words are known: place each cell by the headings; no block heading or note
            names = [c for c in region if c.text and not c.is_label and finder.column_of(ranges, c) == "name"
                     and not BLOCK.match(_nfkc(c.text)) and not re.match(r"^(?:※|\(注|（注)", c.text)]
        names = [c for c in names if not SUBTOTAL.match(finder.keys[id(c)])]  # a 小計 row is no payee
        done = len(block["rows"])
        anchors = [(done + i, c) for i, c in enumerate(sorted(names, key=lambda c: c.top), 1)]
        skip = False
    rows = []
    for rank, r in sorted(anchors, key=lambda rc: rc[1].top):
        values = finder.row_values(ranges, r, skip=(r,) if skip else ())  # unruled, the rank is left of every heading
        values = {f: Found(v.text, v.cell, fields[f].printed) for f, v in values.items() if f in fields}
        rows.append({"rank": rank, "cell": r, "values": values})
    return rows


def payees(finder: Finder) -> list[dict[str, Any]]:
    return ranked_list(finder, "payees", PAYEE_COLUMNS, ["obligations"])


def obligations(finder: Finder) -> list[dict[str, Any]]:
    return ranked_list(finder, "obligations", OBLIGATION_COLUMNS, [])


def past_numbers(finder: Finder) -> list[tuple[str, Found]]:
    label = finder.first("past")
    if label is None:
        return []
    out = []
    for c in finder.matching(PAST_YEAR, label.page):
        if c.x0 < label.x1 - 2 or not label.top - 2 * finder.size <= c.top <= label.bottom + 8 * finder.size:
            continue
        below = finder.below(c, within=finder.size * 2)
        out.append((c.text, Found(below.text if below else None, below or c, c.text)))
    return out
