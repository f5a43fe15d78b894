"""The mapped graph: inputs → records → sorted quads, a review year (or a batch of sheets) at a time.

The build (:mod:`rs2rdf.pipeline.build`) writes the dumps from it and runs the stages on them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from rs2rdf.core import records as r
from rs2rdf.pipeline.background import cpu_seconds
from rs2rdf.core.config import Config
from rs2rdf.quads.dump import distinct_triples, dump_paths, sort_rows, to_quads
from rs2rdf.core.errors import Problem, Rs2rdfError
from rs2rdf.sources.rs_tables import identify
from rs2rdf.pipeline.gcpause import bulk_allocation
from rs2rdf.sources.discover import InputFile, discover
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.emit import Row
from rs2rdf.mapping.iris import Iris
from rs2rdf.mapping.to_rdf import Mapper, MappingStats
from rs2rdf.sources.normalize.citations import LawIndex
from rs2rdf.sources.normalize.ministries import MinistryTable
from rs2rdf.quads.nquads import NQuadsFile, TermTriple, read_rows, read_triples, term_triples
from rs2rdf.mapping.metadata import Description, describe
from rs2rdf.mapping.provenance import describe_sources, register_sources
from rs2rdf.sources.read import ReadResult, Source, read_inputs
from rs2rdf.core.resources import asset_dir
from rs2rdf.quads.runs import SortedRuns

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Mapped:
    """What reading and mapping made (:func:`make_graph`); the build writes the dumps from it.

    ``rows`` are the sorted distinct quads as N-Quads terms: in memory, or parked on disk as
    sorted runs in a build of several review years (:class:`rs2rdf.quads.runs.SortedRuns`).
    ``sheets`` are the sheet headers the summary counts (the other records are not kept).
    """

    rows: "list[Row] | SortedRuns"
    iris: Iris
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    stats: MappingStats
    sheets: tuple[r.SheetInfo, ...] = ()

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """All quads as pyoxigraph objects, for small graphs and tests (the build streams rows)."""
        return to_quads(iter(self.rows))

    def iter_triples(self) -> Iterator[tuple[str, str, str]]:
        """The union graph's distinct triples as N-Triples terms, sorted."""
        return distinct_triples(self.rows)

    def term_triples(self) -> Iterable[TermTriple]:
        return term_triples(self.rows)


@dataclass(frozen=True)
class Graph:
    """The graph as the stages after the dumps see it: the dumps the build wrote, and what they came from.

    Stages stream the dumps, so a full year is never held as Python RDF objects by more than
    one stage at a time. A stage does not change the graph: what it finds it returns (see
    :data:`STAGE_PROBLEMS`).
    """

    nquads: Path
    iris: Iris
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    stats: MappingStats
    #: Names of the build stages that run on this graph (a stage may run beside another).
    stages: tuple[str, ...] = ()

    def detached(self) -> "Graph":
        """This graph for a stage in another process: the build's problems stay with the build."""
        return replace(self, problems=())

    def iter_rows(self) -> Iterator[Row]:
        """The quads as N-Quads term rows, read back from the dump."""
        return read_rows(self.nquads)

    def ntriples(self) -> Path | None:
        """The N-Triples dump (sorted, distinct), once it is written."""
        nt = dump_paths(self.nquads.parent)["nt"]
        return nt if nt.is_file() else None

    def iter_triples(self) -> Iterator[tuple[str, str, str]]:
        """The union graph's distinct triples as N-Triples terms, sorted: from the N-Triples dump
        (one subject's triples are one run of lines, see :mod:`rs2rdf.site.index`)."""
        nt = self.ntriples()
        if nt is not None:
            return read_triples(nt)
        return distinct_triples(list(read_rows(self.nquads)))

    def term_triples(self) -> Iterable[TermTriple]:
        """The union graph's triples as shared pyoxigraph terms, read fast from the dump."""
        return NQuadsFile(self.nquads)


#: A stage returns the problems it found under this key of its summary entries (the build
#: takes them out): a stage in another process cannot add to the build's list.
STAGE_PROBLEMS = "problems_found"


def vocabulary_quads(iris: Iris) -> list[Row]:
    """ontology/rs.ttl as written: its namespace is :data:`rs2rdf.mapping.iris.RS` in every build."""
    text = (asset_dir("ontology") / "rs.ttl").read_text(encoding="utf-8")
    graph = str(ox.NamedNode(iris.graph("vocabulary")))
    rows = []
    for t in ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE):
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            raise Rs2rdfError("ontology/rs.ttl: blank nodes would make the dumps differ between builds")
        rows.append((graph, str(t.subject), str(t.predicate), str(t.object)))
    return rows


def metadata_rows(ctx: Context, config: Config, sources: list[Source]) -> list[Row]:
    """The dataset's DCAT-AP and VoID description (rs2rdf.mapping.metadata) as the graph ``graph/metadata``."""
    iris = ctx.iris
    rows = sorted((iri, s.official_url or "", s.sha256) for s in sources if (iri := ctx.files.get(s.name, ("", ""))[1]))
    desc = Description(iris.base, config.site_title, tuple(sorted(ctx.fiscal_years)), tuple(rows),
                       config.sparql_endpoint, config.publisher)
    graph = str(ox.NamedNode(iris.graph("metadata")))
    return [(graph, str(t.subject), str(t.predicate), str(t.object)) for t in describe(desc, in_dump=True)]


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


def law_index(config: Config) -> LawIndex:
    """The configured 法令名 → 法令ID table (empty without ``law_index``)."""
    if not config.law_index:
        return LawIndex()
    try:
        return LawIndex.from_csv(config.law_index)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise Rs2rdfError(f"--law-index {config.law_index}: {exc}") from exc


def map_records(records: list[r.Record], sources: list[Source], config: Config) -> tuple[list[Row], list[Problem]]:
    """Records already read → the sorted distinct quads a build would write, and the mapping's problems.

    One group: fine for what fits in memory at once (the build streams review years instead).
    """
    iris = Iris(config.base_iri)
    ctx = Context(iris)
    mapper = Mapper(ctx, MinistryTable.load(), law_index(config))
    with bulk_allocation():
        register_sources(ctx, sources)
        mapper.add(records)
        mapper.finish()
        ctx.emitter.quads.extend(vocabulary_quads(iris))
        describe_sources(ctx, sources)
        ctx.emitter.quads.extend(metadata_rows(ctx, config, sources))
        rows = sort_rows(ctx.emitter.quads)
    return rows, list(ctx.problems)


def make_graph(inputs: list[Path], config: Config, progress: Progress = lambda _: None,
               timings: dict[str, float] | None = None, sheet_cache: Path | None = None,
               earlier_cache: Path | None = None, cpu: dict[str, float] | None = None,
               spill: Path | None = None) -> Mapped:
    """Read and map; nothing is written except entries of ``sheet_cache`` (``earlier_cache`` is only read)
    and, with ``spill``, the sorted runs of a build of several review years (see :mod:`rs2rdf.quads.runs`).

    ``timings`` and ``cpu`` receive the wall-clock and CPU seconds of reading and of mapping.
    """
    files, problems = discover(inputs)
    groups = year_groups(files) if spill is not None else [files]
    iris = Iris(config.base_iri)
    ctx = Context(iris)
    mapper = Mapper(ctx, MinistryTable.load(), law_index(config))
    runs = SortedRuns(spill) if spill is not None and len(groups) > 1 else None
    sources: list[Source] = []
    spent = {"read": 0.0, "map": 0.0}
    used = {"read": 0.0, "map": 0.0}
    streamed = f" in {len(groups)} groups, a review year or a batch of sheets at a time" if runs is not None else ""
    progress(f"reading {len(files)} input file(s){streamed}")
    for group in groups:
        t0, c0 = time.perf_counter(), cpu_seconds()
        with bulk_allocation():
            read: ReadResult = read_inputs(group, sheet_cache, earlier_cache, config.sheet_limits)
        t1, c1 = time.perf_counter(), cpu_seconds()
        problems.extend(read.problems)
        sources.extend(read.sources)
        if runs is None:
            progress(f"mapping {len(read.records)} records")
        register_sources(ctx, read.sources)
        with bulk_allocation():
            mapper.add(read.records)
            read.records.clear()  # the mapper keeps what it needs (sheet headers, law citations)
            if runs is not None:
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
        ctx.emitter.quads.extend(metadata_rows(ctx, config, sources))
        problems.extend(ctx.problems)
        last = sort_rows(ctx.emitter.quads)
        if runs is not None:
            runs.add(last)
        rows: list[Row] | SortedRuns = last if runs is None else runs
    ctx.emitter.quads = []
    spent["map"] += time.perf_counter() - t1
    used["map"] += cpu_seconds() - c1
    if timings is not None:
        timings.update(spent)
    if cpu is not None:
        cpu.update(used)
    return Mapped(rows, iris, tuple(sources), tuple(problems), stats, tuple(mapper.infos))
