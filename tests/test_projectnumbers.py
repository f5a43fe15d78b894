"""Pre-RS 事業番号 and RS 旧事業番号 (FORMATS §4.1, §4.3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rs2rdf.sources.normalize.projectnumbers import (
    MINISTRY_ABBREVIATIONS,
    OldProjectNumber,
    canonical_old_number,
    normalize_project_number,
    parse_old_project_numbers,
)


def test_abbreviations_cover_formats_list() -> None:
    listed = "官房 府 公取 警察 個情 カジノ 金融 消費 こども デジ 復興 総務 法務 外務 財務 文科 厚労 農水 経産 国交 環境 原規 防衛".split()
    assert sorted(MINISTRY_ABBREVIATIONS) == sorted(listed)
    assert MINISTRY_ABBREVIATIONS["官房"] == "内閣官房"
    assert MINISTRY_ABBREVIATIONS["府"] == "内閣府"
    assert MINISTRY_ABBREVIATIONS["デジ"] == "デジタル庁"
    assert MINISTRY_ABBREVIATIONS["原規"] == "原子力規制委員会"


@pytest.mark.parametrize(
    ("printed", "normalized"),
    [
        ("0051", "0051"),
        ("新27-0001", "新27-0001"),
        ("新２７－０００１", "新27-0001"),
        ("0036ー1", "0036-1"),
        ("2023-経産-22-0001", "2023-経産-22-0001"),
        ("2023 - 文科 - 22 - 0130", "2023-文科-22-0130"),
        ("2023ｰこども‐新23―0001", "2023-こども-新23-0001"),
        ("2023−環境−22−0150", "2023-環境-22-0150"),
    ],
)
def test_normalize_project_number(printed: str, normalized: str) -> None:
    assert normalize_project_number(printed) == normalized


def n(year: int | None, ministry: str | None, new: bool, yy: str | None, serial: str | None, printed: str) -> OldProjectNumber:
    return OldProjectNumber(year, ministry, new, yy, serial, printed)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-デジ-22-0001", [n(2023, "デジタル庁", False, "22", "0001", "2023-デジ-22-0001")]),
        ("2023警察220059", [n(2023, "警察庁", False, "22", "0059", "2023警察220059")]),
        ("2023－復興－22－0058", [n(2023, "復興庁", False, "22", "0058", "2023－復興－22－0058")]),
        ("2023ｰ経産ｰ22ｰ0252", [n(2023, "経済産業省", False, "22", "0252", "2023ｰ経産ｰ22ｰ0252")]),
        ("2023 - 文科 - 22 - 0130", [n(2023, "文部科学省", False, "22", "0130", "2023 - 文科 - 22 - 0130")]),
        ("2023-総務省-22-0100", [n(2023, "総務省", False, "22", "0100", "2023-総務省-22-0100")]),
        ("2023-経産-新23--0068", [n(2023, "経済産業省", True, "23", "0068", "2023-経産-新23--0068")]),
        ("2021-官房-新21", [n(2021, "内閣官房", True, "21", None, "2021-官房-新21")]),
        ("2023国交22017200", [n(2023, "国土交通省", False, "22", "017200", "2023国交22017200")]),
        ("0333", [n(None, None, False, None, "0333", "0333")]),
        ("1000", [n(None, None, False, None, "1000", "1000")]),
        ("220107", [n(None, None, False, "22", "0107", "220107")]),
        ("0001-04", [n(None, None, False, None, "0001-04", "0001-04")]),
        ("0407,0416", [n(None, None, False, None, "0407", "0407"), n(None, None, False, None, "0416", "0416")]),
        (
            "2023農水22-0204、2022農水21-0206",
            [n(2023, "農林水産省", False, "22", "0204", "2023農水22-0204"), n(2022, "農林水産省", False, "21", "0206", "2022農水21-0206")],
        ),
        (
            "経産新21：0034　経産21：0414　経産22：0436",
            [
                n(None, "経済産業省", True, "21", "0034", "経産新21：0034"),
                n(None, "経済産業省", False, "21", "0414", "経産21：0414"),
                n(None, "経済産業省", False, "22", "0436", "経産22：0436"),
            ],
        ),
        (
            "新02-0026、経産20-0435、経産21-0412",
            [
                n(None, None, True, "02", "0026", "新02-0026"),
                n(None, "経済産業省", False, "20", "0435", "経産20-0435"),
                n(None, "経済産業省", False, "21", "0412", "経産21-0412"),
            ],
        ),
        ("旧事業番号 2023-厚労-22-0328", [n(2023, "厚生労働省", False, "22", "0328", "2023-厚労-22-0328")]),
        ("2023年度：2023-経産-新23-0008", [n(2023, "経済産業省", True, "23", "0008", "2023-経産-新23-0008")]),
        ("令和５年度　2023環境22 0150", [n(2023, "環境省", False, "22", "0150", "2023環境22 0150")]),
        ("--", []),
        ("政策: 15　施策: 21", []),
        ("", []),
        (None, []),
        ("0051", [n(None, None, False, None, "0051", "0051")]),
        ("新29-0012", [n(None, None, True, "29", "0012", "新29-0012")]),
        ("新32-0001", [n(None, None, True, "32", "0001", "新32-0001")]),
        ("0036-1", [n(None, None, False, None, "0036-1", "0036-1")]),
        ("2023-こども-新23-0001", [n(2023, "こども家庭庁", True, "23", "0001", "2023-こども-新23-0001")]),
        ("2023-厚労-新24-0001", [n(2023, "厚生労働省", True, "24", "0001", "2023-厚労-新24-0001")]),
        ("2023-府-22-0001", [n(2023, "内閣府", False, "22", "0001", "2023-府-22-0001")]),
    ],
)
def test_parse_old_project_numbers(raw: str | None, expected: list[OldProjectNumber]) -> None:
    assert parse_old_project_numbers(raw) == expected


def test_canonical_old_number() -> None:
    assert canonical_old_number(parse_old_project_numbers("2023警察220059")[0]) == "2023-警察-22-0059"
    assert canonical_old_number(parse_old_project_numbers("2023-総務省-22-0100")[0]) == "2023-総務-22-0100"
    assert canonical_old_number(parse_old_project_numbers("2023-経産-新23--0068")[0]) == "2023-経産-新23-0068"
    assert canonical_old_number(parse_old_project_numbers("2021-官房-新21")[0]) is None
    assert canonical_old_number(parse_old_project_numbers("経産21：0414")[0]) is None
    assert canonical_old_number(parse_old_project_numbers("0051")[0]) is None


@given(st.text(alphabet="0123456789-ー－ｰ‐―− 　新経産総務府０１２", max_size=30))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_project_number(text)
    assert normalize_project_number(once) == once
    assert " " not in once and "ー" not in once


@given(
    st.integers(2021, 2023),
    st.sampled_from(sorted(MINISTRY_ABBREVIATIONS)),
    st.booleans(),
    st.integers(0, 99),
    st.integers(1, 9999),
)
def test_canonical_round_trip(year: int, abbreviation: str, new: bool, yy: int, serial: int) -> None:
    text = f"{year}-{abbreviation}-{'新' if new else ''}{yy:02d}-{serial:04d}"
    (parsed,) = parse_old_project_numbers(text)
    assert parsed == OldProjectNumber(year, MINISTRY_ABBREVIATIONS[abbreviation], new, f"{yy:02d}", f"{serial:04d}", text)
    assert canonical_old_number(parsed) == text


@given(st.text(max_size=40))
def test_parse_never_raises(text: str) -> None:
    for number in parse_old_project_numbers(text):
        assert number.printed and number.printed in text
