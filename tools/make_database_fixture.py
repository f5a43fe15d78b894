"""Write realistic 主要事項データベース workbooks (review years 2014–2023) and their truth.

No real workbook can be brought here (the 2023 one is 67 MB of sheet XML), so tests and
benchmarks run on workbooks rebuilt from the documented format (FORMATS §3, §4.1): one row
per sheet, either a multi-row header with merged cells or one flattened header row; ``府省``
or ``府省庁``; ``事業番号`` parts 1..3 (2014–2020) or 1..5 (2021+); fiscal-year labels that mix
``平成29年度``, ``30年度``, ``令和元年度``, ``2年度`` and ``2022年度``; the full-width ``１０`` of
``支出先上位１０者リスト``; ``-01``/``-02`` suffixes from 2021; the 2014 payee naming
``支出先上位１０者リスト-グループ-{field}-{n}``; empty markers; repeated indicator blocks; a
project whose payees were entered in yen instead of 百万円; a header family the reader does not
know. Everything is drawn from one seed, so a seed gives the same bytes.

    python tools/make_database_fixture.py OUT.xlsx --year 2017 --rows 40 [--flat] [--seed 1] [--truth OUT.json]

The xlsx is written directly (shared strings with phonetic runs, as Japanese Excel writes
them, numbers as numeric cells, merges after the rows): openpyxl would take minutes for a
full-size workbook.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

ERA_START = {"昭和": 1926, "平成": 1989, "令和": 2019}
MINISTRIES = [("総務省", "総務"), ("国土交通省", "国交"), ("経済産業省", "経産"), ("厚生労働省", "厚労"),
              ("文部科学省", "文科"), ("内閣府", "府"), ("農林水産省", "農水"), ("環境省", "環境")]
BUREAUS = ["大臣官房", "自治行政局", "総合政策局", "産業技術環境局", "健康局", "初等中等教育局"]
OFFICES = ["企画課", "地域情報政策室", "総務課", "政策評価室", "調整室"]
WORDS = ["地域", "情報", "安全", "環境", "産業", "教育", "医療", "防災", "交通", "研究", "国際", "農業", "人材", "技術"]
PAYEES = [("東京都", "8000020130001"), ("神奈川県", "1000020140007"), ("千葉県", "4000020120006"), ("北海道", "7000020010006"),
          ("株式会社三菱総合研究所", "6010001030403"), ("株式会社野村総合研究所", "4010001054032"), ("日本電気株式会社", "7010401022916"),
          ("国立研究開発法人産業技術総合研究所", "7010005005425"), ("個人Ａ", None), ("その他", None)]
METHODS = ["一般競争契約（最低価格）", "一般競争契約（総合評価）", "随意契約（企画競争）", "随意契約（その他）", "補助金等交付"]
EMPTY = ["-", "－", "ー", "‐", "該当なし", "なし"]
COMPONENTS = ["当初予算", "補正予算", "前年度から繰越し", "翌年度へ繰越し", "予備費等", "計"]
BUDGET = "予算額・執行額（単位:百万円）"
PAYEE_HEAD = "支出先上位１０者リスト"
PAYEE_FIELDS = ["支出先", "法人番号", "業務概要", "支出額（百万円）", "入札者数（応募者数）", "落札率", "契約方式等"]
OUTCOME = "成果目標及び成果実績（アウトカム）"
OUTPUT = "活動指標及び活動実績（アウトプット）"
PAST = "関連する過去のレビューシートの事業番号"
#: Sections ④–⑫ and 単位当たりコスト, named after the template's labels (FORMATS §2.1).
CHECK = "事業所管部局による点検・改善"
CHECK_ITEMS = [("国費投入の必要性", "事業の目的は国民や社会のニーズを的確に反映しているか。"),
               ("国費投入の必要性", "地方自治体、民間等に委ねることができない事業なのか。"),
               ("事業の効率性", "競争性が確保されているなど支出先の選定は妥当か。"),
               ("事業の効率性", "単位当たりコスト等の水準は妥当か。"),
               ("事業の効率性", "不用率が大きい場合、その理由は妥当か。（理由を右に記載）"),
               ("事業の有効性", "成果実績は成果目標に見合ったものとなっているか。"),
               ("事業の有効性", "活動実績は見込みに見合ったものであるか。"),
               ("関連事業", "関連する事業がある場合、他部局・他府省等と適切な役割分担を行っているか。（役割分担の具体的な内容を各事業の右に記載）")]
EVALUATION = [((CHECK, "点検結果"), "check_result"), ((CHECK, "改善の方向性"), "improvement_direction"),
              (("外部有識者の所見",), "external_opinion"), (("行政事業レビュー推進チームの所見", "判定"), "team_opinion"),
              (("行政事業レビュー推進チームの所見", "所見"), "team_opinion_detail"),
              (("所見を踏まえた改善点/概算要求における反映状況",), "reflection")]
TEAM_OPINIONS = ["現状通り", "事業内容の一部改善", "事業全体の抜本的な改善", "終了予定", "廃止", "予定通り終了"]  # the code list (codes.py)
EXPENSES = "費目・使途（「資金の流れ」においてブロックごとに最大の金額が支出されている者について記載する。費目と使途の双方で実情が分かるように記載）"
EXPENSE_CATEGORIES = [("人件費", "職員の給与"), ("事業費", "委託費"), ("旅費", "出張旅費"), ("諸経費", "消耗品費"), ("補助金", "施設整備")]
OBLIGATIONS = "国庫債務負担行為等による契約先上位10者リスト"
OBLIGATION_FIELDS = ["ﾌﾞﾛｯｸ名", "契約先", "法人番号", "業務概要", "契約額（百万円）", "契約方式", "入札者数（応募者数）", "落札率",
                     "一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）"]
UNIT_COST = "単位当たりコスト"
#: A family the reader does not know (③ is not read): reported once, never read.
UNKNOWN = ("政策評価、経済・財政再生アクション・プログラムとの関係", "測定指標")
#: Block letters of the payee list: A–Z, then a–v (48 in the 2023 edition).
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"


@dataclass
class Edition:
    """How one publication is laid out."""

    review_year: int
    flat: bool = False
    blocks: int = 3  # payee blocks A, B, …
    ranks: int = 10
    outcomes: int = 2
    outputs: int = 1
    unknown_family: bool = True
    request_columns: bool = True
    obligations: int = 3
    filled_ranks: int | None = None  # payees a block holds at most (default: ranks)
    text_scale: int = 1  # repeat texts this often (full-size shared strings)
    styled_empty: int = 0  # empty styled cells a row carries, as Excel writes formatted blank cells
    second_contracts: bool = False  # -02 contract columns for every rank, not only rank 1

    @property
    def ministry_header(self) -> str:
        return "府省" if self.review_year <= 2015 else "府省庁"

    @property
    def number_parts(self) -> int:
        return 5 if self.review_year >= 2021 else 3

    @property
    def suffixed(self) -> bool:  # -01/-02 on payee and indicator fields
        return self.review_year >= 2021

    @property
    def payees_2014(self) -> bool:
        return self.review_year == 2014

    @property
    def has_laws(self) -> bool:
        return self.review_year >= 2022


def _era_of(year: int) -> str:
    return max((e for e in ERA_START if ERA_START[e] <= year), key=ERA_START.__getitem__)


def _num(n: int) -> str:
    return "元" if n == 1 else str(n)


def label_sequence(years: list[int], rng: random.Random, requests: frozenset[int] = frozenset()) -> list[str]:
    """Fiscal-year labels for consecutive columns as a header prints them: the era in full, omitted after a
    label (the previous label's era, or the next era from its 元年: ``平成30年度`` ``元年度``), or western (from 2020)."""
    out: list[str] = []
    era: str | None = None
    previous: int | None = None
    for year in years:
        forms = ["full"] + (["short", "short"] if era is not None else []) + (["western"] if year >= 2020 else [])
        form = rng.choice(forms)
        if form == "western":
            text, era = f"{year}年度", _era_of(year)
        elif form == "full" or era is None:
            era = "平成" if year == 2019 and rng.random() < 0.3 else _era_of(year)
            text = f"{era}{_num(year - ERA_START[era] + 1)}年度"
        else:
            later = {"昭和": "平成", "平成": "令和"}.get(era)
            if later and previous is not None and year == previous + 1 and year >= ERA_START[later] and rng.random() < 0.7:
                era = later
            text = f"{_num(year - ERA_START[era] + 1)}年度"
        out.append(text + ("要求" if year in requests else ""))
        previous = year
    return out


def _amount(rng: random.Random) -> int | float:
    return rng.choice([rng.randint(1, 900), rng.randint(1000, 90000), round(rng.randint(1, 999) / 10, 1)])


def _maybe_empty(rng: random.Random, p: float = 0.5) -> str | None:
    return rng.choice(EMPTY) if rng.random() < p else None


@dataclass
class Project:
    truth: dict[str, Any] = field(default_factory=dict)
    cells: dict[tuple[str, ...], Any] = field(default_factory=dict)


def make_project(ed: Edition, i: int, rng: random.Random, yen_payees: bool = False) -> Project:
    Y = ed.review_year
    ministry, abbr = MINISTRIES[i % len(MINISTRIES)]
    serial = f"{i + 1:04d}"
    new = rng.random() < 0.15
    if ed.number_parts == 3:
        parts = [f"新{(Y - 1988) % 100:02d}" if new and Y < 2019 else (f"新{Y - 2018:02d}" if new else None), serial,
                 str(rng.randint(1, 3)) if rng.random() < 0.1 else None]
    else:
        parts = [str(Y), abbr, f"新{Y % 100:02d}" if new else f"{(Y - 1) % 100:02d}", serial, None]
    printed = "-".join(p for p in parts if p)
    name = "".join(rng.sample(WORDS, 3)) + "事業"
    p = Project()
    t = p.truth
    t.update(ministry=ministry, number_parts=parts, number=printed, name=name, bureau=rng.choice(BUREAUS),
             office=rng.choice(OFFICES), person=f"課長　{rng.choice(['山田', '佐藤', '鈴木'])}　{rng.choice(['太郎', '花子'])}",
             account=rng.choice(["一般会計", "特別会計　エネルギー対策特別会計"]), method=rng.choice(["直接実施", "委託・請負、補助"]),
             start=rng.choice(["平成２７年度", "昭和62年度", "2015年度", "令和元年度"]), end=rng.choice(["終了予定なし", "令和５年度"]),
             purpose=f"{name}により社会課題を解決する（{i + 1}）。" + "国民生活の向上に資する。" * (ed.text_scale - 1),
             overview=f"{name}の概要。\n二行目。" + "地方公共団体に対し補助を行い、その成果を検証する。" * (ed.text_scale - 1),
             main_policy="主要施策の名称",
             laws="総務省設置法第４条" if ed.has_laws else None, yen_payees=yen_payees)
    cells = p.cells
    cells[("ministry",)] = ministry
    for k, part in enumerate(parts, 1):
        cells[("number", str(k))] = part if part is not None else None
    for k in ("name", "bureau", "office", "person", "account", "method", "start", "end", "purpose", "overview", "main_policy", "laws"):
        cells[(k,)] = t[k]
    # budget: Y-3 … Y with execution up to Y-1, request for Y+1
    budget: dict[str, dict[str, Any]] = {}
    for year in range(Y - 3, Y + 1):
        initial = _amount(rng)
        row: dict[str, Any] = {"当初予算": initial, "補正予算": _maybe_empty(rng, 0.7) or rng.randint(1, 50),
                               "前年度から繰越し": _maybe_empty(rng, 0.8) or rng.randint(1, 50),
                               "翌年度へ繰越し": _maybe_empty(rng, 0.8) or f"▲ {rng.randint(1, 30):,}",
                               "予備費等": _maybe_empty(rng, 0.9) or 0}
        row["計"] = initial + sum(v for v in (row["補正予算"], row["前年度から繰越し"]) if isinstance(v, int))
        row["執行額"] = (round(row["計"] * rng.uniform(0.6, 1.0), 1) if year < Y else None)
        if year == Y - 1 and rng.random() < 0.1:
            row["執行額"] = f"{int(row['計']):,}"  # a string with a thousands comma
        budget[str(year)] = row
        for comp in COMPONENTS:
            cells[("budget", str(year), comp)] = row[comp]
        cells[("budget", str(year), "執行額")] = row["執行額"] if row["執行額"] is not None else _maybe_empty(rng, 0.3)
    t["budget"] = budget
    t["request"] = _amount(rng)
    cells[("budget", str(Y + 1), "request")] = t["request"]
    # payees (the execution of Y-1)
    payees = []
    # as in the 2023 workbook: some 15 payees a project (80,319 in 5,441), in one to a few blocks
    blocks = LETTERS[: min(ed.blocks, rng.choice([1, 1, 1, 2, 2, 3, 4, 6]))]
    if ed.payees_2014:
        blocks = "A"
    for letter in blocks:
        for rank in range(1, rng.randint(1, ed.filled_ranks or ed.ranks) + 1):
            name_, corp = rng.choice(PAYEES)
            executed = budget[str(Y - 1)]["執行額"]
            spent = float(executed.replace(",", "")) if isinstance(executed, str) else float(executed or 10)
            amount: Any = max(round(spent * rng.uniform(0.01, 0.3)), 1)
            if yen_payees:
                amount = amount * 1_000_000
            method = rng.choice(METHODS)
            bidders = rng.choice([1, 2, 5, None])
            rate, rate_cell = rate_forms(rng)
            business = f"{name_}への業務（{i + 1}-{letter}{rank}）" + "。調査研究及び報告書の作成" * (ed.text_scale - 1)
            payee = {"block": "" if ed.payees_2014 else letter, "rank": rank, "name": name_, "corporate_number": corp,
                     "amount": amount, "business": business, "method": method, "bidders": bidders, "rate": rate}
            payees.append(payee)
            base = ("payee", letter, str(rank))
            cells[base + ("支出先",)] = name_
            cells[base + ("法人番号",)] = corp if corp else rng.choice(EMPTY + [None])
            cells[base + ("業務概要",)] = payee["business"]
            cells[base + ("支出額（百万円）",)] = amount_form(amount, rng) if not yen_payees else amount
            cells[base + ("入札者数（応募者数）",)] = bidders if bidders is not None else _maybe_empty(rng, 0.5)
            cells[base + ("落札率",)] = rate_cell if rate is not None else _maybe_empty(rng, 0.5)
            cells[base + ("契約方式等",)] = method
            if ed.suffixed and (rank == 1 or ed.second_contracts) and rng.random() < 0.5:  # a second contract, in the -02 columns
                payee["contract2"] = {"method": rng.choice(METHODS), "bidders": rng.choice([1, 3]), "rate": "98.5"}
                cells[base + ("契約方式等", "02")] = payee["contract2"]["method"]
                cells[base + ("入札者数（応募者数）", "02")] = payee["contract2"]["bidders"]
                cells[base + ("落札率", "02")] = payee["contract2"]["rate"]
    t["payees"] = payees
    # outcomes and outputs: actuals Y-3 … Y-1, targets for the same years
    for kind, count, actual_name, target_name in (("outcome", ed.outcomes, "成果実績", "目標値"), ("output", ed.outputs, "活動実績", "当初見込み")):
        items = []
        for n in range(1, count + 1):
            if rng.random() < 0.3 and n > 1:
                break
            item = {"number": n, "name": f"{kind}指標{n}", "unit": rng.choice(["件", "団体", "％"]), "values": {}}
            for year in range(Y - 3, Y):
                actual, target = rng.randint(0, 2000), rng.randint(1, 2000)
                item["values"][str(year)] = {"actual": actual, "target": target}
                cells[(kind, str(n), str(year), actual_name)] = actual
                cells[(kind, str(n), str(year), target_name)] = target
            cells[(kind, str(n), "name")] = item["name"]
            cells[(kind, str(n), "unit")] = item["unit"]
            if kind == "outcome" and rng.random() < 0.7:  # 目標最終年度: a later year and its target
                final = Y + rng.randint(1, 5)
                era = _era_of(final)
                item["final"] = {"year": final, "target": rng.randint(100, 3000)}
                cells[(kind, str(n), "final_year")] = f"{era}{_num(final - ERA_START[era] + 1)}年度"
                cells[(kind, str(n), "final_target")] = item["final"]["target"]
            items.append(item)
        t[kind + "s"] = items
    # cross-year links (2015 on; the sheets list 平成22 … Y-1)
    past = []
    if Y >= 2015 and rng.random() < 0.6:
        for year in range(max(2010, Y - 4), Y):
            number = f"{rng.randint(1, 400):04d}"
            past.append({"year": year, "ministry": ministry, "number": number})
            cells[("past", str(year), "所管府省名")] = ministry
            cells[("past", str(year), "事業番号-1")] = None
            cells[("past", str(year), "事業番号-2")] = number
    t["past"] = past
    _sections(ed, i, rng, p, [x["name"] for x in payees if x["rank"] == 1], sorted({x["block"] or "A" for x in payees}))
    cells[("unknown",)] = "測定指標の説明"
    return p


def _sections(ed: Edition, i: int, rng: random.Random, p: Project, top_payees: list[str], letters: list[str]) -> None:
    """④ 点検 marks and explanations, ⑤–⑦ 所見, ⑩ 費目・使途 per payee block, ⑫ contracts, 単位当たりコスト."""
    t, cells, Y = p.truth, p.cells, ed.review_year
    long = "。".join(["詳細は別紙のとおり"] * (ed.text_scale - 1))
    checks = []
    for n, (_group, item) in enumerate(CHECK_ITEMS):
        mark = rng.choice(["○", "○", "△", "‐", "-", None])
        explanation = rng.choice([f"{item[:8]}について確認した（{i + 1}-{n}）。{long}", None])
        cells[("check", str(n), "mark")] = mark
        cells[("check", str(n), "explanation")] = explanation
        if mark is not None or explanation is not None:
            checks.append({"item": item, "mark": "‐" if mark in ("-", "‐") else mark or "", "explanation": explanation})
    t["checklist"] = checks
    evaluation = {"check_result": f"事業は適切に実施されている（{i + 1}）。{long}", "improvement_direction": rng.choice([f"引き続き効率化を図る。{long}", None]),
                  "external_opinion": rng.choice(["有識者における点検の対象外", None]), "team_opinion": rng.choice(TEAM_OPINIONS),
                  "team_opinion_detail": rng.choice([f"執行状況を踏まえ見直すこと。{long}", None]), "reflection": rng.choice([f"予算要求に反映した。{long}", None])}
    for _levels, name in EVALUATION:
        cells[("evaluation", name)] = evaluation[name] if evaluation[name] is not None else _maybe_empty(rng, 0.3)
    t["evaluation"] = evaluation
    expenses = []
    for letter, payee in zip(letters, top_payees):
        cells[("expense", letter, "payee")] = payee
        total = 0
        for n in range(1, rng.randint(1, 3) + 1):
            category, use = rng.choice(EXPENSE_CATEGORIES)
            amount = rng.choice([rng.randint(1, 500), round(rng.randint(1, 999) / 10, 1)])
            expenses.append({"block": letter, "number": n, "payee": payee, "category": category, "use": use, "amount": amount})
            cells[("expense", letter, str(n), "費目")] = category
            cells[("expense", letter, str(n), "使途")] = use
            cells[("expense", letter, str(n), "金額（百万円）")] = amount_form(amount, rng)
            total += amount
        cells[("expense", letter, "計")] = round(total, 1)
    t["expenses"] = expenses
    obligations = []
    for n in range(1, (rng.randint(0, ed.obligations) if rng.random() < 0.4 else 0) + 1):
        name, corp = rng.choice(PAYEES[4:8])
        rate, rate_cell = rate_forms(rng)
        o = {"rank": n, "block": rng.choice(letters), "name": name, "corporate_number": corp, "summary": f"{name}との複数年度契約",
             "amount": rng.randint(10, 5000), "method": rng.choice(METHODS[:4]), "bidders": rng.choice([1, 3, None]), "rate": rate}
        obligations.append(o)
        values = [o["block"], name, corp, o["summary"], amount_form(o["amount"], rng), o["method"], o["bidders"], rate_cell, None]
        for f, v in zip(OBLIGATION_FIELDS, values):
            cells[("obligation", str(n), f)] = v
    t["obligations"] = obligations
    cost = [("算出根拠", "事業費／交付団体数"), ("単位", "百万円/団体")]
    for year in range(Y - 3, Y):
        if rng.random() < 0.7:
            cost.append((str(year), f"{rng.randint(1, 9000):,}百万円/{rng.randint(1, 2000):,}団体"))
    for label, value in cost:
        cells[("unitcost", label)] = value
    t["unit_cost"] = cost  # year labels become the header's printed label in generate()


def rate_forms(rng: random.Random) -> tuple[str | None, Any]:
    """A 落札率 (percent, as a decimal string) and the cell that prints it: a fraction in a percent-formatted cell,
    ``99.1%``, ``99.1％``, ``99.1``, or nothing."""
    percent = rng.choice(["99.1", "100", "87.5", "95", None])
    if percent is None:
        return None, None
    form = rng.randrange(4)
    cell: Any = [float(Decimal(percent) / 100), f"{percent}%", f"{percent}％", percent][form]
    return percent, cell


def amount_form(amount: Any, rng: random.Random) -> Any:
    """A 百万円 amount as a number cell, or as text with a thousands comma or in full-width digits."""
    if not isinstance(amount, int) or rng.random() < 0.7:
        return amount
    text = f"{amount:,}"
    return text if rng.random() < 0.5 else text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))


def Decimal_str(value: float) -> str:
    return repr(value)


def header_columns(ed: Edition, rng: random.Random) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(header levels, cell key) per column, in column order."""
    Y = ed.review_year
    cols: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    cols.append(((ed.ministry_header,), ("ministry",)))
    cols.append((("事業名",), ("name",)))
    for k in range(1, ed.number_parts + 1):
        cols.append((("事業番号", str(k)), ("number", str(k))))
    simple = [("担当部局庁", "bureau"), ("担当課室", "office"), ("作成責任者", "person"), ("会計区分", "account"),
              ("事業開始年度", "start"), ("事業終了（予定）年度", "end"),
              ("事業の目的（目指す姿を簡潔に。3行程度以内）" if rng.random() < 0.5 else "事業の目的", "purpose"),
              ("事業概要（5行程度以内。別添可）" if rng.random() < 0.5 else "事業概要", "overview"), ("実施方法", "method"),
              ("主要政策・施策" if Y >= 2016 else "主要施策", "main_policy")]
    if ed.has_laws:
        simple.append(("根拠法令（具体的な条項も記載）", "laws"))
    cols += [((h,), (k,)) for h, k in simple]
    years = list(range(Y - 3, Y + 2))
    labels = label_sequence(years, rng, frozenset({Y + 1}))
    for year, label in zip(years, labels):
        if year == Y + 1:
            if not ed.request_columns:
                continue
            cols.append(((BUDGET, label, "予算の状況", "計"), ("budget", str(year), "request")))
            continue
        for comp in COMPONENTS:
            cols.append(((BUDGET, label, "予算の状況", comp), ("budget", str(year), comp)))
        cols.append(((BUDGET, label, "執行額"), ("budget", str(year), "執行額")))
        cols.append(((BUDGET, label, "執行率（％）"), ("budget", str(year), "rate")))
    for kind, count, head, texts, measures in (
            ("outcome", ed.outcomes, OUTCOME, [("成果指標", "name"), ("単位-成果実績", "unit"), ("目標最終年度-目標値", "final_target"),
                                               ("目標最終年度-年度", "final_year")], ("成果実績", "目標値")),
            ("output", ed.outputs, OUTPUT, [("活動指標", "name"), ("単位-活動実績", "unit")], ("活動実績", "当初見込み"))):
        for n in range(1, count + 1):
            suffix = (f"{n:02d}",) if ed.suffixed else ()  # older editions repeat the same names per block
            for text, k in texts:
                cols.append(((head, *text.split("-"), *suffix), (kind, str(n), k)))
            ylabels = label_sequence(list(range(Y - 3, Y)), rng)
            for year, label in zip(range(Y - 3, Y), ylabels):
                for measure in measures:
                    cols.append(((head, label, measure, *suffix), (kind, str(n), str(year), measure)))
    if Y >= 2015:
        plabels = label_sequence(list(range(max(2010, Y - 4), Y)), rng)
        for year, label in zip(range(max(2010, Y - 4), Y), plabels):
            for f in ("所管府省名", "事業番号-1", "事業番号-2"):
                cols.append(((PAST, label, *f.split("-")), ("past", str(year), f)))
    blocks = LETTERS[: ed.blocks] if not ed.payees_2014 else "A"
    for letter in blocks:
        for rank in range(1, ed.ranks + 1):
            second = [f for f in PAYEE_FIELDS if ed.suffixed and (rank == 1 or ed.second_contracts) and f in ("入札者数（応募者数）", "落札率", "契約方式等")]
            for f in PAYEE_FIELDS + [f + "\x00" for f in second]:
                if f.endswith("\x00"):
                    cols.append(((PAYEE_HEAD, f"{letter}.支払先", str(rank), f[:-1], "02"), ("payee", letter, str(rank), f[:-1], "02")))
                    continue
                key = ("payee", letter, str(rank), f)
                if ed.payees_2014:
                    cols.append(((PAYEE_HEAD, "グループ", f, str(rank)), key))
                elif ed.suffixed:
                    cols.append(((PAYEE_HEAD, f"{letter}.支払先", str(rank), f, "01"), key))
                else:
                    cols.append(((PAYEE_HEAD, f"{letter}.支払先", str(rank), f), key))
    for n, (group, item) in enumerate(CHECK_ITEMS):
        cols.append(((CHECK, group, item, "評価"), ("check", str(n), "mark")))
        cols.append(((CHECK, group, item, "評価に関する説明"), ("check", str(n), "explanation")))
    cols += [(levels, ("evaluation", name)) for levels, name in EVALUATION]
    for letter in (LETTERS[: ed.blocks] if not ed.payees_2014 else "A"):
        cols.append(((EXPENSES, f"{letter}.支払先", "支出先"), ("expense", letter, "payee")))
        for n in range(1, 4):
            for f in ("費目", "使途", "金額（百万円）"):
                cols.append(((EXPENSES, f"{letter}.支払先", str(n), f), ("expense", letter, str(n), f)))
        cols.append(((EXPENSES, f"{letter}.支払先", "計"), ("expense", letter, "計")))
    for n in range(1, ed.obligations + 1):
        for f in OBLIGATION_FIELDS:
            cols.append(((OBLIGATIONS, str(n), f), ("obligation", str(n), f)))
    cols.append(((UNIT_COST, "算出根拠"), ("unitcost", "算出根拠")))
    cols.append(((UNIT_COST, "単位"), ("unitcost", "単位")))
    for year, label in zip(range(Y - 3, Y), label_sequence(list(range(Y - 3, Y)), rng)):
        cols.append(((UNIT_COST, label, "計算式"), ("unitcost", str(year))))
    if ed.unknown_family:
        cols.append((UNKNOWN, ("unknown",)))
    return cols


def column_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


class Strings:
    def __init__(self, rng: random.Random) -> None:
        self.index: dict[str, int] = {}
        self.rng = rng

    def __call__(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.index)
        return self.index[text]

    def xml(self) -> bytes:
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS_MAIN}" count="{len(self.index)}" '
                 f'uniqueCount="{len(self.index)}">']
        for i, text in enumerate(self.index):
            body = f'<t xml:space="preserve">{escape(text)}</t>'
            if i % 7 == 3:  # a phonetic run, as Japanese Excel writes them: not part of the text
                body += '<rPh sb="0" eb="1"><t>フリガナ</t></rPh><phoneticPr fontId="1"/>'
            elif i % 11 == 5 and len(text) > 2:  # rich text runs
                body = f'<r><t xml:space="preserve">{escape(text[:2])}</t></r><r><rPr><b/></rPr><t xml:space="preserve">{escape(text[2:])}</t></r>'
            parts.append(f"<si>{body}</si>")
        parts.append("</sst>")
        return "".join(parts).encode("utf-8")


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


STYLED_EMPTY = object()


def _cell(ref: str, value: Any, strings: Strings) -> str:
    if value is None:
        return ""
    if value is STYLED_EMPTY:
        return f'<c r="{ref}" s="1"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="s"><v>{strings(str(value))}</v></c>'


def header_rows(cols: list[tuple[tuple[str, ...], tuple[str, ...]]], flat: bool) -> tuple[list[dict[int, str]], list[tuple[int, int, int, int]]]:
    """Header rows as {column: text} and the merges (r1, c1, r2, c2), 1-based."""
    if flat:
        return [{i: "-".join(levels) for i, (levels, _k) in enumerate(cols, 1)}], []
    depth = max(len(levels) for levels, _k in cols)
    rows: list[dict[int, str]] = [{} for _ in range(depth)]
    merges: list[tuple[int, int, int, int]] = []
    for d in range(depth):
        i = 0
        while i < len(cols):
            levels = cols[i][0]
            if len(levels) <= d:
                i += 1
                continue
            j = i
            while j + 1 < len(cols) and len(cols[j + 1][0]) > d and cols[j + 1][0][: d + 1] == levels[: d + 1]:
                j += 1
            rows[d][i + 1] = levels[d]
            deeper = any(len(cols[k][0]) > d + 1 for k in range(i, j + 1))
            r2 = d + 1 if deeper else depth
            if j > i or r2 > d + 1:
                merges.append((d + 1, i + 1, r2, j + 1))
            i = j + 1
    return rows, merges


def write_workbook(path: Path, header: list[dict[int, str]], merges: list[tuple[int, int, int, int]], data: list[dict[int, Any]],
                   rng: random.Random, sheet_name: str = "主要事項", dimension: str | None = None) -> None:
    strings = Strings(rng)
    ncols = max((max(r) for r in header + data if r), default=1)
    last = len(header) + len(data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
                     f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                     f'<dimension ref="{dimension or f"A1:{column_letter(ncols)}{last}"}"/><sheetData>'.encode())
            for r, row in enumerate(header + data, 1):
                cells = "".join(_cell(f"{column_letter(c)}{r}", v, strings) for c, v in sorted(row.items()))
                fh.write(f'<row r="{r}">{cells}</row>'.encode("utf-8"))
            fh.write(b"</sheetData>")
            if merges:
                refs = "".join(f'<mergeCell ref="{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"/>' for r1, c1, r2, c2 in merges)
                fh.write(f'<mergeCells count="{len(merges)}">{refs}</mergeCells>'.encode())
            fh.write(b"</worksheet>")
        zf.writestr("xl/sharedStrings.xml", strings.xml())
        zf.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{NS_MAIN}">'
                    '<fonts count="1"><font><sz val="11"/><name val="游ゴシック"/></font></fonts>'
                    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                    '<borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders>'
                    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/></cellXfs></styleSheet>')
        zf.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                    '</Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                    '</Relationships>')
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS_MAIN}" '
                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                    f'<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                    '</Relationships>')


def generate(path: Path, review_year: int, rows: int, seed: int = 1, flat: bool = False, yen_rows: tuple[int, ...] = (2,),
             blocks: int = 3, ranks: int = 10, outcomes: int = 2, outputs: int = 1,
             extra: list[dict[str, Any]] | None = None, request_columns: bool = True, **edition: Any) -> dict[str, Any]:
    """Write the workbook; return the truth (per project: its sheet row and every value it was given).

    ``extra`` are projects given as truth dicts (``ministry``, ``number_parts``, ``name``, ``past``: the
    cross-year links as ``[{year, ministry, number}]``, ``21-0412`` split at its last dash into 事業番号-1 and -2) put
    first, for a row that must match a known per-project sheet or a row of another year's workbook.
    """
    rng = random.Random(seed)
    ed = Edition(review_year, flat=flat, blocks=blocks, ranks=ranks, outcomes=outcomes, outputs=outputs, request_columns=request_columns,
                 **edition)
    cols = header_columns(ed, rng)
    cost_labels = {k[1]: levels[1] for levels, k in cols if k[0] == "unitcost" and k[1].isdigit()}
    header, merges = header_rows(cols, flat)
    position = {k: i for i, (_levels, k) in enumerate(cols, 1)}
    projects = []
    for i in range(rows):
        p = make_project(ed, i, rng, yen_payees=i in yen_rows)
        if extra and i < len(extra):
            for k, v in extra[i].items():
                p.truth[k] = v
                if k == "number_parts":
                    for n in range(1, ed.number_parts + 1):
                        p.cells[("number", str(n))] = v[n - 1] if n - 1 < len(v) else None
                    p.truth["number"] = "-".join(x for x in v if x)
                elif k == "past":  # links given as [{year, ministry, number}] replace the drawn ones
                    for cell in [c for c in p.cells if c[0] == "past"]:
                        del p.cells[cell]
                    for link in v:
                        *head, tail = str(link["number"]).rsplit("-", 1)
                        cells_ = {"所管府省名": link["ministry"], "事業番号-1": head[0] if head else None, "事業番号-2": tail}
                        for f, x in cells_.items():
                            p.cells[("past", str(link["year"]), f)] = x
                elif k == "payees":  # payees given as [{block, rank, name, corporate_number, amount}] replace the drawn ones
                    for cell in [c for c in p.cells if c[0] in ("payee", "expense")]:
                        del p.cells[cell]
                    p.truth["payees"] = [{"business": None, "method": None, "bidders": None, "rate": None, **x} for x in v]
                    p.truth["expenses"] = []
                    for x in v:
                        base = ("payee", x["block"], str(x["rank"]))
                        p.cells[base + ("支出先",)] = x["name"]
                        p.cells[base + ("法人番号",)] = x.get("corporate_number")
                        p.cells[base + ("支出額（百万円）",)] = x.get("amount")
                elif (k,) in p.cells:
                    p.cells[(k,)] = v
        projects.append(p)
    data = []
    for i, p in enumerate(projects):
        p.truth["unit_cost"] = [(cost_labels.get(label, label), v) for label, v in p.truth["unit_cost"]]
        row = {position[k]: v for k, v in p.cells.items() if k in position and v is not None}
        for _ in range(ed.styled_empty):  # formatted blank cells: in the XML, not in the data
            row.setdefault(rng.randrange(1, len(cols) + 1), STYLED_EMPTY)
        data.append(row)
        p.truth["row"] = len(header) + i + 1
    write_workbook(path, header, merges, data, rng)
    if not request_columns:
        for p in projects:
            p.truth["request"] = None
    return {"review_year": review_year, "flat": flat, "header_rows": len(header), "columns": len(cols),
            "projects": [p.truth for p in projects]}


#: The shape of the 2023 edition (5,442 rows × 14,298 columns, 67 MB sheet XML, 46 MB shared strings): 14,276 columns
#: (48 payee blocks × 28 ranks × 10 fields, 15 outcomes, 5 outputs, every section), about 15 payees a row in 1–6 blocks,
#: texts long enough for the shared strings and formatted blank cells for the sheet XML (at 5,400 rows: 65 MB and 41 MB).
FULL_SIZE: dict[str, Any] = {"blocks": 48, "ranks": 28, "outcomes": 15, "outputs": 5, "second_contracts": True, "filled_ranks": 10,
                             "text_scale": 8, "styled_empty": 170}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--year", type=int, default=2017)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flat", action="store_true", help="one flattened header row instead of merged header rows")
    ap.add_argument("--blocks", type=int, default=3, help="payee blocks A… in the header (26 for a full-size width)")
    ap.add_argument("--ranks", type=int, default=10)
    ap.add_argument("--outcomes", type=int, default=2)
    ap.add_argument("--full", action="store_true", help="the 2023 edition's width and part sizes (see FULL_SIZE); --rows 5400 for its length")
    ap.add_argument("--truth", type=Path)
    args = ap.parse_args(argv)
    shape: dict[str, Any] = dict(FULL_SIZE) if args.full else {"blocks": args.blocks, "ranks": args.ranks, "outcomes": args.outcomes}
    truth = generate(args.out, args.year, args.rows, args.seed, args.flat, **shape)
    if args.truth:
        args.truth.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {args.rows} rows × {truth['columns']} columns, review year {args.year}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
