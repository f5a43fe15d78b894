"""Fiscal-year labels of a database header: era inheritance (property) and label parsing."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.sources.database.headers import classify, flatten
from rs2rdf.sources.database.years import parse_label, resolve_years
from tools.make_database_fixture import label_sequence


@settings(max_examples=120, deadline=None)
@given(st.integers(2008, 2026), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_consecutive_years_read_back_whatever_the_label_forms(start: int, length: int, seed: int) -> None:
    years = list(range(start, start + length))
    labels = label_sequence(years, random.Random(seed), frozenset({years[-1]}))
    assert resolve_years([parse_label(x) for x in labels]) == years, labels


def test_the_documented_mix_in_one_header() -> None:
    labels = ["平成29年度", "30年度", "令和元年度", "2年度", "2022年度", "5年度", "6年度要求"]
    assert resolve_years([parse_label(x) for x in labels]) == [2017, 2018, 2019, 2020, 2022, 2023, 2024]


def test_era_change_without_the_era_and_the_old_era_kept() -> None:
    assert resolve_years([parse_label(x) for x in ["平成30年度", "元年度", "2年度"]]) == [2018, 2019, 2020]
    assert resolve_years([parse_label(x) for x in ["平成30年度", "31年度", "32年度"]]) == [2018, 2019, 2020]


def test_a_family_without_any_era_takes_the_default() -> None:
    assert resolve_years([parse_label(x) for x in ["29年度", "30年度"]], "平成") == [2017, 2018]
    assert resolve_years([parse_label(x) for x in ["2年度", "3年度"]], "令和") == [2020, 2021]


def test_full_width_and_request_labels() -> None:
    label = parse_label("平成２９年度要求")
    assert label is not None and label.request and label.n == 29
    assert parse_label("予算の状況") is None and parse_label("年度") is None


def test_merged_header_rows_flatten_as_the_converters_do() -> None:
    levels = [
        {1: "府省庁", 2: "予算額・執行額（単位:百万円）"},
        {2: "平成29年度"},
        {2: "予算の状況", 4: "執行額"},
        {2: "当初予算", 3: "計"},
    ]
    merges = [(1, 1, 4, 1), (1, 2, 1, 4), (2, 2, 2, 4), (3, 2, 3, 3), (3, 4, 4, 4)]
    names = flatten(levels, merges, 1)
    assert names == {1: "府省庁", 2: "予算額・執行額（単位:百万円）-平成29年度-予算の状況-当初予算",
                     3: "予算額・執行額（単位:百万円）-平成29年度-予算の状況-計", 4: "予算額・執行額（単位:百万円）-平成29年度-執行額"}
    # the same header with its merges lost: blanks filled from the left only under the same parents
    assert flatten(levels, [], 1) == names
    kinds = [(c.family, c.field) for c in classify(names)]
    assert kinds == [("simple", "ministry"), ("budget", "initial"), ("budget", "current"), ("budget", "executed")]


def test_header_levels_that_repeat_the_label_instead_of_merging(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Some writers put a vertically merged label in every header row: still one header of three rows."""
    import random

    from rs2rdf.sources.database import read_database
    from tools.make_database_fixture import write_workbook

    header = [{1: "府省庁", 2: "事業名", 3: "事業番号", 4: "予算額・執行額（単位:百万円）", 5: "予算額・執行額（単位:百万円）"},
              {1: "府省庁", 2: "事業名", 3: "事業番号", 4: "平成30年度", 5: "元年度要求"},
              {1: "府省庁", 2: "事業名", 3: "事業番号", 4: "執行額", 5: "計"}]
    data = [{1: "総務省", 2: "ある事業", 3: "0051", 4: 12, 5: "1,234"}]
    path = tmp_path / "x.xlsx"
    write_workbook(path, header, [], data, random.Random(1))
    ex = read_database(path)
    assert ex.header_rows == 3 and ex.review_year == 2018
    budget = [rec for rec in ex.records if type(rec).__name__ == "BudgetSummary"]
    assert [(b.budget_year, b.executed.yen, b.next_request.yen) for b in budget] == [(2018, 12_000_000, 1_234_000_000)]
