"""The sheet extractor on review sheets it was not written against (#19, the independent check).

``tools/blind_sheets.py`` was written without reading the extractor or the project's own
fixture generator, from the public description of the template and one real sheet, so its
layouts, label wordings and value forms are a second, independent picture of what ministries
print. Each sheet is read through the public API (:func:`rs2rdf.read`) and the records are
turned into the same facts as the generator's truth file: recall and precision per fact kind
and per format must stay at the measured level (README, "Pre-2024 review sheets").

    python tests/test_sheets_blind.py DIR        # score a generated directory (xlsx and pdf)
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import pytest

from rs2rdf.api import read
from rs2rdf.core.records import BudgetItem, BudgetSummary, LawRef, Payment, SheetInfo
from rs2rdf.sources.sheet import extract_sheet

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
import blind_sheets  # noqa: E402

SAMPLE = Path(__file__).parent / "data" / "sheets" / "blind"
#: Sheets of seed 23 (drawn after the seed-19 fixes) that showed the second round of failure classes.
SAMPLE_23 = SAMPLE / "seed23"
COUNT = 48
SEED = 19
#: Seed 19 is the corpus the first fixes were made on, 23 the one drawn after them (README).
SEEDS = (19, 23)

#: Least recall and precision per fact kind. Raised as the extractor's fixes land; the README
#: keeps the measurement before and after.
THRESHOLD = {"xlsx": 0.99, "pdf": 0.99}

Fact = tuple[Any, ...]
COMPONENTS = {
    "当初予算": "initial",
    "補正予算": "supplementary",
    "前年度から繰越し": "carried_in",
    "翌年度へ繰越し": "carried_out",
    "予備費等": "reserve",
    "計": "current",
    "執行額": "executed",
}


def _name(text: str | None) -> str | None:
    """Names (payees, 歳出予算目) are compared without white space: a line break inside a cell is layout, not name."""
    if text is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _article(text: str | None) -> str | None:
    if not text:
        return None
    digits = re.findall(r"\d+", unicodedata.normalize("NFKC", text))
    return digits[0] if digits else None


def truth_facts(truth: dict[str, Any]) -> dict[str, set[Fact]]:
    """The generator's truth as facts. The request column of the budget grid (year Y+1) is
    one fact, ``request``: the template prints its 当初予算 and an equal 計."""
    ident = truth["identity"]
    review_year = ident["review_year"]
    facts: dict[str, set[Fact]] = defaultdict(set)
    facts["identity"] |= {
        ("review_year", review_year), ("ministry", ident["ministry"]),
        ("number", ident["project_number"]), ("name", _name(ident["name"])),
    }
    b = truth["basics"]
    facts["basics"] |= {
        ("bureau", b["bureau"]), ("start_year", b["start_year"]), ("end_year", b["end_year"]),
        ("account", _name(b["account"])),
    }
    for row in truth["budget"]:
        if row["fiscal_year"] == review_year + 1:
            if row["component"] == "当初予算":
                facts["budget"].add((row["fiscal_year"], "request", row["yen"]))
            continue
        facts["budget"].add((row["fiscal_year"], COMPONENTS[row["component"]], row["yen"]))
    for row in truth["budget_items"]:
        facts["budget_items"].add((_name(row["item"]), row["fiscal_year"], row["yen"]))
    for p in truth["payees"]:
        key = (p["block"], _name(p["name"]))
        facts["payees"].add((*key, p["yen"]))
        if p["corporate_number"]:
            facts["payee_numbers"].add((*key, p["corporate_number"]))
        if p["bidders"] is not None:
            facts["payee_bids"].add((*key, "bidders", p["bidders"]))
        if p["award_rate"] is not None:
            facts["payee_bids"].add((*key, "rate", Decimal(p["award_rate"])))
    for law in truth["laws"]:
        facts["laws"].add((law["title"], _article(law["article"])))
    return facts


def record_facts(records: Iterable[object]) -> dict[str, set[Fact]]:
    """The extractor's records of one sheet as the same facts."""
    facts: dict[str, set[Fact]] = defaultdict(set)
    review_year = None
    for rec in records:
        if isinstance(rec, SheetInfo):
            review_year = rec.sheet.review_year
            facts["identity"] |= {
                ("review_year", rec.sheet.review_year), ("ministry", rec.ministry),
                ("number", rec.sheet.number), ("name", _name(rec.name)),
            }
            facts["basics"] |= {
                ("bureau", rec.unit.bureau if rec.unit else None), ("start_year", rec.start_year),
                ("end_year", rec.end_year), ("account", _name(rec.account)),
            }
    for rec in records:
        if isinstance(rec, BudgetSummary):
            for field in COMPONENTS.values():
                money = getattr(rec, field)
                if money is not None:
                    facts["budget"].add((rec.budget_year, field, money.yen))
            if rec.next_request is not None:
                facts["budget"].add((rec.budget_year + 1, "request", rec.next_request.yen))
        elif isinstance(rec, BudgetItem):
            if rec.amount is not None:
                facts["budget_items"].add((_name(rec.moku), rec.budget_year, rec.amount.yen))
            if rec.next_request is not None:
                facts["budget_items"].add((_name(rec.moku), rec.budget_year + 1, rec.next_request.yen))
        elif isinstance(rec, Payment):
            key = (rec.block, _name(rec.name))
            facts["payees"].add((*key, rec.amount.yen if rec.amount else None))
            if rec.corporate_number:
                facts["payee_numbers"].add((*key, rec.corporate_number))
            for c in rec.contracts:
                if c.bidders is not None:
                    facts["payee_bids"].add((*key, "bidders", c.bidders))
                if c.winning_rate is not None:
                    facts["payee_bids"].add((*key, "rate", c.winning_rate))
        elif isinstance(rec, LawRef):
            facts["laws"].add((rec.title, _article(rec.article)))
    del review_year
    return facts


def score(pairs: Iterable[tuple[str, dict[str, set[Fact]], dict[str, set[Fact]]]]) -> tuple[
        dict[str, tuple[int, int, int]], list[tuple[str, str, str, Fact]]]:
    """Per kind (true positives, truth count, extracted count), and every miss and extra."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    errors: list[tuple[str, str, str, Fact]] = []
    for name, want, got in pairs:
        for kind in set(want) | set(got):
            w, g = want.get(kind, set()), got.get(kind, set())
            t = totals[kind]
            t[0] += len(w & g)
            t[1] += len(w)
            t[2] += len(g)
            errors += [(name, kind, "missed", f) for f in sorted(w - g, key=repr)]
            errors += [(name, kind, "extra", f) for f in sorted(g - w, key=repr)]
    return {k: (v[0], v[1], v[2]) for k, v in sorted(totals.items())}, errors


def read_dir(folder: Path, suffix: str) -> list[tuple[str, dict[str, set[Fact]], dict[str, set[Fact]]]]:
    out = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        name = truth_path.name.removesuffix(".truth.json")
        path = folder / f"{name}.{suffix}"
        if not path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        out.append((path.name, truth_facts(truth), record_facts(read(path).records)))
    return out


def rates(totals: dict[str, tuple[int, int, int]]) -> dict[str, tuple[float, float]]:
    return {k: (tp / want if want else 1.0, tp / got if got else 1.0) for k, (tp, want, got) in totals.items()}


def _assert_scores(totals: dict[str, tuple[int, int, int]], errors: list[Any], threshold: float) -> None:
    low = {k: v for k, v in rates(totals).items() if min(v) < threshold}
    assert not low, (low, errors[:20])


@pytest.fixture(scope="module", params=SEEDS, ids=lambda seed: f"seed{seed}")
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"blind{request.param}")
    blind_sheets.generate(folder, COUNT, request.param)
    return folder


@pytest.mark.slow
def test_generator_is_deterministic(tmp_path: Path) -> None:
    """The same seed gives the same truth (and so the same sheets to compare against)."""
    blind_sheets.generate(tmp_path / "a", 3, SEED)
    blind_sheets.generate(tmp_path / "b", 3, SEED)
    for p in sorted((tmp_path / "a").glob("*.truth.json")):
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes()


def test_generator_writes_check_digits_real_numbers_carry() -> None:
    """The prefectures' 法人番号 come out as published (東京都 8000020130001, FORMATS §2.4)."""
    assert blind_sheets.corporate_number("000020130001") == "8000020130001"
    assert blind_sheets.corporate_number("000020010006") == "7000020010006"


@pytest.mark.slow
def test_blind_xlsx(generated: Path) -> None:
    totals, errors = score(read_dir(generated, "xlsx"))
    assert totals["payees"][1] > 100 and totals["budget"][1] > 500
    _assert_scores(totals, errors, THRESHOLD["xlsx"])


@pytest.mark.slow
def test_blind_pdf_sample() -> None:
    """The committed PDFs, printed by LibreOffice from the generator's xlsx."""
    pairs = read_dir(SAMPLE, "pdf") + read_dir(SAMPLE_23, "pdf")
    assert len(pairs) >= 14
    totals, errors = score(pairs)
    _assert_scores(totals, errors, THRESHOLD["pdf"])


@pytest.mark.slow
def test_blind_pdf_all(generated: Path) -> None:
    """Where LibreOffice is installed: every generated sheet printed to PDF and read."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    blind_sheets.print_pdfs(sorted(generated.glob("*.xlsx")), generated)
    totals, errors = score(read_dir(generated, "pdf"))
    _assert_scores(totals, errors, THRESHOLD["pdf"])


# -- one test per class of failure the blind sheets showed ------------------------------------

def _minimal_sheet(path: Path, *, merged: bool = True, borders: bool = True, title: str = "平成２９年度行政事業レビューシート　総務省",
                   grid_label: str = "予算額・執行額\n（単位:百万円）", headers: tuple[str, ...] = ("26年度", "27年度", "28年度", "29年度", "30年度要求"),
                   detail: tuple[tuple[str, str, str], ...] = (("委託費", "10", "12"), ("計", "10", "12"))) -> None:
    """A small sheet laid out like the template: the title, 事業番号, 事業名, the budget grid and 予算内訳.

    ``merged=False`` types each label and value into the first cell of its area and draws only the
    area's outline, as sheets whose areas were never merged do.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    wb = Workbook()
    ws = wb.active
    thin = Side(style="thin")

    def put(row: int, col: int, to_col: int, value: object) -> None:
        ws.cell(row=row, column=col, value=value)
        if (merged or isinstance(value, int)) and to_col > col:  # a number never runs over its neighbours
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)
        for c in range(col, to_col + 1 if borders else col):
            ws.cell(row=row, column=c).border = Border(left=thin if c == col else None, right=thin if c == to_col else None,
                                                       top=thin, bottom=thin)

    for c in range(1, 41):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 2.5
    put(1, 5, 30, title)
    put(1, 31, 34, "事業番号")
    put(1, 35, 40, "0051")
    put(3, 1, 6, "事業名")
    put(3, 7, 24, "自治体情報セキュリティ強化対策事業")
    put(3, 25, 30, "担当部局庁")
    put(3, 31, 40, "自治行政局")
    put(4, 1, 6, "会計区分")
    put(4, 7, 40, "一般会計")
    put(6, 1, 3, grid_label)
    for i, h in enumerate(headers):
        put(6, 10 + i * 4, 13 + i * 4, h)
    rows = ["当初予算", "補正予算", "前年度から繰越し", "翌年度へ繰越し", "予備費等", "計", "執行額"]
    for k, lab in enumerate(rows):
        put(7 + k, 4, 9, lab)
        for i in range(len(headers)):
            put(7 + k, 10 + i * 4, 13 + i * 4, 100 + i if lab in ("当初予算", "計") else "-")
    put(15, 1, 8, "歳出予算目")
    put(15, 9, 16, "29年度当初予算")
    put(15, 17, 24, "30年度要求")
    put(15, 25, 40, "主な増減理由")
    for k, (moku, a, b) in enumerate(detail):
        put(16 + k, 1, 8, moku)
        put(16 + k, 9, 16, a)
        put(16 + k, 17, 24, b)
    wb.save(path)


@pytest.mark.slow
def test_unmerged_areas_read_like_merged_ones(tmp_path: Path) -> None:
    """A label and its value typed into the first cells of never-merged areas: the value is the text right of the label."""
    for merged in (True, False):
        path = tmp_path / f"merged-{merged}.xlsx"
        _minimal_sheet(path, merged=merged)
        info = read(path).of_type(SheetInfo)[0]
        assert isinstance(info, SheetInfo)
        assert (info.name, info.unit and info.unit.bureau, info.account) == ("自治体情報セキュリティ強化対策事業", "自治行政局", "一般会計")


@pytest.mark.slow
def test_unmerged_unruled_heading_at_the_end_of_its_row(tmp_path: Path) -> None:
    """「30年度要求」 typed into the first cell of its area, nothing defined right of it: its text still
    runs over the area, so the request values (typed as numbers into a merged area) sit under it."""
    path = tmp_path / "unruled.xlsx"
    _minimal_sheet(path, merged=False, borders=False)
    budget = {b.budget_year: b for b in read(path).of_type(BudgetSummary) if isinstance(b, BudgetSummary)}
    assert sorted(budget) == [2014, 2015, 2016, 2017]
    assert budget[2017].next_request is not None and budget[2017].next_request.yen == 104_000_000


@pytest.mark.slow
def test_western_years_in_the_title_and_the_budget_headings(tmp_path: Path) -> None:
    path = tmp_path / "western.xlsx"
    _minimal_sheet(path, title="２０２２年度行政事業レビューシート（警察庁）",
                   headers=("2019年度", "2020年度", "2021年度", "2022年度", "2023年度要求"))
    records = read(path)
    info = records.of_type(SheetInfo)[0]
    assert isinstance(info, SheetInfo) and info.sheet.review_year == 2022 and info.ministry == "警察庁"
    budget = {b.budget_year: b for b in records.of_type(BudgetSummary) if isinstance(b, BudgetSummary)}
    assert sorted(budget) == [2019, 2020, 2021, 2022]
    assert budget[2022].next_request is not None and budget[2022].next_request.yen == 104_000_000


@pytest.mark.slow
def test_unit_in_lenticular_brackets(tmp_path: Path) -> None:
    """「予算額・執行額【千円】」: the grid is in 千円."""
    path = tmp_path / "sen.xlsx"
    _minimal_sheet(path, grid_label="予算額・執行額\n【千円】")
    budget = [b for b in read(path).of_type(BudgetSummary) if isinstance(b, BudgetSummary)]
    assert [b.initial.yen if b.initial else None for b in budget] == [100_000, 101_000, 102_000, 103_000]


@pytest.mark.slow
@pytest.mark.parametrize(("subtotal", "total"), [("小計", "計"), ("小　計", "合計"), ("（小計）", "計"), ("【小計】", "合計")])
def test_budget_detail_sub_total_and_total_are_no_items(tmp_path: Path, subtotal: str, total: str) -> None:
    path = tmp_path / "detail.xlsx"
    _minimal_sheet(path, detail=(("委託費", "10", "12"), ("庁費", "5", "6"), (subtotal, "15", "18"),
                                 ("補助金", "7", "8"), (total, "22", "26")))
    items = [(i.moku, i.amount.yen if i.amount else None) for i in read(path).of_type(BudgetItem) if isinstance(i, BudgetItem)]
    assert items == [("委託費", 10_000_000), ("庁費", 5_000_000), ("補助金", 7_000_000)]


def _glyphs(text: str, seam_after: int | None = None, seam: float = 1.08) -> list[tuple[str, float, float]]:
    """Characters set 8 pt apart with touching boxes, and a gap of ``seam`` after the first ``seam_after``."""
    out, x = [], 0.0
    for i, ch in enumerate(text):
        if seam_after is not None and i == seam_after:
            x += seam
        out.append((ch, x, x + 8.0))
        x += 8.0
    return out


@pytest.mark.parametrize(("text", "seam_after", "pieces"), [
    ("1一般社団法人全国教育振興会", 1, ["1", "一般社団法人全国教育振興会"]),  # a right-aligned rank against the name
    ("10株式会社大和リサーチ", 2, ["10", "株式会社大和リサーチ"]),
    ("3.公益財団法人つばさ物流", 2, ["3.", "公益財団法人つばさ物流"]),
    ("3Dプリンタ協会", None, ["3Dプリンタ協会"]),  # a name that begins with a digit is one run
    ("30年度要求", 2, ["30年度要求"]),  # a year heading is no rank
    ("1,166-", 5, ["1,166", "-"]),  # a right-aligned amount against the next year's left-aligned dash
    ("▲ 463－", 5, ["▲ 463", "－"]),
    ("1,234", None, ["1,234"]),
    ("12 345", None, ["12 345"]),
    ("（応募者数落札率", 5, ["（応募者数", "落札率"]),  # a wrapped heading's line against the heading beside it
    ("事業実施経費", 2, ["事業", "実施経費"]),
    ("株式会社大和リサーチ", None, ["株式会社大和リサーチ"]),
])
def test_unruled_cells_glued_at_a_seam_are_split(text: str, seam_after: int | None, pieces: list[str]) -> None:
    from rs2rdf.sources.sheet.pdf import _split_rank

    got = ["".join(c[0] for c in piece) for piece in _split_rank(_glyphs(text, seam_after))]
    assert got == pieces


def test_a_full_width_to_half_width_gap_inside_a_run_is_no_seam() -> None:
    """LibreOffice leaves 0.31–0.34 pt between 「第」 and 「88」 inside one run (corpus sheet 61 of seed 19): the
    law and its article stay one word, so the article is read."""
    from rs2rdf.sources.sheet.pdf import _split_rank

    for gap in (0.31, 0.34):
        got = ["".join(c[0] for c in p) for p in _split_rank(_glyphs("適正化に関する法律第88条", 10, seam=gap))]
        assert got == ["適正化に関する法律第88条"]


def test_evenly_spaced_text_is_one_cell() -> None:
    """Justified or distributed text has every glyph the same gap apart: no seam stands out, so it stays whole."""
    from rs2rdf.sources.sheet.pdf import _split_rank

    spaced = [(ch, i * 9.2, i * 9.2 + 8.0) for i, ch in enumerate("補助金交付時に判断")]
    assert ["".join(c[0] for c in p) for p in _split_rank(spaced)] == ["補助金交付時に判断"]


def test_a_wall_between_two_glyphs_centres_parts_them() -> None:
    """Chromium print, blind sheet 5 of seed 19 (p3): 「）」 ends its cell with an em box reaching past the
    wall (a filled rectangle at 467.14–467.89) that its trimmed ink stops short of, and the next cell's
    「1」 starts 0.3 pt inside that box; the wall still lies between the two glyphs' centres."""
    from rs2rdf.sources.sheet.pdf import Edges, words_to_fragments

    chars = [("争", 457.25, 463.07), ("）", 463.07, 468.90), ("1", 468.58, 471.81)]
    word = {"text": "争）1", "x0": 457.25, "x1": 471.81, "top": 300.0, "bottom": 305.8,
            "chars": [{"text": t, "x0": a, "x1": b, "top": 300.0, "bottom": 305.8} for t, a, b in chars]}
    edges = Edges(horizontal=(), vertical=((467.5, 290.0, 310.0),))
    assert [f.text for f in words_to_fragments([word], edges, 5.8, unruled=False)] == ["争）", "1"]


def test_a_ministry_name_wrapped_inside_its_cell_is_one_word() -> None:
    """Chromium print of blind sheet 44 of seed 23: 「（農林水産」 / 「省）」 in a narrow title cell."""
    from rs2rdf.sources.sheet.to_records import ministry_in_title

    assert ministry_in_title("（農林水産\n省）") == "農林水産省"
    assert ministry_in_title("（府省庁名：\n総務省）") == "総務省"
    assert ministry_in_title("総　務　省") == "総務省"


def _word(text: str, x0: float, top: float, width: float = 4.1) -> dict[str, Any]:
    chars = [{"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width, "top": top, "bottom": top + 4.1}
             for i, ch in enumerate(text)]
    return {"text": text, "x0": x0, "x1": x0 + len(text) * width, "top": top, "bottom": top + 4.1, "chars": chars}


def test_words_cut_apart_by_a_neighbouring_line_are_rejoined() -> None:
    """pdfplumber's pieces of 「（千円）」 (its line chained to the one above by a heading centred between
    them) are one word again; words of other lines, or with a gap between them, are not joined."""
    from rs2rdf.sources.sheet.pdf import rejoin_interleaved

    words = [_word("支", 351.2, 113.3), _word("（千", 351.2, 117.3), _word("出額", 355.3, 113.3),
             _word("円", 359.4, 117.3), _word("）", 363.5, 117.3), _word("契約方式等", 394.6, 115.3),
             _word("落札率", 369.7, 117.3)]
    got = sorted((w["text"], round(w["top"], 1)) for w in rejoin_interleaved(words, 1.5))
    assert got == sorted([("支出額", 113.3), ("（千円）", 117.3), ("契約方式等", 115.3), ("落札率", 117.3)])
    joined = next(w for w in rejoin_interleaved(words, 1.5) if w["text"] == "（千円）")
    assert "".join(c["text"] for c in joined["chars"]) == "（千円）" and joined["x1"] == pytest.approx(367.6)


@pytest.mark.parametrize(("text", "label_length"), [
    ("翌年度へ繰越し△508", 7),  # a budget row's label against its first figure
    ("補正予算‐", 4),
    ("当初予算1,250", 4),
    ("当初予算額", 0),  # more words, not a figure
    ("計画", 0),
    ("計3,066", 1),
    ("会計区分一般会計", 4),  # a scalar label, as before
])
def test_label_run_into_its_value_on_unruled_pages(text: str, label_length: int) -> None:
    from rs2rdf.sources.normalize.text import key
    from rs2rdf.sources.sheet.labels import label_prefix_length

    assert label_prefix_length(key(text)) == label_length


@pytest.mark.slow
def test_unruled_budget_detail_beside_the_grid() -> None:
    """A page without ruling lines with the 予算内訳 printed right of the budget grid, on the same rows
    (blind sheet 28): the grid's values left of 歳出予算目 are no part of the 予算内訳 lines, and the
    payees' ranks, right-aligned against the names, are not glued to them."""
    path = SAMPLE / "blind-28-2016.pdf"
    truth = json.loads((SAMPLE / "blind-28-2016.truth.json").read_text(encoding="utf-8"))
    assert not truth["layout"]["borders"]
    want, got = truth_facts(truth), record_facts(read(path).records)
    assert got["budget_items"] == want["budget_items"]
    assert got["payees"] == want["payees"]


def _sample_23(name: str) -> tuple[dict[str, Any], dict[str, set[Fact]], dict[str, set[Fact]]]:
    """A committed seed-23 sheet: its truth, the truth's facts and the facts read from its PDF."""
    truth = json.loads((SAMPLE_23 / f"{name}.truth.json").read_text(encoding="utf-8"))
    return truth, truth_facts(truth), record_facts(read(SAMPLE_23 / f"{name}.pdf").records)


@pytest.mark.slow
def test_budget_detail_rows_as_tall_as_the_cells_beside_them() -> None:
    """Seed 23, sheet 22 (drawn after the first fixes): an unruled page whose 予算内訳 rows share the height
    of wrapped cells beside them, so each 目 sits more than three characters below the line above."""
    truth, want, got = _sample_23("blind-22-2019")
    assert not truth["layout"]["borders"]
    assert got["budget_items"] == want["budget_items"]


@pytest.mark.slow
def test_law_value_printed_above_its_label() -> None:
    """Seed 23, sheet 4: unruled, the 根拠法令 value is printed at the top of a row made tall by the
    two-line value beside it, its label centred lower: they share no line, and nothing else claims the value."""
    truth, want, got = _sample_23("blind-04-2019")
    assert not truth["layout"]["borders"]
    assert want["laws"] and got["laws"] == want["laws"]
    report = extract_sheet(SAMPLE_23 / "blind-04-2019.pdf").report
    assert "「根拠法令（具体的な条項も記載）」: value printed above the label, not level with it (p1 row 6)" in report["fallbacks"]


@pytest.mark.slow
def test_two_line_headings_beside_a_centred_one() -> None:
    """Seed 23, sheet 25: 「支出額 / （千円）」 and 「入札者数 / （応募者数）」 on two lines with 「契約方式等」
    centred between them; pdfplumber chains the three into one line and cuts 「（千円）」 apart, so the
    amount column had no heading and every amount was lost."""
    truth, want, got = _sample_23("blind-25-2022")
    assert not truth["layout"]["borders"]
    assert want["payees"] and got["payees"] == want["payees"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["blind-32-2020", "blind-39-2018", "blind-44-2023"])
def test_budget_detail_continued_on_the_next_page(name: str) -> None:
    """The 予算内訳 broken by a page break (ruled sheets 32 and 39, unruled 44): its lines on the next page are read."""
    _, want, got = _sample_23(name)
    assert want["budget_items"] and got["budget_items"] == want["budget_items"]
    assert "予算内訳: continued on p2 after a page break" in extract_sheet(SAMPLE_23 / f"{name}.pdf").report["fallbacks"]


@pytest.mark.slow
def test_row_label_and_heading_glued_to_the_next_cell() -> None:
    """Seed 23, sheet 44, unruled: 「翌年度へ繰越し」 runs into its first figure (「翌年度へ繰越し△508」, 1.5 pt
    apart) and 「（応募者数」 into the 「落札率」 heading beside it; both are two cells."""
    _, want, got = _sample_23("blind-44-2023")
    assert got["budget"] == want["budget"]
    assert got["payee_bids"] == want["payee_bids"]


def _report(folder: Path, suffixes: tuple[str, ...] = ("xlsx", "pdf")) -> None:
    for suffix in suffixes:
        pairs = read_dir(folder, suffix)
        if not pairs:
            continue
        totals, errors = score(pairs)
        print(f"== {suffix} ({len(pairs)} sheets)")
        for kind, (recall, precision) in rates(totals).items():
            print(f"{kind:14} facts {totals[kind][1]:5}  recall {recall:.3f}  precision {precision:.3f}")
        for e in errors:
            print("  ", *e)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp)
        if len(sys.argv) == 1:
            blind_sheets.generate(target, COUNT, SEED)
        _report(target, tuple(sys.argv[2:]) or ("xlsx", "pdf"))
