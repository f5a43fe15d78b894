"""和暦 and fiscal years (FORMATS §2.2, gotcha #34)."""

from __future__ import annotations


import pytest
from hypothesis import given
from hypothesis import strategies as st

from rs2rdf.sources.normalize.eras import (
    ERA_START,
    YearValue,
    fiscal_year_label_ja,
    parse_year,
    review_year_from_title,
    wareki_to_year,
)


def test_era_table() -> None:
    assert ERA_START == {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}


@pytest.mark.parametrize(
    ("era", "n", "year"),
    [("昭和", 62, 1987), ("平成", 1, 1989), ("平成", 31, 2019), ("令和", 1, 2019), ("平成", 32, 2020), ("明治", 40, 1907), ("H", 29, 2017)],
)
def test_wareki_to_year(era: str, n: int, year: int) -> None:
    assert wareki_to_year(era, n) == year


def test_wareki_to_year_rejects() -> None:
    with pytest.raises(ValueError):
        wareki_to_year("令和", 0)
    with pytest.raises(ValueError):
        wareki_to_year("令和", 90)  # 2108
    with pytest.raises(ValueError):
        wareki_to_year("天平", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成２７年度", YearValue(2015, printed="平成２７年度")),
        ("平成27年度開始", YearValue(2015, printed="平成27年度開始")),
        ("昭和62年度開始", YearValue(1987, printed="昭和62年度開始")),
        ("令和元年度", YearValue(2019, printed="令和元年度")),
        ("平成32年度", YearValue(2020, printed="平成32年度")),
        ("平成二十九年度", YearValue(2017, printed="平成二十九年度")),
        ("昭和元年度以前", YearValue(1926, open_start=True, printed="昭和元年度以前")),
        ("終了予定なし", YearValue(None, open_end=True, printed="終了予定なし")),
        ("不明", YearValue(None, unknown=True, printed="不明")),
        ("2015年度", YearValue(2015, printed="2015年度")),
        ("2015", YearValue(2015, printed="2015")),
        ("２０１５", YearValue(2015, printed="２０１５")),
        (" 平成 28 年度 ", YearValue(2016, printed="平成 28 年度")),
        ("-", YearValue(None, printed="-")),
        ("- 年度", YearValue(None, printed="- 年度")),
        ("", YearValue(None)),
        (None, YearValue(None)),
    ],
)
def test_parse_year(text: str | None, expected: YearValue) -> None:
    assert parse_year(text) == expected


def test_era_less_years_need_a_default_era() -> None:
    assert parse_year("29年度", default_era="平成").year == 2017
    assert parse_year("32年度", default_era="平成").year == 2020
    assert parse_year("元年度", default_era="令和").year == 2019
    with pytest.raises(ValueError):
        parse_year("29年度")


@pytest.mark.parametrize("text", ["1867", "2101年度", "令和90年度", "未定義の文字列", "平成年度"])
def test_parse_year_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_year(text)


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("平成２９年度行政事業レビューシート", 2017),
        ("令和元年度 行政事業レビューシート", 2019),
        ("2023年度行政事業レビューシート", 2023),
        ("行政事業レビューシート", None),
        (None, None),
    ],
)
def test_review_year_from_title(title: str | None, year: int | None) -> None:
    assert review_year_from_title(title) == year


@pytest.mark.parametrize(
    ("year", "label"),
    [(2023, "令和5年度"), (2019, "令和元年度"), (2018, "平成30年度"), (1989, "平成元年度"), (1988, "昭和63年度"), (1926, "昭和元年度")],
)
def test_fiscal_year_label(year: int, label: str) -> None:
    assert fiscal_year_label_ja(year) == label


@given(st.integers(1926, 2100))
def test_label_round_trip(year: int) -> None:
    assert parse_year(fiscal_year_label_ja(year)).year == year


@given(st.sampled_from(sorted(ERA_START)), st.integers(1, 40), st.booleans())
def test_full_width_digits_parse_like_ascii(era: str, n: int, full_width: bool) -> None:
    year = ERA_START[era] + n - 1
    digits = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")) if full_width else str(n)
    assert parse_year(f"{era}{digits}年度").year == year
