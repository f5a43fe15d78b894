"""The 主要事項データベース reader against the generator's own truth, field by field.

Every edition's naming (2014 payee groups, 2015–2020 repeated blocks, 2021+ -01 suffixes and
five 事業番号 parts), both header styles (merged header rows and one flattened row), era forms,
empty markers and a project whose payees were entered in yen.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rs2rdf.core import records as r
from rs2rdf.sources.database import is_database_workbook, read_database
from rs2rdf.sources.database.rows import EMPTY_WORDS
from rs2rdf.sources.sheet.output import to_jsonable
from tools.make_database_fixture import generate

EDITIONS = [(2014, False), (2015, True), (2017, False), (2019, True), (2020, False), (2021, True), (2022, False), (2023, True)]
MARKS = {"-", "－", "ー", "‐"} | EMPTY_WORDS


def _million(printed: Any) -> int | None:
    """What a printed 百万円 cell means in yen, by hand: ▲ negative, commas, marks → None."""
    if printed is None or (isinstance(printed, str) and printed.strip() in MARKS):
        return None
    text = str(printed).replace(",", "").replace(" ", "")
    negative = text.startswith("▲")
    value = Decimal(text.lstrip("▲")) * 1_000_000
    return int(-value if negative else value)


def _read(tmp_path: Path, year: int, flat: bool, rows: int = 10, seed: int | None = None, **kw: Any) -> tuple[Any, dict[str, Any]]:
    path = tmp_path / f"book-{year}-{int(flat)}.xlsx"
    truth = generate(path, year, rows, seed=seed if seed is not None else year, flat=flat, **kw)
    return read_database(path), truth


def _by_sheet(records: list[Any]) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {}
    for rec in records:
        out.setdefault(rec.sheet.number, {}).setdefault(type(rec).__name__, []).append(rec)
    return out


@pytest.mark.parametrize("year,flat", EDITIONS)
def test_every_field_of_every_row(tmp_path: Path, year: int, flat: bool) -> None:
    ex, truth = _read(tmp_path, year, flat)
    assert ex.review_year == year
    assert ex.header_rows == (1 if flat else truth["header_rows"])
    got = _by_sheet(ex.records)
    assert len(got) == len(truth["projects"]) == ex.rows
    for t in truth["projects"]:
        recs = got[t["number"]]
        info: r.SheetInfo = recs["SheetInfo"][0]
        assert info.src.row == t["row"] and info.src.file == f"book-{year}-{int(flat)}.xlsx" and info.src.field == "事業名"
        assert (info.name, info.ministry, info.printed_number) == (t["name"], t["ministry"], t["number"])
        assert info.unit is not None and (info.unit.bureau, info.unit.division) == (t["bureau"], t["office"])
        assert (info.responsible_person, info.account, info.purpose, info.overview) == (t["person"], t["account"], t["purpose"], t["overview"])
        assert info.main_policy == t["main_policy"]
        assert info.methods == tuple(t["method"].split("、"))  # 委託・請負 stays one label
        assert info.sheet.review_year == year and info.sheet.ministry and info.sheet.ministry.isdigit()
        assert info.past_numbers == tuple(f"{_label(p['year'])} {p['number']}" for p in t["past"])
        assert [(p.year, p.ministry, p.number) for p in info.past_links] == [(p["year"], p["ministry"], p["number"]) for p in t["past"]]
        assert all(p.src.row == t["row"] and p.src.field and "事業番号" in p.src.field for p in info.past_links)
        budgets = {b.budget_year: b for b in recs["BudgetSummary"]}
        for y, row in t["budget"].items():
            b = budgets[int(y)]
            for comp, attr in (("当初予算", "initial"), ("補正予算", "supplementary"), ("前年度から繰越し", "carried_in"),
                               ("翌年度へ繰越し", "carried_out"), ("予備費等", "reserve"), ("計", "current"), ("執行額", "executed")):
                money = getattr(b, attr)
                assert (money.yen if money else None) == _million(row[comp]), (t["number"], y, comp)
                if money is not None:
                    assert money.unit == "百万円" and isinstance(money.yen, int)
        assert budgets[year].next_request.yen == _million(t["request"])
        payees = {(p.block, p.rank): p for p in recs.get("Payment", [])}
        assert len(payees) == len(t["payees"])
        for tp in t["payees"]:
            p = payees[(tp["block"], tp["rank"])]
            assert (p.name, p.corporate_number, p.business) == (tp["name"], tp["corporate_number"], tp["business"])
            assert p.amount is not None and p.amount.yen == _million(tp["amount"])
            contract = p.contracts[0]
            assert contract.method == tp["method"] and contract.bidders == tp["bidders"]
            assert contract.winning_rate == (Decimal(tp["rate"]) if tp["rate"] else None)
            if "contract2" in tp:  # the -02 columns: a second contract of the same payee
                second = tp["contract2"]
                assert [(c.method, c.bidders, c.winning_rate) for c in p.contracts[1:]] == [
                    (second["method"], second["bidders"], Decimal(second["rate"]))]
            else:
                assert len(p.contracts) == 1
        indicators = {(i.kind, i.number): i for i in recs.get("Indicator", [])}
        for kind in ("outcome", "output"):
            for item in t[kind + "s"]:
                ind = indicators[(kind, item["number"])]
                assert (ind.name, ind.unit) == (item["name"], item["unit"])
                expected = {int(y): (Decimal(v["actual"]), Decimal(v["target"]), False) for y, v in item["values"].items()}
                if "final" in item:  # 目標最終年度: its target on its year, marked as the target year
                    expected[item["final"]["year"]] = (None, Decimal(item["final"]["target"]), True)
                assert {v.year: (v.actual, v.target, v.is_target_year) for v in ind.values} == expected
        assert len(indicators) == len(t["outcomes"]) + len(t["outputs"])
        if t.get("laws"):
            assert [law.title for law in recs["LawRef"]] == ["総務省設置法"]
        _sections_match(recs, info, t)


def _sections_match(recs: dict[str, list[Any]], info: r.SheetInfo, t: dict[str, Any]) -> None:
    """④ 点検, ⑤–⑦ 所見, ⑩ 費目・使途, ⑫ 契約先 and 単位当たりコスト, field by field."""
    (ev,) = recs["Evaluation"]
    assert ev.checklist == tuple((c["item"], c["mark"], c["explanation"]) for c in t["checklist"])
    for field, value in t["evaluation"].items():
        assert getattr(ev, field) == value, field
    assert ev.src.row == t["row"] and ev.src.field and ev.src.field.startswith("事業所管部局による点検・改善")
    lines = [(x.block, x.payee, x.category, x.use, x.amount.yen if x.amount else None) for x in recs.get("ExpenseLine", [])]
    assert lines == [(e["block"], e["payee"], e["category"], e["use"], _million(e["amount"])) for e in t["expenses"]]
    contracts = recs.get("ObligationContract", [])
    assert [(c.rank, c.block, c.name, c.corporate_number, c.summary, c.amount.yen if c.amount else None, c.method, c.bidders,
             c.winning_rate) for c in contracts] == [
        (o["rank"], o["block"], o["name"], o["corporate_number"], o["summary"], _million(o["amount"]), o["method"], o["bidders"],
         Decimal(o["rate"]) if o["rate"] else None) for o in t["obligations"]]
    assert info.unit_cost == tuple((label, value) for label, value in t["unit_cost"])


def _label(year: int) -> str:
    from rs2rdf.sources.normalize.eras import fiscal_year_label_ja

    return fiscal_year_label_ja(year)


@pytest.mark.parametrize("year", [2014, 2018, 2022])
def test_both_header_styles_give_the_same_records(tmp_path: Path, year: int) -> None:
    merged, _ = _read(tmp_path, year, False, seed=7)
    flat, _ = _read(tmp_path, year, True, seed=7)
    assert merged.header_rows > 1 and flat.header_rows == 1
    assert to_jsonable(merged.records, locations=False) == to_jsonable(flat.records, locations=False)


def test_review_year_from_contents_not_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "database2099.xlsx"  # names lie: database240502 is the 2022 review
    generate(path, 2018, 8, seed=3)
    assert read_database(path).review_year == 2018


def test_review_year_without_request_columns_from_budgets_without_execution(tmp_path: Path) -> None:
    ex, _ = _read(tmp_path, 2020, False, request_columns=False)
    assert ex.review_year == 2020
    assert not [p for p in ex.problems if p.code == "database-review-year"]


def test_yen_entered_payees_are_flagged_not_rescaled(tmp_path: Path) -> None:
    ex, truth = _read(tmp_path, 2017, False, yen_rows=(2,))
    flagged = [p for p in ex.problems if p.code == "suspect-unit"]
    yen_project = truth["projects"][2]
    assert [p.location.row for p in flagged] == [yen_project["row"]]
    assert flagged[0].severity == "warning" and "百万円" in flagged[0].message
    payments = [p for p in ex.records if isinstance(p, r.Payment) and p.sheet.number == yen_project["number"]]
    assert payments and all(p.amount is not None and p.amount.printed_value == Decimal(tp["amount"])
                            for p, tp in zip(sorted(payments, key=lambda p: (p.block, p.rank)), yen_project["payees"]))


def test_unknown_header_family_is_one_problem_with_an_example(tmp_path: Path) -> None:
    ex, _ = _read(tmp_path, 2016, True)
    unknown = [p for p in ex.problems if p.code == "database-unknown-header"]
    header = "政策評価、経済・財政再生アクション・プログラムとの関係-測定指標"  # ③ is not read
    assert len(unknown) == 1 and unknown[0].value == header and unknown[0].location.field == header
    assert "政策評価、経済・財政再生アクション・プログラムとの関係" in unknown[0].message


def test_empty_markers_are_none_never_zero(tmp_path: Path) -> None:
    ex, truth = _read(tmp_path, 2017, True, rows=20)
    marked = [(t["number"], y, comp) for t in truth["projects"] for y, row in t["budget"].items()
              for comp, v in row.items() if isinstance(v, str) and v in MARKS]
    assert marked  # the generator wrote some
    budgets = {(b.sheet.number, str(b.budget_year)): b for b in ex.records if isinstance(b, r.BudgetSummary)}
    field = {"補正予算": "supplementary", "前年度から繰越し": "carried_in", "翌年度へ繰越し": "carried_out", "予備費等": "reserve", "執行額": "executed"}
    for number, y, comp in marked:
        assert getattr(budgets[(number, y)], field[comp]) is None


def test_a_workbook_is_told_from_a_per_project_sheet_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "R05.xlsx"
    generate(path, 2023, 3, seed=1)
    assert is_database_workbook(path)
    sheet = Path(__file__).parent / "data" / "sheets" / "h29-soumu-0051.xlsx"
    assert not is_database_workbook(sheet)
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    assert not is_database_workbook(tmp_path / "broken.xlsx")


def test_a_workbook_written_by_openpyxl_reads_the_same(tmp_path: Path) -> None:
    """Inline strings, openpyxl's own layout: what another writer makes of the same rows."""
    from openpyxl import Workbook

    from rs2rdf.sources.database.xlsxstream import Worksheet

    ours = tmp_path / "ours.xlsx"
    generate(ours, 2019, 4, seed=5, flat=True)
    with Worksheet(ours) as ws:
        rows = list(ws.rows())
    wb = Workbook()
    sheet = wb.active
    sheet.title = "主要事項"
    for row, values in rows:
        for col, value in values.items():
            sheet.cell(row=row, column=col, value=int(value) if value.isascii() and value.isdigit() and len(value) < 10 else value)
    theirs = tmp_path / "theirs.xlsx"
    wb.save(theirs)
    assert to_jsonable(read_database(ours).records) == to_jsonable(
        [_rename(rec) for rec in read_database(theirs).records])


def _rename(rec: Any) -> Any:
    import dataclasses

    def fix(src: Any) -> Any:
        return dataclasses.replace(src, file="ours.xlsx")

    changes: dict[str, Any] = {"src": fix(rec.src)}
    if isinstance(rec, r.Payment):
        changes["contracts"] = tuple(dataclasses.replace(c, src=fix(c.src)) for c in rec.contracts)
    if isinstance(rec, r.SheetInfo):
        changes["past_links"] = tuple(dataclasses.replace(p, src=fix(p.src)) for p in rec.past_links)
    return dataclasses.replace(rec, **changes)


def test_cells_in_any_attribute_order_read_the_same(tmp_path: Path) -> None:
    """Rows of Excel's plain cells take the one-expression path; the same rows written otherwise
    (attributes reordered, as other writers do) take the general one: the records are equal."""
    import re
    import zipfile

    ours = tmp_path / "ours.xlsx"
    generate(ours, 2021, 6, seed=8)
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(ours) as src, zipfile.ZipFile(other, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                swapped = re.sub(rb'<c r="([A-Z]+\d+)"((?: s="\d+")?)( t="\w+")', rb'<c\3\2 r="\1"', data)
                assert swapped != data
                data = swapped
            dst.writestr(info, data)
    assert to_jsonable(read_database(ours).records) == to_jsonable([_rename(rec) for rec in read_database(other).records])


def test_indicator_and_section_fields_not_read_are_reported_not_dropped() -> None:
    """Within a known family, a field the reader does not read is an unknown header (its own family), never silence."""
    from rs2rdf.sources.database.headers import classify

    names = {1: "成果目標及び成果実績（アウトカム）-中間目標-01", 2: "成果目標及び成果実績（アウトカム）-令和4年度-成果実績-01",
             3: "成果目標及び成果実績（アウトカム）-目標最終年度-目標値-01", 4: "成果目標及び成果実績（アウトカム）-達成度（％）-令和3年度-01",
             5: "活動指標及び活動実績（アウトプット）-5年度活動見込", 6: "単位当たりコスト-計算式の説明",
             7: "国庫債務負担行為等による契約先上位10者リスト-1-ﾌﾞﾛｯｸ名", 8: "事業所管部局による点検・改善-国費投入の必要性-備考",
             9: "支出先上位１０者リスト-B.支払先-3-所在地-01", 10: "支出先上位１０者リスト-グループ-所在地-4"}
    got = {c.col: (c.family, c.field) for c in classify(names)}
    assert got[1] == ("unknown", "成果目標及び成果実績(アウトカム)-中間目標")
    assert got[2][0] == "outcome" and got[3] == ("outcome", "目標最終年度-目標値")
    assert got[4] == ("unknown", "成果目標及び成果実績(アウトカム)-達成度(%)-令和3年度")  # a year after the field: not this layout
    assert got[5] == ("unknown", "活動指標及び活動実績(アウトプット)-5年度活動見込")
    assert got[6][0] == "unknown" and got[8][0] == "unknown"
    assert got[7] == ("obligation", "block")
    assert got[9] == got[10] == ("unknown", "支出先上位10者リスト-所在地")  # one problem line for the field, both namings
