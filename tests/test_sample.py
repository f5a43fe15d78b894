"""The bundled sample is what its generator makes, has official headers, and keeps the RS invariants."""

from __future__ import annotations

import csv
import importlib.util
import io
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from rs2rdf.sources.rs_tables import TABLES, official_stem

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "rs2rdf" / "data" / "sample"
YEARS = (2024, 2025)
#: The one deliberately invalid 法人番号 in the sample (README "quirks").
INVALID = {"5010401990005"}


def check_digit_ok(number: str) -> bool:
    """FORMATS §5.1, implemented here independently of the generator."""
    if len(number) != 13 or not number.isdigit():
        return False
    base = number[1:]
    s = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base), start=1))
    return int(number[0]) == 9 - s % 9


def read(table: str, year: int) -> list[dict[str, str]]:
    spec = next(t for t in TABLES if t.table == table)
    with zipfile.ZipFile(SAMPLE / f"{official_stem(spec, year)}.zip") as zf:
        text = zf.read(f"{official_stem(spec, year)}.csv").decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header == spec.headers()
    return [dict(zip(header, r)) for r in rows]


def money(value: str) -> int:
    return int(value.strip())


def test_sample_matches_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "tools" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write_sample(tmp_path)
    assert len(written) == 30
    committed = sorted(p.name for p in SAMPLE.glob("*.zip"))
    assert committed == sorted(p.name for p in written)
    stale = [p.name for p in written if p.read_bytes() != (SAMPLE / p.name).read_bytes()]
    assert not stale, f"run `python tools/make_sample.py`: {stale}"
    total = sum(p.stat().st_size for p in written)
    assert total < 100_000


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.table)
def test_headers_and_members(spec, year: int) -> None:
    path = SAMPLE / f"{official_stem(spec, year)}.zip"
    with zipfile.ZipFile(path) as zf:
        (info,) = zf.infolist()
        data = zf.read(info)
    assert info.filename == f"{official_stem(spec, year)}.csv"
    assert info.flag_bits & 0x800
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    rows = read(spec.table, year)
    ids = {r["予算事業ID"] for r in rows}
    assert ids == set(r["予算事業ID"] for r in read("6-1", year))  # every table covers every ID
    assert {r["事業年度"] for r in rows} == {str(year)}


@pytest.mark.parametrize("year", YEARS)
def test_spending_invariants(year: int) -> None:
    block_total: dict[tuple, int] = {}
    payees: dict[tuple, int] = defaultdict(int)
    payee_total: dict[tuple, int] = {}
    contracts: dict[tuple, int] = defaultdict(int)
    for r in read("5-1", year):
        key = (r["予算事業ID"], r["支出先ブロック番号"])
        if r["支出先ブロック名"]:
            if r["ブロックの合計支出額"]:
                block_total[key] = money(r["ブロックの合計支出額"])
        elif r["支出先名"] and not r["契約概要"]:
            payees[key] += money(r["支出先の合計支出額"])
            payee_total[key + (r["支出先名"],)] = money(r["支出先の合計支出額"])
        elif r["契約概要"]:
            contracts[key + (r["支出先名"],)] += money(r["金額"])
    assert block_total and payee_total
    assert dict(payees) == block_total
    assert dict(contracts) == payee_total
    assert any(not r["ブロックの合計支出額"] for r in read("5-1", year) if r["支出先ブロック名"])


@pytest.mark.parametrize("year", YEARS)
def test_budget_invariants(year: int) -> None:
    aggregate: dict[tuple, int] = {}
    accounts: dict[tuple, int] = defaultdict(int)
    for r in read("2-1", year):
        key = (r["予算事業ID"], r["予算年度"])
        if r["当初予算（合計）"]:
            assert key not in aggregate
            aggregate[key] = int(r["当初予算（合計）"])
            assert r["翌年度要求額（合計）"].endswith(".0")
            parts = ("当初予算（合計）", "補正予算（合計）", "前年度からの繰越し（合計）", "予備費等（合計）")
            assert sum(int(r[p]) for p in parts) == int(r["計（歳出予算現額合計）"])
            if r["予算年度"] == str(year):
                assert r["執行額（合計）"] == "0" and r["執行率"] == ""
        elif r["会計区分"]:
            accounts[key] += int(r["当初予算"])
    assert dict(accounts) == aggregate
    items: dict[tuple, int] = defaultdict(int)
    for r in read("2-2", year):
        if r["予算種別"] == "当初予算":
            items[(r["予算事業ID"], r["予算年度"])] += int(r["予算額（歳出予算項目ごと）"])
    assert dict(items) == aggregate
    assert {r["予算年度"] for r in read("2-1", year) if r["予算年度"]} == {str(y) for y in range(year - 3, year + 1)}


@pytest.mark.parametrize("year", YEARS)
def test_corporate_numbers(year: int) -> None:
    numbers = set()
    for table, column in (("5-1", "法人番号"), ("5-3", "法人番号"),
                          ("5-4", "契約先の法人番号（国庫債務負担行為等による契約）")):
        numbers |= {r[column].strip() for r in read(table, year) if r[column]}
    assert INVALID <= numbers
    bad = {n for n in numbers - INVALID if not check_digit_ok(n)}
    assert not bad
    assert not check_digit_ok(next(iter(INVALID)))
    assert {"8000020130001", "9000020281000"} <= numbers  # 東京都, 神戸市 (real)


def test_projects_continue_end_and_start() -> None:
    ids = {y: {r["予算事業ID"] for r in read("6-1", y)} for y in YEARS}
    assert len(ids[2024]) == len(ids[2025]) == 6
    assert len(ids[2024] - ids[2025]) == 1 and len(ids[2025] - ids[2024]) == 1
    for y in YEARS:
        rows = read("6-1", y)
        assert len(rows) == len({r["予算事業ID"] for r in rows})  # 6-1 is 1:1


def test_quirks_present() -> None:
    r13 = read("1-3", 2024)
    law_ids = {r["法令ID"] for r in r13}
    assert {"IDなし", "414AC0000000094_20250601_504AC0000000068", "419AC0000000023"} <= law_ids
    assert any(r["法令名"] == "国家公務員法第70条の６第１項第２号" and not r["法令ID"] for r in r13)
    r12 = read("1-2", 2024)
    assert any(r["終了予定なし"] == "TRUE" and r["事業終了（予定）年度"] for r in r12)
    assert any(not r["事業開始年度"] and r["開始年度不明"] == "FALSE" for r in r12)
    assert any("／" in r["現状・課題"] for r in r12)
    assert {"2023-法務-22-0031", "0407,0416"} <= {r["旧事業番号"] for r in r12}
    assert any(r["補助率"].startswith("'") for r in read("1-4", 2024))
    assert any("\u3000" in r["府省庁"] for r in r12)
    r31 = read("3-1", 2024)
    outcome2 = {r["アウトカムの期間"] for r in r31 if r["種別（アクティビティ・アウトプット・アウトカム）"] == "アウトカム"
                and r["アクティビティ・アウトプット・アウトカムの番号"] == "2" and r["予算事業ID"] == "90001"}
    assert outcome2 == {"1.短期", "3.長期"}
    r52 = read("5-2", 2024)
    assert any(r["国自らが支出する間接経費"] == "間接経費" and r["国自らが支出する間接経費の項目"] == "人件費" for r in r52)
    edges = {(r["予算事業ID"], r["支出元の支出先ブロック"], r["支出先の支出先ブロック"]) for r in r52}
    assert ("90005", "A", "B") in edges and ("90005", "B", "A") in edges
    assert {r["その他の契約"] for r in read("5-4", 2024) if r["契約概要（契約名）（国庫債務負担行為等による契約）"]} == {"f"}
