"""Golden cases: tests/cases/<case>/ holds RS inputs, the expected graph and the expected problems.

Each case is built with :func:`rs2rdf.pipeline.graph.make_graph` and compared with ``expected.nq``
by rdflib isomorphism, on the union graph and on every named graph, and with
``expected-problems.json`` as (code, file, part, row, field) tuples. ``pytest --update-golden``
rewrites both files; review the diff: they are the specification of the mapping.

Left out of the comparison, because they are the same for every build and tested elsewhere:
the vocabulary graph (tests/test_vocab.py) and the SKOS code lists in the reference graph.
The version string in the provenance graph is replaced by ``VERSION``.

A case whose folder holds ``xfail.txt`` documents a known bug. Its first line is the reason
of a strict xfail; the other lines say how the correct graph differs from what rs2rdf
makes today, and ``--update-golden`` writes the expected files as the actual output with
these corrections applied (each must change something)::

    replace: OLD => NEW        literal replacement in the N-Quads text
    drop: TEXT                 drop every N-Quads line containing TEXT
    add-problem: [code, file, part, row, field]
    drop-problem: [code, file, part, row, field]

Once the bug is fixed the case XPASSes (a failure under strict xfail): delete xfail.txt.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from rs2rdf import __version__
from rs2rdf.pipeline.graph import make_graph
from rs2rdf.core.config import Config
from rs2rdf.mapping.iris import DEFAULT_BASE, VOCAB_BASE

HERE = Path(__file__).resolve().parent / "cases"
EXPECTED_GRAPH = "expected.nq"
EXPECTED_PROBLEMS = "expected-problems.json"
XFAIL = "xfail.txt"

VOCABULARY_GRAPH = DEFAULT_BASE + "graph/vocabulary"
REFERENCE_GRAPH = DEFAULT_BASE + "graph/reference"
CODE_LISTS = VOCAB_BASE


def _load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_cases", HERE / "make_cases.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


GENERATOR = _load_generator()


def _params() -> list:  # type: ignore[type-arg]
    out = []
    for name in GENERATOR.CASES:
        marker = HERE / name / XFAIL
        marks = []
        if marker.is_file():
            reason = marker.read_text(encoding="utf-8").strip().splitlines()[0]
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


# ---------------------------------------------------------------- helpers


def case_quads(folder: Path) -> tuple[list[ox.Quad], list[tuple]]:  # type: ignore[type-arg]
    """Build one case: the compared quads (in build order) and the problem tuples, sorted."""
    graph = make_graph([folder], Config())
    version = f"rs2rdf {__version__}"
    quads = []
    for q in graph.quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if g == VOCABULARY_GRAPH:
            continue
        if g == REFERENCE_GRAPH and q.subject.value.startswith(CODE_LISTS):
            continue
        obj = q.object
        if isinstance(obj, ox.Literal) and version in obj.value:
            obj = ox.Literal(obj.value.replace(version, "rs2rdf VERSION"), language=obj.language) if obj.language \
                else ox.Literal(obj.value.replace(version, "rs2rdf VERSION"), datatype=obj.datatype)
        quads.append(ox.Quad(q.subject, q.predicate, obj, q.graph_name))
    problems = sorted(((p.code, *_loc(p)) for p in graph.problems), key=_sort_key)
    return quads, problems


def _loc(p) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    loc = p.location
    return (loc.file, loc.part, loc.row, loc.field) if loc else (None, None, None, None)


def _sort_key(t: tuple) -> tuple:  # type: ignore[type-arg]
    return tuple("" if v is None else (f"{v:09d}" if isinstance(v, int) else str(v)) for v in t)


def nquads_text(quads: list[ox.Quad]) -> str:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")


def load(text: str) -> dict[str, rdflib.Graph]:
    """N-Quads → one rdflib graph per named graph (parsed by pyoxigraph, compared by rdflib)."""
    triples: dict[str, list[ox.Triple]] = {}
    for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        triples.setdefault(name, []).append(q.triple)
    return {name: rdflib.Graph().parse(data=ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
            for name, ts in triples.items()}


def union(graphs: dict[str, rdflib.Graph]) -> rdflib.Graph:
    g = rdflib.Graph()
    for part in graphs.values():
        for t in part:
            g.add(t)
    return g


def corrected(folder: Path, text: str, problems: list[tuple]) -> tuple[str, list[tuple]]:  # type: ignore[type-arg]
    """Apply the corrections of ``xfail.txt`` (see the module docstring) to an actual output."""
    rules = (folder / XFAIL).read_text(encoding="utf-8").splitlines()[1:]
    lines, probs = text.splitlines(keepends=True), list(problems)
    for rule in (r.strip() for r in rules):
        kind, _, arg = rule.partition(": ")
        before = ("".join(lines), list(probs))
        if kind == "replace":
            old, new = arg.split(" => ")
            lines = [line.replace(old, new) for line in lines]
        elif kind == "drop":
            lines = [line for line in lines if arg not in line]
        elif kind == "add-problem":
            probs.append(tuple(json.loads(arg)))
        elif kind == "drop-problem":
            probs.remove(tuple(json.loads(arg)))
        else:
            continue  # prose
        assert ("".join(lines), probs) != before, f"{folder.name}/{XFAIL}: rule changes nothing: {rule}"
    return "".join(sorted(set(lines), key=lines.index)), sorted(probs, key=_sort_key)


def write_expected(folder: Path, quads: list[ox.Quad], problems: list[tuple]) -> None:  # type: ignore[type-arg]
    text = nquads_text(quads)
    if (folder / XFAIL).is_file():
        text, problems = corrected(folder, text, problems)
    (folder / EXPECTED_GRAPH).write_text(text, encoding="utf-8")
    rows = [list(p) for p in sorted(problems, key=_sort_key)]
    text = "[\n" + ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n" if rows else "[]\n"
    (folder / EXPECTED_PROBLEMS).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("case", _params())
def test_case_graph_and_problems(case: str, update_golden: bool, assert_isomorphic) -> None:  # type: ignore[no-untyped-def]
    folder = HERE / case
    quads, problems = case_quads(folder)
    if update_golden:
        write_expected(folder, quads, problems)
        if not (folder / XFAIL).is_file():
            return
    assert (folder / EXPECTED_GRAPH).is_file(), f"run `pytest --update-golden -k {case}` and review {folder}"
    exp_named = load((folder / EXPECTED_GRAPH).read_text(encoding="utf-8"))
    act_named = load(nquads_text(quads))
    assert_isomorphic(union(exp_named), union(act_named), f"{case}: union graph")
    assert sorted(exp_named) == sorted(act_named), f"{case}: named graphs differ"
    for name in sorted(exp_named):
        assert_isomorphic(exp_named[name], act_named[name], f"{case}: graph <{name}>")
    expected_problems = [tuple(p) for p in json.loads((folder / EXPECTED_PROBLEMS).read_text(encoding="utf-8"))]
    assert problems == sorted(expected_problems, key=_sort_key)


@pytest.mark.parametrize("case", list(GENERATOR.CASES))
def test_case_inputs_match_generator(case: str, tmp_path: Path) -> None:
    written = GENERATOR.write_case(case, tmp_path)
    committed = sorted(p.name for p in (HERE / case).iterdir() if p.suffix in (".zip", ".csv"))
    assert committed == sorted(p.name for p in written), f"run `python tests/cases/make_cases.py {case}`"
    stale = [p.name for p in written if p.read_bytes() != (HERE / case / p.name).read_bytes()]
    assert not stale, f"run `python tests/cases/make_cases.py {case}`: {stale}"


def _csv_bytes(path: Path) -> list[tuple[str, bytes]]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return [(info.filename, zf.read(info)) for info in zf.infolist()]
    return [(path.name, path.read_bytes())]


@pytest.mark.parametrize("case", list(GENERATOR.CASES))
def test_case_inputs_are_in_the_official_dialect(case: str) -> None:
    """UTF-8 BOM, CRLF only, official member name with the UTF-8 flag (FORMATS §1.1-1.2)."""
    inputs = sorted(p for p in (HERE / case).iterdir() if p.suffix in (".zip", ".csv"))
    assert inputs
    for path in inputs:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                (info,) = zf.infolist()
                assert info.filename == path.with_suffix(".csv").name
                assert info.flag_bits & 0x800
        for _name, data in _csv_bytes(path):
            assert data.startswith(b"\xef\xbb\xbf")
            assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
            header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            assert header[0] == "シート種別"


# ---------------------------------------------------------------- mapping rules outside the golden cases


def build_tables(folder: Path, tables: dict[str, list[dict[str, str]]]):  # type: ignore[no-untyped-def]
    """Write RS ZIPs (review year 2024) for ``tables`` and map them."""
    from rs2rdf.sources.rs_tables import BY_ID
    from tools.rs_format import official_zip_name, write_rs_zip

    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        write_rs_zip(folder / official_zip_name(BY_ID[table], 2024), BY_ID[table], 2024, rows)
    return make_graph([folder], Config())


def subjects(graph) -> set[str]:  # type: ignore[no-untyped-def]
    return {q.subject.value for q in graph.quads}


def test_mapping_sub_ministry_parent_is_described(tmp_path: Path) -> None:
    p = GENERATOR.common(93001, "見本事業")  # 法務省
    graph = build_tables(tmp_path, {"1-1": GENERATOR.rows(p, {"no": "1", "co_ministry": "文部科学省\u3000文化庁",
                                                              "co_bureau": "文化財第一課"})})
    bunka, monka = DEFAULT_BASE + "id/org/6000012060002", DEFAULT_BASE + "id/org/7000012060001"
    parents = {q.object.value for q in graph.quads if q.subject.value == bunka and q.predicate.value.endswith("#subOrganizationOf")}
    assert parents == {monka}
    labels = {q.object.value for q in graph.quads
              if q.subject.value == monka and q.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"}
    assert "文部科学省" in labels


def test_mapping_flow_to_a_block_without_a_block_row_is_reported(tmp_path: Path) -> None:
    p = GENERATOR.common(93002, "見本事業")
    graph = build_tables(tmp_path, {
        "5-1": GENERATOR.rows(p, {"block": "A", "block_name": "見本", "payee_count": "0", "block_amount": "100 "}),
        "5-2": GENERATOR.rows(p, {"from_name": "法務省", "from_agency": "TRUE", "to_block": "A", "to_name": "見本"},
                              {"from_block": "A", "from_name": "見本", "from_agency": "FALSE", "to_block": "Z", "to_name": "幻"}),
    })
    assert [(p.code, p.location.part, p.location.row) for p in graph.problems] == [("dangling-block", "5-2", 3)]
    assert f"{DEFAULT_BASE}id/sheet/2024/93002/block/Z" in subjects(graph)  # still minted, never dangling


def test_mapping_payees_not_adding_up_to_the_block_are_reported(tmp_path: Path) -> None:
    p = GENERATOR.common(93003, "見本事業")
    payee = {"block": "A", "is_remainder": "FALSE"}
    graph = build_tables(tmp_path, {"5-1": GENERATOR.rows(
        p,
        {"block": "A", "block_name": "見本ほか", "payee_count": "2", "block_amount": "1000 "},
        {**payee, "payee": "株式会社見本", "corporate_number": GENERATOR.corp("010401980001") + " ", "payee_amount": "600 "},
        {**payee, "payee": "その他", "is_remainder": "TRUE", "payee_amount": "300 "},
    )})
    assert [(p.code, p.location.part) for p in graph.problems] == [("sum-mismatch", "5-1")]


def test_mapping_two_aggregate_rows_for_one_budget_year_are_reported(tmp_path: Path) -> None:
    p = GENERATOR.common(93004, "見本事業")
    graph = build_tables(tmp_path, {"2-1": GENERATOR.rows(
        p, GENERATOR._agg(2023, 1000, executed=900, rate="0.9"), GENERATOR._agg(2023, 1000, executed=800, rate="0.8"))})
    assert [(p.code, p.location.row) for p in graph.problems] == [("duplicate-budget-row", 3)]
    budget = {s.split("#")[0] for s in subjects(graph) if "/id/" in s and "/budget/" in s}
    assert budget == {f"{DEFAULT_BASE}id/sheet/2024/93004/budget/2023"}


def dangling(nq: Path) -> dict[str, set[str]]:
    """Minted IRIs used as objects but never described, by kind; row fragments of source files are fine."""
    quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    described = {q.subject.value for q in quads}
    dangling_related = set()
    out: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value.endswith("#relatedProject"):
            dangling_related.add(q.object.value)
        o = q.object
        if not isinstance(o, ox.NamedNode) or not o.value.startswith(DEFAULT_BASE) or o.value in described:
            continue
        tail = o.value.removeprefix(DEFAULT_BASE)
        if tail.startswith(("def/", "graph/")) or (tail.startswith("source/") and "#r" in tail):
            continue
        if tail == "" or tail.startswith("data/"):
            continue  # the site's home page and the dump files (graph/metadata's landing page and distributions): documents
        out.setdefault(tail.split("/")[0] + "/" + tail.split("/")[1], set()).add(o.value)
    # FORMATS §8.31: a link to a project outside the build is kept and flagged
    out["id/project"] = out.get("id/project", set()) - dangling_related
    return {k: v for k, v in out.items() if v}


@pytest.mark.slow
@pytest.mark.parametrize("build", ["sample_build", "real_build"])
def test_mapping_every_minted_iri_is_described(build: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(build)
    assert dangling(folder / "data" / "rs2rdf.nq") == {}


@pytest.mark.slow
@pytest.mark.parametrize("build", ["sample_build", "real_build"])
def test_mapping_minted_iris_other_than_qb_datasets_are_described(build: str, request: pytest.FixtureRequest) -> None:
    """Guards everything the xfail above does not: only the qb dataset IRIs may dangle today."""
    folder: Path = request.getfixturevalue(build)
    found = dangling(folder / "data" / "rs2rdf.nq")
    assert set(found) <= {"dataset/budget", "dataset/budget-items", "dataset/indicators"}, found
