"""The dump split by review year, so validating a build of many years needs the memory of one.

Validation indexes what its shapes read; over the whole dump that index grows with every
year a build holds (two years: 3.7 GiB). But nearly every triple belongs to one review
sheet: its resources (blocks, payments, budget rows, indicators …) are minted under
``{base}id/sheet/{year}/``. So the dump is split, in one pass, into a file per review year
and one *shared* file (projects, corporations, laws, code lists, sources, the vocabulary),
and each year is validated on its own file plus the shared one. A year's focus nodes see
everything they can reach there; what a year's triples point to in *another* year (a sheet
matched to an older one) is represented by that node's ``rdf:type`` lines, collected in a
second pass over the types alone, which is all a core constraint asks of a value.

The shared partition is validated first, on the shared file plus the types of the year nodes
it points to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from rs2rdf.quads.nquads import NQuadsFile, quad_rows_with_lines

SHARED = "shared"
TYPE_TEXT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@dataclass(frozen=True)
class Partition:
    """One validation pass: the nodes it validates and the files that hold their context."""

    name: str  # SHARED or a review year
    files: tuple[Path, ...]
    prefix: str  # f"{base}id/sheet/"

    def owns(self, node: ox.NamedNode | ox.BlankNode) -> bool:
        return partition_of(node.value, self.prefix) == self.name

    def source(self) -> NQuadsFile:
        return NQuadsFile(*self.files)


def partition_of(iri: str, prefix: str) -> str:
    """The review year of a sheet's resource (``…/id/sheet/2024/…`` → "2024"), else SHARED."""
    if iri.startswith(prefix):
        end = iri.find("/", len(prefix))
        year = iri[len(prefix):end] if end > 0 else ""
        if year.isdigit():
            return year
    return SHARED


def split_by_year(nquads: Path, folder: Path, base: str) -> list[Partition]:
    """Split the dump into ``folder``; returns the shared partition first, then the years in order.

    A dump with the resources of one review year or none gives a single partition: the
    dump itself, unsplit.
    """
    prefix = base + "id/sheet/"
    text_prefix = "<" + prefix
    folder.mkdir(parents=True, exist_ok=True)
    outs: dict[str, IO[str]] = {}
    types: dict[str, IO[str]] = {}
    #: IRI text of a year's node → the partitions whose triples point to it from outside that year
    wanted: dict[str, set[str]] = defaultdict(set)

    def key_of(text: str) -> str:
        """The partition of an IRI's term text (``<…>``)."""
        return partition_of(text[1:-1], prefix) if text.startswith(text_prefix) else SHARED

    try:
        with open(nquads, encoding="utf-8", buffering=1 << 20) as f:
            # each line as it is, or as written again when only the parser could read it
            for line, (_g, s, p, o) in quad_rows_with_lines(f, str(nquads)):
                key = key_of(s)
                out = outs.get(key)
                if out is None:
                    out = outs[key] = open(folder / f"{key}.nq", "w", encoding="utf-8", buffering=1 << 20)
                out.write(line)
                if key != SHARED and p == TYPE_TEXT:
                    t = types.get(key)
                    if t is None:
                        t = types[key] = open(folder / f"{key}.types", "w", encoding="utf-8", buffering=1 << 20)
                    t.write(line)
                if o.startswith(text_prefix) and key_of(o) != key:
                    wanted[o].add(key)
    finally:
        for handle in (*outs.values(), *types.values()):
            handle.close()
    years = sorted(k for k in outs if k != SHARED)
    if len(years) < 2:
        for path in folder.iterdir():
            path.unlink()
        return [Partition(SHARED if not years else years[0], (nquads,), prefix)]
    extra = _cross_types(folder, years, wanted)
    shared = folder / f"{SHARED}.nq"
    if not shared.is_file():
        shared.write_text("", encoding="utf-8")
    parts = [Partition(SHARED, (shared, *extra.get(SHARED, ())), prefix)]
    parts += [Partition(y, (shared, folder / f"{y}.nq", *extra.get(y, ())), prefix) for y in years]
    return parts


def _cross_types(folder: Path, years: list[str], wanted: dict[str, set[str]]) -> dict[str, tuple[Path]]:
    """``{partition: (file,)}``: the rdf:type lines of the other years' nodes each partition points to."""
    if not wanted:
        return {}
    outs: dict[str, IO[str]] = {}
    try:
        for year in years:
            path = folder / f"{year}.types"
            if not path.is_file():
                continue
            with open(path, encoding="utf-8", buffering=1 << 20) as f:
                for line, row in quad_rows_with_lines(f, str(path)):
                    for key in wanted.get(row[1], ()):
                        out = outs.get(key)
                        if out is None:
                            out = outs[key] = open(folder / f"{key}.extra", "w", encoding="utf-8")
                        out.write(line)
    finally:
        for handle in outs.values():
            handle.close()
    return {key: (folder / f"{key}.extra",) for key in outs}
