"""Generate the bundled sample `rs2rdf/data/sample/` (RS review years 2024 and 2025).

A newcomer's first `rs2rdf build` must exercise every table and every quirk of the real
RS download without shipping real rows, so every project, amount and text below is
invented. Only public identifiers are real: ministry and local-government 法人番号 (the
latter derived from the 団体コード, FORMATS §5.3) and e-Gov law titles/IDs.

Amounts are computed, never typed twice, so the invariants (Σ payees = block, Σ contracts
= payee, Σ accounts = aggregate, Σ 2-2 当初 = 2-1 当初) hold by construction; the quirks
(contradictory flags, junk law IDs, an invalid check digit, blank duplicate rows …) are
deliberate and listed in the sample README.

    python tools/make_sample.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.rs_format import write_rs_year  # noqa: E402

OUT = ROOT / "rs2rdf" / "data" / "sample"
YEARS = (2024, 2025)
U3000 = "\u3000"

# ---------------------------------------------------------------- identifiers


def check_digit(base12: str) -> str:
    """NTA 法人番号 check digit (FORMATS §5.1)."""
    s = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base12), start=1))
    return str(9 - s % 9)


def corp(base12: str) -> str:
    return check_digit(base12) + base12


def local_gov(code5: str) -> str:
    """Real 法人番号 of a local government from its 5-digit 団体コード (FORMATS §5.3)."""
    w = sum(int(d) * k for d, k in zip(code5, (6, 5, 4, 3, 2)))
    return corp("000020" + code5 + str((11 - w % 11) % 10))


#: Deliberately wrong check digit (the valid one for this invented base is different).
INVALID_NUMBER = "5010401990005"
assert corp(INVALID_NUMBER[1:]) != INVALID_NUMBER

# (name, 法人番号, 所在地, 法人種別) – companies and associations are invented.
MIRAI = ("株式会社みらい広報社", corp("010401990001"), "東京都千代田区神田錦町９丁目１番１号", "301")
KOTONOHA = ("合同会社ことのは印刷", corp("011103990002"), "東京都新宿区西新宿９丁目２番３号", "305")
CHIIKI = ("株式会社地域情報総研", corp("010401990003"), "東京都港区芝浦９丁目６番７号", "301")
WEATHER = ("株式会社ウェザーデータ総合研究所", corp("010401990004"), "東京都中央区晴海９丁目３番５号", "301")
SORA = ("株式会社そらかんそく", INVALID_NUMBER, "茨城県つくば市見本町１番地", "301")
LEASE = ("見本リース株式会社", corp("010401990006"), "東京都千代田区大手町９丁目８番１号", "")
BATTERY = ("一般社団法人次世代蓄電池技術協会", corp("010005990007"), "東京都千代田区丸の内９丁目４番２号", "")
GREEN = ("株式会社グリーンセル技研", corp("120001990008"), "大阪府大阪市北区見本町２丁目３番４号", "301")
TOKAI = ("株式会社東海セル工業", corp("180001990009"), "愛知県名古屋市中区見本町５丁目６番７号", "301")
EVAL = ("一般財団法人電池材料評価センター", corp("010005990010"), "東京都文京区本郷９丁目１番２号", "399")
DIGILAB = ("株式会社デジタル研修ラボ", corp("010401990011"), "東京都渋谷区見本台１丁目２番３号", "301")
TRAVEL = ("株式会社みほん旅行", corp("010401990012"), "東京都豊島区見本町３丁目４番５号", "301")
KODOMO_NPO = ("特定非営利活動法人こどもの居場所ネット", corp("011105990013"), "東京都世田谷区見本１丁目１番１号", "")


def lg(name: str, code5: str, address: str) -> tuple[str, str, str, str]:
    return (name, local_gov(code5), address, "201")


TOKYO = lg("東京都", "13000", "東京都新宿区西新宿２丁目８番１号")
HOKKAIDO = lg("北海道", "01000", "北海道札幌市中央区北三条西６丁目")
OSAKA = lg("大阪府", "27000", "大阪府大阪市中央区大手前２丁目")
KOBE = lg("神戸市", "28100", "兵庫県神戸市中央区加納町６丁目５番１号")
SAPPORO = lg("札幌市", "01100", "北海道札幌市中央区北一条西２丁目")
YOKOHAMA = lg("横浜市", "14100", "神奈川県横浜市中区本町６丁目５０番地の１０")
CHIBA = lg("千葉市", "12100", "千葉県千葉市中央区千葉港１番１号")
KAWASAKI = lg("川崎市", "14130", "神奈川県川崎市川崎区宮本町１番地")
FUKUOKA = lg("福岡市", "40130", "福岡県福岡市中央区天神１丁目８番１号")

NOBODY = ("", "", "", "")  # payee without 法人番号/所在地/法人種別


def person(name: str) -> tuple[str, str, str, str]:
    return (name, "", "", "")


# ---------------------------------------------------------------- small helpers


def yen(value: int) -> str:
    return str(value)


def sp(value: int | str) -> str:
    """5-1 writes money and 法人番号 with a trailing space."""
    return f"{value} " if value != "" else ""


def tf(flag: bool) -> str:
    return "TRUE" if flag else "FALSE"


def rate5(executed: int, current: int) -> str:
    """2-1 執行率: a fraction rounded to 5 places, printed like the real file (0.5969, 0.70699)."""
    q = (Decimal(executed) / Decimal(current)).quantize(Decimal("0.00001"), ROUND_HALF_UP)
    return str(float(q))


def pct(actual: int, target: int) -> str:
    """3-1 達成率: a percent with up to 3 decimals (96, 141.28, 130.355)."""
    q = (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.001"), ROUND_HALF_UP)
    s = format(q, "f").rstrip("0").rstrip(".")
    return s


def scaled(amount: int, year: int, pct_per_year: int) -> int:
    """A thousand-yen amount that drifts from 2024 on, so the 2025 files differ."""
    return amount * (100 + pct_per_year * (year - 2024)) // 100_000 * 1000


# ---------------------------------------------------------------- projects

PROJECTS: dict[int, dict] = {
    90001: dict(
        name="民事法制度の周知・広報推進事業", ministry_order="16", policy_ministry="法務省", ministry="法務省",
        bureau="民事局", division="総務課", subsection="広報係", years=(2024, 2025)),
    90002: dict(
        name="地域情報化推進交付金", ministry_order="15", policy_ministry="総務省", ministry="総務省",
        bureau="情報流通行政局", division="地域通信振興課", years=(2024, 2025)),
    90003: dict(
        name="消防団活動支援設備整備費補助金", ministry_order="15", policy_ministry="総務省", ministry="消防庁",
        department="国民保護・防災部", division="防災課", office="地域防災室", years=(2024, 2025)),
    90004: dict(
        name="気象観測データ利活用促進事業", ministry_order="23", policy_ministry="国土交通省",
        ministry=f"国土交通省{U3000}気象庁", division=f"情報基盤部{U3000}情報利用推進課", years=(2024, 2025)),
    90005: dict(
        name="次世代蓄電池技術開発支援事業", ministry_order="22", policy_ministry="経済産業省", ministry="経済産業省",
        bureau="商務情報政策局", division="電池産業課", years=(2024, 2025)),
    90006: dict(
        name="行政職員デジタル研修推進事業", ministry_order="13", policy_ministry="デジタル庁", ministry="デジタル庁",
        bureau="戦略・組織グループ", division="人材育成担当", years=(2024,)),
    90007: dict(
        name="こどもの居場所づくり推進モデル事業", ministry_order="12", policy_ministry="こども家庭庁",
        ministry="こども家庭庁", bureau="成育局", division="成育環境課", years=(2025,)),
}

COMMON_FIELDS = ("ministry_order", "policy_ministry", "ministry", "bureau", "department", "division",
                 "office", "section", "subsection")


def common(pid: int, year: int) -> dict[str, str]:
    p = PROJECTS[pid]
    row = {"sheet_type": "レビューシート", "review_year": str(year), "budget_id": str(pid), "name": p["name"]}
    row.update({f: p.get(f, "") for f in COMMON_FIELDS})
    return row


# ---------------------------------------------------------------- 1-1 組織情報

def t_1_1(pid: int, y: int) -> list[dict]:
    unit = lambda m, b="", d="", c="", o="": dict(  # noqa: E731
        co_ministry=m, co_bureau=b, co_department=d, co_division=c, co_office=o)
    rows = {
        90001: [dict(person="山田一郎")],  # person only
        90002: [dict(unit("総務省", "自治行政局", "", "地域政策課"), person="佐藤花子"),  # unit + person
                dict(unit("総務省", "情報流通行政局", "", f"地域通信振興課{U3000}地域情報化企画室"))],  # unit only
        90003: [dict(person="鈴木次郎"),
                dict(unit("総務省", "情報流通行政局", "", "地域通信振興課"))],
        90004: [dict(person=f"高橋{U3000}誠")],
        90005: [dict(unit("経済産業省", "資源エネルギー庁", "省エネルギー・新エネルギー部", "新エネルギーシステム課"),
                     person="田中三郎"),
                dict(person="伊藤美咲"),
                dict(unit("経済産業省", "産業技術環境局", "", "研究開発課"))],
        90006: [dict(person="渡辺健")],
        90007: [dict(person="中村結衣"), dict(unit("文部科学省", "総合教育政策局", "", "地域学習推進課"))],
    }[pid]
    return [dict(no=str(i), **r) for i, r in enumerate(rows, start=1)]


# ---------------------------------------------------------------- 1-2 事業概要等

METHODS = ("direct", "subsidy", "burden", "grant", "contribution", "other")


def t_1_2(pid: int, y: int) -> list[dict]:
    base = {
        90001: dict(
            purpose="民事紛争の予防と早期解決に資するため、民事法制度の改正内容や相談窓口を国民に分かりやすく周知する。",
            current_issues="相続・不動産登記等の制度改正が続いている一方、改正内容の認知度は低い。／特に高齢者層への周知が課題である。",
            overview="１．広報資料（動画・リーフレット）の企画制作／２．地方説明会の開催／３．検討会の運営",
            overview_url="https://example.invalid/rs2rdf-sample/90001",
            start_year="", start_unknown="FALSE",  # blank start year WITHOUT the 開始年度不明 flag
            end_year="", no_end="TRUE", methods=("direct", "other"),
            major=["その他の事項経費", "経済協力費"],  # one row per 主要経費
            old_numbers="2023-法務-22-0031" if y == 2024 else ""),
        90002: dict(
            purpose="地方公共団体が策定する地域情報化計画に基づく取組を支援し、地域課題の解決を図る。",
            current_issues="小規模市町村ではデジタル人材が不足している。／都道府県を通じた広域的な支援が必要である。",
            overview="地方公共団体が実施する地域情報化事業に対し、交付金を交付する。",
            overview_url="", start_year="2019", start_unknown="FALSE", end_year="", no_end="TRUE",
            methods=("grant",), major=["その他の事項経費"], old_numbers=""),
        90003: dict(
            purpose="消防団の活動に必要な設備の整備を支援し、地域防災力の充実強化を図る。",
            current_issues="団員数の減少と高齢化が進んでいる。",
            overview="市町村が行う消防団の活動支援設備の整備に要する経費の一部を補助する。",
            overview_url="", start_year="2021", start_unknown="FALSE", end_year="", no_end="TRUE",
            methods=("subsidy",), major=["その他の事項経費"], old_numbers=""),
        90004: dict(
            purpose="気象観測データの民間利活用を促進し、防災・産業分野での活用を拡大する。",
            current_issues="観測データの提供形式が利用者ニーズに合っていない。／データ量の増加に提供基盤が追い付いていない。",
            overview="観測データ提供基盤の運用・保守、データ品質管理及び利活用セミナーの開催",
            overview_url="https://example.invalid/rs2rdf-sample/90004",
            # contradiction as in the real data: 終了予定なし=TRUE together with an end year
            start_year="2018", start_unknown="FALSE", end_year="2026", no_end="TRUE",
            methods=("direct",), major=["その他の事項経費"], old_numbers=""),
        90005: dict(
            purpose="次世代蓄電池の技術開発を支援し、国内製造基盤の強化とカーボンニュートラルの実現に資する。",
            current_issues="海外企業との開発競争が激化している。／材料評価の共通基盤が不足している。",
            overview="執行団体を通じて、民間企業等が行う次世代蓄電池及び材料の研究開発に要する経費を補助する。",
            overview_url="", start_year="2022", start_unknown="FALSE", end_year="2027", no_end="FALSE",
            methods=("subsidy", "other"), major=["エネルギー対策費"],
            old_numbers="0407,0416" if y == 2024 else ""),
        90006: dict(
            purpose="行政職員のデジタル技術に関する知識と実践力を高める。",
            current_issues="府省ごとに研修内容が異なり、体系的な育成ができていない。",
            overview="オンライン教材の提供及び集合研修の実施",
            overview_url="", start_year="2022", start_unknown="FALSE", end_year="2024", no_end="FALSE",
            methods=("direct",), major=["その他の事項経費"], old_numbers="2023-デジ-22-0107"),
        90007: dict(
            purpose="こどもが安心して過ごせる居場所づくりをモデル的に支援し、全国展開の手法を確立する。",
            current_issues="地域によって居場所の数と質に差がある。",
            overview="モデル地域において民間団体が行う居場所づくりを委託により実施する。／成果を手引きとして取りまとめる。",
            overview_url="", start_year="2025", start_unknown="FALSE", end_year="2027", no_end="FALSE",
            methods=("direct",), major=["少子化対策費"], old_numbers=""),
    }[pid]
    category = "新規開始事業" if pid == 90007 else "前年度事業"
    rows = []
    for major in base["major"]:
        row = {k: base[k] for k in ("purpose", "current_issues", "overview", "overview_url", "start_year",
                                    "start_unknown", "end_year", "no_end", "old_numbers")}
        row.update(category=category, major_expense=major, remarks="", display_order="")
        row.update({f"method_{m}": ("1" if m in base["methods"] else "") for m in METHODS})
        rows.append(row)
    if pid == 90004:
        rows[0]["remarks"] = "観測データの提供件数は年度ごとの集計値である。／2026年度に事業の在り方を見直す予定。"
    return rows


# ---------------------------------------------------------------- 1-3 政策・施策、法令等

def law(title: str, number: str, law_id: str, article: str = "", paragraph: str = "", item: str = "") -> dict:
    return dict(law_title=title, law_number=number, law_id=law_id, article=article, paragraph=paragraph, item=item)


def t_1_3(pid: int, y: int) -> list[dict]:
    policies, laws, plans = {
        90001: (
            [("法務省", "Ⅰー２ 民事法制度の整備", "（３） 民事法制度の周知", "https://example.invalid/policy/moj")],
            [law("法務省設置法", "平成十一年法律第九十三号", "411AC0000000093", "第四条", "1", "第二十一号"),
             law("法務省設置法", "平成十一年法律第九十三号", "411AC0000000093", "第四条", "1", "第二十二号")],
            [("民事法制度周知計画（見本）", "")]),
        90002: (
            [("総務省", "Ⅱー１ 地域の活性化", "（２） 地域情報化の推進", ""),
             ("デジタル庁", "ー", "ー", "")],  # dash-only policy
            [law("総務省設置法", "平成十一年法律第九十一号", "411AC0000000091", "第四条", "1", "第七十号")],
            [("地域情報化推進計画（見本）", "https://example.invalid/plan/90002"),
             ("デジタル田園都市国家構想総合戦略（見本）", ""),
             ("地域情報化推進交付金交付要綱（見本）", "")]),
        90003: (
            [("総務省", "Ⅴー１ 消防防災体制の充実強化", "（１） 地域防災力の充実強化", "")],
            [law("消防組織法", "昭和二十二年法律第二百二十六号", "322AC0000000226", "第三十七条"),
             law("消防団を中核とした地域防災力の充実強化に関する法律", "平成二十五年法律第百十号", "IDなし")],
            []),
        90004: (
            [("国土交通省", "１０ 気象情報の充実", "（１） 気象データの利活用促進", "")],
            [law("気象業務法", "昭和二十七年法律第百六十五号", "327AC0000000165", "第十一条"),
             law("気象業務法", "昭和二十七年法律第百六十五号", "327AC0000000165", "第八十五条", "2")],
            [("気象データ利活用推進方針（見本）", "")]),
        90005: (
            [("経済産業省", "Ⅵー３ 省エネルギー・新エネルギー", "（２） 蓄電池産業の強化", "")],
            [law("特別会計に関する法律", "平成十九年法律第二十三号", "419AC0000000023", "第八十五条", "3", "第１号、第７号"),
             law("独立行政法人エネルギー・金属鉱物資源機構法", "令和四年法律第六十八号",
                 "414AC0000000094_20250601_504AC0000000068"),  # revision ID instead of a law ID
             law("経済産業省設置法", "平成十一年法律第九十九号", "411AC0000000099", "第四条", "1", "第五十五号")],
            [("蓄電池産業戦略（見本）", ""), ("第７次エネルギー基本計画（見本）", "")]),
        90006: (
            [("デジタル庁", "デジタル人材の育成", "行政職員の能力向上", "")],
            [law("国家公務員法第70条の６第１項第２号", "", ""),  # free text with the article glued on
             law("デジタル庁設置法", "令和三年法律第三十六号", "503AC0000000036", "第四条", "2", "第十七号")],
            [("デジタル人材育成方針（見本）", "")]),
        90007: (
            [("こども家庭庁", "こどもの健やかな成長", "居場所づくりの推進", "")],
            [law("こども基本法", "令和四年法律第七十七号", "504AC0000000077", "第十一条"),
             law("こども家庭庁設置法", "令和四年法律第七十五号", "504AC0000000075", "第四条", "1", "第一号")],
            [("こどもの居場所づくり推進指針（見本）", "")]),
    }[pid]
    rows = []
    for i in range(max(len(policies), len(laws), len(plans))):
        row: dict[str, str] = {}
        if i < len(policies):
            m, pol, mea, url = policies[i]
            row.update(policy_no=str(i + 1), policy_ministry_p=m, policy=pol, measure=mea, policy_url=url)
        if i < len(laws):
            row.update(law_no=str(i + 1), **laws[i])
        if i < len(plans):
            name, url = plans[i]
            row.update(plan_no=str(i + 1), plan_name=name, plan_url=url)
        rows.append(row)
    return rows


# ---------------------------------------------------------------- 1-4 補助率等, 1-5 関連事業

def t_1_4(pid: int, y: int) -> list[dict]:
    entries = {
        90002: [("都道府県及び市町村", "'１／２", "１事業当たり50,000千円", ""),
                ("条件不利地域の市町村", "'補助対象経費の２／３以内", "", "https://example.invalid/rate/90002")],
        90003: [("市町村", "'定額", "１団体当たり20,000千円", "")],
        90005: [("民間企業等（大企業）", "'１／２", "", ""), ("民間企業等（中小企業）", "'２／３", "", "")],
    }.get(pid, [])
    return [dict(no=str(i), target=t, rate=r, cap=c, url=u) for i, (t, r, c, u) in enumerate(entries, start=1)]


def t_1_5(pid: int, y: int) -> list[dict]:
    links = {
        90002: [("90003", PROJECTS[90003]["name"], "子事業")],
        90003: [("90002", PROJECTS[90002]["name"], "親事業")],
        # a link to a sheet that is not in the files (a fund sheet)
        90005: [("99901", "次世代蓄電池技術開発基金（見本）", "基金造成した基金シート")],
    }.get(pid, [])
    if pid == 90007 and y == 2025:
        links = [("90006", PROJECTS[90006]["name"], "その他関連元")]  # ended project, not in the 2025 files
    return [dict(no=str(i), target_id=t, target_name=n, relation=r) for i, (t, n, r) in enumerate(links, start=1)]


# ---------------------------------------------------------------- 2-1 / 2-2 予算・執行

class Account:
    """One 会計/勘定 line of a project; every amount is derived from a few integers."""

    def __init__(self, kind, account, sub, owner, org, kou, items, base, step, *, supp=None, carried=None,
                 reserve=None, exec_permille=850, priority=0):
        self.kind, self.account, self.sub = kind, account, sub
        self.owner, self.org, self.kou, self.items = owner, org, kou, items  # items: [(目, permille)]
        self.base, self.step = base, step
        self.supp, self.carried, self.reserve = supp or {}, carried or {}, reserve or {}
        self.exec_permille, self.priority = exec_permille, priority

    def initial(self, by: int) -> int:
        return self.base + self.step * (by - 2021)

    def current(self, by: int) -> int:
        return self.initial(by) + self.supp.get(by, 0) + self.carried.get(by, 0) + self.reserve.get(by, 0)

    def executed(self, by: int, review: int) -> int:
        return 0 if by >= review else self.current(by) * self.exec_permille // 1_000_000 * 1000

    def split(self, by: int) -> list[tuple[str, int]]:
        total, out = self.initial(by), []
        for moku, permille in self.items[:-1]:
            out.append((moku, total * permille // 1_000_000 * 1000))
        out.append((self.items[-1][0], total - sum(a for _, a in out)))
        return out


GENERAL = ("一般会計", "一般会計", "")
ACCOUNTS: dict[int, list[Account]] = {
    90001: [Account(*GENERAL, "法務省", "法務本省", "法務本省共通費",
                    [("諸謝金", 120), ("職員旅費", 80), ("委員等旅費", 60), ("庁費", 740)], 18_000_000, 1_500_000)],
    90002: [Account(*GENERAL, "総務省", "総務本省", "地域情報化推進費",
                    [("地域情報化推進交付金", 980), ("庁費", 20)], 2_400_000_000, 50_000_000,
                    supp={2023: 300_000_000}, carried={2024: 150_000_000}, exec_permille=910)],
    90003: [Account(*GENERAL, "総務省", "消防庁", "消防防災体制等整備費",
                    [("消防団活動支援設備整備費補助金", 1000)], 160_000_000, 4_000_000)],
    90004: [Account(*GENERAL, "国土交通省", "気象庁", "気象官署共通費",
                    [("情報処理業務庁費", 700), ("庁費", 250), ("職員旅費", 50)], 110_000_000, -2_000_000,
                    exec_permille=960)],
    90005: [Account(*GENERAL, "経済産業省", "経済産業本省", "産業技術振興費",
                    [("次世代蓄電池技術開発支援事業費補助金", 1000)], 1_200_000_000, 100_000_000, priority=300_000_000),
            Account("特別会計", "エネルギー対策特別会計", "エネルギー需給勘定", "経済産業省", "エネルギー需給勘定",
                    "エネルギー需給構造高度化対策費", [("次世代蓄電池技術開発支援事業費補助金", 990), ("庁費", 10)],
                    3_400_000_000, 200_000_000, reserve={2023: -150_000_000}, exec_permille=780)],
    90006: [Account(*GENERAL, "デジタル庁", "デジタル庁", "情報通信技術調達等適正・効率化推進費",
                    [("諸謝金", 50), ("情報処理業務庁費", 950)], 60_000_000, 0)],
    90007: [Account(*GENERAL, "こども家庭庁", "こども家庭庁", "こども・子育て支援推進費",
                    [("こども居場所づくり推進委託費", 1000)], 0, 45_000_000)],
}
START_BUDGET_YEAR = {90007: 2025}
REASONS = {90002: "交付対象団体の増加に伴う増", 90005: "研究開発の本格化に伴う増"}


def budget_years(pid: int, review: int) -> list[int]:
    first = max(review - 3, START_BUDGET_YEAR.get(pid, 0))
    return list(range(review, first - 1, -1))


def t_2_1(pid: int, y: int) -> list[dict]:
    rows = []
    for by in budget_years(pid, y):
        accs = ACCOUNTS[pid]
        init = sum(a.initial(by) for a in accs)
        supp = sum(a.supp.get(by, 0) for a in accs)
        carried = sum(a.carried.get(by, 0) for a in accs)
        reserve = sum(a.reserve.get(by, 0) for a in accs)
        current = sum(a.current(by) for a in accs)
        executed = sum(a.executed(by, y) for a in accs)
        rows.append(dict(
            budget_year=str(by), initial_total=yen(init), supplementary_total=yen(supp),
            carried_in_total=yen(carried), reserve_total=yen(reserve), current_total=yen(current),
            executed_total=yen(executed),
            execution_rate="" if by >= y or current == 0 else rate5(executed, current),
            carried_out_total=yen(sum(a.carried.get(by + 1, 0) for a in accs)),
            next_request_total=f"{sum(a.initial(by + 1) for a in accs)}.0",
            reason=REASONS.get(pid, "") if by == y else "", notes=""))
        for a in accs:
            rows.append(dict(
                budget_year=str(by), account_kind=a.kind, account=a.account, sub_account=a.sub,
                initial=yen(a.initial(by)), supplementary1=yen(a.supp.get(by, 0)), supplementary2="0",
                supplementary3="0", supplementary4="0", supplementary5="0", carried_in=yen(a.carried.get(by, 0)),
                reserve1=yen(a.reserve.get(by, 0)), reserve2="0", reserve3="0", reserve4="0",
                current=yen(a.current(by)), executed=yen(a.executed(by, y)), next_request=yen(a.initial(by + 1)),
                priority_request=yen(a.priority if by == y else 0), remarks=""))
        if pid == 90005 and by == y:
            rows.append(dict(budget_year=str(by)))  # blank duplicate row, as in the real file
    return rows


def t_2_2(pid: int, y: int) -> list[dict]:
    rows = []
    for by in budget_years(pid, y):
        for a in ACCOUNTS[pid]:
            acc = dict(budget_year=str(by), account_kind=a.kind, account=a.account, sub_account=a.sub)
            nxt = dict(a.split(by + 1))
            for moku, amount in a.split(by):
                row = dict(acc, budget_type="当初予算", amount=yen(amount), next_request=yen(nxt.get(moku, 0)))
                if by == y:  # structured columns only for the current budget year
                    row.update(jurisdiction=a.owner, organization=a.org, kou=a.kou, moku=moku)
                else:  # older years: the item survives only as free text
                    row.update(note=f"{a.kou}{U3000}{moku}")
                rows.append(row)
            for kind, label, values in (("第1次補正予算", "第１次補正予算", a.supp),
                                        ("前年度から繰越し", "前年度から繰越し", a.carried),
                                        ("予備費等1", "予備費等１", a.reserve)):
                if values.get(by):
                    rows.append(dict(acc, budget_type=kind, note=label, amount=yen(values[by])))
    return rows


# ---------------------------------------------------------------- 3-1 / 3-2 効果発現経路

YEAR_COLS = range(2007, 2061)


def activity(no: int, text: str) -> dict:
    return dict(number=str(no), kind="アクティビティ", description=text)


def indicator(y: int, kind: str, no: int, text: str, name: str, unit: str, targets: dict[int, int],
              actuals: dict[int, int], target_years: tuple[int, ...], term: str = "",
              source: str = "") -> list[dict]:
    """One output/outcome as its 4-row block (目標年度 flags, 目標値, 実績値, 達成率)."""
    head = dict(number=str(no), kind=kind, term=term, goal_kind="定量的" if kind == "アウトカム" else "",
                description=text, indicator=name, unit=unit,
                direction="上がると良い指標" if kind == "アウトカム" else "", data_source=source)
    shown_t = {yr: v for yr, v in targets.items() if y - 3 <= yr and (yr <= y or yr in target_years)}
    shown_a = {yr: v for yr, v in actuals.items() if y - 3 <= yr < y}
    flags = {yr: "1" for yr in target_years if yr >= y}
    rates = {yr: pct(v, shown_t[yr]) for yr, v in shown_a.items() if shown_t.get(yr)}
    out = []
    for label, values in (("1.目標年度", flags), ("2.目標値", shown_t), ("3.実績値", shown_a), ("4.達成率", rates)):
        out.append(dict(head, measure=label, **{f"y{yr}": str(v) for yr, v in values.items()}))
    return out


def qualitative(no: int, term: str, text: str, reason: str, result: str) -> list[dict]:
    head = dict(number=str(no), kind="アウトカム", term=term, goal_kind="定性的", description=text,
                qualitative_reason=reason, qualitative_result=result)
    return [dict(head, measure=m) for m in ("1.目標年度", "2.目標値", "3.実績値", "4.達成率")]


def t_3_1(pid: int, y: int) -> list[dict]:
    rows: list[dict] = []
    if pid == 90001:
        rows += [activity(1, "民事法制度の改正内容を紹介する動画・リーフレットを制作し、法務局等で配布する。"),
                 activity(2, "地方都市で制度説明会を開催する。")]
        rows += indicator(y, "アウトプット", 1, "広報資料の配布", "リーフレット配布部数", "部",
                          {2021: 40000, 2022: 40000, 2023: 50000, 2024: 50000, 2025: 55000},
                          {2021: 38210, 2022: 45002, 2023: 51990, 2024: 49870}, (y,))
        rows += indicator(y, "アウトプット", 2, "説明会の開催", "説明会開催回数", "回",
                          {2021: 10, 2022: 10, 2023: 12, 2024: 12, 2025: 12},
                          {2021: 8, 2022: 11, 2023: 12, 2024: 13}, (y,))
        rows += indicator(y, "アウトカム", 1, "説明会参加者の制度理解", "理解できたと回答した参加者の割合", "％",
                          {2021: 80, 2022: 80, 2023: 85, 2024: 85, 2025: 85},
                          {2021: 77, 2022: 84, 2023: 88, 2024: 90}, (y,), "1.短期", "説明会アンケート")
        # outcome number 2 used twice: once short-term, once long-term (key collision in the real data)
        rows += indicator(y, "アウトカム", 2, "改正制度の認知度向上", "改正内容を知っている国民の割合", "％",
                          {2021: 30, 2022: 35, 2023: 40, 2024: 45, 2025: 50},
                          {2021: 28, 2022: 37, 2023: 39, 2024: 47}, (y,), "1.短期", "世論調査（見本）")
        rows += indicator(y, "アウトカム", 2, "民事紛争の早期解決", "調停成立までの平均日数の短縮率", "％",
                          {2021: 5, 2022: 5, 2023: 5, 2028: 10},
                          {2021: 3, 2022: 6, 2023: 4, 2024: 7}, (2028,), "3.長期", "司法統計（見本）")
    elif pid == 90002:
        rows += [activity(1, "地方公共団体の地域情報化事業に交付金を交付する。")]
        rows += indicator(y, "アウトプット", 1, "交付決定", "交付決定件数", "件",
                          {2021: 300, 2022: 320, 2023: 340, 2024: 350, 2025: 360},
                          {2021: 287, 2022: 331, 2023: 352, 2024: 340}, (y,))
        rows += indicator(y, "アウトカム", 1, "地域課題の解決", "目標を達成した事業の割合", "％",
                          {2021: 70, 2022: 70, 2023: 75, 2024: 75, 2025: 80, 2027: 80},
                          {2021: 66, 2022: 72, 2023: 81, 2024: 78}, (2027,), "2.中期", "実績報告書")
    elif pid == 90003:
        rows += [activity(1, "市町村が行う消防団の活動支援設備の整備に補助する。")]
        rows += indicator(y, "アウトプット", 1, "補助団体数", "補助した市町村数", "団体",
                          {2021: 40, 2022: 40, 2023: 40, 2024: 38, 2025: 38},
                          {2021: 41, 2022: 36, 2023: 40, 2024: 38}, (y,))
        rows += qualitative(1, "3.長期", "地域防災力の充実強化",
                            "地域防災力は複合的な要因で決まり、単一の数値で測定できないため。",
                            "整備した設備が訓練及び災害対応で活用されている。")
    elif pid == 90004:
        rows += [activity(1, "観測データ提供基盤を運用する。"), activity(2, "利活用セミナーを開催する。")]
        rows += indicator(y, "アウトプット", 1, "データ提供", "データ提供件数", "千件",
                          {2021: 900, 2022: 1000, 2023: 1100, 2024: 1200, 2025: 1300},
                          {2021: 1020, 2022: 1130, 2023: 1290, 2024: 1415}, (y,))
        rows += indicator(y, "アウトカム", 1, "民間での利活用拡大", "データを利用する民間事業者数", "者",
                          {2021: 150, 2022: 170, 2023: 190, 2024: 210, 2026: 250},
                          {2021: 161, 2022: 184, 2023: 203, 2024: 226}, (2026,), "1.短期", "利用登録台帳")
    elif pid == 90005:
        rows += [activity(1, "執行団体を通じて研究開発費を補助する。"), activity(2, "材料評価の共通基盤を整備する。")]
        rows += indicator(y, "アウトプット", 1, "研究開発テーマの採択", "採択テーマ数", "件",
                          {2022: 10, 2023: 12, 2024: 14, 2025: 15},
                          {2022: 9, 2023: 13, 2024: 14}, (y,))
        rows += indicator(y, "アウトカム", 1, "技術の実用化", "実用化段階に達したテーマ数", "件",
                          {2023: 2, 2024: 4, 2025: 6, 2027: 10},
                          {2023: 3, 2024: 4}, (2027,), "2.中期", "事業報告書")
        rows += indicator(y, "アウトカム", 2, "国内製造能力の拡大", "国内の蓄電池製造能力", "GWh",
                          {2023: 50, 2024: 60, 2030: 150},
                          {2023: 48, 2024: 63}, (2030,), "3.長期", "業界統計（見本）")
    elif pid == 90007:
        rows += [activity(1, "モデル地域で居場所づくりを委託により実施する。")]
        rows += indicator(y, "アウトプット", 1, "モデル地域数", "実施したモデル地域数", "地域",
                          {2025: 10}, {}, (y,))
    kpi = dict(kpi_document="地域情報化推進計画（見本）", kpi_section="第３章２", kpi_url="") if pid == 90002 else {}
    return [dict(kpi, **r) for r in rows]


def edge(fno, fkind, fterm, ftext, tno, tkind, tterm, ttext, explanation="", single=""):
    return dict(from_number=str(fno), from_kind=fkind, from_term=fterm, from_description=ftext,
                to_number=str(tno), to_kind=tkind, to_term=tterm, to_description=ttext,
                explanation=explanation, single_stage_reason=single)


def t_3_2(pid: int, y: int) -> list[dict]:
    """Edges of the logic model; 3-2 writes the period without the numeric prefix (短期, not 1.短期)."""
    A, O, C = "アクティビティ", "アウトプット", "アウトカム"
    ind = {r["number"] + r["kind"] + r.get("term", ""): r["description"] for r in t_3_1(pid, y)}
    d = lambda no, kind, term="": ind[f"{no}{kind}{term}"]  # noqa: E731
    if pid == 90001:
        return [
            edge(1, A, "", d(1, A), 1, O, "", d(1, O)),
            edge(2, A, "", d(2, A), 2, O, "", d(2, O)),
            edge(2, O, "", d(2, O), 1, C, "短期", d(1, C, "1.短期"), "説明会で直接制度を説明することで理解が深まる。"),
            edge(1, O, "", d(1, O), 2, C, "短期", d(2, C, "1.短期"), "配布資料により認知が広がる。"),
            edge(2, C, "短期", d(2, C, "1.短期"), 2, C, "長期", d(2, C, "3.長期"),
                 "制度の認知が紛争の早期相談につながり、解決までの期間が短縮される。"),
        ]
    if pid == 90002:
        return [edge(1, A, "", d(1, A), 1, O, "", d(1, O)),
                edge(1, O, "", d(1, O), 1, C, "中期", d(1, C, "2.中期"), "交付金により各地域の計画が実行される。",
                     "地域ごとに課題が異なり、共通の長期指標を置くことが難しいため。")]
    if pid == 90003:
        return [edge(1, A, "", d(1, A), 1, O, "", d(1, O)),
                edge(1, O, "", d(1, O), 1, C, "長期", d(1, C, "3.長期"), "設備の充実が消防団の活動を支える。")]
    if pid == 90004:
        return [edge(1, A, "", d(1, A), 1, O, "", d(1, O)),
                edge(2, A, "", d(2, A), 1, O, "", d(1, O)),
                edge(1, O, "", d(1, O), 1, C, "短期", d(1, C, "1.短期"), "提供件数の増加が利用事業者の拡大につながる。")]
    if pid == 90005:
        return [edge(1, A, "", d(1, A), 1, O, "", d(1, O)),
                edge(2, A, "", d(2, A), 1, O, "", d(1, O)),
                edge(1, O, "", d(1, O), 1, C, "中期", d(1, C, "2.中期"), "採択テーマの研究開発が実用化に至る。"),
                edge(1, C, "中期", d(1, C, "2.中期"), 2, C, "長期", d(2, C, "3.長期"), "実用化技術が国内製造に採用される。")]
    if pid == 90007:
        return [edge(1, A, "", d(1, A), 1, O, "", d(1, O))]
    return []


# ---------------------------------------------------------------- 4-1 点検・評価

def t_4_1(pid: int, y: int) -> list[dict]:
    base = dict(
        check_result="事業目的に照らして適切に執行されている。／成果指標はおおむね達成している。",
        improvement_direction="引き続き効率的な執行に努める。",
        effect_evaluation="", external_last_year=str(y - 2), external_target="外部有識者による点検対象外",
        external_reason="", external_opinion="", public_process="",
        team_opinion="現状通り", team_opinion_detail="成果指標の達成状況を踏まえ、効率的な執行に努めること。",
        reflection="現状通り", reflection_detail="指摘を踏まえ、引き続き効率的な執行に努める。",
        reflected_general="", reflected_special_account="", reflected_special_sub_account="", reflected_special="")
    if pid == 90001:
        base.update(reflection="縮減", reflected_general="-569000" if y == 2024 else "-412000",
                    team_opinion="事業内容の一部改善")
    if pid == 90004:
        base.update(external_target="書面点検", external_reason="5年間外部有識者点検を実施していない事業",
                    external_opinion="データ提供形式の改善状況を成果指標に反映すべきである。", external_last_year=str(y))
    if pid == 90006:
        base.update(team_opinion="終了予定", reflection="終了予定", reflection_detail="2024年度をもって事業を終了する。")
    if pid == 90007:
        base.update(external_last_year="", external_target="外部有識者による点検対象外", team_opinion="",
                    reflection="", check_result="新規事業のため点検実績なし。", improvement_direction="")
    if pid != 90005:
        return [base]
    base.update(team_opinion="事業内容の一部改善", reflection="執行等改善",
                reflected_general="-12000000", reflected_special_account="エネルギー対策特別会計",
                reflected_special_sub_account="エネルギー需給勘定", reflected_special="-38000000")
    return [  # two rows: only the 指摘事項 columns differ
        dict(base, past_category="公開プロセス", past_year="2022",
             past_content="採択審査の透明性を高めるべき。", past_response="審査基準を公表した。"),
        dict(base, other_category="令和４年度決算検査報告（見本）", other_year="2023",
             other_content="補助対象経費の確認が不十分な事例があった。", other_response="確認手順を改めた。"),
    ]


# ---------------------------------------------------------------- 5-x 支出先

def contract(summary, amount, method, detail="", bidders=0, rate="0", reason="", remainder=False):
    return dict(summary=summary, amount=amount, method=method, detail=detail, bidders=bidders, rate=rate,
                reason=reason, remainder=remainder)


def payee(who, contracts, remainder=False, lines=None):
    return dict(who=who, contracts=contracts, remainder=remainder, lines=lines)


def block(letter, name, count, role, payees, executed=True):
    return dict(letter=letter, name=name, count=count, role=role, payees=payees, executed=executed)


def other(amount):
    """The 「その他」 remainder payee of a block."""
    return payee(("その他", "", "", ""), [contract("その他", amount, "その他", "その他", remainder=True)], remainder=True)


def blocks(pid: int, y: int) -> list[dict]:
    s = lambda amount, pct=3: scaled(amount, y, pct)  # noqa: E731
    sub = lambda amount: contract("地域情報化推進交付金", s(amount, 4), "補助金等交付")  # noqa: E731
    if pid == 90001:
        return [
            block("A", "四谷税務署ほか", "15", "検討会委員への謝金・旅費等", [
                payee(("四谷税務署", "", "", ""), [contract("謝金に係る源泉所得税", s(412_000), "その他", "その他")],
                      lines=[("諸謝金", "源泉徴収税額", 1000)]),
                payee(person("個人Ａ"), [contract("検討会出席に係る謝金・旅費", s(186_000), "その他", "その他")]),
                payee(person("個人Ｂ"), [contract("検討会出席に係る謝金・旅費", s(143_000), "その他", "その他")]),
                other(s(355_000)),
            ]),
            block("B", "株式会社みらい広報社ほか", "3", "広報資料の企画制作・配布", [
                payee(MIRAI, [contract("民事法制度周知用動画の企画制作業務", s(8_910_000), "一般競争契約（総合評価）", "", 3, "92.4"),
                              contract("パンフレット増刷業務", s(1_210_000), "随意契約（少額）")],
                      lines=[("外注費", "動画企画制作", 880), ("印刷製本費・通信運搬費", "パンフレット増刷", 120)]),
                payee(KOTONOHA, [contract("リーフレット印刷製本業務", s(2_640_000), "一般競争契約（最低価格）", "", 4, "78.6")]),
                other(s(98_000)),
            ]),
            block("C", "株式会社みほん旅行", "1", "地方説明会の会場借上げ・旅行手配", [
                payee(TRAVEL, [contract("地方説明会運営業務", s(3_300_000), "随意契約（企画競争）", "", 1, "99.8")],
                      lines=[("借料及び損料", "会場借上げ", 600), ("旅費", "講師旅費", 400)]),
            ]),
        ]
    if pid == 90002:
        return [
            block("A", "東京都ほか", "47", "地域情報化計画に基づく事業の実施（都道府県）", [
                payee(TOKYO, [sub(182_400_000)]), payee(HOKKAIDO, [sub(96_300_000)]),
                payee(OSAKA, [sub(88_150_000)]), other(s(1_204_700_000, 4)),
            ]),
            block("B", "神戸市ほか", "212", "都道府県を通じた間接交付（市町村）", [
                payee(KOBE, [contract("地域情報化推進交付金（間接補助）", s(48_000_000), "補助金等交付")]),
                payee(SAPPORO, [contract("地域情報化推進交付金（間接補助）", s(41_250_000), "補助金等交付")]),
                other(s(612_000_000)),
            ]),
            block("C", "株式会社地域情報総研", "1", "交付金事業の効果検証調査", [
                payee(CHIIKI, [contract("地域情報化推進交付金の効果検証に関する調査研究", s(23_980_000),
                                        "一般競争契約（総合評価）", "", 2, "97.1")],
                      lines=[("人件費", "調査員人件費", 700), ("一般管理費", "一般管理費", 100),
                             ("消費税及び地方消費税相当額", "消費税", 200)]),
            ]),
        ]
    if pid == 90003:
        return [block("A", "横浜市ほか", "38", "消防団の活動支援設備の整備", [
            payee(YOKOHAMA, [contract("消防団活動支援設備整備費補助金", s(23_500_000), "補助金等交付")]),
            payee(CHIBA, [contract("消防団活動支援設備整備費補助金", s(12_800_000), "補助金等交付")]),
            payee(KAWASAKI, [contract("消防団活動支援設備整備費補助金", s(9_600_000), "補助金等交付")]),
            payee(FUKUOKA, [contract("消防団活動支援設備整備費補助金", s(7_150_000), "補助金等交付")]),
            other(s(98_300_000)),
        ])]
    if pid == 90004:
        return [
            block("A", "株式会社ウェザーデータ総合研究所ほか", "5", "観測データ提供基盤の運用・保守", [
                payee(WEATHER, [contract("気象観測データ提供システム運用保守業務", s(64_350_000, 5),
                                         "一般競争契約（総合評価）", "", 1, "99.6")],
                      lines=[("システム運用・保守", "運用保守作業", 1000)]),
                payee(LEASE, [contract("データ提供用サーバ機器賃貸借", s(22_440_000, 5), "一般競争契約（最低価格）", "", 2, "88.9")]),
                payee(SORA, [contract("観測データ品質管理支援業務", s(15_620_000, 5), "一般競争契約（最低価格）", "", 3, "81.2")]),
                other(s(1_870_000, 5)),
            ]),
            block("B", "株式会社みらい広報社", "1", "データ利活用セミナーの広報（再委託）", [
                payee(MIRAI, [contract("利活用セミナー広報業務（再委託）", s(2_750_000), "その他", "再委託")],
                      lines=[("外注費", "広報物制作", 1000)]),
            ]),
        ]
    if pid == 90005:
        return [
            block("A", "一般社団法人次世代蓄電池技術協会", "1", "補助事業の執行管理（執行団体）", [
                payee(BATTERY, [
                    contract("次世代蓄電池技術開発支援事業費補助金", s(3_420_000_000, 5), "補助金等交付"),
                    contract("事業管理事務委託", s(1_150_000_000, 5), "随意契約（企画競争）", "", 1, "100",
                             "公募の結果、応募者が１者であった。今後は公募期間を延長し、説明会を開催して新規参入を促す。")],
                      lines=[("補助金", "研究開発費補助", 740), ("人件費", "執行管理人件費", 200), ("一般管理費", "事務費", 60)]),
            ]),
            block("B", "株式会社グリーンセル技研ほか", "9", "蓄電池材料の研究開発（間接補助）", [
                payee(GREEN, [contract("全固体電池正極材料の研究開発", s(1_480_000_000, 5), "補助金等交付")],
                      lines=[("事業費", "研究開発費", 850), ("人件費", "研究員人件費", 150)]),
                payee(TOKAI, [contract("電池セル量産技術の研究開発", s(960_000_000, 5), "補助金等交付")]),
                other(s(675_000_000, 5)),
            ]),
            block("C", "一般財団法人電池材料評価センター", "1", "材料性能の評価試験（再委託）", [
                payee(EVAL, [contract("材料性能評価試験", s(305_000_000, 5), "その他", "再委託")],
                      lines=[("外注費", "評価試験", 1000)]),
            ]),
        ]
    if pid == 90006:
        return [
            block("A", "株式会社デジタル研修ラボほか", "2", "研修の企画・運営及び効果測定", [
                payee(DIGILAB, [contract("行政職員デジタル研修企画運営業務", 38_720_000, "一般競争契約（総合評価）", "", 2, "94")],
                      lines=[("人件費", "講師・運営人件費", 800), ("雑役務費", "教材配信", 200)]),
                payee(CHIIKI, [contract("研修効果測定調査", 6_930_000, "随意契約（公募）", "", 1, "100")]),
            ]),
            # planned block with no execution: block amount left empty
            block("B", "民間事業者", "", "オンライン教材の改修", [], executed=False),
        ]
    if pid == 90007:
        return [block("A", "特定非営利活動法人こどもの居場所ネットほか", "", "モデル地域での居場所づくり", [], executed=False)]
    return []


def payee_total(p: dict) -> int:
    return sum(c["amount"] for c in p["contracts"])


def t_5_1(pid: int, y: int) -> list[dict]:
    rows = []
    for b in blocks(pid, y):
        total = sum(payee_total(p) for p in b["payees"])
        rows.append(dict(block=b["letter"], block_name=b["name"], payee_count=b["count"], role=b["role"],
                         block_amount=sp(total) if b["executed"] else ""))
        for p in b["payees"]:
            name, number, address, kind = p["who"]
            who = dict(block=b["letter"], payee=name, corporate_number=sp(number), address=address,
                       corporate_kind=kind, is_remainder=tf(p["remainder"]))
            rows.append(dict(who, payee_amount=sp(payee_total(p))))
            for c in p["contracts"]:
                rows.append(dict(who, contract_summary=c["summary"], contract_amount=sp(c["amount"]),
                                 method=c["method"], method_detail=c["detail"], bidders=str(c["bidders"]),
                                 winning_rate=c["rate"], single_bid_reason=c["reason"],
                                 contract_is_remainder=tf(c["remainder"])))
    return rows


def t_5_3(pid: int, y: int) -> list[dict]:
    """費目・使途 of the largest (non-remainder) payee of each block; lines sum to its total."""
    rows = []
    for b in blocks(pid, y):
        candidates = [p for p in b["payees"] if not p["remainder"]]
        if not candidates:
            continue
        p = max(candidates, key=payee_total)
        total = payee_total(p)
        lines = p["lines"] or [("事業費", p["contracts"][0]["summary"], 1000)]
        amounts = [total * permille // 1_000_000 * 1000 for _, _, permille in lines[:-1]]
        amounts.append(total - sum(amounts))
        name, number, _, _ = p["who"]
        for (category, use, _), amount in zip(lines, amounts):
            rows.append(dict(block=b["letter"], payee=name, corporate_number=number,
                             summary=p["contracts"][0]["summary"], category=category, use=use, amount=yen(amount)))
    return rows


def flow(src, src_name, dst, dst_name, note=""):
    return dict(from_block=src, from_name=src_name, from_agency=tf(src == ""), to_block=dst, to_name=dst_name,
                note=note)


def overhead(kind, item, amount):
    return dict(overhead_kind=kind, overhead_item=item, overhead_amount=yen(amount))


def t_5_2(pid: int, y: int) -> list[dict]:
    names = {b["letter"]: b["name"] for b in blocks(pid, y)}
    m = {90004: "気象庁"}.get(pid, PROJECTS[pid]["ministry"])
    to = lambda letter, note="": flow("", m, letter, names[letter], note)  # noqa: E731
    by = lambda a, b, note="": flow(a, names[a], b, names[b], note)  # noqa: E731
    return {
        90001: lambda: [to("A"), to("B"), to("C")],
        90002: lambda: [to("A", "交付金の交付"), by("A", "B", "間接補助"), to("C", "委託")],
        90003: lambda: [to("A", "補助金"), overhead("事務費", "庁費", scaled(870_000, y, 3))],
        90004: lambda: [to("A"), by("A", "B", "再委託")],
        90005: lambda: [to("A", "補助金"), to("A"),  # repeated edge differing only in 補足情報
                        by("A", "B", "間接補助"), by("B", "C", "再委託"),
                        by("B", "A", "返還金")],  # cycle A→B→A
        90006: lambda: [to("A"), to("B", "令和６年度は執行実績なし（想定）"),
                        overhead("間接経費", "人件費", 4_360_000), overhead("間接経費", "旅費", 320_000)],
        90007: lambda: [to("A", "委託")],
    }[pid]()


def t_5_4(pid: int, y: int) -> list[dict]:
    def c(who, summary, amount, method, bidders, rate, reason=""):
        name, number, address, kind = who
        return dict(block="A", name=name, corporate_number=number, address=address, corporate_kind=kind,
                    summary=summary, is_remainder_a="f", amount=yen(amount), method=method, method_detail="",
                    bidders=str(bidders), winning_rate=rate, single_bid_reason=reason, is_remainder="f")
    if pid == 90004:
        return [c(LEASE, "データ提供用サーバ機器賃貸借（令和６年度～令和10年度）", 112_200_000, "一般競争契約（最低価格）", 2, "88.9"),
                c(WEATHER, "気象観測データ提供システム運用保守業務（令和５年度～令和７年度）／※変更契約により契約総額を変更",
                  193_050_000, "一般競争契約（総合評価）", 1, "99.6")]
    if pid == 90005:
        return [c(BATTERY, "事業管理事務委託（令和６年度～令和８年度）", 3_300_000_000, "随意契約（企画競争）", 1, "0",
                  "公募の結果、応募者が１者であった。今後は公募期間を延長し、説明会を開催して新規参入を促す。")]
    return []


def t_6_1(pid: int, y: int) -> list[dict]:
    remarks = {
        90006: "ブロックBは2023年度の執行実績がないため、想定している資金の流れを記載している。",
        90007: "新規事業のため、資金の流れは想定を記載している。",
    }.get(pid, "")
    return [dict(remarks=remarks)]


BUILDERS = {
    "1-1": t_1_1, "1-2": t_1_2, "1-3": t_1_3, "1-4": t_1_4, "1-5": t_1_5, "2-1": t_2_1, "2-2": t_2_2,
    "3-1": t_3_1, "3-2": t_3_2, "4-1": t_4_1, "5-1": t_5_1, "5-2": t_5_2, "5-3": t_5_3, "5-4": t_5_4,
    "6-1": t_6_1,
}


def build_tables(year: int) -> dict[str, list[dict]]:
    """Rows keyed by field name; a project without data gets the blank placeholder row."""
    tables: dict[str, list[dict]] = {}
    for table, builder in BUILDERS.items():
        rows = []
        for pid in sorted(PROJECTS):
            if year not in PROJECTS[pid]["years"]:
                continue
            head = common(pid, year)
            own = builder(pid, year)
            rows.extend([dict(head, **r) for r in own] or [head])
        tables[table] = rows
    return tables


def write_sample(out: Path = OUT) -> list[Path]:
    paths = []
    for year in YEARS:
        paths += write_rs_year(out, year, build_tables(year))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    paths = write_sample(args.out)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} ZIPs ({total:,} bytes) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
