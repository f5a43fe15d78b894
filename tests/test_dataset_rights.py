"""The dataset's rights statement is one literal a language, each tagged with its own."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf

RIGHTS = ox.NamedNode("http://purl.org/dc/terms/rights")


@pytest.mark.slow
def test_rights_are_tagged_with_their_own_language(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert rs2rdf.build(rs2rdf.sample_dir(), out=out, validate=False).exit_code == 0
    for name in ("void.ttl", "catalog.ttl"):
        rights = [t.object for t in ox.parse(path=str(out / name), format=ox.RdfFormat.TURTLE) if t.predicate == RIGHTS]
        assert isinstance(rights[0], ox.Literal)
        by_lang = {r.language: r.value for r in rights if isinstance(r, ox.Literal)}
        assert set(by_lang) == {"ja", "en"}, name
        assert "This" not in by_lang["ja"] and "政府の公表物" in by_lang["ja"]
        assert "government publication" in by_lang["en"]
