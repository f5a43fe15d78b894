"""The dataset's rights statement (a dcterms:RightsStatement, as DCAT-AP wants) has one label a
language, each tagged with its own."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf

RIGHTS = ox.NamedNode("http://purl.org/dc/terms/rights")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
STATEMENT = ox.NamedNode("http://purl.org/dc/terms/RightsStatement")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.mark.slow
def test_rights_are_tagged_with_their_own_language(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert rs2rdf.build(rs2rdf.sample_dir(), out=out, validate=False).exit_code == 0
    for name in ("void.ttl", "catalog.ttl"):
        triples = list(ox.parse(path=str(out / name), format=ox.RdfFormat.TURTLE))
        (statement,) = {t.object for t in triples if t.predicate == RIGHTS}
        assert any((t.subject, t.predicate, t.object) == (statement, TYPE, STATEMENT) for t in triples)
        rights = [t.object for t in triples if t.subject == statement and t.predicate == LABEL]
        by_lang = {r.language: r.value for r in rights if isinstance(r, ox.Literal)}
        assert len(rights) == 2
        assert set(by_lang) == {"ja", "en"}, name
        assert "This" not in by_lang["ja"] and "政府の公表物" in by_lang["ja"]
        assert "government publication" in by_lang["en"]
