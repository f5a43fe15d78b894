"""The 15 RS tables as data: one entry per column, from which the reader, the mapping of
new columns, the validation report's source columns and the field labels are driven.

Each :class:`Column` says what the RS system prints (the exact header: they mix ー U+30FC,
－ U+FF0D, ASCII and full-width brackets), the field name records use, the vocabulary terms
whose values come from it, and the review years it exists in. An unknown header is a
problem naming file and column, never a silent guess; a column of other years only is not
required of a file.

Adding a column the RS system prints from some year on is one entry here: with
``publish=Publish(class, term, kind)`` the value is read, typed and published on the row's
resource of that class without code (see :mod:`rs2rdf.mapping.columns`), plus the term in
``ontology/rs.ttl`` and its shape in ``shapes/``. A column a record type reads itself is also
one entry here, plus that record's field and its mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

COMMON: tuple[tuple[str, str], ...] = (
    ("シート種別", "sheet_type"),
    ("事業年度", "review_year"),
    ("予算事業ID", "budget_id"),
    ("事業名", "name"),
    ("府省庁の建制順", "ministry_order"),
    ("政策所管府省庁", "policy_ministry"),
    ("府省庁", "ministry"),
    ("局・庁", "bureau"),
    ("部", "department"),
    ("課", "division"),
    ("室", "office"),
    ("班", "section"),
    ("係", "subsection"),
)

#: 1-1 spells two common columns differently.
COMMON_ALIASES = {"建制順": "ministry_order", "所管府省庁": "policy_ministry"}

_O = "（国庫債務負担行為等による契約）"

#: How a published column's cells are read: as text, or typed like the RS amounts, years and flags.
Kind = Literal["text", "integer", "decimal", "yen", "year", "flag", "url"]


@dataclass(frozen=True)
class Publish:
    """A column no record type reads: its value goes straight onto the row's resource of ``cls``."""

    cls: str  # vocabulary class (local name) of the resource the row was mapped to
    term: str  # vocabulary property (local name) under which the value is published
    kind: Kind = "text"


@dataclass(frozen=True)
class Column:
    """One column of an RS table."""

    header: str
    field: str
    #: (class or "*", term): vocabulary properties whose values come from this column, so a
    #: validation result on one of them points at this column of the source row.
    terms: tuple[tuple[str, str], ...] = ()
    #: First and last review year whose files have this column (None: every year).
    since: int | None = None
    until: int | None = None
    publish: Publish | None = None

    def in_year(self, year: int | None) -> bool:
        """Whether files of ``year`` have the column; a file of unknown year may have any column."""
        if year is None:
            return True
        return (self.since is None or year >= self.since) and (self.until is None or year <= self.until)

    @property
    def always(self) -> bool:
        return self.since is None and self.until is None


def C(header: str, field: str, *terms: tuple[str, str], since: int | None = None, until: int | None = None,
      publish: Publish | None = None) -> Column:
    """A column entry, written the way the table below reads best (header, field, terms…)."""
    if publish is not None:
        terms = (*terms, (publish.cls, publish.term))
    return Column(header, field, tuple(terms), since, until, publish)


@dataclass(frozen=True)
class TableSpec:
    table: str  # "1-1"
    group: str  # 基本情報
    title: str  # 組織情報
    columns: tuple[Column, ...]  # table-specific
    #: vocabulary terms whose values come from one of the common columns, by header
    common_terms: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, hash=False, compare=False)
    #: field → header (the first column of that field; 1-1's own spelling of two common ones)
    headers_by_field: dict[str, str] = field(init=False, repr=False, hash=False, compare=False)

    def __post_init__(self) -> None:
        fields: dict[str, str] = {}
        for header, name in (*COMMON, *((c.header, c.field) for c in self.columns)):
            fields.setdefault(name, header)
        if self.table == "1-1":
            fields.update({"ministry_order": "建制順", "policy_ministry": "所管府省庁"})
        object.__setattr__(self, "headers_by_field", fields)  # frozen: set once, here

    def columns_in(self, year: int | None) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.in_year(year))

    def header_map(self, year: int | None = None) -> dict[str, str]:
        """Header → field for files of ``year`` (every column when the year is unknown)."""
        mapping = dict(COMMON)
        mapping.update(COMMON_ALIASES)
        mapping.update((c.header, c.field) for c in self.columns_in(year))
        return mapping

    def headers(self, year: int | None = None) -> list[str]:
        """The official header row of ``year``'s file (1-1 uses the 建制順/所管府省庁 spelling);
        with no year, the columns every year has."""
        common = [h for h, _ in COMMON]
        if self.table == "1-1":
            common[4], common[5] = "建制順", "所管府省庁"
        return common + [c.header for c in self.columns if (c.in_year(year) if year is not None else c.always)]

    def header_for(self, field: str) -> str:
        return self.headers_by_field.get(field, field)

    def published(self, year: int | None) -> tuple[Column, ...]:
        """Columns of ``year`` whose values the generic mapping publishes."""
        return tuple(c for c in self.columns_in(year) if c.publish is not None)

    def source_columns(self) -> dict[tuple[str, str], str]:
        """(class or "*", term) → the header holding its value: where a validation result points."""
        out: dict[tuple[str, str], str] = {}
        for header, terms in self.common_terms.items():
            for key in terms:
                out.setdefault(key, header)
        for c in self.columns:
            for key in c.terms:
                out.setdefault(key, c.header)
        return out


YEAR_COLUMNS = tuple(C(str(y), f"y{y}") for y in range(2007, 2061))

TABLES: tuple[TableSpec, ...] = (
    TableSpec("1-1", "基本情報", "組織情報", (
        C("その他担当組織_作成責任者_no", "no"),
        C("府省庁（その他担当組織）", "co_ministry", ("*", "coResponsibleUnit")),
        C("局・庁（その他担当組織）", "co_bureau"),
        C("部（その他担当組織）", "co_department"),
        C("課（その他担当組織）", "co_division"),
        C("室（その他担当組織）", "co_office"),
        C("班（その他担当組織）", "co_section"),
        C("係（その他担当組織）", "co_subsection"),
        C("作成責任者", "person"),
    )),
    TableSpec("1-2", "基本情報", "事業概要等", (
        C("事業の目的", "purpose"),
        C("現状・課題", "current_issues"),
        C("事業の概要", "overview"),
        C("事業概要URL", "overview_url", ("*", "overviewUrl")),
        C("事業区分", "category"),
        C("事業開始年度", "start_year", ("*", "startYear")),
        C("開始年度不明", "start_unknown"),
        C("事業終了（予定）年度", "end_year", ("*", "endYear")),
        C("終了予定なし", "no_end"),
        C("主要経費", "major_expense"),
        C("備考", "remarks"),
        C("実施方法ー直接実施", "method_direct"),
        C("実施方法ー補助", "method_subsidy"),
        C("実施方法ー負担", "method_burden"),
        C("実施方法ー交付", "method_grant"),
        C("実施方法ー分担金・拠出金", "method_contribution"),
        C("実施方法ーその他", "method_other"),
        C("旧事業番号", "old_numbers"),
        C("整理表表示順", "display_order"),
    ), common_terms={"事業年度": (("*", "reviewYear"),), "事業名": (("*", "projectName"), ("*", "label"),), "政策所管府省庁": (("*", "policyMinistry"),), "府省庁": (("*", "responsibleOrganization"),), "局・庁": (("*", "responsibleUnit"), ("*", "coResponsibleUnit"),)}),
    TableSpec("1-3", "基本情報", "政策・施策、法令等", (
        C("番号（政策・施策）", "policy_no", ("Policy", "number")),
        C("政策所管府省庁_P", "policy_ministry_p", ("*", "policyMinistry")),
        C("政策", "policy"),
        C("施策", "measure"),
        C("政策・施策URL", "policy_url"),
        C("番号（根拠法令）", "law_no"),
        C("法令名", "law_title", ("*", "label"), ("*", "lawTitle")),
        C("法令番号", "law_number"),
        C("法令ID", "law_id", ("*", "law"), ("*", "linkMethod"), ("*", "id_local")),
        C("条", "article", ("*", "citedProvision"), ("*", "article"), ("*", "provision"), ("*", "is_part_of")),
        C("項", "paragraph"),
        C("号・号の細分", "item"),
        C("番号（関係する計画・通知等）", "plan_no", ("Plan", "number")),
        C("計画通知名", "plan_name", ("Plan", "label")),
        C("計画通知等URL", "plan_url"),
    )),
    TableSpec("1-4", "基本情報", "補助率等", (
        C("番号（補助率等）", "no", ("*", "number")),
        C("補助対象", "target"),
        C("補助率", "rate"),
        C("補助上限等", "cap"),
        C("補助率URL", "url"),
    )),
    TableSpec("1-5", "基本情報", "関連事業", (
        C("番号（関連事業）", "no", ("*", "number")),
        C("関連事業の事業ID", "target_id", ("*", "relatedProject")),
        C("関連事業の事業名", "target_name"),
        C("関連性", "relation"),
    )),
    TableSpec("2-1", "予算・執行", "サマリ", (
        C("予算年度", "budget_year", ("*", "budgetYear")),
        C("当初予算（合計）", "initial_total", ("aggregate", "initialBudget")),
        C("補正予算（合計）", "supplementary_total", ("aggregate", "supplementaryBudget")),
        C("前年度からの繰越し（合計）", "carried_in_total", ("aggregate", "carriedOverIn")),
        C("予備費等（合計）", "reserve_total", ("aggregate", "reserveFunds")),
        C("計（歳出予算現額合計）", "current_total", ("aggregate", "currentBudget")),
        C("執行額（合計）", "executed_total", ("aggregate", "execution")),
        C("執行率", "execution_rate", ("aggregate", "executionRate")),
        C("翌年度への繰越し(合計）", "carried_out_total", ("aggregate", "carriedOverOut")),
        C("翌年度要求額（合計）", "next_request_total", ("aggregate", "nextYearRequest")),
        C("主な増減理由", "reason"),
        C("その他特記事項", "notes"),
        C("会計区分", "account_kind", ("aggregate", "isAggregate"), ("account", "isAggregate")),
        C("会計", "account"),
        C("勘定", "sub_account"),
        C("当初予算", "initial", ("account", "initialBudget")),
        C("第1次補正予算", "supplementary1", ("account", "supplementaryBudget")),
        C("第2次補正予算", "supplementary2"),
        C("第3次補正予算", "supplementary3"),
        C("第4次補正予算", "supplementary4"),
        C("第5次補正予算", "supplementary5"),
        C("前年度から繰越し", "carried_in", ("account", "carriedOverIn")),
        C("予備費等1", "reserve1", ("account", "reserveFunds")),
        C("予備費等2", "reserve2"),
        C("予備費等3", "reserve3"),
        C("予備費等4", "reserve4"),
        C("歳出予算現額", "current", ("account", "currentBudget")),
        C("執行額", "executed", ("account", "execution")),
        C("翌年度要求額", "next_request", ("account", "nextYearRequest")),
        C("要望額", "priority_request"),
        C("備考", "remarks"),
    )),
    TableSpec("2-2", "予算・執行", "予算種別・歳出予算項目", (
        C("予算年度", "budget_year", ("*", "budgetYear")),
        C("会計区分", "account_kind"),
        C("会計", "account"),
        C("勘定", "sub_account"),
        C("予算種別", "budget_type"),
        C("所管", "jurisdiction"),
        C("組織・勘定", "organization"),
        C("項", "kou"),
        C("目", "moku"),
        C("歳出予算項目の補足情報", "note"),
        C("予算額（歳出予算項目ごと）", "amount", ("*", "amount")),
        C("翌年度要求額（歳出予算項目ごと）", "next_request", ("*", "nextYearRequest")),
        C("備考（歳出予算項目ごと）", "remarks"),
    )),
    TableSpec("3-1", "効果発現経路", "目標・実績", (
        C("事業に関連するKPIが定められている閣議決定等の名称", "kpi_document"),
        C("事業に関連するKPIが定められている閣議決定等の該当箇所", "kpi_section"),
        C("事業に関連するKPIが定められている閣議決定等のURL", "kpi_url"),
        C("アクティビティ・アウトプット・アウトカムの番号", "number", ("*", "number")),
        C("種別（アクティビティ・アウトプット・アウトカム）", "kind", ("*", "indicatorKind")),
        C("アウトカムの期間", "term", ("*", "outcomeTerm")),
        C("成果目標の種類", "goal_kind"),
        C("アクティビティ／活動目標／成果目標", "description"),
        C("活動指標／成果指標", "indicator"),
        C("単位", "unit"),
        C("改善の上向き／下向き", "direction"),
        C("成果実績及び目標値の根拠として用いた統計・データ名（出典）", "data_source"),
        C("定性的なアウトカム目標を設定している理由", "qualitative_reason"),
        C("定性的なアウトカムに関する成果実績", "qualitative_result"),
        C("目標年度／目標値／実績値／達成率", "measure", ("IndicatorValue", "year"), ("IndicatorValue", "targetValue"), ("IndicatorValue", "actualValue"), ("IndicatorValue", "achievementRatePercent")),
        *YEAR_COLUMNS,
    )),
    TableSpec("3-2", "効果発現経路", "目標のつながり", (
        C("派生元ーアクティビティ・アウトプット・アウトカムの番号", "from_number", ("*", "from"), ("*", "number")),
        C("派生元ー種別（アクティビティ・アウトプット・アウトカム）", "from_kind", ("*", "indicatorKind")),
        C("派生元ーアウトカムの期間", "from_term"),
        C("派生元ーアクティビティの内容/ 活動目標／成果目標", "from_description"),
        C("派生先ーアクティビティ・アウトプット・アウトカムの番号", "to_number", ("*", "to"), ("*", "leadsTo")),
        C("派生先ー種別（アクティビティ・アウトプット・アウトカム）", "to_kind"),
        C("派生先ーアウトカムの期間", "to_term"),
        C("派生先ー 活動目標／成果目標", "to_description"),
        C("後続アウトカムへのつながり", "explanation"),
        C("アウトカムを複数段階で設定できない理由", "single_stage_reason"),
    )),
    TableSpec("4-1", "点検・評価", "", (
        C("事業所管部局による点検・改善ー点検結果", "check_result"),
        C("事業所管部局による点検・改善ー改善の方向性", "improvement_direction"),
        C("事業所管部局による点検・改善－目標年度における効果測定に関する評価", "effect_evaluation"),
        C("外部有識者による点検ー最終実施年度", "external_last_year"),
        C("外部有識者による点検ー点検対象", "external_target"),
        C("外部有識者による点検ー対象の理由", "external_reason"),
        C("外部有識者による点検ー所見", "external_opinion"),
        C("公開プロセス結果概要", "public_process"),
        C("行政事業レビュー推進チームの所見", "team_opinion"),
        C("行政事業レビュー推進チームの所見の詳細", "team_opinion_detail"),
        C("所見を踏まえた改善点／概算要求における反映状況", "reflection"),
        C("所見を踏まえた改善点／概算要求における反映状況の詳細", "reflection_detail"),
        C("反映額（一般会計）", "reflected_general", ("*", "reflectedAmountGeneral")),
        C("反映額（特別会計）－会計", "reflected_special_account"),
        C("反映額（特別会計）－勘定", "reflected_special_sub_account"),
        C("反映額（特別会計）－反映額", "reflected_special"),
        C("過去に受けた指摘事項－区分", "past_category"),
        C("過去に受けた指摘事項－取りまとめ年度", "past_year"),
        C("過去に受けた指摘事項－取りまとめ内容", "past_content", ("*", "findingContent")),
        C("過去に受けた指摘事項－対応状況", "past_response"),
        C("その他の指摘事項－調査等の名称", "other_category"),
        C("その他の指摘事項－指摘年度", "other_year"),
        C("その他の指摘事項－指摘内容", "other_content"),
        C("その他の指摘事項－対応状況", "other_response"),
    )),
    TableSpec("5-1", "支出先", "支出情報", (
        C("支出先ブロック番号", "block", ("*", "blockLetter"), ("*", "block")),
        C("支出先ブロック名", "block_name"),
        C("支出先の数", "payee_count", ("SpendingBlock", "payeeCount")),
        C("事業を行う上での役割", "role"),
        C("ブロックの合計支出額", "block_amount", ("SpendingBlock", "amount")),
        C("支出先名", "payee", ("SpendingBlock", "payment"), ("*", "payment"), ("*", "printedName"), ("*", "recipientKind"), ("*", "label")),
        C("法人番号", "corporate_number", ("*", "recipient"), ("*", "corporateNumber"), ("*", "corporateNumberValid")),
        C("所在地", "address"),
        C("法人種別", "corporate_kind"),
        C("その他支出先", "is_remainder", ("*", "isRemainder")),
        C("支出先の合計支出額", "payee_amount", ("Payment", "amount")),
        C("契約概要", "contract_summary", ("Payment", "contract")),
        C("金額", "contract_amount", ("Contract", "amount")),
        C("契約方式等", "method"),
        C("具体的な契約方式等", "method_detail"),
        C("入札者数", "bidders", ("*", "bidderCount")),
        C("落札率", "winning_rate", ("*", "winningBidRatePercent")),
        C("一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（支出額10億円以上）", "single_bid_reason"),
        C("その他の契約", "contract_is_remainder"),
    )),
    TableSpec("5-2", "支出先", "支出ブロックのつながり", (
        C("支出元の支出先ブロック", "from_block", ("*", "fromBlock")),
        C("支出元の支出先ブロック名", "from_name"),
        C("担当組織からの支出", "from_agency", ("*", "fromAgency")),
        C("支出先の支出先ブロック", "to_block", ("*", "toBlock"), ("*", "blockLetter")),
        C("支出先の支出先ブロック名", "to_name"),
        C("資金の流れの補足情報", "note"),
        C("国自らが支出する間接経費", "overhead_kind"),
        C("国自らが支出する間接経費の項目", "overhead_item"),
        C("国自らが支出する間接経費の金額", "overhead_amount", ("Overhead", "amount")),
    )),
    TableSpec("5-3", "支出先", "費目・使途", (
        C("支出先ブロック番号", "block", ("*", "block"), ("*", "blockLetter")),
        C("支出先名", "payee", ("*", "label")),
        C("法人番号", "corporate_number", ("*", "recipient"), ("*", "corporateNumber"), ("*", "corporateNumberValid")),
        C("契約概要", "summary"),
        C("費目", "category"),
        C("使途", "use"),
        C("金額", "amount", ("*", "amount")),
    )),
    TableSpec("5-4", "支出先", "国庫債務負担行為等による契約", (
        C("支出先ブロック" + _O, "block", ("*", "block"), ("*", "blockLetter")),
        C("契約先名" + _O, "contractor", ("*", "printedName"), ("*", "recipientKind"), ("*", "label")),
        C("契約先の法人番号" + _O, "corporate_number", ("*", "recipient"), ("*", "corporateNumber"), ("*", "corporateNumberValid")),
        C("契約先の所在地" + _O, "address"),
        C("契約先の法人種別" + _O, "corporate_kind"),
        C("契約概要（契約名）" + _O, "summary"),
        C("その他の契約", "is_remainder_a"),
        C("契約額" + _O, "amount", ("*", "amount")),
        C("契約方式等" + _O, "method"),
        C("具体的な契約方式等" + _O, "method_detail"),
        C("入札者数（応募者数）" + _O, "bidders", ("*", "bidderCount")),
        C("落札率（％）" + _O, "winning_rate", ("*", "winningBidRatePercent")),
        C("一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）" + _O, "single_bid_reason"),
        C("その他の契約" + _O, "is_remainder"),
    )),
    TableSpec("6-1", "その他備考", "", (
        C("備考", "remarks"),
    )),
)

BY_ID: dict[str, TableSpec] = {t.table: t for t in TABLES}

# 4-1 and 6-1 have no title part: "4-1_RS_2024_点検・評価", "6-1_RS_2024_その他備考".
_NAME = re.compile(r"^(?P<table>[1-6]-[1-5])_RS_(?P<year>\d{4})_")


def official_stem(spec: TableSpec, year: int) -> str:
    if spec.title:
        return f"{spec.table}_RS_{year}_{spec.group}_{spec.title}"
    return f"{spec.table}_RS_{year}_{spec.group}"


def identify(name: str) -> tuple[TableSpec, int] | None:
    """Table and review year from an official file name (ZIP or CSV)."""
    m = _NAME.match(name)
    if not m or m["table"] not in BY_ID:
        return None
    return BY_ID[m["table"]], int(m["year"])


def identify_by_header(header: list[str]) -> TableSpec | None:
    """For renamed files: the table whose specific columns match the header best."""
    best: tuple[int, TableSpec] | None = None
    present = set(header)
    for spec in TABLES:
        own = {c.header for c in spec.columns if c.always}
        score = len(own & present)
        if score and (best is None or score > best[0]) and score >= max(1, len(own) // 2):
            best = (score, spec)
    return best[1] if best else None


def source_columns() -> dict[tuple[str, str, str], str]:
    """(table, class or "*", term) → column header, for every table: the validation report's
    way back from a property to the cell its value was read from."""
    return {(spec.table, cls, term): header for spec in TABLES for (cls, term), header in spec.source_columns().items()}
