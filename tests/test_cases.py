"""Golden cases: tests/cases/<case>/ holds RS inputs, the expected graph and the expected problems.

Each case is built with :func:`rs2rdf.build.make_graph` and compared with ``expected.nq``
by rdflib isomorphism, on the union graph and on every named graph, and with
``expected-problems.json`` as (code, file, part, row, field) tuples. ``pytest --update-golden``
rewrites both files; review the diff: they are the specification of the mapping.

Left out of the comparison, because they are the same for every build and tested elsewhere:
the vocabulary graph (tests/test_vocab.py) and the SKOS code lists in the reference graph.
The version string in the provenance graph is replaced by ``VERSION``.

A case whose folder holds ``xfail.txt`` documents a known bug: its expected files were
corrected by hand, the test is a strict xfail with the file's first line as reason, and
``--update-golden`` leaves it alone.
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
from rs2rdf.build import make_graph
from rs2rdf.config import Config
from rs2rdf.model.iris import DEFAULT_BASE

HERE = Path(__file__).resolve().parent / "cases"
EXPECTED_GRAPH = "expected.nq"
EXPECTED_PROBLEMS = "expected-problems.json"
XFAIL = "xfail.txt"

VOCABULARY_GRAPH = DEFAULT_BASE + "graph/vocabulary"
REFERENCE_GRAPH = DEFAULT_BASE + "graph/reference"
CODE_LISTS = DEFAULT_BASE + "def/"


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


def to_dataset(text: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=text, format="nquads")
    return ds


def union(ds: rdflib.Dataset) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, c in ds.quads((None, None, None, None)):
        key = str(c.identifier if hasattr(c, "identifier") else c)
        out.setdefault(key, rdflib.Graph()).add((s, p, o))
    return out


def write_expected(folder: Path, quads: list[ox.Quad], problems: list[tuple]) -> None:  # type: ignore[type-arg]
    (folder / EXPECTED_GRAPH).write_text(nquads_text(quads), encoding="utf-8")
    rows = [list(p) for p in sorted(problems, key=_sort_key)]
    text = "[\n" + ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n" if rows else "[]\n"
    (folder / EXPECTED_PROBLEMS).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("case", _params())
def test_case_graph_and_problems(case: str, update_golden: bool, assert_isomorphic) -> None:  # type: ignore[no-untyped-def]
    folder = HERE / case
    quads, problems = case_quads(folder)
    if update_golden and not (folder / XFAIL).is_file():
        write_expected(folder, quads, problems)
        return
    assert (folder / EXPECTED_GRAPH).is_file(), f"run `pytest --update-golden -k {case}` and review {folder}"
    expected = to_dataset((folder / EXPECTED_GRAPH).read_text(encoding="utf-8"))
    actual = to_dataset(nquads_text(quads))
    assert_isomorphic(union(expected), union(actual), f"{case}: union graph")
    exp_named, act_named = named(expected), named(actual)
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
