"""Query worker processes for ``serve``: pyoxigraph cannot cancel a running query, so each
query runs in a process the server can kill when its deadline passes.

Workers open the site's store read-only once (see :func:`rs2rdf.sparql.query.open_query_store`
for the default graph) and answer jobs over a pipe. Results are
capped at ``limit`` rows (or triples); SELECT results are written as SPARQL JSON here and,
for the other formats, re-serialised by pyoxigraph, so every format stays standard.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from rs2rdf.pipeline.bounded import MIB, SAMPLE, resident_bytes
from rs2rdf.pipeline.processes import Child

RESULT_TYPES = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
GRAPH_TYPES = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    truncated: bool = False


def _term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _term(t.subject), "predicate": _term(t.predicate), "object": _term(t.object)}}
    raise TypeError(f"unexpected term {t!r}")


def _not_acceptable(kind: str, types: dict[str, tuple[str, Any]]) -> Answer:
    offered = ", ".join(ctype.split(";")[0] for ctype, _ in types.values())
    return Answer(406, "text/plain; charset=utf-8", f"the Accept header allows no format for {kind} answers; offered: {offered}\n".encode())


def answer(store: ox.Store, text: str, base: str, select_fmt: str | None, graph_fmt: str | None, limit: int,
           default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (), merged: bool = False) -> Answer:
    """Run one query and serialise at most ``limit`` rows; errors become 400 answers.

    A format of None means the client accepts none for that kind of answer (406).
    """
    from rs2rdf.quads import jsonld
    from rs2rdf.quads.dump import prefixes
    from rs2rdf.sparql.query import Dataset, dataset_options, rebase, syntax_error

    try:
        options = dataset_options(text, Dataset(default_graphs, named_graphs), merged)
        result = store.query(rebase(text, base), prefixes=prefixes(base), **options)
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"{syntax_error(exc)}\n".encode())
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(400, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode())
    try:
        if isinstance(result, ox.QueryTriples):
            if graph_fmt is None:
                return _not_acceptable("CONSTRUCT and DESCRIBE", GRAPH_TYPES)
            triples = list(itertools.islice(result, limit + 1))
            ctype, rf = GRAPH_TYPES[graph_fmt]
            if rf == ox.RdfFormat.JSON_LD:  # compact, with a @context (rs2rdf.quads.jsonld)
                return Answer(200, ctype, jsonld.to_bytes(triples[:limit], prefixes(base)), len(triples) > limit)
            return Answer(200, ctype, ox.serialize(triples[:limit], format=rf) or b"", len(triples) > limit)
        if select_fmt is None:
            return _not_acceptable("SELECT and ASK", RESULT_TYPES)
        if isinstance(result, ox.QueryBoolean):
            ctype, qf = RESULT_TYPES[select_fmt]
            return Answer(200, ctype, result.serialize(format=qf) or b"")
        names = [v.value for v in result.variables]
        rows = list(itertools.islice(result, limit + 1))
        doc = {"head": {"vars": names},
               "results": {"bindings": [{n: _term(s[n]) for n in names if s[n] is not None} for s in rows[:limit]]}}
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ctype, qf = RESULT_TYPES[select_fmt]
        if select_fmt != "json":
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=qf) or b""
        return Answer(200, ctype, body, len(rows) > limit)
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(500, "text/plain; charset=utf-8", f"query failed while reading results: {exc}\n".encode())


def worker_main(conn: Connection, site: str) -> None:
    """Process entry point: open the store once, then answer jobs until the connection closes."""
    from rs2rdf.sparql.query import open_query_store

    try:
        store, merged = open_query_store(Path(site))
        conn.send(("ready", None))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which refuses to start
        conn.send(("failed", str(exc)))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        text, base, select_fmt, graph_fmt, limit, *dataset = job
        default_graphs, named_graphs = (tuple(dataset[0]), tuple(dataset[1])) if len(dataset) == 2 else ((), ())
        conn.send(("answer", answer(store, text, base, select_fmt, graph_fmt, limit, default_graphs, named_graphs, merged)))


class Worker:
    def __init__(self, site: Path) -> None:
        self.process = Child(worker_main, str(site), name="rs2rdf-query")
        self.conn = self.process.conn

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("query worker did not start in time")
        try:
            kind, detail = self.conn.recv()
        except (EOFError, OSError):
            kind, detail = "failed", f"the worker process ended at start (exit code {self.process.exitcode})"
        if kind != "ready":
            self.kill()
            raise RuntimeError(f"query worker could not open the store: {detail}")

    def kill(self) -> None:
        self.process.close()


def _unavailable(message: str) -> Answer:
    return Answer(503, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class WorkerPool:
    """A fixed number of workers; a worker whose query overruns is killed and replaced."""

    def __init__(self, site: Path, size: int, start_timeout: float = 120.0, memory_mib: int = 0) -> None:
        self.site, self.start_timeout, self.memory_mib = site, start_timeout, memory_mib
        self._idle: list[Worker] = []
        self._cond = threading.Condition()
        self._closed = False
        workers = [Worker(site) for _ in range(max(1, size))]
        try:
            for w in workers:
                w.wait_ready(start_timeout)
        except RuntimeError:
            for w in workers:
                w.kill()
            raise
        self._idle.extend(workers)

    def run(self, job: tuple[Any, ...], timeout: float) -> Answer:
        """The worker's answer, or a 503 when no worker was free or the query overran ``timeout``."""
        with self._cond:
            if not self._cond.wait_for(lambda: bool(self._idle) or self._closed, timeout) or self._closed:
                return _unavailable(f"all query workers stayed busy for {timeout:g} s; try again later")
            worker = self._idle.pop()
        died = heavy = False
        deadline = time.monotonic() + timeout
        try:
            worker.conn.send(job)
            # the store cannot cap a query's memory, so the worker's resident set is sampled
            # while it runs (an address-space cap would stop RocksDB from opening at all)
            while (left := deadline - time.monotonic()) > 0:
                if worker.conn.poll(min(SAMPLE, left)):
                    kind, ans = worker.conn.recv()
                    self._release(worker)
                    return ans
                if self.memory_mib and resident_bytes(worker.process.pid) > self.memory_mib * MIB:
                    heavy = True
                    break
        except (EOFError, OSError):
            died = True  # the worker ended mid-query (a crash in the store)
        worker.kill()
        threading.Thread(target=self._replace, daemon=True).start()
        if heavy:
            return _unavailable(f"the query needed more than {self.memory_mib} MiB of memory and was stopped; "
                                "add a LIMIT or narrow it down")
        if died:
            return _unavailable("the query worker stopped while answering; try again, or narrow the query down")
        return _unavailable(f"the query ran longer than {timeout:g} s and was stopped; add a LIMIT or narrow it down")

    def _release(self, worker: Worker) -> None:
        with self._cond:
            if self._closed:
                worker.kill()
                return
            self._idle.append(worker)
            self._cond.notify()

    def _replace(self) -> None:
        worker = Worker(self.site)
        try:
            worker.wait_ready(self.start_timeout)
        except RuntimeError:
            return
        self._release(worker)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for w in idle:
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.kill()
