"""The build: inputs → records → graph → dumps (→ validation → site), written atomically.

Everything goes into a fresh folder beside ``--out`` that replaces the old output only
once complete, so a failed or killed build never leaves a half-written site.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from . import __version__
from . import records as r
from .config import Config
from .background import WORKER_CPU, WORKER_PEAK, Forked, cpu_seconds, peak_rss_mib, start_method
from .dump import distinct_triples, sort_rows, to_quads, write_nquads, write_other_dumps
from .errors import ERROR, Problem, Rs2rdfError, UsageError
from .fingerprint import fingerprint, is_up_to_date, write_fingerprint
from .gcpause import bulk_allocation
from .extract.rs_tables import identify
from .inputs import InputFile, discover
from .location import SourceLocation
from .model.context import Context
from .model.emit import Row
from .model.iris import DEFAULT_BASE, Iris
from .model.to_rdf import Mapper, MappingStats
from .normalize.citations import LawIndex
from .nquads import NQuadsFile, TermTriple, read_rows, term_triples
from .normalize.ministries import MinistryTable
from .provenance import describe_sources, register_sources
from .read import ReadResult, Source, read_inputs
from .resources import asset_dir
from .runs import SortedRuns

Progress = Callable[[str], None]


@dataclass
class Graph:
    """The mapped graph and what it came from; input to validation and the site.

    ``rows`` are the sorted distinct quads as N-Quads terms. Once the dump is written the
    build frees them and the later stages stream ``nquads`` instead, so a full year is never
    held as Python RDF objects by more than one stage at a time.
    """

    rows: "list[Row] | SortedRuns"
    iris: Iris
    sources: list[Source]
    problems: list[Problem]
    stats: MappingStats
    records: list[r.Record] = field(default_factory=list)
    nquads: Path | None = None
    #: Names of the build stages that run on this graph (a stage may run beside another).
    stages: tuple[str, ...] = ()
    _quads: list[ox.Quad] | None = None

    def detached(self) -> "Graph":
        """This graph without its rows and records, for a stage in a spawned process (it reads ``nquads``)."""
        return replace(self, rows=[], records=[], problems=[], _quads=None)

    @property
    def quads(self) -> list[ox.Quad]:
        """All quads as pyoxigraph objects, for small graphs and tests (the stages stream rows)."""
        if self._quads is None:
            self._quads = to_quads(self.iter_rows())
        return self._quads

    def iter_rows(self) -> Iterator[Row]:
        """The quads as N-Quads term rows, read back from our own dump once it is written."""
        if self.nquads is not None and self.nquads.is_file():
            return read_rows(self.nquads)
        return iter(self.rows)

    def term_triples(self) -> Iterable[TermTriple]:
        """The union graph's triples as shared pyoxigraph terms, read fast from our own dump when written."""
        if self.nquads is not None and self.nquads.is_file():
            return NQuadsFile(self.nquads)  # type: ignore[return-value]
        return term_triples(self.rows)


@dataclass
class BuildResult:
    out: Path
    summary: dict[str, object]
    problems: list[Problem]
    graph: Graph | None = None

    @property
    def exit_code(self) -> int:
        if not self.summary.get("sheets"):
            return 3
        return 1 if any(p.severity == ERROR for p in self.problems) else 0


def vocabulary_quads(iris: Iris) -> list[Row]:
    """ontology/rs.ttl with its namespace moved under the configured base."""
    text = (asset_dir("ontology") / "rs.ttl").read_text(encoding="utf-8").replace(DEFAULT_BASE, iris.base)
    graph = str(ox.NamedNode(iris.graph("vocabulary")))
    rows = []
    for t in ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE):
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            raise Rs2rdfError("ontology/rs.ttl: blank nodes would make the dumps differ between builds")
        rows.append((graph, str(t.subject), str(t.predicate), str(t.object)))
    return rows


#: Per-project sheets read and mapped together: a decade of history is some 55,000 of them.
SHEET_BATCH = 500


def year_groups(files: list[InputFile]) -> list[list[InputFile]]:
    """The inputs in the groups that are read and mapped one after the other.

    RS tables go by the review year their official names carry, so a build of many years
    holds one year's records and quads at a time; per-project sheets come last, in batches
    of :data:`SHEET_BATCH` files (each sheet is a file, and all a sheet says is in it).
    Everything is one group when there is one year and one batch of sheets at most, or when
    a table's name does not say its year (a renamed CSV): its year is then known only once read.
    """
    by_year: dict[int, list[InputFile]] = {}
    sheets: list[InputFile] = []
    for f in files:
        if f.kind != "rs":
            sheets.append(f)
            continue
        found = identify(f.path.name)
        if found is None:
            return [files]
        by_year.setdefault(found[1], []).append(f)
    if len(by_year) < 2 and len(sheets) <= SHEET_BATCH:
        return [files]
    return [by_year[y] for y in sorted(by_year)] + [sheets[i:i + SHEET_BATCH] for i in range(0, len(sheets), SHEET_BATCH)]


def make_graph(inputs: list[Path], config: Config, progress: Progress = lambda _: None,
               timings: dict[str, float] | None = None, sheet_cache: Path | None = None,
               earlier_cache: Path | None = None, cpu: dict[str, float] | None = None,
               spill: Path | None = None) -> Graph:
    """Read and map; nothing is written except entries of ``sheet_cache`` (``earlier_cache`` is only read)
    and, with ``spill``, the sorted runs of a build of several review years (see :mod:`rs2rdf.runs`).

    ``timings`` and ``cpu`` receive the wall-clock and CPU seconds of reading and of mapping.
    """
    files, problems = discover(inputs)
    groups = year_groups(files) if spill is not None else [files]
    iris = Iris(config.base_iri)
    ctx = Context(iris)
    index = LawIndex()
    if config.law_index:
        try:
            index = LawIndex.from_csv(config.law_index)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise Rs2rdfError(f"--law-index {config.law_index}: {exc}") from exc
    mapper = Mapper(ctx, MinistryTable.load(), index)
    runs = SortedRuns(spill) if spill is not None and len(groups) > 1 else None
    sources: list[Source] = []
    records: list[r.Record] = []
    spent = {"read": 0.0, "map": 0.0}
    used = {"read": 0.0, "map": 0.0}
    streamed = f" in {len(groups)} groups, a review year or a batch of sheets at a time" if runs is not None else ""
    progress(f"reading {len(files)} input file(s){streamed}")
    for group in groups:
        t0, c0 = time.perf_counter(), cpu_seconds()
        with bulk_allocation():
            read: ReadResult = read_inputs(group, sheet_cache, earlier_cache)
        t1, c1 = time.perf_counter(), cpu_seconds()
        problems.extend(read.problems)
        sources.extend(read.sources)
        if runs is None:
            progress(f"mapping {len(read.records)} records")
        register_sources(ctx, read.sources)
        with bulk_allocation():
            mapper.add(read.records)
            if runs is None:
                records = read.records
            else:
                read.records.clear()
                runs.add(sort_rows(ctx.emitter.quads))
                ctx.emitter.quads = []
                ctx.emitter.forget_nodes()
        spent["read"] += t1 - t0
        used["read"] += c1 - c0
        spent["map"] += time.perf_counter() - t1
        used["map"] += cpu_seconds() - c1
    t1, c1 = time.perf_counter(), cpu_seconds()
    with bulk_allocation():
        stats = mapper.finish()
        ctx.emitter.quads.extend(vocabulary_quads(iris))
        describe_sources(ctx, sources)
        problems.extend(ctx.problems)
        rows: list[Row] | SortedRuns = sort_rows(ctx.emitter.quads)
        if runs is not None:
            runs.add(rows)  # type: ignore[arg-type]
            rows = runs
    ctx.emitter.quads = []
    spent["map"] += time.perf_counter() - t1
    used["map"] += cpu_seconds() - c1
    if timings is not None:
        timings.update(spent)
    if cpu is not None:
        cpu.update(used)
    return Graph(rows, iris, sources, problems, stats, records if runs is None else list(mapper.infos))


def summarise(graph: Graph, timings: dict[str, float]) -> dict[str, object]:
    """The build summary; ``triples`` is added by the build, counted while the N-Triples are written."""
    sheets = sorted({rec.sheet for rec in graph.records if isinstance(rec, r.SheetInfo)})
    per_table: dict[str, dict[str, int]] = {}
    for s in graph.sources:
        key = f"{s.year}/{s.table}" if s.kind == "rs" else s.name
        entry = per_table.setdefault(key, {"rows": 0, "records": 0, "problems": 0})  # several files may hold one table
        entry["rows"] += s.rows
        entry["records"] += s.records
        entry["problems"] += s.problems
    return {
        "rs2rdf": __version__,
        "base_iri": graph.iris.base,
        "sheets": len(sheets),
        "sheets_by_year": dict(sorted(Counter(str(k.review_year) for k in sheets).items())),
        "projects": len({k.budget_id for k in sheets if k.budget_id is not None}),
        # a build's runs on disk are counted as they are written (see build)
        "quads": None if isinstance(graph.rows, SortedRuns) else len(graph.rows),
        "graphs": len(graph.rows.graphs) if isinstance(graph.rows, SortedRuns) else len({row[0] for row in graph.rows}),
        "law_citations": graph.stats.law_citations,
        "unresolved_law_citations": graph.stats.unresolved_laws,
        "records": graph.stats.by_type,
        "inputs": per_table,
        "problems": dict(sorted(Counter(p.code for p in graph.problems).items())),
        "problems_by_severity": dict(sorted(Counter(p.severity for p in graph.problems).items())),
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }


#: Extraction cache inside the output folder (hidden; not part of the published site).
CACHE_DIR = Path(".cache")

#: A file every rs2rdf output has; an existing --out without it is not ours to replace.
MARKER = Path("data") / "build-summary.json"


def check_out(out: Path, inputs: list[Path]) -> None:
    """Refuse an --out whose replacement would delete something that is not an rs2rdf output.

    The swap moves the old folder aside and deletes it, so ``-o .`` or ``-o ~/Documents``
    would otherwise delete the user's files, and an input inside --out would vanish.
    """
    resolved = out.resolve()
    if resolved.parent == resolved:
        raise UsageError(f"--out {out}: a file-system root cannot be the output folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    for given in inputs:
        p = given.resolve()
        if p == resolved or resolved in p.parents:
            raise UsageError(f"--out {out}: the input {given} is inside the output folder, which a build replaces")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"--out {out}: the folder is not empty and is not an rs2rdf output; "
                         "choose a new or empty folder (a build replaces the whole folder)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(out: Path) -> list[tuple[Path, str, int]]:
    """(path, kind, pid) of staging/old folders of *dead* builds beside ``out``."""
    found = []
    if not out.parent.is_dir():
        return found
    for p in out.parent.iterdir():
        for kind in ("building", "old"):
            prefix = f".{out.name}.{kind}-"
            if p.name.startswith(prefix) and p.is_dir():
                pid = p.name[len(prefix):].split("-", 1)[0]
                if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                    found.append((p, kind, int(pid)))
    return sorted(found)


def recover(out: Path) -> None:
    """Clean up after a build that was killed: stale staging folders go, a lost site comes back.

    A build killed between its two renames leaves no ``out`` but the previous site in
    ``.NAME.old-PID``; it is put back. Folders of live builds (another process) are left alone.
    """
    for path, kind, _pid in _leftovers(out):
        if kind == "old" and not out.exists():
            os.replace(path, out)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _staging(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames; the old site survives until then."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


Stage = Callable[[Graph, Path, Config, Progress], dict[str, object] | None]


def build(inputs: list[Path], config: Config, progress: Progress = lambda _: None,
          stages: list[tuple[str, Stage]] | None = None, force: bool = False) -> BuildResult:
    """Run the whole build into a staging folder and swap it in when complete.

    ``stages`` (validation, site) run after the dumps; each may add entries to the summary.
    When the published output was built from the same inputs and settings (see
    :mod:`rs2rdf.fingerprint`), nothing is redone unless ``force``.
    """
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    memory: dict[str, float] = {}
    recover(config.out)
    check_out(config.out, inputs)
    current = fingerprint(inputs, config, [name for name, _ in stages or []])
    if not force and is_up_to_date(config.out, current):
        progress("inputs and settings unchanged since the last build: nothing to do (use --force to rebuild)")
        summary = json.loads((config.out / "data" / "build-summary.json").read_text(encoding="utf-8"))
        summary["up_to_date"] = True
        problems = [Problem(d["code"], d["message"], SourceLocation(d["file"], d["part"], d["row"], d["field"]) if d["file"] else None, d["value"])
                    for d in json.loads((config.out / "data" / "problems.json").read_text(encoding="utf-8"))]
        return BuildResult(config.out, summary, problems, None)
    staging = _staging(config.out)
    # Sheet extractions are cached inside the output folder (never beside it): the published
    # output's cache is only read, and the new output gets the entries it used.
    earlier = config.out / CACHE_DIR / "sheets" if (config.out / MARKER).is_file() else None
    try:
        graph = make_graph(inputs, config, progress, timings, staging / CACHE_DIR / "sheets", earlier, cpu,
                           spill=staging / CACHE_DIR / "runs")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    memory["read+map"] = peak_rss_mib()  # this process's high-water mark, reached while mapping
    summary = summarise(graph, timings)
    graph.records = []  # the stages work from the quads; free the records before workers fork
    if not summary["sheets"]:
        summary["triples"] = sum(1 for _ in distinct_triples(graph.rows))
        summary["quads"] = len(graph.rows)
        if isinstance(graph.rows, SortedRuns):
            graph.rows = list(graph.rows)
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(config.out, summary, graph.problems, graph)
    try:
        t, c = time.perf_counter(), cpu_seconds(children=False)
        progress(f"writing {summary['quads']} quads" if summary["quads"] is not None else "writing the quads")
        graph.nquads = write_nquads(graph.rows, staging / "data")
        summary["quads"] = len(graph.rows)
        graph.stages = tuple(name for name, _ in stages or [])
        # Stages that may run beside the others (query store, validation) start as soon as the N-Quads exist.
        running = [Forked(name, stage, graph, staging, config, progress, start=method)
                   for name, stage in stages or [] if (method := start_method(stage))]
        dumps, summary["triples"] = write_other_dumps(graph.rows, staging / "data", graph.iris.base)
        if isinstance(graph.rows, SortedRuns):
            graph.rows.remove()
        graph.rows = []  # millions of tuples; the later stages stream the N-Quads dump
        timings["serialise"], cpu["serialise"] = time.perf_counter() - t, cpu_seconds(children=False) - c
        memory["serialise"] = peak_rss_mib()
        try:
            for name, stage in stages or []:
                if start_method(stage):
                    continue
                t, c = time.perf_counter(), cpu_seconds(children=False)
                progress(f"{name}")
                extra = stage(graph, staging, config, progress)
                timings[name] = time.perf_counter() - t
                cpu[name] = cpu_seconds(children=False) - c + float((extra or {}).pop(WORKER_CPU, 0.0))
                memory[name] = max(peak_rss_mib(), float((extra or {}).pop(WORKER_PEAK, 0.0)))
                if extra:
                    summary.update(extra)
        finally:
            for job in running:
                extra, seconds = job.join()
                timings[job.name], cpu[job.name], memory[job.name] = seconds, job.cpu_seconds, job.peak_mib
                summary.update(extra or {})
        summary["problems"] = dict(sorted(Counter(p.code for p in graph.problems).items()))
        summary["problems_by_severity"] = dict(sorted(Counter(p.severity for p in graph.problems).items()))
        summary["seconds"] = {k: round(v, 2) for k, v in timings.items()}
        summary["cpu_seconds"] = {k: round(v, 2) for k, v in cpu.items()}
        # the largest resident set of the process(es) a stage ran in, by the stage's end: stages in
        # the build process (read+map, serialise, site indexing) share one high-water mark
        summary["peak_mib"] = {k: round(v) for k, v in memory.items()}
        write_summary(staging / "data", summary, graph.problems)
        write_fingerprint(staging / "data", current)
        _swap(staging, config.out)
        graph.nquads = config.out / "data" / dumps["nq"].name
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(config.out, summary, graph.problems, graph)


#: Summary entries that differ between two builds of the same input (kept out of build-summary.json).
TIMING_KEYS = ("seconds", "cpu_seconds", "peak_mib")


def write_summary(folder: Path, summary: dict[str, object], problems: list[Problem]) -> None:
    """build-summary.json (timings left out so the file is deterministic) and problems.json."""
    stable = {k: v for k, v in summary.items() if k not in TIMING_KEYS}
    (folder / "build-summary.json").write_text(json.dumps(stable, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    rows = sorted((p.as_dict() for p in problems), key=lambda d: (str(d["file"]), d["row"] or 0, str(d["field"]), str(d["code"]), str(d["value"])))
    (folder / "problems.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
