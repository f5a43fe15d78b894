"""The 15 RS tables as data: official file names and exact headers → field names.

Headers are matched exactly (they mix ー U+30FC, － U+FF0D, ASCII and full-width brackets);
an unknown header is a problem naming file and column, never a silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class TableSpec:
    table: str  # "1-1"
    group: str  # 基本情報
    title: str  # 組織情報
    columns: tuple[tuple[str, str], ...]  # table-specific (header, field)

    def header_map(self) -> dict[str, str]:
        mapping = dict(COMMON)
        mapping.update(COMMON_ALIASES)
        mapping.update(self.columns)
        return mapping

    def headers(self) -> list[str]:
        """The official header row (1-1 uses the 建制順/所管府省庁 spelling)."""
        common = [h for h, _ in COMMON]
        if self.table == "1-1":
            common[4], common[5] = "建制順", "所管府省庁"
        return common + [h for h, _ in self.columns]

    def header_for(self, field: str) -> str:
        for header, name in (*COMMON, *self.columns):
            if name == field:
                if self.table == "1-1" and field in ("ministry_order", "policy_ministry"):
                    return {"ministry_order": "建制順", "policy_ministry": "所管府省庁"}[field]
                return header
        return field


YEAR_COLUMNS = tuple((str(y), f"y{y}") for y in range(2007, 2061))

TABLES: tuple[TableSpec, ...] = (
    TableSpec("1-1", "基本情報", "組織情報", (
        ("その他担当組織_作成責任者_no", "no"),
        ("府省庁（その他担当組織）", "co_ministry"),
        ("局・庁（その他担当組織）", "co_bureau"),
        ("部（その他担当組織）", "co_department"),
        ("課（その他担当組織）", "co_division"),
        ("室（その他担当組織）", "co_office"),
        ("班（その他担当組織）", "co_section"),
        ("係（その他担当組織）", "co_subsection"),
        ("作成責任者", "person"),
    )),
    TableSpec("1-2", "基本情報", "事業概要等", (
        ("事業の目的", "purpose"),
        ("現状・課題", "current_issues"),
        ("事業の概要", "overview"),
        ("事業概要URL", "overview_url"),
        ("事業区分", "category"),
        ("事業開始年度", "start_year"),
        ("開始年度不明", "start_unknown"),
        ("事業終了（予定）年度", "end_year"),
        ("終了予定なし", "no_end"),
        ("主要経費", "major_expense"),
        ("備考", "remarks"),
        ("実施方法ー直接実施", "method_direct"),
        ("実施方法ー補助", "method_subsidy"),
        ("実施方法ー負担", "method_burden"),
        ("実施方法ー交付", "method_grant"),
        ("実施方法ー分担金・拠出金", "method_contribution"),
        ("実施方法ーその他", "method_other"),
        ("旧事業番号", "old_numbers"),
        ("整理表表示順", "display_order"),
    )),
    TableSpec("1-3", "基本情報", "政策・施策、法令等", (
        ("番号（政策・施策）", "policy_no"),
        ("政策所管府省庁_P", "policy_ministry_p"),
        ("政策", "policy"),
        ("施策", "measure"),
        ("政策・施策URL", "policy_url"),
        ("番号（根拠法令）", "law_no"),
        ("法令名", "law_title"),
        ("法令番号", "law_number"),
        ("法令ID", "law_id"),
        ("条", "article"),
        ("項", "paragraph"),
        ("号・号の細分", "item"),
        ("番号（関係する計画・通知等）", "plan_no"),
        ("計画通知名", "plan_name"),
        ("計画通知等URL", "plan_url"),
    )),
    TableSpec("1-4", "基本情報", "補助率等", (
        ("番号（補助率等）", "no"),
        ("補助対象", "target"),
        ("補助率", "rate"),
        ("補助上限等", "cap"),
        ("補助率URL", "url"),
    )),
    TableSpec("1-5", "基本情報", "関連事業", (
        ("番号（関連事業）", "no"),
        ("関連事業の事業ID", "target_id"),
        ("関連事業の事業名", "target_name"),
        ("関連性", "relation"),
    )),
    TableSpec("2-1", "予算・執行", "サマリ", (
        ("予算年度", "budget_year"),
        ("当初予算（合計）", "initial_total"),
        ("補正予算（合計）", "supplementary_total"),
        ("前年度からの繰越し（合計）", "carried_in_total"),
        ("予備費等（合計）", "reserve_total"),
        ("計（歳出予算現額合計）", "current_total"),
        ("執行額（合計）", "executed_total"),
        ("執行率", "execution_rate"),
        ("翌年度への繰越し(合計）", "carried_out_total"),
        ("翌年度要求額（合計）", "next_request_total"),
        ("主な増減理由", "reason"),
        ("その他特記事項", "notes"),
        ("会計区分", "account_kind"),
        ("会計", "account"),
        ("勘定", "sub_account"),
        ("当初予算", "initial"),
        ("第1次補正予算", "supplementary1"),
        ("第2次補正予算", "supplementary2"),
        ("第3次補正予算", "supplementary3"),
        ("第4次補正予算", "supplementary4"),
        ("第5次補正予算", "supplementary5"),
        ("前年度から繰越し", "carried_in"),
        ("予備費等1", "reserve1"),
        ("予備費等2", "reserve2"),
        ("予備費等3", "reserve3"),
        ("予備費等4", "reserve4"),
        ("歳出予算現額", "current"),
        ("執行額", "executed"),
        ("翌年度要求額", "next_request"),
        ("要望額", "priority_request"),
        ("備考", "remarks"),
    )),
    TableSpec("2-2", "予算・執行", "予算種別・歳出予算項目", (
        ("予算年度", "budget_year"),
        ("会計区分", "account_kind"),
        ("会計", "account"),
        ("勘定", "sub_account"),
        ("予算種別", "budget_type"),
        ("所管", "jurisdiction"),
        ("組織・勘定", "organization"),
        ("項", "kou"),
        ("目", "moku"),
        ("歳出予算項目の補足情報", "note"),
        ("予算額（歳出予算項目ごと）", "amount"),
        ("翌年度要求額（歳出予算項目ごと）", "next_request"),
        ("備考（歳出予算項目ごと）", "remarks"),
    )),
    TableSpec("3-1", "効果発現経路", "目標・実績", (
        ("事業に関連するKPIが定められている閣議決定等の名称", "kpi_document"),
        ("事業に関連するKPIが定められている閣議決定等の該当箇所", "kpi_section"),
        ("事業に関連するKPIが定められている閣議決定等のURL", "kpi_url"),
        ("アクティビティ・アウトプット・アウトカムの番号", "number"),
        ("種別（アクティビティ・アウトプット・アウトカム）", "kind"),
        ("アウトカムの期間", "term"),
        ("成果目標の種類", "goal_kind"),
        ("アクティビティ／活動目標／成果目標", "description"),
        ("活動指標／成果指標", "indicator"),
        ("単位", "unit"),
        ("改善の上向き／下向き", "direction"),
        ("成果実績及び目標値の根拠として用いた統計・データ名（出典）", "data_source"),
        ("定性的なアウトカム目標を設定している理由", "qualitative_reason"),
        ("定性的なアウトカムに関する成果実績", "qualitative_result"),
        ("目標年度／目標値／実績値／達成率", "measure"),
        *YEAR_COLUMNS,
    )),
    TableSpec("3-2", "効果発現経路", "目標のつながり", (
        ("派生元ーアクティビティ・アウトプット・アウトカムの番号", "from_number"),
        ("派生元ー種別（アクティビティ・アウトプット・アウトカム）", "from_kind"),
        ("派生元ーアウトカムの期間", "from_term"),
        ("派生元ーアクティビティの内容/ 活動目標／成果目標", "from_description"),
        ("派生先ーアクティビティ・アウトプット・アウトカムの番号", "to_number"),
        ("派生先ー種別（アクティビティ・アウトプット・アウトカム）", "to_kind"),
        ("派生先ーアウトカムの期間", "to_term"),
        ("派生先ー 活動目標／成果目標", "to_description"),
        ("後続アウトカムへのつながり", "explanation"),
        ("アウトカムを複数段階で設定できない理由", "single_stage_reason"),
    )),
    TableSpec("4-1", "点検・評価", "", (
        ("事業所管部局による点検・改善ー点検結果", "check_result"),
        ("事業所管部局による点検・改善ー改善の方向性", "improvement_direction"),
        ("事業所管部局による点検・改善－目標年度における効果測定に関する評価", "effect_evaluation"),
        ("外部有識者による点検ー最終実施年度", "external_last_year"),
        ("外部有識者による点検ー点検対象", "external_target"),
        ("外部有識者による点検ー対象の理由", "external_reason"),
        ("外部有識者による点検ー所見", "external_opinion"),
        ("公開プロセス結果概要", "public_process"),
        ("行政事業レビュー推進チームの所見", "team_opinion"),
        ("行政事業レビュー推進チームの所見の詳細", "team_opinion_detail"),
        ("所見を踏まえた改善点／概算要求における反映状況", "reflection"),
        ("所見を踏まえた改善点／概算要求における反映状況の詳細", "reflection_detail"),
        ("反映額（一般会計）", "reflected_general"),
        ("反映額（特別会計）－会計", "reflected_special_account"),
        ("反映額（特別会計）－勘定", "reflected_special_sub_account"),
        ("反映額（特別会計）－反映額", "reflected_special"),
        ("過去に受けた指摘事項－区分", "past_category"),
        ("過去に受けた指摘事項－取りまとめ年度", "past_year"),
        ("過去に受けた指摘事項－取りまとめ内容", "past_content"),
        ("過去に受けた指摘事項－対応状況", "past_response"),
        ("その他の指摘事項－調査等の名称", "other_category"),
        ("その他の指摘事項－指摘年度", "other_year"),
        ("その他の指摘事項－指摘内容", "other_content"),
        ("その他の指摘事項－対応状況", "other_response"),
    )),
    TableSpec("5-1", "支出先", "支出情報", (
        ("支出先ブロック番号", "block"),
        ("支出先ブロック名", "block_name"),
        ("支出先の数", "payee_count"),
        ("事業を行う上での役割", "role"),
        ("ブロックの合計支出額", "block_amount"),
        ("支出先名", "payee"),
        ("法人番号", "corporate_number"),
        ("所在地", "address"),
        ("法人種別", "corporate_kind"),
        ("その他支出先", "is_remainder"),
        ("支出先の合計支出額", "payee_amount"),
        ("契約概要", "contract_summary"),
        ("金額", "contract_amount"),
        ("契約方式等", "method"),
        ("具体的な契約方式等", "method_detail"),
        ("入札者数", "bidders"),
        ("落札率", "winning_rate"),
        ("一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（支出額10億円以上）", "single_bid_reason"),
        ("その他の契約", "contract_is_remainder"),
    )),
    TableSpec("5-2", "支出先", "支出ブロックのつながり", (
        ("支出元の支出先ブロック", "from_block"),
        ("支出元の支出先ブロック名", "from_name"),
        ("担当組織からの支出", "from_agency"),
        ("支出先の支出先ブロック", "to_block"),
        ("支出先の支出先ブロック名", "to_name"),
        ("資金の流れの補足情報", "note"),
        ("国自らが支出する間接経費", "overhead_kind"),
        ("国自らが支出する間接経費の項目", "overhead_item"),
        ("国自らが支出する間接経費の金額", "overhead_amount"),
    )),
    TableSpec("5-3", "支出先", "費目・使途", (
        ("支出先ブロック番号", "block"),
        ("支出先名", "payee"),
        ("法人番号", "corporate_number"),
        ("契約概要", "summary"),
        ("費目", "category"),
        ("使途", "use"),
        ("金額", "amount"),
    )),
    TableSpec("5-4", "支出先", "国庫債務負担行為等による契約", (
        ("支出先ブロック" + _O, "block"),
        ("契約先名" + _O, "contractor"),
        ("契約先の法人番号" + _O, "corporate_number"),
        ("契約先の所在地" + _O, "address"),
        ("契約先の法人種別" + _O, "corporate_kind"),
        ("契約概要（契約名）" + _O, "summary"),
        ("その他の契約", "is_remainder_a"),
        ("契約額" + _O, "amount"),
        ("契約方式等" + _O, "method"),
        ("具体的な契約方式等" + _O, "method_detail"),
        ("入札者数（応募者数）" + _O, "bidders"),
        ("落札率（％）" + _O, "winning_rate"),
        ("一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）" + _O, "single_bid_reason"),
        ("その他の契約" + _O, "is_remainder"),
    )),
    TableSpec("6-1", "その他備考", "", (
        ("備考", "remarks"),
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
        own = {h for h, _ in spec.columns}
        score = len(own & present)
        if score and (best is None or score > best[0]) and score >= max(1, len(own) // 2):
            best = (score, spec)
    return best[1] if best else None
