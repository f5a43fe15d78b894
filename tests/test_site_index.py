"""The site's index keeps what pages read, and no more."""

from __future__ import annotations

from rs2rdf.model.iris import DEFAULT_BASE as B
from rs2rdf.site.index import TYPE, GraphIndex

G = f"<{B}graph/x>"
PROV = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


def _rows(*triples: tuple[str, str, str]) -> list[tuple[str, str, str, str]]:
    return [(G, s, p, o) for s, p, o in triples]


def test_incoming_links_are_kept_for_subjects_and_documents_of_hash_iris_only() -> None:
    idx = GraphIndex.build(_rows(
        (f"<{B}id/a>", PROV, f"<{B}source/t#r7>"),  # a source row: never a page or a member
        (f"<{B}id/a>", f"<{B}def/rs#about>", f"<{B}id/doc>"),  # id/doc is no subject, but id/doc#part is
        (f"<{B}id/doc#part>", f"<{B}def/rs#n>", '"1"'),
        (f"<{B}id/doc#part>", f"<{B}def/rs#link>", f"<{B}id/a>"),
        (f"<{B}id/a>", f"<{B}def/rs#see>", "<https://elsewhere.example/x>"),
    ), B)
    assert idx.incoming(f"{B}id/a") == [(f"{B}id/doc#part", f"{B}def/rs#link")]
    assert idx.incoming(f"{B}id/doc") == [(f"{B}id/a", f"{B}def/rs#about")]
    assert f"{B}source/t#r7" not in idx.inc and "https://elsewhere.example/x" not in idx.inc


def test_nodes_with_the_same_classes_share_one_set() -> None:
    cls = [f"<{B}def/rs#A>", f"<{B}def/rs#B>"]
    idx = GraphIndex.build(_rows(*[(f"<{B}id/{n}>", f"<{TYPE}>", c) for n in ("x", "y") for c in cls],
                                 (f"<{B}id/z>", f"<{TYPE}>", cls[0])), B)
    assert idx.types[f"{B}id/x"] == {f"{B}def/rs#A", f"{B}def/rs#B"}
    assert idx.types[f"{B}id/x"] is idx.types[f"{B}id/y"]
    assert idx.types[f"{B}id/z"] == {f"{B}def/rs#A"}
    assert idx.is_a(f"{B}id/y", f"{B}def/rs#B") and not idx.is_a(f"{B}id/z", f"{B}def/rs#B")
