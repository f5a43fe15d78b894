"""Number formats of the 主要事項データベース, as properties: 落札率 and 百万円 amounts in every printed form.

A rate reaches the records in percent whether the workbook stores the fraction of a percent-formatted
cell (0.95, written by Excel as a float), or prints 95, 95%, 95.0％ or full-width digits. An amount in
百万円 becomes exact yen whether stored as a number or printed with thousands commas, full-width digits,
▲/△ negatives or a 百万円 suffix; every empty marker is None, never 0.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.core.errors import Problem
from rs2rdf.sources.database.headers import Column
from rs2rdf.sources.database.rows import EMPTY_WORDS, RowReader, parse_rate
from rs2rdf.sources.database.xlsxstream import _number_text

_FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
#: Percent values with up to two decimals above 1 % (a bare value of at most 1 is a fraction: see parse_rate).
percents = st.integers(min_value=101, max_value=12_000).map(lambda n: Decimal(n) / 100)
#: 百万円 amounts with up to one decimal, as printed on the sheets (▲ negatives occur for 翌年度へ繰越し).
millions = st.integers(min_value=-10**9, max_value=10**9).map(lambda n: Decimal(n) / 10)


def _reader() -> tuple[RowReader, list[Problem]]:
    problems: list[Problem] = []
    return RowReader("book.xlsx", "主要事項", 7, problems), problems


_COLUMN = Column(1, "支出先上位１０者リスト-A.支払先-1-落札率", "payee", "rate")


@settings(max_examples=300, deadline=None)
@given(percents, st.sampled_from(["{}", "{}%", "{}％", " {} ％", "full{}", "full{}%"]))
def test_printed_rates_are_percent(percent: Decimal, form: str) -> None:
    text = str(percent)
    printed = form.replace("full", "").format(text.translate(_FULL) if form.startswith("full") else text)
    assert parse_rate(printed) == percent


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10_000).map(lambda n: Decimal(n) / 100))
def test_a_fraction_stored_by_a_percent_cell_is_read_in_percent(percent: Decimal) -> None:
    stored = repr(float(percent / 100))  # what Excel writes in <v> for a 0% / 0.0% formatted cell
    reader, problems = _reader()
    assert reader.rate((_COLUMN, _number_text(stored))) == percent and not problems


@settings(max_examples=300, deadline=None)
@given(millions, st.sampled_from(["plain", "comma", "full", "full-comma", "suffix"]), st.sampled_from(["▲", "▲ ", "△", "-"]))
def test_amounts_in_every_printed_form_are_exact_yen(value: Decimal, form: str, minus: str) -> None:
    magnitude = abs(value)
    text = {"plain": f"{magnitude}", "comma": f"{magnitude:,}", "full": f"{magnitude}".translate(_FULL),
            "full-comma": f"{magnitude:,}".translate(_FULL), "suffix": f"{magnitude:,}百万円"}[form]
    printed = (minus + text) if value < 0 else text
    reader, problems = _reader()
    money = reader.money((Column(2, "予算額・執行額（単位:百万円）-2022年度-執行額", "budget", "executed"), printed))
    assert money is not None and not problems
    assert money.yen == int(value * 1_000_000) and money.unit == "百万円"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted({"-", "－", "ー", "‐", "―", " - ", "　－　"} | EMPTY_WORDS)))
def test_empty_markers_are_none_never_zero(marker: str) -> None:
    reader, problems = _reader()
    column = Column(3, "x", "payee", "amount")
    assert reader.money((column, marker)) is None and reader.rate((column, marker)) is None and reader.count((column, marker)) is None
    assert not problems


def test_what_is_not_a_number_is_a_located_problem() -> None:
    reader, problems = _reader()
    assert reader.rate((_COLUMN, "約95")) is None and reader.money((_COLUMN, "#DIV/0!")) is None
    assert [(p.code, p.location.row, p.location.field, p.value) for p in problems] == [
        ("unparseable-number", 7, _COLUMN.header, "約95"), ("excel-error", 7, _COLUMN.header, "#DIV/0!")]
