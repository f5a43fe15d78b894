"""法人番号 and 法令ID (FORMATS §5, §6)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rs2rdf.sources.normalize.ids import (
    LAW_ID_RE,
    corporate_category,
    corporate_check_digit,
    corporate_number_for_local_government,
    is_valid_corporate_number,
    law_type,
    local_government_check_digit,
    local_government_code,
    normalize_corporate_number,
    parse_law_id,
    registration_number,
)


WEIGHTS_FROM_LEFT = [2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]  # P12 … P1 of the NTA spec


def reference_check_digit(base12: str) -> int:
    """Independent implementation: explicit weights read left to right, remainder table."""
    total = 0
    for digit, weight in zip(base12, WEIGHTS_FROM_LEFT):
        total += int(digit) * weight
    remainder = total - (total // 9) * 9
    return {0: 9, 1: 8, 2: 7, 3: 6, 4: 5, 5: 4, 6: 3, 7: 2, 8: 1}[remainder]


def test_worked_example_nec() -> None:
    assert corporate_check_digit("010401022916") == 7
    assert is_valid_corporate_number("7010401022916")
    assert corporate_category("7010401022916") == "registered"
    assert registration_number("7010401022916") == "010401022916"


def test_mofa_edge_case_sum_divisible_by_nine() -> None:
    assert corporate_check_digit("000012040001") == 9
    assert is_valid_corporate_number("9000012040001")
    assert corporate_category("9000012040001") == "national-organ"
    assert registration_number("9000012040001") is None


@pytest.mark.parametrize(
    ("code", "number", "code6"),
    [
        ("28100", "9000020281000", "281000"),  # 神戸市: remainder 1 → check digit 0
        ("281000", "9000020281000", "281000"),
        ("11000", "1000020110001", "110001"),  # 埼玉県: remainder 0 → check digit 1
        ("02208", "1000020022080", "022080"),  # むつ市: leading zero
        ("13000", "8000020130001", "130001"),  # 東京都
        ("２８２１９", "8000020282197", "282197"),  # 三田市, full-width
    ],
)
def test_local_government_derivation(code: str, number: str, code6: str) -> None:
    assert corporate_number_for_local_government(code) == number
    assert local_government_code(number) == code6
    assert corporate_category(number) == "local-government"
    assert is_valid_corporate_number(number)


def test_local_government_check_digit_remainders() -> None:
    assert local_government_check_digit("28100") == 0
    assert local_government_check_digit("11000") == 1
    with pytest.raises(ValueError):
        corporate_number_for_local_government("281001")  # wrong check digit
    with pytest.raises(ValueError):
        corporate_number_for_local_government("2810")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7010001128717 ", "7010001128717"),
        ("７０１０４０１０２２９１６", "7010401022916"),
        ("7-0104-0102-2916", "7010401022916"),
        ("", None),
        ("\u3000", None),
        (None, None),
    ],
)
def test_normalize_corporate_number(raw: str | None, expected: str | None) -> None:
    assert normalize_corporate_number(raw) == expected


@pytest.mark.parametrize("raw", ["701040102291", "70104010229160", "70104010229A6", "個人Ａ"])
def test_normalize_corporate_number_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        normalize_corporate_number(raw)


@pytest.mark.parametrize(
    ("number", "category"),
    [
        ("1700150012112", "unregistered"),
        ("6000012140010", "national-organ"),
        ("7010000500687", "unknown"),  # 組織区分 00 is impossible
        ("123", "unknown"),
        ("8000012100004", "national-organ"),
    ],
)
def test_categories(number: str, category: str) -> None:
    assert corporate_category(number) == category


def test_invalid_numbers_from_formats() -> None:
    for number, right in [("1180001089788", 4), ("7010000500687", 5), ("9010000101892", 3), ("9013301049995", 7)]:
        assert not is_valid_corporate_number(number)
        assert corporate_check_digit(number[1:]) == right
    assert not is_valid_corporate_number("70104010229１6")


def test_all_rs2024_numbers_agree_with_the_reference_file(shared_data: Path) -> None:
    """Over all 5,698 法人番号 of RS 2024 5-3/5-4 (../shared/data/reference/rs2024_corporate_numbers.csv)."""
    with open(shared_data / "reference" / "rs2024_corporate_numbers.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5698
    flags = [row["チェックデジット整合"] == "TRUE" for row in rows]
    assert sum(flags) == 5694
    local = 0
    for row, flag in zip(rows, flags):
        number = row["法人番号"]
        assert is_valid_corporate_number(number) == flag, number
        if corporate_category(number) == "local-government":
            local += 1
            code6 = local_government_code(number)
            assert code6 is not None
            assert corporate_number_for_local_government(code6[:5]) == number
            assert corporate_number_for_local_government(code6) == number
    assert local == 334


@given(st.from_regex(r"\A[0-9]{12}\Z"))
def test_built_numbers_validate_and_agree_with_reference(base: str) -> None:
    cd = corporate_check_digit(base)
    assert cd == reference_check_digit(base)
    assert is_valid_corporate_number(f"{cd}{base}")


@given(st.from_regex(r"\A[0-9]{12}\Z"), st.integers(0, 12), st.integers(1, 9))
def test_single_digit_change_fails(base: str, position: int, delta: int) -> None:
    number = f"{corporate_check_digit(base)}{base}"
    old_digit = int(number[position])
    new_digit = (old_digit + delta) % 10
    changed = number[:position] + str(new_digit) + number[position + 1 :]
    if position > 0 and {old_digit, new_digit} == {0, 9}:
        # A mod-9 check digit cannot see 0 <-> 9 in the base (weights 1 and 2 both give 0 mod 9).
        assert is_valid_corporate_number(changed)
    else:
        assert not is_valid_corporate_number(changed)


@given(st.from_regex(r"\A[0-9]{5}\Z"))
def test_local_government_round_trip(code5: str) -> None:
    number = corporate_number_for_local_government(code5)
    assert is_valid_corporate_number(number)
    code6 = local_government_code(number)
    assert code6 is not None and code6[:5] == code5
    assert corporate_number_for_local_government(code6) == number


@pytest.mark.parametrize(
    ("raw", "law_id", "kind"),
    [
        ("419AC0000000023", "419AC0000000023", "valid"),
        ("321CONSTITUTION", "321CONSTITUTION", "valid"),
        ("413M60001FC2001", "413M60001FC2001", "valid"),
        ("504RJNJ09148000", "504RJNJ09148000", "valid"),
        ("４１９ＡＣ００００００００２３ ", "419AC0000000023", "valid"),
        ("414AC0000000094_20250601_504AC0000000068", "414AC0000000094", "revision"),
        ("321CONSTITUTION_19470503_000000000000000", "321CONSTITUTION", "revision"),
        ("平成二十五年法律第七十号", None, "law-number"),
        ("平成13年法律第148号", None, "law-number"),
        ("IDなし", None, "placeholder"),
        ("★", None, "placeholder"),
        ("426AC0000426AC0000000048000048", None, "corrupt"),
        ("", None, "empty"),
        (None, None, "empty"),
    ],
)
def test_parse_law_id(raw: str | None, law_id: str | None, kind: str) -> None:
    parsed = parse_law_id(raw)
    assert (parsed.law_id, parsed.kind, parsed.raw) == (law_id, kind, raw)


@pytest.mark.parametrize(
    ("law_id", "en", "ja"),
    [
        ("321CONSTITUTION", "Constitution", "憲法"),
        ("419AC0000000023", "Act", "法律"),
        ("419CO0000000124", "CabinetOrder", "政令"),
        ("215IO0000000243", "ImperialOrder", "勅令"),
        ("412M50000100015", "MinisterialOrdinance", "府省令"),
        ("504RJNJ09148000", "Rule", "規則"),
    ],
)
def test_law_type(law_id: str, en: str, ja: str) -> None:
    assert LAW_ID_RE.match(law_id)
    assert law_type(law_id) == en


def test_law_type_rejects_non_ids() -> None:
    with pytest.raises(ValueError):
        law_type("IDなし")
