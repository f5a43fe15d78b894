"""Bad input never crashes the build: each kind in ``tests/bad_inputs/`` is built beside a good table.

For every case the CLI must exit 0 or 1 (never 3 or an internal error), print no traceback,
still publish the good projects, and report the expected problem code at the expected
place (file, table/page, row, field). Wording of messages is not asserted.
"""

from __future__ import annotations

import importlib.util
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.sources import rs_csv

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_inputs"
GOOD = CORPUS / "good"
BASE = "https://example.org/rs2rdf/"

N12 = "1-2_RS_2024_基本情報_事業概要等"
N53 = "5-3_RS_2024_支出先_費目・使途"
N61 = "6-1_RS_2024_その他備考"


@dataclass(frozen=True)
class Expect:
    """One problem the case must produce; None means 'not asserted' only where noted."""

    code: str
    file: str
    part: str | None = None
    row: int | None = None
    field: str | None = None


#: case folder → (exit code, expected problems). Exit 1 when some problem is an error.
CASES: dict[str, tuple[int, list[Expect]]] = {
    "zip-truncated": (1, [Expect("unreadable-input", N12 + ".zip")]),
    "zip-garbage": (1, [Expect("unreadable-input", N53 + ".zip")]),
    "zip-corrupt-member": (1, [Expect("unreadable-input", N53 + ".zip")]),
    "zip-encrypted-member": (1, [Expect("unreadable-input", N61 + ".zip")]),
    "zip-empty": (1, [Expect("empty-input", N61 + ".zip")]),
    "zip-slip-dotdot": (1, [Expect("unsafe-archive", N53 + ".zip")]),
    "zip-slip-absolute": (1, [Expect("unsafe-archive", N61 + ".zip")]),
    "zip-slip-windows": (1, [Expect("unsafe-archive", "6-1_RS_2025_その他備考.zip")] * 2),
    "zip-bomb": (1, [Expect("unsafe-archive", "5-1_RS_2024_支出先_支出情報.zip")]),
    "zip-bomb-lying": (1, [Expect("unreadable-input", "5-2_RS_2024_支出先_支出ブロックのつながり.zip")]),
    "zip-member-not-csv": (1, [Expect("unknown-input", "6-1_RS_2025_その他備考.zip")]),
    "csv-cp932": (0, [Expect("converted-encoding", N12 + ".csv", "1-2")]),
    "csv-no-bom": (0, []),
    "csv-bad-encoding": (1, [Expect("bad-encoding", N61 + ".csv", "6-1")]),
    "csv-invalid-utf8": (0, [Expect("invalid-bytes", N12 + ".csv", "1-2", 3)]),
    "header-garbage": (1, [Expect("unknown-header", N12 + ".csv", "1-2", 1, "列1"),
                           Expect("missing-column", N12 + ".csv", "1-2", 1, "事業年度")]),
    "header-missing": (1, [Expect("unknown-header", N53 + ".csv", "5-3", 1, "9114"),
                           Expect("missing-column", N53 + ".csv", "5-3", 1, "事業年度")]),
    "header-unknown-table": (1, [Expect("unknown-input", "notes.csv")]),
    "column-missing": (1, [Expect("missing-column", N12 + ".csv", "1-2", 1, "事業の目的")]),
    "column-missing-key": (1, [Expect("missing-column", N53 + ".csv", "5-3", 1, "予算事業ID")]),
    "column-extra": (1, [Expect("unknown-header", N53 + ".csv", "5-3", 1, "追加の列")]),
    "column-renamed": (1, [Expect("unknown-header", "1-2_RS_2025_基本情報_事業概要等.csv", "1-2", 1, "事業概要ＵＲＬ"),
                           Expect("missing-column", "1-2_RS_2025_基本情報_事業概要等.csv", "1-2", 1, "事業概要URL")]),
    "column-duplicated": (1, [Expect("unknown-header", N53 + ".csv", "5-3", 1, "金額")]),
    "row-wrong-width": (1, [Expect("bad-row", N53 + ".csv", "5-3", 2), Expect("bad-row", N53 + ".csv", "5-3", 3)]),
    "row-duplicate": (0, [Expect("duplicate-row", N53 + ".csv", "5-3", 3)]),
    "csv-unterminated-quote": (1, [Expect("bad-row", N61 + ".csv", "6-1", 3)]),
    "key-missing": (1, [Expect("missing-key", N53 + ".csv", "5-3", 3), Expect("unparseable-number", N53 + ".csv", "5-3", 4, "予算事業ID"),
                        Expect("missing-key", N53 + ".csv", "5-3", 5, "予算事業ID"), Expect("missing-key", N53 + ".csv", "5-3", 6)]),
    "amount-not-numeric": (0, [Expect("unparseable-amount", N53 + ".csv", "5-3", 2, "金額"),
                               Expect("unparseable-amount", N53 + ".csv", "5-3", 3, "金額")]),
    "amount-grouped": (0, []),
    "number-excel-error": (0, [Expect("unparseable-number", "2-1_RS_2024_予算・執行_サマリ.csv", "2-1", 2, "執行率")]),
    "year-out-of-range": (1, [Expect("year-out-of-range", N12 + ".csv", "1-2", 2, "事業開始年度"),
                              Expect("year-out-of-range", N12 + ".csv", "1-2", 3, "事業年度"),
                              Expect("missing-key", N12 + ".csv", "1-2", 3)]),
    "flag-junk": (0, [Expect("unparseable-boolean", N12 + ".csv", "1-2", 2, "開始年度不明")]),
    "corporate-number-short": (0, [Expect("malformed-corporate-number", N53 + ".csv", "5-3", 2, "法人番号")]),
    "corporate-number-letters": (0, [Expect("malformed-corporate-number", N53 + ".csv", "5-3", 2, "法人番号")]),
    "corporate-number-check-digit": (0, [Expect("invalid-corporate-number", N53 + ".csv", "5-3", 2, "法人番号")]),
    "flow-cycle": (0, [Expect("cyclic-flow", "5-2_RS_2024_支出先_支出ブロックのつながり.csv", "5-2", 4, "支出先の支出先ブロック"),
                       Expect("cyclic-flow", "5-2_RS_2024_支出先_支出ブロックのつながり.csv", "5-2", 5, "支出先の支出先ブロック")]),
    "ministry-unknown": (0, [Expect("unknown-ministry", N12 + ".csv", "1-2", 2, "政策所管府省庁")]),
    "csv-empty": (1, [Expect("empty-input", N12 + ".csv", "1-2")]),
    "csv-header-only": (0, [Expect("no-data-rows", "5-4_RS_2024_支出先_国庫債務負担行為等による契約.csv", "5-4")]),
    "huge-cell": (1, [Expect("bad-row", N61 + ".zip/" + N61 + ".csv", "6-1", 2, "備考")]),
    "control-characters": (0, [Expect("text-cleaned", N12 + ".csv", "1-2", 2, "事業名"),
                               Expect("text-cleaned", N12 + ".csv", "1-2", 2, "事業の目的")]),
    "html-in-text": (0, []),
    "iri-unsafe-ids": (0, []),
    "iri-flow-collision": (0, []),
    "sheet-not-a-sheet-pdf": (1, [Expect("not-a-review-sheet", "not-a-sheet.pdf", "p1")]),
    "sheet-encrypted-pdf": (1, [Expect("encrypted-document", "encrypted.pdf")]),
    "sheet-zero-pages-pdf": (1, [Expect("empty-input", "zero-pages.pdf")]),
    "sheet-image-only-pdf": (1, [Expect("image-only-document", "image-only.pdf", "p1")]),
    "sheet-truncated-pdf": (1, [Expect("unreadable-input", "truncated.pdf")]),
    "sheet-not-a-sheet-xlsx": (1, [Expect("not-a-review-sheet", "not-a-sheet.xlsx", "sheet:Sheet1")]),
    "sheet-macro-xlsm": (1, [Expect("not-a-review-sheet", "macro.xlsm", "sheet:Sheet1")]),
    "sheet-corrupt-xlsx": (1, [Expect("unreadable-input", "corrupt.xlsx")]),
    "sheet-number-with-slash": (0, []),
    "sheet-xlsx-far-cell": (0, []),
    "table-twice-same": (0, [Expect("duplicate-table", N12 + ".csv", "1-2")]),
    "table-twice-different": (1, [Expect("conflicting-tables", "5-3_RS_2024_支出先_費目・使途.zip/" + N53 + "_2.csv", "5-3")]),
    "year-mismatch": (1, [Expect("year-mismatch", N12 + ".csv", "1-2", 3, "事業年度")]),
    "sheet-xlsx-merge-bomb": (1, [Expect("resource-limit", "merge-bomb.xlsx")]),
}


def _make_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bad_inputs_make", CORPUS / "make.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Run:
    exit_code: int
    stderr: str
    summary: dict
    problems: list[dict]
    out: Path

    def nquads(self) -> str:
        return (self.out / "data" / "rs2rdf.nq").read_text(encoding="utf-8")


def run_build(out: Path, *inputs: Path, extra: tuple[str, ...] = ("--no-validate", "--no-site")) -> Run:
    result = CliRunner().invoke(main, ["build", *map(str, inputs), *extra, "--summary-json", "--out", str(out)])
    stderr = result.stderr
    assert "Traceback" not in stderr and "Traceback" not in result.stdout, stderr
    assert "internal error" not in stderr, stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    summary = json.loads(result.stdout) if result.stdout.strip() else {}
    problems_file = out / "data" / "problems.json"
    problems = json.loads(problems_file.read_text(encoding="utf-8")) if problems_file.is_file() else []
    return Run(result.exit_code, stderr, summary, problems, out)


@pytest.mark.slow
def test_corpus_matches_generator(tmp_path: Path) -> None:
    """The committed files are exactly what make.py writes (no hand edits, no drift)."""
    make = _make_module()
    make.generate(tmp_path)
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS
                       and "__pycache__" not in p.parts)
    assert generated == committed
    for rel in generated:
        assert (tmp_path / rel).read_bytes() == (CORPUS / rel).read_bytes(), rel


def test_every_case_has_expectations() -> None:
    make = _make_module()
    # these have their own tests (below, and in test_resource_limits.py)
    assert set(make.CASES) - {"folder-no-known-file", "flow-dangling", "sheet-pdf-drawing-bomb"} == set(CASES)
    assert len(CASES) >= 30


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_case(case: str, tmp_path: Path) -> None:
    expected_exit, expected = CASES[case]
    run = run_build(tmp_path / "site", GOOD, CORPUS / case)
    assert run.exit_code == expected_exit, run.stderr
    # the rest of the input is still built
    nq = run.nquads()
    for bid in (9001, 9002):
        assert f"<{BASE}id/project/{bid}>" in nq
    assert run.summary["sheets"] >= 2
    # each expected problem, at its place
    got = [(p["code"], p["file"], p["part"], p["row"], p["field"]) for p in run.problems]
    for e in expected:
        want = (e.code, e.file, e.part, e.row, e.field)
        assert want in got, f"{want} not in {got}"
        assert got.count(want) >= expected.count(e)
    # the summary counts what was skipped, and stderr names it
    for e in expected:
        assert run.summary["problems"].get(e.code, 0) >= 1
        if run.problems and next(p for p in run.problems if p["code"] == e.code)["severity"] in ("error", "warning"):
            assert f"[{e.code}]" in run.stderr or "more (see problems.json" in run.stderr
    if expected_exit == 1:
        assert run.summary["problems_by_severity"].get("error", 0) >= 1
    # the graph parses: every IRI minted from hostile input is a valid IRI
    ox.parse(nq.encode("utf-8"), ox.RdfFormat.N_QUADS)


@pytest.mark.slow
def test_folder_with_no_known_file(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", GOOD, CORPUS / "folder-no-known-file")
    assert run.exit_code == 1
    hits = [p for p in run.problems if p["code"] == "no-input-found"]
    assert len(hits) == 1 and hits[0]["file"].endswith("folder-no-known-file")


def test_only_bad_inputs_builds_nothing(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", CORPUS / "zip-truncated", CORPUS / "zip-bomb")
    assert run.exit_code == 3
    assert not (tmp_path / "site").exists()
    assert "nothing could be built" in run.stderr


@pytest.mark.slow
def test_missing_input_path(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", GOOD, tmp_path / "does-not-exist.zip")
    assert run.exit_code == 1
    assert [p["code"] for p in run.problems] == ["unreadable-input"]


@pytest.mark.slow
def test_values_read_despite_formatting(tmp_path: Path) -> None:
    """Commas and full-width digits are amounts; CP932 and BOM-less files are read in full."""
    run = run_build(tmp_path / "site", GOOD, CORPUS / "amount-grouped", CORPUS / "csv-cp932", CORPUS / "csv-no-bom")
    nq = run.nquads()
    assert '"1234000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nq or '"1234000"^^<http://www.w3.org/2001/XMLSchema#integer>' in nq
    assert '"1234567"^^' in nq
    assert '"シフトJISの事業"' in nq
    assert '"BOMなしの事業"' in nq


@pytest.mark.slow
def test_invalid_utf8_does_not_become_mojibake(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", GOOD, CORPUS / "csv-invalid-utf8")
    nq = run.nquads()
    assert '"正しい事業名"' in nq
    assert not any(p["code"] == "converted-encoding" for p in run.problems)


@pytest.mark.slow
def test_huge_cell_is_cut_and_the_rest_of_the_file_read(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", GOOD, CORPUS / "huge-cell")
    nq = run.nquads()
    assert '"普通の備考"' in nq  # the row after the huge cell
    assert "あ" * rs_csv.MAX_CELL in nq and "あ" * (rs_csv.MAX_CELL + 1) not in nq


@pytest.mark.slow
def test_unterminated_quote_does_not_swallow_silently(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", GOOD, CORPUS / "csv-unterminated-quote")
    assert '"一行目"' in run.nquads()
    assert any(p["code"] == "bad-row" and p["row"] == 3 for p in run.problems)


@pytest.mark.slow
def test_html_and_javascript_stay_text(tmp_path: Path) -> None:
    """Markup is data: the exact string is a literal in the graph, never parsed or stripped."""
    make = _make_module()
    run = run_build(tmp_path / "site", GOOD, CORPUS / "html-in-text")
    store = ox.Store()
    store.load(run.nquads().encode("utf-8"), ox.RdfFormat.N_QUADS)
    literals = {q.object.value for q in store if isinstance(q.object, ox.Literal)}
    assert make.HTML_NAME in literals
    assert make.HTML_PURPOSE in literals
    # a javascript: URL is never minted as an IRI (only as a typed literal)
    assert not any(isinstance(t, ox.NamedNode) and t.value.lower().startswith("javascript:")
                   for q in store for t in (q.subject, q.object))


@pytest.mark.slow
def test_unsafe_ids_give_valid_distinct_iris(tmp_path: Path) -> None:
    import rdflib

    make = _make_module()
    run = run_build(tmp_path / "site", GOOD, CORPUS / "iri-unsafe-ids", CORPUS / "iri-flow-collision", CORPUS / "sheet-number-with-slash")
    nq = run.nquads()
    rdflib.Graph().parse(run.out / "data" / "rs2rdf.nt", format="nt")  # rdflib too accepts every IRI
    store = ox.Store()
    store.load(nq.encode("utf-8"), ox.RdfFormat.N_QUADS)
    iris = {t.value for q in store for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.NamedNode)}
    blocks = {i for i in iris if "/id/sheet/2024/9163/block/" in i}
    # NFKC folds the full-width ｘ into x; every other letter keeps its own block
    assert len(blocks) == len(make.UNSAFE_LETTERS)
    for iri in iris:
        if iri.startswith(BASE):
            path = iri[len(BASE):]
            assert "/../" not in f"/{path}/" and "/./" not in f"/{path}/", iri
            assert not any(c in path for c in ' <>"{}|\\^`'), iri
    # flows A-B→C and A→B-C are two edges, so two resources
    prefix = f"{BASE}id/sheet/2024/9164/flow/"
    flows = {i for i in iris if i.startswith(prefix) and "/" not in i[len(prefix):]}
    assert len(flows) == 2
    # the 事業番号 新29/../0012 of the xlsx sheet is one percent-encoded segment
    assert f"{BASE}id/sheet/2017/unknown/%E6%96%B029%2F%2E%2E%2F0012" in iris


@pytest.mark.slow
def test_zip_slip_writes_nothing_outside(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    run_build(work / "site", GOOD, CORPUS / "zip-slip-dotdot", CORPUS / "zip-slip-absolute", CORPUS / "zip-slip-windows")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert sorted(p.name for p in work.iterdir()) == ["site"]
    assert not Path("/tmp/rs2rdf-evil.csv").exists()


def test_archive_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many members that are each small may not together inflate past the limit."""
    from tools.rs_format import zip_bytes
    from rs2rdf.sources.rs_tables import BY_ID

    one = zip_bytes(BY_ID["6-1"], 2024, [{"review_year": "2024", "budget_id": "1", "remarks": "x" * 5000}])
    member = zipfile.ZipFile(__import__("io").BytesIO(one)).read("6-1_RS_2024_その他備考.csv")
    path = tmp_path / "6-1_RS_2024_その他備考.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"part{i}.csv", member)
    monkeypatch.setattr(rs_csv, "MAX_ARCHIVE_BYTES", 4 * len(member))
    tables, problems = rs_csv.read_tables(path)
    assert tables == [] and [p.code for p in problems] == ["unsafe-archive"]


@pytest.mark.slow
def test_whole_corpus_with_sample(tmp_path: Path) -> None:
    """Every bad input at once beside the bundled sample: the sample's projects are all built."""
    from rs2rdf.core.resources import sample_dir

    alone = run_build(tmp_path / "sample", sample_dir())
    run = run_build(tmp_path / "site", sample_dir(), CORPUS, extra=("--sheet-memory", "300"))
    assert run.exit_code == 1
    nq = run.nquads()
    projects = {line.split()[0] for line in alone.nquads().splitlines() if "/id/project/" in line.split()[0]}
    assert projects and all(p in nq for p in projects)
    assert run.summary["projects"] >= alone.summary["projects"] + 2


@pytest.mark.slow
@pytest.mark.parametrize("subset", ["real_extract", pytest.param("shared_rs2024", marks=pytest.mark.slow)])
def test_whole_corpus_with_real_data(subset: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Every bad input beside real data (the committed extract; the 31-project ../shared subset):
    every project of the real 1-2 table is still built."""
    real: Path = request.getfixturevalue(subset)
    run = run_build(tmp_path / "site", real, CORPUS, extra=("--no-validate", "--no-site", "--sheet-memory", "300"))
    assert run.exit_code == 1
    nq = run.nquads()
    import csv
    import io

    with zipfile.ZipFile(next(real.glob("1-2_RS_2024_*.zip"))) as zf:
        text = zf.read(zf.namelist()[0]).decode("utf-8-sig")
    ids = {row["予算事業ID"] for row in csv.DictReader(io.StringIO(text))}
    assert len(ids) == {"real_extract": 6, "shared_rs2024": 31}[subset]
    for bid in ids:
        assert f"<{BASE}id/project/{bid}>" in nq


@pytest.mark.slow
def test_flow_to_missing_block_is_reported(tmp_path: Path) -> None:
    run = run_build(tmp_path / "site", GOOD, CORPUS / "flow-dangling")
    assert run.exit_code in (0, 1)
    got = [(p["code"], p["part"], p["row"]) for p in run.problems]
    assert ("dangling-block", "5-2", 3) in got


@pytest.mark.slow
def test_markup_in_names_cannot_escape_embedded_json(tmp_path: Path) -> None:
    """``<!--<script>`` in a name once put the browser's parser in a state that swallowed the rest of the page."""
    import re

    make = _make_module()
    run = run_build(tmp_path / "site", GOOD, CORPUS / "html-in-text", extra=("--no-validate",))
    pages = [p for p in (run.out / "id").rglob("*.html") if "9162" in str(p)]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for body in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert not re.search(r"[<>&]", body), page
            assert make.HTML_NAME in json.dumps(json.loads(body), ensure_ascii=False)
        assert "<!--<script>" not in text  # the name is escaped as text everywhere else
    search = (run.out / "search" / "search-index.js").read_text(encoding="utf-8")
    assert "\\u003c!--\\u003cscript" in search and not re.search(r"[<>&]", search)
