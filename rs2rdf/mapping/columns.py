"""Columns published from their table entry alone (``publish=`` in :mod:`rs2rdf.sources.rs_tables`).

A value goes on the resource mapped from the same source row whose type is the entry's
class, found through the ``prov:wasDerivedFrom`` link every such resource has; it is written
in that resource's own graph. So a column the RS system adds in some year needs no mapping
code: the record types and their mapping stay as they are.
"""

from __future__ import annotations

from decimal import Decimal

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.mapping import weblinks
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.vocab import PROV, RDF

_DERIVED = f"<{PROV}wasDerivedFrom>"
_TYPE = f"<{RDF}type>"


def publish(ctx: Context, values: list[r.ColumnValue]) -> None:
    """Emit each value on its row's resource; a value whose row has no resource of the class is
    reported (``unplaced-value``), never put on a guessed one."""
    if not values:
        return
    e = ctx.emitter
    by_row: dict[str, list[str]] = {}
    types: dict[str, set[str]] = {}
    graphs: dict[str, str] = {}
    for g, s, p, o in e.quads:
        if p == _DERIVED:
            by_row.setdefault(o, []).append(s)
        elif p == _TYPE:
            types.setdefault(s, set()).add(o)
            graphs.setdefault(s, g)
    for v in values:
        source = ctx.files.get(v.src.file, ("", ""))[1]
        row = e.node(f"{source}#r{v.src.row}") if source and v.src.row is not None else None
        cls = e.node(ctx.iris.term(v.cls))
        subjects = sorted(s for s in by_row.get(row, ()) if cls in types.get(s, ())) if row else []
        if not subjects:
            ctx.problems.append(Problem("unplaced-value", f"no {v.cls} was made from this row, so the value has no resource to go on",
                                        v.src, str(v.value)[:200]))
            continue
        term = ctx.iris.term(v.term)
        for s in subjects:
            iri, g = s[1:-1], graphs[s][1:-1]
            _emit(ctx, iri, term, v, g)


def _emit(ctx: Context, s: str, p: str, v: r.ColumnValue, g: str) -> None:
    e, value = ctx.emitter, v.value
    if isinstance(value, r.Money):
        e.decimal(s, p, value.yen, g)
    elif v.kind == "flag" and isinstance(value, bool):
        e.boolean(s, p, value, g)
    elif v.kind == "year" and isinstance(value, int):
        e.year(s, p, value, g)
    elif v.kind == "integer" and isinstance(value, int):
        e.integer(s, p, value, g)
    elif v.kind == "decimal" and isinstance(value, (int, Decimal)):
        e.decimal(s, p, value, g)
    elif v.kind == "url":
        weblinks.link(ctx, s, p, str(value), v.src, g)
    else:
        e.text(s, p, str(value), g)
