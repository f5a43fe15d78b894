"""Located RS rows → typed records, one small function per table.

Blank placeholder rows (common columns only) are dropped here so that no empty
resource is ever minted. Values that cannot be read become problems at their cell and
are left out; the rest of the row is kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.normalize import numbers
from rs2rdf.sources.normalize.text import clean, has_junk, strip_apostrophe, value
from rs2rdf.sources.rs_csv import RsRow, RsTable
from rs2rdf.sources.rs_tables import COMMON, Column, TableSpec

COMMON_FIELDS = frozenset(f for _, f in COMMON)

TRUE_WORDS = frozenset({"TRUE", "True", "true", "1", "t", "T"})
FALSE_WORDS = frozenset({"FALSE", "False", "false", "0", "f", "F"})

METHOD_FIELDS = (
    ("method_direct", "直接実施"),
    ("method_subsidy", "補助"),
    ("method_burden", "負担"),
    ("method_grant", "交付"),
    ("method_contribution", "分担金・拠出金"),
    ("method_other", "その他"),
)

TERMS = {"短期": "short", "中期": "mid", "長期": "long"}
KINDS = {"アクティビティ": "activity", "アウトプット": "output", "アウトカム": "outcome"}
MEASURES = {"1.目標年度": "target_year", "2.目標値": "target", "3.実績値": "actual", "4.達成率": "rate"}


#: One shared key object per sheet, for one read (every record of a sheet holds it, and a full
#: year has 350,000 records); the reader passes the same table to every RS table it reads.
SheetKeys = dict[tuple[int, int], r.SheetKey]


class Cells:
    """Typed access to one row's cells; parse failures become located problems."""

    def __init__(self, row: RsRow, spec: TableSpec, problems: list[Problem], keys: SheetKeys | None = None) -> None:
        self.row = row
        self.spec = spec
        self.problems = problems
        self.keys: SheetKeys = {} if keys is None else keys
        self._reported: set[tuple[str, str]] = set()

    def loc(self, field: str) -> SourceLocation:
        return self.row.src.with_field(self.spec.header_for(field))

    def raw(self, field: str) -> str | None:
        return self.row.fields.get(field)

    def _fail(self, code: str, field: str, reason: str) -> None:
        if (code, field) in self._reported:  # a cell read twice (header and body) is reported once
            return
        self._reported.add((code, field))
        self.problems.append(Problem(code, reason, self.loc(field), (self.raw(field) or "")[:200]))

    def text(self, field: str) -> str | None:
        raw = self.raw(field)
        if raw is not None and has_junk(raw):
            self._fail("text-cleaned", field, "control characters removed")
        return value(raw)

    def printed(self, field: str) -> str | None:
        """Cleaned but dash kept: for values whose printed form matters (names)."""
        raw = self.raw(field)
        if raw is not None and has_junk(raw):
            self._fail("text-cleaned", field, "control characters removed")
        return clean(raw)

    def yen(self, field: str) -> r.Money | None:
        raw = self.raw(field)
        try:
            amount = numbers.parse_yen(raw)
        except ValueError as exc:
            self._fail("unparseable-amount", field, str(exc))
            return None
        return None if amount is None else r.Money(amount, raw.strip() if raw else None)

    def integer(self, field: str) -> int | None:
        try:
            return numbers.parse_int(self.raw(field))
        except ValueError as exc:
            self._fail("unparseable-number", field, str(exc))
            return None

    def decimal(self, field: str) -> Decimal | None:
        try:
            return numbers.parse_decimal(self.raw(field))
        except ValueError as exc:
            self._fail("unparseable-number", field, str(exc))
            return None

    def year(self, field: str) -> int | None:
        y = self.integer(field)
        if y is not None and not 1868 <= y <= 2100:
            self._fail("year-out-of-range", field, "year outside 1868-2100")
            return None
        return y

    def flag(self, field: str) -> bool | None:
        raw = clean(self.raw(field))
        if raw is None:
            return None
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        self._fail("unparseable-boolean", field, "not TRUE/FALSE/1/f")
        return None


def _has_content(row: RsRow) -> bool:
    return any(k not in COMMON_FIELDS and clean(v) for k, v in row.fields.items())


def sheet_key(cells: Cells) -> r.SheetKey | None:
    year = cells.year("review_year")
    bid = cells.integer("budget_id")
    if year is None or bid is None:
        cells.problems.append(Problem("missing-key", "row without 事業年度 or 予算事業ID skipped", cells.row.src))
        return None
    if bid <= 0:
        cells._fail("missing-key", "budget_id", "予算事業ID must be a positive integer; row skipped")
        return None
    key = (year, bid)
    found = cells.keys.get(key)
    if found is None:
        found = cells.keys[key] = r.SheetKey(year, bid)
    return found


def unit_path(c: Cells, prefix: str = "", ministry_field: str = "ministry") -> r.UnitPath | None:
    parts = [c.text(prefix + f) for f in ("bureau", "department", "division", "office", "section", "subsection")]
    ministry = c.text(ministry_field)
    if ministry is None and not any(parts):
        return None
    return r.UnitPath(ministry, *parts)


def header_from(c: Cells, key: r.SheetKey) -> r.SheetInfo:
    """The common columns as a minimal sheet header (used when 1-2 lacks the sheet)."""
    return r.SheetInfo(
        sheet=key, src=c.row.src, name=c.printed("name") or f"予算事業ID {key.budget_id}",
        sheet_type=c.text("sheet_type"), policy_ministry=c.text("policy_ministry"), ministry=c.text("ministry"),
        ministry_order=c.integer("ministry_order"), unit=unit_path(c),
    )


def sheet_infos(rows: list[tuple[r.SheetKey, Cells]]) -> list[r.SheetInfo]:
    """1-2 rows, grouped per sheet: one row per 主要経費."""
    grouped: dict[r.SheetKey, list[Cells]] = defaultdict(list)
    for key, c in rows:
        grouped[key].append(c)
    out = []
    for key, group in grouped.items():
        c = group[0]
        expenses: list[str] = []
        for g in group:
            e = g.text("major_expense")
            if e and e not in expenses:
                expenses.append(e)
        start_unknown = c.flag("start_unknown")
        no_end = c.flag("no_end")
        start, end = c.year("start_year"), c.year("end_year")
        if no_end and end is not None:
            c.problems.append(Problem("contradictory-flags", "終了予定なし is TRUE but an end year is given", c.loc("no_end"), str(end)))
        if start is None and start_unknown is False:
            c.problems.append(Problem("contradictory-flags", "no start year, yet 開始年度不明 is FALSE", c.loc("start_year")))
        base = header_from(c, key)
        out.append(r.SheetInfo(
            sheet=key, src=c.row.src, name=base.name, sheet_type=base.sheet_type, policy_ministry=base.policy_ministry,
            ministry=base.ministry, ministry_order=base.ministry_order, unit=base.unit,
            purpose=c.text("purpose"), current_issues=c.text("current_issues"), overview=c.text("overview"),
            overview_url=c.text("overview_url"), category=c.text("category"), start_year=start,
            start_unknown=start_unknown, end_year=end, no_end=no_end, major_expenses=tuple(expenses),
            remarks=c.text("remarks"), methods=tuple(label for f, label in METHOD_FIELDS if c.flag(f)),
            old_numbers=c.text("old_numbers"), display_order=c.text("display_order"),
        ))
    return out


def org_row(key: r.SheetKey, c: Cells) -> Iterator[r.OrgRow]:
    no = c.integer("no")
    unit = unit_path(c, "co_", "co_ministry")
    person = c.text("person")
    if no is not None and (unit or person):
        yield r.OrgRow(sheet=key, src=c.row.src, number=no, unit=unit, person=person)


def policy_law_plan(key: r.SheetKey, c: Cells) -> Iterator[r.Record]:
    no = c.integer("policy_no")
    if no is not None and (c.text("policy") or c.text("measure")):
        yield r.Policy(sheet=key, src=c.row.src.with_field("番号（政策・施策）"), number=no, ministry=c.text("policy_ministry_p"), policy=c.text("policy"),
                       measure=c.text("measure"), url=c.text("policy_url"))
    lno = c.text("law_no")
    title = c.printed("law_title")
    if lno is not None and (title or c.text("law_id")):
        yield r.LawRef(sheet=key, src=c.row.src.with_field("番号（根拠法令）"), number=lno, title=title or "", law_number=c.text("law_number"), law_id_raw=c.text("law_id"),
                       article=c.text("article"), paragraph=c.text("paragraph"), item=c.text("item"))
    pno = c.integer("plan_no")
    name = c.text("plan_name")
    if pno is not None and name:
        yield r.Plan(sheet=key, src=c.row.src.with_field("番号（関係する計画・通知等）"), number=pno, name=name, url=c.text("plan_url"))


def subsidy(key: r.SheetKey, c: Cells) -> Iterator[r.SubsidyRate]:
    no = c.integer("no")
    if no is not None:
        yield r.SubsidyRate(sheet=key, src=c.row.src, number=no, target=c.text("target"), rate=strip_apostrophe(c.text("rate")), cap=strip_apostrophe(c.text("cap")), url=c.text("url"))


def related(key: r.SheetKey, c: Cells) -> Iterator[r.RelatedProject]:
    no = c.integer("no")
    if no is not None:
        yield r.RelatedProject(sheet=key, src=c.row.src, number=no, target_id=c.integer("target_id"), target_name=c.text("target_name"), relation=c.text("relation"))


_AGG = ("initial_total", "supplementary_total", "carried_in_total", "reserve_total", "current_total", "executed_total",
        "execution_rate", "carried_out_total", "next_request_total")
_ACC = ("initial", "supplementary1", "carried_in", "reserve1", "current", "executed", "next_request", "priority_request")


def budget_summary(key: r.SheetKey, c: Cells) -> Iterator[r.BudgetSummary]:
    by = c.year("budget_year")
    if by is None:
        c.problems.append(Problem("missing-key", "2-1 row without 予算年度 skipped", c.loc("budget_year")))
        return
    is_agg = any(c.raw(f) for f in _AGG)
    # Execution of the review year itself is not known yet; RS writes 0 for it.
    unknown_execution = by >= key.review_year
    kind, acc, sub = c.text("account_kind"), c.text("account"), c.text("sub_account")
    if is_agg:
        yield r.BudgetSummary(
            sheet=key, src=c.row.src, budget_year=by, initial=c.yen("initial_total"), supplementary=c.yen("supplementary_total"),
            carried_in=c.yen("carried_in_total"), reserve=c.yen("reserve_total"), current=c.yen("current_total"),
            executed=_unless_zero(c.yen("executed_total"), unknown_execution), execution_rate=c.decimal("execution_rate"),
            carried_out=c.yen("carried_out_total"), next_request=c.yen("next_request_total"),
            reason=c.text("reason"), notes=c.text("notes"))
    elif kind or acc or sub or any(_nonzero(c.raw(f)) for f in _ACC_ALL):
        yield r.BudgetSummary(
            sheet=key, src=c.row.src, budget_year=by, account_kind=kind or "", account=acc, sub_account=sub, initial=c.yen("initial"),
            supplementary_n=tuple(c.yen(f"supplementary{i}") for i in range(1, 6)), carried_in=c.yen("carried_in"),
            reserve_n=tuple(c.yen(f"reserve{i}") for i in range(1, 5)), current=c.yen("current"),
            executed=_unless_zero(c.yen("executed"), unknown_execution), next_request=c.yen("next_request"),
            priority_request=c.yen("priority_request"), notes=c.text("remarks"))
    else:
        c.problems.append(Problem("blank-budget-row", f"2-1 row for 予算年度 {by} without an account or any amount ignored", c.row.src))


_ACC_ALL = ("initial", "supplementary1", "supplementary2", "supplementary3", "supplementary4", "supplementary5",
            "carried_in", "reserve1", "reserve2", "reserve3", "reserve4", "current", "executed", "next_request",
            "priority_request", "remarks")


def _nonzero(raw: str | None) -> bool:
    """A row of zeros without 会計区分/会計/勘定 carries nothing (real: 6201, 予算年度 2022)."""
    text = clean(raw)
    if not text:
        return False
    return text.rstrip("0").rstrip(".") not in ("", "-", "+")


def _unless_zero(m: r.Money | None, unknown: bool) -> r.Money | None:
    return None if unknown and m is not None and m.yen == 0 else m


def budget_item(key: r.SheetKey, c: Cells) -> Iterator[r.BudgetItem]:
    by = c.year("budget_year")
    if by is None:
        return
    yield r.BudgetItem(sheet=key, src=c.row.src, budget_year=by, account_kind=c.text("account_kind"), account=c.text("account"), sub_account=c.text("sub_account"),
                       budget_type=c.text("budget_type"), jurisdiction=c.text("jurisdiction"), organization=c.text("organization"), kou=c.text("kou"),
                       moku=c.text("moku"), note=c.text("note"), amount=c.yen("amount"), next_request=c.yen("next_request"), remarks=c.text("remarks"))


def _term(raw: str | None) -> str | None:
    if not raw:
        return None
    for ja, code in TERMS.items():
        if ja in raw:
            return code
    return None


def indicators(rows: list[tuple[r.SheetKey, Cells]], problems: list[Problem]) -> list[r.Indicator]:
    """3-1: fold the 4-row blocks into indicators with one value per year."""
    groups: dict[tuple[r.SheetKey, str, str | None, int], list[Cells]] = {}
    for key, c in rows:
        kind = KINDS.get(c.text("kind") or "")
        number = c.integer("number")
        if kind is None or number is None:
            if c.text("kind"):
                c.problems.append(Problem("unknown-code", "unknown 種別", c.loc("kind"), c.text("kind")))
            continue
        term = _term(c.text("term")) if kind == "outcome" else None
        groups.setdefault((key, kind, term, number), []).append(c)
    out = []
    for (key, kind, term, number), group in groups.items():
        first = group[0]
        measures: dict[str, Cells] = {}
        for c in group:
            m = MEASURES.get(c.text("measure") or "")
            if m is None:
                continue
            if m in measures:
                c.problems.append(Problem("duplicate-indicator", f"{kind} {number} has a second {c.text('measure')} row; ignored", c.row.src))
                continue
            measures[m] = c
        values = []
        for y in range(2007, 2061):
            f = f"y{y}"
            cells = {m: mc.raw(f) for m, mc in measures.items() if clean(mc.raw(f))}
            if not cells:
                continue
            vals = {m: measures[m].decimal(f) for m in ("target", "actual", "rate") if m in cells}
            is_target = clean(cells.get("target_year")) == "1"
            values.append(r.IndicatorValue(year=y, target=vals.get("target"), actual=vals.get("actual"), rate_percent=vals.get("rate"), is_target_year=is_target))
        out.append(r.Indicator(
            sheet=key, src=first.row.src, kind=kind, number=number, term=term, goal_kind=first.text("goal_kind"), description=first.text("description"),
            name=first.text("indicator"), unit=first.text("unit"), direction=first.text("direction"), data_source=first.text("data_source"),
            qualitative_reason=first.text("qualitative_reason"), qualitative_result=first.text("qualitative_result"), kpi_document=first.text("kpi_document"),
            kpi_section=first.text("kpi_section"), kpi_url=first.text("kpi_url"), values=tuple(values)))
    return out


def indicator_link(key: r.SheetKey, c: Cells) -> Iterator[r.IndicatorLink]:
    fk, tk = KINDS.get(c.text("from_kind") or ""), KINDS.get(c.text("to_kind") or "")
    fn, tn = c.integer("from_number"), c.integer("to_number")
    if fk is None or tk is None or fn is None or tn is None:
        c.problems.append(Problem("bad-row", "logic-model edge without both ends skipped", c.row.src))
        return
    yield r.IndicatorLink(sheet=key, src=c.row.src, from_kind=fk, from_number=fn, from_term=_term(c.text("from_term")) if fk == "outcome" else None, to_kind=tk, to_number=tn,
                          to_term=_term(c.text("to_term")) if tk == "outcome" else None, explanation=c.text("explanation"), single_stage_reason=c.text("single_stage_reason"),
                          from_description=c.text("from_description"), to_description=c.text("to_description"))


def evaluations(rows: list[tuple[r.SheetKey, Cells]]) -> list[r.Evaluation]:
    grouped: dict[r.SheetKey, list[Cells]] = defaultdict(list)
    for key, c in rows:
        grouped[key].append(c)
    out = []
    for key, group in grouped.items():
        c = group[0]
        findings = []
        for g in group:
            for kind in ("past", "other"):
                f = r.Finding(kind=kind, category=g.text(f"{kind}_category"), year=g.text(f"{kind}_year"), content=g.text(f"{kind}_content"), response=g.text(f"{kind}_response"))
                if any((f.category, f.year, f.content, f.response)) and f not in findings:
                    findings.append(f)
        out.append(r.Evaluation(
            sheet=key, src=c.row.src, check_result=c.text("check_result"), improvement_direction=c.text("improvement_direction"), effect_evaluation=c.text("effect_evaluation"),
            external_last_year=c.year("external_last_year"), external_target=c.text("external_target"), external_reason=c.text("external_reason"), external_opinion=c.text("external_opinion"),
            public_process=c.text("public_process"), team_opinion=c.text("team_opinion"), team_opinion_detail=c.text("team_opinion_detail"), reflection=c.text("reflection"),
            reflection_detail=c.text("reflection_detail"), reflected_general=c.yen("reflected_general"), reflected_special_account=c.text("reflected_special_account"),
            reflected_special_sub_account=c.text("reflected_special_sub_account"), reflected_special=c.yen("reflected_special"), findings=tuple(findings)))
    return out


def _corp(c: Cells, field: str) -> str | None:
    raw = clean(c.raw(field))
    return raw.replace(" ", "") if raw else None


def spending(rows: list[tuple[r.SheetKey, Cells]]) -> list[r.Record]:
    """5-1: block rows, payee rows and their contract rows, in one flattened table."""
    out: list[r.Record] = []
    payees: list[tuple[r.SheetKey, Cells, list[r.Contract]]] = []
    last: dict[tuple[r.SheetKey, str, str, str | None], list[r.Contract]] = {}
    for key, c in rows:
        letter = c.text("block")
        if not letter:
            c.problems.append(Problem("bad-row", "5-1 row without 支出先ブロック番号 skipped", c.loc("block")))
            continue
        payee = c.printed("payee")
        is_contract = any(c.raw(f) for f in ("contract_summary", "contract_amount", "method", "method_detail"))
        if not payee:
            out.append(r.Block(sheet=key, src=c.row.src, letter=letter, name=c.printed("block_name"), payee_count=c.integer("payee_count"), role=c.text("role"), amount=c.yen("block_amount")))
        elif not is_contract:
            contracts: list[r.Contract] = []
            payees.append((key, c, contracts))
            last[(key, letter, payee, _corp(c, "corporate_number"))] = contracts
        else:
            pk = (key, letter, payee, _corp(c, "corporate_number"))
            contract = r.Contract(src=c.row.src, summary=c.text("contract_summary"), amount=c.yen("contract_amount"), method=c.text("method"),
                                  method_detail=c.text("method_detail"), bidders=c.integer("bidders"), winning_rate=c.decimal("winning_rate"),
                                  single_bid_reason=c.text("single_bid_reason"), is_remainder=c.flag("contract_is_remainder"))
            if pk not in last:  # contract rows without a payee row: the payee is implied
                contracts = []
                payees.append((key, c, contracts))
                last[pk] = contracts
            last[pk].append(contract)
    for key, c, contracts in payees:
        out.append(r.Payment(sheet=key, src=c.row.src, block=c.text("block") or "", name=c.printed("payee") or "", corporate_number=_corp(c, "corporate_number"),
                             address=c.text("address"), corporate_kind=c.text("corporate_kind"), is_remainder=c.flag("is_remainder"),
                             amount=c.yen("payee_amount"), contracts=tuple(contracts)))
    _check_sums(out, rows[0][1].problems if rows else [])
    return out


def _check_sums(out: list[r.Record], problems: list[Problem]) -> None:
    """FORMATS §8.15: Σ payees = block total and Σ contracts = payee total; both values are kept."""
    totals: dict[tuple[r.SheetKey, str], int] = defaultdict(int)
    for rec in out:
        if isinstance(rec, r.Payment) and rec.amount is not None:
            totals[(rec.sheet, rec.block)] += rec.amount.yen
            amounts = [c.amount.yen for c in rec.contracts if c.amount is not None]
            if rec.contracts and len(amounts) == len(rec.contracts) and sum(amounts) != rec.amount.yen:
                problems.append(Problem("sum-mismatch", f"contracts add up to {sum(amounts)} yen, the payee total is "
                                        f"{rec.amount.yen}", rec.src.with_field("支出先の合計支出額"), str(rec.amount.yen)))
    for rec in out:
        if isinstance(rec, r.Block) and rec.amount is not None and (rec.sheet, rec.letter) in totals:
            total = totals[(rec.sheet, rec.letter)]
            if total != rec.amount.yen:
                problems.append(Problem("sum-mismatch", f"payees of block {rec.letter} add up to {total} yen, the block "
                                        f"total is {rec.amount.yen}", rec.src.with_field("ブロックの合計支出額"),
                                        str(rec.amount.yen)))


def flow(key: r.SheetKey, c: Cells) -> Iterator[r.Record]:
    kind = c.text("overhead_kind")
    if kind:
        yield r.Overhead(sheet=key, src=c.row.src, kind=kind, item=c.text("overhead_item"), amount=c.yen("overhead_amount"))
        return
    to = c.text("to_block")
    if not to:
        c.problems.append(Problem("bad-row", "money-flow row without a target block skipped", c.loc("to_block")))
        return
    yield r.FundFlow(sheet=key, src=c.row.src, from_block=c.text("from_block"), from_name=c.printed("from_name"), from_agency=c.flag("from_agency"), to_block=to,
                     to_name=c.printed("to_name"), note=c.text("note"))


def expense(key: r.SheetKey, c: Cells) -> Iterator[r.ExpenseLine]:
    yield r.ExpenseLine(sheet=key, src=c.row.src, block=c.text("block") or "", payee=c.printed("payee"), corporate_number=_corp(c, "corporate_number"),
                        summary=c.text("summary"), category=c.text("category"), use=c.text("use"), amount=c.yen("amount"))


def obligation(key: r.SheetKey, c: Cells) -> Iterator[r.ObligationContract]:
    if not (c.text("contractor") or c.raw("amount") or c.text("method")):
        return
    rem = c.flag("is_remainder")
    if rem is None:
        rem = c.flag("is_remainder_a")
    yield r.ObligationContract(sheet=key, src=c.row.src, block=c.text("block"), name=c.printed("contractor"), corporate_number=_corp(c, "corporate_number"),
                               address=c.text("address"), corporate_kind=c.text("corporate_kind"), summary=c.text("summary"), is_remainder=rem, amount=c.yen("amount"),
                               method=c.text("method"), method_detail=c.text("method_detail"), bidders=c.integer("bidders"), winning_rate=c.decimal("winning_rate"),
                               single_bid_reason=c.text("single_bid_reason"))


def remarks(key: r.SheetKey, c: Cells) -> Iterator[r.Remarks]:
    text = c.text("remarks")
    if text:
        yield r.Remarks(sheet=key, src=c.row.src, text=text)


PerRow = Callable[[r.SheetKey, Cells], Iterable[r.Record]]
PER_ROW: dict[str, PerRow] = {
    "1-1": org_row, "1-3": policy_law_plan, "1-4": subsidy, "1-5": related, "2-1": budget_summary,
    "2-2": budget_item, "3-2": indicator_link, "5-2": flow, "5-3": expense, "5-4": obligation, "6-1": remarks,
}


def _typed(c: Cells, col: Column) -> str | int | bool | Decimal | r.Money | None:
    assert col.publish is not None
    kind = col.publish.kind
    if kind == "integer":
        return c.integer(col.field)
    if kind == "decimal":
        return c.decimal(col.field)
    if kind == "yen":
        return c.yen(col.field)
    if kind == "year":
        return c.year(col.field)
    if kind == "flag":
        return c.flag(col.field)
    return c.text(col.field)


def column_values(rows: list[tuple[r.SheetKey, Cells]], columns: tuple[Column, ...]) -> Iterator[r.ColumnValue]:
    """The cells of columns no record type reads, typed as their table entry says."""
    for key, c in rows:
        for col in columns:
            assert col.publish is not None
            value = _typed(c, col)
            if value is not None:
                yield r.ColumnValue(sheet=key, src=c.loc(col.field), cls=col.publish.cls, term=col.publish.term,
                                    kind=col.publish.kind, value=value)


def table_to_records(table: RsTable, keys: SheetKeys | None = None) -> tuple[list[r.Record], dict[r.SheetKey, r.SheetInfo], list[Problem]]:
    """One table → records, plus a fallback header per sheet from the common columns.

    ``keys`` shares sheet keys between the tables of one read (a fresh table when not given).
    """
    keys = {} if keys is None else keys
    problems: list[Problem] = []
    spec = table.spec
    if spec is None:
        return [], {}, problems
    keyed: list[tuple[r.SheetKey, Cells]] = []
    headers: dict[r.SheetKey, r.SheetInfo] = {}
    other_years: dict[int, list[Cells]] = defaultdict(list)
    for row in table.rows:
        c = Cells(row, spec, problems, keys)
        key = sheet_key(c)
        if key is None:
            continue
        if table.year is not None and key.review_year != table.year:
            # the file's graph is rs/{year}/{table}: a row of another year would land there
            # and its own year's table would silently be incomplete
            other_years[key.review_year].append(c)
            continue
        if key not in headers:
            headers[key] = header_from(c, key)
        if _has_content(row):
            keyed.append((key, c))
    for year, rows in sorted(other_years.items()):
        problems.append(Problem("year-mismatch", f"{len(rows)} row(s) have 事業年度 {year}, but the file is the {table.year} table; "
                                "skipped (this is the first)", rows[0].row.src.with_field(spec.header_for("review_year")), str(year)))
    out: list[r.Record] = []
    if spec.table == "1-2":
        out.extend(sheet_infos(keyed))
    elif spec.table == "3-1":
        out.extend(indicators(keyed, problems))
    elif spec.table == "4-1":
        out.extend(evaluations(keyed))
    elif spec.table == "5-1":
        out.extend(spending(keyed))
    else:
        fn = PER_ROW[spec.table]
        for key, c in keyed:
            try:
                out.extend(fn(key, c))
            except (ValueError, TypeError, KeyError) as exc:  # a malformed row never stops the table
                problems.append(Problem("bad-row", f"row could not be read ({exc.__class__.__name__})", c.row.src))
    published = spec.published(table.year)
    if published:
        out.extend(column_values(keyed, published))
    _dedupe(out, problems)
    if spec.table == "5-2":
        _report_cycles(out, problems)
    return out, headers, problems


def _report_cycles(out: list[r.Record], problems: list[Problem]) -> None:
    """A flow that closes a cycle is reported (at its row) but kept: the data says what it says.

    Consumers that walk the money flow (site, queries) must not loop; the warning tells the
    reader why a total may not add up.
    """
    edges: dict[r.SheetKey, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rec in out:
        if not isinstance(rec, r.FundFlow) or not rec.from_block:
            continue
        graph = edges[rec.sheet]
        if _reaches(graph, rec.to_block, rec.from_block):
            problems.append(Problem("cyclic-flow", f"flow {rec.from_block} → {rec.to_block} closes a cycle; kept",
                                    rec.src.with_field("支出先の支出先ブロック"), rec.to_block))
        graph[rec.from_block].add(rec.to_block)


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _dedupe(out: list[r.Record], problems: list[Problem]) -> None:
    """Exact duplicate rows (same content, other line) are reported and kept once."""
    seen: dict[object, r.Record] = {}
    keep: list[r.Record] = []
    for rec in out:
        ident = _identity(rec)
        if ident is None:
            keep.append(rec)
            continue
        if ident in seen:
            code = "duplicate-budget-row" if isinstance(rec, r.BudgetSummary) else "duplicate-row"
            problems.append(Problem(code, f"same key as {seen[ident].src}; ignored", rec.src))
            continue
        seen[ident] = rec
        keep.append(rec)
    out[:] = keep


def _identity(rec: r.Record) -> object | None:
    """Everything but the source line: the same content twice is one fact. A sheet has one
    aggregate 2-1 row per 予算年度, so a second one is a duplicate whatever it says."""
    if isinstance(rec, (r.Indicator, r.SheetInfo, r.Evaluation)):
        return None
    if isinstance(rec, r.BudgetSummary) and rec.is_aggregate:
        return ("aggregate", rec.sheet, rec.budget_year)
    names = _FIELD_NAMES.get(type(rec))
    if names is None:
        names = _FIELD_NAMES[type(rec)] = tuple(f.name for f in fields(rec) if f.name != "src")
    return (type(rec).__name__,) + tuple(getattr(rec, n) for n in names)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
