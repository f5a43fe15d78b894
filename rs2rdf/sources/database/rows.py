"""One database row → the records a per-project sheet of the same review year gives.

Every value carries its source: the workbook, ``sheet:<worksheet>:r<row>`` as part (each row is
a sheet, so each gets its own named graph), the row number and the column's printed header.
Amounts are 百万円 as printed, converted to yen exactly (:class:`Money`, unit 百万円); a blank
or a dash is None, never 0. Payees that add up to more than :data:`YEN_SUSPECT_FACTOR` times
the execution they report on are flagged, not rescaled.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal
from typing import Any, Callable, TypeVar

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.database.headers import Column
from rs2rdf.sources.normalize.citations import parse_citations
from rs2rdf.sources.normalize.eras import fiscal_year_label_ja, parse_year
from rs2rdf.sources.normalize.numbers import MILLION, parse_decimal, parse_int, parse_million_yen
from rs2rdf.sources.normalize.projectnumbers import normalize_project_number
from rs2rdf.sources.normalize.text import is_none_mark, value as text_value
from rs2rdf.sources.sheet.to_records import EXCEL_ERROR, corporate_number, ministry_table

#: A number as a numeric cell stores it (``1234``, ``-12.5``): read without the clean-up printed text needs.
_PLAIN = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)
#: Empty markers of the database beyond the dashes every reader knows.
EMPTY_WORDS = frozenset({"該当なし", "なし", "無し"})
#: Payees adding up to more than this many times the execution were most likely entered in yen.
YEN_SUSPECT_FACTOR = 100

_N = TypeVar("_N")


def text(raw: str | None) -> str | None:
    cleaned = text_value(raw)
    return None if cleaned is None or cleaned in EMPTY_WORDS else cleaned


class RowReader:
    """Reads the cells of one row; collects problems at the cell's location."""

    def __init__(self, file: str, worksheet: str, row: int, problems: list[Problem]) -> None:
        self.file, self.part, self.row, self.problems = file, f"sheet:{worksheet}:r{row}", row, problems

    def loc(self, column: Column | None, label: str | None = None) -> SourceLocation:
        return SourceLocation(self.file, self.part, self.row, column.header if column else label)

    def _number(self, cell: tuple[Column, str] | None, parse: Callable[[str], _N | None], code: str) -> _N | None:
        if cell is None:
            return None
        raw = text(cell[1])
        if raw is None:
            return None
        compact = re.sub(r"\s+", "", raw)
        if EXCEL_ERROR.match(compact):
            self.problems.append(Problem("excel-error", "the cell holds an Excel error", self.loc(cell[0]), compact))
            return None
        try:
            return parse(compact)
        except ValueError as exc:
            self.problems.append(Problem(code, str(exc), self.loc(cell[0]), raw))
            return None

    def money(self, cell: tuple[Column, str] | None) -> r.Money | None:
        if cell is not None and _PLAIN.fullmatch(cell[1]):  # a number cell as stored: most amounts (no clean-up to do)
            value = Decimal(cell[1])
            yen = value * MILLION
            if yen == yen.to_integral_value():
                return r.Money(int(yen), cell[1], unit="百万円")
        parsed = self._number(cell, parse_million_yen, "unparseable-amount")
        if parsed is None or cell is None:
            return None
        return r.Money(parsed[0], re.sub(r"\s+", "", cell[1]), unit="百万円")

    def decimal(self, cell: tuple[Column, str] | None) -> Decimal | None:
        if cell is not None and _PLAIN.fullmatch(cell[1]):
            return Decimal(cell[1])
        return self._number(cell, parse_decimal, "unparseable-number")

    def count(self, cell: tuple[Column, str] | None) -> int | None:
        if cell is not None and cell[1].isascii() and cell[1].isdigit():
            return int(cell[1])
        return self._number(cell, parse_int, "unparseable-number")

    def rate(self, cell: tuple[Column, str] | None) -> Decimal | None:
        return self._number(cell, parse_rate, "unparseable-number")


def parse_rate(raw: str) -> Decimal | None:
    """落札率 in percent: ``95``, ``95%``, ``95.0％`` as printed, and a bare fraction ``0.95`` (a percent-formatted
    cell stores the fraction) times 100. A bare value of at most 1 is read as a fraction: no contract is won at 1 %."""
    number = parse_decimal(raw)
    if number is None:
        return None
    compact = unicodedata.normalize("NFKC", raw).strip()
    if not compact.endswith("%") and 0 < number <= 1:
        number = number * 100
    return number


def serial(part: str) -> str:
    """The serial of a 事業番号 as printed on the sheet (``0051``), also when the cell held the number 51."""
    return part.zfill(4) if part.isdigit() and len(part) < 4 else part


def row_records(reader: RowReader, cells: list[tuple[Column, str]], review_year: int, serial_part: int = 2) -> list[Any]:
    """The records of one row (empty when the row names no project).

    ``serial_part`` is the 事業番号 part holding the 4-digit serial (2 of 1..3; 4 of 1..5)."""
    simple: dict[str, tuple[Column, str]] = {}
    number_parts: dict[int, str] = {}
    number_col: Column | None = None
    budget: dict[tuple[int, str], tuple[Column, str]] = {}
    payees: dict[tuple[str, int], dict[str, dict[int, tuple[Column, str]]]] = defaultdict(lambda: defaultdict(dict))
    indicators: dict[tuple[str, int], dict[str, Any]] = defaultdict(lambda: {"texts": {}, "years": defaultdict(dict)})
    past: dict[tuple[int, int], dict[str, tuple[Column, str]]] = defaultdict(dict)
    sections = Sections()
    for column, raw in cells:
        fam = column.family
        if fam == "simple":
            simple.setdefault(column.field, (column, raw))
        elif fam == "number":
            if (t := text(raw)) is not None:
                number_parts[column.index] = serial(t) if column.index == serial_part else t
                number_col = number_col or column
        elif fam == "budget" and column.year is not None:
            budget[(column.year, column.field)] = (column, raw)
        elif fam == "payee":
            payees[(column.block, column.rank)][column.field][column.index] = (column, raw)
        elif fam in ("outcome", "output"):
            item = indicators[(fam, column.index)]
            if column.year is not None:
                item["years"][column.year][column.field] = (column, raw)
            else:
                item["texts"].setdefault(column.field, (column, raw))
        elif fam in SECTION_FAMILIES:
            sections.add(column, raw)
        elif fam == "past" and column.year is not None and (t := text(raw)) is not None:
            past[(column.year, column.index)][column.field] = (column, serial(t) if column.field == "事業番号-2" else t)
    name_cell = simple.get("name")
    printed_number = "-".join(number_parts[i] for i in sorted(number_parts)) if number_parts else None
    if name_cell is None or text(name_cell[1]) is None or printed_number is None:
        if name_cell or number_parts:
            reader.problems.append(Problem("missing-field", "the row has no 事業名 or no 事業番号 and was skipped",
                                           reader.loc(name_cell[0] if name_cell else number_col)))
        return []
    ministry_cell = simple.get("ministry")
    ministry_name = text(ministry_cell[1]) if ministry_cell else None
    ministry_key = ministry_name
    if ministry_name:
        found = ministry_table().resolve(ministry_name)
        if found is None:
            reader.problems.append(Problem("unknown-ministry", "the ministry is not in the ministry table", reader.loc(ministry_cell[0] if ministry_cell else None), ministry_name))
        else:
            ministry_key = found.key
    key = r.SheetKey(review_year=review_year, ministry=ministry_key, number=normalize_project_number(printed_number))
    info = _sheet_info(reader, key, simple, ministry_name, printed_number, past)
    out: list[Any] = [dataclasses.replace(info, unit_cost=sections.unit_cost())]
    out += _laws_plans_policy(reader, key, simple, ministry_name)
    summaries = _budget(reader, key, budget)
    out += summaries
    payments = _payees(reader, key, payees)
    if _check_units(reader, key, summaries, payments):
        payments = [dataclasses.replace(p, unit_suspect=True) for p in payments]
    out += payments
    out += _indicators(reader, key, indicators)
    out += sections.records(reader, key)
    if (remarks := simple.get("remarks")) and (t := text(remarks[1])):
        out.append(r.Remarks(sheet=key, src=reader.loc(remarks[0]), text=t))
    return out


SECTION_FAMILIES = frozenset({"check", "evaluation", "expense", "obligation", "unitcost"})


def check_mark(raw: str) -> str | None:
    """A 点検 mark as printed (○, △, ‐); every dash spelling becomes ‐ (U+2010), as the sheet reader gives it."""
    mark = raw.strip(" \u3000")
    if not mark:
        return None
    return "‐" if is_none_mark(mark) or mark in ("-", "‐") else mark


class Sections:
    """The cells of ④ 点検, ⑤–⑦ 所見, ⑩ 費目・使途, ⑫ 契約先 and 単位当たりコスト of one row, in column order."""

    def __init__(self) -> None:
        self.checks: dict[str, dict[str, tuple[Column, str]]] = {}
        self.evaluation: dict[str, tuple[Column, str]] = {}
        self.expense_payees: dict[str, str] = {}
        self.expenses: dict[tuple[str, int], dict[str, tuple[Column, str]]] = defaultdict(dict)
        self.obligations: dict[tuple[str, int], dict[str, tuple[Column, str]]] = defaultdict(dict)
        self.costs: list[tuple[Column, str]] = []

    def add(self, column: Column, raw: str) -> None:
        fam = column.family
        if fam == "check":
            self.checks.setdefault(column.block, {}).setdefault(column.field, (column, raw))
        elif fam == "evaluation":
            self.evaluation.setdefault(column.field, (column, raw))
        elif fam == "expense" and column.field == "payee":
            if (t := text(raw)) is not None:
                self.expense_payees.setdefault(column.block, t)
        elif fam == "expense":
            self.expenses[(column.block, column.rank)].setdefault(column.field, (column, raw))
        elif fam == "obligation":
            self.obligations[(column.block, column.rank)].setdefault(column.field, (column, raw))
        elif fam == "unitcost":
            self.costs.append((column, raw))

    def unit_cost(self) -> tuple[tuple[str, str], ...]:
        """(算出根拠 | 単位 | the year as printed, text), basis and unit first, as the sheet reader gives them."""
        order = {"算出根拠": 0, "単位": 1}
        found = [(order.get(c.field, 2), c.col, c.block or c.field, t) for c, raw in self.costs if (t := text(raw)) is not None]
        return tuple((label, t) for _o, _c, label, t in sorted(found))

    def records(self, reader: "RowReader", key: r.SheetKey) -> list[Any]:
        return self._evaluation(reader, key) + self._expenses(reader, key) + self._obligations(reader, key)

    def _evaluation(self, reader: "RowReader", key: r.SheetKey) -> list[Any]:
        checklist = []
        anchor: tuple[Column, str] | None = None
        for item, cells in self.checks.items():
            mark = check_mark(cells["mark"][1]) if "mark" in cells else None
            explanation = text(cells["explanation"][1]) if "explanation" in cells else None
            if mark is None and explanation is None:
                continue
            checklist.append((item, mark or "", explanation))
            anchor = anchor or cells.get("mark") or cells.get("explanation")
        values = {f: text(raw) for f, (_c, raw) in self.evaluation.items()}
        if not checklist and not any(values.values()):
            return []
        first = next((cell for f, cell in self.evaluation.items() if values[f]), None) or anchor
        return [r.Evaluation(sheet=key, src=reader.loc(first[0] if first else None, CHECK_LABEL), checklist=tuple(checklist),
                             check_result=values.get("check_result"), improvement_direction=values.get("improvement_direction"),
                             external_opinion=values.get("external_opinion"), team_opinion=values.get("team_opinion"),
                             team_opinion_detail=values.get("team_opinion_detail"), reflection=values.get("reflection"),
                             reflection_detail=values.get("reflection_detail"))]

    def _expenses(self, reader: "RowReader", key: r.SheetKey) -> list[Any]:
        out = []
        for (block, _rank), cells in sorted(self.expenses.items()):
            category, use = (text(cells[f][1]) if f in cells else None for f in ("category", "use"))
            amount = reader.money(cells.get("amount"))
            if category is None and use is None and amount is None:
                continue
            src = cells.get("category") or cells.get("use") or cells["amount"]
            out.append(r.ExpenseLine(sheet=key, src=reader.loc(src[0]), block=block, payee=self.expense_payees.get(block),
                                     corporate_number=None, summary=None, category=category, use=use, amount=amount))
        return out

    def _obligations(self, reader: "RowReader", key: r.SheetKey) -> list[Any]:
        out = []
        for (block, rank), cells in sorted(self.obligations.items()):
            def t(field: str) -> str | None:
                return text(cells[field][1]) if field in cells else None

            name, amount = t("name"), reader.money(cells.get("amount"))
            if name is None and amount is None:
                continue
            src = cells.get("name") or cells["amount"]
            out.append(r.ObligationContract(
                sheet=key, src=reader.loc(src[0]), block=t("block") or block or None, name=name,
                corporate_number=corporate_number(t("corporate_number")), address=None, corporate_kind=None, summary=t("summary"),
                is_remainder=None, amount=amount, method=t("method"), method_detail=None, bidders=reader.count(cells.get("bidders")),
                winning_rate=reader.rate(cells.get("rate")), single_bid_reason=t("reason"), rank=rank))
        return out


CHECK_LABEL = "事業所管部局による点検・改善"


def _t(simple: dict[str, tuple[Column, str]], field: str) -> str | None:
    cell = simple.get(field)
    return text(cell[1]) if cell else None


def _year(reader: RowReader, simple: dict[str, tuple[Column, str]], field: str) -> Any:
    cell = simple.get(field)
    if cell is None or text(cell[1]) is None:
        return None
    try:
        return parse_year(cell[1])
    except ValueError as exc:
        reader.problems.append(Problem("unparseable-year", str(exc), reader.loc(cell[0]), cell[1]))
        return None


#: 実施方法 labels that hold a ・ themselves (the RS code list's spelling).
COMPOUND_METHODS = frozenset({"委託・請負", "分担金・拠出金"})


def split_methods(printed: str | None) -> tuple[str, ...]:
    """``委託・請負、補助`` → (委託・請負, 補助): split on 、 and commas, and on ・ only outside the compound labels."""
    out: list[str] = []
    for piece in re.split(r"[、,，\n]", printed or ""):
        piece = piece.strip()
        if not piece:
            continue
        out += [piece] if piece in COMPOUND_METHODS else [p.strip() for p in piece.split("・") if p.strip()]
    return tuple(out)


def _sheet_info(reader: RowReader, key: r.SheetKey, simple: dict[str, tuple[Column, str]], ministry: str | None,
                printed_number: str, past: dict[tuple[int, int], dict[str, tuple[Column, str]]]) -> r.SheetInfo:
    start, end = _year(reader, simple, "start"), _year(reader, simple, "end")
    methods = split_methods(_t(simple, "method"))
    past_numbers, past_links = [], []
    for (year, _i), fields in sorted(past.items()):
        numbers = [fields[f] for f in sorted(fields) if f.startswith("事業番号")]
        if numbers:
            number = "-".join(v for _c, v in numbers)
            past_numbers.append(f"{fiscal_year_label_ja(year)} {number}")
            ministry_cell = fields.get("所管府省名")
            past_links.append(r.PastLink(year, number, ministry_cell[1] if ministry_cell else None,
                                         reader.loc(numbers[-1][0])))
    name_cell = simple["name"]
    return r.SheetInfo(
        sheet=key, src=reader.loc(name_cell[0]), name=text(name_cell[1]) or "", source_kind=r.SHEET,
        ministry=ministry, unit=r.UnitPath(ministry, bureau=_t(simple, "bureau"), division=_t(simple, "office")),
        purpose=_t(simple, "purpose"), current_issues=_t(simple, "issues"), overview=_t(simple, "overview"),
        overview_url=_t(simple, "overview_url"),
        start_year=start.year if start else None, start_unknown=start.unknown if start else None,
        start_before=bool(start and start.open_start),
        end_year=end.year if end else None, no_end=end.open_end if end else None,
        major_expenses=tuple(x for x in [_t(simple, "major_expense")] if x), methods=methods,
        printed_number=printed_number, responsible_person=_t(simple, "person"), account=_t(simple, "account"),
        past_numbers=tuple(past_numbers), past_links=tuple(past_links), main_policy=_t(simple, "main_policy"),
    )


def _laws_plans_policy(reader: RowReader, key: r.SheetKey, simple: dict[str, tuple[Column, str]], ministry: str | None) -> list[Any]:
    out: list[Any] = []
    laws = simple.get("laws")
    n = 0
    for citation in parse_citations(text(laws[1]) if laws else None):
        for provision in citation.provisions or (None,):
            n += 1
            out.append(r.LawRef(sheet=key, src=reader.loc(laws[0] if laws else None), number=f"根拠法令-{n}", title=citation.title,
                                article=provision.article if provision else None,
                                paragraph=provision.paragraph if provision else None,
                                item=provision.item if provision else None))
    plans = simple.get("plans")
    for i, line in enumerate((x for x in ((text(plans[1]) if plans else None) or "").split("\n") if x.strip()), 1):
        out.append(r.Plan(sheet=key, src=reader.loc(plans[0] if plans else None), number=i, name=line.strip(), url=None))
    policy, measure = _t(simple, "policy"), _t(simple, "measure")
    if policy or measure:
        cell = simple.get("policy") or simple.get("measure")
        out.append(r.Policy(sheet=key, src=reader.loc(cell[0] if cell else None), number=1, ministry=ministry,
                            policy=policy, measure=measure, url=None))
    return out


_BUDGET_FIELDS = ("initial", "supplementary", "carried_in", "carried_out", "reserve", "current", "executed")


def _budget(reader: RowReader, key: r.SheetKey, cells: dict[tuple[int, str], tuple[Column, str]]) -> list[r.BudgetSummary]:
    """One summary per fiscal year with any amount; the 要求 of year Y+1 goes on year Y, as on the sheet."""
    out: dict[int, r.BudgetSummary] = {}
    requests: dict[int, r.Money] = {}
    for year in sorted({y for y, _f in cells}):
        if (year, "request") in cells:
            request = reader.money(cells[(year, "request")])
            if request is not None:
                requests[year] = request
        values = {f: reader.money(cells.get((year, f))) for f in _BUDGET_FIELDS}
        if all(v is None for v in values.values()):
            continue
        first = next(cells[(year, f)] for f in _BUDGET_FIELDS if (year, f) in cells)
        out[year] = r.BudgetSummary(sheet=key, src=reader.loc(first[0]), budget_year=year, **values)  # type: ignore[arg-type]  # values are Money | None by field
    for year, request in requests.items():
        if year - 1 in out:
            out[year - 1] = dataclasses.replace(out[year - 1], next_request=request)
        else:
            out[year - 1] = r.BudgetSummary(sheet=key, src=reader.loc(cells[(year, "request")][0]), budget_year=year - 1, next_request=request)
    return [out[y] for y in sorted(out)]


def _payees(reader: RowReader, key: r.SheetKey, payees: dict[tuple[str, int], dict[str, dict[int, tuple[Column, str]]]]) -> list[r.Payment]:
    out = []
    for (block, rank), fields in sorted(payees.items()):
        def first(field: str) -> tuple[Column, str] | None:
            by_index = fields.get(field)
            return by_index[min(by_index)] if by_index else None

        name_cell = first("name")
        name = text(name_cell[1]) if name_cell else None
        if name is None or name_cell is None:
            continue
        src = reader.loc(name_cell[0])
        contracts = []
        indexes = sorted({i for f in ("method", "bidders", "rate", "reason") for i in fields.get(f, {})})
        for i in indexes:
            def at(field: str, i: int = i) -> tuple[Column, str] | None:
                return fields.get(field, {}).get(i)

            method, bidders, rate = at("method"), reader.count(at("bidders")), reader.rate(at("rate"))
            reason = at("reason")
            method_text, reason_text = text(method[1]) if method else None, text(reason[1]) if reason else None
            if method_text is None and bidders is None and rate is None and reason_text is None:
                continue
            contracts.append(r.Contract(src=reader.loc((method or at("bidders") or at("rate") or reason or name_cell)[0]),
                                        summary=None, amount=None, method=method_text, method_detail=None, bidders=bidders,
                                        winning_rate=rate, single_bid_reason=reason_text, is_remainder=None))
        corp, business = first("corporate_number"), first("business")
        out.append(r.Payment(sheet=key, src=src, block=block, name=name,
                             corporate_number=corporate_number(text(corp[1]) if corp else None), address=None,
                             corporate_kind=None, is_remainder=None, amount=reader.money(first("amount")),
                             contracts=tuple(contracts), rank=rank, business=text(business[1]) if business else None))
    return out


_OUTCOME_TEXTS = {"定量的な成果目標": "description", "成果目標": "description", "成果指標": "name", "活動指標": "name",
                  "単位-成果実績": "unit", "単位-活動実績": "unit", "単位": "unit", "根拠として用いた統計・データ名(出典)": "data_source",
                  "定量的な目標が設定できない理由": "qualitative_reason"}
_FINAL_TARGET, _FINAL_YEAR = "目標最終年度-目標値", "目標最終年度-年度"
_ACTUAL = ("成果実績", "活動実績")
_TARGET = ("目標値", "当初見込み", "活動見込")


def _indicators(reader: RowReader, key: r.SheetKey, items: dict[tuple[str, int], dict[str, Any]]) -> list[r.Indicator]:
    out = []
    for (kind, number), item in sorted(items.items()):
        texts = {_OUTCOME_TEXTS.get(field, field): text(raw) for field, (col, raw) in item["texts"].items()}
        values = []
        for year in sorted(item["years"]):
            got = item["years"][year]
            actual = next((reader.decimal(got[f]) for f in _ACTUAL if f in got), None)
            target = next((reader.decimal(got[f]) for f in _TARGET if f in got), None)
            rate = reader.decimal(got["達成度"]) if "達成度" in got else None
            if actual is None and target is None and rate is None:
                continue
            values.append(r.IndicatorValue(year=year, target=target, actual=actual, rate_percent=rate))
        values = _final_target(reader, item["texts"], values)
        if not values and not texts.get("name") and not texts.get("description"):
            continue
        anchor = next(iter(item["texts"].values()), None) or next(iter(next(iter(item["years"].values())).values()))
        out.append(r.Indicator(sheet=key, src=reader.loc(anchor[0]), kind=kind, number=number, term=None,
                               goal_kind="定量的" if kind == "outcome" else None, description=texts.get("description"),
                               name=texts.get("name"), unit=texts.get("unit"), data_source=texts.get("data_source"),
                               qualitative_reason=texts.get("qualitative_reason"), values=tuple(values)))
    return out


def _final_target(reader: RowReader, texts: dict[str, tuple[Column, str]], values: list[r.IndicatorValue]) -> list[r.IndicatorValue]:
    """目標最終年度 (its year and target) as that year's value, marked as the target year, as RS 3-1's 目標年度 is."""
    target = reader.decimal(texts.get(_FINAL_TARGET))
    cell = texts.get(_FINAL_YEAR)
    if cell is None or text(cell[1]) is None:
        return values
    try:
        year = parse_year(cell[1]).year
    except ValueError as exc:
        reader.problems.append(Problem("unparseable-year", str(exc), reader.loc(cell[0]), cell[1]))
        return values
    if year is None:
        return values
    same = [v for v in values if v.year == year]
    if same:
        merged = dataclasses.replace(same[0], target=same[0].target if same[0].target is not None else target, is_target_year=True)
        return sorted([v for v in values if v.year != year] + [merged], key=lambda v: v.year)
    return sorted(values + [r.IndicatorValue(year=year, target=target, is_target_year=True)], key=lambda v: v.year)


def _check_units(reader: RowReader, key: r.SheetKey, summaries: list[r.BudgetSummary], payments: list[r.Payment]) -> bool:
    """Payees report the execution of the year before the review year: far more than it means yen, not 百万円.

    True when the list is suspect, so its payments are marked (and the site's totals leave them out)
    instead of a trillion-yen recipient topping the rankings.
    """
    total = sum((p.amount.yen for p in payments if p.amount is not None), 0)
    executed = next((s.executed for s in summaries if s.budget_year == key.review_year - 1), None)
    if executed is None or executed.yen <= 0 or total <= YEN_SUSPECT_FACTOR * executed.yen:
        return False
    ratio = Decimal(total) / Decimal(executed.yen)
    reader.problems.append(Problem(
        "suspect-unit", f"the payees add up to {ratio:.0f} times the execution of {key.review_year - 1} "
        f"({executed.printed} 百万円): the amounts were probably entered in yen, not 百万円; kept as printed and left out of totals",
        reader.loc(None, "支出先上位１０者リスト"), printed_total(payments)))
    return True


def printed_total(payments: list[r.Payment]) -> str:
    total = sum((p.amount.printed_value or Decimal(0) for p in payments if p.amount is not None), Decimal(0))
    return f"{total:,} 百万円"
