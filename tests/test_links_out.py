"""Links to other datasets point at the resources those datasets publish."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

import rs2rdf
from rs2rdf.sources.normalize.ids import is_valid_corporate_number

SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
SPATIAL = ox.NamedNode("http://purl.org/dc/terms/spatial")


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


def _area_links(nq: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(organisation → its rs:localGovernmentCode, organisation → its dcterms:spatial) of a build."""
    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    codes = {q.subject.value: q.object.value for q in store.quads_for_pattern(None, None, None)
             if q.predicate.value.endswith("localGovernmentCode")}
    spatial = {q.subject.value: q.object.value for q in store.quads_for_pattern(None, SPATIAL, None)}
    return codes, spatial


def _fapc_check_digit(code5: str) -> int:
    """The 団体コード check digit as FORMATS §5.3 states it (weights 6…2, 11 − remainder, last digit)."""
    return (11 - sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2))) % 11) % 10


def _check_area_links(codes: dict[str, str], spatial: dict[str, str]) -> None:
    assert set(spatial) <= set(codes), "only local governments carry an area"
    for org, code in codes.items():
        valid = len(code) == 6 and code.isdigit() and 1 <= int(code[:2]) <= 47 and _fapc_check_digit(code[:5]) == int(code[5])
        if valid:
            # e-Stat 統計LOD 標準地域コード: "C" + the five-digit code (the 6th digit only checks it)
            assert spatial.get(org) == f"http://data.e-stat.go.jp/lod/sac/C{code[:5]}", org
        else:
            assert org not in spatial, (org, code)


def test_local_governments_link_to_their_statistical_area(shared_build: Path) -> None:
    """Every local government among the 31 projects' recipients (real 5-1 rows) names its area
    by e-Stat's IRI, from the 団体コード inside its 法人番号, and only a code that checks."""
    codes, spatial = _area_links(shared_build / "data" / "rs2rdf.nq")
    assert len(spatial) >= 10
    _check_area_links(codes, spatial)
    by_number = {org.rsplit("/", 1)[-1]: area for org, area in spatial.items()}
    assert by_number["8000020130001"] == "http://data.e-stat.go.jp/lod/sac/C13000"  # 東京都


def test_area_links_on_the_committed_extract_and_a_bad_check_digit(real_build: Path) -> None:
    codes, spatial = _area_links(real_build / "data" / "rs2rdf.nq")
    _check_area_links(codes, spatial)
    from rs2rdf.sources.normalize.ids import standard_area_code

    # 神戸市 and 東京都 (FORMATS §5.3), a wrong check digit, a prefecture beyond 47, a 5-digit code
    assert [standard_area_code(c) for c in ("281000", "130001", "281001", "481000", "28100")] == ["28100", "13000", None, None, None]
