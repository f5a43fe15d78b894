"""Problems found while mapping name the column of the source they came from: the RS header
from the table's column entry, or the label a pre-2024 sheet printed (never an RS header a
sheet does not have)."""

from __future__ import annotations

import rs2rdf
from rs2rdf.core import records as r
from rs2rdf.core.location import SourceLocation
from rs2rdf.mapping.fields import at


def test_rs_sources_name_the_header_of_their_own_table() -> None:
    assert at(SourceLocation("5-4.csv", "5-4", 2), "corporate_number").field == "契約先の法人番号（国庫債務負担行為等による契約）"
    assert at(SourceLocation("5-1.csv", "5-1", 2), "corporate_number").field == "法人番号"
    assert at(SourceLocation("1-1.csv", "1-1", 2), "policy_ministry").field == "所管府省庁", "1-1 spells it so"
    assert at(SourceLocation("1-2.csv", "1-2", 2), "policy_ministry").field == "政策所管府省庁"
    assert at(SourceLocation("1-2.csv", "1-2", 2), "methods").field == "実施方法"


def test_sheet_sources_name_the_printed_label_or_none() -> None:
    assert at(SourceLocation("0001.pdf", "p1", 3), "law_title").field == "根拠法令（具体的な条項も記載）"
    assert at(SourceLocation("0001.xlsx", "sheet:Sheet1", 3), "bureau").field == "担当部局庁"
    assert at(SourceLocation("0001.pdf", "p1", 3), "policy_ministry_p").field is None


def test_an_unresolved_law_on_a_sheet_points_at_the_sheet_label() -> None:
    """Before, the problem named 法令名, an RS column no pre-2024 sheet has."""
    key = r.SheetKey(2016, None, "mof", "0001")
    src = SourceLocation("mof-0001.pdf", "p1", 12)
    info = r.SheetInfo(sheet=key, src=src, name="事業", source_kind=r.SHEET)
    law = r.LawRef(sheet=key, src=src, number="1", title="架空の特別措置法")
    from rs2rdf.pipeline.graph import map_records

    _rows, problems = map_records([info, law], [], rs2rdf.Config())
    unresolved = [p for p in problems if p.code == "unresolved-law"]
    assert [p.location.field for p in unresolved if p.location] == ["根拠法令（具体的な条項も記載）"]
