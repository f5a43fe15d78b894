"""Links to other datasets point at the resources those datasets publish."""

from __future__ import annotations

import re

import pyoxigraph as ox

import rs2rdf
from rs2rdf.sources.normalize.ids import is_valid_corporate_number

SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")


def test_corporations_are_the_same_as_gbizinfo_basic_resources() -> None:
    """gBizINFO's LOD names a corporation data/basic/{法人番号} (data/ext/… are its activity
    records); data/{法人番号} named nothing."""
    store = rs2rdf.to_graph(rs2rdf.read(rs2rdf.sample_dir()))
    targets = [q.object.value for q in store.quads_for_pattern(None, SAME_AS, None) if "hojin-info" in q.object.value]
    assert targets
    for iri in targets:
        m = re.fullmatch(r"http://hojin-info\.go\.jp/data/basic/(\d{13})", iri)
        assert m, iri
        assert is_valid_corporate_number(m.group(1)), "only numbers with a valid check digit are linked"


def test_code_lists_name_their_top_concepts() -> None:
    """Each concept is a top concept of its scheme, both ways, so SKOS tools can walk a scheme."""
    store = rs2rdf.to_graph(rs2rdf.read(rs2rdf.sample_dir()))
    skos = "http://www.w3.org/2004/02/skos/core#"
    in_scheme = {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(skos + "inScheme"), None)}
    top = {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(skos + "topConceptOf"), None)}
    has_top = {(q.object, q.subject) for q in store.quads_for_pattern(None, ox.NamedNode(skos + "hasTopConcept"), None)}
    assert in_scheme and in_scheme == top == has_top
