"""Where a validation result came from: the source file, table, row and column.

Resources point at their row through ``prov:wasDerivedFrom <{source}#r{line}>`` and each
source is described in the provenance graph. Resources minted below another one (a
contract under a payment, a yearly value under its indicator) have no derivation of
their own and use the nearest IRI parent that has one; shared entities (organisations,
laws) use the first derived resource that links to them, which is the row that
introduced the value. The column comes from the table and the result's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import pyoxigraph as ox

from rs2rdf.mapping.vocab import DCTERMS, PROV, RDF, RDFS, Vocab
from rs2rdf.sources.rs_tables import BY_ID, source_columns
from rs2rdf.validation.shacl import DataIndex

DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
TITLE = ox.NamedNode(DCTERMS + "title")
LABEL = ox.NamedNode(RDFS + "label")
TYPE = ox.NamedNode(RDF + "type")

#: Every RS table has the key columns; a result on a key-like property points at them.
_KEY_FIELDS = {"sheet": "予算事業ID", "project": "予算事業ID", "identifier": "予算事業ID", "budgetYear": "予算年度",
               "reviewYear": "事業年度", "dataSet": "予算事業ID"}
_RS_TABLES = frozenset(BY_ID)


def local_name(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.replace("#", "/").rsplit("/", 1)[-1]


def field_for(table: str | None, classes: Iterable[str], path: str | None, focus: str,
              columns: Mapping[tuple[str, str, str], str] | None = None) -> str | None:
    """The column that holds the value a result is about; the key column when none does.

    ``columns`` maps (table, class or "*", property) to the column header; it comes from the
    column entries in :mod:`rs2rdf.sources.rs_tables` (pass it when locating many results).
    """
    if columns is None:
        columns = source_columns()
    if table not in _RS_TABLES:
        return None
    prop = local_name(path)
    kinds = [local_name(c) for c in classes]
    if table == "2-1":
        kinds.insert(0, "account" if "/account-" in focus else "aggregate")
    for kind in [*kinds, "*"]:
        header = columns.get((table, kind, prop))
        if header:
            return header
    return _KEY_FIELDS.get(prop, "予算事業ID")


@dataclass(frozen=True)
class SourceRow:
    """A row (or page) of an input file."""

    iri: str  # the derivation target, e.g. {base}source/rs/2024/5-1#r17
    file: str  # the CSV (or sheet) file name
    container: str  # the input file the user has (ZIP, CSV or sheet)
    table: str | None  # RS table id or sheet-xlsx / sheet-pdf
    row: int | None  # 1-based physical line (header = 1), None for sheet pages
    part: str | None  # page or sheet name for per-project sheets


#: Predicates the index needs from the data, read in the validator's single pass.
PREDICATES = {DERIVED.value, TITLE.value, LABEL.value}


class ProvenanceIndex:
    """Focus node → the source row that produced it, read from the validator's index."""

    def __init__(self, data: DataIndex, V: Vocab) -> None:
        self.data = data
        self.derived: dict[str, str] = {}
        for s, objs in data.values.get(DERIVED.value, {}).items():
            rows = sorted((o.value for o in objs if isinstance(o, ox.NamedNode) and "#" in o.value), key=_order)
            if rows:
                self.derived[s.value] = rows[0]
        tables = data.values.get(V.table, {})
        labels = data.values.get(LABEL.value, {})
        self._files: dict[str, tuple[str, str, str | None]] = {}
        for s, objs in data.values.get(TITLE.value, {}).items():
            if "/source/" in s.value:
                title = objs[0].value
                label = labels.get(s, [objs[0]])[0].value
                table = tables.get(s)
                self._files[s.value] = (title, label, table[0].value if table else None)

    def row(self, iri: str) -> SourceRow | None:
        file_iri, _, frag = iri.partition("#")
        file, container, table = self._files.get(file_iri, ("", "", None))
        if not file:
            return None
        row = int(frag[1:]) if frag.startswith("r") and frag[1:].isdigit() else None
        return SourceRow(iri, file, container, table, row, None if row is not None else (frag or None))

    def _by_parent(self, focus: str) -> str | None:
        iri = focus
        while True:
            if iri in self.derived:
                return self.derived[iri]
            cut = max(iri.rfind("#"), iri.rfind("/"))
            if cut <= iri.find("/id/") + 3:
                return None
            iri = iri[:cut]

    def locate(self, focus_nodes: Iterable[str], rounds: int = 4) -> dict[str, tuple[SourceRow | None, str | None]]:
        """(source row, linking predicate) of many focus nodes; the predicate is set when the
        row is that of a referrer, searched a few links deep over the indexed links."""
        focus_nodes = list(focus_nodes)
        found = self.locate_ranked(focus_nodes, rounds)
        return {f: found[f][1:] if f in found else (None, None) for f in focus_nodes}

    def locate_ranked(self, focus_nodes: Iterable[str], rounds: int = 4) -> dict[str, Located]:
        """The focus nodes found, each with its rank: (links followed, source row order).

        Validation by partition (:mod:`rs2rdf.validation.partition`) looks for a node's referrers
        in several indexes and keeps the lowest rank, as one search over the whole graph would.
        """
        out: dict[str, Located] = {}
        pending: dict[str, set[str]] = {}  # node still unresolved → focus nodes waiting for it
        for f in focus_nodes:
            hit = self._by_parent(f)
            if hit is None:
                pending.setdefault(f, set()).add(f)
            else:
                out[f] = ((0, *_order(hit)), self.row(hit), None)
        links = [(p, d) for p, d in sorted(self.data.values.items())
                 if p != DERIVED.value and d and isinstance(next(iter(d.values()))[0], ox.NamedNode)]
        for depth in range(1, rounds + 1):
            if not pending:
                break
            wanted = {ox.NamedNode(n) for n in pending}
            best: dict[str, tuple[tuple[str, int], str, str]] = {}
            nxt: dict[str, set[str]] = {}
            for p, d in links:
                for subject, objs in d.items():
                    for o in objs:
                        if o not in wanted:
                            continue
                        hit = self._by_parent(subject.value)
                        for f in pending[o.value]:
                            if hit is not None:
                                key = _order(hit)
                                if f not in best or key < best[f][0]:
                                    best[f] = (key, hit, p)
                            else:
                                nxt.setdefault(subject.value, set()).add(f)
            for f, (key, hit, link) in best.items():
                out[f] = ((depth, *key), self.row(hit), link)
            pending = {n: {f for f in fs if f not in out} for n, fs in nxt.items()}
            pending = {n: fs for n, fs in pending.items() if fs}
        return out


#: (rank, source row, linking predicate) of a located focus node; see ProvenanceIndex.locate_ranked
Located = tuple[tuple[int, str, int], "SourceRow | None", "str | None"]


def _order(iri: str) -> tuple[str, int]:
    """Source rows in file order (r9 before r10)."""
    file, _, frag = iri.partition("#")
    return (file, int(frag[1:]) if frag[1:].isdigit() else 0)
