"""Write the pre-2024 review-sheet fixtures (xlsx, and PDF printed by LibreOffice).

Real sheets cannot be committed, so tests run on sheets rebuilt in the template's layout:
merged cells, ruling borders, labels exactly as in FORMATS §2.1, vertical labels, 百万円 values
with ▲ negatives, dash blanks, ``#DIV/0!`` and full-width digits. The layout moves around
between fixtures on purpose (column spans, row heights, section order) so that an extractor
relying on fixed coordinates fails.

    python tools/make_sheet_fixtures.py [--out tests/data/sheets] [--no-pdf]
    python tools/make_sheet_fixtures.py --corpus 200 [--seed 19] --out DIR [--no-pdf]   # the varied corpus (sheet_corpus.py)

Needs LibreOffice and the IPAex fonts for the PDFs (``apt-get install libreoffice-calc
fonts-ipaexfont``) and ``qpdf`` for the encrypted sample; without them only the xlsx are written.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sheet_fixture_data import BAD_TEXT, FIXTURES  # noqa: E402

NCOLS = 24
COL_WIDTH = 3.6  # Excel character units
COL_PT = 22.5  # what LibreOffice makes of COL_WIDTH, in points
FONT = "IPAexGothic"
SIZE = 8
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _em(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _lines_needed(text: str, ncols: int) -> int:
    usable = ncols * COL_PT * 0.85 - 6
    return sum(max(1, math.ceil(_em(line) * SIZE / usable)) for line in str(text).split("\n"))


class Sheet:
    """A row cursor over one worksheet: every call lays out one template row."""

    def __init__(self, ws: Any, borders: bool, font: str = FONT) -> None:
        self.ws = ws
        self.borders = borders
        self.font = font
        self.row = 1
        self.heights: dict[int, float] = {}

    def put(self, row: int, c1: int, c2: int, text: Any, rows: int = 1, vertical: bool = False,
            center: bool = False, bold: bool = False, fmt: str | None = None, right: bool = False) -> None:
        ws = self.ws
        r2 = row + rows - 1
        if c2 > c1 or rows > 1:
            ws.merge_cells(start_row=row, start_column=c1, end_row=r2, end_column=c2)
        cell = ws.cell(row=row, column=c1)
        if text is not None and text != "":
            cell.value = text
        cell.font = Font(name=self.font, size=SIZE, bold=bold)
        if fmt:
            cell.number_format = fmt
        cell.alignment = Alignment(
            wrap_text=not vertical, vertical="center",
            horizontal="right" if right else "center" if (center or vertical) else "left",
            text_rotation=255 if vertical else 0,
        )
        if self.borders:
            for r in range(row, r2 + 1):
                for c in range(c1, c2 + 1):
                    ws.cell(row=r, column=c).border = BOX
        if text not in (None, ""):
            if vertical:
                need = len(str(text)) * SIZE * 1.25 + 6
            else:
                need = _lines_needed(str(text), c2 - c1 + 1) * SIZE * 1.45 + 6
            per_row = need / rows
            for r in range(row, r2 + 1):
                self.heights[r] = max(self.heights.get(r, 0), per_row)

    def pairs(self, *items: tuple[str, Any], label_cols: int = 4) -> None:
        """One row of label/value pairs sharing the width equally."""
        width = NCOLS // len(items)
        c = 1
        for label, value in items:
            self.put(self.row, c, c + label_cols - 1, label, center=True)
            self.put(self.row, c + label_cols, c + width - 1, value)
            c += width
        self.row += 1

    def gap(self, height: float = 10) -> None:
        self.heights[self.row] = height
        self.row += 1

    def page_break(self) -> None:
        self.ws.row_breaks.append(Break(id=self.row - 1))

    def finish(self) -> None:
        for r in range(1, self.row):
            self.ws.row_dimensions[r].height = round(max(self.heights.get(r, 0), SIZE * 1.3 + 8), 1)


def lay_out(sh: Sheet, f: dict[str, Any], second: Sheet | None = None) -> None:
    _header(sh, f)
    _budget(sh, f)
    sh.page_break()
    _indicators(sh, f)
    sh.page_break()
    _policy_and_checks(sh, f)
    sh.page_break()
    _money_flow(sh, f)
    if second is not None:
        _payees(second, f)
    else:
        sh.page_break()
        _payees(sh, f)


def _header(sh: Sheet, f: dict[str, Any]) -> None:
    lay = f.get("layout", {})
    sh.put(1, 1, 3, lay.get("number_label", "事業番号"), center=True)
    parts = lay.get("number_cells") or [f["number"]]
    if len(parts) == 1:
        sh.put(1, 4, 7, parts[0], center=True)
    else:  # the number typed into several cells: 「新27」「-」「0001」
        for i, part in enumerate(parts[:4]):
            sh.put(1, 4 + i, 4 + i, part, center=True)
    form = lay.get("title_form", "cell")
    ministry = lay.get("ministry_printed", f["ministry"])
    if form == "inline":  # 「平成29年度行政事業レビューシート　総務省」 in one cell, or with a line break
        sh.put(1, 9, 24, f"{f['title']}{lay.get('title_joint', '　')}{ministry}", center=True, bold=True)
    elif form == "split":  # 「（」「総務省」「）」 in three cells
        sh.put(1, 9, 18, f["title"], center=True, bold=True)
        sh.put(1, 19, 19, lay.get("open", "（"), center=True)
        sh.put(1, 20, 23, ministry, center=True)
        sh.put(1, 24, 24, lay.get("close", "）"), center=True)
    elif form == "labelled":  # 「府省庁名」 label cell, then the ministry
        sh.put(1, 9, 18, f["title"], center=True, bold=True)
        sh.put(1, 19, 20, lay.get("ministry_label", "府省庁名"), center=True)
        sh.put(1, 21, 24, ministry, center=True)
    else:
        sh.put(1, 9, 20, f["title"], center=True, bold=True)
        sh.put(1, 21, 24, ministry, center=True)
    sh.row = 2
    sh.gap(8)
    b = f["basics"]
    sh.pairs(("事業名", b["事業名"]), ("担当部局庁", b["担当部局庁"]))
    sh.pairs(("事業開始年度", b["事業開始年度"]), ("担当課室", b["担当課室"]))
    sh.pairs(("事業終了（予定）年度", b["事業終了（予定）年度"]), ("作成責任者", b["作成責任者"]))
    sh.pairs(("会計区分", b["会計区分"]))
    sh.pairs(("根拠法令（具体的な条項も記載）", b["根拠法令"]), ("関係する計画、通知等", b["関係する計画"]))
    sh.pairs((f.get("policy_label", "主要政策・施策"), b["主要政策・施策"]), ("主要経費", b["主要経費"]))
    sh.pairs(("事業の目的（目指す姿を簡潔に。3行程度以内）", b["事業の目的"]))
    if "現状・課題" in b:
        sh.pairs(("現状・課題", b["現状・課題"]))
    sh.pairs(("事業概要（5行程度以内。別添可）", b["事業概要"]))
    if "事業概要URL" in b:
        sh.pairs(("事業概要URL", b["事業概要URL"]))
    sh.pairs(("実施方法", b["実施方法"]))


def _lab(f: dict[str, Any], text: str) -> str:
    """A label as this sheet prints it (the template year's wording, or the 平成29 one)."""
    return str(f.get("layout", {}).get("labels", {}).get(text, text))


def _budget(sh: Sheet, f: dict[str, Any]) -> None:
    lay = f.get("layout", {})
    years, rows = f["budget_years"], f["budget"]
    top = sh.row
    default = [(8, 10), (11, 13), (14, 16), (17, 19), (20, 24)] if len(years) == 5 else _even_spans(8, 24, len(years))
    spans = [tuple(x) for x in lay.get("budget_spans", default)]
    past = int(f.get("budget_past", 3))  # columns with 執行額 (the past years)
    values_in = lay.get("budget_values", "merged")  # merged like the heading, or one cell of its span

    def value(r: int, span: tuple[int, int], v: Any) -> None:
        c1, c2 = span
        fmt = None
        if lay.get("numeric_money") and (m := re.fullmatch(r"([▲△]?)(\s?)([\d,]+)", str(v))):  # a number shown as 「▲ 1,234」
            fmt = f'#,##0;"{m.group(1) or "▲"}{m.group(2)}"#,##0'
            v = int(m.group(3).replace(",", "")) * (-1 if m.group(1) else 1)
        right = lay.get("budget_align") == "right"  # numbers right-aligned, as Excel sets them by default
        if values_in == "merged" or c1 == c2:
            sh.put(r, c1, c2, v, center=True, fmt=fmt, right=right)
        else:
            for c in range(c1, c2 + 1):  # the other cells of the span stay empty boxes
                if c != (c2 if values_in == "last" else c1):
                    sh.put(r, c, c, "")
            c = c2 if values_in == "last" else c1
            sh.put(r, c, c, v, center=True, fmt=fmt, right=right)

    for (c1, c2), year in zip(spans, years):
        m = re.fullmatch(r"(平成|令和)?(\d+)年度(.*)", year)
        if lay.get("year_wrap") and not lay.get("numeric_years") and m:  # 「29年度\n要求」, 「平成\n29年度」
            year = f"{m.group(1)}\n{m.group(2)}年度{m.group(3)}" if m.group(1) else f"{m.group(2)}年度\n{m.group(3)}" if m.group(3) else year
        if lay.get("numeric_years") and m:  # the heading typed as a number shown through 「"平成"0"年度"」
            sh.put(top, c1, c2, int(m.group(2)), center=True, fmt=f'{chr(34) + m.group(1) + chr(34) if m.group(1) else ""}0"年度{m.group(3)}"')
        else:
            sh.put(top, c1, c2, year, center=True)
    sh.put(top, 3, 7, "")
    status = ["当初予算", "補正予算", "前年度から繰越し", "翌年度へ繰越し", "予備費等", "計"]
    r = top + 1
    for label in status:
        sh.put(r, 4, 7, _lab(f, label))
        for span, v in zip(spans, rows[label]):
            value(r, span, v)
        r += 1
        if label == "補正予算" and lay.get("budget_subtotal"):  # 当初予算＋補正予算 on a sub-total row
            sh.put(r, 4, 7, lay["budget_subtotal"])
            for span, a, b in zip(spans, rows["当初予算"], rows["補正予算"]):
                value(r, span, _subtotal([a, b]))
            r += 1
    sh.put(top + 1, 3, 3, "予算の状況", rows=r - top - 1, vertical=True)
    if lay.get("budget_blank_row"):  # an empty ruled row before 執行額
        sh.put(r, 3, 7, "")
        for span in spans:
            sh.put(r, span[0], span[1], "")
        r += 1
    for label in ("執行額", "執行率（％）", "当初予算＋補正予算に対する執行額の割合（％）"):
        sh.put(r, 3, 7, _lab(f, label))
        for span, v in zip(spans[:past], rows[label]):
            value(r, span, v)
        if past < len(spans):
            sh.put(r, spans[past][0], 24, "")
        r += 1
    sh.put(top, 1, 2, _lab(f, "予算額・執行額（単位:百万円）"), rows=r - top, center=True)
    sh.row = r
    if lay.get("budget_note"):  # a note under the grid
        sh.put(sh.row, 1, 24, lay["budget_note"])
        sh.row += 1
    items = f.get("budget_items", [])
    top = sh.row
    y = f["budget_years"][past]
    y1 = f["budget_years"][past + 1] if past + 1 < len(f["budget_years"]) else f.get("indicator_years", ["要求"])[-1]
    sh.put(top, 5, 10, "歳出予算目", center=True)
    sh.put(top, 11, 14, f"{y}当初予算", center=True)
    sh.put(top, 15, 18, y1, center=True)
    sh.put(top, 19, 24, "主な増減理由", center=True)
    r = top + 1
    for item in items + [("計", *f["budget_items_total"], "")]:
        sh.put(r, 5, 10, item[0])
        sh.put(r, 11, 14, item[1], center=True)
        sh.put(r, 15, 18, item[2], center=True)
        sh.put(r, 19, 24, item[3])
        r += 1
    sh.put(top, 1, 4, f["detail_title"], rows=r - top, center=True)
    sh.row = r


def _indicators(sh: Sheet, f: dict[str, Any]) -> None:
    ys = f.get("indicator_years", f["budget_years"])
    top = sh.row
    head = [(3, 6, "定量的な成果目標"), (7, 10, "成果指標"), (11, 11, ""), (12, 12, "単位"), (13, 14, ys[0]),
            (15, 16, ys[1]), (17, 18, ys[2]), (19, 20, "中間目標"), (21, 24, "目標最終年度")]
    for c1, c2, text in head:
        sh.put(top, c1, c2, text, center=True)
    r = top + 1
    for o in f["outcomes"]:
        sh.put(r, 3, 6, o["goal"], rows=3)
        sh.put(r, 7, 10, o["name"], rows=3)
        for i, label in enumerate(("成果実績", "目標値", "達成度")):
            sh.put(r + i, 11, 11, label, center=True)
            sh.put(r + i, 12, 12, "％" if label == "達成度" else o["unit"], center=True)
            for j, v in enumerate(o[label]):
                sh.put(r + i, 13 + 2 * j, 14 + 2 * j, v, center=True)
            extra = o.get("extra", {}).get(label, ("-", "-"))
            sh.put(r + i, 19, 20, extra[0], center=True)
            sh.put(r + i, 21, 24, extra[1], center=True)
        r += 3
    sh.put(r, 3, 10, "根拠として用いた統計・データ名（出典）", center=True)
    sh.put(r, 11, 24, f["outcome_source"])
    r += 1
    sh.put(top, 1, 2, "成果目標及び成果実績（アウトカム）", rows=r - top, center=True)
    top = r
    head = [(3, 10, "活動指標"), (11, 11, ""), (12, 12, "単位"), (13, 14, ys[0]), (15, 16, ys[1]),
            (17, 18, ys[2]), (19, 20, f"{ys[3]}活動見込"), (21, 24, f"{re.sub('要求額?$', '', ys[4])}活動見込")]
    for c1, c2, text in head:
        sh.put(top, c1, c2, text, center=True)
    r = top + 1
    for o in f["outputs"]:
        sh.put(r, 3, 10, o["name"], rows=2)
        for i, label in enumerate(("活動実績", "当初見込み")):
            sh.put(r + i, 11, 11, label, center=True)
            sh.put(r + i, 12, 12, o["unit"], center=True)
            for j, v in enumerate(o[label]):
                sh.put(r + i, 13 + 2 * j, 14 + 2 * j, v, center=True)
        r += 2
    sh.put(top, 1, 2, "活動指標及び活動実績（アウトプット）", rows=r - top, center=True)
    top = r
    uc = f["unit_cost"]
    sh.put(r, 3, 6, "算出根拠", center=True)
    sh.put(r, 7, 24, uc["basis"])
    sh.put(r + 1, 3, 6, "単位", center=True)
    sh.put(r + 1, 7, 10, uc["unit"], center=True)
    for j, y in enumerate(ys[:3]):
        sh.put(r + 1, 11 + 4 * j, 14 + 4 * j, y, center=True)
        sh.put(r + 2, 11 + 4 * j, 14 + 4 * j, uc["formula"][j], center=True)
    sh.put(r + 2, 3, 10, "計算式", center=True)
    sh.put(top, 1, 2, "単位当たりコスト", rows=3, center=True)
    sh.row = r + 3


def _policy_and_checks(sh: Sheet, f: dict[str, Any]) -> None:
    sh.pairs(("政策", f["policy"][0]), ("施策", f["policy"][1]))
    sh.put(sh.row, 1, 1, "ＫＰＩ（第一階層）", rows=2, vertical=True)
    sh.put(sh.row, 2, 6, "ＫＰＩ（第一階層）", rows=2, center=True)
    sh.put(sh.row, 7, 24, f.get("kpi", "-"), rows=2)
    sh.row += 2
    sh.page_break()
    sh.put(sh.row, 1, 24, "事業所管部局による点検・改善", center=True, bold=True)
    sh.row += 1
    sh.put(sh.row, 3, 14, "評価項目", center=True)
    sh.put(sh.row, 15, 15, "")
    sh.put(sh.row, 16, 24, "評価に関する説明", center=True)
    sh.row += 1
    for group, items in f["checklist"]:
        top = sh.row
        for item, mark, text in items:
            sh.put(sh.row, 3, 14, item)
            sh.put(sh.row, 15, 15, mark, center=True)
            sh.put(sh.row, 16, 24, text)
            sh.row += 1
        sh.put(top, 1, 2, group, rows=sh.row - top, vertical=True)
    sh.pairs(("点検結果", f["check_result"]), label_cols=4)
    sh.pairs(("改善の方向性", f["improvement"]), label_cols=4)
    sh.pairs(("外部有識者の所見", f["external"]), label_cols=4)
    sh.put(sh.row, 1, 4, "行政事業レビュー推進チームの所見", center=True)
    sh.put(sh.row, 5, 7, f["team"][0], vertical=True)
    sh.put(sh.row, 8, 24, f["team"][1])
    sh.row += 1
    sh.put(sh.row, 1, 4, "所見を踏まえた改善点/概算要求における反映状況", center=True)
    sh.put(sh.row, 5, 7, f["reflection"][0], vertical=True)
    sh.put(sh.row, 8, 24, f["reflection"][1])
    sh.row += 1
    sh.pairs(("備考", f["remarks"]), label_cols=4)
    top = sh.row
    past = f["past_numbers"]
    for k in range(0, len(past), 4):
        for j, (year, number) in enumerate(past[k:k + 4]):
            sh.put(sh.row, 5 + 5 * j, 9 + 5 * j, year, center=True)
            sh.put(sh.row + 1, 5 + 5 * j, 9 + 5 * j, number, center=True)
        sh.row += 2
    sh.put(top, 1, 4, "関連する過去のレビューシートの事業番号", rows=sh.row - top, center=True)


def _even_spans(first: int, last: int, n: int) -> list[tuple[int, int]]:
    width = (last - first + 1) // n
    return [(first + i * width, last if i == n - 1 else first + (i + 1) * width - 1) for i in range(n)]


def _subtotal(values: list[str]) -> str:
    """The sum of printed amounts (「1,234」, 「▲ 56」, dashes as nothing), printed the same way."""
    total, seen = 0, False
    for v in values:
        m = re.fullmatch(r"([▲△]?)\s?([\d,]+)", unicodedata.normalize("NFKC", str(v)))
        if m:
            total += int(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)
            seen = True
    if not seen:
        return "-"
    return f"▲{-total:,}" if total < 0 else f"{total:,}"


def _money_flow(sh: Sheet, f: dict[str, Any]) -> None:
    top = sh.row
    flow = f["flow"]
    sh.put(sh.row, 9, 18, f"{f['ministry']}\n{flow['total']}", center=True)
    sh.row += 1
    sh.gap(14)
    tiers: dict[int, list[dict[str, Any]]] = {}
    for block in flow["blocks"]:
        tiers.setdefault(block.get("tier", 0), []).append(block)
    for tier in sorted(tiers):
        blocks = tiers[tier]
        width = 20 // len(blocks)
        for i, block in enumerate(blocks):
            c1 = 5 + i * width
            text = "\n".join(x for x in (f"{block['letter']}.{block['name']}", block["amount"], block.get("role", "")) if x)
            sh.put(sh.row, c1, c1 + width - 2, text)
        sh.row += 1
        sh.gap(14)
    sh.put(top, 1, 4, _lab(f, "資金の流れ（資金の受け取り先が何を行っているかについて補足する）（単位：百万円）"), rows=sh.row - top, center=True)
    top = sh.row
    for heading, lines, total in f["expenses"]:
        sh.put(sh.row, 5, 24, heading)
        sh.row += 1
        sh.put(sh.row, 5, 8, "費　目", center=True)
        sh.put(sh.row, 9, 19, "使　途", center=True)
        sh.put(sh.row, 20, 24, _lab(f, "金　額(百万円）"), center=True)
        sh.row += 1
        for cat, use, amount in lines:
            sh.put(sh.row, 5, 8, cat)
            sh.put(sh.row, 9, 19, use)
            sh.put(sh.row, 20, 24, amount, center=True)
            sh.row += 1
        sh.put(sh.row, 5, 19, "計", center=True)
        sh.put(sh.row, 20, 24, total, center=True)
        sh.row += 1
    sh.put(top, 1, 4, "費目・使途（「資金の流れ」においてブロックごとに最大の金額が支出されている者について記載する。"
           "費目と使途の双方で実情が分かるように記載）", rows=sh.row - top, center=True)


PAYEE_HEAD = [(2, 6, "支　出　先"), (7, 9, "法　人　番　号"), (10, 13, "業　務　概　要"), (14, 15, "支　出　額（百万円）"),
              (16, 17, "入札者数（応募者数）"), (18, 18, "落札率"), (19, 20, "契約方式等"),
              (21, 24, "一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（支出額10億円以上）")]


def _payees(sh: Sheet, f: dict[str, Any]) -> None:
    lay = f.get("layout", {})
    for _ in range(lay.get("payee_gap_rows", 0)):  # the list sits lower: blank rows before it
        sh.gap(16)
    rank_cols = tuple(lay.get("rank_cols", (1, 1)))
    sh.put(sh.row, 1, 24, _lab(f, "支出先上位１０者リスト"), center=True, bold=True)
    sh.row += 1
    head = [(c1, c2, _lab(f, text)) for (c1, c2), (_, _, text) in zip(lay.get("payee_cols", [h[:2] for h in PAYEE_HEAD]), PAYEE_HEAD)]
    drop = set(lay.get("payee_drop", ()))  # columns an older template did not have (法人番号 before 2016)
    keep = [i for i in range(len(head)) if i not in drop]
    spans = [list(h[:2]) for h in head]
    for i in sorted(drop, reverse=True):  # the column to the left takes the dropped one's width
        spans[i - 1][1] = spans[i][1]
    head = [(spans[i][0], spans[i][1], head[i][2]) for i in keep]
    breaks = set(lay.get("payee_breaks", ()))
    n = 0
    for heading, rows in f["payees"]:
        sh.put(sh.row, 1, 24, heading)
        sh.row += 1
        rank_form = lay.get("rank_form", "1")
        if rank_form != "none":
            sh.put(sh.row, *rank_cols, "")
        for c1, c2, text in head:
            sh.put(sh.row, c1, c2, text, center=True)
        sh.row += 1
        if lay.get("blank_after_head"):  # an empty ruled row before the first rank
            for c1, c2, _ in head:
                sh.put(sh.row, c1, c2, "")
            sh.row += 1
        for rank, row in enumerate(rows, 1):
            if rank_form != "none":  # 1, 「1.」, 「(1)」, 「①」, or no rank column at all
                printed = {"1": rank, "1.": f"{rank}.", "(1)": f"({rank})", "①": chr(0x245F + rank)}[rank_form]
                sh.put(sh.row, *rank_cols, printed, center=True)
            for (c1, c2, _), value in zip(head, [row[i] for i in keep]):
                sh.put(sh.row, c1, c2, value, center=c1 >= head[2][0] and c1 != head[-1][0])
            sh.row += 1
            n += 1
            if n in breaks:
                sh.page_break()
        if lay.get("payee_fill_ranks"):  # the template's ten ranks, the unused ones left empty
            for rank in range(len(rows) + 1, 11):
                printed = {"1": rank, "1.": f"{rank}.", "(1)": f"({rank})", "①": chr(0x245F + rank)}[rank_form]
                sh.put(sh.row, *rank_cols, printed, center=True)
                for c1, c2, _ in head:
                    sh.put(sh.row, c1, c2, "")
                sh.row += 1
        if lay.get("payee_subtotal"):  # 「小計」 in the 支出先 column, the block's sum under 支出額
            amount_col = next(i for i, (_, _, text) in enumerate(head) if "支" in text and "額" in text)
            if rank_form != "none":
                sh.put(sh.row, *rank_cols, "")
            for i, (c1, c2, _) in enumerate(head):
                text = lay["payee_subtotal"] if i == 0 else _subtotal([row[3] for row in rows]) if i == amount_col else ""
                sh.put(sh.row, c1, c2, text, center=i != 0)
            sh.row += 1
        if lay.get("list_note"):  # a note under the block's table
            sh.put(sh.row, 1, 24, lay["list_note"])
            sh.row += 1
        sh.gap(8)
    sh.put(sh.row, 1, 24, "国庫債務負担行為等による契約先上位10者リスト", center=True, bold=True)
    sh.row += 1
    head = [(2, 3, "ﾌﾞﾛｯｸ名"), (4, 7, "契　約　先"), (8, 10, "法　人　番　号"), (11, 13, "業　務　概　要"), (14, 15, "契約額（百万円）"),
            (16, 17, "契約方式"), (18, 19, "入札者数（応募者数）"), (20, 20, "落札率"),
            (21, 24, "一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）")]
    sh.put(sh.row, 1, 1, "")
    for c1, c2, text in head:
        sh.put(sh.row, c1, c2, _lab(f, text), center=True)
    sh.row += 1
    for rank, row in enumerate(f["obligations"], 1):
        sh.put(sh.row, 1, 1, rank, center=True)
        for (c1, c2, _), value in zip(head, row):
            sh.put(sh.row, c1, c2, value, center=c1 in (8, 14, 18, 20))
        sh.row += 1


def _page_setup(ws: Any) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.gridLines = False


def workbook_for(f: dict[str, Any]) -> Workbook:
    global COL_PT, SIZE
    lay = f.get("layout", {})
    SIZE = int(lay.get("size", 8))
    width = float(lay.get("col_width", COL_WIDTH))
    COL_PT = (width * 7 + 5) * 0.75
    wb = Workbook()
    ws = wb.active
    ws.title = f.get("sheet_name", "様式")
    sheets = [ws]
    if lay.get("payee_place") == "sheet2":  # the 支出先 lists on a worksheet of their own
        sheets.append(wb.create_sheet(lay.get("sheet2_name", "支出先")))
    for w in sheets:
        for c in range(1, NCOLS + 1):
            w.column_dimensions[get_column_letter(c)].width = width
    font = lay.get("font", FONT)
    sh = Sheet(ws, borders=f.get("borders", True), font=font)
    second = Sheet(sheets[1], borders=f.get("borders", True), font=font) if len(sheets) > 1 else None
    lay_out(sh, f, second)
    for one, w in zip([sh, second], sheets):
        if one is not None:
            one.finish()
            _page_setup(w)
    return wb


def plain_workbook(lines: list[str]) -> Workbook:
    """A workbook with no template labels (a budget memo), for the not-a-review-sheet tests."""
    wb = Workbook()
    ws = wb.active
    ws.title = "memo"
    for i, line in enumerate(lines, 1):
        ws.cell(row=i, column=1, value=line).font = Font(name=FONT, size=11)
    ws.column_dimensions["A"].width = 60
    return wb


def to_pdf(xlsx: Path, out_dir: Path) -> Path:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise RuntimeError("LibreOffice is not installed: apt-get install -y libreoffice-calc fonts-ipaexfont")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(xlsx)], check=True, capture_output=True, timeout=180)
    return out_dir / (xlsx.stem + ".pdf")


ZERO_PAGE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R/Size 3>>\n%%EOF\n"
)


def write_bad_inputs(out: Path, make_pdf: bool) -> None:
    bad = out / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    plain_workbook(BAD_TEXT).save(bad / "not-a-sheet.xlsx")
    plain_workbook(BAD_TEXT).save(bad / "macro-memo.xlsm")
    (bad / "zero-pages.pdf").write_bytes(ZERO_PAGE_PDF)
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (420, 594), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 380, 120), outline="black", width=3)
    image.save(bad / "image-only.pdf", resolution=72)
    if not make_pdf:
        return
    to_pdf(bad / "not-a-sheet.xlsx", bad)
    seed = (out / "h29-soumu-0051.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(seed[: len(seed) * 2 // 5])
    qpdf = shutil.which("qpdf")
    if qpdf:
        subprocess.run([qpdf, "--encrypt", "user-pw", "owner-pw", "256", "--", str(out / "h29-soumu-0051.pdf"),
                        str(bad / "encrypted.pdf")], check=True)


def write_corpus(out: Path, seed: int | None, count: int, make_pdf: bool, start: int = 0) -> list[Path]:
    """Sheets ``start`` … ``count - 1`` of the varied corpus: ``{id}.xlsx``, ``{id}.truth.json`` (and ``{id}.pdf``)."""
    import json

    from sheet_corpus import CORPUS_SEED, draw

    seed = CORPUS_SEED if seed is None else seed
    written = []
    for i in range(start, count):
        f, truth = draw(seed, i)
        path = out / f"{f['id']}.xlsx"
        workbook_for(f).save(path)
        (out / f"{f['id']}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if make_pdf:
            to_pdf(path, out)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "data" / "sheets")
    parser.add_argument("--no-pdf", action="store_true", help="write the xlsx only")
    parser.add_argument("--only", help="write only this fixture")
    parser.add_argument("--corpus", type=int, metavar="N", help="write N varied sheets (tools/sheet_corpus.py) and their truth instead")
    parser.add_argument("--seed", type=int, default=None, help="seed of the varied corpus (default: sheet_corpus.CORPUS_SEED)")
    parser.add_argument("--start", type=int, default=0, help="first corpus index to write")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.corpus:
        write_corpus(args.out, args.seed, args.corpus, not args.no_pdf, args.start)
        return 0
    for f in FIXTURES:
        if args.only and f["id"] != args.only:
            continue
        path = args.out / f"{f['id']}.xlsx"
        workbook_for(f).save(path)
        if not args.no_pdf:
            to_pdf(path, args.out)
        print(path.name, file=sys.stderr)
    if not args.only:
        write_bad_inputs(args.out, not args.no_pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
