"""Pre-2024 review sheets: every fixture, from its xlsx and from its PDF printout, gives the same records.

Fixtures are written by tools/make_sheet_fixtures.py (LibreOffice not needed here). Set
RS2RDF_UPDATE_GOLDEN=1 to rewrite tests/data/sheets/*.expected.json on purpose, then review the diff.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from rs2rdf.sources.sheet import extract_command, extract_sheet, extraction_to_json, write_debug_images
from rs2rdf.sources.sheet.cache import cached_extract
from rs2rdf.sources.sheet.fields import Finder
from rs2rdf.sources.sheet.grid import Cell, Grid, canonical_text
from rs2rdf.sources.sheet.pdf import Fragment, fragments_to_blocks
from rs2rdf.sources.sheet.labels import is_label
from rs2rdf.sources.sheet.to_records import grid_year
from rs2rdf.sources.normalize.text import key
from rs2rdf.core.records import Block, BudgetSummary, LawRef, Money, Payment, SheetInfo

DATA = Path(__file__).parent / "data" / "sheets"
FIXTURES = ["h29-soumu-0051", "h30-mlit-0036-1", "r05-meti-2023-0001", "r01-mhlw-new31-0005", "h25-maff-0123-noborders"]
UNRULED = "h25-maff-0123-noborders"
#: Record types an unruled PDF reads without any table (its tables are checked by the full test below).
UNRULED_EXACT = {"SheetInfo", "LawRef", "Plan", "Policy", "BudgetSummary", "BudgetItem", "Evaluation", "Remarks"}


def _json(path: Path) -> dict:
    data = extraction_to_json(extract_sheet(path), locations=False)
    data.pop("file")
    return data


def _golden(name: str, actual: dict) -> dict:
    target = DATA / f"{name}.expected.json"
    if os.environ.get("RS2RDF_UPDATE_GOLDEN") == "1":
        target.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("name", FIXTURES)
def test_xlsx_matches_golden(name: str) -> None:
    actual = _json(DATA / f"{name}.xlsx")
    assert actual == _golden(name, actual)


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in FIXTURES if n != UNRULED])
def test_pdf_matches_golden(name: str) -> None:
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert _json(DATA / f"{name}.pdf") == expected


@pytest.mark.slow
def test_unruled_pdf_header_budget_and_checks_match_golden() -> None:
    expected = json.loads((DATA / f"{UNRULED}.expected.json").read_text(encoding="utf-8"))
    actual = _json(DATA / f"{UNRULED}.pdf")
    pick = lambda d: [r for r in d["records"] if r["type"] in UNRULED_EXACT]  # noqa: E731
    assert pick(actual) == pick(expected)


@pytest.mark.slow
def test_unruled_pdf_matches_golden_fully() -> None:
    expected = json.loads((DATA / f"{UNRULED}.expected.json").read_text(encoding="utf-8"))
    assert _json(DATA / f"{UNRULED}.pdf") == expected


def _unruled_finder(cells: list[Cell]) -> Finder:
    return Finder(Grid(file="t.pdf", kind="pdf", parts=["p1"], cells=cells, ruled=False, char_size=7.0))


def test_unruled_columns_follow_the_headings() -> None:
    """Unruled: a value goes to the heading it overlaps; in a gap, text to the right heading, numbers to the left."""
    heads = {"cat": Cell(1, 150, 0, 170, 7, "費目"), "use": Cell(1, 318, 0, 338, 7, "使途"), "amount": Cell(1, 480, 0, 530, 7, "金額")}
    row = [Cell(1, 118, 20, 139, 27, "交付金"), Cell(1, 207, 20, 228, 27, "協力金"), Cell(1, 501, 20, 510, 27, "40"),
           Cell(1, 440, 20, 460, 27, "1,234")]
    finder = _unruled_finder(list(heads.values()) + row)
    ranges = finder.columns(heads)
    assert [finder.column_of(ranges, c) for c in row] == ["cat", "use", "amount", "use"]
    values = finder.row_values(ranges, row[0], skip=(row[3],))
    assert {f: v.text for f, v in values.items()} == {"cat": "交付金", "use": "協力金", "amount": "40"}


def _frag(text: str, x0: float, top: float) -> Fragment:
    chars = tuple((ch, x0 + 7 * i, x0 + 7 * (i + 1)) for i, ch in enumerate(text))
    return Fragment(text, x0, top, x0 + 7 * len(text), top + 7, chars)


def test_unruled_longest_line_is_a_hard_break_when_the_next_word_would_have_fitted() -> None:
    first, second = _frag("一行目がいちばん長い行です。", 118, 100), _frag("二行目。", 118, 107)
    # other text on the page runs much further right, so 「二」 would have fitted after 「。」
    far = _frag("ページの右端まで届く別の行です。", 400, 300)
    assert "一行目がいちばん長い行です。\n二行目。" in [c.text for c in fragments_to_blocks([first, second, far], 1, 7.0)]
    # nothing on the page reaches further: the first line ran to the edge and wrapped
    assert [c.text for c in fragments_to_blocks([first, second], 1, 7.0)] == ["一行目がいちばん長い行です。二行目。"]


@pytest.fixture(scope="module", params=["xlsx", "pdf"])
def seed(request: pytest.FixtureRequest):
    return extract_sheet(DATA / f"h29-soumu-0051.{request.param}")


def _m(value: int) -> int:
    return value * 1_000_000


@pytest.mark.slow
def test_seed_sheet_identity(seed) -> None:
    info = next(r for r in seed.records if isinstance(r, SheetInfo))
    assert (info.sheet.review_year, info.sheet.number, info.printed_number) == (2017, "0051", "0051")
    assert info.ministry == "総務省" and info.sheet.ministry == "2000012020001"
    assert (info.start_year, info.end_year, info.account, info.source_kind) == (2015, 2016, "一般会計", "sheet")
    assert info.responsible_person == "室長　稲原　浩" and info.methods == ("補助",)
    assert all(r.sheet == info.sheet for r in seed.records)


def test_seed_sheet_laws(seed) -> None:
    laws = [(r.title, r.article, r.paragraph, r.item) for r in seed.records if isinstance(r, LawRef)]
    assert laws == [("総務省設置法", "4", None, None), ("総務省組織令", "7", "1", "27"),
                    ("高度情報通信ネットワーク社会形成基本法", "10", None, None)]


def test_seed_sheet_budget(seed) -> None:
    budget = {r.budget_year: r for r in seed.records if isinstance(r, BudgetSummary)}
    b15, b16 = budget[2015], budget[2016]
    assert b15.supplementary == Money(_m(25499), "25,499", "百万円")
    assert b15.carried_out is not None and b15.carried_out.yen == _m(-25434)
    assert (b15.current.yen, b15.executed.yen, b15.execution_rate) == (_m(65), _m(61), Decimal("0.94"))
    assert b15.initial is None and all(b.account_kind is None for b in budget.values())
    assert (b16.carried_in.yen, b16.current.yen, b16.executed.yen) == (_m(25434), _m(25434), _m(23285))
    assert b16.execution_rate == Decimal("0.92") and b16.carried_out is None
    assert budget[2017].next_request == Money(0, "0", "百万円")


def test_seed_sheet_money_flow_and_payees(seed) -> None:
    blocks = [r for r in seed.records if isinstance(r, Block)]
    assert [(b.letter, b.name, b.amount.yen if b.amount else None) for b in blocks] == [("A", "地方公共団体", _m(23285))]
    payees = [r for r in seed.records if isinstance(r, Payment)]
    assert len(payees) == 10 and [p.rank for p in payees] == list(range(1, 11))
    top = [(p.block, p.name, p.corporate_number, p.amount.printed_value) for p in payees[:2]]
    assert top == [("A", "東京都", "8000020130001", Decimal(417)), ("A", "神奈川県", "1000020140007", Decimal(316))]


def test_seed_sheet_problems_and_locations(seed) -> None:
    assert [(p.code, p.value) for p in seed.problems] == [("excel-error", "#DIV/0!")]
    assert seed.problems[0].location.file.startswith("h29-soumu-0051.")
    assert seed.problems[0].location.field == "当初予算＋補正予算に対する執行額の割合（％）"
    for record in seed.records:
        assert record.src.file.startswith("h29-soumu-0051.") and record.src.part and record.src.row
    info = next(r for r in seed.records if isinstance(r, SheetInfo))
    assert info.src.field == "事業名"


@pytest.mark.slow
def test_multi_block_sheet() -> None:
    ex = extract_sheet(DATA / "h30-mlit-0036-1.pdf")
    info = next(r for r in ex.records if isinstance(r, SheetInfo))
    assert (info.sheet.number, info.start_year, info.start_before, info.end_year, info.no_end) == ("0036-1", 1987, False, None, True)
    assert [b.letter for b in ex.records if isinstance(b, Block)] == ["A", "B", "C"]
    payees = {p.name: p for p in ex.records if isinstance(p, Payment)}
    assert payees["個人Ａ"].corporate_number is None and payees["個人Ａ"].block == "C"
    contract = payees["株式会社△△総研"].contracts[0]
    assert (contract.bidders, contract.winning_rate, contract.method) == (1, Decimal("99.8"), "一般競争契約（最低価格）")


def test_reiwa_sheet_numbering_and_years() -> None:
    ex = extract_sheet(DATA / "r05-meti-2023-0001.pdf")
    info = next(r for r in ex.records if isinstance(r, SheetInfo))
    assert (info.sheet.review_year, info.sheet.number, info.start_year, info.end_year) == (2023, "2023-経産-22-0001", 2019, 2025)
    years = [r.budget_year for r in ex.records if isinstance(r, BudgetSummary)]
    assert years == [2020, 2021, 2022, 2023]
    assert next(r for r in ex.records if isinstance(r, BudgetSummary)).initial.printed == "５００"


@pytest.mark.slow
def test_new_project_number_and_heisei_32() -> None:
    info = next(r for r in extract_sheet(DATA / "r01-mhlw-new31-0005.xlsx").records if isinstance(r, SheetInfo))
    assert (info.sheet.review_year, info.sheet.number, info.start_year, info.end_year) == (2019, "新31-0005", 2019, 2020)
    assert info.overview.count("\n") == 4


@pytest.mark.parametrize("name, code, part", [
    ("not-a-sheet.pdf", "not-a-review-sheet", "p1"),
    ("not-a-sheet.xlsx", "not-a-review-sheet", "sheet:memo"),
    ("macro-memo.xlsm", "not-a-review-sheet", "sheet:memo"),
    ("truncated.pdf", "unreadable-input", None),
    ("encrypted.pdf", "encrypted-document", None),
    ("zero-pages.pdf", "empty-input", None),
    ("image-only.pdf", "image-only-document", "p1"),
])
def test_bad_input_gives_one_problem(name: str, code: str, part: str | None) -> None:
    path = DATA / "bad" / name
    if not path.exists():
        pytest.skip(f"{name} not generated (needs LibreOffice/qpdf)")
    ex = extract_sheet(path)
    assert ex.records == []
    assert [(p.code, p.location.file, p.location.part) for p in ex.problems] == [(code, name, part)]


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0junk")
    assert [p.code for p in extract_sheet(xls).problems] == ["unreadable-input"]
    assert [p.code for p in extract_sheet(tmp_path / "gone.pdf").problems] == ["unreadable-input"]
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not really")
    assert [p.code for p in extract_sheet(bogus).problems] == ["unreadable-input"]


@pytest.mark.slow
def test_extract_command_json_and_debug(tmp_path: Path) -> None:
    text, problems = extract_command(DATA / "h29-soumu-0051.pdf", "json", tmp_path)
    data = json.loads(text)
    assert data["records"][0]["type"] == "SheetInfo" and data["records"][0]["src"].startswith("h29-soumu-0051.pdf[p1]")
    assert data["fields"]["name"]["at"]["label"] == "事業名"
    assert [p.code for p in problems] == ["excel-error"]
    assert sorted(p.name for p in tmp_path.glob("*.png"))[0] == "h29-soumu-0051.p1.png"
    again, _ = extract_command(DATA / "h29-soumu-0051.pdf", "json", None)
    assert again == text
    written = write_debug_images(DATA / "h29-soumu-0051.xlsx", tmp_path)
    assert json.loads(written[0].read_text(encoding="utf-8"))["parts"] == ["sheet:様式"]


@pytest.mark.slow
def test_cache_skips_unchanged_file(tmp_path: Path) -> None:
    src = tmp_path / "sheet.xlsx"
    src.write_bytes((DATA / "h29-soumu-0051.xlsx").read_bytes())
    first, hit1 = cached_extract(src, tmp_path / "cache")
    second, hit2 = cached_extract(src, tmp_path / "cache")
    assert (hit1, hit2) == (False, True)
    assert extraction_to_json(first) == extraction_to_json(second)
    src.write_bytes((DATA / "r05-meti-2023-0001.xlsx").read_bytes())
    assert cached_extract(src, tmp_path / "cache")[1] is False


@pytest.mark.parametrize("header, review, year", [
    ("26年度", 2017, 2014), ("30年度要求", 2017, 2018), ("元年度", 2019, 2019), ("2年度要求", 2019, 2020),
    ("2年度", 2023, 2020), ("６年度要求", 2023, 2024), ("29年度活動見込", 2017, 2017),
])
def test_grid_year(header: str, review: int, year: int) -> None:
    assert grid_year(header, review) == year


@pytest.mark.parametrize("text", ["予\n算\nの\n状\n況", "事業の目的\n（目指す姿を簡\n潔に。3行程度\n\n以内）", "根拠法令（具体的な\n条項も記載）",
                                  "支　出　先", "ﾌﾞﾛｯｸ名", "執行率（％）", "施策名", "ＫＰＩ（第一階層）"])
def test_labels_match_whatever_the_line_breaks(text: str) -> None:
    assert is_label(key(text))


@pytest.mark.parametrize("text", ["平成２７年度", "自治体情報セキュリティ強化対策事業", "23,285百万円", "0051", "補助"])
def test_values_are_not_labels(text: str) -> None:
    assert not is_label(key(text))


@given(st.lists(st.text(alphabet="ab 漢字　\u3000-", max_size=8), max_size=4))
def test_canonical_text_is_idempotent(lines: list[str]) -> None:
    once = canonical_text("\n".join(lines))
    assert canonical_text(once) == once
    assert "\n\n" not in once and not once.startswith(("　", " "))


def test_cache_never_gives_one_file_the_locations_of_another(tmp_path: Path) -> None:
    # regression: two files with the same bytes shared a cache entry, so problems named the other file
    data = (DATA / "bad" / "not-a-sheet.xlsx").read_bytes()
    (tmp_path / "a.xlsx").write_bytes(data)
    (tmp_path / "b.xlsx").write_bytes(data)
    cache = tmp_path / "cache"
    cached_extract(tmp_path / "a.xlsx", cache)
    ex, _hit = cached_extract(tmp_path / "b.xlsx", cache)
    assert {p.location.file for p in ex.problems if p.location} == {"b.xlsx"}


@pytest.mark.slow
def test_a_pdf_holding_two_sheets_gives_both(tmp_path: Path) -> None:
    """Two ministries' sheets printed into one PDF: every sheet is read, each into its own named graph."""
    import pypdfium2 as pdfium

    from rs2rdf.sources.sheet import extract_sheet

    names = ["h29-soumu-0051", "h30-mlit-0036-1"]
    joined = pdfium.PdfDocument.new()
    for n in names:
        joined.import_pages(pdfium.PdfDocument(str(DATA / f"{n}.pdf")))
    both = tmp_path / "in" / "two-sheets.pdf"
    both.parent.mkdir()
    joined.save(str(both))
    singles = [extract_sheet(DATA / f"{n}.pdf") for n in names]
    ex = extract_sheet(both)
    assert len(ex.records) == sum(len(s.records) for s in singles)
    keys = {getattr(r, "sheet", None) for r in ex.records} - {None}
    assert {k.number for k in keys} == {"0051", "0036-1"}
    # the second sheet's records point at the pages they are on in the joined file
    pages = {r.src.part for r in ex.records if getattr(r, "sheet", None) and r.sheet.number == "0036-1"}
    first_pages = len(pdfium.PdfDocument(str(DATA / f"{names[0]}.pdf")))
    assert pages and all(int(p[1:]) > first_pages for p in pages)

    from rs2rdf.pipeline.build import build
    from rs2rdf.core.config import Config

    result = build([both.parent], Config(out=tmp_path / "site"))
    nq = (tmp_path / "site" / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    assert result.summary["sheets"] == 2
    assert "graph/sheet/2017/2000012020001/0051>" in nq and "graph/sheet/2018/2000012100001/0036-1>" in nq
