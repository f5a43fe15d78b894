"""Acceptance on real RS 2024 data: the committed extract (tests/data/real, 6 projects) and,
when ../shared is there, the 31-project subset and the full 1-1 table.

Numbers are read back out of the built ``data/rs2rdf.nq`` with pyoxigraph and compared
with values computed here from the CSV, independently of rs2rdf's reader. Both subsets are
truncated per table (3-1 holds 1 or 2 projects, 5-1 holds 3), so only what they contain is
asserted. Every test taking ``source`` runs on the extract (never skipped) and on the shared
subset (``slow``; skipped without ../shared).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf.mapping.iris import DEFAULT_BASE, RS

B = DEFAULT_BASE
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
PREFIXES = f"""
PREFIX rs: <{RS}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
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


@dataclass(frozen=True)
class Source:
    name: str
    folder: Path  # the 15 RS 2024 ZIPs
    build: Path  # rs2rdf build --no-site --no-validate of them
    projects: int  # how many projects the subset holds (its README says so)


@pytest.fixture(scope="module", params=["extract", pytest.param("shared", marks=pytest.mark.slow)])
def source(request: pytest.FixtureRequest) -> Source:
    if request.param == "extract":
        return Source("extract", request.getfixturevalue("real_extract"), request.getfixturevalue("real_build"), 6)
    return Source("shared", request.getfixturevalue("shared_rs2024"), request.getfixturevalue("shared_build"), 31)


@pytest.fixture(scope="module")
def rs2024(source: Source) -> Path:
    return source.folder


@pytest.fixture(scope="module")
def store(source: Source) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(source.build / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    return s


@pytest.fixture(scope="module")
def real_problems(source: Source) -> list[dict]:  # type: ignore[type-arg]
    return json.loads((source.build / "data" / "problems.json").read_text(encoding="utf-8"))


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


def test_real_all_projects_built(source: Source, rs2024: Path, store: ox.Store) -> None:
    ids = {row["予算事業ID"] for _, row in read_csv(rs2024, "6-1")}
    assert len(ids) == source.projects
    summary = json.loads((source.build / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["sheets"] == source.projects and summary["projects"] == source.projects
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


# ---------------------------------------------------------------- every value of the subset, from its rows

#: 2-1 columns → the BudgetSummary property holding them, per row kind (FORMATS §2-1).
AGGREGATE_PROPERTIES = {
    "当初予算（合計）": "initialBudget", "補正予算（合計）": "supplementaryBudget", "前年度からの繰越し（合計）": "carriedOverIn",
    "予備費等（合計）": "reserveFunds", "計（歳出予算現額合計）": "currentBudget", "執行額（合計）": "execution",
    "執行率": "executionRate", "翌年度への繰越し(合計）": "carriedOverOut", "翌年度要求額（合計）": "nextYearRequest",
}
ACCOUNT_PROPERTIES = {
    "当初予算": "initialBudget", **{f"第{n}次補正予算": f"supplementaryBudget{n}" for n in range(1, 6)},
    "前年度から繰越し": "carriedOverIn", **{f"予備費等{n}": f"reserveFunds{n}" for n in range(1, 5)},
    "歳出予算現額": "currentBudget", "執行額": "execution", "翌年度要求額": "nextYearRequest", "要望額": "priorityRequest",
}
CORPORATE_NUMBER = re.compile(r"[0-9]{13}")


def test_real_2_1_every_budget_figure_is_in_the_graph(rs2024: Path, store: ox.Store) -> None:
    """Each amount cell of 2-1, aggregate and account rows alike, is one xsd:decimal of its
    sheet, 予算年度 and account, with the printed value; the graph holds no other amount. The one
    documented exception: 執行額 of the review year itself is printed 0 but not yet known."""
    expected: set[tuple[str, str, tuple[str, str, str], str, Decimal]] = set()
    for _, r in read_csv(rs2024, "2-1"):
        account = (r["会計区分"], r["会計"], r["勘定"])
        aggregate = bool(r["当初予算（合計）"].strip())
        if not aggregate and not any(account):
            continue  # the blank duplicate row of 6201 (reported, see below)
        columns = AGGREGATE_PROPERTIES if aggregate else ACCOUNT_PROPERTIES
        for column, prop in columns.items():
            cell = r[column].strip()
            if not cell:
                continue
            value = Decimal(cell)
            if prop == "execution" and int(r["予算年度"]) >= int(r["事業年度"]) and value == 0:
                continue
            expected.add((r["予算事業ID"], r["予算年度"], ("", "", "") if aggregate else account, prop, value))
    assert len(expected) > 100
    rows = select(store, """SELECT ?s ?y ?kind ?account ?sub ?p ?v WHERE {
        ?o a rs:BudgetSummary ; rs:sheet ?s ; rs:budgetYear/rs:year ?y ; ?p ?v .
        OPTIONAL { ?o rs:accountKind/<http://www.w3.org/2000/01/rdf-schema#label> ?kind } OPTIONAL { ?o rs:account ?account } OPTIONAL { ?o rs:subAccount ?sub }
        FILTER(isLiteral(?v) && datatype(?v) = xsd:decimal) }""")
    built = {(r["s"].value.rsplit("/", 1)[1], r["y"].value,
              tuple(r[k].value if k in r else "" for k in ("kind", "account", "sub")),
              r["p"].value.removeprefix(RS), Decimal(r["v"].value)) for r in rows}
    assert sorted(built - expected) == [] and sorted(expected - built) == []


def test_real_2_2_every_budget_item_amount_is_in_the_graph(rs2024: Path, store: ox.Store) -> None:
    expected: Counter = Counter()  # type: ignore[type-arg]
    for _, r in read_csv(rs2024, "2-2"):
        amount, request = r["予算額（歳出予算項目ごと）"].strip(), r["翌年度要求額（歳出予算項目ごと）"].strip()
        if amount or request:
            expected[(r["予算事業ID"], r["予算年度"], r["予算種別"], amount and yen(amount), request and yen(request))] += 1
    assert sum(expected.values()) > 50
    # 予算種別 is a concept of the budget-type code list labelled with the printed value; blank is "unspecified"
    rows = select(store, """SELECT ?s ?y ?type ?amount ?request WHERE { ?o a rs:BudgetItem ; rs:sheet ?s ;
                             rs:budgetYear/rs:year ?y ; rs:budgetType ?code .
                             OPTIONAL { ?code skos:prefLabel ?label FILTER (lang(?label) = "ja" && !STRENDS(STR(?code), "/unspecified")) }
                             BIND (COALESCE(?label, "") AS ?type)
                             OPTIONAL { ?o rs:amount ?amount } OPTIONAL { ?o rs:nextYearRequest ?request }
                             FILTER (BOUND(?amount) || BOUND(?request)) }""")
    built = Counter((r["s"].value.rsplit("/", 1)[1], r["y"].value, r["type"].value,
                     exact_yen(r["amount"]) if "amount" in r else "", exact_yen(r["request"]) if "request" in r else "")
                    for r in rows)
    assert built == expected


def test_real_ministries_are_the_printed_ones(rs2024: Path, store: ox.Store) -> None:
    """政策所管府省庁 and 府省庁 of 1-2 (the part after U+3000 for an agency: 「国土交通省　観光庁」) and
    the 建制順; an agency whose 1-1 所管府省庁 is another ministry (国税庁 → 財務省) is its sub-organisation."""
    owner = {r["予算事業ID"]: r["所管府省庁"] for _, r in read_csv(rs2024, "1-1")}
    expected, parents = set(), {}
    for _, r in read_csv(rs2024, "1-2"):
        responsible = r["府省庁"].split("\u3000")[-1]
        expected.add((r["予算事業ID"], int(r["府省庁の建制順"]), r["政策所管府省庁"], responsible))
        if owner[r["予算事業ID"]] != responsible:
            parents[r["予算事業ID"]] = owner[r["予算事業ID"]]
    assert len({e[2] for e in expected}) >= 5 and len(parents) >= 2  # several ministries, agencies under two
    rows = select(store, """SELECT ?s ?order ?policy ?responsible ?parent WHERE {
        ?s a rs:ReviewSheet ; rs:ministryOrder ?order ; rs:policyMinistry/rdfs:label ?policy ;
           rs:responsibleOrganization ?o . ?o rdfs:label ?responsible .
        OPTIONAL { ?o org:subOrganizationOf/rdfs:label ?parent FILTER(lang(?parent) = "ja") }
        FILTER(lang(?policy) = "ja" && lang(?responsible) = "ja") }""")
    built = {(r["s"].value.rsplit("/", 1)[1], int(r["order"].value), r["policy"].value, r["responsible"].value)
             for r in rows}
    assert built == expected
    built_parents = {r["s"].value.rsplit("/", 1)[1]: r["parent"].value for r in rows if "parent" in r}
    assert {i: built_parents.get(i) for i in parents} == parents


def test_real_every_corporate_number_is_the_recipients(rs2024: Path, store: ox.Store) -> None:
    """Each 5-1 payee and 5-3 expense line printed with a 法人番号 is paid to the organisation
    ``id/org/{法人番号}`` carrying that number; no line without one is tied to a numbered organisation."""
    expected = set()
    for table in ("5-1", "5-3"):
        for _, r in read_csv(rs2024, table):
            number = r["法人番号"].strip()
            if r["支出先名"] and number:
                assert CORPORATE_NUMBER.fullmatch(number), (table, r["予算事業ID"], number)
                expected.add((table, r["予算事業ID"], r["支出先ブロック番号"], r["支出先名"], number))
    assert len({e[4] for e in expected}) >= 10
    rows = select(store, """SELECT ?s ?letter ?kind ?name ?org ?number WHERE {
        ?s a rs:ReviewSheet ; rs:block ?b . ?b rs:blockLetter ?letter .
        { ?b rs:payment ?x BIND("5-1" AS ?kind) } UNION { ?b rs:expenseLine ?x BIND("5-3" AS ?kind) }
        ?x rs:printedName ?name ; rs:recipient ?org . ?org rs:corporateNumber ?number }""")
    built = {(r["kind"].value, r["s"].value.rsplit("/", 1)[1], r["letter"].value, r["name"].value, r["number"].value)
             for r in rows}
    assert built == expected
    assert all(r["org"].value == f"{B}id/org/{r['number'].value}" for r in rows)


def test_real_every_law_id_is_cited(rs2024: Path, store: ox.Store) -> None:
    """Each 1-3 row with a 法令ID is a citation of its sheet printing that ID and 法令名,
    linked to ``id/law/{法令ID}`` when the ID is well formed."""
    expected = set()
    for _, r in read_csv(rs2024, "1-3"):
        if r["法令ID"].strip():
            well_formed = re.fullmatch(r"[0-9]{3}[A-Z0-9]{12}", r["法令ID"])
            expected.add((r["予算事業ID"], r["法令ID"], r["法令名"], f"{B}id/law/{r['法令ID']}" if well_formed else None))
    assert len(expected) >= 5
    rows = select(store, """SELECT ?s ?id ?title ?law WHERE { ?s rs:lawCitation ?c . ?c rs:printedLawId ?id ;
                             rs:printedTitle ?title OPTIONAL { ?c rs:law ?law } }""")
    built = {(r["s"].value.rsplit("/", 1)[1], r["id"].value, r["title"].value, r["law"].value if "law" in r else None)
             for r in rows}
    assert built == expected


@pytest.fixture(scope="module")
def full_1_1(shared_data: Path) -> Path:
    path = shared_data / "rs2024-full" / "1-1_RS_2024_基本情報_組織情報.zip"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return path


@pytest.mark.slow
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


@pytest.mark.slow
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
