"""A subject's triples, read back from the sorted N-Triples dump when a page asks for them.

Held in memory, every subject's pairs are the largest part of the site's index (about 230 MB of
its 570 per generated review year), and they grow with each year a build holds. In the dump,
sorted and distinct, a subject's triples are already one run of lines, so for dumps larger than
one year the index keeps only where each run is (one int per subject) and reads it back on
demand: a pread of a few hundred bytes from the page cache, parsed in 4–10 µs. That parse makes
the render a fifth to a quarter more expensive, which is why smaller dumps are still held
(``rs2rdf.site.index.HELD_BYTES``). Each render process keeps the runs it read last, since a
page asks for the same few subjects many times. Only a dump whose every line is in rs2rdf's own
form (:func:`rs2rdf.quads.nquads.split_triple`) is read back so; any other is held. Checking every
line makes the scan a half slower than splitting them unchecked (0.57 s against 0.36 on 228,032
triples); reading a run back, its lines already checked, is not (7 µs).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO, TypeVar, overload

from rs2rdf.mapping.vocab import DCTERMS, RDF, RDFS, SKOS
from rs2rdf.quads.nquads import literal_language, split_triple, vouched_pairs, vouched_triple

T = TypeVar("T")
TYPE = RDF + "type"
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title")
_TYPE_NT = f"<{TYPE}>"
_LABEL_NT = frozenset(f"<{p}>" for p in LABEL_PREDICATES)

#: runs a render process keeps parsed (a page's members and the resources it links to)
CACHED_RUNS = 4096

_LENGTH_BITS = 32
_LENGTH_MASK = (1 << _LENGTH_BITS) - 1


def locate(offset: int, length: int) -> int:
    """One int for a run's place in the file: ints are the smallest Python value that holds it."""
    return offset << _LENGTH_BITS | length


def parse_run(text: str, predicates: dict[str, str]) -> tuple[str, ...]:
    """The flat pairs of one subject's run of dump lines (lines the scan vouched for)."""
    flat: list[str] = []
    last = ""
    reorder = False
    for p_text, o in vouched_pairs(text):
        p = predicates[p_text]
        if p < last:
            reorder = True
        last = p
        if o[0] == "<" and o[1] != "<":
            o = o[1:-1]
        flat.append(p)
        flat.append(o)
    return tuple(by_predicate(flat) if reorder else flat)


def by_predicate(flat: list[str]) -> list[str]:
    """Flat pairs in predicate order, objects kept in their order: the dump's text order differs
    where a predicate is a prefix of another, cut before a character below ">"."""
    pairs = sorted(zip(flat[::2], flat[1::2]), key=lambda pair: pair[0])
    return [x for pair in pairs for x in pair]


def link_targets(subjects: Iterable[str]) -> dict[str, str]:
    """The IRIs whose incoming links the index keeps, each mapped to itself (one string for all
    the links to it): subjects, and the pages of hash IRIs. Links are only ever followed back to a
    page or a page's member; those to source rows and outside IRIs (a third of all) are not kept."""
    keep = {s: s for s in subjects}
    for s in list(keep):
        if "#" in s:
            page = s.partition("#")[0]
            keep.setdefault(page, page)
    return keep


class SubjectRuns(Mapping[str, tuple[str, ...]]):
    """subject → predicate IRI, object, predicate, object … (pairs sorted, flat), read on demand.

    An IRI object is the IRI itself, any other object its N-Triples text (as
    :attr:`rs2rdf.site.index.GraphIndex.out` documents). ``where`` maps each subject to its
    run (:func:`locate`); ``predicates`` is the N-Triples text → IRI of every predicate.
    The file stays open: forked render workers read it through the same descriptor, by offset.
    """

    def __init__(self, file: BinaryIO, where: dict[str, int], predicates: dict[str, str]) -> None:
        self._file = file
        self._fd = file.fileno()
        self.where = where
        self._predicates = predicates
        self._read = lru_cache(maxsize=CACHED_RUNS)(self._parse)

    def _parse(self, place: int) -> tuple[str, ...]:
        data = os.pread(self._fd, place & _LENGTH_MASK, place >> _LENGTH_BITS)
        return parse_run(data.decode("utf-8"), self._predicates)

    def __getitem__(self, s: str) -> tuple[str, ...]:
        return self._read(self.where[s])

    @overload
    def get(self, s: str, /) -> tuple[str, ...] | None: ...

    @overload
    def get(self, s: str, default: tuple[str, ...] | T, /) -> tuple[str, ...] | T: ...

    def get(self, s: str, default: object = None, /) -> object:
        """Mapping.get without its KeyError: pages ask for many subjects a dump does not hold."""
        place = self.where.get(s)
        return default if place is None else self._read(place)

    def __contains__(self, s: object) -> bool:
        return s in self.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)

    def close(self) -> None:
        self._file.close()


# --- the scan ----------------------------------------------------------------------------------

def add_type(types: dict[str, frozenset[str]], type_sets: dict[frozenset[str], frozenset[str]], s: str, c: str) -> None:
    """Add class ``c`` to ``s``'s types: one shared frozenset per combination of classes (a few
    dozen in a year) instead of a set per node (200 bytes each, for a million nodes)."""
    known = types.get(s)
    if known is None or c not in known:
        key = frozenset((c,)) if known is None else known | {c}
        types[s] = type_sets.setdefault(key, key)


def label_texts(found: dict[str, str]) -> str | tuple[str, ...]:
    """A subject's labels as the index keeps them: the one literal's text, or one per language."""
    return next(iter(found.values())) if len(found) == 1 else tuple(found.values())


@dataclass
class DumpScan:
    """What the site's index holds of a dump whose pairs it reads back (see ``GraphIndex``)."""

    runs: SubjectRuns
    incoming: dict[str, tuple[str, ...]]
    types: dict[str, frozenset[str]]
    labels: dict[str, str | tuple[str, ...]]
    triples: int


class NotOwnDump(ValueError):
    """The dump has a line that is not in rs2rdf's own form: only the parser can read it, and
    a subject's run could not be read back on its own."""


def _not_own(file: BinaryIO, n: int) -> NotOwnDump:
    return NotOwnDump(f"{getattr(file, 'name', 'the dump')} line {n}: not in rs2rdf's own form")


def scan_dump(file: BinaryIO) -> DumpScan:
    """Two passes over the dump's lines: subjects (where their run is, types, labels), then links.

    Raises :class:`NotOwnDump` when a line is not in rs2rdf's own form (the caller then holds
    the pairs instead, read by the parser).
    """
    types: dict[str, frozenset[str]] = {}
    labels: dict[str, str | tuple[str, ...]] = {}
    where: dict[str, int] = {}
    preds: dict[str, str] = {}
    classes: dict[str, str] = {}
    type_sets: dict[frozenset[str], frozenset[str]] = {}
    found: dict[str, str] = {}
    run = ""
    sv = ""
    pos = start = lines = 0
    split = split_triple
    file.seek(0)
    for raw in file:
        triple = split(raw.decode("utf-8"))
        if triple is None:
            raise _not_own(file, lines + 1)
        s, p, o = triple
        if s != run:
            if run:
                where[sv] = locate(start, pos - start)
                if found:
                    labels[sv] = label_texts(found)
                    found = {}
            if s < run:
                raise ValueError(f"the index needs triples sorted by subject: {s} came after {run}")
            run, start = s, pos
            sv = s[1:-1] if s[:1] == "<" else s
        pos += len(raw)
        lines += 1
        if p not in preds:
            preds[p] = p[1:-1]
        if p == _TYPE_NT:
            if o[:1] == "<" and o[1:2] != "<":
                c = classes.get(o)
                if c is None:
                    c = classes[o] = o[1:-1]
                add_type(types, type_sets, sv, c)
        elif p in _LABEL_NT and o[:1] == '"':
            # the first label per language, in predicate and then object order
            found.setdefault(literal_language(o), o)
    if run:
        where[sv] = locate(start, pos - start)
        if found:
            labels[sv] = label_texts(found)
    incoming = _incoming(file, where, preds)
    runs = SubjectRuns(file, where, preds)
    return DumpScan(runs, incoming, types, labels, lines)


def _incoming(file: BinaryIO, where: dict[str, int], preds: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """object → subject, predicate, subject, predicate … (pairs sorted, flat), for the
    :func:`link_targets`.

    The dump's order is that of the N-Triples text, which differs from the IRIs' own where one
    IRI is a prefix of another; the few lists that come out of order are sorted.
    """
    keep = link_targets(where)
    lists: dict[str, list[str]] = {}
    unsorted: set[str] = set()
    run = b""
    sv = ""
    bpreds = {p.encode("utf-8"): v for p, v in preds.items()}
    file.seek(0)
    for line in file:  # lines the scan vouched for: only IRI objects are decoded
        s, p, o = vouched_triple(line)
        if o[:1] != b"<" or o[1:2] == b"<":
            continue
        ov = keep.get(o[1:-1].decode("utf-8"))
        if ov is None:
            continue
        if s != run:
            run = s
            sv = keep[(s[1:-1] if s[:1] == b"<" else s).decode("utf-8")]
        pv = bpreds[p]
        back = lists.get(ov)
        if back is None:
            back = lists[ov] = []
        elif sv < back[-2] or (sv == back[-2] and pv < back[-1]):
            unsorted.add(ov)
        back.append(sv)
        back.append(pv)
    keep.clear()
    out: dict[str, tuple[str, ...]] = {}
    for target in list(lists):
        flat = lists.pop(target)
        if target in unsorted:
            pairs = sorted(zip(flat[::2], flat[1::2]))
            flat = [x for pair in pairs for x in pair]
        out[target] = tuple(flat)
    return out
