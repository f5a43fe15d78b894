"""A varied corpus of pre-2024 review sheets, drawn at random from a fixed seed, with the truth of each.

Each sheet takes one template year (平成25 … 令和5) and draws, for that year, the variants real
ministries' sheets show: the label wording of the year, the 事業番号 form (``0051``, ``0036-1``,
``新27-0001``, ``新32-0003``, ``2023-経産-22-0001``, ``2023-こども-新23-0001``, typed into one cell or
several), era forms of the budget headers (none, the first only, every one, an era change inside
the row), the ministry printed in the title in another arrangement, budget column widths and
value cells, block and recipient counts, line breaks inside cells, the 支出先上位10者リスト lower
on the sheet, over other columns, on a second worksheet or across a page break, column widths;
budget grids of 3, 4, 5 or 6 year columns (with or without a request column), 「小計」 rows in the
grid and in the lists, empty rows, wrapped year headings and row labels, notes with numbers under
the tables, 「-」「‐」「－」「―」 for blank values and amounts, pages without ruling lines (the values
merged under their heading or in one narrow cell at either end of a wide one), 根拠法令 cells citing
one to three laws with the 法令番号 after the title, before it (「平成十四年法律第百三号　健康増進法第十条」,
「…号（健康増進法）…」) or not at all, type faces and sizes, budget values centred or right-aligned.
Variants added later are drawn from random streams of their own (``/unit``, ``/v2``, ``/v3``, ``/v4``), so that adding one leaves the earlier
draws as they were.

``draw(seed, i)`` gives ``(fixture, truth)``: the fixture for ``make_sheet_fixtures.workbook_for``
and the facts a reader must recover, as ``{kind: {fact key: value}}`` with plain strings.

    python tools/make_sheet_fixtures.py --corpus 200 --seed 19 --out /tmp/corpus [--no-pdf]
"""

from __future__ import annotations

import copy
import random
import unicodedata
from pathlib import Path
from typing import Any

from sheet_fixture_data import SEED

#: The default seed of the committed corpus sample and of the generated-corpus test.
CORPUS_SEED = 19

MINISTRIES = [("内閣府", "府"), ("総務省", "総務"), ("法務省", "法務"), ("外務省", "外務"), ("財務省", "財務"),
              ("文部科学省", "文科"), ("厚生労働省", "厚労"), ("農林水産省", "農水"), ("経済産業省", "経産"),
              ("国土交通省", "国交"), ("環境省", "環境"), ("防衛省", "防衛"), ("こども家庭庁", "こども"),
              ("デジタル庁", "デジ"), ("復興庁", "復興"), ("警察庁", "警察"), ("消費者庁", "消費")]
_FW = str.maketrans("0123456789", "０１２３４５６７８９")
DASHES = ["-", "‐", "－", "―"]
PAYEES = ["株式会社三菱総合研究所", "一般社団法人日本○○協会", "東京都", "大阪府", "株式会社野村総合研究所", "国立大学法人東京大学",
          "公益財団法人△△財団", "みずほリサーチ＆テクノロジーズ株式会社", "株式会社日本能率協会総合研究所", "北海道",
          "有限責任監査法人トーマツ", "ＰｗＣコンサルティング合同会社", "独立行政法人□□機構", "株式会社ＮＴＴデータ経営研究所"]
BLOCK_NAMES = ["民間事業者", "都道府県", "民間コンサルタント", "独立行政法人", "市町村", "大学等"]
BUSINESS = ["調査研究", "補助金等交付", "システム運用保守", "普及啓発事業", "事務局業務"]


def _era(year: int) -> tuple[str, int]:
    return ("令和", year - 2018) if year >= 2019 else ("平成", year - 1988)


def _num(n: int) -> str:
    return "元" if n == 1 else str(n)


def _title(review_year: int, rng: random.Random) -> str:
    era, n = _era(review_year)
    text = f"{era}{_num(n)}"
    if rng.random() < 0.5:
        text = text.translate(_FW)
    return f"{text}年度行政事業レビューシート"


def _money(rng: random.Random, lo: int = 1, hi: int = 30000) -> int:
    return rng.choice([rng.randint(lo, 99), rng.randint(100, 999), rng.randint(1000, hi)])


def _printed(value: int, rng: random.Random, negative_mark: bool = False) -> str:
    text = f"{abs(value):,}"
    if rng.random() < 0.1:
        text = text.translate(_FW).replace(",", "，")
    if value < 0 or negative_mark:
        text = rng.choice(["▲", "▲ ", "△", "△ "]) + text
    return text


def _number(review_year: int, abbr: str, rng: random.Random) -> tuple[str, list[str] | None]:
    """A 事業番号 of the year's form, and, sometimes, the cells it is typed into."""
    serial = f"{rng.randint(1, 900):04d}"
    dash = "-" if rng.random() < 0.7 else rng.choice(DASHES)
    if review_year >= 2021:
        yy = review_year - 2000 - 1
        new = rng.random() < 0.3
        head = f"{review_year}{dash}{abbr}"
        tail = f"{'新' + str(yy + 1) if new else yy}{dash}{serial}"
        number = f"{head}{dash}{tail}"
        return number, [head, dash, tail] if rng.random() < 0.3 else None
    kind = rng.random()
    if kind < 0.35:
        number = serial
    elif kind < 0.55:
        number = f"{serial}{dash}{rng.randint(1, 9)}"
    else:
        yy = review_year - 1988 if review_year <= 2020 else review_year - 2018
        if review_year == 2020 and rng.random() < 0.5:
            yy = 32  # 新32 = 令和2, drafted in 平成 counting
        number = f"新{yy}{dash}{serial}"
    cells = None
    if rng.random() < 0.3 and dash in number:
        head, _, tail = number.rpartition(dash)
        cells = [head, dash, tail]
    return number, cells


def _headers(review_year: int, rng: random.Random, past: int = 3, request: bool = True) -> tuple[list[str], list[int], str]:
    """The budget headings (``past`` past years, the review year, the request if any) and their years."""
    years = [review_year - past + k for k in range(past + 1)] + ([review_year + 1] if request else [])
    form = rng.choice(["none", "none", "first", "all", "change"])
    out = []
    previous_era = None
    for i, y in enumerate(years):
        era, n = _era(y)
        if review_year <= 2019 and era == "令和" and form == "none" and rng.random() < 0.5:
            era, n = "平成", y - 1988  # 平成31/32 counting on sheets drafted before the change
        with_era = form == "all" or (form == "first" and i == 0) or (form == "change" and (i == 0 or era != previous_era))
        previous_era = era
        text = f"{era if with_era else ''}{_num(n)}年度"
        if request and i == len(years) - 1:
            text += "要求"
        out.append(text)
    return out, years, form


def _budget(rng: random.Random, years: list[int], factor: int = 1_000_000, past: int = 3,
            request: bool = True) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The budget grid's printed values and its truth; columns past the ``past`` ones have no 執行額."""
    d = rng.choice(DASHES)
    last = len(years) - 1 if request else len(years)
    rows: dict[str, list[str]] = {k: [] for k in ("当初予算", "補正予算", "前年度から繰越し", "翌年度へ繰越し", "予備費等", "計", "執行額",
                                                "執行率（％）", "当初予算＋補正予算に対する執行額の割合（％）")}
    truth: dict[str, str] = {}
    for i, y in enumerate(years):
        initial = _money(rng) if rng.random() < 0.9 else None
        supp = _money(rng) if rng.random() < 0.2 and i < last else None
        carried_in = _money(rng) if rng.random() < 0.15 and i < last else None
        carried_out = -_money(rng) if rng.random() < 0.15 and i < past else None
        reserve = None
        current = sum(x or 0 for x in (initial, supp, carried_in, carried_out))
        for label, v in (("当初予算", initial), ("補正予算", supp), ("前年度から繰越し", carried_in), ("翌年度へ繰越し", carried_out),
                         ("予備費等", reserve), ("計", current)):
            rows[label].append(d if v is None else _printed(v, rng))
        fields = {"initial": initial, "supplementary": supp, "carried_in": carried_in, "carried_out": carried_out, "current": current}
        if i == last:
            truth[f"{y - 1}/next_request"] = str(current * factor)
            continue
        for name, v in fields.items():
            if v is not None:
                truth[f"{y}/{name}"] = str(v * factor)
        if i < past:
            executed = max(0, current - rng.randint(0, max(1, current // 5))) if current > 0 else None
            rows["執行額"].append(d if executed is None else _printed(executed, rng))
            rows["執行率（％）"].append(f"{round(100 * executed / current)}%" if executed is not None and current > 0 else d)
            rows["当初予算＋補正予算に対する執行額の割合（％）"].append(d)
            if executed is not None:
                truth[f"{y}/executed"] = str(executed * factor)
    return rows, truth


def _spans(rng: random.Random, first: int, last: int, n: int, minimum: int = 1) -> list[tuple[int, int]]:
    """``n`` adjacent column spans covering ``first`` … ``last``, of random widths."""
    width = last - first + 1
    cuts = sorted(rng.sample(range(1, width // minimum), n - 1)) if width // minimum > n else list(range(1, n))
    cuts = [c * minimum for c in cuts]
    bounds = [0, *cuts, width]
    spans = [(first + bounds[i], first + bounds[i + 1] - 1) for i in range(n)]
    return [s for s in spans if s[1] >= s[0]]


def _labels(review_year: int, rng: random.Random) -> dict[str, str]:
    """Label wording of the template year (and of careless copies of it)."""
    out: dict[str, str] = {}
    if rng.random() < 0.3:
        out["前年度から繰越し"] = "前年度からの繰越し"
    if rng.random() < 0.3:
        out["翌年度へ繰越し"] = "翌年度への繰越し"
    if rng.random() < 0.3:
        out["執行率（％）"] = "執行率(%)"
    if rng.random() < 0.5:
        out["支出先上位１０者リスト"] = rng.choice(["支出先上位10者リスト", "支出先上位１０者リスト\n※平成28年度実績を記入"])
    if rng.random() < 0.4:
        out["支　出　額（百万円）"] = "支出額\n（百万円）"
    if rng.random() < 0.3:
        out["予算額・執行額（単位:百万円）"] = "予算額・\n執行額\n（単位：百万円）"
    return out


def _ministry_arrangement(name: str, rng: random.Random) -> dict[str, Any]:
    form = rng.choice(["cell", "cell", "inline", "split", "labelled", "bracket"])
    if form == "cell":
        return {"title_form": "cell", "ministry_printed": rng.choice([name, "　".join(name), f" {name} "])}
    if form == "bracket":
        return {"title_form": "cell", "ministry_printed": rng.choice([f"（{name}）", f"({name})", f"【{name}】", f"（　{name}　）"])}
    if form == "inline":
        return {"title_form": "inline", "title_joint": rng.choice(["　", "　　", "\n", " "]),
                "ministry_printed": rng.choice([name, f"（{name}）", f"（府省庁名：{name}）"])}
    if form == "split":
        return {"title_form": "split", "ministry_printed": name, **rng.choice([{"open": "（", "close": "）"}, {"open": "(", "close": ")"},
                                                                               {"open": "【", "close": "】"}])}
    return {"title_form": "labelled", "ministry_printed": name, "ministry_label": rng.choice(["府省庁名", "（府省庁名）", "府省名"])}


def _wrap(text: str, rng: random.Random) -> str:
    """A line break typed inside a cell, now and then."""
    if len(text) > 6 and rng.random() < 0.25:
        cut = rng.randint(2, len(text) - 2)
        return text[:cut] + "\n" + text[cut:]
    return text


#: Laws real sheets cite, with their 法令番号 (era, era year, kind, number).
LAWS = [("健康増進法", "平成", 14, "法律", 103), ("地方自治法", "昭和", 22, "法律", 67),
        ("補助金等に係る予算の執行の適正化に関する法律", "昭和", 30, "法律", 179), ("介護保険法", "平成", 9, "法律", 123),
        ("社会福祉法", "昭和", 26, "法律", 45), ("農地法", "昭和", 27, "法律", 229), ("中小企業等経営強化法", "平成", 11, "法律", 18),
        ("地域公共交通の活性化及び再生に関する法律", "平成", 19, "法律", 59), ("総務省設置法", "平成", 11, "法律", 91),
        ("地方交付税法施行令", "昭和", 28, "政令", 31)]
_KANJI = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """A number below 10,000 in kanji as laws print it (百三, 二十二, 二百二十九)."""
    out = ""
    for unit, value in (("千", 1000), ("百", 100), ("十", 10)):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else _KANJI[q]) + unit
    return out + (_KANJI[n] if n else "")


def _laws(rng: random.Random) -> tuple[str, dict[str, str]]:
    """A 根拠法令 cell citing one to three laws, the 法令番号 printed after the title, before it, or not at all."""
    text, truth = [], {}
    for title, era, year, kind, number in rng.sample(LAWS, rng.randint(1, 3)):
        article = rng.randint(1, 120)
        kanji = rng.random() < 0.6
        printed_number = f"{era}{kanji_number(year) if kanji else year}年{kind}第{kanji_number(number) if kanji else number}号"
        if rng.random() < 0.2:
            printed_number = printed_number.translate(_FW)
        provision = f"第{kanji_number(article)}条" if kanji else f"第{article}条"
        form = rng.choice(["plain", "after", "before", "before-bracket"])
        if form == "plain":
            cited = f"{title}{provision}"
        elif form == "after":  # 「健康増進法（平成十四年法律第百三号）第十条」
            cited = f"{title}{rng.choice(['（', '('])}{printed_number}{rng.choice(['）', ')'])}{provision}"
        elif form == "before":  # 「平成十四年法律第百三号　健康増進法第十条」
            cited = f"{printed_number}{rng.choice(['　', ' ', ''])}{title}{provision}"
        else:  # 「平成十四年法律第百三号（健康増進法）第十条」
            cited = f"{printed_number}（{title}）{provision}"
        text.append(cited)
        truth[f"{title}/article"] = str(article)
        if form != "plain":
            truth[f"{title}/law_number"] = f"{era}{year}年{kind}第{number}号"
    return rng.choice(["\n", "\n", "、"]).join(text), truth


def _corporate_number(rng: random.Random) -> str:
    from rs2rdf.sources.normalize.ids import corporate_check_digit

    base = f"{rng.randint(0, 10**12 - 1):012d}"
    return f"{corporate_check_digit(base)}{base}"


def draw(seed: int, i: int) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    rng = random.Random(f"{seed}/{i}")
    review_year = rng.randint(2013, 2023)
    ministry, abbr = rng.choice(MINISTRIES if review_year >= 2023 else MINISTRIES[:12])
    number, number_cells = _number(review_year, abbr, rng)
    # variants added in the third round are drawn from a stream of their own (so are 千円 and the second round)
    v3 = random.Random(f"{seed}/{i}/v3")
    # budget grids of 3, 4 or 6 year columns (two or four past years, no request column) besides the usual five
    past, request = v3.choice([(3, True)] * 6 + [(1, True), (2, True), (3, False), (4, True), (4, True)])
    headers, years, era_form = _headers(review_year, rng, past, request)
    # some sheets print 千円 (drawn apart, so that adding this variant left the other draws as they were)
    unit, factor = ("千円", 1_000) if random.Random(f"{seed}/{i}/unit").random() < 0.12 else ("百万円", 1_000_000)
    budget, budget_truth = _budget(rng, years, factor, past, request)
    f = copy.deepcopy(SEED)
    f["id"] = f"corpus-{seed}-{i:03d}"
    f["title"] = _title(review_year, rng)
    f["ministry"] = ministry
    f["number"] = number
    f["budget_years"] = headers
    f["budget"] = budget
    era, n = _era(review_year)
    f["detail_title"] = f"{era}{_num(n)}・{_num(n + 1)}年度予算内訳（単位：{unit}）"
    f["budget_past"] = past
    if (past, request) != (3, True):  # the indicator grids keep their five year columns
        f["indicator_years"] = [f"{_num(_era(y)[1])}年度" for y in range(review_year - 3, review_year + 1)] + [f"{_num(_era(review_year + 1)[1])}年度要求"]
    request_value = budget["当初予算"][past + 1] if request else v3.choice(DASHES)
    f["budget_items_total"] = (budget["当初予算"][past], request_value)
    f["budget_items"] = [("委託費", budget["当初予算"][past], request_value, "")]
    name = rng.choice(["再生可能エネルギー導入促進事業", "地域公共交通確保維持改善事業", "自治体情報セキュリティ強化対策事業",
                       "中小企業デジタル化支援事業", "介護人材確保のための総合的な支援事業"])
    f["basics"]["事業名"] = _wrap(name, rng)
    f["basics"]["担当部局庁"] = rng.choice(["総合政策局", "自治行政局", "大臣官房", "健康局"])
    f["basics"]["担当課室"] = rng.choice(["総務課", "地域情報政策室", "企画課　調整室"])
    start = rng.randint(1990, review_year)
    f["basics"]["事業開始年度"] = f"{_era(start)[0]}{_num(_era(start)[1])}年度"
    if review_year < 2015:
        f["policy_label"] = "施策名"
    # money flow and lists
    nblocks = rng.randint(1, 3)
    letters = "ABC"[:nblocks]
    f["flow"] = {"total": f"{_money(rng):,}{unit}", "blocks": []}
    payees = []
    truth_payees: dict[str, str] = {}
    truth_blocks: dict[str, str] = {}
    used: set[str] = set()
    for b, letter in enumerate(letters):
        block_name = rng.choice(BLOCK_NAMES)
        amount = _money(rng)
        f["flow"]["blocks"].append({"letter": letter, "name": block_name, "amount": f"{amount:,}{unit}", "role": "【補助】"})
        truth_blocks[f"{letter}/name"] = block_name
        truth_blocks[f"{letter}/amount"] = str(amount * factor)
        rows = []
        for rank in range(1, rng.randint(1, 10) + 1):
            payee = rng.choice([p for p in PAYEES if p not in used] or PAYEES) + ("" if rng.random() < 0.8 else f"（第{rank}工区）")
            used.add(payee)
            corp = _corporate_number(rng) if rng.random() < 0.85 else rng.choice(DASHES)
            value = _money(rng, 1, 9000)
            rows.append((_wrap(payee, rng), corp, rng.choice(BUSINESS), _printed(value, rng), rng.choice(["1", "2", "-"]),
                         rng.choice(["-", "99.8%", "100%"]), rng.choice(["一般競争契約（最低価格）", "補助金等交付", "随意契約（企画競争）"]), "-"))
            truth_payees[f"{letter}/{rank}/name"] = payee
            if corp[0].isdigit():
                truth_payees[f"{letter}/{rank}/corporate_number"] = corp
            truth_payees[f"{letter}/{rank}/amount"] = str(value * factor)
        payees.append((f"{letter}.{block_name}", rows))
    f["payees"] = payees
    f["expenses"] = [(f"{letter}.{rng.choice(BLOCK_NAMES)}（{rng.choice(PAYEES)}）", [("補助金", "事業費", "10")], "10") for letter in letters]
    total_rows = sum(len(rows) for _, rows in payees)
    # layout
    lay: dict[str, Any] = {"labels": _labels(review_year, rng), **_ministry_arrangement(ministry, rng)}
    if unit == "千円":
        lay["labels"].update({"予算額・執行額（単位:百万円）": "予算額・執行額（単位:千円）", "支　出　額（百万円）": "支　出　額（千円）",
                              "金　額(百万円）": "金　額(千円）", "契約額（百万円）": "契約額（千円）",
                              "資金の流れ（資金の受け取り先が何を行っているかについて補足する）（単位：百万円）":
                              "資金の流れ（資金の受け取り先が何を行っているかについて補足する）（単位：千円）"})
    if number_cells:
        lay["number_cells"] = number_cells
    lay["col_width"] = rng.choice([3.4, 3.6, 3.6, 3.8, 4.0])
    lay["budget_spans"] = _spans(rng, 8, 24, len(headers), minimum=2)
    lay["budget_values"] = rng.choice(["merged", "merged", "first", "last"])
    lay["payee_place"] = rng.choice(["same", "same", "lower", "sheet2"])
    if lay["payee_place"] == "lower":
        lay["payee_gap_rows"] = rng.randint(2, 12)
    if rng.random() < 0.4:
        lay["rank_cols"] = (1, 2)
        lay["payee_cols"] = _spans(rng, 3, 24, 8, minimum=2)
    elif rng.random() < 0.3:
        lay["payee_cols"] = _spans(rng, 2, 24, 8, minimum=2)
    if rng.random() < 0.3 and total_rows > 3:
        lay["payee_breaks"] = [rng.randint(2, total_rows - 1)]
    # variants added later are drawn apart, so that the draws above (and the committed sample's truth) stay as they were
    more = random.Random(f"{seed}/{i}/v2")
    lay["font"] = more.choice(["IPAexGothic", "IPAexMincho"])
    if review_year <= 2015 and more.random() < 0.7:  # 法人番号 entered the list in the 平成28 template
        lay["payee_drop"] = [1]
        truth_payees = {k: v for k, v in truth_payees.items() if not k.endswith("/corporate_number")}
    if more.random() < 0.3:
        lay["list_note"] = more.choice(["※上位10者以外の支出先は記載していない。", "※金額は支出負担行為ベース"])
    if more.random() < 0.3:
        lay["budget_note"] = more.choice(["※執行額には翌年度繰越額を含まない。", "（注）計数は四捨五入による。"])
    if more.random() < 0.2:
        lay["blank_after_head"] = True
    if more.random() < 0.2:
        lay["number_label"] = more.choice(["事業番号：", "事業\n番号", "事 業 番 号"])
    if more.random() < 0.2 and request:
        f["budget_years"][-1] += "額"  # 「30年度要求額」
    if more.random() < 0.3:
        lay["rank_form"] = more.choice(["1.", "(1)", "①", "none"])
    if more.random() < 0.3:  # numbers in the cells, shown through formats: 「0"年度"」, 「#,##0;"▲ "#,##0」
        lay["numeric_years"] = True
        # a number too wide for a one-column cell prints as 「###」, which no reader can undo: merged cells only
        lay["numeric_money"] = more.random() < 0.7 and lay["budget_values"] == "merged"
    if more.random() < 0.15 and lay["budget_values"] == "merged":
        # no ruling lines at all (values then placed by word positions under their centred headings; a value
        # printed in one narrow column of a wide heading could belong to either neighbour, so not with those)
        f["borders"] = False
    # third round: laws, sub-totals, blank rows, dash markers, notes with numbers, wrapped headings, type sizes
    f["basics"]["根拠法令"], truth_laws = _laws(v3)
    if v3.random() < 0.2:
        lay["budget_subtotal"] = v3.choice(["小計", "小　計"])  # 当初予算＋補正予算, a row of its own
    if v3.random() < 0.15:
        lay["budget_blank_row"] = True  # an empty ruled row between 計 and 執行額
    if v3.random() < 0.2:  # 「29年度\n要求」, 「平成\n29年度」
        lay["year_wrap"] = True
    if v3.random() < 0.15:
        lay["labels"].update({k: k[:2] + "\n" + k[2:] for k in ("当初予算", "補正予算", "予備費等")})
    if not f.get("borders", True) or v3.random() < 0.12:
        # no ruling lines, with the values in one narrow column of a wide heading too
        f["borders"] = False
        if v3.random() < 0.6:
            lay["budget_values"] = v3.choice(["first", "last"])
            lay["numeric_money"] = False
    if v3.random() < 0.25:
        lay["payee_subtotal"] = v3.choice(["小計", "計", "小　計"])  # after each block's rows, the sum in the amount column
    if v3.random() < 0.15 and lay.get("rank_form", "1") != "none":
        lay["payee_fill_ranks"] = True  # ranks printed down to 10 with empty rows
    if v3.random() < 0.2:
        lay["budget_note"] = v3.choice(["（注）令和元年度の執行額には翌年度繰越額1,234百万円を含まない。", "※前年度からの繰越し 25,499 は補正予算分"])
    if v3.random() < 0.2:
        lay["list_note"] = v3.choice(["※上位10者以外の支出額計 3,456", "（注）金額は消費税込み（単位未満四捨五入）12社"])
    lay["size"] = v3.choice([8, 8, 8, 7, 9])
    lay["font"] = v3.choice([lay["font"], lay["font"], "Noto Sans CJK JP", "Noto Serif CJK JP"])
    for letter, (_, rows) in zip(letters, payees):  # an amount printed as a dash: no amount
        for rank, row in enumerate(rows, 1):
            if v3.random() < 0.05:
                rows[rank - 1] = (*row[:3], v3.choice(DASHES), *row[4:])
                truth_payees.pop(f"{letter}/{rank}/amount")
    # fourth round, a stream of its own again: budget values right-aligned (Excel's default for numbers)
    if random.Random(f"{seed}/{i}/v4").random() < 0.3:
        lay["budget_align"] = "right"
    f["layout"] = lay
    f["era_form"] = era_form
    truth = {
        "identity": {"number": _nfkc_number(number), "review_year": str(review_year), "ministry": ministry},
        "basics": {"name": name, "start_year": str(start)},
        "budget": budget_truth,
        "blocks": truth_blocks,
        "payees": truth_payees,
        "laws": truth_laws,
    }
    return f, truth


def _nfkc_number(printed: str) -> str:
    from rs2rdf.sources.normalize.projectnumbers import normalize_project_number

    return normalize_project_number(unicodedata.normalize("NFKC", printed))


def corpus(seed: int, count: int) -> list[tuple[dict[str, Any], dict[str, dict[str, str]]]]:
    return [draw(seed, i) for i in range(count)]


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def facts_of(records: list[Any]) -> dict[str, dict[str, str]]:
    """The facts of ``draw``'s truth kinds, as read from one sheet's records."""
    from rs2rdf.core.records import Block, BudgetSummary, Payment, SheetInfo

    from rs2rdf.core.records import LawRef
    from rs2rdf.sources.normalize.lawnumbers import parse_law_number

    out: dict[str, dict[str, str]] = {"identity": {}, "basics": {}, "budget": {}, "blocks": {}, "payees": {}, "laws": {}}
    for r in records:
        if isinstance(r, LawRef):
            if r.article:
                out["laws"][f"{r.title}/article"] = r.article
            if (number := parse_law_number(r.law_number)) is not None:
                out["laws"][f"{r.title}/law_number"] = number.key
        if isinstance(r, SheetInfo):
            if r.sheet.number:
                out["identity"]["number"] = r.sheet.number
            if r.sheet.review_year:
                out["identity"]["review_year"] = str(r.sheet.review_year)
            if r.ministry:
                out["identity"]["ministry"] = r.ministry
            if r.name:
                out["basics"]["name"] = r.name
            if r.start_year:
                out["basics"]["start_year"] = str(r.start_year)
        elif isinstance(r, BudgetSummary):
            for name in ("initial", "supplementary", "carried_in", "carried_out", "current", "executed", "next_request"):
                money = getattr(r, name)
                if money is not None and money.yen is not None:
                    out["budget"][f"{r.budget_year}/{name}"] = str(money.yen)
        elif isinstance(r, Block):
            if r.name:
                out["blocks"][f"{r.letter}/name"] = r.name
            if r.amount is not None:
                out["blocks"][f"{r.letter}/amount"] = str(r.amount.yen)
        elif isinstance(r, Payment):
            out["payees"][f"{r.block}/{r.rank}/name"] = r.name
            if r.corporate_number:
                out["payees"][f"{r.block}/{r.rank}/corporate_number"] = r.corporate_number
            if r.amount is not None:
                out["payees"][f"{r.block}/{r.rank}/amount"] = str(r.amount.yen)
    return out


def score(pairs: list[tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]]) -> dict[str, dict[str, float]]:
    """Recall and precision per fact kind over (truth, facts) pairs; values compared NFKC without white space."""
    totals: dict[str, list[int]] = {}
    for truth, facts in pairs:
        for kind, expected in truth.items():
            got = facts.get(kind, {})
            t = totals.setdefault(kind, [0, 0, 0])  # correct, expected, extracted
            t[0] += sum(1 for k, v in expected.items() if k in got and _norm(got[k]) == _norm(v))
            t[1] += len(expected)
            t[2] += len(got)
    return {kind: {"recall": c / e if e else 1.0, "precision": c / x if x else 1.0, "expected": e, "extracted": x}
            for kind, (c, e, x) in totals.items()}


def _read_facts(path: str) -> dict[str, dict[str, str]]:
    from rs2rdf.sources.sheet import extract_sheet

    return facts_of(extract_sheet(Path(path)).records)


def evaluate(paths: list[Any], workers: int = 1) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, str, str | None, str | None]]]:
    """Extract each sheet (``{id}.xlsx`` or ``.pdf`` beside ``{id}.truth.json``); the scores and every miss.

    ``workers`` > 1 extracts in that many spawned processes (this folder is put on their path).
    """
    import json

    paths = [Path(p) for p in paths]
    if workers > 1:
        import multiprocessing
        import site
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=site.addsitedir,
                                 initargs=(str(Path(__file__).resolve().parent),)) as pool:
            all_facts = list(pool.map(_read_facts, map(str, paths), chunksize=4))
    else:
        all_facts = [_read_facts(str(p)) for p in paths]
    pairs = []
    misses: list[tuple[str, str, str, str | None, str | None]] = []
    for path, facts in zip(paths, all_facts):
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
        pairs.append((truth, facts))
        for kind, expected in truth.items():
            got = facts.get(kind, {})
            for k in sorted(set(expected) | set(got)):
                if _norm(expected.get(k) or "") != _norm(got.get(k) or ""):
                    misses.append((path.name, kind, k, expected.get(k), got.get(k)))
    return score(pairs), misses


if __name__ == "__main__":
    import os
    import sys
    import time

    started = time.perf_counter()
    files = sorted(Path(sys.argv[1]).glob(f"*.{sys.argv[2] if len(sys.argv) > 2 else 'xlsx'}"))
    scores, misses = evaluate(files, workers=os.cpu_count() or 1)
    for kind, s in scores.items():
        print(f"{kind:10} recall {s['recall']:.4f} precision {s['precision']:.4f} ({s['expected']:.0f} facts, {s['extracted']:.0f} read)")
    print(f"{len(files)} sheets in {time.perf_counter() - started:.1f} s")
    for miss in misses[:int(sys.argv[3]) if len(sys.argv) > 3 else 40]:
        print(*miss, sep="\t")
