"""Generate full-year-size RS data (the 15 official ZIPs) for benchmarks.

Real RS data cannot be bundled and the 31-project sample is far too small to expose
quadratic joins, memory blow-ups or slow serialisers. This writes synthetic data with the
row counts, block structures and identifier distributions of a real year (FORMATS §1.5,
§7): per 5,664 projects ≈ 193k 5-1 rows, 118k 3-1 rows, ~25k distinct payees with
valid 法人番号 reused across projects with a skewed distribution, ~900 laws. Everything
scales linearly with --projects and is deterministic for a seed.

    python benchmarks/generate.py --projects 5700 --year 2024 --out DIR [--seed N]
    python benchmarks/generate.py --projects 5700 --years 2024 2025 --out DIR   # DIR/2024, DIR/2025
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.rs_format import write_rs_year  # noqa: E402

U3000 = "\u3000"
#: Real-year reference size the per-project rates below were derived from.
REAL_PROJECTS = 5664

# 建制順, 政策所管府省庁, 府省庁 values (FORMATS §1.3; public names).
MINISTRIES: list[tuple[int, str, list[str]]] = [
    (1, "内閣官房", ["内閣官房"]), (4, "内閣府", ["内閣府"]), (6, "公正取引委員会", ["公正取引委員会"]),
    (7, "警察庁", ["警察庁"]), (8, "個人情報保護委員会", ["個人情報保護委員会"]),
    (9, "カジノ管理委員会", ["カジノ管理委員会"]), (10, "金融庁", ["金融庁"]), (11, "消費者庁", ["消費者庁"]),
    (12, "こども家庭庁", ["こども家庭庁"]), (13, "デジタル庁", ["デジタル庁"]), (14, "復興庁", ["復興庁"]),
    (15, "総務省", ["総務省", "消防庁", "公害等調整委員会"]), (16, "法務省", ["法務省", "公安調査庁"]),
    (17, "外務省", ["外務省"]), (18, "財務省", ["財務省", "国税庁"]),
    (19, "文部科学省", ["文部科学省", "文化庁", "スポーツ庁"]), (20, "厚生労働省", ["厚生労働省", "中央労働委員会"]),
    (21, "農林水産省", ["農林水産省", "林野庁", "水産庁"]), (22, "経済産業省", ["経済産業省", "特許庁"]),
    (23, "国土交通省", ["国土交通省", f"国土交通省{U3000}気象庁", f"国土交通省{U3000}海上保安庁",
                        f"国土交通省{U3000}観光庁", f"国土交通省{U3000}運輸安全委員会"]),
    (24, "環境省", ["環境省"]), (25, "原子力規制委員会", ["原子力規制委員会"]), (26, "防衛省", ["防衛省"]),
]
#: Rough share of projects per ministry (big spenders first), used as weights.
MINISTRY_WEIGHTS = [3, 8, 1, 2, 1, 1, 1, 1, 3, 2, 2, 9, 3, 4, 3, 14, 14, 12, 9, 10, 5, 1, 4]

TOPICS = ["地域産業", "中小企業", "再生可能エネルギー", "防災", "子育て支援", "医療提供体制", "介護人材", "農業経営",
          "森林整備", "水産資源", "港湾", "道路", "観光", "文化財", "スポーツ", "科学技術", "宇宙開発", "海洋",
          "原子力安全", "環境保全", "循環型社会", "脱炭素", "デジタル基盤", "サイバーセキュリティ", "情報通信",
          "消費者保護", "司法制度", "治安対策", "国際協力", "地方創生", "住宅", "交通安全", "気象観測", "教育",
          "高等教育", "研究開発", "雇用対策", "職業訓練", "生活困窮者", "障害者福祉", "食品安全", "物流", "知的財産"]
ACTIONS = ["推進", "支援", "強化", "整備", "高度化", "促進", "基盤整備", "実証", "調査研究", "普及啓発", "体制構築"]
SUFFIXES = ["事業", "経費", "事業費補助金", "交付金", "委託費", "事業（一般会計）", "推進費", "対策事業"]
BUREAUS = ["大臣官房", "総合政策局", "政策統括官", "産業振興局", "地域政策局", "研究振興局", "国際局", "生活安全局",
           "健康局", "経営局", "製造産業局", "", ""]
DIVISIONS = ["総務課", "政策課", "企画課", "計画課", "振興課", "技術課", "国際課", "調査室", "会計課",
             f"地域振興部{U3000}地域振興課", f"技術部{U3000}技術企画課"]
MAJOR_EXPENSES = ["その他の事項経費"] * 10 + ["科学技術振興費"] * 3 + ["エネルギー対策費"] * 2 + [
    "中小企業対策費", "文教施設費", "教育振興助成費", "少子化対策費", "生活扶助等社会福祉費", "防衛関係費",
    "農林水産基盤整備事業費", "雇用労災対策費", "港湾空港鉄道等整備事業費", "公園水道廃棄物処理等施設整備費",
    "経済協力費", "食料安定供給関係費"]
METHOD_FIELDS = ("method_direct", "method_subsidy", "method_burden", "method_grant", "method_contribution",
                 "method_other")
KANA = ["アオイ", "ミライ", "サクラ", "ヒカリ", "ツバサ", "ソラ", "ミドリ", "アサヒ", "ヤマト", "ホクト", "シンセイ",
        "トウワ", "ダイイチ", "セントラル", "グローバル", "テクノ", "システム", "ネクスト", "フロンティア", "オーシャン"]
KANJI = ["東日本", "西日本", "中央", "北陸", "九州", "関東", "東海", "近畿", "中国", "四国", "北海道", "総合",
         "日本", "新日本", "第一", "大和", "共栄", "明和", "昭栄", "平和"]
BUSINESS = ["コンサルタント", "技研", "工業", "建設", "設計", "情報システム", "リサーチ", "印刷", "商事", "電機",
            "エンジニアリング", "総合研究所", "サービス", "物産", "測量", "通信", "ソリューションズ", "開発"]
ASSOC = ["一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "特定非営利活動法人", "独立行政法人"]
PREFS = ["北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
         "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
         "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県",
         "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県",
         "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]
CITY_STEMS = ["中央", "港", "北", "南", "東", "西", "青葉", "若葉", "緑", "桜", "富士見", "旭", "栄", "本町", "平和"]
FULLWIDTH_LETTERS = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
METHODS = [("一般競争契約（最低価格）", 30), ("一般競争契約（総合評価）", 20), ("随意契約（少額）", 10),
           ("随意契約（企画競争）", 8), ("随意契約（公募）", 5), ("随意契約（その他）", 8), ("指名競争契約（最低価格）", 2),
           ("補助金等交付", 25), ("その他", 12)]
EXPENSE_ITEMS = ["事業費", "人件費", "旅費", "雑役務費", "外注費", "一般管理費", "補助金", "諸謝金",
                 "消費税及び地方消費税相当額", "印刷製本費・通信運搬費", "役務費"]
RELATIONS = ["親事業", "子事業", "統合元", "統合先", "その他関連元", "その他関連先"]
KANJI_DIGITS = "〇一二三四五六七八九"


# ---------------------------------------------------------------- identifiers

def check_digit(base12: str) -> str:
    s = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base12), start=1))
    return str(9 - s % 9)


def local_gov_number(code5: str) -> str:
    w = sum(int(d) * k for d, k in zip(code5, (6, 5, 4, 3, 2)))
    base = "000020" + code5 + str((11 - w % 11) % 10)
    return check_digit(base) + base


def kanji_number(n: int) -> str:
    """Law numbers are printed in kanji: 百二十三 (n < 10000)."""
    if n == 0:
        return KANJI_DIGITS[0]
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else KANJI_DIGITS[q]) + unit
    return out + (KANJI_DIGITS[n] if n else "")


def skewed(rng: random.Random, n: int, power: float) -> int:
    """Index in [0, n) with low indices much more likely (a cheap Zipf-like draw)."""
    return min(n - 1, int(n * rng.random() ** power))


# ---------------------------------------------------------------- shared pools

class Pools:
    """Payees and laws shared by all projects, so identifiers repeat across sheets as in real data."""

    def __init__(self, projects: int, seed: int):
        rng = random.Random(seed * 7919 + 1)
        scale = projects / REAL_PROJECTS
        self.payees = self._payees(rng, max(200, int(44_000 * scale)))
        self.laws = self._laws(rng, max(60, int(900 * max(scale, 0.07))))

    @staticmethod
    def _payees(rng: random.Random, n: int) -> list[tuple[str, str, str, str]]:
        out = []
        used: set[str] = set()
        # local governments: all prefectures, then municipalities
        for p in range(1, 48):
            code = f"{p:02d}000"
            out.append((PREFS[p - 1], local_gov_number(code), f"{PREFS[p - 1]}{CITY_STEMS[p % 15]}区見本１丁目", "201"))
        registries = ["0104", "0110", "0111", "0113", "0115", "0200", "0300", "1200", "1300", "1800", "2000",
                      "4000", "4300", "5000", "6000", "7000", "8000", "9000"]
        for i in range(n - 47):
            r = rng.random()
            pref = PREFS[skewed(rng, 47, 1.0) if rng.random() < 0.5 else 12]
            address = f"{pref}{rng.choice(CITY_STEMS)}市見本町{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
            if r < 0.012:  # municipality
                code = f"{rng.randint(1, 47):02d}{rng.randint(100, 599):03d}"
                name = f"{rng.choice(CITY_STEMS)}{rng.choice(['市', '町', '村'])}{i}"
                number, kind = local_gov_number(code), "201"
            elif r < 0.03:  # unregistered body (700150…)
                base = f"700150{rng.randint(0, 999_999):06d}"
                name = f"{rng.choice(KANJI)}{rng.choice(BUSINESS)}健康保険組合"
                number, kind = check_digit(base) + base, "499"
            else:
                org = "05" if r < 0.30 else ("02" if r < 0.32 else ("03" if r < 0.34 else "01"))
                base = f"{rng.choice(registries)}{org}{rng.randint(0, 999_999):06d}"
                stem = rng.choice(KANA) + rng.choice(BUSINESS) if rng.random() < 0.5 else rng.choice(KANJI) + rng.choice(BUSINESS)
                if org == "05":
                    name, kind = f"{rng.choice(ASSOC)}{rng.choice(KANJI)}{rng.choice(TOPICS)}協会", "399"
                elif org == "03":
                    name, kind = f"合同会社{stem}", "305"
                elif org == "02":
                    name, kind = f"有限会社{stem}", "302"
                else:
                    name = f"株式会社{stem}" if rng.random() < 0.7 else f"{stem}株式会社"
                    kind = "301"
                number = check_digit(base) + base
                if rng.random() < 0.0002:  # a few real-world-style typos
                    number = str((int(number[0]) % 9) + 1) + number[1:]
            if number in used:
                continue
            used.add(number)
            out.append((f"{name}{i % 97 if kind != '201' else ''}", number, address, kind if rng.random() < 0.6 else ""))
        rng.shuffle(out)  # popularity (pool order) independent of payee kind
        return out

    @staticmethod
    def _laws(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
        laws = [("特別会計に関する法律", "平成十九年法律第二十三号", "419AC0000000023"),
                ("特別会計に関する法律施行令", "平成十九年政令第百二十四号", "419CO0000000124")]
        seen = {l[2] for l in laws}
        eras = [(3, "昭和", 64), (4, "平成", 31), (5, "令和", 6), (1, "明治", 45), (2, "大正", 15)]
        while len(laws) < n:
            era, era_name, max_year = eras[skewed(rng, len(eras), 1.5)]
            year = rng.randint(1, max_year)
            num = rng.randint(1, 199)
            topic = rng.choice(TOPICS)
            kind = rng.random()
            if kind < 0.85:
                law_id = f"{era}{year:02d}AC{'0000000' if rng.random() < 0.95 else '1000000'}{num:03d}"
                title = rng.choice([f"{topic}{rng.choice(ACTIONS)}法", f"{topic}の{rng.choice(ACTIONS)}に関する法律",
                                    f"{topic}基本法"])
                number = f"{era_name}{kanji_number(year)}年法律第{kanji_number(num)}号"
            elif kind < 0.93:
                law_id = f"{era}{year:02d}CO0000000{num:03d}"
                title = f"{topic}{rng.choice(ACTIONS)}法施行令"
                number = f"{era_name}{kanji_number(year)}年政令第{kanji_number(num)}号"
            else:
                law_id = f"{era}{year:02d}M{rng.randint(1, 6)}{rng.randint(0, 0xFFFFFFFFFF):010X}"[:15]
                title = f"{topic}{rng.choice(ACTIONS)}法施行規則"
                number = f"{era_name}{kanji_number(year)}年省令第{kanji_number(num)}号"
            if law_id not in seen:
                seen.add(law_id)
                laws.append((title, number, law_id))
        return laws


# ---------------------------------------------------------------- one project

def money(rng: random.Random, median_log: float = 18.5, sigma: float = 2.0) -> int:
    return max(1000, int(math.exp(rng.gauss(median_log, sigma))) // 1000 * 1000)


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """Positive-ish thousand-yen parts that sum exactly to `total`."""
    if parts <= 1:
        return [total]
    weights = [rng.random() ** 2 + 0.01 for _ in range(parts)]
    s = sum(weights)
    out = [int(total * w / s) // 1000 * 1000 for w in weights[:-1]]
    out.append(total - sum(out))
    return out


def anon(prefix: str, n: int) -> str:
    return prefix + FULLWIDTH_LETTERS[n % 26] + ("" if n < 26 else str(n // 26))


def project_tables(pid: int, year: int, seed: int, pools: Pools, head: dict[str, str],
                   ministry: str) -> dict[str, list[dict]]:
    rng = random.Random(seed * 1_000_003 + pid)  # stable part of a project across years
    yrng = random.Random(seed * 1_000_003 + pid + year * 100_000_007)  # this year's values
    t: dict[str, list[dict]] = {}

    # 1-1
    n = 1 if rng.random() < 0.78 else min(39, 2 + int(rng.expovariate(1 / 1.6)))
    rows = []
    for i in range(1, n + 1):
        row = dict(no=str(i))
        kind = rng.random()
        if i == 1 or kind < 0.5:
            row["person"] = f"見本{anon('', pid + i)}郎"
        if i > 1 and kind >= 0.3:
            row.update(co_ministry=ministry, co_bureau=rng.choice(BUREAUS), co_division=rng.choice(DIVISIONS))
        rows.append(row)
    t["1-1"] = rows

    # 1-2
    majors = [rng.choice(MAJOR_EXPENSES)] if rng.random() < 0.955 else rng.sample(MAJOR_EXPENSES, rng.choice([2] * 6 + [3, 3, 4, 8]))
    if rng.random() < 0.02:
        majors = [""]
    start = rng.choice([""] * 2 + [str(y) for y in range(1950, year + 1)])
    end = "" if rng.random() < 0.8 else str(rng.randint(year, year + 5))
    base = dict(
        purpose=f"{head['name']}により、{rng.choice(TOPICS)}の{rng.choice(ACTIONS)}を図る。",
        current_issues=f"{rng.choice(TOPICS)}に関する課題がある。／{rng.choice(TOPICS)}への対応が求められている。",
        overview=f"１．{rng.choice(TOPICS)}の{rng.choice(ACTIONS)}／２．{rng.choice(TOPICS)}に関する調査",
        category="前年度事業" if rng.random() < 0.88 else rng.choice(["新規開始事業", "新規要求事業"]),
        start_year=start, start_unknown="TRUE" if not start and rng.random() < 0.5 else "FALSE",
        end_year=end, no_end="TRUE" if (not end or rng.random() < 0.15) else "FALSE",
        old_numbers=f"{year - 1}-見本-{(year - 2) % 100}-{pid % 10000:04d}" if rng.random() < 0.02 else "")
    for f in METHOD_FIELDS:
        base[f] = "1" if rng.random() < 0.3 else ""
    t["1-2"] = [dict(base, major_expense=m) for m in majors]

    # 1-3: three lists zipped by their own numbers
    policies = [1] * rng.choice([1, 1, 1, 2])
    nlaws = 0 if rng.random() < 0.31 else 1 + int(rng.expovariate(1 / 1.5))
    nplans = 0 if rng.random() < 0.3 else 1 + int(rng.expovariate(1 / 2.0))
    rows = []
    for i in range(max(len(policies), nlaws, nplans)):
        row: dict[str, str] = {}
        if i < len(policies):
            row.update(policy_no=str(i + 1), policy_ministry_p=head["policy_ministry"],
                       policy=f"{rng.randint(1, 12)} {rng.choice(TOPICS)}の{rng.choice(ACTIONS)}",
                       measure=f"（{rng.randint(1, 9)}） {rng.choice(TOPICS)}")
        if i < nlaws:
            title, number, law_id = pools.laws[skewed(rng, len(pools.laws), 2.2)]
            r = rng.random()
            if r < 0.06:
                title, number, law_id = f"{title}第{rng.randint(1, 90)}条第１項", "", ""
            elif r < 0.062:
                law_id = "IDなし"
            elif r < 0.07:
                law_id = f"{law_id}_20250401_{law_id}"
            row.update(law_no=str(i + 1), law_title=title, law_number=number, law_id=law_id,
                       article=f"第{kanji_number(rng.randint(1, 120))}条" if law_id else "",
                       paragraph=str(rng.randint(1, 5)) if rng.random() < 0.4 else "",
                       item=f"第{rng.randint(1, 30)}号" if rng.random() < 0.3 else "")
        if i < nplans:
            row.update(plan_no=str(i + 1), plan_name=f"{rng.choice(TOPICS)}{rng.choice(ACTIONS)}計画（見本）")
        rows.append(row)
    t["1-3"] = rows

    # 1-4, 1-5
    if rng.random() < 0.2:
        t["1-4"] = [dict(no=str(i), target=rng.choice(["地方公共団体", "民間事業者", "都道府県", "市町村"]),
                         rate=rng.choice(["'定額", "'１／２", "'２／３", "'補助対象経費の１／３以内"]))
                    for i in range(1, rng.choice([1] * 9 + [2, 4]) + 1)]
    if rng.random() < 0.12:
        t["1-5"] = [dict(no=str(i), target_id=str(rng.randint(1, 21_059)), target_name=f"{rng.choice(TOPICS)}関連事業",
                         relation=rng.choice(RELATIONS)) for i in range(1, rng.choice([1, 1, 2, 3]) + 1)]

    # 2-1 / 2-2
    years_back = rng.choices([4, 3, 2, 1], weights=[65, 10, 10, 15])[0]
    accounts = rng.choices([1, 2, 3], weights=[95, 4, 1])[0]
    base_amount = money(rng)
    r21, r22 = [], []
    for by in range(year, year - years_back, -1):
        acc_rows, totals = [], dict(i=0, s=0, c=0, r=0, cur=0, e=0, n=0)
        parts = split(yrng, base_amount * (100 + (by - 2021) * rng.randint(-5, 8)) // 100_000 * 1000, accounts)
        nexts = split(yrng, base_amount * (100 + (by - 2020) * rng.randint(-5, 8)) // 100_000 * 1000, accounts)
        for a in range(accounts):
            init = parts[a]
            supp = money(yrng, 16, 2) if yrng.random() < 0.1 else 0
            carried = money(yrng, 16, 2) if yrng.random() < 0.08 else 0
            reserve = -money(yrng, 14, 2) if yrng.random() < 0.01 else 0
            cur = init + supp + carried + reserve
            executed = 0 if by == year else int(cur * yrng.uniform(0.5, 1.0)) // 1000 * 1000
            kind, account, sub = ("一般会計", "一般会計", "") if a == 0 else (
                "特別会計", rng.choice(["エネルギー対策特別会計", "労働保険特別会計", "東日本大震災復興特別会計"]), "")
            acc_rows.append(dict(budget_year=str(by), account_kind=kind, account=account, sub_account=sub,
                                 initial=str(init), supplementary1=str(supp), supplementary2="0", supplementary3="0",
                                 supplementary4="0", supplementary5="0", carried_in=str(carried), reserve1=str(reserve),
                                 reserve2="0", reserve3="0", reserve4="0", current=str(cur), executed=str(executed),
                                 next_request=str(nexts[a]), priority_request="0"))
            for k, v in (("i", init), ("s", supp), ("c", carried), ("r", reserve), ("cur", cur), ("e", executed),
                         ("n", nexts[a])):
                totals[k] += v
            items = 1 + int(rng.expovariate(1 / 2.3))
            for j, amount in enumerate(split(yrng, init, items)):
                moku = EXPENSE_ITEMS[(pid + j) % len(EXPENSE_ITEMS)]
                row = dict(budget_year=str(by), account_kind=kind, account=account, sub_account=sub,
                           budget_type="当初予算", amount=str(amount), next_request=str(amount))
                if by == year:
                    row.update(jurisdiction=head["policy_ministry"], organization=ministry,
                               kou=f"{rng.choice(TOPICS)}推進費", moku=moku)
                else:
                    row["note"] = f"{rng.choice(TOPICS)}推進費{U3000}{moku}"
                r22.append(row)
            if supp:
                r22.append(dict(budget_year=str(by), account_kind=kind, account=account, budget_type="第1次補正予算",
                                note="第１次補正予算", amount=str(supp)))
        rate = "" if by == year or totals["cur"] == 0 else str(round(totals["e"] / totals["cur"], 5))
        r21.append(dict(budget_year=str(by), initial_total=str(totals["i"]), supplementary_total=str(totals["s"]),
                        carried_in_total=str(totals["c"]), reserve_total=str(totals["r"]),
                        current_total=str(totals["cur"]), executed_total=str(totals["e"]), execution_rate=rate,
                        carried_out_total="0", next_request_total=f"{totals['n']}.0"))
        r21.extend(acc_rows)
    t["2-1"], t["2-2"] = r21, r22

    # 3-1 / 3-2
    acts = 1 + int(rng.expovariate(1 / 0.8))
    outs = 1 + int(rng.expovariate(1 / 1.9))
    outcomes = [("1.短期", 1)] + [(rng.choice(["1.短期", "2.中期", "3.長期"]), k)
                                  for k in range(2, 2 + int(rng.expovariate(1 / 1.75)))]
    r31, r32 = [], []
    for a in range(1, acts + 1):
        r31.append(dict(number=str(a), kind="アクティビティ", description=f"{rng.choice(TOPICS)}に関する取組{a}を実施する。"))
    for kind, entries in (("アウトプット", [("", k) for k in range(1, outs + 1)]), ("アウトカム", outcomes)):
        for term, k in entries:
            headi = dict(number=str(k), kind=kind, term=term, goal_kind="定量的" if kind == "アウトカム" else "",
                         description=f"{rng.choice(TOPICS)}の{rng.choice(ACTIONS)}（{kind}{k}）",
                         indicator=f"{rng.choice(TOPICS)}の件数", unit=rng.choice(["件", "回", "人", "％", "団体"]))
            target = rng.randint(10, 5000)
            target_year = year if kind == "アウトプット" else year + rng.randint(0, 5)
            targets = {y: target for y in range(year - 3, year + 1)} | {target_year: target}
            actuals = {y: int(target * yrng.uniform(0.6, 1.4)) for y in range(year - 3, year)}
            rates = {y: str(round(v * 100 / target, 3)).removesuffix(".0") for y, v in actuals.items()}
            for label, values in (("1.目標年度", {target_year: 1}), ("2.目標値", targets), ("3.実績値", actuals),
                                  ("4.達成率", rates)):
                r31.append(dict(headi, measure=label, **{f"y{y}": str(v) for y, v in values.items()}))
    for a in range(1, acts + 1):
        o = rng.randint(1, outs)
        r32.append(dict(from_number=str(a), from_kind="アクティビティ", to_number=str(o), to_kind="アウトプット"))
    for o in range(1, outs + 1):
        r32.append(dict(from_number=str(o), from_kind="アウトプット", to_number="1", to_kind="アウトカム", to_term="短期"))
    for (t1, k1), (t2, k2) in zip(outcomes, outcomes[1:]):
        r32.append(dict(from_number=str(k1), from_kind="アウトカム", from_term=t1[2:], to_number=str(k2),
                        to_kind="アウトカム", to_term=t2[2:], explanation="前段の成果が次の成果につながる。"))
    t["3-1"], t["3-2"] = r31, r32

    # 4-1
    r41 = dict(check_result="適切に執行されている。", improvement_direction="引き続き効率的な執行に努める。",
               team_opinion=rng.choice(["現状通り"] * 6 + ["事業内容の一部改善", "終了予定", ""]),
               reflection=rng.choice(["現状通り"] * 6 + ["執行等改善", "縮減", ""]),
               external_target=rng.choice(["外部有識者による点検対象外"] * 5 + ["書面点検", "公開プロセス"]))
    if rng.random() < 0.1:
        r41["reflected_general"] = str(-money(yrng, 14, 2))
    t["4-1"] = [r41] if rng.random() < 0.995 else [dict(r41, past_category="公開プロセス", past_year=str(year - 2)),
                                                   dict(r41, other_category="決算検査報告（見本）", other_year=str(year - 1))]

    # 5-1 / 5-2 / 5-3
    r51, r52, r53 = [], [], []
    nblocks = 0 if rng.random() < 0.04 else 1 + int(rng.expovariate(1 / 1.75))
    letters = [chr(65 + i) if i < 26 else f"A{chr(65 + i - 26)}" for i in range(nblocks)]
    indiv = 0
    for bi, letter in enumerate(letters):
        shown = 1 if rng.random() < 0.3 else min(60, 1 + int(rng.expovariate(1 / 7.1)))
        remainder = shown > 5 and rng.random() < 0.5
        executed = rng.random() > 0.01
        payees = []
        for _ in range(shown):
            r = rng.random()
            if r < 0.05:
                payees.append((anon("個人", indiv), "", "", ""))
                indiv += 1
            elif r < 0.06:
                payees.append((f"{rng.choice(CITY_STEMS)}税務署", "", "", ""))
            else:
                payees.append(pools.payees[skewed(rng, len(pools.payees), 2.6)])
        total = money(yrng, 17.5, 2.2) if executed else 0
        amounts = split(yrng, total, len(payees) + (1 if remainder else 0))
        block_name = payees[0][0] + ("ほか" if len(payees) > 1 else "")
        r51.append(dict(block=letter, block_name=block_name, payee_count=str(len(payees) + (rng.randint(1, 30) if remainder else 0)),
                        role=f"{rng.choice(TOPICS)}に関する業務の実施", block_amount=f"{total} " if executed else ""))
        if remainder:
            payees.append(("その他", "", "", ""))
        biggest = None
        for (name, number, address, kind), amount in zip(payees, amounts):
            rem = name == "その他" and remainder
            who = dict(block=letter, payee=name, corporate_number=f"{number} " if number else "", address=address,
                       corporate_kind=kind, is_remainder="TRUE" if rem else "FALSE")
            r51.append(dict(who, payee_amount=f"{amount} "))
            nc = 1 if rng.random() < 0.8 else rng.randint(2, 5)
            for ci, camount in enumerate(split(yrng, amount, nc)):
                method = rng.choices([m for m, _ in METHODS], weights=[w for _, w in METHODS])[0]
                na = method in ("補助金等交付", "その他") or method.startswith("随意")
                r51.append(dict(who, contract_summary=f"{rng.choice(TOPICS)}{rng.choice(ACTIONS)}業務{ci + 1}",
                                contract_amount=f"{camount} ", method=method, bidders="0" if na else str(rng.randint(1, 8)),
                                winning_rate="0" if na else str(round(rng.uniform(60, 100), 1)),
                                contract_is_remainder="TRUE" if rem else "FALSE"))
            if not rem and (biggest is None or amount > biggest[1]):
                biggest = ((name, number), amount)
        if executed and biggest:
            (name, number), amount = biggest
            for li, part in enumerate(split(yrng, amount, 1 + int(rng.expovariate(1 / 2.2)))):
                r53.append(dict(block=letter, payee=name, corporate_number=number, summary="業務委託",
                                category=EXPENSE_ITEMS[(li + pid) % len(EXPENSE_ITEMS)], use="業務実施経費",
                                amount=str(part)))
        if bi == 0 or rng.random() < 0.7:
            r52.append(dict(from_name=ministry, from_agency="TRUE", to_block=letter, to_name=block_name,
                            note=rng.choice(["", "", "委託", "補助金", "予算の配分"])))
            if rng.random() < 0.4:  # the same edge again, differing only in 補足情報
                r52.append(dict(r52[-1], note="予算の移替え"))
        else:
            src = letters[rng.randrange(bi)]
            r52.append(dict(from_block=src, from_name=src, from_agency="FALSE", to_block=letter, to_name=block_name,
                            note="再委託"))
    if nblocks > 1 and rng.random() < 0.01:  # a cycle
        r52.append(dict(from_block=letters[1], from_name=letters[1], from_agency="FALSE", to_block="A", to_name="A",
                        note="返還金"))
    if rng.random() < 0.5:
        for item in rng.sample(["人件費", "旅費", "庁費", "諸謝金"], rng.randint(1, 3)):
            r52.append(dict(overhead_kind="間接経費", overhead_item=item, overhead_amount=str(money(yrng, 15, 1.5))))
    t["5-1"], t["5-2"], t["5-3"] = r51, r52, r53

    # 5-4
    if rng.random() < 0.059:
        rows = []
        for _ in range(1 + int(rng.expovariate(1 / 11))):
            name, number, address, kind = pools.payees[skewed(rng, len(pools.payees), 2.6)]
            rows.append(dict(block="A", name=name, corporate_number=number, address=address, corporate_kind=kind,
                             summary=f"{rng.choice(TOPICS)}システム賃貸借（{year}年度～{year + 4}年度）", is_remainder_a="f",
                             amount=str(money(yrng, 19, 1.5)), method="一般競争契約（最低価格）", bidders=str(rng.randint(1, 5)),
                             winning_rate=str(round(rng.uniform(60, 100), 1)), is_remainder="f"))
        t["5-4"] = rows

    # 6-1
    t["6-1"] = [dict(remarks="資金の流れは想定を記載している。" if rng.random() < 0.05 else "")]
    return t


def project_ids(projects: int, year: int, seed: int) -> list[int]:
    """IDs 1…~3.7×N with gaps; ~7.6 % end and are replaced by higher IDs each year after 2024."""
    rng = random.Random(seed)
    span = int(projects * 3.72)
    ids = sorted(rng.sample(range(1, span + 1), projects))
    for y in range(2025, year + 1):
        yr = random.Random(seed * 31 + y)
        keep = [i for i in ids if yr.random() > 0.076]
        new = [span + (y - 2024) * projects + k for k in range(1, projects - len(keep) + int(projects * 0.02) + 1)]
        ids = keep + new
    return ids


def generate_year(projects: int, year: int, seed: int) -> dict[str, list[dict]]:
    pools = Pools(projects, seed)
    tables: dict[str, list[dict]] = {k: [] for k in ("1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "3-1", "3-2",
                                                    "4-1", "5-1", "5-2", "5-3", "5-4", "6-1")}
    for pid in project_ids(projects, year, seed):
        rng = random.Random(seed * 1_000_003 + pid + 17)
        m = rng.choices(range(len(MINISTRIES)), weights=MINISTRY_WEIGHTS)[0]
        order, policy, units = MINISTRIES[m]
        ministry = rng.choice(units)
        head = dict(sheet_type="レビューシート", review_year=str(year), budget_id=str(pid),
                    name=f"{rng.choice(TOPICS)}{rng.choice(ACTIONS)}{rng.choice(SUFFIXES)}",
                    ministry_order=str(order), policy_ministry=policy, ministry=ministry,
                    bureau=rng.choice(BUREAUS), division=rng.choice(DIVISIONS))
        own = project_tables(pid, year, seed, pools, head, ministry.split(U3000)[-1])
        for table, rows in tables.items():
            body = own.get(table)
            if body:
                rows.extend(dict(head, **r) for r in body)
            else:
                rows.append(dict(head))  # the blank placeholder row
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=5700)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--year", type=int)
    group.add_argument("--years", type=int, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    years = args.years or [args.year or 2024]
    for year in years:
        t0 = time.perf_counter()
        folder = args.out / str(year) if args.years else args.out
        tables = generate_year(args.projects, year, args.seed)
        t1 = time.perf_counter()
        paths = write_rs_year(folder, year, tables)
        t2 = time.perf_counter()
        rows = sum(len(r) for r in tables.values())
        size = sum(p.stat().st_size for p in paths)
        counts = " ".join(f"{k}:{len(v)}" for k, v in tables.items())
        print(f"{year}: {rows:,} rows, {size / 1e6:.1f} MB zipped in {folder} "
              f"(generate {t1 - t0:.1f}s, write {t2 - t1:.1f}s)\n  {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
