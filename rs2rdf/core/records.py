"""Typed records: what a review sheet says, independent of where it was printed.

RS CSV rows and pre-2024 sheets (xlsx/PDF) both become these records; the RDF mapping
only ever sees records. Every record carries ``src`` (file, table or page, row), and a
field's location is ``src.with_field(<printed header or label>)``. Nothing here imports
rdflib or pdfplumber.

Money is integer yen. Values printed in 百万円 on older sheets keep their printed form in
:class:`Money` so nothing is lost by the conversion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rs2rdf.core.location import SourceLocation

RS = "rs"
SHEET = "sheet"


@dataclass(frozen=True, order=True, slots=True)
class SheetKey:
    """Identity of one yearly sheet.

    RS sheets: (review year, 予算事業ID). Older sheets: (review year, ministry key,
    事業番号 as normalised), because 事業番号 is only unique per ministry and year.
    """

    review_year: int
    budget_id: int | None = None
    ministry: str | None = None
    number: str | None = None

    @property
    def is_rs(self) -> bool:
        return self.budget_id is not None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in yen with how it was printed (``"▲ 25,434"`` in 百万円, or ``"1437000 "``)."""

    yen: int
    printed: str | None = None
    unit: str = "円"  # "円", "百万円" or "千円" (as a sheet's heading prints it)

    @property
    def printed_value(self) -> Decimal | None:
        return None if self.unit == "円" else Decimal(self.yen) / Decimal(1_000 if self.unit == "千円" else 1_000_000)


@dataclass(frozen=True, slots=True)
class UnitPath:
    """局・庁 / 部 / 課 / 室 / 班 / 係 under a 府省庁 name, as printed."""

    ministry: str | None
    bureau: str | None = None
    department: str | None = None
    division: str | None = None
    office: str | None = None
    section: str | None = None
    subsection: str | None = None

    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.bureau, self.department, self.division, self.office, self.section, self.subsection) if p)


def _flat(prefix: str, value: object, out: dict[str, object]) -> None:
    """Nested keys, amounts and places spread into columns, so a list of dicts is a table."""
    if isinstance(value, SourceLocation):
        out.update({f"{prefix}file": value.file, f"{prefix}part": value.part, f"{prefix}row": value.row})
    elif isinstance(value, SheetKey):
        out.update({"review_year": value.review_year, "budget_id": value.budget_id,
                    "sheet_ministry": value.ministry, "sheet_number": value.number})
    elif isinstance(value, Money):
        out[prefix.rstrip("_")] = value.yen
        out[f"{prefix}printed"] = value.printed
        out[f"{prefix}unit"] = value.unit
    elif isinstance(value, UnitPath):
        out[prefix.rstrip("_")] = " / ".join(p for p in (value.ministry, *value.parts()) if p)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _flat(f"{prefix}{name}_", getattr(value, name), out)
    elif isinstance(value, tuple):
        out[prefix.rstrip("_")] = [_plain(v) for v in value]
    else:
        out[prefix.rstrip("_")] = value


def _plain(value: object) -> object:
    """An item of a tuple field: a nested record (a contract of a payment) as its own flat dict."""
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, (Money, UnitPath, SheetKey, SourceLocation)):
        out: dict[str, object] = {}
        for name in value.__dataclass_fields__:
            _flat("src_" if name == "src" else f"{name}_", getattr(value, name), out)
        return out
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


class Row:
    """A record as one flat row (``pandas.DataFrame(r.as_dict() for r in records)``)."""

    __slots__ = ()

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"record": type(self).__name__}
        for name in self.__dataclass_fields__:  # type: ignore[attr-defined]  # every subclass is a dataclass
            value = getattr(self, name)
            _flat("src_" if name == "src" else f"{name}_", value, out)
        return out


@dataclass(frozen=True, slots=True)
class PastLink:
    """One 関連する過去のレビューシートの事業番号 entry: the review year, ministry and 事業番号 it names, as printed."""

    year: int
    number: str  # the printed parts joined with "-" ("0051", "新30-0012", "2022-経産-21-0412")
    ministry: str | None  # 所管府省名 as printed (None: the sheet's own ministry)
    src: SourceLocation  # the row and the column of the number


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetInfo(Row):
    """The sheet's header: names, organisation, texts and flags (RS 1-1 row 1 + 1-2)."""

    sheet: SheetKey
    src: SourceLocation
    name: str
    source_kind: str = RS  # RS or SHEET
    sheet_type: str | None = None  # レビューシート / 基金シート
    policy_ministry: str | None = None  # 政策所管府省庁
    ministry: str | None = None  # 府省庁
    ministry_order: int | None = None  # 建制順
    unit: UnitPath | None = None
    purpose: str | None = None
    current_issues: str | None = None
    overview: str | None = None
    overview_url: str | None = None
    category: str | None = None  # 事業区分
    start_year: int | None = None
    start_unknown: bool | None = None
    start_before: bool = False  # 昭和元年度以前
    end_year: int | None = None
    no_end: bool | None = None
    major_expenses: tuple[str, ...] = ()
    remarks: str | None = None  # 1-2 備考
    methods: tuple[str, ...] = ()  # 実施方法 labels as printed
    old_numbers: str | None = None  # 旧事業番号 raw
    display_order: str | None = None
    # pre-2024 only
    printed_number: str | None = None
    responsible_person: str | None = None
    account: str | None = None  # 会計区分 as printed
    past_numbers: tuple[str, ...] = ()  # 関連する過去のレビューシートの事業番号, "平成27年度 0051"
    past_links: tuple[PastLink, ...] = ()  # the same with ministry and source cell, where the source gives them
    main_policy: str | None = None  # 主要政策・施策
    kpis: tuple[str, ...] = ()  # ＫＰＩ（第一階層）…
    unit_cost: tuple[tuple[str, str], ...] = ()  # 単位当たりコスト: (label or year, printed text)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrgRow(Row):
    """RS 1-1: a co-responsible unit and/or the responsible person (作成責任者)."""

    sheet: SheetKey
    src: SourceLocation
    number: int
    unit: UnitPath | None
    person: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(Row):
    sheet: SheetKey
    src: SourceLocation
    number: int
    ministry: str | None
    policy: str | None
    measure: str | None
    url: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LawRef(Row):
    """One cited law (RS 1-3 law columns, or a parsed free-text citation)."""

    sheet: SheetKey
    src: SourceLocation
    number: str  # RS 番号（根拠法令）, or "<cell>-<i>" for free text
    title: str
    law_number: str | None = None
    law_id_raw: str | None = None
    article: str | None = None  # as printed
    paragraph: str | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan(Row):
    sheet: SheetKey
    src: SourceLocation
    number: int
    name: str
    url: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubsidyRate(Row):
    sheet: SheetKey
    src: SourceLocation
    number: int
    target: str | None
    rate: str | None
    cap: str | None
    url: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedProject(Row):
    sheet: SheetKey
    src: SourceLocation
    number: int
    target_id: int | None
    target_name: str | None
    relation: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetSummary(Row):
    """RS 2-1 (aggregate row when ``account_kind`` is None) or an older sheet's budget column."""

    sheet: SheetKey
    src: SourceLocation
    budget_year: int
    account_kind: str | None = None  # 会計区分
    account: str | None = None  # 会計
    sub_account: str | None = None  # 勘定
    initial: Money | None = None
    supplementary: Money | None = None
    supplementary_n: tuple[Money | None, ...] = ()  # 第1次…第5次
    carried_in: Money | None = None
    reserve: Money | None = None
    reserve_n: tuple[Money | None, ...] = ()  # 予備費等1…4
    current: Money | None = None  # 計（歳出予算現額）
    executed: Money | None = None
    execution_rate: Decimal | None = None  # fraction (RS) — older sheets print percent, stored as fraction
    carried_out: Money | None = None
    next_request: Money | None = None
    priority_request: Money | None = None  # 要望額
    reason: str | None = None  # 主な増減理由
    notes: str | None = None  # その他特記事項 / 備考

    @property
    def is_aggregate(self) -> bool:
        return self.account_kind is None and self.account is None and self.sub_account is None


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetItem(Row):
    """RS 2-2: one 歳出予算項目 line (or an older sheet's 予算内訳 line)."""

    sheet: SheetKey
    src: SourceLocation
    budget_year: int
    account_kind: str | None
    account: str | None
    sub_account: str | None
    budget_type: str | None
    jurisdiction: str | None
    organization: str | None
    kou: str | None
    moku: str | None
    note: str | None
    amount: Money | None
    next_request: Money | None
    remarks: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorValue:
    year: int
    target: Decimal | None = None
    actual: Decimal | None = None
    rate_percent: Decimal | None = None
    is_target_year: bool = False
    printed: tuple[tuple[str, str], ...] = ()  # (measure, printed) when not plain numbers


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator(Row):
    """RS 3-1 activity/output/outcome, unpivoted; ``kind`` in activity|output|outcome."""

    sheet: SheetKey
    src: SourceLocation
    kind: str
    number: int
    term: str | None  # short|mid|long for outcomes
    goal_kind: str | None = None  # 定量的 / 定性的
    description: str | None = None
    name: str | None = None
    unit: str | None = None
    direction: str | None = None
    data_source: str | None = None
    qualitative_reason: str | None = None
    qualitative_result: str | None = None
    kpi_document: str | None = None
    kpi_section: str | None = None
    kpi_url: str | None = None
    values: tuple[IndicatorValue, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorLink(Row):
    sheet: SheetKey
    src: SourceLocation
    from_kind: str
    from_number: int
    from_term: str | None
    to_kind: str
    to_number: int
    to_term: str | None
    explanation: str | None
    single_stage_reason: str | None
    from_description: str | None = None
    to_description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A past or other finding (過去に受けた指摘事項 / その他の指摘事項) from RS 4-1."""

    kind: str  # past|other
    category: str | None
    year: str | None
    content: str | None
    response: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation(Row):
    """RS 4-1 (one per sheet; the repeated finding rows are folded into ``findings``)."""

    sheet: SheetKey
    src: SourceLocation
    check_result: str | None = None
    improvement_direction: str | None = None
    effect_evaluation: str | None = None
    external_last_year: int | None = None
    external_target: str | None = None
    external_reason: str | None = None
    external_opinion: str | None = None
    public_process: str | None = None
    team_opinion: str | None = None
    team_opinion_detail: str | None = None
    reflection: str | None = None
    reflection_detail: str | None = None
    reflected_general: Money | None = None
    reflected_special_account: str | None = None
    reflected_special_sub_account: str | None = None
    reflected_special: Money | None = None
    findings: tuple[Finding, ...] = ()
    checklist: tuple[tuple[str, str, str | None], ...] = ()  # older sheets: (item, mark, explanation)


@dataclass(frozen=True, slots=True, kw_only=True)
class Block(Row):
    """RS 5-1 block row: a group of payees under one letter."""

    sheet: SheetKey
    src: SourceLocation
    letter: str
    name: str | None
    payee_count: int | None
    role: str | None
    amount: Money | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Contract:
    src: SourceLocation
    summary: str | None
    amount: Money | None
    method: str | None
    method_detail: str | None
    bidders: int | None
    winning_rate: Decimal | None  # percent
    single_bid_reason: str | None
    is_remainder: bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment(Row):
    """RS 5-1 payee row with its contract rows; older sheets: a 支出先上位10者 line."""

    sheet: SheetKey
    src: SourceLocation
    block: str
    name: str
    corporate_number: str | None  # as printed, stripped
    address: str | None
    corporate_kind: str | None
    is_remainder: bool | None
    amount: Money | None
    contracts: tuple[Contract, ...] = ()
    rank: int | None = None
    business: str | None = None  # 業務概要 (older sheets)
    # The list adds up to far more than the execution: the amounts were probably entered in yen, not 百万円.
    # Kept as printed (never rescaled); totals leave them out.
    unit_suspect: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FundFlow(Row):
    """RS 5-2 edge; ``from_block`` None means the responsible organisation."""

    sheet: SheetKey
    src: SourceLocation
    from_block: str | None
    from_name: str | None
    from_agency: bool | None
    to_block: str
    to_name: str | None
    note: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Overhead(Row):
    """RS 5-2 overhead row: money the state spends itself (間接経費 / 事務費)."""

    sheet: SheetKey
    src: SourceLocation
    kind: str
    item: str | None
    amount: Money | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpenseLine(Row):
    """RS 5-3 / ⑩ 費目・使途 of the largest payee of a block."""

    sheet: SheetKey
    src: SourceLocation
    block: str
    payee: str | None
    corporate_number: str | None
    summary: str | None
    category: str | None
    use: str | None
    amount: Money | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ObligationContract(Row):
    """RS 5-4 / ⑫ 国庫債務負担行為等による契約."""

    sheet: SheetKey
    src: SourceLocation
    block: str | None
    name: str | None
    corporate_number: str | None
    address: str | None
    corporate_kind: str | None
    summary: str | None
    is_remainder: bool | None
    amount: Money | None
    method: str | None
    method_detail: str | None
    bidders: int | None
    winning_rate: Decimal | None
    single_bid_reason: str | None
    rank: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Remarks(Row):
    sheet: SheetKey
    src: SourceLocation
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnValue(Row):
    """The cell of a column declared with ``publish`` in :mod:`rs2rdf.sources.rs_tables`: read
    and typed from the table entry alone, and published on the row's resource of ``cls``."""

    sheet: SheetKey
    src: SourceLocation  # the row, with the column's header as field
    cls: str
    term: str
    kind: str  # as in rs_tables.Kind: how the value is written (a year as xsd:gYear, a URL as xsd:anyURI …)
    value: str | int | bool | Decimal | Money


Record = (
    SheetInfo | OrgRow | Policy | LawRef | Plan | SubsidyRate | RelatedProject | BudgetSummary | BudgetItem
    | Indicator | IndicatorLink | Evaluation | Block | Payment | FundFlow | Overhead | ExpenseLine
    | ObligationContract | Remarks | ColumnValue
)


