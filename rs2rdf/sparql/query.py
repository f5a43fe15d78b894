"""SPARQL over a built site: find the query, point it at the site's base IRI, run it over
its dataset (by default the merge of the named graphs), and write the results in a standard format.

Shipped queries (``queries/*.rq``) name only the vocabulary, whose IRIs are the same for every
base, so they run unchanged in any other triple store. A query may also name data IRIs of the
default base ``https://example.org/rs2rdf/``: when a site was built with another ``--base-iri``,
every IRI in the query that starts with the default base is rewritten to the site's base
before parsing (:func:`rebase`). The usual prefixes (``rs:``, ``id:``, ``rdfs:``, ``skos:``, …) are
predeclared, so ad-hoc queries may omit their PREFIX lines.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
import wcwidth

from rs2rdf.quads import jsonld
from rs2rdf.quads.dump import prefixes as dump_prefixes
from rs2rdf.core.errors import Rs2rdfError, UsageError
from rs2rdf.pipeline.gcpause import bulk_allocation
from rs2rdf.mapping.iris import DEFAULT_BASE, VOCAB_BASE
from rs2rdf.core.resources import asset_dir

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_UPDATE = re.compile(
    r"^\s*(?:(?:#[^\n]*\n|\s)*(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))*(?:#[^\n]*\n|\s)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


class QuerySyntaxError(UsageError):
    """A query the parser refused; carries the position so callers can point at it."""

    exit_code = 2

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line is not None else ""
        return f"SPARQL syntax error: {where}{self.message}"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    text: str


def shipped_queries() -> dict[str, NamedQuery]:
    """The ``queries/*.rq`` files by name; the title is the file's first comment line."""
    out: dict[str, NamedQuery] = {}
    for path in sorted(asset_dir("queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((ln for ln in text.splitlines() if ln.startswith("#")), "")
        out[path.stem] = NamedQuery(path.stem, path, first.lstrip("# ").strip(), text)
    return out


def load_query(spec: str) -> tuple[str | None, str]:
    """``spec`` is a shipped query's name, a file, or the query text itself → (name, text)."""
    shipped = shipped_queries()
    if spec in shipped:
        return spec, shipped[spec].text
    if "\n" not in spec and len(spec) < 4096:
        path = Path(spec)
        if path.suffix == ".rq" or path.is_file():
            try:
                return path.stem, path.read_text(encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"{spec}: cannot read query file ({exc.strerror or exc})") from exc
            except UnicodeDecodeError as exc:
                raise UsageError(f"{spec}: the query file is not UTF-8 text (byte {exc.start})") from exc
        if re.fullmatch(r"[\w-]+", spec):
            known = ", ".join(sorted(shipped)) or "none"
            raise UsageError(f"no shipped query named {spec!r} (shipped: {known})")
        if not re.search(r"[\s{<]", spec):  # one word that is no query: a file name mistyped
            raise UsageError(f"{spec}: no such query file, and not a shipped query or a SPARQL query")
    return None, spec


def rebase(text: str, base: str | None) -> str:
    """Rewrite IRIs under the default base to ``base`` (only inside ``<…>``).

    A query written before the vocabulary got its own namespace names it under the default base
    (``<https://example.org/rs2rdf/def/rs#>``); nothing lives there any more, so those IRIs are
    moved to :data:`~rs2rdf.mapping.iris.VOCAB_BASE` first and such a query still answers.
    """
    text = text.replace("<" + DEFAULT_BASE + "def/", "<" + VOCAB_BASE)
    if not base or base == DEFAULT_BASE:
        return text
    return text.replace("<" + DEFAULT_BASE, "<" + base)


def is_update(text: str) -> bool:
    """Whether the text is (most likely) a SPARQL Update; only used to word the refusal."""
    return bool(_UPDATE.match(text))


def syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    message = str(exc.args[0] if exc.args else exc)
    m = _POSITION.search(message)
    if m:
        return QuerySyntaxError(message[m.end():].lstrip(": ") or message, int(m.group(1)), int(m.group(2)))
    return QuerySyntaxError(message)


@dataclass(frozen=True)
class Dataset:
    """The protocol's ``default-graph-uri`` / ``named-graph-uri`` (both empty: not given).

    When either is given it is the whole dataset (SPARQL 1.1 Protocol 2.1.4): the query's own
    ``FROM`` clauses are overridden, and a list left empty is an empty one.
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def open_query_store(site: Path) -> tuple[ox.Store, bool]:
    """The site's store, and whether its default graph holds the merge of the named graphs.

    SPARQL's default graph here is the RDF merge of the named graphs, a set. pyoxigraph 0.5's
    union default graph is the concatenation instead: a triple asserted in two graphs is
    matched twice (fixed upstream after 0.5, oxigraph#1919). The build records both the
    quads and the distinct triples; when they are equal no triple is in two graphs, and the
    cheap union is the merge. Otherwise the store is copied into memory with the distinct
    triples added as its default graph, which costs the graph twice in memory.
    """
    from rs2rdf.sparql.store import open_store

    store = open_store(site)
    if not _shares_triples(site, store):
        return store, False
    merged = ox.Store()
    merged.bulk_extend(store.quads_for_pattern(None, None, None, None))
    seen = merged.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(seen, ox.QuerySolutions)
    merged.bulk_extend(ox.Quad(row[0], row[1], row[2], ox.DefaultGraph()) for row in seen)
    return merged, True


def _shares_triples(site: Path, store: ox.Store) -> bool:
    """Whether some triple is in two graphs: fewer distinct triples than quads.

    Both counts are in ``build-summary.json``; without it, the N-Triples dump (one distinct
    triple a line) is counted against the store, which reads each once, at disk speed.
    Without either, the answer is yes: the merge is then made, which is always right.
    """
    from rs2rdf.sparql.store import SUMMARY

    try:
        summary = json.loads((site / SUMMARY).read_text(encoding="utf-8"))
        triples, quads = summary.get("triples"), summary.get("quads")
        if isinstance(triples, int) and isinstance(quads, int):
            return triples != quads
    except (OSError, ValueError, AttributeError):
        pass
    try:
        with open(site / "data" / "rs2rdf.nt", "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return True
    return lines != len(store)


def dataset_options(text: str, dataset: Dataset = Dataset(), merged: bool = False) -> dict[str, Any]:
    """``Store.query`` arguments giving the query its SPARQL dataset.

    Protocol parameters win over ``FROM``; ``FROM`` wins over the default (merge of all named
    graphs, all of them named). ``merged``: the store's own default graph already is the merge.
    """
    from rs2rdf.sparql.guard import names_dataset

    if dataset.default or dataset.named:
        return {"default_graph": [ox.NamedNode(g) for g in dataset.default],
                "named_graphs": [ox.NamedNode(g) for g in dataset.named]}
    if names_dataset(text) or merged:
        return {}
    return {"use_default_graph_as_union": True}


def run_query(store: ox.Store, text: str, base: str | None = None, allow_service: tuple[str, ...] = (),
              dataset: Dataset = Dataset(), merged: bool = False) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run over the query's dataset: by default the merge of all named graphs, as the build
    keeps one graph per source table.

    ``SERVICE`` clauses are refused unless their endpoint is under an ``allow_service``
    prefix: a query file from elsewhere must not make this machine fetch URLs.
    """
    from rs2rdf.sparql.guard import refusal

    if is_update(text):
        raise UsageError("SPARQL Update is not supported: the graph is read-only")
    base = base or DEFAULT_BASE
    why = refusal(text, allow_service, dump_prefixes(base))
    if why:
        raise UsageError(why)
    try:
        return store.query(rebase(text, base), prefixes=dump_prefixes(base), **dataset_options(text, dataset, merged))
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except ValueError as exc:  # a graph IRI pyoxigraph refuses
        raise UsageError(f"query failed: {exc}") from exc
    except OSError as exc:
        raise Rs2rdfError(f"query failed: {exc}") from exc


# ----------------------------------------------------------------- output

Binding = dict[str, Any]  # one term of a SPARQL JSON results binding: {"type": …, "value": …, …}


def term_text(term: Binding | None, namespaces: list[tuple[str, str]]) -> str:
    """A term for people: literal values bare, IRIs compacted with the first matching
    (prefix, namespace) of ``namespaces``, which lists the longest namespaces first."""
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "literal" or kind == "typed-literal":
        return value
    if kind == "uri":
        for name, ns in namespaces:
            if value.startswith(ns) and len(value) > len(ns):
                return f"{name}:{value[len(ns):]}"
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if kind == "triple":
        return "<< " + " ".join(term_text(value[k], namespaces) for k in ("subject", "predicate", "object")) + " >>"
    return str(value)


def width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two, combining marks
    and zero-width characters none, an emoji sequence one glyph's two (``wcwidth``)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return int(wcwidth.width(text))


def _pad(text: str, cols: int, right: bool, used: int | None = None) -> str:
    gap = " " * (cols - (width(text) if used is None else used))
    return gap + text if right else text + gap


_NUMERIC = frozenset(f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float", "int", "long", "gYear"))


def _numeric(term: Binding | None) -> bool:
    return term is not None and term.get("datatype") in _NUMERIC


def table_lines(variables: list[str], rows: list[list[Binding | None]], px: dict[str, str] | None = None) -> list[str]:
    """Aligned text; numbers right-aligned. Cells have line breaks and tabs flattened.

    ``rows`` hold SPARQL JSON bindings: pyoxigraph writes a whole answer as JSON in Rust
    and ``json`` reads it in C, whereas a Python term object per cell made a 100,000-row
    table take seconds.
    """
    namespaces = sorted((px or {}).items(), key=lambda kv: -len(kv[1]))
    body = [[term_text(t, namespaces).replace("\n", " ").replace("\t", " ") for t in row] for row in rows]
    numeric = [[_numeric(t) for t in row] for row in rows]
    widths = [[width(c) for c in r] for r in body]  # each cell measured once: 100,000 rows are common
    cols = [max([width(v)] + [w[i] for w in widths]) for i, v in enumerate(variables)]
    out = [" | ".join(_pad(v, cols[i], False) for i, v in enumerate(variables)).rstrip(),
           "-+-".join("-" * c for c in cols)]
    for r, nums, ws in zip(body, numeric, widths):
        out.append(" | ".join(_pad(c, cols[i], nums[i], ws[i]) for i, c in enumerate(r)).rstrip())
    return out


def write_results(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, out: BinaryIO,
                  base: str | None = None) -> int:
    """Write ``result`` in ``fmt``; returns the number of rows (or triples, or 1 for ASK).

    SELECT/ASK: ``json``/``xml``/``csv``/``tsv`` are the W3C result formats, written by
    pyoxigraph. CONSTRUCT/DESCRIBE: ``table`` gives Turtle, ``csv``/``tsv`` N-Triples,
    ``json`` JSON-LD, ``xml`` RDF/XML.
    """
    px = dump_prefixes(base or DEFAULT_BASE)
    if isinstance(result, ox.QueryTriples):
        triples = list(result)
        rdf = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES,
               "json": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}[fmt]
        prefixes = px if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        if rdf == ox.RdfFormat.JSON_LD:  # compact, with a @context (rs2rdf.quads.jsonld)
            out.write(jsonld.to_bytes(triples, px))
        else:
            out.write(ox.serialize(triples, format=rdf, prefixes=prefixes) or b"")
        return len(triples)
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            out.write(b"true\n" if bool(result) else b"false\n")
            return 1
        buffer = io.BytesIO()
        result.serialize(buffer, format=ox.QueryResultsFormat.JSON)
        with bulk_allocation():  # a million small dicts and strings, no cycles
            answer = json.loads(buffer.getvalue())
            variables = answer["head"].get("vars", [])
            rows = [[b.get(v) for v in variables] for b in answer["results"]["bindings"]]
            text = "\n".join(table_lines(variables, rows, px)) + "\n"
        out.write(text.encode("utf-8"))
        return len(rows)
    qf = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
          "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[fmt]
    counter = _Counting(out)
    result.serialize(counter, format=qf)  # type: ignore[arg-type]  # pyoxigraph's stub says IO[bytes]; it only calls write() and flush()
    if isinstance(result, ox.QueryBoolean):
        return 1
    return max(counter.lines - 1, 0) if fmt in ("csv", "tsv") else -1


class _Counting:
    """A write-through wrapper counting lines, so CSV/TSV row counts cost nothing extra."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.lines = out, 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()
