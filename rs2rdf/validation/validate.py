"""SHACL validation of the built graph, reported against the source rows.

Nobody should have to read a raw SHACL report to fix the data, so every result is mapped
back to the file, table, row and column it came from (see :mod:`validate_source`) and
carries a message in Japanese and English plus what to do. The same results go to
``data/validation.ttl`` (an ``sh:ValidationReport``), ``data/validation.json``,
``validation/index.html`` and, as ``shape-violation`` problems, to the build summary.

``conforms`` follows ``pyshacl --allow-warnings``: only sh:Violation results break it,
since warnings are inconsistencies of the published source data that rs2rdf keeps as
printed.
"""

from __future__ import annotations

import gc
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, cast

import pyoxigraph as ox

from rs2rdf.core.errors import INFO, WARNING, Problem, Rs2rdfError
from rs2rdf.pipeline.gcpause import bulk_allocation
from rs2rdf.core.location import SourceLocation
from rs2rdf.mapping.iris import DEFAULT_BASE, RS, VOCAB_BASE, normalize_base
from rs2rdf.mapping.vocab import PROV, RDF, XSD, Vocab
from rs2rdf.core.resources import asset_dir
from rs2rdf.quads.nquads import NQuadsFile, TermTriple
from rs2rdf.validation.shacl import (
    INFO as SH_INFO,
    SEVERITY_RANK,
    SH,
    VIOLATION,
    WARNING as SH_WARNING,
    DataIndex,
    NodeShape,
    Result,
    load_shapes,
    validate,
)
from rs2rdf.validation.partition import Partition, split_by_year
from rs2rdf.sources.rs_tables import source_columns
from rs2rdf.validation.locate import PREDICATES, Located, ProvenanceIndex, SourceRow, field_for, local_name

if TYPE_CHECKING:
    from rs2rdf.pipeline.graph import Graph
    from rs2rdf.core.config import Config

REPORT_TTL = Path("data") / "validation.ttl"
REPORT_JSON = Path("data") / "validation.json"
REPORT_HTML = Path("validation") / "index.html"

SEVERITY_NAME = {VIOLATION: "Violation", SH_WARNING: "Warning", SH_INFO: "Info"}

#: What to do, by severity: violations are rs2rdf's own output breaking its contract.
ACTIONS: dict[str, tuple[str, str]] = {
    VIOLATION: ("rs2rdfの変換結果が形に合っていません。元の行を添えて不具合として報告してください",
                "rs2rdf's output breaks its own shape: report it as a bug, quoting the source row"),
    SH_WARNING: ("元データの値が食い違っています。該当する行と列を確かめ、誤りなら所管府省に訂正を依頼してください（値は印字どおり残しています）",
                 "the source data is inconsistent: check the row and column, and ask the ministry to correct it if wrong (values are kept as printed)"),
    SH_INFO: ("参考情報です。対応は必須ではありません", "for information; no action is required"),
}


@dataclass(frozen=True)
class Finding:
    """A validation result with its source row and the texts a person reads."""

    result: Result
    source: SourceRow | None
    field: str | None
    focus_types: tuple[str, ...]

    @property
    def severity(self) -> str:
        return SEVERITY_NAME.get(self.result.severity, self.result.severity)

    def message(self, lang: str) -> str:
        m = self.result.messages
        return m.get(lang) or m.get("en") or m.get("") or local_name(self.result.component)

    def as_dict(self) -> dict[str, object]:
        r, s = self.result, self.source
        return {
            "severity": self.severity,
            "focus": r.focus.value,
            "types": list(self.focus_types),
            "path": r.path,
            "value": None if r.value is None else r.value.value,
            "component": local_name(r.component),
            "shape": r.shape,
            "constraint": r.constraint,
            "message": {"ja": self.message("ja"), "en": self.message("en")},
            "action": dict(zip(("ja", "en"), ACTIONS.get(r.severity, ("", "")))),
            "source": None if s is None else {
                "iri": s.iri, "file": s.file, "container": s.container, "table": s.table, "row": s.row,
                "part": s.part, "field": self.field},
        }


@dataclass
class ValidationResult:
    conforms: bool
    findings: list[Finding]
    report: list[ox.Triple]
    seconds: float = 0.0

    @property
    def results(self) -> list[Result]:
        return [f.result for f in self.findings]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.result.severity == severity)


def shapes_triples(base: str, shapes_dir: Path | None = None) -> list[ox.Triple]:
    """Every ``*.ttl`` in the shapes folder, with data IRIs under the default base moved to ``base``
    (the vocabulary's IRIs are not under any base and stay as written)."""
    folder = shapes_dir or asset_dir("shapes")
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise Rs2rdfError(f"{folder}: no SHACL shapes (*.ttl) found")
    base = normalize_base(base)
    out: list[ox.Triple] = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        if DEFAULT_BASE + "def/" in text:
            # shapes written before the vocabulary got its own namespace would target nothing
            raise Rs2rdfError(f"{f}: names terms under {DEFAULT_BASE}def/; the vocabulary and code lists are now under "
                              f"{VOCAB_BASE} for every base (README \"The vocabulary\"): replace that namespace")
        text = text.replace(DEFAULT_BASE, base)
        try:
            out.extend(ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise Rs2rdfError(f"{f}: {exc}") from exc
    return out


def load(base: str, shapes_dir: Path | None = None) -> list[NodeShape]:
    return load_shapes(shapes_triples(base, shapes_dir))


def validate_graph(triples: Iterable[TermTriple], base: str, shapes_dir: Path | None = None) -> ValidationResult:
    """Validate the union graph's triples and map every result to its source row."""
    t = time.perf_counter()
    base = normalize_base(base)
    V = Vocab(RS)
    results, data = validate(triples, load(base, shapes_dir), PREDICATES | {V.table})
    focus = sorted({r.focus.value for r in results})
    rows = ProvenanceIndex(data, V).locate(focus) if focus else {}
    types = {r.focus.value: _types(data, r.focus) for r in results}
    return _result(results, rows, types, base, time.perf_counter() - t)


def validate_dump(nquads: Path, base: str, shapes_dir: Path | None = None, by_year: bool = True) -> ValidationResult:
    """Validate our own N-Quads dump; with ``by_year``, one review year at a time when it holds several.

    Each year's pass needs about the memory of a one-year build (see
    :mod:`rs2rdf.validation.partition`); the results are those of one pass over the whole dump.
    """
    if not by_year:
        return validate_graph(NQuadsFile(nquads), base, shapes_dir)
    # beside the dump, not in the system's temporary folder: the split is a copy of the whole
    # dump, and /tmp is often a RAM-backed tmpfs
    with tempfile.TemporaryDirectory(prefix=".rs2rdf-validate-", dir=nquads.parent) as tmp:
        parts = split_by_year(nquads, Path(tmp), normalize_base(base))
        if len(parts) == 1:
            return validate_graph(parts[0].source(), base, shapes_dir)
        return _validate_partitions(parts, base, shapes_dir)


def _validate_partitions(parts: list[Partition], base: str, shapes_dir: Path | None) -> ValidationResult:
    """The shared partition, then each year; a node is located in the pass that validated it and,
    when it was only found through a referrer, in the later passes too (its referrers may be there)."""
    t = time.perf_counter()
    base = normalize_base(base)
    V = Vocab(RS)
    shapes = load(base, shapes_dir)
    found: dict[tuple[str, str, str, str, str], Result] = {}
    located: dict[str, Located] = {}
    types: dict[str, tuple[str, ...]] = {}
    pending: set[str] = set()
    for part in parts:
        results, data = validate(part.source(), shapes, PREDICATES | {V.table}, part.owns)
        own = {r.focus.value for r in results}
        for r in results:
            found.setdefault(r.key(), r)
            types.setdefault(r.focus.value, _types(data, r.focus))
        for f, hit in ProvenanceIndex(data, V).locate_ranked(sorted(own | pending)).items():
            if f not in located or (hit[0], hit[2] or "") < (located[f][0], located[f][2] or ""):
                located[f] = hit
        pending = {f for f in own | pending if f not in located or located[f][0][0] > 0}
        del results, data
        gc.collect()
    ordered = [found[k] for k in sorted(found, key=lambda k: (SEVERITY_RANK.get(found[k].severity, 3), k))]
    rows = {f: (hit[1], hit[2]) for f, hit in located.items()}
    return _result(ordered, rows, types, base, time.perf_counter() - t)


def _types(data: DataIndex, node: ox.NamedNode | ox.BlankNode) -> tuple[str, ...]:
    return tuple(sorted(t.value for t in data.types.get(node, ())))


def _result(results: list[Result], rows: dict[str, tuple[SourceRow | None, str | None]],
            types: dict[str, tuple[str, ...]], base: str, seconds: float) -> ValidationResult:
    findings = []
    columns = source_columns()  # from the RS table entries as they are now
    for r in results:
        src, via = rows.get(r.focus.value, (None, None))
        ftypes = types.get(r.focus.value, ())
        table = src.table if src else None
        # reached through a referrer: the referrer's column holds the value (e.g. 法人番号)
        field = (field_for(table, (), via, r.focus.value, columns) if via
                 else field_for(table, ftypes, r.path, r.focus.value, columns))
        findings.append(Finding(r, src, field, ftypes))
    conforms = not any(f.result.severity == VIOLATION for f in findings)
    return ValidationResult(conforms, findings, report_triples(findings, conforms, base), seconds)


def report_triples(findings: list[Finding], conforms: bool, base: str) -> list[ox.Triple]:
    """The sh:ValidationReport, with numbered result nodes so the file is deterministic."""
    sh = lambda name: ox.NamedNode(SH + name)  # noqa: E731
    report = ox.NamedNode(base + "dataset/validation")
    out = [
        ox.Triple(report, ox.NamedNode(RDF + "type"), sh("ValidationReport")),
        ox.Triple(report, sh("conforms"), ox.Literal("true" if conforms else "false", datatype=ox.NamedNode(XSD + "boolean"))),
    ]
    for n, f in enumerate(findings, start=1):
        r = f.result
        node = ox.NamedNode(f"{base}dataset/validation#result-{n:06d}")
        out.append(ox.Triple(report, sh("result"), node))
        out.append(ox.Triple(node, ox.NamedNode(RDF + "type"), sh("ValidationResult")))
        out.append(ox.Triple(node, sh("focusNode"), r.focus))
        if r.path:
            out.append(ox.Triple(node, sh("resultPath"), ox.NamedNode(r.path)))
        if r.value is not None:
            out.append(ox.Triple(node, sh("value"), r.value))
        out.append(ox.Triple(node, sh("resultSeverity"), ox.NamedNode(r.severity)))
        out.append(ox.Triple(node, sh("sourceConstraintComponent"), ox.NamedNode(r.component)))
        out.append(ox.Triple(node, sh("sourceShape"), ox.NamedNode(r.shape)))
        if r.constraint:
            out.append(ox.Triple(node, sh("sourceConstraint"), ox.NamedNode(r.constraint)))
        for lang in ("ja", "en"):
            out.append(ox.Triple(node, sh("resultMessage"), ox.Literal(f.message(lang), language=lang)))
        if f.source is not None:
            out.append(ox.Triple(node, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(f.source.iri)))
    return out


def problems(result: ValidationResult) -> list[Problem]:
    """``shape-violation`` problems at the source cell, so the build summary counts them."""
    out = []
    for f in result.findings:
        s = f.source
        loc = SourceLocation(s.file, s.table if s.row is not None else (s.part or s.table), s.row, f.field) if s else None
        out.append(Problem("shape-violation", f"{f.severity}: {f.message('en')} [{f.result.focus.value}]", loc,
                           None if f.result.value is None else f.result.value.value,
                           INFO if f.result.severity == SH_INFO else WARNING))
    return out


def write_reports(result: ValidationResult, folder: Path, base: str, site_title: str = "rs2rdf",
                  templates: Path | None = None) -> dict[str, Path]:
    """data/validation.ttl, data/validation.json and validation/index.html under ``folder``."""
    from rs2rdf.quads.dump import prefixes

    paths = {"ttl": folder / REPORT_TTL, "json": folder / REPORT_JSON, "html": folder / REPORT_HTML}
    for p in paths.values():
        p.parent.mkdir(parents=True, exist_ok=True)
    px = prefixes(base)
    px["sh"] = SH
    ox.serialize(result.report, str(paths["ttl"]), ox.RdfFormat.TURTLE, prefixes=px)
    payload = {
        "conforms": result.conforms,
        "violations": result.count(VIOLATION),
        "warnings": result.count(SH_WARNING),
        "infos": result.count(SH_INFO),
        "results": [f.as_dict() for f in result.findings],
    }
    paths["json"].write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    paths["html"].write_text(render_html(payload, site_title, templates, base), encoding="utf-8")
    return paths


def render_html(payload: dict[str, object], site_title: str, templates: Path | None = None, base: str = "") -> str:
    """The report as a page of the site: its header and language switch, and each focus node
    linked relatively to the page that shows it (absolute IRIs broke once the site moved)."""
    from rs2rdf.site.paths import page_of_iri, relative_url
    from rs2rdf.site.render import environment
    from rs2rdf.site.view import site_nav

    here = "validation/index.html"
    results = []
    for r in cast("list[dict[str, Any]]", payload["results"]):
        found = page_of_iri(r["focus"], base) if base and r.get("focus") else None
        results.append({**r, "href": relative_url(here, found[0], found[1]) if found else None})
    page = {"nav": site_nav(here, site_title, None, True), "title": {"ja": "データ検証レポート", "en": "Validation report"}}
    return environment(templates, trim=False).get_template("validation.html").render(
        report={**payload, "results": results}, site_title=site_title, page=page)


def summary(result: ValidationResult) -> dict[str, object]:
    return {"conforms": result.conforms, "violations": result.count(VIOLATION), "warnings": result.count(SH_WARNING)}


def validate_stage(graph: "Graph", staging: Path, config: "Config", progress: Callable[[str], None]) -> dict[str, object]:
    """Build stage: validate the dump, write the three reports, return the results as problems.

    It reads only the N-Quads dump and writes only ``validation/`` and its data files, so the
    build runs it in a process beside serialisation and the site.
    """
    from rs2rdf.pipeline.graph import STAGE_PROBLEMS

    with bulk_allocation():
        years = {s.year for s in graph.sources if s.year is not None}
        result = validate_dump(graph.nquads, graph.iris.base, by_year=len(years) > 1)
    progress(f"validated in {result.seconds:.1f}s: {result.count(VIOLATION)} violation(s), "
             f"{result.count(SH_WARNING)} warning(s), {result.count(SH_INFO)} note(s)")
    write_reports(result, staging, graph.iris.base, config.site_title, config.templates)
    return {**summary(result), STAGE_PROBLEMS: problems(result)}
