"""Issue #20's acceptance build: the real RS 2024 subset in ../shared plus generated 2021–2023 workbooks.

The workbooks carry rows that the real RS 2024 rows point to: project 4 (デジタル庁) prints 旧事業番号
2023-デジ-22-0001 and project 7487 (原子力規制委員会) 2023-原規-新24-0001 in 1-2; the 2023 row of the
first names its 2022 row, that one its 2021 row, by 関連する過去のレビューシートの事業番号. A 経済産業省 chain
of three workbook years pays NEDO (法人番号 2020005008480), whom the real project 3522 pays in 2024; the
2022 link of that chain prints no ministry (the row's own is meant). Laws are cited in the text the
2022/2023 editions print, naming laws the real RS rows cite with their 法令ID. One full build (graph,
site, validation), then the graph, the site pages, the shipped queries and the validation report.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.mapping.iris import Iris
from tools.make_database_fixture import generate

pytestmark = pytest.mark.slow  # one full build with site and validation (about 20 s)

RS = Iris().vocab
ID = Iris().base + "id/"
D, M, N = "デジタル庁", "経済産業省", "原子力規制委員会"
NEDO = "2020005008480"
_NEDO_PAYEE = [{"block": "A", "rank": 1, "name": "国立研究開発法人新エネルギー・産業技術総合開発機構", "corporate_number": NEDO, "amount": 30}]
_DIGITAL_LAW = "デジタル庁設置法第４条第２項"
_NEDO_LAW = "国立研究開発法人新エネルギー・産業技術総合開発機構法第１５条第１項"


def _row(ministry: str, parts: list[str | None], name: str, past: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    return {"ministry": ministry, "number_parts": parts, "name": name, "past": past or [], **kw}


ROWS: dict[int, list[dict[str, Any]]] = {
    2021: [_row(D, ["2021", "デジ", "20", "0003", None], "情報システムの整備"),
           _row(M, ["2021", "経産", "20", "0150", None], "ポスト５Ｇ情報通信システム基盤強化研究開発事業", payees=_NEDO_PAYEE)],
    2022: [_row(D, ["2022", "デジ", "21", "0005", None], "情報システムの整備", [{"year": 2021, "ministry": D, "number": "20-0003"}],
                laws=_DIGITAL_LAW),
           _row(M, ["2022", "経産", "21", "0160", None], "ポスト５Ｇ情報通信システム基盤強化研究開発事業",
                [{"year": 2021, "ministry": None, "number": "20-0150"}], payees=_NEDO_PAYEE, laws=_NEDO_LAW)],
    2023: [_row(D, ["2023", "デジ", "22", "0001", None], "情報システムの整備（情報通信技術調達等適正・効率化推進費）",
                [{"year": 2022, "ministry": D, "number": "21-0005"}], laws=_DIGITAL_LAW),
           _row(M, ["2023", "経産", "22", "0170", None], "ポスト５Ｇ情報通信システム基盤強化研究開発事業",
                [{"year": 2022, "ministry": M, "number": "21-0160"}], payees=_NEDO_PAYEE, laws=_NEDO_LAW),
           _row(N, ["2023", "原規", "新24", "0001", None], "原子力規制研究の強化に向けた技術基盤構築事業")],
}
ROWS_PER_BOOK = 6  # the rows above, then rows drawn by the generator (other ministries)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shared_rs2024: Path) -> tuple[Path, dict[int, dict[str, Any]], ox.Store]:
    books = tmp_path_factory.mktemp("workbooks")
    truth = {year: generate(books / f"database-{year}.xlsx", year, ROWS_PER_BOOK, seed=year, extra=rows, yen_rows=(4,))
             for year, rows in ROWS.items()}
    out = tmp_path_factory.mktemp("acceptance") / "site"
    result = CliRunner().invoke(main, ["-q", "build", str(shared_rs2024), str(books), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(path=str(out / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    return out, truth, store


def _ministry(name: str) -> str:
    from rs2rdf.sources.sheet.to_records import ministry_table

    found = ministry_table().resolve(name)
    assert found is not None
    return found.key


def _sheet(year: int, ministry: str, number: str) -> str:
    return f"{ID}sheet/{year}/{_ministry(ministry)}/{quote(number)}"


def _select(store: ox.Store, where: str) -> list[dict[str, str]]:
    result = store.query(f"PREFIX rs: <{RS}> SELECT * WHERE {{ {where} }}")
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]


def _query(site: Path, name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", name, "--site", str(site), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


DIGITAL = [(2021, "2021-デジ-20-0003"), (2022, "2022-デジ-21-0005"), (2023, "2023-デジ-22-0001")]
METI = [(2021, "2021-経産-20-0150"), (2022, "2022-経産-21-0160"), (2023, "2023-経産-22-0170")]


def test_a_project_spans_the_rs_boundary_and_three_workbook_years(built: tuple[Path, Any, ox.Store]) -> None:
    _out, _truth, store = built
    sheets = {_sheet(y, D, n) for y, n in DIGITAL} | {f"{ID}sheet/2024/4"}
    assert {r["s"] for r in _select(store, f"GRAPH ?g {{ <{ID}project/4> rs:sheet ?s }}")} == sheets
    for s in sheets:
        assert [r["p"] for r in _select(store, f"GRAPH ?g {{ <{s}> rs:project ?p }}")] == [f"{ID}project/4"]
    matches = {(r["from"], r["to"], r["method"]) for r in _select(
        store, "GRAPH ?g { ?m a rs:SheetMatch ; rs:sheet ?from ; rs:matchedSheet ?to ; rs:matchMethod ?method }")}
    d21, d22, d23 = (_sheet(y, D, n) for y, n in DIGITAL)
    assert {(f"{ID}sheet/2024/4", d23, "former-project-number"), (d23, d22, "past-number"), (d22, d21, "past-number")} <= matches
    # the second 旧事業番号 of the real data reaches its 2023 row too
    assert (f"{ID}sheet/2024/7487", _sheet(2023, N, "2023-原規-新24-0001"), "former-project-number") in matches
    # a chain of workbook years without a 旧事業番号 is one project; a link printed without a ministry means the row's own
    m21, m22, m23 = (_sheet(y, M, n) for y, n in METI)
    assert (m22, m21, "past-number") in matches
    projects = {r["p"] for s in (m21, m22, m23) for r in _select(store, f"GRAPH ?g {{ <{s}> rs:project ?p }}")}
    assert len(projects) == 1


def test_the_sheet_pages_list_every_year_of_the_project(built: tuple[Path, Any, ox.Store]) -> None:
    out = built[0]
    pages = [out / "id" / "sheet" / "2024" / "4" / "index.html",
             out / "id" / "sheet" / "2023" / _ministry(D) / "2023-デジ-22-0001" / "index.html",
             out / "id" / "sheet" / "2021" / _ministry(D) / "2021-デジ-20-0003" / "index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        history = html[html.index('id="hist-h"'):]
        history = history[:history.index("</table>")]
        years = re.findall(r"<tr[^>]*><td><span class=\"l-ja\" lang=\"ja\">[^<]*</span><span class=\"l-en\" lang=\"en\">FY(\d{4})</span>", history)
        assert years == ["2021", "2022", "2023", "2024"], page
        links = re.findall(r'href="([^"]+)"', history)
        assert len(links) == 3, page  # every year but the page's own is a link
        for link in links:
            assert (page.parent / unquote(link)).resolve().is_file(), link


def test_the_sheet_queries_return_the_workbook_rows(built: tuple[Path, dict[int, dict[str, Any]], ox.Store]) -> None:
    out, truth, _store = built
    budgets = _query(out, "sheet-budgets")
    for year, book in truth.items():
        for project in book["projects"]:
            got = {int(r["fiscalYear"]): r for r in budgets if r["reviewYear"] == str(year) and r["projectNumber"] == project["number"]}
            assert set(got) == {int(y) for y in project["budget"]}, (year, project["number"])
            settled = project["budget"][str(year - 1)]
            executed = got[year - 1]["executed"]
            if isinstance(settled["執行額"], (int, float)):
                assert int(executed) == round(settled["執行額"] * 1_000_000)
    recipients = [r for r in _query(out, "sheet-recipients") if r["corporateNumber"] == NEDO]
    assert {r["reviewYear"] for r in recipients} == {"2021", "2022", "2023", "2024"}
    assert {r["amount"] for r in recipients if r["reviewYear"] != "2024"} == {"30000000"}
    laws = [r for r in _query(out, "sheet-laws") if r["reviewYear"] in ("2021", "2022", "2023")]
    assert {r["reviewYear"] for r in laws} == {"2022", "2023"}  # the 2021 edition has no 根拠法令 column
    cited = {(r["reviewYear"], r["projectNumber"], r["lawId"], r["article"], r["paragraph"]) for r in laws}
    assert {("2022", "2022-デジ-21-0005", "503AC0000000036", "4", "2"), ("2023", "2023-デジ-22-0001", "503AC0000000036", "4", "2"),
            ("2023", "2023-経産-22-0170", "414AC0000000145", "15", "1")} <= cited  # the law IDs the RS rows give


def test_ministry_totals_include_the_workbook_years(built: tuple[Path, dict[int, dict[str, Any]], ox.Store]) -> None:
    out, truth, _store = built
    totals = {(r["ministry"], r["reviewYear"], r["fiscalYear"]): r for r in _query(out, "ministry-totals")}
    assert {ry for (m, ry, _fy) in totals if m == D} == {"2021", "2022", "2023", "2024"}
    for year, book in truth.items():  # デジタル庁 has one row a workbook: its total is that row's 計
        (row,) = [p for p in book["projects"] if p["ministry"] == D]
        for fy, values in row["budget"].items():
            assert int(totals[(D, str(year), fy)]["total"]) == round(values["計"] * 1_000_000)


def test_recipients_across_years_are_one_organisation(built: tuple[Path, Any, ox.Store]) -> None:
    _out, _truth, store = built
    found = _select(store, f"""GRAPH ?g {{ ?pay a rs:Payment ; rs:recipient <{ID}org/{NEDO}> ; rs:block ?b }} GRAPH ?gb {{ ?b rs:sheet ?s }}
                                 GRAPH ?h {{ ?s rs:reviewYear ?ry }} GRAPH ?k {{ ?ry rs:year ?year }}""")
    assert {r["year"] for r in found} == {"2021", "2022", "2023", "2024"}
    assert len({r["s"] for r in found}) == 4


def test_the_workbook_rows_cause_no_violations(built: tuple[Path, Any, ox.Store]) -> None:
    report = json.loads((built[0] / "data" / "validation.json").read_text(encoding="utf-8"))
    from_books = [x for x in report["results"] if (x.get("source") or {}).get("file", "").startswith("database-")]
    assert report["violations"] == 0 and report["warnings"] == 0
    # only notes: a law the generator cites (総務省設置法) that neither the RS rows nor a --law-index give an ID
    assert {(x["severity"], x["shape"].rsplit("#", 1)[-1]) for x in from_books} <= {("Info", "LawCitationShape-law")}


def test_the_summary_counts_the_projects_before_rs(built: tuple[Path, Any, ox.Store]) -> None:
    summary = json.loads((built[0] / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["sheets_by_year"] == {"2021": 6, "2022": 6, "2023": 6, "2024": 31}
    # 31 RS projects (デジタル庁 and 原子力規制委員会 rows joined to theirs), the 経済産業省 chain (one project
    # unless its name joins it to RS 3522), and each other workbook row of its own: 6 × 3 − 3 − 3 − 1 = 11
    meti = 0 if summary["projects_before_rs"] == 11 else 1
    assert summary["projects_before_rs"] == 11 + meti
    assert summary["projects"] == 31 + 11 + meti
    home = (built[0] / "index.html").read_text(encoding="utf-8")
    data = home[home.index('id="data-h"'):]
    shown = re.search(r'<li><strong>([\d,]+)</strong> <span class="l-ja" lang="ja">事業</span>', data)
    assert shown and int(shown.group(1).replace(",", "")) == summary["projects"]  # the site home counts the same projects


def test_the_sheet_page_shows_the_sections_read_from_the_workbook(built: tuple[Path, dict[int, dict[str, Any]], ox.Store]) -> None:
    out, truth, _store = built
    (row,) = [p for p in truth[2023]["projects"] if p["number"] == "2023-デジ-22-0001"]
    html = (out / "id" / "sheet" / "2023" / _ministry(D) / "2023-デジ-22-0001" / "index.html").read_text(encoding="utf-8")
    shown = [row["evaluation"]["check_result"], *(c["item"] for c in row["checklist"]), *(e["use"] for e in row["expenses"]),
             *(o["summary"] for o in row["obligations"]), *(text for _label, text in row["unit_cost"])]
    assert row["checklist"] and row["expenses"]  # the seed draws them for this row
    assert [text for text in shown if text not in html] == []
