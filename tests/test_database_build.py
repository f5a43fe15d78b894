"""A database workbook among build inputs: found by its header, read into the same sheets and IRIs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rs2rdf import api
from rs2rdf.core import records as r
from rs2rdf.mapping.iris import Iris
from rs2rdf.sources.discover import discover
from tools.make_database_fixture import generate

SHEET = Path(__file__).parent / "data" / "sheets" / "h29-soumu-0051.xlsx"
SAME_SHEET = {"ministry": "総務省", "number_parts": [None, "0051", None], "name": "自治体情報セキュリティ強化対策事業"}


def test_discovery_tells_a_workbook_by_its_header_not_its_name(tmp_path: Path) -> None:
    generate(tmp_path / "h29-soumu-0051.xlsx", 2017, 3, seed=2)  # a database named like a sheet
    shutil.copy(SHEET, tmp_path / "database2017.xlsx")  # a sheet named like a database
    files, problems = discover([tmp_path])
    assert not problems
    assert {f.path.name: f.kind for f in files} == {"h29-soumu-0051.xlsx": "database", "database2017.xlsx": "sheet"}


@pytest.mark.slow
def test_workbook_rows_get_the_iris_of_the_per_project_sheets(tmp_path: Path) -> None:
    generate(tmp_path / "database2017.xlsx", 2017, 5, seed=4, extra=[SAME_SHEET])
    shutil.copy(SHEET, tmp_path)
    records = api.read(tmp_path)
    infos = records.of_type(r.SheetInfo)
    by_file = {(i.src.file, i.sheet) for i in infos}
    assert ("h29-soumu-0051.xlsx", r.SheetKey(2017, None, "2000012020001", "0051")) in by_file
    assert ("database2017.xlsx", r.SheetKey(2017, None, "2000012020001", "0051")) in by_file
    assert len({i.sheet for i in infos}) == 5
    source = next(s for s in records.sources if s.name == "database2017.xlsx")
    assert (source.kind, source.table, source.year, source.rows) == ("sheet", "database", 2017, 5)
    disagree = [p for p in records.problems if p.code == "sources-disagree"]
    assert disagree and all("h29-soumu-0051.xlsx" in p.message and p.location.file == "database2017.xlsx" for p in disagree)
    assert not [p for p in disagree if p.location.field == "事業名"]  # the name was given equal
    store = api.to_graph(records)
    base = "https://example.org/rs2rdf/"
    sheet = f"{base}id/sheet/2017/2000012020001/0051"
    graphs = {q.graph_name.value for q in store.quads_for_pattern(api.ox.NamedNode(sheet), None, None)}
    assert graphs == {f"{base}graph/sheet/2017/2000012020001/0051", f"{base}graph/provenance"}  # one sheet, in its graph
    names = {q.object.value for q in store.quads_for_pattern(api.ox.NamedNode(sheet), api.ox.NamedNode(Iris().term("projectName")), None)}
    assert names == {"自治体情報セキュリティ強化対策事業"}
    # every other row is a sheet of its own, derived from its row of the workbook
    derived = {q.object.value for q in store.quads_for_pattern(None, api.ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), None)}
    assert any(d.endswith("#r6") for d in derived)


def test_a_workbook_row_and_a_sheet_file_that_disagree_are_named_field_by_field() -> None:
    from rs2rdf.core.location import SourceLocation
    from rs2rdf.sources.database.compare import disagreements

    key = r.SheetKey(2017, None, "2000012020001", "0051")
    row = SourceLocation("database2017.xlsx", "sheet:主要事項:r6", 6, "事業名")
    page = SourceLocation("0051.xlsx", "sheet:様式", 3, "事業名")
    money = r.Money(23_285_000_000, "23,285", "百万円")
    recs = [
        r.SheetInfo(sheet=key, src=row, name="自治体情報セキュリティ強化対策事業", source_kind=r.SHEET, purpose="目的。\n続き", start_year=2015),
        r.SheetInfo(sheet=key, src=page, name="自治体情報セキュリティ強化対策事業", source_kind=r.SHEET, purpose="目的。続き", start_year=2016),
        r.BudgetSummary(sheet=key, src=row, budget_year=2016, executed=money, current=money),
        r.BudgetSummary(sheet=key, src=page, budget_year=2016, executed=r.Money(23_284_000_000, "23,284", "百万円"), current=money),
    ]
    found = disagreements(recs, {"database2017.xlsx"})
    assert [(p.code, p.location.file, p.location.row, p.location.field, p.value) for p in found] == [
        ("sources-disagree", "database2017.xlsx", 6, "事業開始年度", "2016"),
        ("sources-disagree", "database2017.xlsx", 6, "2016年度 執行額", "23,284")]
    assert all("0051.xlsx" in p.message and p.severity == "warning" for p in found)
    assert disagreements(recs, set()) == []  # no workbook among the sources: nothing to compare
    # ⑤–⑦: the 所見 texts too, compared without the line breaks the workbook drops
    recs += [r.Evaluation(sheet=key, src=row.with_field("行政事業レビュー推進チームの所見"), team_opinion="終了予定", check_result="適切。\n継続"),
             r.Evaluation(sheet=key, src=page, team_opinion="現状通り", check_result="適切。継続")]
    assert [(p.location.field, p.value) for p in disagreements(recs, {"database2017.xlsx"})][2:] == [
        ("行政事業レビュー推進チームの所見", "現状通り")]
