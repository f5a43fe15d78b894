"""Reading back the N-Quads dump the build itself wrote, faster than a general parser.

Validation and the site each make one pass over the whole graph. Through ``pyoxigraph.parse``
every quad becomes four new Python objects, and hashing them for the indexes re-hashes the
IRI text each time: most of those stages' indexing time on a full year. The dump is ours
and canonical (one quad per line, ``<s> <p> object <g> .``, IRIs without spaces), so a line
splits with two string operations, and each distinct IRI becomes one shared
``pyoxigraph.NamedNode``. Literals are rebuilt exactly, escapes included.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator, Protocol

import pyoxigraph as ox

from rs2rdf.mapping.emit import Row

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal
TermTriple = tuple[Node, ox.NamedNode, Term]

_ESCAPES = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape(text: str) -> str:
    """The text of an N-Triples string with its escapes undone."""
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code:
            return chr(int(code, 16))
        return _ECHAR[m.group(3)]
    return _ESCAPES.sub(one, text)


def split_line(line: str) -> Row:
    """(graph, subject, predicate, object) terms of one canonical N-Quads line."""
    s, p, rest = line.split(" ", 2)
    o, g, _ = rest.rsplit(" ", 2)
    return g, s, p, o


def read_rows(path: Path) -> Iterator[Row]:
    with open(path, encoding="utf-8", buffering=1 << 20) as f:
        for line in f:
            if line.strip():
                yield split_line(line)


def read_triples(path: Path) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) terms of our own N-Triples dump, in its order (sorted, distinct)."""
    with open(path, encoding="utf-8", buffering=1 << 20) as f:
        for line in f:
            s, p, rest = line.split(" ", 2)
            yield s, p, rest[:rest.rindex(" ")]


class Terms:
    """N-Quads term text → pyoxigraph term; IRIs and blank nodes are made once and shared."""

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        self._iris: dict[str, ox.NamedNode] = {}

    def node(self, text: str) -> Node:
        n = self._nodes.get(text)
        if n is None:
            n = self._nodes[text] = ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text[1:-1])
        return n

    def iri(self, iri: str) -> ox.NamedNode:
        """The node of an IRI given without its angle brackets."""
        n = self._iris.get(iri)
        if n is None:
            n = self._iris[iri] = ox.NamedNode(iri)
        return n

    def term(self, text: str) -> Term:
        if text[0] != '"':
            return self.node(text)
        end = text.rindex('"')
        lexical = text[1:end]
        if "\\" in lexical:
            lexical = unescape(lexical)
        tail = text[end + 1:]
        if not tail:
            return ox.Literal(lexical)
        if tail[0] == "@":
            return ox.Literal(lexical, language=tail[1:])
        return ox.Literal(lexical, datatype=self.node(tail[2:]))  # type: ignore[arg-type]


def term_triples(rows: Iterable[Row], terms: Terms | None = None) -> Iterator[TermTriple]:
    """The rows' triples as pyoxigraph terms (graph names dropped: the stages read the union)."""
    terms = terms or Terms()
    node, term = terms.node, terms.term
    for _g, s, p, o in rows:
        yield node(s), node(p), term(o)  # type: ignore[misc]


class LineSink(Protocol):
    """Where :meth:`NQuadsFile.triples` sends the lines it copies (a list will do)."""

    def append(self, line: str) -> None: ...


class NQuadsFile:
    """Our own N-Quads dump as a source of triples, optionally only those of some predicates.

    Lines of other predicates are skipped after one split, before any term is made: the
    validator reads only the predicates its shapes name.
    """

    def __init__(self, path: Path, *more: Path) -> None:
        """``more``: further files read after ``path``, as one source (a validation partition)."""
        self.path = path
        self.paths = (path, *more)

    def triples(self, predicates: set[str] | None = None, copy: "LineSink | None" = None,
                copied: set[str] = frozenset()) -> Iterator[TermTriple]:  # type: ignore[assignment]
        """Triples of ``predicates`` (all when None); lines of the ``copied`` predicates (and
        rdf:type lines naming a ``copied`` class) also go to ``copy`` as text, unparsed."""
        wanted = None if predicates is None else {f"<{p}>" for p in predicates}
        copy_preds = {f"<{p}>" for p in copied}
        type_text = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        terms = Terms()
        node, term = terms.node, terms.term
        for path in self.paths:
            with open(path, encoding="utf-8", buffering=1 << 20) as f:
                for line in f:
                    s, p, rest = line.split(" ", 2)
                    if copy is not None and p in copy_preds:
                        if p != type_text or rest.split(" ", 1)[0] in copy_preds:
                            copy.append(line)
                    if wanted is not None and p not in wanted:
                        continue
                    yield node(s), node(p), term(rest.rsplit(" ", 2)[0])  # type: ignore[misc]

    def __iter__(self) -> Iterator[TermTriple]:
        return self.triples()


def quad_triples(quads: Iterable[ox.Quad]) -> Iterator[TermTriple]:
    for q in quads:
        yield q.subject, q.predicate, q.object  # type: ignore[misc]
