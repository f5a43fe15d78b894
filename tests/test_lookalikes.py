"""Chromium-printed sheets (#19): radicals and kin in the text layer read as the characters printed, and the
PDF parser's warnings kept as data."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rs2rdf.sources.normalize.lookalikes import fold_lookalikes
from rs2rdf.sources.sheet.grid import canonical_text


def test_what_chromium_wrote_for_a_sheet() -> None:
    """Text layers measured on Chromium prints of the blind sheets, as pdfplumber gives them."""
    assert fold_lookalikes("平成27年度⾏政事業レビューシート") == "平成27年度行政事業レビューシート"
    assert fold_lookalikes("予算額‧執⾏額") == "予算額・執行額"
    assert fold_lookalikes("⻘森県") == "青森県"
    assert fold_lookalikes("国⺠健康保険") == "国民健康保険"
    assert fold_lookalikes("室⻑") == "室長"
    assert fold_lookalikes("国⼟交通省") == "国土交通省"
    assert fold_lookalikes("⼾籍") == "戸籍"  # the Japanese form, not NFKC's 戶
    assert canonical_text("男⼥共同参画局\u2003調整課") == "男女共同参画局\u3000調整課"


def test_nfkc_alone_does_not_fold_the_supplement() -> None:
    """Why a table: NFKC folds the Kangxi block but leaves the CJK Radicals Supplement as it is."""
    assert unicodedata.normalize("NFKC", "⾏") == "行"
    assert unicodedata.normalize("NFKC", "⺠") == "⺠"


def test_every_radical_is_folded() -> None:
    for cp in [*range(0x2E81, 0x2EF4), *range(0x2F00, 0x2FD6)]:
        if cp == 0x2E9A:  # unassigned
            continue
        folded = fold_lookalikes(chr(cp))
        assert folded != chr(cp) and not 0x2E80 <= ord(folded) <= 0x2FDF, hex(cp)


@given(st.text())
def test_folding_is_idempotent_and_leaves_other_text_alone(text: str) -> None:
    once = fold_lookalikes(text)
    assert fold_lookalikes(once) == once
    if not any(0x2E80 <= ord(ch) <= 0x2FDF or ch in "\u2027\u2002\u2003" for ch in text):
        assert once == text


def test_pdf_parser_warnings_are_collected_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    """pdfminer logs a warning per font of a Chromium-printed PDF (「Could not get FontBBox…」); with no
    handler configured Python printed each to stderr, 398 lines for six sheets. They are collected as data
    for the read only, and the logger is left as it was."""
    from rs2rdf.sources.sheet.pdf import parser_warnings

    logger = logging.getLogger("pdfminer")
    before = (list(logger.handlers), logger.propagate)
    with parser_warnings() as got:
        logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
    assert got == ["Could not get FontBBox from font descriptor"]
    assert capfd.readouterr().err == ""
    assert (list(logger.handlers), logger.propagate) == before
