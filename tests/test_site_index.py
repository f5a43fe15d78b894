"""The site's index keeps what pages read, and no more; held or read back from the dump, the same."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import pytest

from rs2rdf.quads.dump import distinct_triples, sort_rows
from rs2rdf.mapping.iris import DEFAULT_BASE as B
from rs2rdf.site.index import TYPE, GraphIndex
from rs2rdf.site.subject_runs import SubjectRuns

Index = Callable[[Iterable[tuple[str, str, str]]], GraphIndex]

G = f"<{B}graph/x>"
PROV = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


def _rows(*triples: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """Triples in any order, as the dump lists them: sorted by their text, distinct."""
    return list(distinct_triples(sort_rows([(G, s, p, o) for s, p, o in triples])))


@pytest.fixture(params=["held", "read back"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Index:
    """Make the index of dump-ordered triples, either way :meth:`GraphIndex.from_ntriples` can."""
    def make(triples: Iterable[tuple[str, str, str]]) -> GraphIndex:
        if request.param == "held":
            return GraphIndex.build(triples, B)
        nt = tmp_path / "dump.nt"
        nt.write_text("".join(f"{s} {p} {o} .\n" for s, p, o in triples), encoding="utf-8")
        idx = GraphIndex.from_ntriples(nt, B, held=False)
        assert isinstance(idx.out, SubjectRuns)
        request.addfinalizer(idx.close)
        return idx
    return make


def test_incoming_links_are_kept_for_subjects_and_documents_of_hash_iris_only(index: Index) -> None:
    idx = index(_rows(
        (f"<{B}id/a>", PROV, f"<{B}source/t#r7>"),  # a source row: never a page or a member
        (f"<{B}id/a>", f"<{B}def/rs#about>", f"<{B}id/doc>"),  # id/doc is no subject, but id/doc#part is
        (f"<{B}id/doc#part>", f"<{B}def/rs#n>", '"1"'),
        (f"<{B}id/doc#part>", f"<{B}def/rs#link>", f"<{B}id/a>"),
        (f"<{B}id/a>", f"<{B}def/rs#see>", "<https://elsewhere.example/x>"),
    ))
    assert idx.incoming(f"{B}id/a") == [(f"{B}id/doc#part", f"{B}def/rs#link")]
    assert idx.incoming(f"{B}id/doc") == [(f"{B}id/a", f"{B}def/rs#about")]
    assert f"{B}source/t#r7" not in idx.inc and "https://elsewhere.example/x" not in idx.inc


def test_nodes_with_the_same_classes_share_one_set(index: Index) -> None:
    cls = [f"<{B}def/rs#A>", f"<{B}def/rs#B>"]
    idx = index(_rows(*[(f"<{B}id/{n}>", f"<{TYPE}>", c) for n in ("x", "y") for c in cls],
                      (f"<{B}id/z>", f"<{TYPE}>", cls[0])))
    assert idx.types[f"{B}id/x"] == {f"{B}def/rs#A", f"{B}def/rs#B"}
    assert idx.types[f"{B}id/x"] is idx.types[f"{B}id/y"]
    assert idx.types[f"{B}id/z"] == {f"{B}def/rs#A"}
    assert idx.is_a(f"{B}id/y", f"{B}def/rs#B") and not idx.is_a(f"{B}id/z", f"{B}def/rs#B")


def test_pairs_are_in_iri_order_where_n_triples_text_sorts_otherwise(index: Index) -> None:
    # "<…#p10>" sorts before "<…#p1>" as text ("0" < ">"), "…#p1" before "…#p10" as IRIs;
    # likewise a sheet before its blocks
    s, block = f"{B}id/sheet/2024/1", f"{B}id/sheet/2024/1/block/A"
    idx = index(_rows(
        (f"<{s}>", f"<{B}def/rs#p10>", '"ten"'), (f"<{s}>", f"<{B}def/rs#p1>", '"one"'),
        (f"<{s}>", f"<{B}def/rs#p1>", f"<{B}id/x>"),
        (f"<{block}>", f"<{B}def/rs#p1>", f"<{B}id/x>"), (f"<{B}id/x>", f"<{B}def/rs#n>", '"x"'),
    ))
    assert idx.pairs(s) == [(f"{B}def/rs#p1", '"one"'), (f"{B}def/rs#p1", f"{B}id/x"), (f"{B}def/rs#p10", '"ten"')]
    assert idx.incoming(f"{B}id/x") == [(s, f"{B}def/rs#p1"), (block, f"{B}def/rs#p1")]
    assert idx.iri_values(s, f"{B}def/rs#p1") == [f"{B}id/x"]
    assert str(idx.first(s, f"{B}def/rs#p1")) == '"one"' and idx.iri(block, f"{B}def/rs#p1") == f"{B}id/x"


def test_the_index_refuses_triples_out_of_subject_order(index: Index) -> None:
    with pytest.raises(ValueError, match="sorted by subject"):
        index([(f"<{B}id/b>", f"<{B}def/rs#n>", '"1"'), (f"<{B}id/a>", f"<{B}def/rs#n>", '"2"')])


def test_labels_are_the_first_per_language_and_decoded_on_demand(index: Index) -> None:
    label, pref, title = "<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", "<http://purl.org/dc/terms/title>"
    s = f"<{B}id/law/1>"
    idx = index(_rows(
        (s, label, '"法律 \\"甲\\""@ja'), (s, pref, '"別名"@ja'), (s, label, '"Act A"@en'), (s, title, '"題名"'),
        (f"<{B}id/plain>", f"<{B}def/rs#n>", '"1"'),
    ))
    assert idx.label_map(f"{B}id/law/1") == {"ja": '法律 "甲"', "en": "Act A", "": "題名"}
    assert idx.label(f"{B}id/law/1") == {"ja": '法律 "甲"', "en": "Act A"}
    assert idx.label_map(f"{B}id/plain") == {} and f"{B}id/plain" not in idx.labels
    one = index([(s, label, '"一つ"@ja')])
    assert one.labels[f"{B}id/law/1"] == '"一つ"@ja', "one label is kept as the string the graph holds"


def test_dumps_above_the_held_size_are_read_back_where_the_system_can(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import rs2rdf.site.index as site_index

    nt = tmp_path / "dump.nt"
    nt.write_text(f'<{B}id/a> <{B}def/rs#n> "1" .\n', encoding="utf-8")
    assert isinstance(GraphIndex.from_ntriples(nt, B).out, dict), "a small dump is held"
    monkeypatch.setattr(site_index, "HELD_BYTES", 0)
    idx = GraphIndex.from_ntriples(nt, B)
    assert isinstance(idx.out, SubjectRuns) and idx.pairs(f"{B}id/a") == [(f"{B}def/rs#n", '"1"')]
    idx.close()
    monkeypatch.delattr(os, "pread")  # not on every system
    assert isinstance(GraphIndex.from_ntriples(nt, B).out, dict)
