"""Header rows → one printed name per column → what the column holds.

Editions carry either several header rows with merged cells, or one row already flattened.
:func:`flatten` turns the former into the latter the way the public converters do: a merged
cell's text fills the columns it spans (in its own row only), and a column's non-empty levels
are joined with ``-``. :func:`classify` then reads each flattened name into a
:class:`Column`; matching uses NFKC without spaces (so full-width ``１０`` and ``（`` match),
while the printed name is kept for provenance.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rs2rdf.sources.database.years import YearLabel, parse_label

#: Whole-name fields of the sheet header (matched on the NFKC key).
SIMPLE: dict[str, str] = {
    "府省庁": "ministry", "府省": "ministry", "事業名": "name", "担当部局庁": "bureau", "担当課室": "office",
    "作成責任者": "person", "会計区分": "account", "事業開始年度": "start", "事業終了(予定)年度": "end",
    "事業終了年度": "end", "実施方法": "method", "主要政策・施策": "main_policy", "主要施策": "main_policy",
    "施策名": "main_policy", "根拠法令(具体的な条項も記載)": "laws", "根拠法令": "laws", "関係する計画、通知等": "plans",
    "政策": "policy", "施策": "measure", "主要経費": "major_expense", "現状・課題": "issues", "事業概要URL": "overview_url",
    "政策体系・評価書URL": "policy_url", "備考": "remarks",
}
#: Fields whose header may carry the template's instruction text after the name.
PREFIXED = (("事業の目的", "purpose"), ("事業概要", "overview"))

BUDGET = "予算額・執行額"
PAYEES = "支出先上位10者リスト"
OUTCOMES = "成果目標及び成果実績(アウトカム)"
OUTPUTS = "活動指標及び活動実績(アウトプット)"
PAST = "関連する過去のレビューシートの事業番号"
# Sections ④–⑫ and 単位当たりコスト. FORMATS §3 lists no flattened names for them, so these follow
# the labels of the sheet template (FORMATS §2.1) joined the way every other family is.
CHECK = "事業所管部局による点検・改善"
EXTERNAL = "外部有識者の所見"
TEAM = "行政事業レビュー推進チームの所見"
REFLECTION = "所見を踏まえた改善点"  # …/概算要求における反映状況 (the wording changed over the years)
EXPENSES = "費目・使途"  # …(「資金の流れ」においてブロックごとに…記載する。) in full
OBLIGATIONS = "国庫債務負担行為等による契約先上位10者リスト"
UNIT_COST = "単位当たりコスト"
#: Evaluation fields by (family head, rest of the name).
EVALUATION = {(CHECK, "点検結果"): "check_result", (CHECK, "改善の方向性"): "improvement_direction",
              (EXTERNAL, ""): "external_opinion", (EXTERNAL, "所見"): "external_opinion",
              (TEAM, ""): "team_opinion", (TEAM, "判定"): "team_opinion", (TEAM, "評価"): "team_opinion",
              (TEAM, "所見"): "team_opinion_detail", (TEAM, "所見の内容"): "team_opinion_detail",
              (REFLECTION, ""): "reflection", (REFLECTION, "反映状況"): "reflection",
              (REFLECTION, "改善点"): "reflection_detail", (REFLECTION, "反映内容"): "reflection_detail"}
#: 費目・使途 line fields; the block's payee is named once per block.
EXPENSE_FIELDS = {"費目": "category", "使途": "use", "金額(百万円)": "amount", "金額": "amount"}
EXPENSE_PAYEE = frozenset({"支出先", "支払先", "名称"})
#: ⑫ fields → ObligationContract fields (NFKC turns the half-width ﾌﾞﾛｯｸ名 into ブロック名).
OBLIGATION_FIELDS = {"ブロック名": "block", "契約先": "name", "法人番号": "corporate_number", "業務概要": "summary",
                     "契約額(百万円)": "amount", "契約方式": "method", "契約方式等": "method", "入札者数(応募者数)": "bidders",
                     "入札者数": "bidders", "落札率": "rate"}

#: Indicator fields read (NFKC keys): once per indicator, and per fiscal year.
INDICATOR_TEXTS = frozenset({"定量的な成果目標", "成果目標", "成果指標", "活動指標", "単位-成果実績", "単位-活動実績", "単位",
                             "根拠として用いた統計・データ名(出典)", "目標最終年度-目標値", "目標最終年度-年度",
                             "定量的な目標が設定できない理由"})
INDICATOR_MEASURES = frozenset({"成果実績", "目標値", "活動実績", "当初見込み", "活動見込", "達成度"})
#: 予算の状況 components → BudgetSummary fields.
COMPONENTS = {"当初予算": "initial", "補正予算": "supplementary", "前年度から繰越し": "carried_in",
              "翌年度へ繰越し": "carried_out", "予備費等": "reserve", "計": "current"}
#: Payee fields → Payment / Contract fields.
PAYEE_FIELDS = {"支出先": "name", "法人番号": "corporate_number", "業務概要": "business", "支出額(百万円)": "amount",
                "入札者数(応募者数)": "bidders", "入札者数": "bidders", "落札率": "rate", "契約方式等": "method", "契約方式": "method"}
#: Budget grid rows read but not published (derived or printed for people).
_BUDGET_DERIVED = ("執行率", "当初予算+補正予算に対する執行額の割合")

_SUFFIX = re.compile(r"^\d{2}$")
_BLOCK = re.compile(r"^(?P<letter>[A-Za-z])\.?支払先$")
_BLOCK_HEAD = re.compile(r"^(?P<letter>[A-Za-z])\.")


def key(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Column:
    """What one column holds. ``family`` is one of simple, number, budget, payee, outcome,
    output, past, known (read, not published) and unknown."""

    col: int
    header: str
    family: str
    field: str = ""
    label: YearLabel | None = None
    block: str = ""
    rank: int = 0
    index: int = 1  # indicator number, -NN occurrence, or the repeat count of a repeated name
    year: int | None = None  # filled by the reader once eras are resolved


def _fill_by_path(levels: list[dict[int, str]], columns: list[int]) -> list[dict[int, str]]:
    """Without merges: a blank upper-level cell takes the text on its left while every level above is the same."""
    filled = [dict(level) for level in levels]
    for depth in range(len(levels) - 1):  # the lowest level names the column itself: never filled
        previous: int | None = None
        for col in columns:
            if not filled[depth].get(col) and previous is not None and filled[depth].get(previous) \
                    and all(filled[d].get(col) == filled[d].get(previous) for d in range(depth)):
                filled[depth][col] = filled[depth][previous]
            previous = col
    return filled


def flatten(levels: list[dict[int, str]], merges: list[tuple[int, int, int, int]], first_row: int) -> dict[int, str]:
    """Header rows (``levels[0]`` is sheet row ``first_row``) → {column: flattened printed name}."""
    columns = sorted({c for level in levels for c in level})
    last_row = first_row + len(levels) - 1
    inside = [m for m in merges if first_row <= m[0] <= last_row]
    if len(levels) == 1:
        filled = levels
    elif inside:
        filled = [dict(level) for level in levels]
        for r1, c1, _r2, c2 in inside:
            text = filled[r1 - first_row].get(c1)
            if text:
                for c in range(c1 + 1, c2 + 1):
                    filled[r1 - first_row].setdefault(c, text)
        columns = sorted({c for level in filled for c in level})
    else:
        filled = _fill_by_path(levels, columns)
    out: dict[int, str] = {}
    for col in columns:
        parts: list[str] = []
        for level in filled:
            text = (level.get(col) or "").strip()
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if parts:
            out[col] = "-".join(parts)
    return out


def _year_split(parts: list[str]) -> tuple[YearLabel | None, list[str]]:
    if parts and (label := parse_label(parts[0])) is not None:
        return label, parts[1:]
    return None, parts


def _classify_one(col: int, header: str) -> Column:
    k = key(header)
    if k in SIMPLE:
        return Column(col, header, "simple", SIMPLE[k])
    for prefix, name in PREFIXED:
        if k.startswith(prefix) and k != "事業概要URL":
            return Column(col, header, "simple", name)
    if k == "事業番号":
        return Column(col, header, "number", index=0)
    m = re.fullmatch(r"事業番号-(\d)", k)
    if m:
        return Column(col, header, "number", index=int(m.group(1)))
    parts = k.split("-")
    head, rest = parts[0], parts[1:]
    if head.startswith(BUDGET):
        label, rest = _year_split(rest)
        if label is None:
            return Column(col, header, "unknown", head)
        if label.request:
            return Column(col, header, "budget", "request", label)
        if rest[:1] == ["予算の状況"] and len(rest) == 2 and rest[1] in COMPONENTS:
            return Column(col, header, "budget", COMPONENTS[rest[1]], label)
        if rest == ["執行額"]:
            return Column(col, header, "budget", "executed", label)
        if rest and rest[0].startswith(_BUDGET_DERIVED):
            return Column(col, header, "known", "budget-derived", label)
        return Column(col, header, "unknown", head)
    if head.startswith(PAYEES):
        return _payee(col, header, head, rest)
    if head in (OUTCOMES, OUTPUTS):
        kind = "outcome" if head == OUTCOMES else "output"
        index = 0
        if rest and _SUFFIX.match(rest[-1]):
            index, rest = int(rest[-1]), rest[:-1]
        label, rest = _year_split(rest)
        field = "-".join(rest)
        if field == "達成度(%)":
            field = "達成度"
        if not field or field not in (INDICATOR_MEASURES if label is not None else INDICATOR_TEXTS):
            return Column(col, header, "unknown", f"{head}-{field}" if field else head)  # loud: a field not read
        return Column(col, header, kind, field, label, index=index)
    if (family := _sections(col, header, head, rest)) is not None:
        return family
    if head == PAST:
        label, rest = _year_split(rest)
        if label is None or not rest:
            return Column(col, header, "unknown", head)
        return Column(col, header, "past", "-".join(rest), label)
    return Column(col, header, "unknown", head)


def _sections(col: int, header: str, head: str, rest: list[str]) -> Column | None:
    """④ 点検, ⑤–⑦ 所見, ⑩ 費目・使途, ⑫ 契約先, 単位当たりコスト; None for any other family."""
    printed = header.split("-")
    for family_head in (CHECK, EXTERNAL, TEAM, REFLECTION):
        if head.startswith(family_head) and (field := EVALUATION.get((family_head, "-".join(rest)))):
            return Column(col, header, "evaluation", field)
    if head.startswith(CHECK) and rest:
        # …-{group}-{item}-{評価|評価に関する説明}, or …-{group}-{item} holding the mark
        if rest[-1] in ("評価", "評価に関する説明") and len(rest) >= 2:
            field, item = ("mark" if rest[-1] == "評価" else "explanation"), printed[-2]
        elif re.search(r"か。(?:\(.*\))?$", rest[-1]):
            field, item = "mark", printed[-1]
        else:
            return Column(col, header, "unknown", head)
        return Column(col, header, "check", field, block=item.strip())
    if head.startswith(EXPENSES):
        m = _BLOCK_HEAD.match(rest[0]) if rest else None
        if m is None:
            return Column(col, header, "unknown", head)
        if len(rest) == 2 and rest[1] in EXPENSE_PAYEE:
            return Column(col, header, "expense", "payee", block=m.group("letter"))
        if len(rest) == 2 and rest[1] == "計":
            return Column(col, header, "known", "expense-total", block=m.group("letter"))
        if len(rest) == 3 and rest[1].isdigit() and rest[2] in EXPENSE_FIELDS:
            return Column(col, header, "expense", EXPENSE_FIELDS[rest[2]], block=m.group("letter"), rank=int(rest[1]))
        return Column(col, header, "unknown", head)
    if head.startswith(OBLIGATIONS):
        block = ""
        if rest and (m := _BLOCK_HEAD.match(rest[0])):
            block, rest = m.group("letter"), rest[1:]
        if len(rest) == 2 and rest[0].isdigit():
            field = OBLIGATION_FIELDS.get(rest[1]) or ("reason" if rest[1].startswith("一者応札") else None)
            if field:
                return Column(col, header, "obligation", field, block=block, rank=int(rest[0]))
        return Column(col, header, "unknown", head)
    if head == UNIT_COST:
        if rest in (["算出根拠"], ["単位"]):
            return Column(col, header, "unitcost", rest[0])
        label, after = _year_split(rest)
        if label is not None and after in ([], ["計算式"]):
            return Column(col, header, "unitcost", "formula", label, block=printed[1].strip())
        if rest == ["計算式"]:
            return Column(col, header, "unitcost", "formula", block="計算式")
        return Column(col, header, "unknown", head)
    return None


def _payee(col: int, header: str, head: str, rest: list[str]) -> Column:
    if rest and rest[0] == "グループ" and len(rest) >= 3 and rest[-1].isdigit():  # the 2014 edition: …-グループ-{field}-{n}
        field = "-".join(rest[1:-1])
        if field in PAYEE_FIELDS:
            return Column(col, header, "payee", PAYEE_FIELDS[field], rank=int(rest[-1]))
        return Column(col, header, "unknown", f"{PAYEES}-{field}", rank=int(rest[-1]))  # loud: a payee field not read
    index = 0
    if len(rest) > 3 and _SUFFIX.match(rest[-1]):
        index, rest = int(rest[-1]), rest[:-1]
    m = _BLOCK.match(rest[0]) if rest else None
    if m and len(rest) >= 3 and rest[1].isdigit():
        field = "-".join(rest[2:])
        block, rank = m.group("letter"), int(rest[1])
        if field in PAYEE_FIELDS:
            return Column(col, header, "payee", PAYEE_FIELDS[field], block=block, rank=rank, index=index)
        if field.startswith("一者応札"):
            return Column(col, header, "payee", "reason", block=block, rank=rank, index=index)
        return Column(col, header, "unknown", f"{PAYEES}-{field}", block=block, rank=rank, index=index)  # loud: a field not read
    return Column(col, header, "unknown", head)


def classify(names: dict[int, str]) -> list[Column]:
    """Every column, in column order; a name that repeats gets its repeat count as ``index``
    (where the name itself carries no ``-NN``), so repeated blocks become lists."""
    seen: Counter[str] = Counter()
    blocks: dict[str, tuple[int, set[tuple[str, str]]]] = {}  # indicator kind → (block number, fields seen in it)
    out: list[Column] = []
    for col in sorted(names):
        header = names[col]
        column = _classify_one(col, header)
        seen[key(header)] += 1
        if column.index == 0 and column.family in ("outcome", "output"):
            # unnumbered indicator blocks: a field met again in the current block starts the next block
            number, fields = blocks.get(column.family, (1, set()))
            field = (column.field, key(str(column.label)) if column.label else "")
            if field in fields:
                number, fields = number + 1, set()
            fields.add(field)
            blocks[column.family] = (number, fields)
            column = Column(column.col, column.header, column.family, column.field, column.label, index=number)
        elif column.index == 0 and column.family == "payee":
            column = Column(column.col, column.header, column.family, column.field, column.label, column.block,
                            column.rank, seen[key(header)])
        elif column.family == "past":
            column = Column(column.col, column.header, column.family, column.field, column.label, index=seen[key(header)])
        out.append(column)
    return out
