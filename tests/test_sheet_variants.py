"""Review sheets as ministries really made them (#19): the variants independent sheets show.

Property tests for each class of variation (事業番号 forms and cells, era forms of the year
headings, the ministry after the title), sheets built with one variant each, and the varied
corpus of ``tools/sheet_corpus.py``: field-level recall and precision per fact kind, against
the generator's own truth, must stay at 99 % or more for xlsx and for PDF separately.
"""

from __future__ import annotations

import json
import os
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from rs2rdf.core.records import BudgetSummary, Payment, SheetInfo
from rs2rdf.sources.normalize.ministries import MinistryTable
from rs2rdf.sources.normalize.projectnumbers import MINISTRY_ABBREVIATIONS, normalize_project_number
from rs2rdf.sources.sheet import extract_command, extract_sheet
from rs2rdf.sources.sheet.to_records import grid_years, ministry_in_title, read_project_number

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
import sheet_corpus  # noqa: E402
from make_sheet_fixtures import workbook_for  # noqa: E402

SAMPLE = Path(__file__).parent / "data" / "sheets" / "corpus"
#: Sheets generated for the xlsx corpus test (all of them are PDF-printed only in the committed sample).
CORPUS_SIZE = 200
THRESHOLD = 0.99

DASH = st.sampled_from(["-", "‐", "－", "ー", "―", "ｰ"])
DIGITS = st.integers(0, 9999).map(lambda n: f"{n:04d}")


def _wide(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


@st.composite
def project_numbers(draw: Any) -> str:
    """Every 事業番号 form of FORMATS §4.1, with any dash and digit width a sheet prints."""
    dash = draw(DASH)
    serial = draw(DIGITS)
    suffix = draw(st.sampled_from(["", f"{dash}1", f"{dash}12"]))
    yy = draw(st.integers(21, 32))
    form = draw(st.sampled_from(["plain", "new", "modern"]))
    if form == "plain":
        number = serial + suffix
    elif form == "new":
        number = f"新{yy:02d}{dash}{serial}{suffix}"
    else:
        year = draw(st.integers(2021, 2023))
        abbr = draw(st.sampled_from(sorted(MINISTRY_ABBREVIATIONS)))
        new = draw(st.booleans())
        number = f"{year}{dash}{abbr}{dash}{'新' if new else ''}{year - 2000 - (0 if new else 1)}{dash}{serial}"
    return _wide(number) if draw(st.booleans()) else number


@settings(deadline=None)  # pure functions; a busy shared CI machine must not fail them on time
@given(project_numbers(), st.data())
def test_project_number_typed_into_any_cells_is_read_whole(number: str, data: st.DataObject) -> None:
    """「新27-0001」 typed as 「新27」「-」「0001」 was read as 「新27」, losing the sheet's key and budget rows."""
    cuts = sorted(data.draw(st.sets(st.integers(1, len(number) - 1), max_size=3)))
    cells = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)])]
    if data.draw(st.booleans()):
        cells.append(data.draw(st.sampled_from(["（総務省）", "担当", "平成２９年度行政事業レビューシート"])))
    read = read_project_number(cells)
    assert read is not None and normalize_project_number(read) == normalize_project_number(number)


@pytest.mark.parametrize("number", ["0051", "0036-1", "新27-0001", "新32-0003", "2023-経産-22-0001", "2023-こども-新23-0001"])
def test_project_number_forms_of_the_issue(number: str) -> None:
    assert read_project_number([number]) == number
    head, dash, tail = number.rpartition("-")
    assert read_project_number([head, dash, tail]) == number


ERAS = {"平成": 1988, "令和": 2018}


def _era(year: int, heisei_counting: bool = False) -> tuple[str, int]:
    return ("令和", year - 2018) if year >= 2019 and not heisei_counting else ("平成", year - 1988)


@settings(deadline=None)  # pure functions; a busy shared CI machine must not fail them on time
@given(st.integers(2012, 2023), st.sampled_from(["none", "first", "all", "change"]), st.booleans(), st.booleans())
def test_year_headings_under_every_era_form(review: int, form: str, heisei_counting: bool, gannen: bool) -> None:
    """Headings with the era on the first (「平成29年度」 then 「30年度」), on each, on an era change, or on none."""
    years = [review - 3, review - 2, review - 1, review, review + 1]
    headers = []
    previous = None
    for i, year in enumerate(years):
        era, n = _era(year, heisei_counting and form == "none" and review <= 2020)
        printed = "元" if n == 1 and gannen else str(n)
        show = form == "all" or (form == "first" and i == 0) or (form == "change" and (i == 0 or era != previous))
        previous = era
        headers.append(f"{era if show else ''}{printed}年度{'要求' if i == 4 else ''}")
    assert grid_years(headers, review) == years, headers


@pytest.mark.parametrize("headers, review, years", [
    (["平成29年度", "30年度", "令和元年度", "2年度", "3年度要求"], 2020, [2017, 2018, 2019, 2020, 2021]),
    (["平成29年度", "30年度", "元年度", "2年度", "3年度要求"], 2020, [2017, 2018, 2019, 2020, 2021]),
    (["24年度", "25年度", "26年度", "27年度", "28年度要求"], 2015, [2012, 2013, 2014, 2015, 2016]),
    (["30年度", "31年度", "32年度"], 2020, [2018, 2019, 2020]),
    (["27年度", "28年度", "29年度", "30年度", "31年度要求額"], 2018, [2015, 2016, 2017, 2018, 2019]),
])
def test_year_headings_of_the_issue(headers: list[str], review: int, years: list[int]) -> None:
    assert grid_years(headers, review) == years


MINISTRIES = MinistryTable.load()


@settings(deadline=None)  # pure functions; a busy shared CI machine must not fail them on time
@given(st.sampled_from(["総務省", "国土交通省", "こども家庭庁", "経済産業省", "原子力規制委員会"]),
       st.sampled_from(["{}", "（{}）", "({})", "【{}】", "（　{}　）", "（府省庁名：{}）", "府省庁名 {}", "（府省庁名） {}", "( {} )",
                        "（ {} ）", "府省名：{}"]),
       st.booleans())
def test_ministry_after_the_title_in_any_arrangement(name: str, arrangement: str, spaced: bool) -> None:
    """「（」, 「府省庁名」 or 「【総務省】」 was taken for the ministry."""
    printed = arrangement.format("　".join(name) if spaced else name)
    read = ministry_in_title(printed)
    assert read is not None and MINISTRIES.resolve(read) == MINISTRIES.resolve(name)


@pytest.mark.parametrize("text", ["事業番号：", "事業\n番号", "事 業 番 号", "31年度要求額", "令和2年度要求"])
def test_label_variants_of_other_sheets(text: str) -> None:
    from rs2rdf.sources.normalize.text import key
    from rs2rdf.sources.sheet.labels import YEAR_HEADER, is_label

    assert is_label(key(text)) or YEAR_HEADER.match(key(text))


@pytest.mark.parametrize("value, fmt, shown", [
    (27, '0"年度"', "27年度"), (27, '"平成"0"年度"', "平成27年度"), (31, '0"年度要求"', "31年度要求"),
    (-25434, '#,##0;"▲ "#,##0', "▲ 25,434"), (25434, '#,##0;"▲ "#,##0', "25,434"), (-3, '#,##0;[Red]"△"#,##0', "△3"),
    (0.94, "0%", "94%"), (1234, "#,##0", "1,234"),
])
def test_xlsx_numbers_shown_through_their_format(value: float, fmt: str, shown: str) -> None:
    """Year headings typed as numbers under 「"平成"0"年度"」 were read as 「27」, so their columns were dropped."""
    from rs2rdf.sources.sheet.xlsx import format_value

    assert format_value(value, fmt) == shown


def test_unruled_label_is_not_joined_to_a_title_left_of_it() -> None:
    """Unruled, 「事業番号」 (left) was glued after the title (right, its top a hair higher) as if one spaced-out label."""
    from rs2rdf.sources.sheet.pdf import Fragment, merge_spaced_labels

    def frag(text: str, x0: float, top: float) -> Fragment:
        return Fragment(text, x0, top, x0 + 7 * len(text), top + 7, tuple((ch, x0 + 7 * i, x0 + 7 * (i + 1)) for i, ch in enumerate(text)))

    runs = [frag("事業番号", 48, 39.6), frag("0480", 131, 39.6), frag("平成26年度行政事業レビューシート", 260, 39.49)]
    assert sorted(f.text for f in merge_spaced_labels(runs, 7.0)) == sorted(f.text for f in runs)


def test_unruled_label_is_not_joined_to_the_long_value_and_label_after_it() -> None:
    """Unruled, 「根拠法令（具体的な条項」, its value and 「関係する計画、通知等」 … 「（平成27年9月）」 on one line
    were joined into one 「label」 (「根拠法令(.*)」 matched up to the last bracket), losing the 根拠法令 value."""
    from rs2rdf.sources.sheet.pdf import Fragment, merge_spaced_labels

    def frag(text: str, x0: float) -> Fragment:
        return Fragment(text, x0, 171.0, x0 + 7 * len(text), 178.0, tuple((ch, x0 + 7 * i, x0 + 7 * (i + 1)) for i, ch in enumerate(text)))

    texts = ["根拠法令（具体的な条項", "補助金等に係る予算の執行の適正化に関する法律(昭", "関係する計画、通知等", "サイバーセキュリティ戦略（平成27年9月）"]
    runs, x = [], 30.0
    for text in texts:
        runs.append(frag(text, x))
        x += 7 * len(text) + 3
    assert [f.text for f in merge_spaced_labels(runs, 7.0)] == texts
    spaced = [frag("支", 30), frag("出", 47), frag("先", 64)]  # 「支　出　先」 is still one label
    assert [f.text for f in merge_spaced_labels(spaced, 7.0)] == ["支\u3000出\u3000先"]


def test_a_short_page_of_a_ruled_list_is_ruled() -> None:
    """The last two rows of a 支出先 list on a page of their own have five horizontal lines: the page was
    taken for an unruled one and the block on it lost its rows (seed 23, sheet 36 of the corpus)."""
    from rs2rdf.sources.sheet.pdf import Edges

    h = tuple((y, 29.0, 561.0) for y in (48.0, 72.0, 100.0, 124.0, 148.0))
    v = tuple((x, 48.0, 148.0) for x in (29.0, 51.0, 162.0, 228.0, 317.0, 361.0, 406.0, 428.0, 472.0, 561.0, 300.0, 310.0))
    assert Edges(h, v).ruled
    assert not Edges(h[:2], v[:2]).ruled  # a box round a title on an unruled page


def _unruled_finder(rows: list[tuple[float, list[tuple[float, float, str]]]]) -> Any:
    from rs2rdf.sources.sheet.fields import Finder
    from rs2rdf.sources.sheet.grid import Cell, Grid, number_rows

    cells = [Cell(1, x0, top, x1, top + 6, text) for top, row in rows for x0, x1, text in row]
    return Finder(Grid("t.pdf", "pdf", ["p1"], number_rows(cells), ruled=False, char_size=6.5))


def test_unruled_budget_values_in_one_narrow_cell_of_a_wide_heading() -> None:
    """No ruling lines, each value printed in the first narrow cell of its year's span (positions of a
    LibreOffice printout): 「69」 sat between the 25年度 and 26年度 headings and went left, so 25年度 read
    「2 69」 and 26年度 nothing. The values line up down the rows; their columns are given to the headings in order."""
    from rs2rdf.sources.sheet import tables

    heads = [(265, 285, "24年度"), (377, 397, "25年度"), (444, 464, "26年度"), (516, 549, "27年度要求")]
    xs = [(187, 206), (372, 379), (415, 426), (500, 520)]
    grid = [(288, heads)]
    for top, label, values in [(307, "当初予算", ["936", "2", "69", "625"]), (325, "補正予算", ["‐", "21", "32", "‐"]),
                               (397, "計", ["936", "23", "101", "625"]), (416, "執行額", ["751", "22"])]:
        grid.append((top, [(97, 122, label), *[(x0, x1, v) for (x0, x1), v in zip(xs, values)]]))
    budget = tables.budget_grid(_unruled_finder(grid))
    assert budget is not None
    read = {field: [f.text for f in found] for field, found in budget["rows"].items()}
    assert read == {"initial": ["936", "2", "69", "625"], "supplementary": ["‐", "21", "32", "‐"],
                    "current": ["936", "23", "101", "625"], "executed": ["751", "22", None, None]}


@settings(deadline=None, max_examples=150)
@given(st.data())
def test_unruled_budget_values_anywhere_in_their_span(data: st.DataObject) -> None:
    """Any 3–6 year columns of random widths, every value centred, right- or left-aligned in the first, last or all
    cells of its year's span, of any printed width: each row reads year by year as printed."""
    from rs2rdf.sources.sheet import tables

    n = data.draw(st.integers(3, 6))
    cuts = sorted(data.draw(st.sets(st.integers(1, 16), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 17]
    spans = [(8 + bounds[i], 8 + bounds[i + 1] - 1) for i in range(n)]
    col, size = 21.6, 6.5  # a column's width in points (LibreOffice, 3.6 characters) and the type size
    where = data.draw(st.sampled_from(["first", "last", "merged"]))
    align = data.draw(st.sampled_from(["centre", "right", "left"]))

    def cell(span: tuple[int, int], value: bool) -> tuple[float, float]:
        c1, c2 = span
        if value and where == "first":
            c2 = c1
        elif value and where == "last":
            c1 = c2
        return (c1 - 1) * col, c2 * col

    def box(text: str, edges: tuple[float, float], how: str = "centre") -> tuple[float, float, str]:
        width = len(text) * size * 0.55
        left, right = edges
        x0 = right - 2 - width if how == "right" else left + 2 if how == "left" else (left + right - width) / 2
        return (x0, x0 + width, text)

    heads = [box(f"{24 + i}年度" + ("要求" if i == n - 1 else ""), cell(span, False)) for i, span in enumerate(spans)]
    amount = st.one_of(st.integers(1, 99_999).map(lambda v: f"{v:,}"), st.sampled_from(["-", "‐", "－", "▲ 12"]))
    printed = {label: [data.draw(amount) for _ in range(n)] for label in ("当初予算", "補正予算", "計")}
    grid = [(288.0, heads)]
    for k, (label, values) in enumerate(printed.items()):
        grid.append((307.0 + 18 * k, [(97.0, 122.0, label), *[box(v, cell(span, True), align) for span, v in zip(spans, values)]]))
    budget = tables.budget_grid(_unruled_finder(grid))
    assert budget is not None
    fields = {"当初予算": "initial", "補正予算": "supplementary", "計": "current"}
    assert {label: [f.text for f in budget["rows"][fields[label]]] for label in printed} == printed


def test_unit_heading_wrapped_inside_its_cell() -> None:
    from rs2rdf.sources.sheet.to_records import unit_of

    assert unit_of("予算額・執行\n額（単位:千\n円）") == "千円" and unit_of("予算額・執行額（単位:百万円）") == "百万円"


def test_brackets_alone_are_no_ministry() -> None:
    assert ministry_in_title("（") is None and ministry_in_title("（府省庁名）") is None


# -- whole sheets, one variant each ------------------------------------------------------------

def _sheet(tmp_path: Path, i: int = 0, **layout: Any) -> tuple[Any, dict[str, Any]]:
    f, truth = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, i)
    f["layout"].update(layout)
    path = tmp_path / f"{f['id']}.xlsx"
    workbook_for(f).save(path)
    return extract_sheet(path), f


@pytest.mark.slow
def test_sheet_with_the_number_in_three_cells(tmp_path: Path) -> None:
    ex, f = _sheet(tmp_path, number_cells=["新27", "-", "0001"])
    info = next(r for r in ex.records if isinstance(r, SheetInfo))
    assert info.sheet.number == "新27-0001" and info.printed_number == "新27-0001"


@pytest.mark.slow
def test_sheet_with_era_on_the_first_heading(tmp_path: Path) -> None:
    f, _ = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 0)
    f["title"] = "令和２年度行政事業レビューシート"
    f["budget_years"] = ["平成29年度", "30年度", "令和元年度", "2年度", "3年度要求"]
    path = tmp_path / "era.xlsx"
    workbook_for(f).save(path)
    years = [r.budget_year for r in extract_sheet(path).records if isinstance(r, BudgetSummary)]
    assert years == [2017, 2018, 2019, 2020]


@pytest.mark.slow
@pytest.mark.parametrize("layout", [{"title_form": "split", "ministry_printed": "総務省", "open": "（", "close": "）"},
                                    {"title_form": "labelled", "ministry_printed": "総務省", "ministry_label": "府省庁名"},
                                    {"title_form": "inline", "title_joint": "\n", "ministry_printed": "（総務省）"}])
def test_sheet_with_the_ministry_in_another_arrangement(tmp_path: Path, layout: dict[str, Any]) -> None:
    ex, _ = _sheet(tmp_path, **layout)
    info = next(r for r in ex.records if isinstance(r, SheetInfo))
    assert info.ministry == "総務省" and info.sheet.ministry == "2000012020001"


@pytest.mark.slow
@pytest.mark.parametrize("layout", [{"payee_place": "sheet2"}, {"payee_place": "lower", "payee_gap_rows": 12},
                                    {"rank_cols": (1, 2), "payee_cols": [(3, 4), (5, 7), (8, 10), (11, 13), (14, 15), (16, 18), (19, 21), (22, 24)]}])
def test_payee_list_that_moves(tmp_path: Path, layout: dict[str, Any]) -> None:
    ex, f = _sheet(tmp_path, **layout)
    expected = sum(len(rows) for _, rows in f["payees"])
    assert len([r for r in ex.records if isinstance(r, Payment)]) == expected


@pytest.mark.slow
@pytest.mark.parametrize("rank_form", ["1.", "(1)", "①", "none"])
def test_payee_list_with_other_ranks_or_none(tmp_path: Path, rank_form: str) -> None:
    """Ranks printed 「1.」, 「(1)」, 「①」, or no rank column at all: rows are found by the 支出先 column."""
    ex, f = _sheet(tmp_path, rank_form=rank_form)
    payments = [r for r in ex.records if isinstance(r, Payment)]
    expected = [(heading[0], rank, row[0].replace("\n", "")) for heading, rows in f["payees"] for rank, row in enumerate(rows, 1)]
    assert [(p.block, p.rank, p.name.replace("\n", "")) for p in payments] == expected


@pytest.mark.slow
@pytest.mark.parametrize("rank_form", ["none", "1"])
@pytest.mark.parametrize("subtotal", ["小計", "小　計"])
def test_payee_list_with_sub_total_rows(tmp_path: Path, rank_form: str, subtotal: str) -> None:
    """A 「小計」 row after each block (the block's sum under 支出額): in a list without rank numbers it was read as a payee."""
    ex, f = _sheet(tmp_path, rank_form=rank_form, payee_subtotal=subtotal)
    payments = [r for r in ex.records if isinstance(r, Payment)]
    expected = [(heading[0], rank, row[0].replace("\n", "")) for heading, rows in f["payees"] for rank, row in enumerate(rows, 1)]
    assert [(p.block, p.rank, p.name.replace("\n", "")) for p in payments] == expected


@pytest.mark.slow
@pytest.mark.parametrize("past, with_request", [(1, True), (2, True), (3, False), (4, True)])
def test_budget_grid_of_three_four_or_six_years(tmp_path: Path, past: int, with_request: bool) -> None:
    """Grids with two or four past years, or no request column, read year by year like the five-column one."""
    i = next(i for i in range(200) if sheet_corpus.draw(sheet_corpus.CORPUS_SEED, i)[0].get("budget_past") == past
             and ("要求" in sheet_corpus.draw(sheet_corpus.CORPUS_SEED, i)[0]["budget_years"][-1]) == with_request)
    f, truth = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, i)
    assert len(f["budget_years"]) == past + 1 + with_request
    path = tmp_path / "grid.xlsx"
    workbook_for(f).save(path)
    facts = sheet_corpus.facts_of(extract_sheet(path).records)
    assert facts["budget"] == truth["budget"]


@pytest.mark.slow
@pytest.mark.parametrize("values", ["first", "last", "merged"])
def test_xlsx_budget_columns_of_uneven_width(tmp_path: Path, values: str) -> None:
    """xlsx laid out unlike the PDF of its template year: year columns one to seven cells wide, each value in the
    first, last or merged cells of its span (budget columns after the first were missed)."""
    f, truth = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 0)
    assert len(f["budget_years"]) == 5
    f["layout"].update(budget_spans=[(8, 8), (9, 15), (16, 17), (18, 23), (24, 24)], budget_values=values, numeric_money=False)
    path = tmp_path / "uneven.xlsx"
    workbook_for(f).save(path)
    assert sheet_corpus.facts_of(extract_sheet(path).records)["budget"] == truth["budget"]


@pytest.mark.slow
def test_sheet_with_budget_sub_total_blank_row_wrapped_headings_and_notes(tmp_path: Path) -> None:
    """「小計」 between 補正予算 and 前年度から繰越し, an empty row before 執行額, 「29年度\n要求」 headings, 「当初\n予算」
    labels and a note with numbers under the grid: the budget facts stay exactly the generator's."""
    f, truth = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 0)
    f["layout"].update(budget_subtotal="小　計", budget_blank_row=True, year_wrap=True, budget_note="（注）執行額には繰越額1,234百万円を含まない。",
                       labels={**f["layout"]["labels"], "当初予算": "当初\n予算", "補正予算": "補正\n予算"})
    path = tmp_path / "sub.xlsx"
    workbook_for(f).save(path)
    facts = sheet_corpus.facts_of(extract_sheet(path).records)
    assert facts["budget"] == truth["budget"]


@pytest.mark.slow
def test_sheet_printed_in_thousand_yen(tmp_path: Path) -> None:
    """「予算額・執行額（単位:千円）」, 「支出額（千円）」: amounts are thousands of yen, not millions."""
    i = next(i for i in range(200) if "千円" in sheet_corpus.draw(sheet_corpus.CORPUS_SEED, i)[0]["detail_title"])
    f, truth = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, i)
    path = tmp_path / "kilo.xlsx"
    workbook_for(f).save(path)
    facts = sheet_corpus.facts_of(extract_sheet(path).records)
    scores = sheet_corpus.score([(truth, facts)])
    assert all(s["recall"] == s["precision"] == 1.0 for s in scores.values()), scores
    payment = next(r for r in extract_sheet(path).records if isinstance(r, Payment))
    assert payment.amount is not None and payment.amount.unit == "千円" and payment.amount.yen % 1000 == 0


@pytest.mark.slow
def test_missing_list_says_which_label_and_where(tmp_path: Path) -> None:
    f, _ = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 0)
    f["layout"]["labels"]["支　出　先"] = "相手方"  # the column heading the list is found by is gone
    path = tmp_path / "nolist.xlsx"
    workbook_for(f).save(path)
    text, problems = extract_command(path, "json", tmp_path / "debug")
    missing = [p for p in problems if p.code == "missing-field"]
    assert len(missing) == 1 and "「支出先」 column heading" in missing[0].message
    assert missing[0].location.part == "sheet:様式" and missing[0].location.field == "支出先上位１０者リスト"
    report = json.loads((tmp_path / "debug" / "nolist.fields.json").read_text(encoding="utf-8"))
    assert [p["code"] for p in report["problems"]].count("missing-field") == 1


# -- the varied corpus --------------------------------------------------------------------------

def _check(scores: dict[str, dict[str, float]], what: str) -> None:
    low = {kind: s for kind, s in scores.items() if s["recall"] < THRESHOLD or s["precision"] < THRESHOLD}
    assert not low, f"{what}: below {THRESHOLD:.0%}: {low}"


@pytest.fixture(scope="module")
def corpus_xlsx(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The 200 sheets drawn from the fixed seed, as xlsx with their truth (generated once for both corpus tests)."""
    from make_sheet_fixtures import write_corpus

    return write_corpus(tmp_path_factory.mktemp("corpus"), sheet_corpus.CORPUS_SEED, CORPUS_SIZE, make_pdf=False)


#: Worker processes for extraction (CI has 2 cores).
WORKERS = min(2, os.cpu_count() or 1)


@pytest.mark.slow
def test_generated_xlsx_corpus_recall_and_precision(corpus_xlsx: list[Path]) -> None:
    """200 sheets (generated in about 40 s, read in about 20 s on 2 cores)."""
    started = time.perf_counter()
    scores, misses = sheet_corpus.evaluate(corpus_xlsx, WORKERS)
    _check(scores, f"xlsx corpus ({time.perf_counter() - started:.0f} s); first misses {misses[:10]}")


@pytest.mark.slow
def test_committed_pdf_sample_recall_and_precision() -> None:
    """The PDF printouts (LibreOffice, not needed here) of part of the corpus, committed with their truth."""
    paths = sorted(SAMPLE.glob("*.pdf"))
    assert len(paths) >= 11
    scores, misses = sheet_corpus.evaluate(paths)
    _check(scores, f"PDF sample; first misses {misses[:10]}")


@pytest.mark.slow
def test_generated_pdf_corpus_recall_and_precision(corpus_xlsx: list[Path]) -> None:
    """Where LibreOffice is installed, the same 200 sheets printed to PDF (one soffice run, about 70 s) and read (about 60 s)."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the committed PDF sample is checked instead")
    started = time.perf_counter()
    folder = corpus_xlsx[0].parent
    subprocess.run([office, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, corpus_xlsx)], check=True, capture_output=True, timeout=900)
    scores, misses = sheet_corpus.evaluate([p.with_suffix(".pdf") for p in corpus_xlsx], WORKERS)
    _check(scores, f"PDF corpus ({time.perf_counter() - started:.0f} s); first misses {misses[:10]}")


def test_report_names_the_new_fallbacks() -> None:
    """The extraction report says where the unruled budget grid's columns came from the values' positions, and
    which 法令番号 were printed before their titles (a sample sheet that has both)."""
    path = SAMPLE / "corpus-19-035.pdf"
    f, _ = sheet_corpus.draw(19, 35)
    assert f.get("borders") is False and f["layout"]["budget_values"] == "last"
    fallbacks = extract_sheet(path).report["fallbacks"]
    assert any(x.startswith("予算額・執行額: no ruling lines; year columns placed where their values line up") for x in fallbacks)
    assert "根拠法令: 「昭和27年法律第229号」 printed before 「農地法」 read as its 法令番号" in fallbacks


def test_committed_sample_truth_is_the_generator_s() -> None:
    """The sample's truth files are what the generator draws from the committed seed (nothing edited by hand)."""
    truths = sorted(SAMPLE.glob("*.truth.json"))
    assert truths
    for path in truths:
        seed, index = path.name.split(".")[0].split("-")[1:]
        _, truth = sheet_corpus.draw(int(seed), int(index))
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(truth)), path.name


def test_generator_is_deterministic() -> None:
    a = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 7)
    b = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 7)
    assert a == b and unicodedata.is_normalized("NFC", json.dumps(a[1], ensure_ascii=False))


@pytest.mark.slow
def test_build_summary_has_an_extraction_report_per_sheet_file(tmp_path: Path) -> None:
    """Fields found, missing (by the label looked for) and read with a fallback, per file, in build-summary.json."""
    import rs2rdf

    folder = tmp_path / "in"
    folder.mkdir()
    f, _ = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 0)
    f["layout"].update(number_cells=["新27", "-", "0001"], title_form="split", ministry_printed="総務省", open="（", close="）")
    workbook_for(f).save(folder / "a.xlsx")
    f["layout"]["labels"]["支　出　先"] = "相手方"
    workbook_for(f).save(folder / "b.xlsx")
    result = rs2rdf.build(folder, out=tmp_path / "site", validate=False, site=False)
    written = json.loads((tmp_path / "site" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    a, b = written["sheet_files"]["a.xlsx"], written["sheet_files"]["b.xlsx"]
    assert a["fields_found"] == a["fields"] and a["missing"] == [] and a["not_found"] == []
    assert any(x.startswith("事業番号: 「新27-0001」 joined") for x in a["fallbacks"])
    assert any(x.startswith("府省庁: 「総務省」") for x in a["fallbacks"])
    assert b["missing"] == ["支出先上位１０者リスト"] and b["not_found"] == ["payees"]
    assert result.summary["sheet_files"] == written["sheet_files"]


@pytest.mark.slow
def test_cli_build_summary_has_the_extraction_report(tmp_path: Path) -> None:
    """`rs2rdf build --summary-json` prints the same per-file report: a sheet whose 根拠法令 has a law number before
    its title and whose list has a 小計 row is read whole; one without its 支出先 column heading names the missing list."""
    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    folder = tmp_path / "in"
    folder.mkdir()
    f, _ = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 1)
    f["layout"].update(payee_subtotal="小計", rank_form="none")
    workbook_for(f).save(folder / "good.xlsx")
    f["layout"]["labels"]["支　出　先"] = "相手方"
    workbook_for(f).save(folder / "nolist.xlsx")
    res = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "site"), "--no-site", "--no-validate", "--summary-json"])
    assert res.exit_code in (0, 1), res.output
    report = json.loads(res.stdout)["sheet_files"]
    assert report["good.xlsx"]["missing"] == [] and report["good.xlsx"]["fields_found"] == report["good.xlsx"]["fields"]
    assert report["nolist.xlsx"]["missing"] == ["支出先上位１０者リスト"] and "payees" in report["nolist.xlsx"]["not_found"]
    assert report == json.loads((tmp_path / "site" / "data" / "build-summary.json").read_text(encoding="utf-8"))["sheet_files"]
