"""The public API: the five steps of the pipeline as functions a notebook or a script can call.

The ``rs2rdf`` command is a thin layer over these (it parses options, prints and exits);
everything else in the package is internal and may move. No function here changes
process-wide state for longer than the call: the cycle collector is restored and
unfrozen, caches live for one call, and worker processes are gone on return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Union

import pyoxigraph as ox

from rs2rdf.core import records as r
from rs2rdf.core.config import Config
from rs2rdf.core.errors import Problem, UsageError
from rs2rdf.pipeline.build import BuildResult, Stage
from rs2rdf.sources.read import Source

__all__ = ["BuildResult", "Config", "Problem", "Records", "Report", "build", "query", "read", "to_graph", "validate"]

PathLike = Union[str, Path]
Progress = Callable[[str], None]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                          "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                          "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))


@dataclass(frozen=True)
class Records:
    """What :func:`read` found: typed records and the problems met on the way.

    Each record and problem has ``as_dict()`` (one flat row: ``pandas.DataFrame(x.as_dict()
    for x in result.records)``). ``sources`` are the files read, for the provenance graph.
    """

    records: tuple[r.Record, ...]
    problems: tuple[Problem, ...]
    sources: tuple[Source, ...] = ()

    def of_type(self, kind: type) -> list[r.Record]:
        """The records of one class, e.g. ``records.of_type(rs2rdf.records.Payment)``."""
        return [rec for rec in self.records if isinstance(rec, kind)]


@dataclass(frozen=True)
class Report:
    """A validation report, shaped like pySHACL's ``(conforms, results_graph, results_text)``.

    ``graph`` is the W3C SHACL validation report as a pyoxigraph store; ``results`` one dict
    per result (severity, focus node, path, value, shape, message, and the source file, table,
    row and column it came from).
    """

    conforms: bool
    graph: ox.Store
    text: str
    results: list[dict[str, object]] = field(default_factory=list)


def _paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def read(paths: PathLike | Iterable[PathLike], config: Config | None = None) -> Records:
    """RS ZIPs or CSVs, per-project sheets (.xlsx/.pdf), or folders of them → records.

    Unreadable input is reported in ``problems`` (never raised): the rest is read.
    """
    from rs2rdf.sources.discover import discover
    from rs2rdf.sources.read import read_inputs

    config = config or Config()
    files, problems = discover(_paths(paths))
    result = read_inputs(files, limits=config.sheet_limits)
    return Records(tuple(result.records), tuple(problems + result.problems), tuple(result.sources))


def to_graph(records: Records, config: Config | None = None) -> ox.Store:
    """Records → an in-memory pyoxigraph store: one named graph per source table or sheet,
    the provenance graph and the vocabulary, exactly as a build writes them."""
    from rs2rdf.pipeline.graph import map_records
    from rs2rdf.quads.dump import to_quads

    rows, _problems = map_records(list(records.records), list(records.sources), config or Config())
    store = ox.Store()
    store.extend(to_quads(rows))
    return store


def _triples(store: ox.Store) -> list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]]:
    """The union of all named graphs, as the build validates it."""
    seen = {(q.subject, q.predicate, q.object) for q in store}
    return sorted(seen, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))  # type: ignore[return-value]  # store quads hold no triple terms


def validate(store_or_path: ox.Store | PathLike, shapes: PathLike | None = None, base: str | None = None) -> Report:
    """SHACL validation of a graph against the shipped shapes (or the ``*.ttl`` in ``shapes``).

    ``store_or_path`` is a store (from :func:`to_graph`), a built site folder or an N-Quads file.
    ``base`` is the base IRI the graph was minted under (read from a site; else the default).
    """
    from rs2rdf.mapping.iris import DEFAULT_BASE
    from rs2rdf.sparql.store import NQUADS, site_base
    from rs2rdf.validation.validate import validate_dump, validate_graph

    shapes_dir = Path(shapes) if shapes is not None else None
    if isinstance(store_or_path, ox.Store):
        result = validate_graph(_triples(store_or_path), base or DEFAULT_BASE, shapes_dir)
    else:
        path = Path(store_or_path)
        dump = path / NQUADS if path.is_dir() else path
        if not dump.is_file():
            raise UsageError(f"{path}: neither a built site nor an N-Quads file")
        base = base or (site_base(path) if path.is_dir() else None) or DEFAULT_BASE
        result = validate_dump(dump, base, shapes_dir)
    graph = ox.Store()
    graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in result.report)
    findings = [f.as_dict() for f in result.findings]
    return Report(result.conforms, graph, _report_text(result.conforms, findings), findings)


def _report_text(conforms: bool, findings: list[dict[str, object]]) -> str:
    """pySHACL's ``results_text`` layout, with the source cell of each result."""
    lines = ["Validation Report", f"Conforms: {conforms}"]
    if findings:
        lines.append(f"Results ({len(findings)}):")
    for f in findings:
        message = f.get("message")
        src = f.get("source")
        where = ""
        if isinstance(src, dict):
            where = " ".join(str(src[k]) for k in ("file", "table", "row", "field") if src.get(k) is not None)
        lines += [f"{f['severity']}: {f['component']}",
                  f"\tFocus Node: {f['focus']}",
                  f"\tResult Path: {f['path']}",
                  f"\tValue: {f['value']}",
                  f"\tMessage: {message.get('en') if isinstance(message, dict) else message}"]
        if where:
            lines.append(f"\tSource: {where}")
    return "\n".join(lines) + "\n"


def _value(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _INTEGERS:
            return int(term.value)
        if dt == _XSD + "decimal":
            return Decimal(term.value)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def query(site_or_store: ox.Store | PathLike, name_or_text: str, allow_service: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """Run a shipped query (by name, see ``rs2rdf query --list``), a ``.rq`` file or SPARQL text.

    SELECT: one dict per row, variable → ``int`` / ``Decimal`` / ``bool`` / ``str`` (IRIs and
    other literals as text), ``None`` when unbound. ASK: ``[{"boolean": True/False}]``.
    CONSTRUCT/DESCRIBE: one dict per triple (``subject``, ``predicate``, ``object``).
    """
    from rs2rdf.sparql.query import load_query, open_query_store, run_query
    from rs2rdf.sparql.store import site_base

    merged = False
    if isinstance(site_or_store, ox.Store):
        store, base = site_or_store, None
    else:
        (store, merged), base = open_query_store(Path(site_or_store)), site_base(Path(site_or_store))
    looks_like_text = any(c in name_or_text for c in "{ \n")
    text = name_or_text if looks_like_text else load_query(name_or_text)[1]
    result = run_query(store, text, base, allow_service, merged=merged)
    if isinstance(result, ox.QueryBoolean):
        return [{"boolean": bool(result)}]
    if isinstance(result, ox.QueryTriples):
        return [{"subject": _value(t.subject), "predicate": _value(t.predicate), "object": _value(t.object)} for t in result]
    names = [v.value for v in result.variables]
    return [{n: _value(sol[n]) for n in names} for sol in result]


def default_stages(validate: bool = True, site: bool = True) -> list[Stage]:
    """Stages after the dumps: the query store always, then validation and the site.

    The store and validation read only the N-Quads dump, so they run beside the rest.
    """
    from rs2rdf.site.build import site_stage
    from rs2rdf.sparql.store import store_stage
    from rs2rdf.validation.validate import validate_stage

    stages = [Stage("store", store_stage, beside=True)]
    if validate:
        stages.append(Stage("validate", validate_stage, beside=True))
    if site:
        stages.append(Stage("site", site_stage))
    return stages


def build(paths: PathLike | Iterable[PathLike], out: PathLike | None = None, config: Config | None = None, *,
          validate: bool = True, site: bool = True, force: bool = False, progress: Progress | None = None) -> BuildResult:
    """The whole build into ``out`` (default ``config.out``, ``./site``), replaced atomically.

    Inputs unchanged since the last build into ``out`` (same files, settings and rs2rdf code)
    mean nothing is redone unless ``force``. ``result.exit_code`` is what ``rs2rdf build``
    exits with; ``result.problems`` lists what a person may need to act on.

    Per-project sheets and some stages run in spawned processes, so a *script* that calls
    this needs the usual ``if __name__ == "__main__":`` guard (notebooks, ``python -c`` and
    doctests do not).
    """
    from rs2rdf.pipeline.build import build as run_build

    config = config or Config()
    if out is not None:
        config = config.override(out=Path(out))
    return run_build(_paths(paths), config, progress or (lambda _: None), default_stages(validate, site), force=force)


