"""rs2rdf/extract/rs_csv.py (bytes → located rows) and rs_records.py (rows → records): edge cases.

Problems are asserted by code and location (file, part, row, field), never by message text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from rs2rdf.core import records as r
from rs2rdf.sources.rs_csv import parse_table, read_tables
from rs2rdf.sources.rs_records import table_to_records
from rs2rdf.sources.rs_tables import BY_ID, TABLES, identify, identify_by_header, official_stem
from tools.rs_format import encode_rs_csv, write_rs_zip

YEAR = 2024
BASE = {"sheet_type": "レビューシート", "review_year": "2024", "budget_id": "94001", "name": "見本事業",
        "ministry_order": "16", "policy_ministry": "法務省", "ministry": "法務省", "bureau": "大臣官房"}


def csv_name(table: str) -> str:
    return f"{official_stem(BY_ID[table], YEAR)}.csv"


def raw_csv(header: list[str], *rows: list[str]) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def table_of(table: str, *rows: dict[str, str], name: str | None = None):  # type: ignore[no-untyped-def]
    return parse_table(name or csv_name(table), encode_rs_csv(BY_ID[table], [{**BASE, **row} for row in rows]))


def records_of(table: str, *rows: dict[str, str]):  # type: ignore[no-untyped-def]
    t = table_of(table, *rows)
    assert t.problems == []
    return table_to_records(t)


def where(problems) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return [(p.code, p.location.file, p.location.part, p.location.row, p.location.field) for p in problems]


# ---------------------------------------------------------------- names and headers


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.table)
def test_reader_identifies_official_names(spec) -> None:  # type: ignore[no-untyped-def]
    for suffix in (".zip", ".csv"):
        assert identify(official_stem(spec, 2025) + suffix) == (spec, 2025)


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.table)
def test_reader_identifies_a_renamed_file_by_its_header(spec) -> None:  # type: ignore[no-untyped-def]
    assert identify_by_header(spec.headers()) is spec
    row = {"no": "1"} if "no" in {c.field for c in spec.columns} else {}
    t = parse_table("download (1).csv", encode_rs_csv(spec, [{**BASE, **row}]))
    assert t.spec is spec and t.year is None
    assert [p.code for p in t.problems] == []
    assert len(t.rows) == 1


def test_reader_renamed_file_builds_like_the_official_one(tmp_path: Path) -> None:
    from rs2rdf.pipeline.graph import make_graph
    from rs2rdf.core.config import Config

    rows = [{**BASE, "block": "A", "block_name": "見本", "block_amount": "100 "}]
    official, renamed = tmp_path / "official", tmp_path / "renamed"
    official.mkdir()
    renamed.mkdir()
    (official / csv_name("5-1")).write_bytes(encode_rs_csv(BY_ID["5-1"], rows))
    (renamed / "payments.csv").write_bytes(encode_rs_csv(BY_ID["5-1"], rows))
    graph = "https://example.org/rs2rdf/graph/rs/2024/5-1"

    def triples(folder: Path) -> set:  # type: ignore[type-arg]
        g = make_graph([folder], Config())
        assert not g.problems
        return {q.triple for q in g.quads if q.graph_name.value == graph}

    assert triples(official) and triples(official) == triples(renamed)


def test_reader_unknown_file_is_reported() -> None:
    t = parse_table("members.csv", raw_csv(["氏名", "年齢"], ["山田", "30"]))
    assert t.spec is None and t.rows == []
    assert where(t.problems) == [("unknown-input", "members.csv", None, None, None)]


def test_reader_bom_does_not_leak_into_the_first_header() -> None:
    t = table_of("6-1", {"remarks": "備考"})
    assert t.problems == []
    assert t.rows[0].fields["sheet_type"] == "レビューシート"


@pytest.mark.parametrize("table, alias, field", [("1-1", "建制順", "ministry_order"), ("1-1", "所管府省庁", "policy_ministry"),
                                                 ("1-2", "府省庁の建制順", "ministry_order"), ("1-2", "政策所管府省庁", "policy_ministry")])
def test_reader_both_common_header_spellings_map_to_one_field(table: str, alias: str, field: str) -> None:
    spec = BY_ID[table]
    assert alias in spec.headers()
    t = table_of(table, {"no": "1"} if table == "1-1" else {})
    assert t.problems == []
    assert t.rows[0].fields[field] == BASE[field]


def test_reader_unknown_header_names_the_column_and_keeps_the_rest() -> None:
    spec = BY_ID["6-1"]
    header = spec.headers()[:-1] + ["備考（新）"]  # a renamed column
    row = ["レビューシート", "2024", "94001", "見本事業", "16", "法務省", "法務省", "", "", "", "", "", "", "text"]
    t = parse_table(csv_name("6-1"), raw_csv(header, row))
    assert ("unknown-header", csv_name("6-1"), "6-1", 1, "備考（新）") in where(t.problems)
    assert ("missing-column", csv_name("6-1"), "6-1", 1, "備考") in where(t.problems)
    assert t.rows[0].fields["budget_id"] == "94001" and "remarks" not in t.rows[0].fields


def test_reader_lookalike_dash_in_a_header_is_unknown() -> None:
    """4-1 mixes ー (U+30FC) and － (U+FF0D); the other dash is a different header."""
    spec = BY_ID["4-1"]
    header = [h.replace("点検・改善ー点検結果", "点検・改善－点検結果") for h in spec.headers()]
    t = parse_table(csv_name("4-1"), raw_csv(header))
    codes = where(t.problems)
    assert ("unknown-header", csv_name("4-1"), "4-1", 1, "事業所管部局による点検・改善－点検結果") in codes


def test_reader_repeated_header_is_reported() -> None:
    spec = BY_ID["6-1"]
    header = spec.headers() + ["備考"]
    t = parse_table(csv_name("6-1"), raw_csv(header, ["レビューシート", "2024", "94001"] + [""] * 10 + ["a", "b"]))
    assert ("unknown-header", csv_name("6-1"), "6-1", 1, "備考") in where(t.problems)
    assert t.rows[0].fields["remarks"] == "a"


def test_reader_missing_key_column_skips_the_table() -> None:
    spec = BY_ID["6-1"]
    header = [h for h in spec.headers() if h != "予算事業ID"]
    t = parse_table(csv_name("6-1"), raw_csv(header, ["x"] * len(header)))
    assert ("missing-column", csv_name("6-1"), "6-1", 1, "予算事業ID") in where(t.problems)
    assert t.rows == []


def test_reader_header_only_file_has_no_data_rows() -> None:
    t = table_of("5-3")
    assert t.rows == []
    assert [(c, part) for c, _f, part, _r, _fl in where(t.problems)] == [("no-data-rows", "5-3")]


def test_reader_zero_byte_file_is_empty_input() -> None:
    t = parse_table(csv_name("5-3"), b"")
    assert [c for c, *_ in where(t.problems)] == ["empty-input"] and t.rows == []


@pytest.mark.parametrize("extra", [-3, 2])
def test_reader_row_with_wrong_cell_count_is_named(extra: int) -> None:
    spec = BY_ID["6-1"]
    cells = ["レビューシート", "2024", "94001", "見本", "16", "法務省", "法務省"] + [""] * 6 + ["備考"]
    bad = cells[:extra] if extra < 0 else cells + ["x"] * extra
    t = parse_table(csv_name("6-1"), raw_csv(spec.headers(), cells, bad, cells))
    assert where(t.problems) == [("bad-row", csv_name("6-1"), "6-1", 3, None)]
    assert [row.src.row for row in t.rows] == [2, 3, 4]  # the row is still read, padded or cut
    assert t.rows[1].fields["budget_id"] == "94001"


def test_reader_blank_lines_are_skipped_but_lines_still_count() -> None:
    spec = BY_ID["6-1"]
    cells = ["レビューシート", "2024", "94001", "見本", "16", "法務省", "法務省"] + [""] * 6 + ["備考"]
    t = parse_table(csv_name("6-1"), raw_csv(spec.headers(), cells, [""] * 14, cells[:2] + ["94002"] + cells[3:]))
    assert [(row.src.row, row.fields["budget_id"]) for row in t.rows] == [(2, "94001"), (4, "94002")]


def test_reader_quoted_cell_with_comma_quote_and_newline() -> None:
    text = '制度を周知する,\n「見本」 "引用"'
    t = table_of("6-1", {"remarks": text})
    assert t.problems == [] and t.rows[0].fields["remarks"] == text
    assert t.rows[0].src.row == 2


def test_reader_cp932_is_converted_and_reported() -> None:
    data = encode_rs_csv(BY_ID["6-1"], [{**BASE, "remarks": "備考"}]).decode("utf-8-sig").encode("cp932")
    t = parse_table(csv_name("6-1"), data)
    assert [c for c, *_ in where(t.problems)] == ["converted-encoding"]
    assert t.rows[0].fields["remarks"] == "備考"


def test_reader_undecodable_bytes_are_bad_encoding() -> None:
    t = parse_table(csv_name("6-1"), b"\xff\xfe\x00\x81\x00" * 10)
    assert [c for c, *_ in where(t.problems)] == ["bad-encoding"] and t.rows == []


# ---------------------------------------------------------------- ZIP archives


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_reader_zip_member_is_read_with_its_utf8_name(tmp_path: Path) -> None:
    path = tmp_path / f"{official_stem(BY_ID['6-1'], YEAR)}.zip"
    write_rs_zip(path, BY_ID["6-1"], YEAR, [{**BASE, "remarks": "備考"}])
    tables, problems = read_tables(path)
    assert problems == []
    (t,) = tables
    assert t.file == f"{path.name}/{csv_name('6-1')}"
    assert t.spec is BY_ID["6-1"] and t.year == YEAR and t.problems == []
    assert t.rows[0].src.file == csv_name("6-1") and t.rows[0].src.part == "6-1"


@pytest.mark.parametrize("member, code", [("../escape.csv", "unsafe-archive"), ("/abs.csv", "unsafe-archive"),
                                          ("c:evil.csv", "unsafe-archive"), ("readme.txt", "unknown-input")])
def test_reader_zip_refuses_unsafe_or_foreign_members(member: str, code: str, tmp_path: Path) -> None:
    name = f"{official_stem(BY_ID['6-1'], YEAR)}.zip"
    good = encode_rs_csv(BY_ID["6-1"], [{**BASE, "remarks": "備考"}])
    path = _zip(tmp_path / name, {member: good, csv_name("6-1"): good})
    tables, problems = read_tables(path)
    assert [(p.code, p.location.file) for p in problems] == [(code, name)]
    assert [len(t.rows) for t in tables] == [1]


def test_reader_empty_zip_is_empty_input(tmp_path: Path) -> None:
    path = _zip(tmp_path / f"{official_stem(BY_ID['6-1'], YEAR)}.zip", {})
    tables, problems = read_tables(path)
    assert tables == [] and [p.code for p in problems] == ["empty-input"]


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04" + b"\x00" * 40])
def test_reader_broken_zip_is_unreadable(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"{official_stem(BY_ID['6-1'], YEAR)}.zip"
    path.write_bytes(data)
    tables, problems = read_tables(path)
    assert tables == [] and [(p.code, p.location.file) for p in problems] == [("unreadable-input", path.name)]


def test_reader_missing_file_is_unreadable(tmp_path: Path) -> None:
    tables, problems = read_tables(tmp_path / csv_name("6-1"))
    assert tables == [] and [(p.code, p.location.file) for p in problems] == [("unreadable-input", csv_name("6-1"))]


# ---------------------------------------------------------------- rows → records


@pytest.mark.parametrize("raw, expected", [
    ("TRUE", True), ("True", True), ("true", True), ("1", True), ("t", True),
    ("FALSE", False), ("False", False), ("false", False), ("0", False), ("f", False),
    ("", None), ("  ", None),
])
def test_records_flag_spellings(raw: str, expected: bool | None) -> None:
    recs, _, problems = records_of("5-2", {"from_name": "法務省", "from_agency": raw, "to_block": "A"})
    assert problems == []
    (flow,) = recs
    assert flow.from_agency is expected


def test_records_unknown_flag_is_a_problem_at_its_cell() -> None:
    recs, _, problems = records_of("5-2", {"from_name": "法務省", "from_agency": "はい", "to_block": "A"})
    assert where(problems) == [("unparseable-boolean", csv_name("5-2"), "5-2", 2, "担当組織からの支出")]
    assert recs[0].from_agency is None  # the rest of the row is kept


@pytest.mark.parametrize("raw, yen", [("42023000.0", 42023000), ("1437000 ", 1437000), ("-569000", -569000),
                                      ("-473807177580", -473807177580), ("677292895000 ", 677292895000), ("0", 0),
                                      ("", None), ("ー", None)])
def test_records_money_cells(raw: str, yen: int | None) -> None:
    recs, _, problems = records_of("5-1", {"block": "A", "block_name": "見本", "block_amount": raw})
    assert problems == []
    (block,) = recs
    assert (block.amount.yen if block.amount else None) == yen
    assert block.amount is None or isinstance(block.amount.yen, int)


@pytest.mark.parametrize("raw", ["42023000.5", "1e6", "百円", "12,34"])
def test_records_unreadable_money_is_a_problem_and_left_out(raw: str) -> None:
    recs, _, problems = records_of("5-1", {"block": "A", "block_name": "見本", "payee_count": "3", "block_amount": raw})
    assert where(problems) == [("unparseable-amount", csv_name("5-1"), "5-1", 2, "ブロックの合計支出額")]
    (block,) = recs
    assert block.amount is None and block.payee_count == 3


@pytest.mark.parametrize("table", sorted(BY_ID))
def test_records_placeholder_row_gives_only_a_header(table: str) -> None:
    recs, headers, problems = records_of(table, {})
    assert recs == [] and problems == []
    assert list(headers) == [r.SheetKey(2024, 94001)]
    assert headers[r.SheetKey(2024, 94001)].name == "見本事業"


@pytest.mark.parametrize("budget_id", ["", "0", "-3", "ID"])
def test_records_row_without_a_usable_key_is_skipped(budget_id: str) -> None:
    t = table_of("6-1", {"budget_id": budget_id, "remarks": "備考"}, {"remarks": "残る"})
    recs, headers, problems = table_to_records(t)
    assert [p.code for p in problems if p.location.row == 2] and all(p.location.row == 2 for p in problems)
    assert "missing-key" in {p.code for p in problems} or "unparseable-number" in {p.code for p in problems}
    assert [x.text for x in recs] == ["残る"]


def test_records_year_out_of_range() -> None:
    recs, _, problems = records_of("1-2", {"start_year": "1700", "category": "前年度事業"})
    assert where(problems) == [("year-out-of-range", csv_name("1-2"), "1-2", 2, "事業開始年度")]
    assert recs[0].start_year is None


def test_records_control_characters_are_cleaned_and_reported() -> None:
    recs, _, problems = records_of("6-1", {"remarks": "備\x07考"})
    assert where(problems) == [("text-cleaned", csv_name("6-1"), "6-1", 2, "備考")]
    assert recs[0].text == "備考"


def test_records_exact_duplicate_rows_are_kept_once() -> None:
    row = {"no": "1", "target": "市町村", "rate": "'定額"}
    recs, _, problems = records_of("1-4", row, row)
    assert where(problems) == [("duplicate-row", csv_name("1-4"), "1-4", 3, None)]
    assert [(x.number, x.rate) for x in recs] == [(1, "定額")]


def test_records_1_2_groups_major_expenses() -> None:
    body = {"category": "前年度事業", "start_year": "2001"}
    recs, _, problems = records_of("1-2", {**body, "major_expense": "教育振興助成費"}, {**body, "major_expense": "文教施設費"},
                                   {**body, "major_expense": "教育振興助成費"})
    assert problems == []
    (info,) = recs
    assert info.major_expenses == ("教育振興助成費", "文教施設費")


def test_records_1_3_splits_three_lists() -> None:
    recs, _, problems = records_of(
        "1-3",
        {"policy_no": "1", "policy": "政策", "law_no": "1", "law_title": "法務省設置法", "plan_no": "1", "plan_name": "計画"},
        {"law_no": "2", "law_title": "法務省設置法", "law_id": "411AC0000000093", "item": "第２号"},
        {"plan_no": "2", "plan_name": "計画２"},
    )
    assert problems == []
    assert sorted((type(x).__name__, str(x.number)) for x in recs) == [
        ("LawRef", "1"), ("LawRef", "2"), ("Plan", "1"), ("Plan", "2"), ("Policy", "1")]


def test_records_3_1_duplicate_measure_row_is_reported() -> None:
    head = {"number": "1", "kind": "アウトプット", "indicator": "回数"}
    recs, _, problems = records_of("3-1", {**head, "measure": "2.目標値", "y2024": "4"},
                                   {**head, "measure": "2.目標値", "y2024": "5"})
    assert where(problems) == [("duplicate-indicator", csv_name("3-1"), "3-1", 3, None)]
    (ind,) = recs
    assert [(v.year, v.target) for v in ind.values] == [(2024, 4)]


def test_records_3_1_unknown_kind_is_a_problem() -> None:
    recs, _, problems = records_of("3-1", {"number": "1", "kind": "インプット"})
    assert where(problems) == [("unknown-code", csv_name("3-1"), "3-1", 2, "種別（アクティビティ・アウトプット・アウトカム）")]
    assert recs == []


def test_records_3_2_edge_without_both_ends_is_a_bad_row() -> None:
    recs, _, problems = records_of("3-2", {"from_number": "1", "from_kind": "アクティビティ", "to_kind": "アウトプット"})
    assert where(problems) == [("bad-row", csv_name("3-2"), "3-2", 2, None)]
    assert recs == []


def test_records_5_1_contract_rows_without_a_payee_row_imply_the_payee() -> None:
    payee = {"block": "A", "payee": "株式会社見本", "corporate_number": "7010001128717 "}
    recs, _, problems = records_of("5-1", {**payee, "contract_summary": "請負", "contract_amount": "10 "},
                                   {**payee, "contract_summary": "保守", "contract_amount": "20 "})
    assert problems == []
    (payment,) = recs
    assert payment.corporate_number == "7010001128717"
    assert [(c.summary, c.amount.yen) for c in payment.contracts] == [("請負", 10), ("保守", 20)]


def test_records_5_2_overhead_row_is_not_an_edge() -> None:
    recs, _, problems = records_of("5-2", {"overhead_kind": "間接経費", "overhead_item": "人件費", "overhead_amount": "16269000"})
    assert problems == []
    (rec,) = recs
    assert isinstance(rec, r.Overhead) and rec.amount.yen == 16269000


def test_records_5_4_both_remainder_columns() -> None:
    recs, _, problems = records_of("5-4", {"contractor": "株式会社見本", "amount": "100", "is_remainder_a": "f"},
                                   {"contractor": "その他", "amount": "50", "is_remainder": "TRUE"})
    assert problems == []
    assert [(x.name, x.is_remainder) for x in recs] == [("株式会社見本", False), ("その他", True)]
