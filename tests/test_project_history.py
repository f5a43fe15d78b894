"""Projects across review years: workbook rows joined by 関連する過去のレビューシートの事業番号, and to RS by 旧事業番号.

Two generated 主要事項データベース workbooks (2022 and 2023) and the committed real RS 2024 extract,
whose project 4 (デジタル庁) prints 旧事業番号 2023-デジ-22-0001 in 1-2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from rs2rdf.core.config import Config
from rs2rdf.mapping.iris import Iris
from rs2rdf.pipeline.graph import Mapped, make_graph
from tools.make_database_fixture import generate

pytestmark = pytest.mark.slow  # each test reads workbooks and maps them

RS = Iris().vocab  # the rs: namespace, wherever it lives
ID = "https://example.org/rs2rdf/id/"
DIGITAL, METI, MIC = "デジタル庁", "経済産業省", "総務省"


def _row(ministry: str, parts: list[str | None], name: str, past: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"ministry": ministry, "number_parts": parts, "name": name, "past": past or []}


ROWS_2022 = [
    _row(DIGITAL, ["2022", "デジ", "21", "0005", None], "情報システムの整備"),
    _row(METI, ["2022", "経産", "21", "0100", None], "ものづくり基盤事業"),
    _row(METI, ["2022", "経産", "新22", "0100", None], "新しいものづくり事業"),  # the same serial, 新 in 2022
    _row(MIC, ["2022", "総務", "21", "0007", None], "地域情報化事業"),
]
ROWS_2023 = [
    # named by RS 2024 project 4's 旧事業番号; links to 2022 by the last parts of that year's number
    _row(DIGITAL, ["2023", "デジ", "22", "0001", None], "情報システムの整備（2023）",
         [{"year": 2022, "ministry": DIGITAL, "number": "21-0005"}]),
    _row(METI, ["2023", "経産", "22", "0002", None], "ものづくり基盤事業", [{"year": 2022, "ministry": METI, "number": "21-0100"}]),
    _row(METI, ["2023", "経産", "22", "0003", None], "何かの事業", [{"year": 2022, "ministry": METI, "number": "0100"}]),  # two fit
    _row(MIC, ["2023", "総務", "22", "0004", None], "地域情報化事業", [{"year": 2022, "ministry": MIC, "number": "0999"}]),  # absent
]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, real_extract: Path) -> tuple[Mapped, ox.Store, list[int]]:
    folder = tmp_path_factory.mktemp("workbooks")
    generate(folder / "database2022.xlsx", 2022, len(ROWS_2022), seed=22, extra=ROWS_2022)
    truth = generate(folder / "database2023.xlsx", 2023, len(ROWS_2023), seed=23, extra=ROWS_2023)
    graph = make_graph([folder, real_extract], Config())
    store = ox.Store()
    store.extend(graph.quads)
    return graph, store, [t["row"] for t in truth["projects"]]  # the worksheet row of each 2023 row


def _sheet(year: int, ministry_key: str, number: str) -> str:
    from urllib.parse import quote
    return f"{ID}sheet/{year}/{ministry_key}/{quote(number)}"


def _ministry(name: str) -> str:
    from rs2rdf.sources.sheet.to_records import ministry_table
    found = ministry_table().resolve(name)
    assert found is not None
    return found.key


def _select(store: ox.Store, where: str) -> list[dict[str, str]]:
    q = f"PREFIX rs: <{RS}> PREFIX prov: <http://www.w3.org/ns/prov#> SELECT * WHERE {{ {where} }}"
    result = store.query(q)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]


def test_one_project_holds_the_2022_2023_and_2024_sheets(history: tuple[Mapped, ox.Store, list[int]]) -> None:
    _graph, store, rows23 = history
    d = _ministry(DIGITAL)
    s22, s23, s24 = _sheet(2022, d, "2022-デジ-21-0005"), _sheet(2023, d, "2023-デジ-22-0001"), f"{ID}sheet/2024/4"
    rows = _select(store, f"GRAPH ?g {{ <{ID}project/4> rs:sheet ?s }}")
    assert {s22, s23, s24} <= {r["s"] for r in rows}
    for s in (s22, s23, s24):  # each sheet names the one project (the sheet page lists the project's history)
        assert [r["p"] for r in _select(store, f"GRAPH ?g {{ <{s}> rs:project ?p }}")] == [f"{ID}project/4"]
    # the RS bridge: 旧事業番号 (RS 1-2) names the 2023 workbook row
    bridge = _select(store, f"GRAPH ?g {{ ?m a rs:SheetMatch ; rs:sheet <{s24}> ; rs:matchedSheet ?old ; rs:matchMethod ?method ; rs:evidence ?e }}")
    assert [(b["old"], b["method"]) for b in bridge] == [(s23, "former-project-number")]
    assert "2023-デジ-22-0001" in bridge[0]["e"]
    # the workbook link: its method, printed number, and the row and column it was read from
    past = _select(store, f"""GRAPH ?g {{ ?m a rs:SheetMatch ; rs:sheet <{s23}> ; rs:matchedSheet ?old ; rs:matchMethod ?method ;
        rs:printedProjectNumber ?n ; rs:evidence ?e }} GRAPH ?p {{ ?m prov:wasDerivedFrom ?src }}""")
    assert len(past) == 1
    p = past[0]
    assert (p["old"], p["method"], p["n"]) == (s22, "past-number", "21-0005")
    assert "database2023.xlsx" in p["e"] and "関連する過去のレビューシートの事業番号" in p["e"] and "事業番号" in p["e"]
    assert p["src"].endswith(f"#r{rows23[0]}")
    assert p["g"] == f"{ID.replace('/id/', '/graph/')}sheet/2023/{d}/{_sheet(2023, d, '2023-デジ-22-0001').rsplit('/', 1)[1]}"


def test_workbook_years_without_rs_are_one_project_named_after_the_earliest_sheet(history: tuple[Mapped, ox.Store, list[int]]) -> None:
    _graph, store, rows23 = history
    m = _ministry(METI)
    s22, s23 = _sheet(2022, m, "2022-経産-21-0100"), _sheet(2023, m, "2023-経産-22-0002")
    projects = {r["p"] for s in (s22, s23) for r in _select(store, f"GRAPH ?g {{ <{s}> rs:project ?p }}")}
    assert projects == {_sheet(2022, m, "2022-経産-21-0100").replace("/sheet/", "/project/")}
    project = projects.pop()
    facts = _select(store, f"GRAPH ?g {{ <{project}> a rs:Project ; rs:sheet ?s ; <http://purl.org/dc/terms/identifier> ?id }}")
    assert {f["s"] for f in facts} == {s22, s23}
    assert {f["id"] for f in facts} == {f"2022/{m}/2022-経産-21-0100"}


def test_a_link_to_a_sheet_not_in_the_build_stays_printed_and_unmatched(history: tuple[Mapped, ox.Store, list[int]]) -> None:
    _graph, store, rows23 = history
    s23 = _sheet(2023, _ministry(MIC), "2023-総務-22-0004")
    assert not _select(store, f"GRAPH ?g {{ ?m rs:sheet <{s23}> ; rs:matchedSheet ?old }}")
    assert not _select(store, f"GRAPH ?g {{ <{s23}> rs:project ?p }}")
    printed = {r["n"] for r in _select(store, f"GRAPH ?g {{ <{s23}> rs:pastProjectNumber ?n }}")}
    assert printed == {"令和4年度 0999"}
    # the 2022 sheet of the same name and ministry is not matched by its name
    assert not _select(store, f"GRAPH ?g {{ <{_sheet(2022, _ministry(MIC), '2022-総務-21-0007')}> rs:project ?p }}")


def test_an_ambiguous_link_is_a_problem_and_no_match(history: tuple[Mapped, ox.Store, list[int]]) -> None:
    graph, store, rows23 = history
    s23 = _sheet(2023, _ministry(METI), "2023-経産-22-0003")
    assert not _select(store, f"GRAPH ?g {{ ?m rs:sheet <{s23}> ; rs:matchedSheet ?old }}")
    found = [p for p in graph.problems if p.code == "ambiguous-past-number"]
    assert len(found) == 1
    p = found[0]
    assert p.location is not None and (p.location.file, p.location.row) == ("database2023.xlsx", rows23[2])
    assert p.location.field and "関連する過去のレビューシートの事業番号" in p.location.field
    assert "2022-経産-21-0100" in p.message and "2022-経産-新22-0100" in p.message


def test_the_joined_years_conform_to_the_shapes(history: tuple[Mapped, ox.Store, list[int]]) -> None:
    from rs2rdf import api

    report = api.validate(history[1])
    assert report.conforms
    joined = [f for f in report.results if {f"{RS}Project", f"{RS}SheetMatch"} & set(map(str, f["types"]))]  # type: ignore[call-overload]
    assert not joined


SHEETS = Path(__file__).parent / "data" / "sheets"
MLIT = "国土交通省"


@pytest.fixture(scope="module")
def files_and_books(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """Per-project sheet files whose past numbers name workbook rows (the files print no 所管府省名)."""
    import shutil

    folder = tmp_path_factory.mktemp("files-and-books")
    for name in ("h30-mlit-0036-1.xlsx", "r05-meti-2023-0001.xlsx"):  # print 平成29年度 0036 / 令和４年度 2022-経産-21-0412
        shutil.copy(SHEETS / name, folder)
    generate(folder / "database2017.xlsx", 2017, 2, seed=17,
             extra=[_row(MLIT, [None, "0036", None], "港湾整備事業"), _row(MIC, [None, "0036", None], "総務省の同じ番号の事業")])
    generate(folder / "database2022.xlsx", 2022, 1, seed=22, extra=[_row(METI, ["2022", "経産", "21", "0412", None], "経産の事業")])
    store = ox.Store()
    store.extend(make_graph([folder], Config()).quads)
    return store


def test_a_sheet_file_links_to_the_workbook_row_of_its_own_ministry(files_and_books: ox.Store) -> None:
    store = files_and_books
    sheet18, sheet23 = _sheet(2018, _ministry(MLIT), "0036-1"), _sheet(2023, _ministry(METI), "2023-経産-22-0001")
    row17, row22 = _sheet(2017, _ministry(MLIT), "0036"), _sheet(2022, _ministry(METI), "2022-経産-21-0412")
    found = {(m["from"], m["old"], m["n"]) for m in _select(store, """GRAPH ?g { ?m a rs:SheetMatch ; rs:sheet ?from ;
        rs:matchedSheet ?old ; rs:matchMethod "past-number" ; rs:printedProjectNumber ?n }""")}
    # 総務省 0036 of 2017 is not taken: the file prints no ministry, and its own is 国土交通省
    assert found == {(sheet18, row17, "0036"), (sheet23, row22, "2022-経産-21-0412")}
    for a, b in ((sheet18, row17), (sheet23, row22)):
        projects = {r["p"] for s in (a, b) for r in _select(store, f"GRAPH ?g {{ <{s}> rs:project ?p }}")}
        assert len(projects) == 1
    evidence = [m["e"] for m in _select(store, f"GRAPH ?g {{ ?m rs:sheet <{sheet18}> ; rs:evidence ?e }}")]
    assert evidence and "h30-mlit-0036-1.xlsx" in evidence[0] and "平成29年度" in evidence[0]
