"""A quad buffer that turns Python values into RDF terms in one consistent way.

Money and ratios become ``xsd:decimal`` from exact ints/Decimals; text is ``@ja``; years
are ``xsd:gYear``. Nothing here decides *what* to say, only how values are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ..normalize.numbers import decimal_str
from .vocab import RDF, XSD

_DEC = ox.NamedNode(XSD + "decimal")
_INT = ox.NamedNode(XSD + "integer")
_YEAR = ox.NamedNode(XSD + "gYear")
_BOOL = ox.NamedNode(XSD + "boolean")
_URI = ox.NamedNode(XSD + "anyURI")
_DATE = ox.NamedNode(XSD + "date")
_TYPE = ox.NamedNode(RDF + "type")


@dataclass
class Emitter:
    """Collects quads; IRIs are interned so a million triples stay cheap."""

    quads: list[ox.Quad] = field(default_factory=list)
    _nodes: dict[str, ox.NamedNode] = field(default_factory=dict)

    def node(self, iri: str) -> ox.NamedNode:
        n = self._nodes.get(iri)
        if n is None:
            n = self._nodes[iri] = ox.NamedNode(iri)
        return n

    def _add(self, s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> None:
        self.quads.append(ox.Quad(self.node(s), self.node(p), o, self.node(g)))

    def type(self, s: str, cls: str, g: str) -> None:
        self.quads.append(ox.Quad(self.node(s), _TYPE, self.node(cls), self.node(g)))

    def iri(self, s: str, p: str, o: str | None, g: str) -> None:
        if o is not None:
            self._add(s, p, self.node(o), g)

    def text(self, s: str, p: str, value: str | None, g: str, lang: str | None = "ja") -> None:
        if value:
            self._add(s, p, ox.Literal(value, language=lang) if lang else ox.Literal(value), g)

    def plain(self, s: str, p: str, value: str | None, g: str) -> None:
        if value:
            self._add(s, p, ox.Literal(value), g)

    def decimal(self, s: str, p: str, value: int | Decimal | None, g: str) -> None:
        if value is not None:
            self._add(s, p, ox.Literal(decimal_str(value), datatype=_DEC), g)

    def integer(self, s: str, p: str, value: int | None, g: str) -> None:
        if value is not None:
            self._add(s, p, ox.Literal(str(value), datatype=_INT), g)

    def year(self, s: str, p: str, value: int | None, g: str) -> None:
        if value is not None:
            self._add(s, p, ox.Literal(f"{value:04d}", datatype=_YEAR), g)

    def boolean(self, s: str, p: str, value: bool | None, g: str) -> None:
        if value is not None:
            self._add(s, p, ox.Literal("true" if value else "false", datatype=_BOOL), g)

    def url(self, s: str, p: str, value: str | None, g: str) -> None:
        if value:
            self._add(s, p, ox.Literal(value, datatype=_URI), g)

    def date(self, s: str, p: str, value: str | None, g: str) -> None:
        if value:
            self._add(s, p, ox.Literal(value, datatype=_DATE), g)
