"""A payee list entered in yen where 百万円 is asked: marked in the graph, kept as printed, left out of totals.

Before, the reader only warned; the site summed the amounts at face value, and a generated workbook's
yen-entered row put one company at the top of the recipient ranking with ¥44,450 trillion.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest

from rs2rdf import api
from rs2rdf.core import records as r
from rs2rdf.mapping.iris import Iris
from tools.make_database_fixture import generate

pytestmark = pytest.mark.slow  # a whole build with its site


def test_yen_entered_payees_are_marked_and_left_out_of_totals(tmp_path: Path) -> None:
    books = tmp_path / "in"
    books.mkdir()
    truth = generate(books / "database2017.xlsx", 2017, 5, seed=4, yen_rows=(2,))
    suspect = truth["projects"][2]

    records = api.read(books)
    payments = records.of_type(r.Payment)
    marked = {p.sheet.number for p in payments if p.unit_suspect}
    assert marked == {suspect["number"]}  # the one yen-entered row, and only it
    assert all(p.amount is not None and p.amount.printed_value == Decimal(tp["amount"])  # never rescaled
               for p, tp in zip(sorted((p for p in payments if p.unit_suspect), key=lambda p: (p.block, p.rank)),
                                suspect["payees"]))

    store = api.to_graph(records)
    flagged = {q.subject.value for q in store.quads_for_pattern(None, api.ox.NamedNode(Iris().term("unitSuspect")), None)}
    segment = quote(suspect["number"])  # 新29-0003 is percent-encoded in IRIs
    assert flagged and all(f"/{segment}/" in s for s in flagged)

    out = tmp_path / "out"
    result = api.build(books, out=out)
    assert result.exit_code in (0, 1), result.problems  # warnings are fine
    largest = max((Decimal(p.amount.yen) for p in payments if p.unit_suspect and p.amount is not None))
    shown = re.compile(r'data-yen="(-?\d+)"')
    for page in [out / "index.html", *sorted((out / "recipients").rglob("*.html"))]:
        amounts = [Decimal(v) for v in shown.findall(page.read_text(encoding="utf-8"))]
        assert amounts and max(amounts) < largest, page  # the suspect amounts add into no total
    flagged_pages = [p for p in (out / "id" / "sheet").rglob("*.html") if "単位要確認" in p.read_text(encoding="utf-8")]
    assert flagged_pages and all(suspect["number"] in str(p) or segment in str(p) for p in flagged_pages)
    sheet_page = next(p for p in flagged_pages if p.name == "index.html")
    assert f'data-yen="{largest}"' in sheet_page.read_text(encoding="utf-8")  # the payee table still prints it
