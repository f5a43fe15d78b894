"""The bundled ministry table and name resolution (FORMATS §1.3, §4.4, gotcha #24)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rs2rdf.sources.normalize.ids import corporate_category, is_valid_corporate_number
from rs2rdf.sources.normalize.ministries import DEFAULT_PATH, Ministry, MinistryTable
from rs2rdf.sources.normalize.projectnumbers import MINISTRY_ABBREVIATIONS


FORMATS_FUKUSHOCHO = [
    "内閣官房", "内閣府", "公正取引委員会", "警察庁", "個人情報保護委員会", "カジノ管理委員会", "金融庁", "消費者庁",
    "こども家庭庁", "デジタル庁", "復興庁", "総務省", "消防庁", "公害等調整委員会", "法務省", "公安調査庁", "外務省",
    "財務省", "国税庁", "文部科学省", "文化庁", "スポーツ庁", "厚生労働省", "中央労働委員会", "農林水産省", "林野庁",
    "水産庁", "経済産業省", "特許庁", "国土交通省", "国土交通省\u3000気象庁", "国土交通省\u3000海上保安庁",
    "国土交通省\u3000観光庁", "国土交通省\u3000運輸安全委員会", "環境省", "原子力規制委員会", "防衛省",
]


@pytest.fixture(scope="module")
def table() -> MinistryTable:
    return MinistryTable.load()


def test_csv_is_utf8_lf_with_the_agreed_columns() -> None:
    data = DEFAULT_PATH.read_bytes()
    assert b"\r" not in data
    header = data.decode("utf-8").split("\n", 1)[0]
    assert header == "corporate_number,name_ja,name_en,parent_corporate_number,abbreviation,kenseijun,wikidata,aliases"


def test_formats_list_resolves(table: MinistryTable) -> None:
    assert len(FORMATS_FUKUSHOCHO) == 37
    for name in FORMATS_FUKUSHOCHO:
        ministry = table.resolve(name)
        assert ministry is not None, name
        assert ministry.name_ja == name.split("\u3000")[-1]


def test_every_rs2024_name_resolves_with_its_kenseijun(table: MinistryTable, shared_data: Path) -> None:
    """Over the complete 建制順 table of RS 2024 1-1 (../shared/data/reference/rs2024_ministries_kenseijun.csv)."""
    with open(shared_data / "reference" / "rs2024_ministries_kenseijun.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 37
    for row in rows:
        policy = table.resolve(row["所管府省庁"])
        unit = table.resolve(row["府省庁"])
        assert policy is not None and unit is not None, row
        assert policy.kenseijun == int(row["建制順"])
        assert unit.kenseijun == int(row["建制順"])
        assert unit is policy or table.parent_of(unit) is policy, row


def test_numbers_are_valid_national_organs_and_unique(table: MinistryTable) -> None:
    numbers = [m.corporate_number for m in table.all() if m.corporate_number]
    assert len(numbers) == len(set(numbers)) >= 20
    for number in numbers:
        assert is_valid_corporate_number(number), number
        assert corporate_category(number) == "national-organ", number
    for ministry in table.all():
        if ministry.parent:
            assert is_valid_corporate_number(ministry.parent)
            assert table.by_corporate_number(ministry.parent) is not None, ministry.name_ja


def test_known_numbers(table: MinistryTable) -> None:
    expected = {
        "総務省": "2000012020001", "厚生労働省": "6000012070001", "国土交通省": "2000012100001", "外務省": "9000012040001",
        "デジタル庁": "8000012010038", "気象庁": "8000012100004", "観光庁": "9000012100003", "法務省": "1000012030001",
        "警察庁": "8000012130001", "文化庁": "6000012060002",
    }
    for name, number in expected.items():
        ministry = table.resolve(name)
        assert ministry is not None and ministry.corporate_number == number


def test_kishocho_under_mlit(table: MinistryTable) -> None:
    kishocho = table.resolve("国土交通省\u3000気象庁")
    assert kishocho is not None
    assert (kishocho.name_ja, kishocho.corporate_number, kishocho.parent) == ("気象庁", "8000012100004", "2000012100001")
    parent = table.parent_of(kishocho)
    assert parent is not None and parent.name_ja == "国土交通省"
    assert table.resolve("国土交通省 気象庁") is kishocho
    assert table.resolve("気象庁") is kishocho


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("経産", "経済産業省"),
        ("総務", "総務省"),
        ("国交", "国土交通省"),
        ("府", "内閣府"),
        ("官房", "内閣官房"),
        ("2023-総務省-22-0100", "総務省"),
        ("2023-経産-22-0001", "経済産業省"),
        ("2023警察220059", "警察庁"),
        ("2023-こども-新23-0001", "こども家庭庁"),
        ("国土交通省航空局", "国土交通省"),
        ("ｶｼﾞﾉ管理委員会", "カジノ管理委員会"),
        (" 防衛省 ", "防衛省"),
        ("原子力規制庁", "原子力規制委員会"),
    ],
)
def test_spellings_resolve(table: MinistryTable, name: str, expected: str) -> None:
    ministry = table.resolve(name)
    assert ministry is not None and ministry.name_ja == expected


@pytest.mark.parametrize("name", ["", None, "株式会社ＩＡＣＥトラベル", "東京都", "府中市"])
def test_non_ministries_do_not_resolve(table: MinistryTable, name: str | None) -> None:
    assert table.resolve(name) is None


def test_every_abbreviation_and_alias_resolves(table: MinistryTable) -> None:
    for abbreviation, name in MINISTRY_ABBREVIATIONS.items():
        ministry = table.resolve(abbreviation)
        assert ministry is not None and ministry.name_ja == name
        assert ministry.abbreviation == abbreviation
    for ministry in table.all():
        for alias in ministry.aliases:
            assert table.resolve(alias) is ministry


def test_outer_agencies_have_parents(table: MinistryTable) -> None:
    parents = {m.name_ja: table.parent_of(m) for m in table.all()}
    for name in ["公正取引委員会", "警察庁", "個人情報保護委員会", "カジノ管理委員会", "金融庁", "消費者庁", "こども家庭庁"]:
        assert parents[name] is not None and parents[name].name_ja == "内閣府", name
    assert parents["消防庁"].name_ja == "総務省"  # type: ignore[union-attr]
    assert parents["国税庁"].name_ja == "財務省"  # type: ignore[union-attr]
    assert parents["デジタル庁"] is None


def test_key_and_order(table: MinistryTable) -> None:
    soumu = table.resolve("総務省")
    assert soumu is not None and soumu.key == "2000012020001"
    kanbo = table.resolve("内閣官房")
    assert kanbo is not None and kanbo.key == "3000012010001"
    jftc = table.resolve("公正取引委員会")  # no number in the table yet: keyed by its name
    assert jftc is not None and jftc.corporate_number is None
    assert jftc.key.startswith("name-") and len(jftc.key) == 15
    assert Ministry(None, "公正取引委員会", "x").key == jftc.key
    assert Ministry(None, "内閣官房", "x").key != Ministry(None, "内閣府", "x").key
    ordered = table.all()
    assert ordered[0].name_ja == "内閣官房"
    assert ordered == table.all()
    assert [m.kenseijun for m in ordered if m.kenseijun] == sorted(m.kenseijun for m in ordered if m.kenseijun)


def test_wikidata_cells_are_qids_or_blank(table: MinistryTable) -> None:
    for ministry in table.all():
        assert ministry.wikidata is None or (ministry.wikidata.startswith("Q") and ministry.wikidata[1:].isdigit())


def test_table_rejects_conflicting_names(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "corporate_number,name_ja,name_en,parent_corporate_number,abbreviation,kenseijun,wikidata,aliases\n"
        ",甲省,A,,甲,1,,\n,乙省,B,,甲,2,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError):
        MinistryTable.load(path)
