"""Fast, deterministic dumps of the graph.

Quads arrive as sorted N-Quads term tuples (graph, subject, predicate, object), so N-Quads
and N-Triples are written by joining strings, and TriG, Turtle and JSON-LD are streamed
by pyoxigraph from those two files: nothing holds the graph as millions of Python RDF
objects, every format has the same order, and two builds of the same input are
byte-identical.
"""

from __future__ import annotations

import heapq
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from rs2rdf.mapping.emit import Row
from rs2rdf.mapping.iris import RS
from rs2rdf.mapping.vocab import PREFIXES
from rs2rdf.quads import jsonld
from rs2rdf.quads.nquads import quad_lines, read_triples, triple_lines
from rs2rdf.quads.runs import SortedRuns

DUMP_NAME = "rs2rdf"
_TRIPLE = itemgetter(1, 2, 3)
_BUFFER = 1 << 20


def sort_rows(rows: list[Row]) -> list[Row]:
    """Distinct quads in dump order; sorts ``rows`` in place and drops repeats in place.

    A set of a full year's quads would cost a few hundred MB more at the build's peak.
    """
    rows.sort()
    kept = 0
    last = None
    for row in rows:
        if row != last:
            rows[kept] = last = row
            kept += 1
    del rows[kept:]
    return rows


def distinct_triples(rows: "list[Row] | SortedRuns") -> Iterator[tuple[str, str, str]]:
    """The union graph's distinct (subject, predicate, object) terms, sorted.

    ``rows`` are sorted by graph, so each graph's run is already sorted by triple: merging
    the runs gives the union in order with duplicates side by side, without sorting (or
    holding) millions of triples again.
    """
    if isinstance(rows, SortedRuns):
        yield from rows.triples()
        return
    starts = [0] + [i for i in range(1, len(rows)) if rows[i][0] != rows[i - 1][0]]
    bounds = zip(starts, starts[1:] + [len(rows)])
    runs = [map(_TRIPLE, rows[a:b]) for a, b in bounds]
    last = None
    for t in heapq.merge(*runs):
        if t != last:
            yield t
            last = t


def to_quads(rows: Iterable[Row]) -> list[ox.Quad]:
    """pyoxigraph quads of ``rows`` (for small graphs and tests; the build streams files instead)."""
    text = "".join(quad_lines(rows)).encode("utf-8")
    return list(ox.parse(text, ox.RdfFormat.N_QUADS))


def prefixes(base: str) -> dict[str, str]:
    out = dict(PREFIXES)
    out["rs"] = RS
    out["id"] = base + "id/"
    return out


def dump_paths(folder: Path) -> dict[str, Path]:
    return {ext: folder / f"{DUMP_NAME}.{ext}" for ext in ("nq", "trig", "nt", "ttl", "jsonld")}


def write_nquads(rows: "Iterable[Row]", folder: Path) -> Path:
    """The N-Quads dump, first: the query store and the later stages read it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = dump_paths(folder)["nq"]
    if isinstance(rows, SortedRuns):
        with open(path, "wb", buffering=_BUFFER) as out:
            rows.write_nquads(out)
        return path
    with open(path, "w", encoding="utf-8", newline="\n", buffering=_BUFFER) as f:
        f.writelines(quad_lines(rows))
    return path


def write_other_dumps(rows: "list[Row] | SortedRuns", folder: Path, base: str) -> tuple[dict[str, Path], int]:
    """N-Triples from the rows, then TriG, Turtle and JSON-LD streamed from the N-Quads and
    N-Triples; also returns the number of distinct triples."""
    px = prefixes(base)
    out = dump_paths(folder)
    count = 0
    with open(out["nt"], "w", encoding="utf-8", newline="\n", buffering=_BUFFER) as f:
        for line in triple_lines(distinct_triples(rows)):
            f.write(line)
            count += 1
    # lenient: these files were just written from terms pyoxigraph already checked; its IRI
    # validation would be half of the parsing time again
    ox.serialize(ox.parse(path=str(out["nq"]), format=ox.RdfFormat.N_QUADS, lenient=True), str(out["trig"]), ox.RdfFormat.TRIG, prefixes=px)
    ox.serialize(ox.parse(path=str(out["nt"]), format=ox.RdfFormat.N_TRIPLES, lenient=True), str(out["ttl"]),
                 ox.RdfFormat.TURTLE, prefixes=px)
    # compact, with the prefixes as its @context (see rs2rdf.quads.jsonld); the N-Triples are
    # sorted, so each subject's triples are one run and one node
    jsonld.write_text_file(read_triples(out["nt"]), out["jsonld"], px)
    return out, count


def write_dumps(rows: list[Row], folder: Path, base: str) -> dict[str, Path]:
    """N-Quads, TriG, N-Triples, Turtle and JSON-LD of the same sorted graph."""
    write_nquads(rows, folder)
    return write_other_dumps(rows, folder, base)[0]
