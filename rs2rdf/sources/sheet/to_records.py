"""Located template values → rs2rdf.core.records, with values normalised and problems collected.

百万円 amounts become :class:`Money` (yen, printed, unit="百万円"); percent cells become
fractions for 執行率 and stay percent for 達成度/落札率, as the record fields say; dashes are
None; Excel errors are None plus an ``excel-error`` problem at the cell.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from decimal import Decimal
from typing import Any, Callable, TypeVar

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.normalize.citations import numbers_before_titles, parse_citations
from rs2rdf.sources.normalize.eras import parse_year, review_year_from_title
from rs2rdf.sources.normalize.lawnumbers import law_number_in
from rs2rdf.sources.normalize.ministries import MinistryTable
from rs2rdf.sources.normalize.numbers import parse_decimal, parse_int, parse_million_yen
from rs2rdf.sources.normalize.projectnumbers import normalize_project_number
from rs2rdf.sources.normalize.text import is_none_mark, value as text_value
from rs2rdf.core.records import (
    SHEET,
    Block,
    BudgetItem,
    BudgetSummary,
    Contract,
    Evaluation,
    ExpenseLine,
    Indicator,
    IndicatorValue,
    LawRef,
    Money,
    ObligationContract,
    Payment,
    Plan,
    Policy,
    Remarks,
    SheetInfo,
    SheetKey,
    UnitPath,
)
from rs2rdf.sources.sheet import tables
from rs2rdf.sources.sheet.fields import Finder, Found
from rs2rdf.sources.sheet.labels import YEAR_HEADER

EXCEL_ERROR = re.compile(r"^#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$")
TITLE = re.compile(r"^(?P<title>.*?行政事業レビューシート)(?P<rest>.*)$", re.S)


@functools.lru_cache(maxsize=1)
def ministry_table() -> MinistryTable:
    return MinistryTable.load()


def _header_match(header: str) -> re.Match[str] | None:
    return YEAR_HEADER.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", header)))


def grid_year(header: str, review_year: int, era: str | None = None, previous: int | None = None) -> int | None:
    """A grid year heading (``26年度``, ``平成29年度``, ``元年度``, ``2年度要求``) as a western year.

    An era printed on the heading decides. Else the reading (under ``era``, 平成 or 令和) that
    follows ``previous`` — the year of the heading to its left — wins, so 「元年度」 after
    「平成30年度」 is 2019 and 「31年度」 after it 2019 too; else the inherited ``era``; else
    the reading nearest the review year (「24年度」 on a 2015 sheet is 2012).
    """
    m = _header_match(header)
    if not m:
        return None
    if m.group("western"):
        return int(m.group("western"))
    n = 1 if m.group("n") == "元" else int(m.group("n"))
    starts = {"平成": 1988, "令和": 2018}
    if m.group("era"):
        return starts[m.group("era")] + n
    readings = [starts[e] + n for e in starts]
    if previous is not None and previous + 1 in readings:
        return previous + 1
    if era is not None:
        return starts[era] + n
    return min(readings, key=lambda y: (abs(y - review_year), y))


def grid_years(headers: list[str], review_year: int) -> list[int | None]:
    """The years of a row of headings, left to right: an era printed on one heading carries on to the next."""
    out: list[int | None] = []
    era, previous = None, None
    for header in headers:
        year = grid_year(header, review_year, era, previous)
        m = _header_match(header)
        if m and m.group("era"):
            era = m.group("era")
        out.append(year)
        if year is not None:
            previous = year
    return out


#: A whole 事業番号 in matching form (FORMATS §4.1): ``0051``, ``0036-1``, ``新27-0001``, ``2023-経産-22-0001``, ``2023-こども-新23-0001``.
PROJECT_NUMBER = re.compile(r"(?:(?:19|20)\d{2}-[^\W\d_]+-新?\d{2}-\d{4,6}|新\d{2}-\d{4,6}|\d{4,6})(?:-\d{1,2})?")


def read_project_number(texts: list[str]) -> str | None:
    """The 事業番号 printed in the cells right of its label, joined when typed into several.

    Ministries type 「新27-0001」 as one cell or as 「新27」「-」「0001」: the cells are joined from the
    first while the join is still (a prefix of) a number, and the longest join that is a whole
    number wins; with none, the first cell as printed.
    """
    best, joined = None, ""
    for i, text in enumerate(texts):
        joined += text
        if PROJECT_NUMBER.fullmatch(normalize_project_number(joined)):
            best = i
    if best is None:
        return texts[0] if texts else None
    return "".join(texts[:best + 1])


def parse_thousand_yen(raw: str | None) -> tuple[int, Decimal] | None:
    """Sheet money printed in 千円 (some sheets' headings say 「（単位：千円）」): (yen, printed value)."""
    parsed = parse_million_yen(raw.replace("千円", "") if raw else raw)
    if parsed is None:
        return None
    yen = parsed[1] * 1000
    if yen != yen.to_integral_value():
        raise ValueError("more than three decimal places of 千円")
    return int(yen), parsed[1]


def unit_of(heading: str | None) -> str:
    """The money unit a heading prints (「予算額・執行額（単位:千円）」, 「支出額（千円）」); 百万円 unless it says 千円."""
    return "千円" if heading and "千円" in re.sub(r"\s+", "", unicodedata.normalize("NFKC", heading)) else "百万円"  # 「千\n円」 wraps too


_BRACKETS = "（）()【】［］[]「」〔〕<>＜＞"
_MINISTRY_LABEL = re.compile(r"^(?:府省庁名|府省名|府省庁|所管府省庁?名?)\s*[:：]?\s*")


def ministry_in_title(text: str | None) -> str | None:
    """The ministry printed after the sheet title, without the brackets, label and spacing around it.

    Real sheets print 「総務省」, 「（総務省）」, 「【総務省】」, 「（　総務省　）」, 「（府省庁名：総務省）」,
    a 「府省庁名」 cell before it, the brackets in cells of their own, or 「総　務　省」 spaced out.
    Gives None when nothing but brackets and labels is there.
    """
    if not text:
        return None
    # a name wrapped inside its cell (「（農林水産」 / 「省）」) is one word; a break after a bracket or colon is a space
    text = re.sub(r"(?<=\w)\n(?=\w)", "", text)
    words = [w for w in re.split(r"[\s\u3000]+", text.replace("\n", " ")) if w]
    words = [w.strip(_BRACKETS) for w in words]
    words = [_MINISTRY_LABEL.sub("", w).strip(_BRACKETS) for w in words]
    words = [w for w in words if w]
    if not words:
        return None
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)  # 「総　務　省」
    return "\u3000".join(words)


_N = TypeVar("_N")


class Converter:
    """Holds the file name, the sheet key and the problem list while records are built."""

    def __init__(self, finder: Finder, problems: list[Problem]) -> None:
        self.finder = finder
        self.grid = finder.grid
        self.problems = problems
        self.key = SheetKey(review_year=0)
        #: fields read some other way than the template's (for the extraction report)
        self.fallbacks: list[str] = []

    # -- value helpers --------------------------------------------------------------------
    def loc(self, found: Found | None, label: str | None = None) -> SourceLocation:
        if found is None or found.cell is None:
            return SourceLocation(self.grid.file, None, None, label or (found.label if found else None))
        c = found.cell
        return SourceLocation(self.grid.file, self.grid.part(c.page), c.row, label or found.label)

    def text(self, found: Found | None) -> str | None:
        return text_value(found.text) if found is not None else None

    def _number(self, found: Found | None, parse: Callable[[str], _N | None], code: str) -> _N | None:
        raw = self.text(found)
        if raw is None:
            return None
        compact = re.sub(r"\s+", "", raw)
        if EXCEL_ERROR.match(compact):
            self.problems.append(Problem("excel-error", "the cell holds an Excel error", self.loc(found), compact))
            return None
        try:
            return parse(compact)
        except ValueError as exc:
            self.problems.append(Problem(code, str(exc), self.loc(found), raw))
            return None

    def money(self, found: Found | None, unit: str = "百万円") -> Money | None:
        """An amount in the section's unit (百万円, or 千円 where the heading says so); a unit printed after
        the number (「23,285百万円」, 「500千円」) wins."""
        printed = re.sub(r"\s+", "", self.text(found) or "")
        suffix = unicodedata.normalize("NFKC", printed)
        unit = "百万円" if suffix.endswith("百万円") else "千円" if suffix.endswith("千円") else unit
        parsed = self._number(found, parse_million_yen if unit == "百万円" else parse_thousand_yen, "unparseable-amount")
        if parsed is None:
            return None
        return Money(parsed[0], printed, unit=unit)

    def decimal(self, found: Found | None) -> Decimal | None:
        return self._number(found, parse_decimal, "unparseable-number")

    def count(self, found: Found | None) -> int | None:
        return self._number(found, parse_int, "unparseable-number")

    def fraction(self, found: Found | None) -> Decimal | None:
        number = self.decimal(found)
        return None if number is None else number / 100

    def year(self, found: Found | None) -> Any:
        raw = self.text(found)
        try:
            return parse_year(raw)
        except ValueError as exc:
            self.problems.append(Problem("unparseable-year", str(exc), self.loc(found), raw))
            return None

    def missing(self, found: Found, what: str = "its value", where: str | None = None) -> None:
        """A template field that was not found: which label was looked for, and where.

        With the label found (``found.cell``) the location is the label's cell and the message says
        what was missing next to it; without, it names the pages or worksheets searched.
        """
        if found.cell is not None:
            c = found.cell
            message = f"「{found.label}」 is at {self.grid.part(c.page)} row {c.row}, but {what} was not found {where or 'to its right'}"
            self.problems.append(Problem("missing-field", message, self.loc(found)))
            return
        parts = ", ".join(self.grid.parts) if self.grid.parts else "the file"
        self.problems.append(Problem("missing-field", f"「{found.label}」 was not found: no cell reads it on {parts}",
                                     SourceLocation(self.grid.file, None, None, found.label)))


def sheet_records(finder: Finder, problems: list[Problem]) -> tuple[list[Any], dict[str, Any]]:
    """All records of one sheet and the raw located values they came from."""
    cv = Converter(finder, problems)
    title_cell = finder.first("title")
    title_text = title_cell.text.replace("\n", "") if title_cell else None
    ministry_name = None
    if title_cell is not None:
        m = TITLE.match(title_text or "")
        rest = (m.group("rest") if m else "").strip(" \u3000")
        right = finder.right_of(title_cell)
        printed = rest or " ".join(c.text for c in right[:4] if c.text)
        ministry_name = ministry_in_title(rest) or ministry_in_title(" ".join(c.text for c in right[:4] if c.text))
        if ministry_name and ministry_name != printed.strip(" \u3000"):
            cv.fallbacks.append(f"府省庁: 「{ministry_name}」 read from 「{printed}」 (brackets, labels or spacing removed)")
    review_year = review_year_from_title(title_text) or 0
    number = _number(finder, cv)
    raw: dict[str, Any] = {"title": Found(title_text, title_cell, "行政事業レビューシート"),
                           "ministry": Found(ministry_name, title_cell, "府省庁"), "number": number}
    for lab in ("name", "bureau", "office", "person", "start", "end", "account", "laws", "plans", "main_policy",
                "major_expense", "purpose", "issues", "overview", "overview_url", "method", "outcome_source",
                "policy", "measure", "kpi1", "check_result", "improvement", "external", "remarks"):
        raw[lab] = finder.value_right(lab)
    for lab in ("team", "reflection"):
        raw[lab] = finder.value_right(lab, 0)
        raw[lab + "_detail"] = finder.value_right(lab, 1)
    for found in (raw["title"], number, raw["name"]):
        if found.text is None:
            cv.missing(found)
    if not review_year and title_cell is not None:
        problems.append(Problem("unparseable-year", "no review year in the title", cv.loc(raw["title"]), title_text))
    ministry_key = ministry_name
    if ministry_name:
        ministry = ministry_table().resolve(ministry_name)
        if ministry is None:
            problems.append(Problem("unknown-ministry", "the ministry in the title is not in the ministry table", cv.loc(raw["ministry"]), ministry_name))
        else:
            ministry_key = ministry.key
    printed_number = cv.text(number)
    key = SheetKey(review_year=review_year, ministry=ministry_key,
                   number=normalize_project_number(printed_number) if printed_number else None)
    cv.key = key
    records: list[Any] = [_sheet_info(cv, raw, ministry_name, printed_number, finder)]
    records += _laws_plans_policy(cv, raw, ministry_name)
    budget = tables.budget_grid(finder)
    detail = tables.budget_detail(finder)
    raw["budget"], raw["budget_detail"] = budget, detail
    records += _budget(cv, budget, review_year, _section_unit(finder, "budget_block"))
    records += _budget_items(cv, detail, raw, review_year, _section_unit(finder, "budget_detail"))
    for kind in ("outcome", "output"):
        grid = tables.indicator_grid(finder, kind)
        raw[kind + "s"] = grid
        records += _indicators(cv, grid, kind, review_year, raw)
    raw["unit_cost"] = tables.unit_cost(finder)
    raw["checklist"] = tables.checklist(finder)
    records.append(_evaluation(cv, raw))
    flow = tables.money_flow(finder)
    raw["flow"] = flow
    records += [Block(sheet=key, src=cv.loc(b["name"]), letter=b["letter"], name=cv.text(b["name"]), payee_count=None, role=cv.text(b["role"]), amount=cv.money(b["amount"]))
                for b in flow["blocks"]]
    raw["expenses"] = tables.expenses(finder)
    records += _expenses(cv, raw["expenses"])
    if not finder.grid.ruled:
        cv.fallbacks.append("no ruling lines: values placed by word positions next to their labels")
    raw["payees"] = tables.payees(finder)
    cv.fallbacks += [f"支出先上位１０者リスト: block {b['letter'] or '?'} continued on {finder.grid.part(p)} without column headings"
                     for b in raw["payees"] for p in b.get("continued", ())]
    _check_list(cv, "payees", raw["payees"], "支出先上位１０者リスト", "支出先")
    records += _payees(cv, raw["payees"])
    raw["obligations"] = tables.obligations(finder)
    records += _obligations(cv, raw["obligations"])
    remarks = cv.text(raw["remarks"])
    if remarks:
        records.append(Remarks(sheet=key, src=cv.loc(raw["remarks"]), text=remarks))
    cv.fallbacks += [n for n in finder.notes if n not in cv.fallbacks]
    raw["fallbacks"] = cv.fallbacks
    return records, raw


#: Template fields counted by the extraction report (scalars found by label, and the grids and lists).
REPORT_FIELDS = ("title", "ministry", "number", "name", "bureau", "office", "person", "start", "end", "account", "laws", "plans",
                 "main_policy", "major_expense", "purpose", "overview", "method", "check_result", "team", "reflection",
                 "budget", "budget_detail", "outcomes", "outputs", "checklist", "flow", "expenses", "payees", "obligations")


def _present(value: Any) -> bool:
    if isinstance(value, Found):
        return value.text is not None
    if isinstance(value, dict) and "blocks" in value:  # the money flow
        return bool(value["blocks"])
    if isinstance(value, dict) and "items" in value:  # an indicator grid
        return bool(value["items"])
    return bool(value)


def extraction_report(raw: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """Per file: the template fields found and missing (by the label looked for), and those read with a fallback."""
    found = [f for f in REPORT_FIELDS if _present(raw.get(f))]
    missing = sorted({p.location.field for p in problems if p.code == "missing-field" and p.location and p.location.field})
    return {"fields_found": len(found), "fields": len(REPORT_FIELDS), "not_found": [f for f in REPORT_FIELDS if f not in found],
            "missing": missing, "fallbacks": list(raw.get("fallbacks", ()))}


def _number(finder: Finder, cv: Converter) -> Found:
    """事業番号: the first label occurrence with cells to its right (see :func:`read_project_number`)."""
    found = finder.value_right("number")
    for label in finder.find_field("number"):
        cells = [c for c in finder.right_of(label) if c.text]
        if cells:
            text = read_project_number([c.text for c in cells])
            if text is not None and text != cells[0].text:
                cv.fallbacks.append(f"事業番号: 「{text}」 joined from the cells 「{'」「'.join(c.text for c in cells)}」"[:200])
            return Found(text, cells[0], found.label)
    return found


def _section_unit(finder: Finder, field: str) -> str:
    """The unit a section's heading prints; on a page without ruling lines 「（単位:千円）」 can be a cell of its own under it."""
    label = finder.first(field)
    if label is None:
        return "百万円"
    near = [c.text for c in finder.by_page.get(label.page, ())
            if min(c.x1, label.x1) - max(c.x0, label.x0) > 0 and label.top - finder.size <= c.top <= label.bottom + finder.size * 3]
    return unit_of(" ".join([label.text, *near]))


def _check_list(cv: Converter, field: str, blocks: list[dict[str, Any]], printed: str, column: str) -> None:
    """A list without its title, or whose title has no 「支出先」 column heading after it, is a problem."""
    title = cv.finder.first(field)
    if title is None:
        cv.missing(Found(None, None, printed))
    elif not blocks:
        cv.missing(Found(None, title, printed), f"the 「{column}」 column heading", "below it (on its page or the next ones)")


def _sheet_info(cv: Converter, raw: dict[str, Any], ministry: str | None, printed_number: str | None, finder: Finder) -> SheetInfo:
    start, end = cv.year(raw["start"]), cv.year(raw["end"])
    methods = tuple(m for m in re.split(r"[、,，・\n]", cv.text(raw["method"]) or "") if m.strip())
    raw["past_numbers"] = tables.past_numbers(finder)
    past = tuple(f"{year} {n}" for year, f in raw["past_numbers"] if (n := cv.text(f)))
    cost = tables.unit_cost(finder)
    unit_cost = [(label, text) for label, f in (("算出根拠", cost.get("basis")), ("単位", cost.get("unit")))
                 if f is not None and (text := cv.text(f))]
    unit_cost += [(year, text) for year, f in cost.get("formula", []) if (text := cv.text(f)) and text not in ("/", "／")]
    return SheetInfo(
        sheet=cv.key, src=cv.loc(raw["name"]), name=cv.text(raw["name"]) or "", source_kind=SHEET,
        ministry=ministry, unit=UnitPath(ministry, bureau=cv.text(raw["bureau"]), division=cv.text(raw["office"])),
        purpose=cv.text(raw["purpose"]), current_issues=cv.text(raw["issues"]), overview=cv.text(raw["overview"]),
        overview_url=cv.text(raw["overview_url"]),
        start_year=start.year if start else None, start_unknown=start.unknown if start else None,
        start_before=bool(start and start.open_start),
        end_year=end.year if end else None, no_end=end.open_end if end else None,
        major_expenses=tuple(x for x in [cv.text(raw["major_expense"])] if x), methods=methods,
        printed_number=printed_number, responsible_person=cv.text(raw["person"]), account=cv.text(raw["account"]),
        past_numbers=past, main_policy=cv.text(raw["main_policy"]),
        kpis=tuple(k for k in [cv.text(raw["kpi1"])] if k), unit_cost=tuple(unit_cost),
    )


def _laws_plans_policy(cv: Converter, raw: dict[str, Any], ministry: str | None) -> list[Any]:
    out: list[Any] = []
    n = 0
    laws = cv.text(raw["laws"])
    cv.fallbacks += [f"根拠法令: 「{number}」 printed before 「{title}」 read as its 法令番号" for number, title in numbers_before_titles(laws)]
    for citation in parse_citations(laws):
        for provision in citation.provisions or (None,):
            n += 1
            out.append(LawRef(sheet=cv.key, src=cv.loc(raw["laws"]), number=f"根拠法令-{n}", title=citation.title,
                              law_number=law_number_in(citation.printed),
                              article=provision.article if provision else None,
                              paragraph=provision.paragraph if provision else None,
                              item=provision.item if provision else None))
    plans = cv.text(raw["plans"])
    for i, line in enumerate((x for x in (plans or "").split("\n") if x.strip()), 1):
        out.append(Plan(sheet=cv.key, src=cv.loc(raw["plans"]), number=i, name=line.strip(), url=None))
    policy, measure = cv.text(raw["policy"]), cv.text(raw["measure"])
    if policy or measure:
        out.append(Policy(sheet=cv.key, src=cv.loc(raw["policy"]), number=1, ministry=ministry, policy=policy, measure=measure, url=None))
    return out


def _budget(cv: Converter, budget: dict[str, Any] | None, review_year: int, unit: str = "百万円") -> list[Any]:
    if budget is None:
        cv.missing(Found(None, None, "予算額・執行額（単位:百万円）"))
        return []
    headings = [h.text or "" for h in budget["years"]]
    years = grid_years(headings, review_year)
    eras = [bool((m := _header_match(h)) and m.group("era")) for h in headings]
    if any(eras) and not all(eras):
        cv.fallbacks.append(f"予算額・執行額: era carried across the year headings 「{'」「'.join(headings)}」")
    if budget.get("placed_by_values"):
        cv.fallbacks.append("予算額・執行額: no ruling lines; year columns placed where their values line up down the rows, in the headings' order")
    rows = budget["rows"]

    def cell(field: str, i: int) -> Found | None:
        values = rows.get(field)
        return values[i] if values and i < len(values) else None

    out: dict[int, BudgetSummary] = {}
    requests: list[tuple[int, Money | None]] = []
    for i, (head, year) in enumerate(zip(budget["years"], years)):
        if year is None:
            continue
        if (m := _header_match(head.text or "")) and m.group("kind") == "要求":  # 「30年度要求」, 「30年度要求額」
            requests.append((year, cv.money(cell("current", i), unit) or cv.money(cell("initial", i), unit)))
            continue
        for field in ("rate_budget",):
            cv.decimal(cell(field, i))  # reported when it holds an Excel error; not a record field
        out[year] = BudgetSummary(
            sheet=cv.key, src=cv.loc(head, "予算額・執行額"), budget_year=year,
            initial=cv.money(cell("initial", i), unit), supplementary=cv.money(cell("supplementary", i), unit),
            carried_in=cv.money(cell("carried_in", i), unit), reserve=cv.money(cell("reserve", i), unit),
            current=cv.money(cell("current", i), unit), executed=cv.money(cell("executed", i), unit),
            execution_rate=cv.fraction(cell("rate", i)), carried_out=cv.money(cell("carried_out", i), unit),
        )
    for year, request in requests:
        if year - 1 in out and request is not None:
            old = out[year - 1]
            out[year - 1] = dataclasses.replace(old, next_request=request)
    return [out[y] for y in sorted(out)]


def _budget_items(cv: Converter, lines: list[dict[str, Found]], raw: dict[str, Any], review_year: int, unit: str = "百万円") -> list[Any]:
    account = cv.text(raw["account"]) or ""
    kind = next((k for k in ("一般会計", "特別会計") if account.startswith(k)), None)
    special = account[len(kind):].strip(" \u3000") or None if kind == "特別会計" else None
    out = []
    for line in lines:
        moku = cv.text(line.get("moku"))
        if moku is None or tables.SUBTOTAL.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", moku))):
            continue  # 計, 合計 and 小計 lines sum the 目 above them: no budget item of their own
        out.append(BudgetItem(sheet=cv.key, src=cv.loc(line.get("moku")), budget_year=review_year, account_kind=kind, account=special, sub_account=None, budget_type=None, jurisdiction=None, organization=None,
                              kou=None, moku=moku, note=None, amount=cv.money(line.get("amount"), unit), next_request=cv.money(line.get("request"), unit),
                              remarks=cv.text(line.get("reason"))))
    return out


def _indicators(cv: Converter, grid: dict[str, Any] | None, kind: str, review_year: int, raw: dict[str, Any]) -> list[Any]:
    if grid is None:
        return []
    heads = grid["headers"]
    year_keys = sorted((k for k in heads if k.startswith("y")), key=lambda k: int(k[1:]))
    years = dict(zip(year_keys, grid_years([heads[k].text or "" for k in year_keys], review_year)))
    rows = ("actual", "target", "achievement") if kind == "outcome" else ("output_actual", "output_plan")
    out = []
    for n, item in enumerate(grid["items"], 1):
        values = []
        for col, year in sorted(years.items(), key=lambda kv: (kv[1] or 0)):
            if year is None:
                continue
            got = {r: item["rows"].get(r, {}).get(col) for r in rows}
            if kind == "outcome":
                actual, target, rate = cv.decimal(got["actual"]), cv.decimal(got["target"]), cv.decimal(got["achievement"])
            else:
                actual, target, rate = cv.decimal(got["output_actual"]), cv.decimal(got["output_plan"]), None
                if "活動見込" in (heads[col].text or ""):
                    actual, target = None, target if target is not None else cv.decimal(got["output_actual"])
            if actual is None and target is None and rate is None:
                continue
            values.append(IndicatorValue(year=year, target=target, actual=actual, rate_percent=rate))
        first = item["rows"].get(rows[0], {})
        unit = first.get("unit")
        texts = item["texts"]
        out.append(Indicator(
            sheet=cv.key, src=cv.loc(Found(None, item["anchor"], heads["name"].label)), kind="outcome" if kind == "outcome" else "output", number=n, term=None,
            goal_kind="定量的" if kind == "outcome" else None,
            description=cv.text(texts.get("outcome_goal")), name=cv.text(texts.get("name")), unit=cv.text(unit),
            data_source=cv.text(raw["outcome_source"]) if kind == "outcome" else None, values=tuple(values)))
    return out


def _evaluation(cv: Converter, raw: dict[str, Any]) -> Evaluation:
    checks = tuple((item.text or "", _mark(mark.text), cv.text(text)) for item, mark, text in raw["checklist"])
    return Evaluation(sheet=cv.key, src=cv.loc(raw["check_result"]), check_result=cv.text(raw["check_result"]),
                      improvement_direction=cv.text(raw["improvement"]), external_opinion=cv.text(raw["external"]),
                      team_opinion=cv.text(raw["team"]), team_opinion_detail=cv.text(raw["team_detail"]),
                      reflection=cv.text(raw["reflection"]), reflection_detail=cv.text(raw["reflection_detail"]),
                      checklist=checks)


def _mark(text: str | None) -> str:
    """A checklist mark as printed (○, △, ‐); every dash spelling becomes ‐ (U+2010), as on the template."""
    mark = (text or "").strip()
    return "‐" if mark and is_none_mark(mark) or mark in ("-", "‐") else mark


def _expenses(cv: Converter, blocks: list[dict[str, Any]]) -> list[Any]:
    out = []
    for block in blocks:
        for line in block["lines"]:
            cat, use, amount = cv.text(line.get("category")), cv.text(line.get("use")), cv.money(line.get("amount"), unit_of(block.get("amount_heading")))
            if cat is None and use is None and amount is None:
                continue
            src = line.get("category") or line.get("use") or line.get("amount")
            out.append(ExpenseLine(sheet=cv.key, src=cv.loc(src), block=block["letter"] or "", payee=block["payee"], corporate_number=None, summary=None, category=cat, use=use, amount=amount))
    return out


def _contract(cv: Converter, v: dict[str, Found], src: SourceLocation) -> Contract | None:
    method, bidders = cv.text(v.get("method")), cv.count(v.get("bidders"))
    rate, reason = cv.decimal(v.get("rate")), cv.text(v.get("reason"))
    if method is None and bidders is None and rate is None and reason is None:
        return None
    return Contract(src=src, summary=None, amount=None, method=method, method_detail=None, bidders=bidders, winning_rate=rate, single_bid_reason=reason, is_remainder=None)


def corporate_number(text: str | None) -> str | None:
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text)) if text else None


def _payees(cv: Converter, blocks: list[dict[str, Any]]) -> list[Any]:
    out = []
    for block in blocks:
        for row in block["rows"]:
            v = row["values"]
            name = cv.text(v.get("name"))
            if name is None:
                continue
            src = cv.loc(v.get("name"))
            contract = _contract(cv, v, src)
            out.append(Payment(sheet=cv.key, src=src, block=block["letter"] or "", name=name, corporate_number=corporate_number(cv.text(v.get("corporate_number"))),
                               address=None, corporate_kind=None, is_remainder=None, amount=cv.money(v.get("amount"), unit_of(block.get("amount_heading"))), contracts=(contract,) if contract else (),
                               rank=row["rank"], business=cv.text(v.get("business"))))
    return out


def _obligations(cv: Converter, blocks: list[dict[str, Any]]) -> list[Any]:
    out = []
    for block in blocks:
        for row in block["rows"]:
            v = row["values"]
            name, amount = cv.text(v.get("name")), cv.money(v.get("amount"), unit_of(block.get("amount_heading")))
            if name is None and amount is None:
                continue
            out.append(ObligationContract(
                sheet=cv.key, src=cv.loc(v.get("name") or v.get("amount")), block=cv.text(v.get("block")), name=name,
                corporate_number=corporate_number(cv.text(v.get("corporate_number"))), address=None, corporate_kind=None, summary=cv.text(v.get("summary")), is_remainder=None, amount=amount,
                method=cv.text(v.get("method")), method_detail=None, bidders=cv.count(v.get("bidders")), winning_rate=cv.decimal(v.get("rate")),
                single_bid_reason=cv.text(v.get("reason")), rank=row["rank"]))
    return out
