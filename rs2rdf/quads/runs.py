"""Sorted quads parked on disk between the groups of a large build, merged as the dumps are written.

A build of several review years maps one year at a time (:class:`rs2rdf.mapping.to_rdf.Mapper`),
so the build process holds one year's records and quads, not all of them. Each year's quads,
sorted and distinct, become a *run*: the year's N-Quads lines in dump order, with each named
graph's byte range kept. Writing the dump goes graph by graph: a graph that only one run holds
(most of them: a source table's graph is one year's) is copied byte for byte, the others are
merged; the union graph's distinct triples merge the graphs' runs as
:func:`rs2rdf.quads.dump.distinct_triples` does in memory. The output is the one an all-in-memory
sort gives, byte for byte. (Runs of marshalled tuples took twice as long to read back: a
microsecond a quad, mostly decoding each string on its own.)
"""

from __future__ import annotations

import heapq
import shutil
from collections import defaultdict
from operator import itemgetter
from pathlib import Path
from typing import IO, Iterable, Iterator, TypeVar

from rs2rdf.mapping.emit import Row
from rs2rdf.quads.nquads import TextTriple, quad_line, quad_lines, quad_rows

_COPY = 1 << 20
_TRIPLE = itemgetter(1, 2, 3)


T = TypeVar("T")


def _distinct(rows: Iterable[T]) -> Iterator[T]:
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
        #: per run: its file and, per graph, (graph, start, end, quads)
        self.runs: list[tuple[Path, list[tuple[str, int, int, int]]]] = []
        self._count: int | None = None

    def add(self, rows: list[Row]) -> None:
        """Park ``rows`` (sorted and distinct, see :func:`rs2rdf.quads.dump.sort_rows`) as one run."""
        path = self.folder / f"run-{len(self.runs):04d}.nq"
        segments: list[tuple[str, int, int, int]] = []
        n = len(rows)
        with open(path, "wb") as f:
            i = 0
            while i < n:
                graph = rows[i][0]
                j = i + 1
                while j < n and rows[j][0] == graph:
                    j += 1
                start = f.tell()
                for k in range(i, j, 10_000):
                    f.write("".join(quad_lines(rows[k:min(k + 10_000, j)])).encode("utf-8"))
                segments.append((graph, start, f.tell(), j - i))
                i = j
        self.runs.append((path, segments))
        self._count = None

    @staticmethod
    def _lines(path: Path, start: int, end: int) -> Iterator[str]:
        with open(path, "rb") as f:
            f.seek(start)
            left = end - start
            for line in f:
                yield line.decode("utf-8")
                left -= len(line)
                if left <= 0:
                    break

    @classmethod
    def _rows(cls, path: Path, start: int, end: int) -> Iterator[Row]:
        return quad_rows(cls._lines(path, start, end), f"{path} bytes {start}-{end}")

    def _by_graph(self) -> dict[str, list[tuple[Path, int, int, int]]]:
        by: dict[str, list[tuple[Path, int, int, int]]] = defaultdict(list)
        for path, segments in self.runs:
            for graph, start, end, quads in segments:
                by[graph].append((path, start, end, quads))
        return by

    @property
    def graphs(self) -> list[str]:
        return sorted(self._by_graph())

    def write_nquads(self, out: IO[bytes]) -> int:
        """Write every quad, sorted and distinct, as N-Quads; returns how many."""
        count = 0
        for graph, parts in sorted(self._by_graph().items()):
            if len(parts) == 1:
                path, start, end, quads = parts[0]
                with open(path, "rb") as f:
                    f.seek(start)
                    left = end - start
                    while left > 0:
                        chunk = f.read(min(_COPY, left))
                        out.write(chunk)
                        left -= len(chunk)
                count += quads
                continue
            for row in self._merged(parts):
                out.write(quad_line(*row).encode("utf-8"))
                count += 1
        self._count = count
        return count

    def _merged(self, parts: list[tuple[Path, int, int, int]]) -> Iterator[Row]:
        """The distinct quads of one graph's segments, in order."""
        return _distinct(heapq.merge(*(self._rows(*part[:3]) for part in parts)))

    def __iter__(self) -> Iterator[Row]:
        for _graph, parts in sorted(self._by_graph().items()):
            yield from self._merged(parts)

    def __len__(self) -> int:
        """Distinct quads; counted by one merge when not already known from writing them."""
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count

    def triples(self) -> Iterator[TextTriple]:
        """The union graph's distinct (subject, predicate, object) terms, sorted."""
        runs = [map(_TRIPLE, self._rows(path, start, end)) for path, segments in self.runs for _, start, end, _ in segments]
        return _distinct(heapq.merge(*runs))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.runs = []
