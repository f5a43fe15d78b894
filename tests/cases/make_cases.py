"""Write the inputs of the golden cases in tests/cases/<case>/ (RS CSV dialect, via tools.rs_format).

Each case is a handful of invented rows that isolate one gotcha of FORMATS §8. The
expected graph (``expected.nq``) and problems (``expected-problems.json``) beside the inputs
are the specification of the mapping; they are written by ``pytest --update-golden`` and
reviewed by eye, never accepted blindly.

    python tests/cases/make_cases.py            # rewrite every case's inputs
    python tests/cases/make_cases.py CASE ...   # only these

Inputs are byte-reproducible (fixed ZIP timestamps), so ``tests/test_cases.py`` checks that
the committed inputs are what this script writes. Everything is invented except ministry
names/法人番号 and e-Gov law titles/IDs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rs2rdf.sources.rs_tables import BY_ID, official_stem  # noqa: E402
from tools.rs_format import write_rs_csv, write_rs_zip  # noqa: E402

YEAR = 2024
U3000 = "\u3000"

Rows = list[dict[str, str]]
#: file kind "zip" (official ZIP) or "csv" (the bare member CSV), table id, rows
Files = list[tuple[str, str, Rows]]


def check_digit(base12: str) -> str:
    s = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base12), start=1))
    return str(9 - s % 9)


def corp(base12: str) -> str:
    """An invented 法人番号 with a valid check digit."""
    return check_digit(base12) + base12


MINISTRIES = {
    # name → (建制順, 政策所管府省庁)
    "法務省": (16, "法務省"),
    "総務省": (15, "総務省"),
    "経済産業省": (22, "経済産業省"),
    "国土交通省": (23, "国土交通省"),
    f"国土交通省{U3000}気象庁": (23, "国土交通省"),
    "文部科学省": (19, "文部科学省"),
}


def common(bid: int, name: str, ministry: str = "法務省", bureau: str = "大臣官房", division: str = "見本課",
           **unit: str) -> dict[str, str]:
    """The 13 common columns of one project (a placeholder row has only these)."""
    order, policy = MINISTRIES[ministry]
    row = {"sheet_type": "レビューシート", "review_year": str(YEAR), "budget_id": str(bid), "name": name,
           "ministry_order": str(order), "policy_ministry": policy, "ministry": ministry,
           "bureau": bureau, "division": division}
    row.update(unit)
    return row


def rows(base: dict[str, str], *specific: dict[str, str]) -> Rows:
    return [{**base, **s} for s in specific]


# ---------------------------------------------------------------- the cases


def dialect_bom_crlf() -> Files:
    """FORMATS §1.2 / §8.1: UTF-8 BOM, CRLF, minimal quoting; a bare CSV and a ZIP with a Japanese member name."""
    p = common(92001, "見本制度の周知事業")
    return [
        ("csv", "1-2", rows(p, {
            "purpose": "制度を周知する。／「見本」, \"引用\"を含む。", "category": "前年度事業",
            "start_year": "2010", "start_unknown": "FALSE", "no_end": "TRUE", "major_expense": "その他の事項経費",
            "method_direct": "1"})),
        ("zip", "6-1", rows(p, {"remarks": "備考の見本。"})),
    ]


def header_spelling_1_1() -> Files:
    """FORMATS §1.3 / §8.2: 1-1 spells 建制順/所管府省庁; three row kinds; U+3000 in 課 and in a name."""
    p = common(92002, "見本相談窓口事業", bureau="民事局", division=f"総務課{U3000}企画係")
    return [("zip", "1-1", rows(
        p,
        {"no": "1", "person": "山田太郎"},
        {"no": "2", "co_ministry": "法務省", "co_bureau": "大臣官房", "co_division": f"司法法制部{U3000}司法法制課",
         "person": f"高橋{U3000}誠"},
        {"no": "3", "co_ministry": "総務省", "co_bureau": "自治行政局"},
    ))]


def ministry_u3000() -> Files:
    """FORMATS §8.24: 「国土交通省　気象庁」 is 気象庁 8000012100004, a sub-organisation of 国土交通省."""
    p = common(92003, "見本気象データ事業", ministry=f"国土交通省{U3000}気象庁", bureau="大気海洋部", division="業務課")
    return [("zip", "1-2", rows(p, {"category": "新規開始事業", "start_year": "2024", "end_year": "2026",
                                     "major_expense": "その他の事項経費", "method_subsidy": "1"}))]


def _agg(by: int, initial: int, supp: int = 0, carried: int = 0, reserve: int = 0, executed: int = 0,
         rate: str = "", carried_out: int = 0, request: str = "") -> dict[str, str]:
    current = initial + supp + carried + reserve
    return {"budget_year": str(by), "initial_total": str(initial), "supplementary_total": str(supp),
            "carried_in_total": str(carried), "reserve_total": str(reserve), "current_total": str(current),
            "executed_total": str(executed), "execution_rate": rate, "carried_out_total": str(carried_out),
            "next_request_total": request}


def _acc(by: int, kind: str, account: str, initial: int, sub: str = "", reserve1: int = 0, executed: int = 0,
         request: int = 0) -> dict[str, str]:
    row = {"budget_year": str(by), "account_kind": kind, "account": account, "sub_account": sub,
           "initial": str(initial), "carried_in": "0", "reserve1": str(reserve1), "current": str(initial + reserve1),
           "executed": str(executed), "next_request": str(request), "priority_request": "0"}
    for i in range(1, 6):
        row[f"supplementary{i}"] = "0"
    for i in range(2, 5):
        row[f"reserve{i}"] = "0"
    return row


def budget_aggregate_vs_account() -> Files:
    """FORMATS §8.6-7: one aggregate + two account rows per 予算年度; an all-blank row; a duplicate aggregate row."""
    p = common(92004, "見本蓄電池支援事業", ministry="経済産業省", bureau="製造産業局", division="見本室")
    agg23 = _agg(2023, 3_000_000, executed=2_400_000, rate="0.8", request="3500000.0")
    return [("zip", "2-1", rows(
        p,
        agg23,
        _acc(2023, "一般会計", "一般会計", 1_000_000, executed=800_000, request=1_200_000),
        _acc(2023, "特別会計", "エネルギー対策特別会計", 2_000_000, sub="エネルギー需給勘定", executed=1_600_000,
             request=2_300_000),
        {"budget_year": "2023"},  # all blank
        agg23,  # the same aggregate row again
        _agg(2024, 3_500_000, request="3600000.0"),
        _acc(2024, "一般会計", "一般会計", 1_200_000, request=1_300_000),
        _acc(2024, "特別会計", "エネルギー対策特別会計", 2_300_000, sub="エネルギー需給勘定", request=2_300_000),
    ))]


def budget_zero_row_without_account() -> Files:
    """FORMATS §1.5 2-1 anomaly (6201, 2022): a zero aggregate row plus a row of zeros with no 会計区分/会計/勘定."""
    p = common(92005, "見本観光振興事業", ministry="国土交通省", bureau="観光庁", division="見本課")
    zero = _acc(2022, "", "", 0)
    return [("zip", "2-1", rows(p, _agg(2022, 0, request="0.0"), zero))]


def money_dot_zero() -> Files:
    """FORMATS §8.8: 翌年度要求額（合計） written 42023000.0 is 42023000; 42023000.5 is a problem, the row is kept."""
    p = common(92006, "見本法教育事業")
    return [("zip", "2-1", rows(
        p,
        _agg(2023, 23_737_000, supp=8_260_000, carried=8_220_000, executed=28_433_000, rate="0.70699",
             carried_out=8_260_000, request="42023000.0"),
        _acc(2023, "一般会計", "一般会計", 23_737_000, request=42_023_000),
        _agg(2024, 42_023_000, request="42023000.5"),
    ))]


def money_negative() -> Files:
    """FORMATS §8.9: negative 予備費等 and 反映額 stay negative."""
    p = common(92007, "見本予備費事業", ministry="経済産業省", bureau="製造産業局", division="見本室")
    return [
        ("zip", "2-1", rows(
            p,
            _agg(2023, 500_000_000_000, reserve=-473_807_177_580, executed=20_000_000_000, rate="0.76357"),
            _acc(2023, "特別会計", "エネルギー対策特別会計", 500_000_000_000, sub="エネルギー需給勘定",
                 reserve1=-473_807_177_580, executed=20_000_000_000),
        )),
        ("zip", "4-1", rows(p, {
            "team_opinion": "事業内容の一部改善", "reflection": "縮減", "reflected_general": "-569000",
            "reflected_special_account": "エネルギー対策特別会計", "reflected_special_sub_account": "エネルギー需給勘定",
            "reflected_special": "-1200000"})),
    ]


def spending_trailing_spaces() -> Files:
    """FORMATS §8.10: 5-1 money and 法人番号 end with a space; 5-3 numbers do not."""
    p = common(92008, "見本広報事業")
    payee = {"block": "A", "payee": "株式会社見本広告", "corporate_number": "7010001128717 ",
             "address": "東京都千代田区見本町１丁目", "corporate_kind": "301", "is_remainder": "FALSE"}
    return [
        ("zip", "5-1", rows(
            p,
            {"block": "A", "block_name": "株式会社見本広告", "payee_count": "1", "role": "広報業務",
             "block_amount": "1437000 "},
            {**payee, "payee_amount": "1437000 "},
            {**payee, "contract_summary": "広報業務の請負", "contract_amount": "1437000 ",
             "method": "一般競争契約（最低価格）", "bidders": "3", "winning_rate": "80.9", "contract_is_remainder": "FALSE"},
        )),
        ("zip", "5-3", rows(p, {"block": "A", "payee": "株式会社見本広告", "corporate_number": "7010001128717",
                                 "summary": "広報業務の請負", "category": "人件費", "use": "広報担当者", "amount": "1437000"})),
    ]


def booleans() -> Files:
    """FORMATS §8.11: TRUE/FALSE, f, 1/empty; empty is not FALSE; anything else is a problem."""
    a = common(92009, "見本フラグ事業")
    b = common(92010, "見本空欄フラグ事業")
    return [
        ("zip", "1-2", rows(a, {"category": "前年度事業", "start_unknown": "TRUE", "end_year": "2026",
                                 "no_end": "FALSE", "major_expense": "その他の事項経費",
                                 "method_direct": "1", "method_subsidy": "1"})
         + rows(b, {"category": "前年度事業", "start_year": "2015", "major_expense": "その他の事項経費"})),
        ("zip", "5-2", rows(a, {"from_name": "法務省", "from_agency": "TRUE", "to_block": "A", "to_name": "見本協会",
                                 "note": "予算の配分"})
         + rows(b, {"from_block": "A", "from_name": "見本協会", "from_agency": "はい", "to_block": "B",
                    "to_name": "見本会社"})),
        ("zip", "5-4", rows(a, {"block": "A", "contractor": "株式会社見本リース", "corporate_number": corp("010401980009"),
                                 "summary": "複合機の賃貸借", "amount": "12000000", "method": "一般競争契約（最低価格）",
                                 "bidders": "2", "winning_rate": "91.5", "is_remainder": "f"})),
    ]


def subsidy_apostrophe() -> Files:
    """FORMATS §8.14: 1-4 補助率 values carry Excel's leading apostrophe."""
    p = common(92011, "見本補助金事業", ministry="総務省", bureau="自治行政局", division="見本課")
    return [("zip", "1-4", rows(
        p,
        {"no": "1", "target": "市町村", "rate": "'定額", "cap": "'上限１０００万円"},
        {"no": "2", "target": "都道府県", "rate": "'１／２"},
        {"no": "3", "target": "民間団体", "rate": "定額", "url": "https://example.go.jp/hojo"},
    ))]


def spending_row_kinds() -> Files:
    """FORMATS §8.15-17, §8.13, §8.26: block/payee/contract rows, 「その他」, 個人Ａ in two sheets, a 税務署."""
    a = common(92012, "見本研修事業")
    b = common(92013, "見本講演事業")
    company = {"block": "A", "payee": "株式会社見本研修", "corporate_number": corp("010401980001") + " ",
               "address": "東京都港区見本１丁目", "corporate_kind": "301", "is_remainder": "FALSE"}
    person_a = {"block": "A", "payee": "個人Ａ", "is_remainder": "FALSE"}
    office = {"block": "A", "payee": "麹町税務署", "is_remainder": "FALSE"}
    other = {"block": "A", "payee": "その他", "is_remainder": "TRUE"}
    grant = {"method": "補助金等交付", "bidders": "0", "winning_rate": "0", "contract_is_remainder": "FALSE"}
    return [("zip", "5-1", rows(
        a,
        {"block": "A", "block_name": "株式会社見本研修ほか", "payee_count": "6", "role": "研修の実施",
         "block_amount": "1500000 "},
        {**company, "payee_amount": "1000000 "},
        {**company, "contract_summary": "研修の企画", "contract_amount": "600000 ", "method": "随意契約（企画競争）",
         "bidders": "2", "winning_rate": "99.1", "contract_is_remainder": "FALSE"},
        {**company, "contract_summary": "研修の実施補助", "contract_amount": "400000 ", **grant},
        {**person_a, "payee_amount": "100000 "},
        {**person_a, "contract_summary": "講師謝金", "contract_amount": "100000 ", "method": "その他",
         "method_detail": "その他", "bidders": "0", "winning_rate": "0", "contract_is_remainder": "FALSE"},
        {**office, "payee_amount": "1000 "},
        {**office, "contract_summary": "印紙代", "contract_amount": "1000 ", "method": "その他",
         "contract_is_remainder": "FALSE"},
        {**other, "payee_amount": "399000 "},
        {**other, "contract_summary": "その他", "contract_amount": "399000 ", "method": "その他",
         "contract_is_remainder": "TRUE"},
    ) + rows(
        b,
        {"block": "A", "block_name": "個人Ａ", "payee_count": "1", "role": "講演", "block_amount": "50000 "},
        {**person_a, "payee_amount": "50000 "},
    ))]


def flow_multigraph() -> Files:
    """FORMATS §8.18-19: 5-2 is a multigraph: a cycle, a repeated edge differing only in 補足情報, an overhead row."""
    p = common(92014, "見本信用保証事業", ministry="経済産業省", bureau="中小企業庁", division="見本課")
    return [
        ("zip", "5-1", rows(
            p,
            {"block": "A", "block_name": "株式会社見本公庫", "payee_count": "1", "block_amount": "900000 "},
            {"block": "A", "payee": "株式会社見本公庫", "corporate_number": corp("010001980002") + " ",
             "is_remainder": "FALSE", "payee_amount": "900000 "},
            {"block": "B", "block_name": "見本信用保証協会", "payee_count": "1", "block_amount": "500000 "},
            {"block": "B", "payee": "見本信用保証協会", "corporate_number": corp("010005980003") + " ",
             "is_remainder": "FALSE", "payee_amount": "500000 "},
        )),
        ("zip", "5-2", rows(
            p,
            {"from_name": "経済産業省", "from_agency": "TRUE", "to_block": "A", "to_name": "株式会社見本公庫",
             "note": "予算の配分"},
            {"from_name": "経済産業省", "from_agency": "TRUE", "to_block": "A", "to_name": "株式会社見本公庫"},
            {"from_block": "A", "from_name": "株式会社見本公庫", "from_agency": "FALSE", "to_block": "B",
             "to_name": "見本信用保証協会", "note": "融資"},
            {"from_block": "B", "from_name": "見本信用保証協会", "from_agency": "FALSE", "to_block": "A",
             "to_name": "株式会社見本公庫", "note": "保険料支払"},
            {"overhead_kind": "間接経費", "overhead_item": "人件費", "overhead_amount": "16269000"},
        )),
    ]


def _years(**values: str) -> dict[str, str]:
    return {f"y{k[1:]}": v for k, v in values.items()}


def logic_model() -> Files:
    """FORMATS §8.20-22: 4-row blocks unpivoted; outcome 2 both 短期 and 長期; 3-2 writes 短期 without the prefix."""
    p = common(92015, "見本啓発事業")

    def block(kind: str, number: str, term: str, name: str, unit: str, target: dict[str, str],
              actual: dict[str, str], rate: dict[str, str], target_year: str) -> Rows:
        head = {"number": number, "kind": kind, "term": term, "goal_kind": "定量的", "description": f"{name}の目標",
                "indicator": name, "unit": unit, "direction": "上がると良い指標"}
        return [
            {**head, "measure": "1.目標年度", **_years(**{f"y{target_year}": "1"})},
            {**head, "measure": "2.目標値", **_years(**target)},
            {**head, "measure": "3.実績値", **_years(**actual)},
            {**head, "measure": "4.達成率", **_years(**rate)},
        ]

    rows31 = [{"number": "1", "kind": "アクティビティ", "description": "協議会を開催する。"}]
    rows31 += block("アウトプット", "1", "", "協議会の開催回数", "回", {"y2023": "4", "y2024": "4"},
                    {"y2023": "3"}, {"y2023": "75"}, "2024")
    rows31 += block("アウトカム", "2", "1.短期", "教材の利用件数", "件", {"y2023": "100"}, {"y2023": "141"},
                    {"y2023": "141"}, "2023")
    rows31 += block("アウトカム", "2", "3.長期", "教材の利用件数（累計）", "件", {"y2028": "20000"}, {}, {}, "2028")
    return [
        ("zip", "3-1", rows(p, *rows31)),
        ("zip", "3-2", rows(
            p,
            {"from_number": "1", "from_kind": "アクティビティ", "to_number": "1", "to_kind": "アウトプット"},
            {"from_number": "1", "from_kind": "アウトプット", "to_number": "2", "to_kind": "アウトカム", "to_term": "短期"},
            {"from_number": "2", "from_kind": "アウトカム", "from_term": "短期", "to_number": "2", "to_kind": "アウトカム",
             "to_term": "長期", "explanation": "利用が広がると浸透する。"},
        )),
    ]


def major_expense_repeat() -> Files:
    """FORMATS §8.5: 1-2 repeats the project once per 主要経費: one sheet, two values."""
    p = common(92016, "見本学校施設事業", ministry="文部科学省", bureau="初等中等教育局", division="見本課")
    body = {"category": "前年度事業", "start_year": "2001", "no_end": "TRUE", "method_subsidy": "1"}
    return [("zip", "1-2", rows(p, {**body, "major_expense": "教育振興助成費"}, {**body, "major_expense": "文教施設費"}))]


def placeholder_rows() -> Files:
    """FORMATS §1.5 / §8.4: a project with a blank placeholder row in every table yields its sheet and nothing else."""
    p = common(92017, "見本空欄事業")
    return [("zip", spec, [dict(p)]) for spec in BY_ID]


def corporate_numbers() -> Files:
    """FORMATS §8.25-26: a wrong check digit, a malformed number, a blank number on a 法務局."""
    p = common(92018, "見本登記事業")
    bad = "5010401990005"  # valid check digit would be 7
    return [
        ("zip", "5-1", rows(
            p,
            {"block": "A", "block_name": "株式会社そらかんそくほか", "payee_count": "3", "block_amount": "600000 "},
            {"block": "A", "payee": "株式会社そらかんそく", "corporate_number": bad + " ", "is_remainder": "FALSE",
             "payee_amount": "300000 "},
            {"block": "A", "payee": "見本株式会社", "corporate_number": "12345 ", "is_remainder": "FALSE",
             "payee_amount": "200000 "},
            {"block": "A", "payee": "東京法務局", "is_remainder": "FALSE", "payee_amount": "100000 "},
        )),
        ("zip", "5-3", rows(p, {"block": "A", "payee": "株式会社そらかんそく", "corporate_number": bad,
                                 "category": "外注費", "use": "観測", "amount": "300000"})),
    ]


def law_citations() -> Files:
    """FORMATS §8.28-29: valid, revision, junk and empty 法令ID; one law cited on two rows for two 号."""
    p = common(92019, "見本法制度事業")
    law = {"law_title": "法務省設置法", "law_number": "平成十一年法律第九十三号", "law_id": "411AC0000000093",
           "article": "第四条", "paragraph": "1"}
    return [("zip", "1-3", rows(
        p,
        {"policy_no": "1", "policy_ministry_p": "法務省", "policy": "Ⅰー２ 見本政策", "measure": "（４） 見本施策",
         "law_no": "1", **law, "item": "第１号", "plan_no": "1", "plan_name": "見本計画（2024年６月21日閣議決定）"},
        {"policy_no": "2", "policy_ministry_p": "法務省", "policy": "ー", "measure": "ー", "law_no": "2", **law,
         "item": "第２号"},
        {"law_no": "3", "law_title": "・出入国管理及び難民認定法", "law_number": "昭和二十六年政令第三百十九号",
         "law_id": "326CO0000000319_20250601_504AC0000000068", "article": "第七条の二", "paragraph": "2"},
        {"law_no": "4", "law_title": "消防団を中核とした地域防災力の充実強化に関する法律", "law_id": "IDなし",
         "article": "第八条"},
        {"law_no": "5", "law_title": "特別会計に関する法律", "law_id": "★", "article": "第八十五条", "paragraph": "6"},
        {"law_no": "6", "law_title": "法務省設置法", "law_id": "平成十一年法律第九十三号", "article": "第三条"},
        {"law_no": "7", "law_title": "国家公務員法第70条の６第１項第２号"},
    ))]


def related_dangling() -> Files:
    """FORMATS §8.31: 1-5 links to a project in the files and to one that is not; both are kept."""
    a = common(92020, "見本親事業", ministry="総務省", bureau="自治行政局", division="見本課")
    b = common(92021, "見本子事業", ministry="総務省", bureau="自治行政局", division="見本課")
    return [("zip", "1-5", rows(
        a,
        {"no": "1", "target_id": "92021", "target_name": "見本子事業", "relation": "子事業"},
        {"no": "2", "target_id": "99901", "target_name": "見本基金", "relation": "基金造成した基金シート"},
    ) + rows(b, {"no": "1", "target_id": "92020", "target_name": "見本親事業", "relation": "親事業"}))]


CASES: dict[str, Callable[[], Files]] = {
    "dialect-bom-crlf": dialect_bom_crlf,
    "header-spelling-1-1": header_spelling_1_1,
    "ministry-u3000": ministry_u3000,
    "budget-aggregate-vs-account": budget_aggregate_vs_account,
    "budget-zero-row-without-account": budget_zero_row_without_account,
    "money-dot-zero": money_dot_zero,
    "money-negative": money_negative,
    "spending-trailing-spaces": spending_trailing_spaces,
    "booleans": booleans,
    "subsidy-apostrophe": subsidy_apostrophe,
    "spending-row-kinds": spending_row_kinds,
    "flow-multigraph": flow_multigraph,
    "logic-model": logic_model,
    "major-expense-repeat": major_expense_repeat,
    "placeholder-rows": placeholder_rows,
    "corporate-numbers": corporate_numbers,
    "law-citations": law_citations,
    "related-dangling": related_dangling,
}


def input_name(kind: str, table: str) -> str:
    return f"{official_stem(BY_ID[table], YEAR)}.{kind}"


def write_case(name: str, folder: Path) -> list[Path]:
    """Write one case's inputs into ``folder`` (created); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, table, table_rows in CASES[name]():
        path = folder / input_name(kind, table)
        if kind == "zip":
            write_rs_zip(path, BY_ID[table], YEAR, table_rows)
        else:
            write_rs_csv(path, BY_ID[table], YEAR, table_rows)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    names = argv or list(CASES)
    unknown = set(names) - set(CASES)
    if unknown:
        print(f"unknown case(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for name in names:
        folder = HERE / name
        for old in list(folder.glob("*.zip")) + list(folder.glob("*.csv")) if folder.is_dir() else []:
            old.unlink()
        for path in write_case(name, folder):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
