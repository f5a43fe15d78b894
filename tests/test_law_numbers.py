"""Law numbers (法令番号) where the 法令ID belongs (#19): parsed, and linked only when it is certain."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from rs2rdf.sources.normalize.lawnumbers import (
    DERIVED,
    LAW_NUMBER,
    LawNumber,
    LawNumberIndex,
    parse_law_number,
    resolve_law_number,
    shipped_index,
)
from tests.test_citations import int_to_kanji

ERA_DIGIT = {"明治": 1, "大正": 2, "昭和": 3, "平成": 4, "令和": 5}


@pytest.mark.parametrize("text, parsed", [
    ("平成十四年法律第百三号", LawNumber("平成", 14, "法律", 103)),
    ("平成14年法律第103号", LawNumber("平成", 14, "法律", 103)),
    ("平成１４年　法律　第１０３号", LawNumber("平成", 14, "法律", 103)),
    ("令和元年政令第五号", LawNumber("令和", 1, "政令", 5)),
    ("昭和二十二年勅令第二百七号", LawNumber("昭和", 22, "勅令", 207)),
    ("平成三十年厚生労働省令第十九号", LawNumber("平成", 30, "厚生労働省令", 19)),
])
def test_parse_law_number(text: str, parsed: LawNumber) -> None:
    assert parse_law_number(text) == parsed


@pytest.mark.parametrize("text", [None, "", "414AC0000000103", "健康増進法", "法律第百三号", "平成十四年法律", "★"])
def test_not_a_law_number(text: str | None) -> None:
    assert parse_law_number(text) is None


@settings(deadline=None)  # pure functions; a busy shared CI machine must not fail them on time
@given(st.sampled_from(sorted(ERA_DIGIT)), st.integers(1, 64), st.sampled_from(["法律", "政令", "勅令"]), st.integers(1, 999),
       st.booleans())
def test_derived_id_from_any_printing(era: str, year: int, kind: str, number: int, kanji: bool) -> None:
    y = "元" if year == 1 and kanji else (int_to_kanji(year) if kanji else str(year))
    n = int_to_kanji(number) if kanji else str(number)
    parsed = parse_law_number(f"{era}{y}年{kind}第{n}号")
    assert parsed == LawNumber(era, year, kind, number)
    law_id = parsed.derived_id()
    assert law_id == f"{ERA_DIGIT[era]}{year:02d}{dict(法律='AC', 政令='CO', 勅令='IO')[kind]}0000000{number:03d}"
    assert parsed.agrees_with(law_id)
    member = law_id[:5] + "1000000" + law_id[12:]
    assert parsed.agrees_with(member)  # a member-sponsored Act of that number is still that number's law
    assert not parsed.agrees_with(law_id[:12] + f"{(number % 999) + 1:03d}")


@pytest.mark.parametrize("text, number", [
    ("健康増進法（平成十四年法律第百三号）第十条", "平成十四年法律第百三号"),
    ("見本法(平成9年法律第999号)", "平成9年法律第999号"),
    ("総務省設置法第４条", None),
    ("", None),
])
def test_law_number_printed_in_sheet_text(text: str, number: str | None) -> None:
    from rs2rdf.sources.normalize.lawnumbers import law_number_in

    assert law_number_in(text) == number


@pytest.mark.parametrize("text, expected", [
    ("平成十四年法律第百三号　健康増進法", [("健康増進法", "平成十四年法律第百三号", None)]),
    ("平成十四年法律第百三号健康増進法第十条", [("健康増進法", "平成十四年法律第百三号", "10")]),
    ("平成十四年法律第百三号（健康増進法）第十条", [("健康増進法", "平成十四年法律第百三号", "10")]),
    ("健康増進法（平成十四年法律第百三号）第十条", [("健康増進法", "平成十四年法律第百三号", "10")]),
    ("介護保険法第四条、昭和２８年政令第３１号　地方交付税法施行令第24条",
     [("介護保険法", None, "4"), ("地方交付税法施行令", "昭和28年政令第31号", "24")]),
    ("昭和二十二年法律第六十七号 地方自治法第二百三十二条の二\n平成11年法律第18号（中小企業等経営強化法）第2条",
     [("地方自治法", "昭和二十二年法律第六十七号", "232-2"), ("中小企業等経営強化法", "平成11年法律第18号", "2")]),
])
def test_law_number_printed_before_the_title(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    """「平成十四年法律第百三号　健康増進法」 was read as a law titled 「平成十四年法律」 (provision 号 103) and a
    健康増進法 without its number; the number printed before the title belongs to the title after it."""
    from rs2rdf.sources.normalize.citations import parse_citations
    from rs2rdf.sources.normalize.lawnumbers import law_number_in

    got = [(c.title, law_number_in(c.printed), c.provisions[0].article if c.provisions else None) for c in parse_citations(text)]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("地方自治法(昭和二十二年法律第六十七号)第百十八条昭和二十六年法律第四十五号　社会福祉法第百二十条",
     [("地方自治法", "昭和二十二年法律第六十七号", "118"), ("社会福祉法", "昭和二十六年法律第四十五号", "120")]),
    ("昭和27年法律第229号（農地法）第43条総務省設置法第101条", [("農地法", "昭和27年法律第229号", "43"), ("総務省設置法", None, "101")]),
    ("健康増進法第十条同法施行令第2条", [("健康増進法", None, "10"), ("健康増進法施行令", None, "2")]),
    ("健康増進法第十条に規定する法", [("健康増進法", None, "10")]),
    ("社会福祉法第89条第１項、第２項", [("社会福祉法", None, "89")]),
])
def test_laws_glued_after_a_provision(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    """A PDF cell loses the line break after 「第百十八条」 when the line fills the cell: the next law, glued on,
    was dropped (its title read as the end of the provision)."""
    from rs2rdf.sources.normalize.citations import parse_citations
    from rs2rdf.sources.normalize.lawnumbers import law_number_in

    got = [(c.title, law_number_in(c.printed), c.provisions[0].article if c.provisions else None) for c in parse_citations(text)]
    assert got == expected


def test_rows_pairing_a_law_with_an_amending_law_s_number_are_not_indexed() -> None:
    """RS 2024 has 「令和四年法律第六十八号」 next to 414AC0000000094 (the law it amended)."""
    index = LawNumberIndex()
    assert index.add("令和四年法律第六十八号", "414AC0000000094_20250601_504AC0000000068")
    assert index.lookup(parse_law_number("令和四年法律第六十八号")) is None  # type: ignore[arg-type]
    assert "414AC0000000094" in index.ids


def test_resolution_order_and_notes() -> None:
    number = parse_law_number("平成十四年法律第百三号")
    assert number is not None
    build = LawNumberIndex()
    build.add("平成14年法律第103号", "414AC0000000103")
    assert resolve_law_number(number, build, LawNumberIndex())[:2] == ("414AC0000000103", LAW_NUMBER)
    law_id, method, note = resolve_law_number(number, LawNumberIndex(), shipped_index())
    assert (law_id, method) == ("414AC0000000103", LAW_NUMBER) and "shipped" in note
    known = LawNumberIndex()
    known.add(None, "414AC0000000103")  # the ID is known, but not under this number
    assert resolve_law_number(number, LawNumberIndex(), known)[:2] == ("414AC0000000103", DERIVED)
    law_id, method, note = resolve_law_number(number, LawNumberIndex(), LawNumberIndex())
    assert (law_id, method) == (None, "none") and "414AC0000000103" in note and "unlinked" in note
    ordinance = parse_law_number("平成三十年厚生労働省令第十九号")
    assert ordinance is not None and resolve_law_number(ordinance, LawNumberIndex(), LawNumberIndex())[0] is None


def _generator():  # type: ignore[no-untyped-def]
    here = Path(__file__).resolve().parent / "cases"
    spec = importlib.util.spec_from_file_location("make_cases", here / "make_cases.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.slow
def test_sheet_laws_gives_the_id_for_a_law_number_in_the_id_column(tmp_path: Path) -> None:
    """「平成十四年法律第百三号」 in RS 1-3's 法令ID column: linked through the same law's row on another
    project (by number: the title names no law), or through the shipped law table."""
    import rs2rdf
    from rs2rdf.sources.rs_tables import BY_ID
    from tools.rs_format import official_zip_name, write_rs_zip

    gen = _generator()
    a, b = gen.common(93101, "見本健康事業"), gen.common(93102, "見本福祉事業")
    rows = gen.rows(a, {"law_no": "1", "law_title": "健康増進法", "law_number": "平成十四年法律第百三号", "law_id": "414AC0000000103",
                        "article": "第十条"})
    rows += gen.rows(b, {"law_no": "1", "law_title": "健康づくりの根拠", "law_id": "平成十四年法律第百三号", "article": "第十六条"},
                     {"law_no": "2", "law_title": "見本振興法", "law_id": "平成十九年政令第百二十四号"},
                     {"law_no": "3", "law_title": "見本議員立法", "law_id": "平成九年法律第九百九十九号"},
                     {"law_no": "4", "law_title": "見本施行令", "law_number": "平成十九年政令第百二十四号"})
    folder = tmp_path / "in"
    folder.mkdir()
    write_rs_zip(folder / official_zip_name(BY_ID["1-3"], 2024), BY_ID["1-3"], 2024, rows)
    result = rs2rdf.build(folder, out=tmp_path / "site", validate=False, site=False)
    got = {(str(r["projectNumber"]), str(r["lawTitle"])): r.get("lawId") for r in rs2rdf.query(tmp_path / "site", "sheet-laws")}
    assert str(got[("93102", "健康づくりの根拠")]) == "414AC0000000103"
    assert str(got[("93102", "見本振興法")]) == "419CO0000000124"  # 特別会計に関する法律施行令, by the shipped table
    assert got[("93102", "見本議員立法")] is None  # 409AC0000000999 is known nowhere: not invented
    assert str(got[("93102", "見本施行令")]) == "419CO0000000124"  # an empty 法令ID, the number in 法令番号
    notes = [p for p in result.problems if p.code == "law-number-link"]
    assert len(notes) == 4 and any("409AC0000000999" in p.message and "unlinked" in p.message for p in notes)


@pytest.mark.slow
def test_sheet_laws_gives_the_id_for_a_law_number_printed_before_a_sheet_s_title(tmp_path: Path) -> None:
    """A pre-2024 sheet's 根拠法令 cell 「平成十四年法律第百三号　見本増進法第十条」 (a title no index knows): the number
    printed before the title links it (through the shipped RS 2024 table); before, the citation was a law titled
    「平成十四年法律」 and 「見本増進法」 stayed unlinked."""
    import sys

    import rs2rdf

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import sheet_corpus
    from make_sheet_fixtures import workbook_for

    f, _ = sheet_corpus.draw(sheet_corpus.CORPUS_SEED, 0)
    f["basics"]["根拠法令"] = "平成十四年法律第百三号　見本増進法第十条\n昭和二十二年法律第六十七号（見本自治法）第二条"
    folder = tmp_path / "in"
    folder.mkdir()
    workbook_for(f).save(folder / "sheet.xlsx")
    rs2rdf.build(folder, out=tmp_path / "site", validate=False, site=False)
    got = {str(r["lawTitle"]): (str(r.get("lawId")), str(r.get("article"))) for r in rs2rdf.query(tmp_path / "site", "sheet-laws")}
    assert got["見本増進法"] == ("414AC0000000103", "10")
    assert got["見本自治法"] == ("322AC0000000067", "2")
    assert "平成十四年法律" not in got
