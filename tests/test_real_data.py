"""Acceptance on the real RS 2024 subset (../shared/data/rs2024, 31 projects) and the full 1-1 table.

Numbers are read back out of the built ``data/rs2rdf.nq`` with pyoxigraph and compared
with values computed here from the CSV, independently of rs2rdf's reader. The shared
subset is truncated per table (3-1 holds 2 projects, 5-1 holds 3), so only what it
contains is asserted.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf.mapping.iris import DEFAULT_BASE

B = DEFAULT_BASE
RS = B + "def/rs#"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
PREFIXES = f"""
PREFIX rs: <{RS}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
AGGREGATE_COLUMNS = ("当初予算（合計）", "補正予算（合計）", "前年度からの繰越し（合計）", "予備費等（合計）",
                     "計（歳出予算現額合計）", "執行額（合計）", "執行率", "翌年度への繰越し(合計）", "翌年度要求額（合計）")


# ---------------------------------------------------------------- independent CSV access


def read_csv(folder: Path, table: str) -> list[tuple[int, dict[str, str]]]:
    """(physical line, row) of one RS table ZIP; line 1 is the header."""
    (path,) = folder.glob(f"{table}_RS_2024_*.zip")
    with zipfile.ZipFile(path) as zf:
        (name,) = zf.namelist()
        text = zf.read(name).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(enumerate(reader, start=2))


def yen(cell: str) -> int:
    return int(Decimal(cell.strip()))


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def rs2024(shared_data: Path) -> Path:
    folder = shared_data / "rs2024"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return folder


@pytest.fixture(scope="module")
def store(real_build: Path) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(real_build / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    return s


@pytest.fixture(scope="module")
def real_problems(real_build: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads((real_build / "data" / "problems.json").read_text(encoding="utf-8"))


def select(store: ox.Store, query: str) -> list[dict[str, ox.Literal | ox.NamedNode]]:
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names if sol[n] is not None} for sol in result]


def sheet(budget_id: int | str) -> str:
    return f"{B}id/sheet/2024/{budget_id}"


def exact_yen(term: ox.Literal) -> int:
    """An amount literal: xsd:decimal (never double) holding a whole number of yen."""
    assert isinstance(term, ox.Literal)
    assert term.datatype.value == XSD_DECIMAL, f"{term} is not xsd:decimal"
    value = Decimal(term.value)
    assert value == value.to_integral_value()
    return int(value)


# ---------------------------------------------------------------- tests


def test_real_all_projects_built(real_build: Path, rs2024: Path, store: ox.Store) -> None:
    ids = {row["予算事業ID"] for _, row in read_csv(rs2024, "6-1")}
    assert len(ids) == 31
    summary = json.loads((real_build / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["sheets"] == 31 and summary["projects"] == 31
    built = {r["s"].value for r in select(store, "SELECT DISTINCT ?s WHERE { ?s a rs:ReviewSheet }")}
    assert built == {sheet(i) for i in ids}


def test_real_884_aggregate_budget_2023(rs2024: Path, store: ox.Store) -> None:
    """FORMATS §1.5 worked example; the values are also computed from the CSV here."""
    (row,) = [r for _, r in read_csv(rs2024, "2-1")
              if r["予算事業ID"] == "884" and r["予算年度"] == "2023" and r["当初予算（合計）"]]
    expected = {
        "initialBudget": 23_737_000, "supplementaryBudget": 8_260_000, "carriedOverIn": 8_220_000,
        "currentBudget": 40_217_000, "execution": 28_433_000,
    }
    columns = {"initialBudget": "当初予算（合計）", "supplementaryBudget": "補正予算（合計）",
               "carriedOverIn": "前年度からの繰越し（合計）", "currentBudget": "計（歳出予算現額合計）",
               "execution": "執行額（合計）"}
    assert {p: yen(row[c]) for p, c in columns.items()} == expected
    (obs,) = select(store, f"""SELECT ?o WHERE {{ ?o a rs:BudgetSummary ; rs:sheet <{sheet(884)}> ;
                                 rs:budgetYear <{B}id/fy/2023> ; rs:isAggregate true }}""")
    values = {r["p"].value.removeprefix(RS): r["v"] for r in select(store, f"SELECT ?p ?v WHERE {{ <{obs['o'].value}> ?p ?v }}")}
    assert {p: exact_yen(values[p]) for p in expected} == expected
    assert exact_yen(values["nextYearRequest"]) == yen(row["翌年度要求額（合計）"]) == 42_023_000  # printed 42023000.0
    assert Decimal(values["executionRate"].value) == Decimal(row["執行率"]) == Decimal("0.70699")


def test_real_2_1_every_aggregate_row_appears_once(rs2024: Path, store: ox.Store) -> None:
    aggregates = Counter()
    initial: dict[tuple[str, str], int] = {}
    for _, r in read_csv(rs2024, "2-1"):
        if any(r[c].strip() for c in AGGREGATE_COLUMNS):
            key = (r["予算事業ID"], r["予算年度"])
            aggregates[key] += 1
            initial[key] = yen(r["当初予算（合計）"])
    assert aggregates and max(aggregates.values()) == 1
    rows = select(store, """SELECT ?s ?y ?v WHERE { ?o a rs:BudgetSummary ; rs:isAggregate true ; rs:sheet ?s ;
                                                rs:budgetYear/rs:year ?y ; rs:initialBudget ?v }""")
    built = Counter((r["s"].value.rsplit("/", 1)[1], r["y"].value) for r in rows)
    assert built == aggregates
    assert {(r["s"].value.rsplit("/", 1)[1], r["y"].value): exact_yen(r["v"]) for r in rows} == initial


def test_real_2_1_accounts_sum_to_the_aggregate(rs2024: Path, store: ox.Store) -> None:
    """No double count: Σ account 当初予算 = aggregate 当初予算（合計） in the graph, per (sheet, 予算年度)."""
    rows = select(store, """SELECT ?s ?y ?agg ?v WHERE { ?o a rs:BudgetSummary ; rs:isAggregate ?agg ; rs:sheet ?s ;
                                                     rs:budgetYear/rs:year ?y ; rs:initialBudget ?v }""")
    agg: dict[tuple[str, str], int] = {}
    acc: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        key = (r["s"].value, r["y"].value)
        if r["agg"].value == "true":
            agg[key] = exact_yen(r["v"])
        else:
            acc[key] += exact_yen(r["v"])
    assert agg
    assert {k: acc.get(k, 0) for k in agg} == agg


def test_real_6201_blank_duplicate_row_reported(rs2024: Path, store: ox.Store, real_problems: list[dict]) -> None:  # type: ignore[type-arg]
    (line,) = [n for n, r in read_csv(rs2024, "2-1")
               if r["予算事業ID"] == "6201" and r["予算年度"] == "2022" and not any(r[c].strip() for c in AGGREGATE_COLUMNS)
               and not (r["会計区分"] or r["会計"] or r["勘定"])]
    reported = [p for p in real_problems if p["part"] == "2-1" and p["row"] == line]
    assert [p["code"] for p in reported] in (["blank-budget-row"], ["duplicate-budget-row"])
    obs = select(store, f"""SELECT ?o WHERE {{ ?o a rs:BudgetSummary ; rs:sheet <{sheet(6201)}> ;
                                               rs:budgetYear <{B}id/fy/2022> }}""")
    assert len(obs) == 1  # the aggregate row only


def test_real_884_blocks_equal_their_payees(rs2024: Path, store: ox.Store) -> None:
    csv_blocks: dict[str, int] = {}
    csv_payees: dict[str, int] = defaultdict(int)
    for _, r in read_csv(rs2024, "5-1"):
        if r["予算事業ID"] != "884":
            continue
        if r["支出先ブロック名"] and not r["支出先名"]:
            csv_blocks[r["支出先ブロック番号"]] = yen(r["ブロックの合計支出額"])
        elif r["支出先名"] and not r["契約概要"]:
            csv_payees[r["支出先ブロック番号"]] += yen(r["支出先の合計支出額"])
    assert csv_blocks == {"A": 1_437_000, "B": 328_000, "C": 26_668_000} == dict(csv_payees)
    rows = select(store, f"""SELECT ?letter ?amount WHERE {{ <{sheet(884)}> rs:block ?b . ?b rs:blockLetter ?letter ;
                                                                  rs:amount ?amount }}""")
    assert {r["letter"].value: exact_yen(r["amount"]) for r in rows} == csv_blocks
    rows = select(store, f"""SELECT ?letter ?p ?amount WHERE {{ <{sheet(884)}> rs:block ?b . ?b rs:blockLetter ?letter ;
                                                                     rs:payment ?p . ?p rs:amount ?amount }}""")
    sums: dict[str, int] = defaultdict(int)
    for r in rows:
        sums[r["letter"].value] += exact_yen(r["amount"])
    assert dict(sums) == csv_blocks


def test_real_5_1_every_payee_amount_appears(rs2024: Path, store: ox.Store) -> None:
    expected: Counter = Counter()  # type: ignore[type-arg]
    for _, r in read_csv(rs2024, "5-1"):
        if r["支出先名"] and not r["契約概要"] and r["支出先の合計支出額"].strip():
            expected[(r["予算事業ID"], r["支出先ブロック番号"], r["支出先名"], yen(r["支出先の合計支出額"]))] += 1
    assert sum(expected.values()) > 20
    rows = select(store, """SELECT ?s ?letter ?name ?amount WHERE { ?s a rs:ReviewSheet ; rs:block ?b . ?b rs:blockLetter ?letter ;
                             rs:payment ?p . ?p a rs:Payment ; rs:printedName ?name ; rs:amount ?amount }""")
    built = Counter((r["s"].value.rsplit("/", 1)[1], r["letter"].value, r["name"].value, exact_yen(r["amount"])) for r in rows)
    assert built == expected


def _edges(rs2024: Path, budget_id: str) -> Counter:  # type: ignore[type-arg]
    return Counter((r["支出元の支出先ブロック"] or "agency", r["支出先の支出先ブロック"], r["資金の流れの補足情報"])
                   for _, r in read_csv(rs2024, "5-2")
                   if r["予算事業ID"] == budget_id and r["支出先の支出先ブロック"] and not r["国自らが支出する間接経費"])


def _built_edges(store: ox.Store, budget_id: str) -> Counter:  # type: ignore[type-arg]
    rows = select(store, f"""SELECT ?f ?from ?to ?note WHERE {{ ?f a rs:FundFlow ; rs:sheet <{sheet(budget_id)}> ;
                                 rs:toBlock/rs:blockLetter ?to .
                                 OPTIONAL {{ ?f rs:fromBlock/rs:blockLetter ?from }} OPTIONAL {{ ?f rs:flowNote ?note }} }}""")
    return Counter((r["from"].value if "from" in r else "agency", r["to"].value, r["note"].value if "note" in r else "")
                   for r in rows)


@pytest.mark.parametrize("budget_id, why", [("1409", "cycles A→B→A and B→C→D→B"), ("4", "repeated 担当組織→A/B edges")])
def test_real_5_2_every_edge_kept(rs2024: Path, store: ox.Store, budget_id: str, why: str) -> None:
    expected = _edges(rs2024, budget_id)
    assert len(expected) >= 4, why
    assert _built_edges(store, budget_id) == expected


def test_real_3522_large_block_is_exact(rs2024: Path, store: ox.Store) -> None:
    (printed,) = [r["ブロックの合計支出額"] for _, r in read_csv(rs2024, "5-1")
                  if r["予算事業ID"] == "3522" and r["支出先ブロック名"] and r["ブロックの合計支出額"].strip()]
    assert printed == "677292895000 "
    (row,) = select(store, f"SELECT ?v WHERE {{ <{sheet(3522)}/block/A> rs:amount ?v }}")
    assert row["v"].value == "677292895000" and exact_yen(row["v"]) == 677_292_895_000


def test_real_18556_block_without_execution_has_no_amount(rs2024: Path, store: ox.Store) -> None:
    blocks = [r for _, r in read_csv(rs2024, "5-1") if r["予算事業ID"] == "18556"]
    assert blocks and all(not r["ブロックの合計支出額"].strip() for r in blocks)
    letters = {r["支出先ブロック番号"] for r in blocks}
    for letter in letters:
        rows = select(store, f"SELECT ?p ?v WHERE {{ <{sheet(18556)}/block/{letter}> ?p ?v }}")
        predicates = {r["p"].value for r in rows}
        assert RS + "SpendingBlock" in {r["v"].value for r in rows}
        assert RS + "amount" not in predicates


@pytest.fixture(scope="module")
def full_1_1(shared_data: Path) -> Path:
    path = shared_data / "rs2024-full" / "1-1_RS_2024_基本情報_組織情報.zip"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return path


def test_real_full_1_1_read_without_problems(full_1_1: Path) -> None:
    from rs2rdf.core import records as r
    from rs2rdf.sources.rs_csv import read_tables
    from rs2rdf.sources.rs_records import table_to_records

    tables, problems = read_tables(full_1_1)
    assert problems == []
    (table,) = tables
    assert table.problems == [] and table.spec is not None and table.spec.table == "1-1" and table.year == 2024
    assert len(table.rows) == 8_537
    records, headers, rec_problems = table_to_records(table)
    assert rec_problems == []
    assert len(headers) == 5_664
    assert len({k.budget_id for k in headers}) == 5_664
    org_rows = [x for x in records if isinstance(x, r.OrgRow)]
    assert len(org_rows) == 8_537  # every row is a person and/or a co-responsible unit


def test_real_kishocho_is_a_sub_organisation_of_mlit(full_1_1: Path) -> None:
    """「国土交通省　気象庁」 (U+3000) → 気象庁 8000012100004, under 国土交通省 2000012100001."""
    from rs2rdf.pipeline.graph import make_graph
    from rs2rdf.core.config import Config

    with zipfile.ZipFile(full_1_1) as zf:
        text = zf.read(zf.namelist()[0]).decode("utf-8-sig")
    ids = {r["予算事業ID"] for r in csv.DictReader(io.StringIO(text, newline="")) if r["府省庁"] == "国土交通省\u3000気象庁"}
    assert ids
    graph = make_graph([full_1_1], Config())
    s = ox.Store()
    s.bulk_extend(graph.quads)
    responsible = select(s, f"""SELECT ?s ?o WHERE {{ ?s a rs:ReviewSheet ; rs:responsibleOrganization ?o .
                                 VALUES ?s {{ {' '.join(f'<{sheet(i)}>' for i in sorted(ids))} }} }}""")
    assert {r["s"].value for r in responsible} == {sheet(i) for i in ids}
    assert {r["o"].value for r in responsible} == {B + "id/org/8000012100004"}
    rows = select(s, f"""SELECT ?parent ?label WHERE {{ <{B}id/org/8000012100004> org:subOrganizationOf ?parent .
                          ?parent rdfs:label ?label FILTER(lang(?label) = "ja") }}""")
    assert [(r["parent"].value, r["label"].value) for r in rows] == [(B + "id/org/2000012100001", "国土交通省")]
