"""Fast, deterministic dumps of the graph through pyoxigraph.

Quads are sorted once (graph, subject, predicate, object), so every format is written
in the same order and two builds of the same input are byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .model.vocab import PREFIXES

DUMP_NAME = "rs2rdf"


def sort_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    unique = {(q.graph_name.value, q.subject.value, q.predicate.value, str(q.object)): q for q in quads}
    return [unique[k] for k in sorted(unique)]


def triples_of(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The union graph as sorted distinct triples."""
    seen = {(q.subject.value, q.predicate.value, str(q.object)): q.triple for q in quads}
    return [seen[k] for k in sorted(seen)]


def prefixes(base: str) -> dict[str, str]:
    out = dict(PREFIXES)
    out["rs"] = base + "def/rs#"
    out["id"] = base + "id/"
    return out


def write_dumps(quads: list[ox.Quad], folder: Path, base: str, triples: list[ox.Triple] | None = None) -> dict[str, Path]:
    """N-Quads, TriG, N-Triples, Turtle and JSON-LD of the same sorted graph."""
    folder.mkdir(parents=True, exist_ok=True)
    triples = triples_of(quads) if triples is None else triples
    px = prefixes(base)
    out = {
        "nq": folder / f"{DUMP_NAME}.nq",
        "trig": folder / f"{DUMP_NAME}.trig",
        "nt": folder / f"{DUMP_NAME}.nt",
        "ttl": folder / f"{DUMP_NAME}.ttl",
        "jsonld": folder / f"{DUMP_NAME}.jsonld",
    }
    ox.serialize(quads, str(out["nq"]), ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(out["trig"]), ox.RdfFormat.TRIG, prefixes=px)
    ox.serialize(triples, str(out["nt"]), ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, str(out["ttl"]), ox.RdfFormat.TURTLE, prefixes=px)
    ox.serialize(triples, str(out["jsonld"]), ox.RdfFormat.JSON_LD, prefixes=px)
    return out
