"""The rs: vocabulary: rs2rdf/mapping/vocab.TERMS and ontology/rs.ttl define the same terms, each
labelled in Japanese and English and commented; every rs: IRI a build uses is one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from rs2rdf.mapping.iris import DEFAULT_BASE, RS, RS_DOC
from rs2rdf.mapping.vocab import CLASSES, PROPERTIES, TERMS, Vocab
from rs2rdf.core.resources import asset_dir

NS = RS
ONTOLOGY = RS_DOC
CLASS_TYPES = {OWL.Class, RDFS.Class}
PROPERTY_TYPES = {RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(asset_dir("ontology") / "rs.ttl", format="turtle")
    return g


def defined(g: rdflib.Graph) -> set[str]:
    return {str(s).removeprefix(NS) for s in set(g.subjects()) if str(s).startswith(NS)}


def test_vocab_terms_are_unique() -> None:
    assert len(CLASSES) == len(set(CLASSES)) and len(PROPERTIES) == len(set(PROPERTIES))
    assert not set(CLASSES) & set(PROPERTIES)
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", c) for c in CLASSES)
    assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", p) for p in PROPERTIES)


def test_vocab_every_term_is_in_the_ontology(ontology: rdflib.Graph) -> None:
    assert sorted(TERMS - defined(ontology)) == []


def test_vocab_every_ontology_term_is_in_terms(ontology: rdflib.Graph) -> None:
    assert sorted(defined(ontology) - TERMS) == []


@pytest.mark.parametrize("term", sorted(TERMS))
def test_vocab_term_is_labelled_and_commented(term: str, ontology: rdflib.Graph) -> None:
    s = rdflib.URIRef(NS + term)
    labels = {lit.language: str(lit) for lit in ontology.objects(s, RDFS.label) if isinstance(lit, rdflib.Literal)}
    assert labels.get("ja") and labels.get("en"), labels
    assert len(list(ontology.objects(s, RDFS.label))) == 2  # exactly one per language
    comments = [c for c in ontology.objects(s, RDFS.comment) if isinstance(c, rdflib.Literal) and str(c).strip()]
    assert comments
    types = set(ontology.objects(s, RDF.type))
    assert types & (CLASS_TYPES if term in CLASSES else PROPERTY_TYPES), types
    assert (s, RDFS.isDefinedBy, rdflib.URIRef(ONTOLOGY)) in ontology


def test_vocab_refuses_unknown_names() -> None:
    v = Vocab(NS)
    assert v.amount == NS + "amount" and v["from"] == NS + "from"
    with pytest.raises(AttributeError, match="rs:amuont"):
        getattr(v, "amuont")
    with pytest.raises(AttributeError, match="rs:frm"):
        v["frm"]


def test_vocab_terms_are_plain_attributes() -> None:
    """Read on the mapping's hot path: a dictionary lookup, no ``__getattr__`` call per read."""
    v = Vocab(NS)
    assert {k: x for k, x in vars(v).items() if k != "_ns"} == {t: NS + t for t in TERMS if t != "from"}


@pytest.mark.slow
def test_mypy_rejects_a_misspelt_term() -> None:
    """The terms are declared on the class, so a type check catches ``V.amuont`` without running it."""
    from mypy import api

    snippet = "from rs2rdf.mapping.vocab import Vocab\nV = Vocab('x#')\nok: str = V.amount\nbad: str = V.amuont\n"
    out, _, status = api.run(["--config-file", "", "--no-incremental", "--follow-imports=silent",
                              "--ignore-missing-imports", "-c", snippet])
    assert status == 1 and '<string>:4: error: "Vocab" has no attribute "amuont"' in out, out
    assert out.count("error:") == 1, out


def test_vocab_ontology_references_only_defined_rs_terms(ontology: rdflib.Graph) -> None:
    """subClassOf/domain/range inside the ontology point at rs: terms that exist."""
    used = {str(o).removeprefix(NS) for o in ontology.objects() if isinstance(o, rdflib.URIRef) and str(o).startswith(NS)}
    assert sorted(used - TERMS) == []


def used_terms(nq: Path) -> set[str]:
    """Every rs: name used as predicate, type or any IRI of a built graph (vocabulary graph left out)."""
    vocab_graph = DEFAULT_BASE + "graph/vocabulary"
    out: set[str] = set()
    for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        if q.graph_name.value == vocab_graph:
            continue
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(NS):
                out.add(term.value.removeprefix(NS))
    return out


@pytest.mark.parametrize("build", ["sample_build", "real_build"])
def test_vocab_built_graph_uses_only_defined_terms(build: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(build)
    used = used_terms(folder / "data" / "rs2rdf.nq")
    assert len(used) > 50
    assert sorted(used - TERMS) == []


def test_vocab_graph_of_a_build_is_the_ontology(sample_build: Path, ontology: rdflib.Graph) -> None:
    from rdflib.compare import isomorphic

    graph = DEFAULT_BASE + "graph/vocabulary"
    triples = [q.triple for q in ox.parse(path=str(sample_build / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
               if q.graph_name.value == graph]
    vocab = rdflib.Graph().parse(data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"), format="nt")
    assert len(vocab) > 500
    assert isomorphic(vocab, ontology)
