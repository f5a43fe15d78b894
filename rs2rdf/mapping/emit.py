"""A quad buffer that turns Python values into RDF terms in one consistent way.

Money and ratios become ``xsd:decimal`` from exact ints/Decimals; text is ``@ja``; years
are 年度 as ``xsd:integer`` (see :meth:`Emitter.year`). Nothing here decides *what* to say,
only how values are written.

Quads are kept as tuples of N-Quads term strings ``(graph, subject, predicate, object)``
rather than pyoxigraph objects: a full review year is millions of quads, and a tuple of
shared (interned) strings costs a fifth of the memory and time of a ``pyoxigraph.Quad``.
Sorting the tuples gives the dump order (graph, subject, predicate, object) directly.
Every term is written exactly as pyoxigraph writes it, and every IRI is checked by
pyoxigraph the first time it is met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from rs2rdf.sources.normalize.numbers import decimal_str
from rs2rdf.mapping.vocab import RDF, XSD

#: One quad: N-Quads terms of graph, subject, predicate and object.
Row = tuple[str, str, str, str]

_DEC = f"^^<{XSD}decimal>"
_INT = f"^^<{XSD}integer>"
_BOOL = f"^^<{XSD}boolean>"
_DATE = f"^^<{XSD}date>"
_TYPE = f"<{RDF}type>"
#: Characters N-Quads writers escape inside a string literal, and lone surrogates (which pyoxigraph refuses).
_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ud800-\udfff]')


def literal(value: str, lang: str | None = None, suffix: str = "") -> str:
    """The N-Quads form of a literal; ``suffix`` is ``^^<datatype>`` (empty for plain or language strings)."""
    if _ESCAPE.search(value):
        body = str(ox.Literal(value))
    else:
        body = f'"{value}"'
    return f"{body}@{lang}" if lang else body + suffix


@dataclass
class Emitter:
    """Collects quads; IRIs are interned so a million triples stay cheap."""

    quads: list[Row] = field(default_factory=list)
    _nodes: dict[str, str] = field(default_factory=dict)

    def node(self, iri: str) -> str:
        n = self._nodes.get(iri)
        if n is None:
            n = self._nodes[iri] = str(ox.NamedNode(iri))  # raises ValueError on an invalid IRI
        return n

    def forget_nodes(self) -> None:
        """Drop the interned IRIs (a year's are a million, some 300 MB) once their quads are parked."""
        self._nodes = {}

    def _add(self, s: str, p: str, o: str, g: str) -> None:
        self.quads.append((self.node(g), self.node(s), self.node(p), o))

    def type(self, s: str, cls: str, g: str) -> None:
        self.quads.append((self.node(g), self.node(s), _TYPE, self.node(cls)))

    def iri(self, s: str, p: str, o: str | None, g: str) -> None:
        if o is not None:
            self._add(s, p, self.node(o), g)

    def text(self, s: str, p: str, value: str | None, g: str, lang: str | None = "ja") -> None:
        if value:
            self._add(s, p, literal(value, lang), g)

    def plain(self, s: str, p: str, value: str | None, g: str) -> None:
        if value:
            self._add(s, p, literal(value), g)

    def decimal(self, s: str, p: str, value: int | Decimal | None, g: str) -> None:
        if value is not None:
            self._add(s, p, f'"{decimal_str(value)}"{_DEC}', g)

    def integer(self, s: str, p: str, value: int | None, g: str) -> None:
        if value is not None:
            self._add(s, p, f'"{int(value)}"{_INT}', g)

    def year(self, s: str, p: str, value: int | None, g: str) -> None:
        """A 年度 (Japanese fiscal year, April ``value`` to March ``value + 1``) as ``xsd:integer``.

        Not ``xsd:gYear``: that is a calendar year (January to December), and a 年度 is not one.
        Where a year is a dimension of its own the data links ``id/fy/{year}`` instead, which
        carries the year's begin and end dates.
        """
        if value is not None:
            self._add(s, p, f'"{int(value)}"{_INT}', g)

    def boolean(self, s: str, p: str, value: bool | None, g: str) -> None:
        if value is not None:
            self._add(s, p, f'"{"true" if value else "false"}"{_BOOL}', g)

    def date(self, s: str, p: str, value: str | None, g: str) -> None:
        if value:
            self._add(s, p, literal(value, suffix=_DATE), g)
