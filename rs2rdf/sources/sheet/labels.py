"""The template's printed labels, as data, for every template year 平成24 … 令和5.

A label matches a cell when the whole cell text, after NFKC and with all white space and
line breaks removed (so wrapped and vertically set labels match too), matches one of its
patterns. Variants between template years are alternative patterns, never code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rs2rdf.sources.normalize.text import key

#: An optional bracketed hint or unit after a label: 「根拠法令（具体的な条項も記載）」, 「予算額・執行額【千円】」.
_P = r"(?:[\(【\[].*[\)】\]])?"


@dataclass(frozen=True)
class Label:
    field: str
    printed: str  # the label as printed on the 平成29 template; used in source locations
    patterns: tuple[str, ...]

    def matches(self, text_key: str) -> bool:
        return any(re.fullmatch(p, text_key) for p in self.patterns)


def _l(field: str, printed: str, *patterns: str) -> Label:
    return Label(field, printed, patterns or (re.escape(key(printed)),))


#: Fields whose value sits to the right of the label (in reading order of the template).
SCALAR_LABELS: tuple[Label, ...] = (
    _l("number", "事業番号", r"事業番号:?"),
    _l("name", "事業名"),
    _l("bureau", "担当部局庁", r"担当部局庁?"),
    _l("office", "担当課室"),
    _l("person", "作成責任者"),
    _l("start", "事業開始年度", r"事業開始年度?"),
    _l("end", "事業終了（予定）年度", r"事業終了\(予定\)年度?"),
    _l("account", "会計区分"),
    _l("laws", "根拠法令（具体的な条項も記載）", rf"根拠法令{_P}"),
    _l("plans", "関係する計画、通知等", r"関係する計画[、,]?通知等"),
    _l("main_policy", "主要政策・施策", r"主要政策・施策", r"施策名"),
    _l("major_expense", "主要経費"),
    _l("purpose", "事業の目的（目指す姿を簡潔に。3行程度以内）", rf"事業の目的{_P}"),
    _l("issues", "現状・課題"),
    _l("overview", "事業概要（5行程度以内。別添可）", r"事業概要(?:\((?!.*URL).*\))?"),
    _l("overview_url", "事業概要URL", r"事業概要URL"),
    _l("method", "実施方法"),
    _l("outcome_source", "根拠として用いた統計・データ名（出典）", rf"根拠として用いた統計・データ名{_P}"),
    _l("unit_cost_basis", "算出根拠"),
    _l("policy", "政策"),
    _l("measure", "施策"),
    _l("kpi1", "ＫＰＩ（第一階層）", r"KPI\(第一階層\)"),
    _l("kpi2", "ＫＰＩ（第二階層）", r"KPI\(第二階層\)"),
    _l("check_result", "点検結果"),
    _l("improvement", "改善の方向性"),
    _l("external", "外部有識者の所見", r"外部有識者の所見", r"外部有識者による点検"),
    _l("team", "行政事業レビュー推進チームの所見"),
    _l("reflection", "所見を踏まえた改善点/概算要求における反映状況", r"所見を踏まえた改善点.*"),
    _l("remarks", "備考"),
)

#: Headings that start a section or a table; they bound the search for values.
SECTION_LABELS: tuple[Label, ...] = (
    _l("title", "行政事業レビューシート", r"(?:(?:平成|令和)(?:\d{1,2}|元)|(?:19|20)\d{2})年度行政事業レビューシート.*"),
    _l("budget_block", "予算額・執行額（単位:百万円）", rf"予算額・執行額{_P}"),
    _l("budget_status", "予算の状況"),
    _l("budget_detail", "予算内訳", rf"(?:(?:平成|令和)?(?:\d{{1,2}}|元)・(?:\d{{1,2}}|元)年度)?予算内訳{_P}"),
    _l("detail_moku", "歳出予算目"),
    _l("reason", "主な増減理由"),
    _l("outcome_block", "成果目標及び成果実績（アウトカム）", rf"成果目標及び成果実績{_P}"),
    _l("outcome_goal", "定量的な成果目標"),
    _l("outcome_name", "成果指標"),
    _l("unit", "単位"),
    _l("mid_target", "中間目標"),
    _l("final_target", "目標最終年度"),
    _l("output_block", "活動指標及び活動実績（アウトプット）", rf"活動指標及び活動実績{_P}"),
    _l("output_name", "活動指標"),
    _l("unit_cost", "単位当たりコスト"),
    _l("formula", "計算式"),
    _l("checks", "事業所管部局による点検・改善"),
    _l("check_item", "評価項目"),
    _l("check_text", "評価に関する説明"),
    _l("past", "関連する過去のレビューシートの事業番号"),
    _l("flow", "資金の流れ", rf"資金の流れ{_P}(?:\(単位:百万円\))?"),
    _l("expenses", "費目・使途", rf"費目・使途{_P}"),
    _l("payees", "支出先上位１０者リスト", r"支出先上位10者リスト.*"),
    _l("obligations", "国庫債務負担行為等による契約先上位10者リスト", r"国庫債務負担行為等による契約先上位10者リスト.*"),
)

#: Row labels of the budget grid, in template order.
BUDGET_ROWS: tuple[Label, ...] = (
    _l("initial", "当初予算"),
    _l("supplementary", "補正予算"),
    _l("carried_in", "前年度から繰越し", r"前年度から(?:の)?繰越し?"),
    _l("carried_out", "翌年度へ繰越し", r"翌年度へ(?:の)?繰越し?"),
    _l("reserve", "予備費等"),
    _l("current", "計"),
    _l("executed", "執行額"),
    _l("rate", "執行率（％）", r"執行率(?:\(%\))?"),
    _l("rate_budget", "当初予算＋補正予算に対する執行額の割合（％）", r"当初予算\+補正予算に対する執行額の割合(?:\(%\))?"),
)

INDICATOR_ROWS: tuple[Label, ...] = (
    _l("actual", "成果実績"),
    _l("target", "目標値"),
    _l("achievement", "達成度"),
    _l("output_actual", "活動実績"),
    _l("output_plan", "当初見込み"),
)

PAYEE_COLUMNS: tuple[Label, ...] = (
    _l("name", "支出先"),
    _l("corporate_number", "法人番号"),
    _l("business", "業務概要"),
    _l("amount", "支出額（百万円）", rf"支出額{_P}"),
    _l("bidders", "入札者数（応募者数）", rf"入札者数{_P}"),
    _l("rate", "落札率"),
    _l("method", "契約方式等"),
    _l("reason", "一者応札・一者応募又は競争性のない随意契約となった理由及び改善策", r"一者応札.*"),
)

OBLIGATION_COLUMNS: tuple[Label, ...] = (
    _l("block", "ﾌﾞﾛｯｸ名", r"ブロック名?"),
    _l("name", "契約先"),
    _l("corporate_number", "法人番号"),
    _l("summary", "業務概要"),
    _l("amount", "契約額（百万円）", rf"契約額{_P}"),
    _l("method", "契約方式", r"契約方式等?"),
    _l("bidders", "入札者数（応募者数）", rf"入札者数{_P}"),
    _l("rate", "落札率"),
    _l("reason", "一者応札・一者応募又は競争性のない随意契約となった理由及び改善策", r"一者応札.*"),
)

EXPENSE_COLUMNS: tuple[Label, ...] = (
    _l("category", "費目"),
    _l("use", "使途"),
    _l("amount", "金額(百万円）", rf"金額{_P}"),
)

#: Labels found by field id (ids are unique across these groups); list columns are found by Label.
FIELD_LABELS: tuple[Label, ...] = SCALAR_LABELS + SECTION_LABELS + BUDGET_ROWS + INDICATOR_ROWS + EXPENSE_COLUMNS
ALL_LABELS: tuple[Label, ...] = FIELD_LABELS + PAYEE_COLUMNS + OBLIGATION_COLUMNS

#: Year headers of the budget and indicator grids (the era is omitted): 26年度, 元年度, 30年度要求, 29年度活動見込.
#: Some sheets print the era on the first heading or on every one (平成29年度, 令和元年度要求); an
#: era-carrying heading is found by the grids but is not a label (事業開始年度 values look the same);
#: so is a western one (「2020年度」, 「2021年度要求」).
YEAR_HEADER = re.compile(r"^(?:(?P<western>(?:19|20)\d{2})|(?P<era>平成|令和)?(?P<n>\d{1,2}|元))年度(?P<kind>要求|活動見込|当初予算)?(?:額|\(案\))?$")
PAST_YEAR = re.compile(r"^(?P<era>平成|令和)(?P<n>\d{1,2}|元)年度$")

_COMPILED = [re.compile(p) for lab in ALL_LABELS for p in lab.patterns]


def is_label(text_key: str) -> bool:
    """True when a cell holds a template label (and therefore is never a value)."""
    if not text_key:
        return False
    if (m := YEAR_HEADER.match(text_key)) and not m.group("era") and not m.group("western"):
        return True
    return any(p.fullmatch(text_key) for p in _COMPILED)


def label_prefix_length(text_key: str) -> int:
    """Length of the longest label that starts ``text_key`` and leaves text after it, else 0.

    Only used on pages without ruling lines, where a label and its value can come out as
    one run of words.
    """
    best = 0
    if is_label(text_key):
        return 0
    for pattern, figure_only in _PREFIXES:
        m = pattern.match(text_key)
        if m and 0 < m.end() < len(text_key):
            # a budget row's label runs into its first figure (「翌年度へ繰越し△508」) only when a figure follows
            if figure_only and not _FIGURE.fullmatch(text_key, m.end()):
                continue
            best = max(best, m.end())
    return best


#: What may follow a budget row's label in one run: a figure or a dash (the value of the first year).
_FIGURE = re.compile(r"[▲△+-]?[\d,.]+%?|[-‐－―ー]")
#: The labels that may start a run of words, compiled once (this runs for every word on an unruled page).
_PREFIXES = [(re.compile(p), lab in BUDGET_ROWS) for lab in SCALAR_LABELS + BUDGET_ROWS for p in lab.patterns if ".*" not in p]
