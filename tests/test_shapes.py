"""Shape tests: one folder per case under tests/shapes/ with data.ttl and expected.json,
a list of [focus, path, component, severity] (STYLE.md: tuples, not messages).

Each case is checked twice: with rs2rdf's evaluator and with pySHACL (inference='none'),
so the fast evaluator cannot drift from the SHACL semantics of the shapes.

Folders named after a node shape (``shape-<Name>`` for ``rsh:<Name>``) are the per-shape cases:
focus nodes ``id:ok…`` conform to that shape and ``id:bad…`` break its constraints; the other
folders are grouped by theme.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf.mapping.vocab import CLASSES
from rs2rdf.quads.nquads import quad_triples
from rs2rdf.validation.shacl import focus_nodes, validate
from rs2rdf.validation.validate import load, shapes_triples
from rs2rdf.core.errors import Rs2rdfError
from rs2rdf.mapping.iris import RS

#: Where pySHACL is known to differ from the SHACL spec (and rs2rdf follows the spec).
PYSHACL_DIFFERENCES: dict[str, list[list[str | None]]] = {}
CASES = sorted(p for p in (Path(__file__).parent / "shapes").iterdir() if (p / "data.ttl").is_file())
BASE = "https://example.org/rs2rdf/"
SHORT = {BASE + "id/": "id:", RS: "rs:", "http://www.w3.org/ns/shacl#": "sh:",
         "http://purl.org/linked-data/cube#": "qb:", "http://www.w3.org/ns/org#": "org:",
         "http://data.europa.eu/eli/ontology#": "eli:"}


def short(iri: object) -> str | None:
    if iri is None:
        return None
    text = str(iri)
    for long, prefix in SHORT.items():
        if text.startswith(long):
            return prefix + text[len(long):]
    return text


def data_quads(case: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(case / "data.ttl"), format=ox.RdfFormat.TURTLE))


def expected(case: Path) -> list[list[str | None]]:
    return sorted(json.loads((case / "expected.json").read_text(encoding="utf-8")), key=str)


def ours(case: Path) -> list[list[str | None]]:
    results, _ = validate(quad_triples(data_quads(case)), load(BASE))
    return sorted({(short(r.focus.value), short(r.path), short(r.component), short(r.severity)) for r in results}, key=str)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_with_rs2rdf(case: Path) -> None:
    assert [list(t) for t in ours(case)] == expected(case)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_with_pyshacl(case: Path) -> None:
    import rdflib
    from pyshacl import validate as pyshacl_validate

    shapes = rdflib.Graph()
    shapes.parse(data=ox.serialize(shapes_triples(BASE), format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    data = rdflib.Graph()
    data.parse(case / "data.ttl", format="turtle")
    _, report, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = sorted({(short(report.value(r, SH.focusNode)), short(report.value(r, SH.resultPath)),
                     short(report.value(r, SH.sourceConstraintComponent)), short(report.value(r, SH.resultSeverity)))
                    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)}, key=str)
    missed = PYSHACL_DIFFERENCES.get(case.name, [])
    assert [list(t) for t in found] == [t for t in expected(case) if t not in missed]


def test_every_emitted_class_has_a_shape() -> None:
    """Every rs: class the mapping emits (and the external classes we publish) is a target."""
    targets = {short(c) for s in load(BASE) for c in s.target_classes}
    emitted = {f"rs:{c}" for c in CLASSES}
    external = {"org:Organization", "org:OrganizationalUnit", "eli:LegalResource", "eli:LegalResourceSubdivision",
                "http://www.w3.org/2006/time#ProperInterval"}
    assert emitted | external <= targets, sorted((emitted | external) - targets)


def test_every_node_shape_has_a_case_folder() -> None:
    """A case folder per shape (the acceptance of the shapes issue), by one simple rule:
    every node shape ``rsh:<Name>`` in shapes/*.ttl has a folder ``tests/shapes/shape-<Name>/``
    whose data gives the shape at least one focus node that conforms to it and at least one
    that does not, and every ``shape-*`` folder names an existing node shape.

    Conformance here is rs2rdf's evaluator run with that one shape; the case tests above pin
    each folder's full report to expected.json and to pySHACL.
    """
    shapes = {s.iri.rsplit("#", 1)[-1]: s for s in load(BASE)}
    folders = {c.name.removeprefix("shape-"): c for c in CASES if c.name.startswith("shape-")}
    assert sorted(set(shapes) - set(folders)) == [], "node shapes without a tests/shapes/shape-<Name>/ folder"
    assert sorted(set(folders) - set(shapes)) == [], "shape-* folders that name no node shape"
    weak = []
    for name, shape in sorted(shapes.items()):
        results, data = validate(quad_triples(data_quads(folders[name])), [shape])
        nodes, failing = focus_nodes(shape, data), {r.focus for r in results}
        if not failing or not nodes - failing:
            weak.append(f"{name}: {len(nodes - failing)} conforming, {len(failing)} non-conforming focus node(s)")
    assert weak == []


def test_every_shape_is_labelled_for_the_site() -> None:
    """The site takes labels and field order from the shapes: sh:name ja/en, sh:order, sh:message ja/en."""
    for shape in load(BASE):
        assert {"ja", "en"} <= set(shape.names), shape.iri
        for p in shape.properties:
            assert {"ja", "en"} <= set(p.names) and p.order is not None, p.iri
            assert {"ja", "en"} <= set(p.messages), p.iri
        for c in shape.sparql:
            assert {"ja", "en"} <= set(c.messages), c.iri


def test_shapes_in_the_old_vocabulary_namespace_are_refused_by_name(tmp_path: Path) -> None:
    """A user's shapes written for {base}def/rs# (before the vocabulary moved) would target nothing."""
    (tmp_path / "mine.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                                       f"<{BASE}def/shapes#S> a sh:NodeShape ; sh:targetClass <{BASE}def/rs#Payment> .\n",
                                       encoding="utf-8")
    with pytest.raises(Rs2rdfError, match=r"mine\.ttl: names terms under https://example\.org/rs2rdf/def/.*https://w3id\.org/rs2rdf/def/"):
        load("https://data.example.jp/rs/", tmp_path)


def test_shapes_name_the_same_vocabulary_for_every_base_iri() -> None:
    """The shapes target rs: classes, which do not move with --base-iri (README "The vocabulary")."""
    other = "https://data.example.jp/rs/"
    targets = {c for s in load(other) for c in s.target_classes}
    assert RS + "Payment" in targets
    assert targets == {c for s in load(BASE) for c in s.target_classes}
    assert not any(c.startswith((BASE, other)) for c in targets)
