"""The blind sheets printed by a second producer: HTML rendered from the workbook, printed by Chromium (#19).

Every other PDF the sheet reader is tested on comes out of LibreOffice. ``tools/html_sheets.py``
prints the same workbooks (``blind_sheets.make_sheet``, same truth) as an HTML table through
headless Chromium, whose PDFs differ where real ones from Excel and other tools differ: borders are
filled rectangles (no stroked lines at all), other type faces and line heights, and a ToUnicode map
that gives some ideographs as their Kangxi / CJK radical look-alikes (「⾏」 U+2F8F for 「行」, 「⺠」
U+2EA0 for 「民」) and 「・」 as U+2027. When the producer was written the reader scored identity 0.77,
budget 0.89, laws 0.87 … on these (README, "Pre-2024 review sheets"); with the look-alikes folded
(``rs2rdf/sources/normalize/lookalikes.py``) and walls cutting words between glyph centres, every kind
is at 1.000 (bids 0.998), held here at 99 % like the LibreOffice prints.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_sheets_blind import rates, read_dir, score

from rs2rdf.api import read

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
import blind_sheets  # noqa: E402
import html_sheets  # noqa: E402

SEED = 19
COUNT = 48
#: Least recall and precision per fact kind (measured: 1.000 for every kind on seeds 19 and 23, bids 0.998 and 0.992).
THRESHOLD = 0.99
#: The type faces the producer maps Excel's to; without them Chromium falls back to others and the floors do not apply.
FACES = ("Noto Sans CJK JP", "Noto Serif CJK JP", "IPAexGothic")


def _chromium() -> str | None:
    for candidate in (html_sheets.CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _faces_missing() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return list(FACES)
    families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False).stdout
    return [face for face in FACES if face not in families]


@pytest.mark.slow
def test_truth_is_the_generators_own(tmp_path: Path) -> None:
    """The truth beside a Chromium PDF is byte for byte the one ``blind_sheets.generate`` writes."""
    blind_sheets.generate(tmp_path, 3, SEED)
    for i in range(3):
        _wb, truth, name = blind_sheets.make_sheet(i, SEED)
        assert html_sheets.truth_json(truth) == (tmp_path / f"{name}.truth.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    # as Excel shows them (number format sections: positive;negative;zero, quoted literals, % scales by 100)
    (1234567, '#,##0;"▲ "#,##0', "1,234,567"),
    (-1513, '#,##0;"▲ "#,##0', "▲ 1,513"),
    (-50, '#,##0;"△"#,##0', "△50"),
    (0, '#,##0;"▲ "#,##0', "0"),
    (0.953, "0.0%", "95.3%"),
    (0.5, "0%", "50%"),
    (1234.5, "#,##0.00", "1,234.50"),
    (-7, "#,##0", "-7"),
    (12, "General", "12"),
    (3.0, "General", "3"),
])
def test_number_formats_as_excel_prints_them(value: float, fmt: str, shown: str) -> None:
    assert html_sheets._format_number(value, fmt) == shown


def test_merged_areas_and_breaks_in_the_html() -> None:
    """Sheet 0 of seed 19: each merged area is one cell spanning it (its other cells are not drawn), and each
    row break and each further worksheet starts a new page."""
    wb, _truth, _name = blind_sheets.make_sheet(0, SEED)
    page = html_sheets.render_workbook(wb)
    areas = [r for sheet in wb.worksheets for r in sheet.merged_cells.ranges]
    assert len(areas) > 20
    spanning = re.findall(r"<td( (?:rowspan|colspan)=[^>]*?) style", page)
    assert len(spanning) == len(areas)
    cells = sum(sheet.max_row * sheet.max_column for sheet in wb.worksheets)
    hidden = sum((r.max_row - r.min_row + 1) * (r.max_col - r.min_col + 1) - 1 for r in areas)
    assert page.count("<td") == cells - hidden
    breaks = sum(len(sheet.row_breaks.brk) for sheet in wb.worksheets)
    assert page.count("break-before:page") == breaks + len(wb.worksheets) - 1


def _skip_without_chromium() -> str:
    pytest.importorskip("playwright.sync_api")
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed")
    return chromium


@pytest.mark.slow
def test_same_seed_same_pdf_bytes(tmp_path: Path) -> None:
    """Chromium stamps the print time into each PDF; the producer fixes it, so a seed's PDFs are reproducible."""
    chromium = _skip_without_chromium()
    html_sheets.generate(tmp_path / "a", 1, SEED, chromium)
    html_sheets.generate(tmp_path / "b", 1, SEED, chromium)
    first = (tmp_path / "a" / "blind-00-2015.pdf").read_bytes()
    assert b"/CreationDate (D:20000101000000" in first
    assert first == (tmp_path / "b" / "blind-00-2015.pdf").read_bytes()


@pytest.mark.slow
def test_chromium_printed_blind_sheets(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """The 48 sheets of seed 19 printed by Chromium and read through ``rs2rdf.read``; every kind at least its floor."""
    chromium = _skip_without_chromium()
    if missing := _faces_missing():
        pytest.skip(f"type faces not installed: {missing}")
    pdfplumber = pytest.importorskip("pdfplumber")
    html_sheets.generate(tmp_path, COUNT, SEED, chromium)
    # the point of the producer: no stroked ruling lines, borders as filled rectangles
    truth = json.loads((tmp_path / "blind-00-2015.truth.json").read_text(encoding="utf-8"))
    assert truth["layout"]["borders"]
    with pdfplumber.open(tmp_path / "blind-00-2015.pdf") as pdf:
        assert not pdf.pages[0].lines and len(pdf.pages[0].rects) > 100
    capfd.readouterr()
    totals, errors = score(read_dir(tmp_path, "pdf"))
    # pdfminer warns about these files' fonts: kept as a problem of each file, never printed
    assert capfd.readouterr().err == ""
    assert any(p.code == "pdf-parser-warnings" for p in read(tmp_path / "blind-01-2016.pdf").problems)
    assert totals["payees"][1] > 300 and totals["budget"][1] > 800
    low = {kind: got for kind, got in rates(totals).items() if min(got) < THRESHOLD}
    assert not low, (low, errors[:20])
    # the scorer compares names after NFKC, which folds Kangxi radicals: the records themselves must hold none
    lookalikes = re.compile("[\u2e80-\u2fdf\u2027]")
    for pdf_path in sorted(tmp_path.glob("*.pdf")):
        texts = [v for r in read(pdf_path).records for f in dataclasses.fields(r) if isinstance(v := getattr(r, f.name), str)]
        assert not [t for t in texts if lookalikes.search(t)], pdf_path.name
