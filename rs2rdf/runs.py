"""Sorted quads parked on disk between the groups of a large build, merged as the dumps are written.

A build of several review years maps one year at a time (:class:`rs2rdf.model.to_rdf.Mapper`),
so the build process holds one year's records and quads, not all of them. Each year's quads,
sorted and distinct, become a *run*: a file of ``marshal`` batches (the fastest way CPython
has to write and read back tuples of strings), no batch spanning two named graphs, with each
graph's byte range kept. Reading merges the runs graph by graph: a graph that only one run
holds (most of them: a source table's graph is one year's) is copied, the others are merged,
and the union graph's distinct triples merge the graphs' runs as :func:`rs2rdf.dump.distinct_triples`
does in memory. The output is the one an all-in-memory sort would give, byte for byte.
"""

from __future__ import annotations

import heapq
import marshal
import shutil
from collections import defaultdict
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator

from .model.emit import Row

#: Rows per batch: small enough that a merge over every run's every graph (hundreds of open
#: segments in a ten-year build) holds little, large enough that marshal's per-call cost vanishes.
BATCH = 2000
_TRIPLE = itemgetter(1, 2, 3)


def _distinct(rows: Iterable[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    last = None
    for row in rows:
        if row != last:
            yield row
            last = row


class SortedRuns:
    """The graph's quads as sorted runs in ``folder``; iterating gives them all, sorted and distinct."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        #: per run: its file and, per graph, (graph, start, end) byte ranges
        self.runs: list[tuple[Path, list[tuple[str, int, int]]]] = []
        self._count: int | None = None

    def add(self, rows: list[Row]) -> None:
        """Park ``rows`` (sorted and distinct, see :func:`rs2rdf.dump.sort_rows`) as one run."""
        path = self.folder / f"run-{len(self.runs):04d}.marshal"
        segments: list[tuple[str, int, int]] = []
        n = len(rows)
        with open(path, "wb") as f:
            i = 0
            while i < n:
                graph = rows[i][0]
                j = i + 1
                while j < n and rows[j][0] == graph:
                    j += 1
                start = f.tell()
                for k in range(i, j, BATCH):
                    marshal.dump(rows[k:min(k + BATCH, j)], f)
                segments.append((graph, start, f.tell()))
                i = j
        self.runs.append((path, segments))
        self._count = None

    @staticmethod
    def _batches(path: Path, start: int, end: int) -> Iterator[list[Row]]:
        with open(path, "rb") as f:
            f.seek(start)
            while f.tell() < end:
                yield marshal.load(f)

    def _rows(self, path: Path, start: int, end: int) -> Iterator[Row]:
        # rows flow through C iterators (chain, map, heapq's C helpers): a Python generator
        # per row cost a microsecond a quad, a fifth of writing the dumps
        return chain.from_iterable(self._batches(path, start, end))

    def _by_graph(self) -> dict[str, list[tuple[Path, int, int]]]:
        by: dict[str, list[tuple[Path, int, int]]] = defaultdict(list)
        for path, segments in self.runs:
            for graph, start, end in segments:
                by[graph].append((path, start, end))
        return by

    @property
    def graphs(self) -> list[str]:
        return sorted(self._by_graph())

    def batches(self) -> Iterator[list[Row]]:
        """All quads, sorted and distinct, a list at a time; a graph only one run holds is copied."""
        by = self._by_graph()
        count = 0
        for graph in sorted(by):
            parts = by[graph]
            if len(parts) == 1:
                for batch in self._batches(*parts[0]):
                    count += len(batch)
                    yield batch
                continue
            merged = _distinct(heapq.merge(*(self._rows(*p) for p in parts)))
            while batch := list(islice(merged, BATCH)):
                count += len(batch)
                yield batch  # type: ignore[misc]
        self._count = count

    def __iter__(self) -> Iterator[Row]:
        return chain.from_iterable(self.batches())

    def __len__(self) -> int:
        """Distinct quads; counted by one merge when not already known from a full iteration."""
        if self._count is None:
            for _ in self.batches():
                pass
        return self._count or 0

    def triples(self) -> Iterator[tuple[str, str, str]]:
        """The union graph's distinct (subject, predicate, object) terms, sorted."""
        runs = [map(_TRIPLE, self._rows(path, start, end)) for path, segments in self.runs for _, start, end in segments]
        return _distinct(heapq.merge(*runs))  # type: ignore[return-value]

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.runs = []
