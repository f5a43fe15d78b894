"""Independently generated pre-2024 review sheets (xlsx + PDF) with a truth file per sheet.

Issue #19 asks whether the sheet extractor reads sheets it was not shaped around. This
generator was written without looking at the extractor or at the project's own fixture
generator: its only sources are the public description of the template (FORMATS §2, §4.1),
the raw text of one real sheet (平成29年度 総務省 0051) and how ministries' sheets of
2015–2023 commonly look. It therefore draws layouts in its own way: a grid of narrow columns
with merged blocks (sometimes unmerged values that overflow), vertical labels, label wording
of each template year, budget columns whose width and era forms vary, 千円 where printed,
▲/△ negatives, 「-」「‐」 blanks, ``#DIV/0!``, 小計 lines, lists that sit lower, shift
columns, or move to a second worksheet, and ministries placed in the title in several ways.

    python tools/blind_sheets.py OUTDIR [--count 48] [--seed 19] [--pdf]

Each sheet ``blind-NN-<year>`` gets ``.xlsx``, ``.truth.json`` and with ``--pdf`` a ``.pdf``
printed by LibreOffice (``soffice --headless --convert-to pdf``). The same seed gives the
same sheets.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

MINISTRIES = [
    ("内閣府", "府", ["大臣官房", "政策統括官（防災担当）", "男女共同参画局"]),
    ("警察庁", "警察", ["生活安全局", "交通局"]),
    ("金融庁", "金融", ["総合政策局", "企画市場局"]),
    ("消費者庁", "消費", ["消費者政策課", "表示対策課"]),
    ("復興庁", "復興", ["統括官付"]),
    ("総務省", "総務", ["自治行政局", "情報流通行政局", "統計局"]),
    ("法務省", "法務", ["民事局", "矯正局"]),
    ("外務省", "外務", ["国際協力局", "領事局"]),
    ("財務省", "財務", ["理財局", "関税局"]),
    ("文部科学省", "文科", ["初等中等教育局", "高等教育局", "研究振興局"]),
    ("厚生労働省", "厚労", ["健康局", "職業安定局", "老健局"]),
    ("農林水産省", "農水", ["農村振興局", "消費・安全局", "林野庁"]),
    ("経済産業省", "経産", ["産業技術環境局", "資源エネルギー庁", "中小企業庁"]),
    ("国土交通省", "国交", ["道路局", "都市局", "観光庁"]),
    ("環境省", "環境", ["地球環境局", "自然環境局"]),
    ("防衛省", "防衛", ["整備計画局", "地方協力局"]),
]

LAWS = [
    ("健康増進法", "第10条"),
    ("総務省設置法", "第4条"),
    ("地方財政法", "第16条"),
    ("高度情報通信ネットワーク社会形成基本法", "第10条"),
    ("中小企業基本法", "第12条"),
    ("道路法", "第56条"),
    ("森林法", "第193条"),
    ("社会教育法", "第5条"),
    ("環境基本法", "第22条"),
    ("観光立国推進基本法", "第13条"),
    ("消費者基本法", "第17条"),
    ("災害対策基本法", "第8条"),
    ("文部科学省設置法", "第4条"),
    ("厚生労働省設置法", "第4条"),
    ("科学技術・イノベーション基本法", "第12条"),
]

PREFECTURES = [
    ("北海道", "010006"), ("青森県", "020001"), ("宮城県", "040002"), ("茨城県", "080004"),
    ("埼玉県", "110001"), ("千葉県", "120006"), ("東京都", "130001"), ("神奈川県", "140007"),
    ("新潟県", "150002"), ("愛知県", "230006"), ("京都府", "260002"), ("大阪府", "270009"),
    ("兵庫県", "280003"), ("広島県", "340006"), ("福岡県", "400009"), ("沖縄県", "470007"),
]

COMPANY_STEMS = [
    "日本総合研究", "みらい情報システム", "東和コンサルタンツ", "中央調査", "北斗エンジニアリング",
    "さくら技術開発", "三葉データサービス", "東京計画研究所", "国際協力センター", "地域振興機構",
    "あおば建設", "ひかり通信", "日本環境技術協会", "産業支援センター", "全国教育振興会",
    "大和リサーチ", "海洋科学研究", "共栄印刷", "新日本警備保障", "つばさ物流",
]
COMPANY_FORMS = ["株式会社{}", "{}株式会社", "一般社団法人{}", "公益財団法人{}", "{}有限責任事業組合"]

BUDGET_ROWS = ["当初予算", "補正予算", "前年度から繰越し", "翌年度へ繰越し", "予備費等"]
BUDGET_ITEMS = [
    "委託費", "補助金", "諸謝金", "職員旅費", "委員等旅費", "庁費", "情報処理業務庁費",
    "地方公共団体補助金", "調査委託費", "交付金", "試験研究費", "国際機関分担金",
]
METHODS = ["直接実施", "委託・請負", "補助", "負担", "交付", "貸付", "その他"]

FW = str.maketrans("0123456789", "０１２３４５６７８９")
THIN = Side(style="thin")


def corporate_number(base12: str) -> str:
    """A 法人番号 with a correct check digit (FORMATS §5.1), so real validators accept it."""
    digits = [int(c) for c in reversed(base12)]
    total = sum(d * (1 if i % 2 == 0 else 2) for i, d in enumerate(digits))
    return f"{9 - total % 9}{base12}"


def era(year: int) -> tuple[str, int]:
    """The era and era-year of a fiscal year (平成31 = 令和元 = 2019)."""
    if year >= 2019:
        return "令和", year - 2018
    if year >= 1989:
        return "平成", year - 1988
    return "昭和", year - 1925


def era_text(year: int, *, full_width: bool = False, western: bool = False) -> str:
    if western:
        text = f"{year}年度"
    else:
        name, n = era(year)
        text = f"{name}{'元' if n == 1 else n}年度"
    return text.translate(FW) if full_width else text


def short_year(year: int, *, keep_heisei: bool = False) -> str:
    """A year header without the era, as budget grids print it (``26年度``, ``元年度``)."""
    if keep_heisei and year >= 2019:
        return f"{year - 1988}年度"
    name, n = era(year)
    return f"{'元' if n == 1 else n}年度"


def yen(value: Decimal, unit: int) -> int:
    return int(value * unit)


def money_text(value: Decimal, rng: random.Random) -> str:
    """A printed amount: comma grouping, ▲ or △ for negatives with an optional space."""
    body = f"{abs(value):,}"
    if value < 0:
        return rng.choice(["▲", "▲ ", "△", "▲　"]) + body
    return body


@dataclass
class Sheet:
    """One generated sheet: its drawn variant choices and the facts written on it."""

    name: str
    rng: random.Random
    year: int
    ministry: str
    abbr: str
    number: str
    truth: dict[str, Any] = field(default_factory=dict)


def project_number(rng: random.Random, year: int, abbr: str) -> str:
    """事業番号 in the forms of FORMATS §4.1."""
    serial = rng.randint(1, 600)
    if year <= 2020:
        kind = rng.choice(["plain", "plain", "sub", "new", "new"])
        if kind == "plain":
            return f"{serial:04d}"
        if kind == "sub":
            return f"{serial:04d}-{rng.randint(1, 3)}"
        # a new project is numbered with the era-year of the budget it starts in; sheets
        # drafted in 2019 still print 平成 years (新32 = 令和2).
        start = year + rng.choice([0, 1])
        prefix = f"{start - 1988:02d}" if start <= 2020 and rng.random() < 0.7 else f"{era(start)[1]:02d}"
        return f"新{prefix}-{serial:04d}"
    yy = (year - 1) % 100
    if rng.random() < 0.3:
        return f"{year}-{abbr}-新{year % 100:02d}-{serial:04d}"
    return f"{year}-{abbr}-{yy:02d}-{serial:04d}"


class Grid:
    """Writes cells into a worksheet either as merged blocks or as a lone top-left value."""

    def __init__(self, ws: Worksheet, rng: random.Random, merged: bool, borders: bool, font_size: int = 9) -> None:
        self.ws = ws
        self.rng = rng
        self.merged = merged
        self.borders = borders
        self.font_size = font_size

    def _area_width(self, col: int, to_col: int) -> float:
        """The printed width of columns ``col``..``to_col`` in points."""
        total = 0.0
        for c in range(col, to_col + 1):
            width = self.ws.column_dimensions[get_column_letter(c)].width or 8.43
            total += (width * 7 + 5) * 0.75
        return total

    def _lines(self, text: str, width: float) -> int:
        """How many printed lines ``text`` takes in an area ``width`` points wide."""
        count = 0
        for line in text.split("\n"):
            drawn = sum(self.font_size if unicodedata.east_asian_width(ch) in "WF" else self.font_size * 0.65 for ch in line)
            count += max(1, math.ceil(drawn / max(width - 6, 1.0)))
        return count + 1 if count > 1 else count  # word-wise breaking takes a line more than the estimate

    def _fit_number(self, value: float, col: int, last_col: int) -> None:
        """Widen the area's last column until the formatted number fits: a ministry does so before printing,
        since a number too wide for its column prints as ### and is lost from the PDF."""
        drawn = (len(f"{abs(value):,}") + (2 if value < 0 else 0)) * self.font_size * 0.65 + 8
        short = drawn - self._area_width(col, last_col)
        if short > 0:
            dim = self.ws.column_dimensions[get_column_letter(last_col)]
            dim.width = round((dim.width or 8.43) + short / 0.75 / 7 + 0.5, 1)

    def put(
        self,
        row: int,
        col: int,
        text: Any,
        *,
        to_col: int | None = None,
        to_row: int | None = None,
        vertical: bool = False,
        wrap: bool = True,
        fmt: str | None = None,
        force_merge: bool = False,
    ) -> None:
        last_col = to_col or col
        last_row = to_row or row
        lines = 1
        if isinstance(text, str) and not vertical:
            lines = self._lines(text, self._area_width(col, last_col))
        multi_line = lines > 1
        # a number does not run over its neighbours (Excel prints ### instead): typed as a number,
        # its area is merged even on sheets that leave text areas unmerged
        number = isinstance(text, (int, float))
        if number:
            self._fit_number(text, col, last_col)
        merge = (last_col > col or last_row > row) and (self.merged or force_merge or vertical or multi_line or number)
        # rows are made tall enough for the text, as a ministry would before printing
        needed = (lines * self.font_size * 1.45 + 4) / (last_row - row + 1)
        if needed > 15 and wrap:
            for r in range(row, last_row + 1):
                dim = self.ws.row_dimensions[r]
                dim.height = max(dim.height or 15, round(needed, 1))
        cell = self.ws.cell(row=row, column=col, value=text)
        # Unmerged, a value is typed into the first cell of its area and overflows into the
        # empty cells to its right, as on sheets whose areas were never merged.
        cell.alignment = Alignment(
            wrap_text=merge or multi_line or vertical, vertical="center", text_rotation=255 if vertical else 0
        )
        if fmt:
            cell.number_format = fmt
        if merge:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
        if self.borders:
            # the area's outline (a merged area is drawn as one box either way)
            for r in range(row, last_row + 1):
                for c in range(col, last_col + 1):
                    self.ws.cell(row=r, column=c).border = Border(
                        left=THIN if c == col else None, right=THIN if c == last_col else None,
                        top=THIN if r == row else None, bottom=THIN if r == last_row else None)


def wrap_label(text: str, rng: random.Random, width: int) -> str:
    """Break a long label the way narrow template cells do (mid-word)."""
    if len(text) <= width or rng.random() < 0.4:
        return text
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def label_words(year: int, rng: random.Random) -> dict[str, str]:
    """Label wording of the template year (FORMATS §2.1; 施策名 on the oldest sheets)."""
    older = year <= 2016
    return {
        "name": "事業名",
        "bureau": rng.choice(["担当部局庁", "担当部局庁"]),
        "office": "担当課室",
        "owner": "作成責任者",
        "start": "事業開始年度" if rng.random() < 0.8 else "事業開始\n年度",
        "end": rng.choice(["事業終了（予定）年度", "事業終了\n（予定）年度", "事業終了(予定)年度"]),
        "account": "会計区分",
        "law": rng.choice(["根拠法令（具体的な条項も記載）", "根拠法令\n（具体的な\n条項も記載）"]),
        "plan": "関係する計画、通知等" if rng.random() < 0.7 else "関係する計画、\n通知等",
        "policy": "施策名" if older and rng.random() < 0.5 else "主要政策・施策",
        "purpose": "事業の目的（目指す姿を簡潔に。3行程度以内）",
        "outline": "事業概要（5行程度以内。別添可）",
        "method": "実施方法",
        "grid": rng.choice(["予算額・執行額", "予算額・\n執行額"]),
        "status": rng.choice(["予算の状況", "予算\nの状\n況"]),
        "exec_rate": rng.choice(["執行率（％）", "執行率(%)"]),
        "list": rng.choice(["支出先上位１０者リスト", "支出先上位10者リスト"]),
    }


def unit_label(unit: int, rng: random.Random) -> str:
    word = "百万円" if unit == 1_000_000 else "千円"
    return rng.choice([f"（単位:{word}）", f"（単位：{word}）", f"(単位：{word})", f"【{word}】"])


def draw_amount(rng: random.Random, unit: int, low: int, high: int) -> Decimal:
    base = Decimal(rng.randint(low, high))
    if unit == 1_000 and rng.random() < 0.8:
        base = base * 1000 + rng.randint(0, 999)
    elif unit == 1_000_000 and rng.random() < 0.1:
        base = base + Decimal(rng.randint(1, 9)) / 10
    return base


def write_title(sheet: Sheet, g: Grid, width: int) -> int:
    rng = sheet.rng
    full = rng.random() < 0.6
    western = sheet.year >= 2021 and rng.random() < 0.25
    title_year = era_text(sheet.year, full_width=full, western=western)
    if sheet.year == 2019 and rng.random() < 0.3:
        title_year = "平成31年度".translate(FW) if full else "平成31年度"
    head = f"{title_year}行政事業レビューシート"
    arrangement = rng.choice(["space", "bracket", "label", "cell", "newline", "wide"])
    m = sheet.ministry
    number_row = 1
    if arrangement == "cell":
        g.put(1, 8, head, to_col=width - 10, force_merge=True)
        g.put(1, width - 9, f"（{m}）" if rng.random() < 0.5 else m, to_col=width - 6)
    else:
        text = {
            "space": f"{head}　{m}",
            "bracket": f"{head}（{m}）",
            "label": f"{head}　（府省庁名：{m}）",
            "newline": f"{head}\n{m}",
            "wide": f"{head}      {' '.join(m)}" if rng.random() < 0.3 else f"{head} {m}",
        }[arrangement]
        g.put(1, 8, text, to_col=width - 6, force_merge=True)
    label = "事業番号"
    g.put(number_row, width - 5, label, to_col=width - 3)
    g.put(number_row, width - 2, sheet.number, to_col=width)
    sheet.truth["identity"] = {
        "review_year": sheet.year,
        "ministry": sheet.ministry,
        "project_number": sheet.number,
    }
    return 3


def write_basics(sheet: Sheet, g: Grid, labels: dict[str, str], row: int, width: int) -> int:
    rng = sheet.rng
    name = rng.choice(["自治体情報セキュリティ強化対策事業", "地域公共交通確保維持改善事業",
                       "健康増進対策推進事業", "中小企業技術革新支援事業", "森林整備事業調査費",
                       "国際観光旅客受入環境整備事業", "消費者行政推進交付金",
                       "災害対策標準化推進事業", "学校施設環境改善事業", "統計調査システム運用経費"])
    if rng.random() < 0.3:
        name = name.replace("事業", "推進事業", 1) if "推進" not in name else name + "（拡充）"
    bureau = rng.choice(next(b for m, _a, b in MINISTRIES if m == sheet.ministry))
    office = rng.choice(["総務課", "企画課", "地域情報政策室", "政策課", "推進室"])
    owner = rng.choice(["室長　稲原　浩", "課長　山田　太郎", "参事官\n佐藤　一郎", "課長 鈴木 花子"])
    start = rng.choice([sheet.year - rng.randint(1, 30), sheet.year, sheet.year - 1])
    start = max(start, 1970)
    start_text = era_text(start, full_width=rng.random() < 0.5, western=rng.random() < 0.15)
    if start < 1989 and rng.random() < 0.5:
        start_text = f"{era_text(start)}開始"
    if rng.random() < 0.5:
        end: int | None = None
        end_text = rng.choice(["終了予定なし", "終了予定なし"])
    else:
        end = sheet.year + rng.randint(0, 5)
        end_text = era_text(end, full_width=rng.random() < 0.5, western=rng.random() < 0.15)
    if rng.random() < 0.75:
        account = "一般会計"
    else:
        account = rng.choice(["エネルギー対策特別会計", "東日本大震災復興特別会計", "労働保険特別会計",
                              "食料安定供給特別会計"])
        if rng.random() < 0.5:
            account = "特別会計　" + account.replace("特別会計", "")
    laws = rng.sample(LAWS, rng.randint(1, 3))
    law_parts = []
    for title, article in laws:
        art = article
        if rng.random() < 0.3:
            art = art.translate(FW)
        if rng.random() < 0.15:
            art = art.lstrip("第")
        law_parts.append(f"{title}{art}")
    law_text = rng.choice(["\n", "・", "、"]).join(law_parts)
    method = "、".join(sorted(rng.sample(METHODS, rng.randint(1, 2)), key=METHODS.index))

    L = 6  # label columns
    mid = width // 2
    g.put(row, 1, labels["name"], to_col=L)
    g.put(row, L + 1, name, to_col=mid)
    g.put(row, mid + 1, labels["bureau"], to_col=mid + 4)
    g.put(row, mid + 5, bureau, to_col=mid + 11)
    g.put(row, mid + 12, labels["owner"], to_col=mid + 14)
    row += 1
    g.put(row, 1, labels["start"], to_col=L)
    g.put(row, L + 1, start_text, to_col=L + 6)
    g.put(row, L + 7, labels["end"], to_col=mid)
    g.put(row, mid + 1, end_text, to_col=mid + 4)
    g.put(row, mid + 5, labels["office"], to_col=mid + 7)
    g.put(row, mid + 8, office, to_col=mid + 11)
    g.put(row - 1, mid + 15, owner, to_col=width, to_row=row)
    row += 1
    g.put(row, 1, labels["account"], to_col=L)
    g.put(row, L + 1, account, to_col=width)
    row += 1
    g.put(row, 1, labels["law"], to_col=L, to_row=row + 1)
    g.put(row, L + 1, law_text, to_col=mid, to_row=row + 1)
    g.put(row, mid + 1, labels["plan"], to_col=mid + 5, to_row=row + 1)
    g.put(row, mid + 6, rng.choice(["-", "「日本再興戦略」改訂2015（平成27年6月）\nサイバーセキュリティ戦略",
                                    "観光立国推進基本計画（平成29年3月閣議決定）"]), to_col=width, to_row=row + 1)
    row += 2
    g.put(row, 1, labels["policy"], to_col=L)
    g.put(row, L + 1, rng.choice(["電子政府・電子自治体", "健康づくり", "中小企業", "観光"]), to_col=mid)
    g.put(row, mid + 1, "主要経費", to_col=mid + 4)
    g.put(row, mid + 5, rng.choice(["その他の事項経費", "社会保障関係費", "公共事業関係費"]), to_col=width)
    row += 1
    g.put(row, 1, wrap_label(labels["purpose"], rng, 7), to_col=L, to_row=row + 1)
    g.put(row, L + 1, "多くの住民情報を扱う主体の対策の抜本的強化を図る。", to_col=width, to_row=row + 1)
    row += 2
    if sheet.year >= 2019 and rng.random() < 0.7:
        g.put(row, 1, "現状・課題", to_col=L)
        g.put(row, L + 1, "取組の遅れが見られる。", to_col=width)
        row += 1
    g.put(row, 1, wrap_label(labels["outline"], rng, 6), to_col=L, to_row=row + 2)
    g.put(row, L + 1, "　以下の取組を支援する。\n①端末からの情報持出し不可設定等\n②ネットワークの分割",
          to_col=width, to_row=row + 2)
    row += 3
    g.put(row, 1, labels["method"], to_col=L)
    g.put(row, L + 1, method, to_col=width)
    row += 1
    sheet.truth["identity"]["name"] = name
    sheet.truth["basics"] = {
        "bureau": bureau,
        "start_year": start,
        "end_year": end,
        "account": account,
    }
    sheet.truth["laws"] = [{"title": t, "article": a} for t, a in laws]
    return row


def year_headers(sheet: Sheet, years: list[int]) -> list[str]:
    """Column headers of the budget grid in one of the era styles real sheets use."""
    rng = sheet.rng
    style = rng.choice(["bare", "bare", "first_era", "era_change", "all_era", "western"])
    if sheet.year < 2019 and style == "era_change":
        style = "first_era"
    keep_heisei = sheet.year == 2019 and rng.random() < 0.5
    out = []
    prev_era = None
    for i, y in enumerate(years):
        name, _n = era(y)
        if style == "bare":
            text = short_year(y, keep_heisei=keep_heisei)
        elif style == "western":
            text = f"{y}年度"
        elif style == "all_era":
            text = era_text(y)
        elif style == "first_era":
            text = era_text(y) if i == 0 else short_year(y)
        else:  # era printed where it changes
            text = era_text(y) if name != prev_era else short_year(y)
        prev_era = name
        out.append(text)
    out[-1] = out[-1] + rng.choice(["要求", "要求", "\n要求"])
    return out


def write_budget(sheet: Sheet, g: Grid, labels: dict[str, str], row: int, width: int) -> int:
    rng = sheet.rng
    unit = 1_000 if rng.random() < 0.2 else 1_000_000
    years = [sheet.year - 3, sheet.year - 2, sheet.year - 1, sheet.year, sheet.year + 1]
    span = rng.choice([3, 4, 5])
    first = 10
    budget_right = first + span * 5 <= width - 14 and rng.random() < 0.5
    headers = year_headers(sheet, years)
    truth: list[dict[str, Any]] = []
    top = row
    g.put(row, 1, labels["grid"] + "\n" + unit_label(unit, rng), to_col=3, to_row=row + 9)
    for i, h in enumerate(headers):
        g.put(row, first + i * span, h, to_col=first + i * span + span - 1)
    row += 1
    g.put(row, 4, labels["status"], to_col=5, to_row=row + 5, vertical=rng.random() < 0.6)
    values: dict[int, dict[str, Decimal | None]] = {}
    for y in years:
        values[y] = {}
        scale = rng.randint(5, 3000)
        for comp in BUDGET_ROWS:
            if comp == "当初予算":
                v: Decimal | None = draw_amount(rng, unit, scale, scale * 2)
            elif y == years[-1] and comp != "当初予算":
                v = None
            elif comp == "補正予算" and rng.random() < 0.3:
                v = draw_amount(rng, unit, 1, scale)
            elif comp == "前年度から繰越し" and rng.random() < 0.3:
                v = draw_amount(rng, unit, 1, scale)
            elif comp == "翌年度へ繰越し" and rng.random() < 0.3 and y < sheet.year:
                v = -draw_amount(rng, unit, 1, scale)
            elif comp == "予備費等" and rng.random() < 0.1:
                v = draw_amount(rng, unit, 1, scale)
            elif y < sheet.year + 1 and rng.random() < 0.3:
                v = Decimal(0)
            else:
                v = None
            values[y][comp] = v
        total = sum((v for v in values[y].values() if v is not None), Decimal(0))
        values[y]["計"] = total
        if y < sheet.year:
            values[y]["執行額"] = (total * Decimal(rng.randint(60, 100)) / 100).quantize(
                Decimal("1") if unit == 1_000_000 else Decimal("1"))
        else:
            values[y]["執行額"] = None
    comps = BUDGET_ROWS + ["計", "執行額"]
    numeric_cells = rng.random() < 0.5
    for comp in comps:
        label_col = 6 if comp in BUDGET_ROWS or comp == "計" else 4
        g.put(row, label_col, comp, to_col=first - 1)
        for i, y in enumerate(years):
            v = values[y][comp]
            c = first + i * span
            if v is None:
                g.put(row, c, rng.choice(["-", "-", "‐", "－"]), to_col=c + span - 1)
                continue
            if numeric_cells and v == v.to_integral_value():
                fmt = '#,##0;"▲ "#,##0' if rng.random() < 0.7 else '#,##0;"△"#,##0'
                g.put(row, c, int(v), to_col=c + span - 1, fmt=fmt)
            else:
                g.put(row, c, money_text(v, rng), to_col=c + span - 1)
            truth.append({"fiscal_year": y, "component": comp, "yen": yen(v, unit)})
        row += 1
    g.put(row, 4, labels["exec_rate"], to_col=first - 1)
    for i, y in enumerate(years[:-2]):
        ex = values[y]["執行額"]
        tot = values[y]["計"]
        text = "#DIV/0!" if not tot else f"{int((ex or 0) * 100 / tot)}%"
        g.put(row, first + i * span, text, to_col=first + i * span + span - 1)
    row += 1
    g.put(row, 4, "当初予算＋補正予算に対する執行額の割合（％）", to_col=first - 1)
    g.put(row, first, rng.choice(["-", "#DIV/0!", "95%"]), to_col=first + span - 1)
    row += 1
    if rng.random() < 0.4:
        g.put(row, 1, "※計数は四捨五入のため合計が一致しない場合がある。", to_col=width, wrap=False)
        row += 1
    sheet.truth["budget"] = truth
    sheet.truth["budget_unit"] = unit
    if budget_right:
        write_breakdown(sheet, g, top, first + span * 5 + 1, width, unit)
        return row + 1
    return write_breakdown(sheet, g, row + 1, 1, width, unit)


def write_breakdown(sheet: Sheet, g: Grid, row: int, col: int, width: int, unit: int) -> int:
    """予算内訳 by 歳出予算目, with a 計 line and sometimes 小計 lines between groups."""
    rng = sheet.rng
    y, y1 = sheet.year, sheet.year + 1
    short = era(y)[1], era(y1)[1]
    title = f"{era(y)[0]}{short[0]}・{short[1]}年度予算内訳" if rng.random() < 0.7 else "予算内訳"
    width_here = width - col + 1
    step = max(width_here // 4, 3)
    g.put(row, col, title + "\n" + unit_label(unit, rng), to_col=width)
    row += 1
    g.put(row, col, "歳出予算目", to_col=col + step - 1)
    g.put(row, col + step, f"{short_year(y)}当初予算", to_col=col + 2 * step - 1)
    g.put(row, col + 2 * step, f"{short_year(y1)}要求", to_col=col + 3 * step - 1)
    g.put(row, col + 3 * step, "主な増減理由", to_col=width)
    row += 1
    items = rng.sample(BUDGET_ITEMS, rng.randint(1, 5))
    subtotal = rng.random() < 0.4 and len(items) >= 2
    truth = []
    totals = [Decimal(0), Decimal(0)]
    sub = [Decimal(0), Decimal(0)]
    for k, item in enumerate(items):
        a, b = draw_amount(rng, unit, 1, 900), draw_amount(rng, unit, 1, 900)
        g.put(row, col, item, to_col=col + step - 1)
        g.put(row, col + step, money_text(a, rng), to_col=col + 2 * step - 1)
        g.put(row, col + 2 * step, money_text(b, rng), to_col=col + 3 * step - 1)
        truth.append({"item": item, "fiscal_year": y, "yen": yen(a, unit)})
        truth.append({"item": item, "fiscal_year": y1, "yen": yen(b, unit)})
        totals[0] += a
        totals[1] += b
        sub[0] += a
        sub[1] += b
        row += 1
        if subtotal and k == len(items) // 2 - 1 + (len(items) % 2):
            g.put(row, col, rng.choice(["小計", "（小計）", "小　計"]), to_col=col + step - 1)
            g.put(row, col + step, money_text(sub[0], rng), to_col=col + 2 * step - 1)
            g.put(row, col + 2 * step, money_text(sub[1], rng), to_col=col + 3 * step - 1)
            sub = [Decimal(0), Decimal(0)]
            row += 1
    g.put(row, col, rng.choice(["計", "計", "合計"]), to_col=col + step - 1)
    g.put(row, col + step, money_text(totals[0], rng), to_col=col + 2 * step - 1)
    g.put(row, col + 2 * step, money_text(totals[1], rng), to_col=col + 3 * step - 1)
    sheet.truth["budget_items"] = truth
    return row + 2


def write_middle(sheet: Sheet, g: Grid, row: int, width: int) -> int:
    """Outcomes, outputs, unit cost, checks and findings: present so the page looks real."""
    rng = sheet.rng
    y = sheet.year
    g.put(row, 1, "成果目標及び\n成果実績\n（アウトカム）", to_col=3, to_row=row + 4)
    g.put(row, 4, "定量的な成果目標", to_col=12)
    g.put(row, 13, "成果指標", to_col=18)
    g.put(row, 19, "単位", to_col=20)
    for i, yy in enumerate([y - 3, y - 2, y - 1]):
        g.put(row, 21 + i * 4, short_year(yy), to_col=24 + i * 4)
    g.put(row, 33, "中間目標", to_col=36)
    g.put(row, 37, "目標最終年度", to_col=width)
    for k, lab in enumerate(["成果実績", "目標値", "達成度"]):
        g.put(row + 1 + k, 13, lab, to_col=18)
        g.put(row + 1 + k, 19, "％" if lab == "達成度" else "団体", to_col=20)
        for i in range(3):
            g.put(row + 1 + k, 21 + i * 4, rng.choice(["-", str(rng.randint(1, 99))]), to_col=24 + i * 4)
    g.put(row + 1, 4, "地方公共団体における対策の抜本的強化の取組が図られること", to_col=12, to_row=row + 3)
    row += 5
    g.put(row, 1, "活動指標及び\n活動実績\n（アウトプット）", to_col=3, to_row=row + 2)
    g.put(row, 4, "活動指標", to_col=18)
    g.put(row, 19, "単位", to_col=20)
    g.put(row, 33, f"{short_year(y)}活動見込", to_col=36)
    g.put(row + 1, 13, "活動実績", to_col=18)
    g.put(row + 2, 13, "当初見込み", to_col=18)
    row += 3
    g.put(row, 1, "単位当たり\nコスト", to_col=3)
    g.put(row, 4, "算出根拠", to_col=8)
    g.put(row, 9, rng.choice(["23,285百万円/1,767団体", "執行額／交付件数", "61百万円/6団体"]), to_col=width)
    row += 2
    g.put(row, 1, "事業所管部局による点検・改善", to_col=width)
    row += 1
    checks = [
        ("国費投入の必要性", "事業の目的は国民や社会のニーズを的確に反映しているか。"),
        ("事業の効率性", "競争性が確保されているなど支出先の選定は妥当か。"),
        ("事業の効率性", "単位当たりコスト等の水準は妥当か。"),
        ("事業の有効性", "成果実績は成果目標に見合ったものとなっているか。"),
        ("関連事業", "関連する事業がある場合、他部局・他府省等と適切な役割分担を行っているか。"),
    ]
    for group, item in checks:
        g.put(row, 1, "\n".join(group) if rng.random() < 0.5 else group, to_col=3)
        g.put(row, 4, item, to_col=30)
        g.put(row, 31, rng.choice(["○", "△", "‐", "-"]), to_col=32)
        g.put(row, 33, "補助金交付時に、交付要綱に基づき判断を行っている。", to_col=width)
        row += 1
    g.put(row, 1, "点検結果", to_col=3)
    g.put(row, 4, "事業の有効性は妥当である。", to_col=width)
    row += 1
    for lab, text in [("外部有識者の所見", "有識者における点検の対象外"),
                      ("行政事業レビュー推進チームの所見", rng.choice(["終了予定", "現状通り", "事業内容の一部改善"])),
                      ("所見を踏まえた改善点/概算要求における反映状況", "引き続き効率的な執行に努める。"),
                      ("備考", "-")]:
        g.put(row, 1, lab, to_col=width)
        g.put(row + 1, 1, text, to_col=width)
        row += 2
    g.put(row, 1, "関連する過去のレビューシートの事業番号", to_col=width)
    row += 1
    for i, yy in enumerate(range(max(2010, y - 5), y)):
        g.put(row, 1 + i * 6, era_text(yy), to_col=6 + i * 6)
        g.put(row + 1, 1 + i * 6, f"{rng.randint(1, 600):04d}" if rng.random() < 0.6 else "-", to_col=6 + i * 6)
    return row + 3


@dataclass
class Payee:
    name: str
    number: str | None
    amount: Decimal
    bidders: int | None
    rate: Decimal | None
    work: str
    method: str


def draw_payees(rng: random.Random, count: int, unit: int, local: bool) -> list[Payee]:
    out: list[Payee] = []
    used: set[str] = set()
    for _ in range(count):
        if local:
            pref, code = rng.choice(PREFECTURES)
            if pref in used:
                continue
            used.add(pref)
            name, number = pref, corporate_number(f"000020{code}")
            work, method = "補助金等交付", "補助金等交付"
            bidders: int | None = None
            rate: Decimal | None = None
        else:
            stem = rng.choice(COMPANY_STEMS)
            name = rng.choice(COMPANY_FORMS).format(stem)
            if name in used:
                continue
            used.add(name)
            number = corporate_number(f"{rng.randint(1, 9)}{rng.randint(0, 10**11 - 1):011d}")
            if rng.random() < 0.05:
                number = None
            work = rng.choice(["調査研究業務の請負", "システム運用保守業務", "普及啓発事業の委託", "施設整備工事"])
            method = rng.choice(["一般競争契約（最低価格）", "一般競争契約（総合評価）", "随意契約（企画競争）", "随意契約（少額）"])
            bidders = rng.randint(1, 8) if rng.random() < 0.85 else None
            rate = Decimal(rng.randint(600, 1000)) / 10 if rng.random() < 0.8 else None
        amount = draw_amount(rng, unit, 1, 800)
        out.append(Payee(name, number, amount, bidders, rate, work, method))
    out.sort(key=lambda p: p.amount, reverse=True)
    return out


def write_payee_block(
    sheet: Sheet, g: Grid, row: int, letter: str, payees: list[Payee], unit: int, offset: int, width: int
) -> int:
    rng = sheet.rng
    g.put(row, 1 + offset, f"{letter}." + rng.choice(["", "民間企業等", "地方公共団体", ""]), to_col=8 + offset)
    row += 1
    cols = [(1, 2), (3, 12), (13, 18), (19, 27), (28, 31), (32, 36), (37, 39), (40, 42), (43, width - offset)]
    heads = ["", "支　出　先" if rng.random() < 0.5 else "支出先", "法　人　番　号" if rng.random() < 0.5 else "法人番号",
             "業　務　概　要" if rng.random() < 0.5 else "業務概要",
             "支　出　額\n（百万円）" if unit == 1_000_000 else "支出額\n（千円）",
             "契約方式等", "入札者数\n（応募者数）", "落札率",
             "一者応札・一者応募又は\n競争性のない随意契約となった\n理由及び改善策\n（支出額10億円以上）"]
    for (a, b), h in zip(cols, heads):
        g.put(row, a + offset, h, to_col=b + offset)
    row += 1
    for i, p in enumerate(payees, 1):
        name = p.name
        if len(name) > 9 and rng.random() < 0.3:
            name = name[:8] + "\n" + name[8:]
        work = p.work if rng.random() < 0.7 else p.work[:6] + "\n" + p.work[6:]
        cells = [
            str(i) if rng.random() < 0.5 else i,
            name,
            p.number or "-",
            work,
            money_text(p.amount, rng),
            p.method,
            str(p.bidders) if p.bidders is not None else rng.choice(["-", "‐"]),
            f"{p.rate}%" if p.rate is not None else "-",
            "-",
        ]
        for (a, b), v in zip(cols, cells):
            g.put(row, a + offset, v, to_col=b + offset)
        row += 1
    if rng.random() < 0.3:
        g.put(row, 3 + offset, rng.choice(["計", "小計"]), to_col=12 + offset)
        total = sum((p.amount for p in payees), Decimal(0))
        g.put(row, 28 + offset, money_text(total, rng), to_col=31 + offset)
        row += 1
    return row + 1


def write_flow_and_lists(sheet: Sheet, wb: Workbook, ws: Worksheet, g: Grid, row: int, width: int) -> None:
    rng = sheet.rng
    unit = 1_000_000 if sheet.truth["budget_unit"] == 1_000_000 or rng.random() < 0.5 else 1_000
    # a page break before 資金の流れ: on real sheets it normally starts page 2
    ws.row_breaks.append(Break(id=row - 1))
    local = rng.random() < 0.3
    n_blocks = rng.choice([1, 1, 2, 2, 3])
    blocks = []
    for b in range(n_blocks):
        count = rng.randint(1, 10) if b == 0 else rng.randint(1, 6)
        blocks.append((chr(ord("A") + b), draw_payees(rng, count, unit, local and b == 0)))
    g.put(row, 1, "資金の流れ\n（資金の受け取り先が何を行っているかについて補足する）\n" + unit_label(unit, rng),
          to_col=8, to_row=row + 5)
    g.put(row, 12, sheet.ministry, to_col=30, force_merge=True)
    word = "百万円" if unit == 1_000_000 else "千円"
    for i, (letter, payees) in enumerate(blocks):
        total = sum((p.amount for p in payees), Decimal(0))
        g.put(row + 2 + i, 12, f"{letter}.{'地方公共団体' if local and i == 0 else '民間企業等'}", to_col=22)
        g.put(row + 2 + i, 23, f"{total:,}{word}", to_col=30)
    row += 7
    g.put(row, 1, "費目・使途\n（「資金の流れ」においてブロックごとに最大の金額が支出されている者について記載する。）",
          to_col=width, to_row=row + 1)
    row += 2
    for letter, payees in blocks[:2]:
        g.put(row, 1, f"{letter}.{payees[0].name}", to_col=width)
        g.put(row + 1, 1, "費　目", to_col=8)
        g.put(row + 1, 9, "使　途", to_col=30)
        g.put(row + 1, 31, f"金　額\n({word}）", to_col=36)
        g.put(row + 2, 1, "委託費" if not local else "補助金", to_col=8)
        g.put(row + 2, 9, "事業実施経費", to_col=30)
        g.put(row + 2, 31, money_text(payees[0].amount, rng), to_col=36)
        g.put(row + 3, 1, "計", to_col=8)
        g.put(row + 3, 31, money_text(payees[0].amount, rng), to_col=36)
        row += 5
    placement = rng.choice(["same", "same", "second_sheet", "split", "lower"])
    if placement == "lower":
        row += rng.randint(3, 12)
    offset = rng.choice([0, 0, 1, 2])
    target_ws, target_g, target_row = ws, g, row
    if placement == "second_sheet":
        target_ws = wb.create_sheet(rng.choice(["別紙", "支出先上位10者リスト", "Sheet2"]))
        target_g = Grid(target_ws, rng, g.merged, g.borders, g.font_size)
        target_row = 1
        setup_page(target_ws, width, rng)
    target_g.put(target_row, 1 + offset, sheet.truth.get("list_label", "支出先上位１０者リスト"), to_col=width, force_merge=True)
    target_row += 1
    if rng.random() < 0.6:
        target_g.put(target_row, 1 + offset,
                     f"※{era_text(sheet.year - 1)}実績を記入。執行実績がない新規事業については現時点で予定を記入。",
                     to_col=width, wrap=False)
        target_row += 1
    for k, (letter, payees) in enumerate(blocks):
        if placement == "split" and k == 1:
            target_ws = wb.create_sheet("支出先（続き）")
            target_g = Grid(target_ws, rng, g.merged, g.borders, g.font_size)
            target_row = 1
            setup_page(target_ws, width, rng)
        target_row = write_payee_block(sheet, target_g, target_row, letter, payees, unit, offset, width)
        if rng.random() < 0.15 and target_ws is ws:
            target_ws.row_breaks.append(Break(id=target_row - 1))
    target_g.put(target_row, 1, "国庫債務負担行為等による契約先上位10者リスト", to_col=width)
    target_row += 1
    for (a, b), h in zip([(1, 2), (3, 12), (13, 18), (19, 27), (28, 31), (32, 42)],
                         ["ﾌﾞﾛｯｸ名", "契　約　先", "法　人　番　号", "業　務　概　要", "契約額\n（百万円）", "契約方式"]):
        target_g.put(target_row, a, h, to_col=b)
    target_row += 1
    target_g.put(target_row, 1, 1, to_col=2)
    for a, b in [(3, 12), (13, 18), (19, 27), (28, 31), (32, 42)]:
        target_g.put(target_row, a, "-", to_col=b)
    sheet.truth["payees"] = [
        {
            "block": letter,
            "name": p.name,
            "corporate_number": p.number,
            "yen": yen(p.amount, unit),
            "bidders": p.bidders,
            "award_rate": str(p.rate) if p.rate is not None else None,
        }
        for letter, payees in blocks
        for p in payees
    ]
    sheet.truth["layout"]["list_placement"] = placement
    sheet.truth["layout"]["list_offset"] = offset


def setup_page(ws: Worksheet, width: int, rng: random.Random) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = rng.choice([0.2, 0.3, 0.4])
    base = rng.choice([2.0, 2.4, 2.8, 3.2])
    for c in range(1, width + 1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = base * rng.choice([1.0, 1.0, 1.0, 1.3, 0.8])


def make_sheet(index: int, seed: int) -> tuple[Workbook, dict[str, Any], str]:
    rng = random.Random(seed * 100_003 + index)
    year = 2015 + index % 9
    ministry, abbr, _b = rng.choice(MINISTRIES)
    number = project_number(rng, year, abbr)
    name = f"blind-{index:02d}-{year}"
    sheet = Sheet(name, rng, year, ministry, abbr, number)
    merged = rng.random() < 0.7
    borders = rng.random() < 0.8
    width = rng.choice([44, 46, 50])
    sheet.truth["layout"] = {"merged": merged, "borders": borders, "width": width}
    wb = Workbook()
    ws = wb.active
    ws.title = rng.choice(["Sheet1", "レビューシート", f"{number}"])[:31]
    font = Font(name=rng.choice(["ＭＳ Ｐゴシック", "ＭＳ 明朝", "IPAexGothic"]), size=rng.choice([8, 9, 10]))
    g = Grid(ws, rng, merged, borders, int(font.size))
    setup_page(ws, width, rng)
    labels = label_words(year, rng)
    sheet.truth["list_label"] = labels["list"]
    row = write_title(sheet, g, width)
    row = write_basics(sheet, g, labels, row, width)
    row = write_budget(sheet, g, labels, row + 1, width)
    row = write_middle(sheet, g, row, width)
    write_flow_and_lists(sheet, wb, ws, g, row + 1, width)
    for sheet_ws in wb.worksheets:
        for r in sheet_ws.iter_rows():
            for cell in r:
                if cell.value is not None:
                    cell.font = font
    del sheet.truth["list_label"]
    sheet.truth["format_note"] = "amounts in yen; 翌年度へ繰越し negative as printed"
    return wb, sheet.truth, name


def print_pdfs(xlsx: list[Path], outdir: Path) -> None:
    """Print the workbooks with LibreOffice in one process (one start-up for all)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: cannot print PDFs")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), *map(str, xlsx)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900,
        )


def generate(outdir: Path, count: int = 48, seed: int = 19, pdf: bool = False) -> list[str]:
    """Write ``count`` sheets into ``outdir``; return their base names."""
    outdir.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(count):
        wb, truth, name = make_sheet(i, seed)
        wb.save(outdir / f"{name}.xlsx")
        (outdir / f"{name}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        names.append(name)
    if pdf:
        print_pdfs([outdir / f"{n}.xlsx" for n in names], outdir)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--pdf", action="store_true", help="also print each workbook to PDF with LibreOffice")
    args = parser.parse_args(argv)
    names = generate(args.outdir, args.count, args.seed, args.pdf)
    print(f"{len(names)} sheets in {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
