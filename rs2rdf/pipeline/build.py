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
import dataclasses
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from rs2rdf import __version__
from rs2rdf.core.config import Config
from rs2rdf.pipeline.background import WORKER_CPU, WORKER_PEAK, Beside, cpu_seconds, peak_rss_mib
from rs2rdf.quads.dump import distinct_triples, write_nquads, write_other_dumps
from rs2rdf.core.errors import ERROR, InterruptedAfterPublish, Problem, UsageError
from rs2rdf.pipeline.gcpause import long_lived
from rs2rdf.pipeline.fingerprint import fingerprint, is_up_to_date, write_fingerprint
from rs2rdf.pipeline.graph import STAGE_PROBLEMS, Graph, Mapped, Progress, make_graph
from rs2rdf.core.location import SourceLocation
from rs2rdf.quads.runs import SortedRuns

__all__ = ["BuildResult", "Graph", "Mapped", "Stage", "build", "make_graph", "write_summary"]


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the summary written to ``data/build-summary.json`` (with timings) and
    every problem found; ``graph`` is the published graph (None when nothing was published)."""

    out: Path
    summary: dict[str, object]
    problems: list[Problem]
    graph: Graph | None = None

    @property
    def exit_code(self) -> int:
        if not self.summary.get("sheets"):
            return 3
        return 1 if any(p.severity == ERROR for p in self.problems) else 0


def summarise(graph: Mapped, timings: dict[str, float]) -> dict[str, object]:
    """The build summary; ``triples`` is added by the build, counted while the N-Triples are written."""
    sheets = sorted({rec.sheet for rec in graph.sheets})
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
        # RS projects, and the projects of older sheets outside RS, once per project identity (project_links)
        "projects": len({k.budget_id for k in sheets if k.budget_id is not None}) + graph.stats.projects_before_rs,
        "projects_before_rs": graph.stats.projects_before_rs,
        # a build's runs on disk are counted as they are written (see build)
        "quads": None if isinstance(graph.rows, SortedRuns) else len(graph.rows),
        "graphs": len(graph.rows.graphs) if isinstance(graph.rows, SortedRuns) else len({row[0] for row in graph.rows}),
        "law_citations": graph.stats.law_citations,
        "unresolved_law_citations": graph.stats.unresolved_laws,
        "records": graph.stats.by_type,
        "inputs": per_table,
        # per pre-2024 sheet file: template fields found, missing (the label looked for) and read with a fallback
        "sheet_files": {s.name: s.report for s in graph.sources if s.kind == "sheet" and s.report},
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
    for ancestor in out.absolute().parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise UsageError(f"--out {out}: {ancestor} is a file, so no folder can be made under it")
            break
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


#: Names of the staging and old folders a build keeps *inside* an --out that is a mount point.
IN_PLACE = ".rs2rdf-"


def _leftovers(out: Path) -> list[tuple[Path, str, int]]:
    """(path, kind, pid) of staging/old folders of *dead* builds beside ``out`` (or inside it, for a mount point)."""
    found = []
    places = [(out.parent, f".{out.name}.")]
    if out.is_dir():
        places.append((out, IN_PLACE))
    for folder, stem in places:
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            for kind in ("building", "old"):
                prefix = f"{stem}{kind}-"
                if p.name.startswith(prefix) and (p.is_dir() or p.is_symlink()):
                    pid = p.name[len(prefix):].split("-", 1)[0]
                    if not pid.isdigit():
                        continue
                    # this process's own old folders are left-overs of an interrupted build (the
                    # library may run several builds in one process); its staging may be in use
                    mine = int(pid) == os.getpid() and kind == "old" and out.exists()
                    if mine or (int(pid) != os.getpid() and not _alive(int(pid))):
                        found.append((p, kind, int(pid)))
    return sorted(found)


def recover(out: Path) -> None:
    """Clean up after a build that was killed: stale staging folders go, a lost site comes back.

    A build killed between its two renames leaves no ``out`` but the previous site in
    ``.NAME.old-PID``; it is put back. Inside a mount point, entries of the previous site
    that a killed swap had moved aside and not replaced are put back. Folders of live
    builds (another process) are left alone. A ``.NAME.old-PID`` that is a symbolic link
    (left by versions that moved a linked --out aside) is removed, never followed.
    """
    for path, kind, _pid in _leftovers(out):
        if kind == "old" and path.parent == out:
            for entry in sorted(path.iterdir()):
                if not (out / entry.name).exists():
                    os.replace(entry, out / entry.name)
            shutil.rmtree(path, ignore_errors=True)
        elif kind == "old" and not out.exists():
            os.replace(path, out)
        elif path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)


def publish_target(out: Path) -> Path:
    """Where the site really goes: the folder a symbolic link --out points to, not the link.

    Replacing the link by a folder would leave the link's target with the old site (which a
    web server may be serving) and the user's link gone.
    """
    return Path(os.path.realpath(out)) if out.is_symlink() else out


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: the only portable way to read it is to set it, and put it back at once
    os.umask(mask)
    return mask


def folder_mode(out: Path) -> int:
    """The mode the new output folder gets: the published folder's own, else what the umask gives a new folder.

    ``mkdtemp`` makes the staging folder 0700, which a web server running as another user
    cannot read.
    """
    try:
        return out.stat().st_mode & 0o7777
    except OSError:
        return 0o777 & ~_umask()


def _staging(out: Path) -> Path:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if os.path.ismount(out):
            return Path(tempfile.mkdtemp(prefix=f"{IN_PLACE}building-{os.getpid()}-", dir=out))
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    except OSError as exc:  # read-only file system, no permission, a file in the way
        raise UsageError(f"--out {out}: cannot write the new output beside it ({exc.strerror or exc})") from None


def _blocked_signals() -> Any:
    """Hold SIGINT and SIGTERM while the renames run, so a build is either published or not, never half."""
    import contextlib
    import signal

    @contextlib.contextmanager
    def block() -> Any:
        if not hasattr(signal, "pthread_sigmask"):
            yield
            return
        mask = {signal.SIGINT, signal.SIGTERM}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, mask)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    return block()


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames; the old site survives until then.

    An ``out`` that is a mount point (a Docker volume) cannot be renamed, so the staging
    folder was made inside it and its entries are renamed in one by one, each replacing the
    old entry of the same name (see :func:`_swap_in_place`).
    """
    if staging.parent == out:
        _swap_in_place(staging, out)
        return
    old = None
    os.chmod(staging, folder_mode(out))
    done = False
    try:
        with _blocked_signals():
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
                os.rmdir(old)  # a fresh name: an earlier interrupted build of this process may have left one
                os.replace(out, old)
            os.replace(staging, out)
            done = True
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except KeyboardInterrupt:
        if done:  # a signal held during the renames, or one during the clean-up: the new site is live
            raise InterruptedAfterPublish(out) from None
        raise


def _swap_in_place(staging: Path, out: Path) -> None:
    """Entry by entry: each old entry is moved aside just before the new one takes its name.

    A reader sees each file either old or new, and for the microseconds between two
    renames an entry may be missing; a whole-site switch in one step needs a folder that
    can be renamed (or a web server pointed at a symbolic link).
    """
    old = out / f"{IN_PLACE}old-{os.getpid()}"
    old.mkdir()
    done = False
    try:
        with _blocked_signals():
            new = sorted(staging.iterdir())
            names = {e.name for e in new}
            for entry in new:
                target = out / entry.name
                if target.exists() or target.is_symlink():
                    os.replace(target, old / entry.name)
                os.replace(entry, target)
            for entry in sorted(out.iterdir()):
                if not entry.name.startswith(IN_PLACE) and entry.name not in names:
                    os.replace(entry, old / entry.name)
            done = True
        staging.rmdir()
        shutil.rmtree(old, ignore_errors=True)
    except KeyboardInterrupt:
        if done:
            raise InterruptedAfterPublish(out) from None
        raise


StageFn = Callable[[Graph, Path, Config, Progress], "dict[str, object] | None"]


@dataclass(frozen=True)
class Stage:
    """A step after the dumps: ``run(graph, staging, config, progress)`` returns summary entries
    (and the problems it found under :data:`~rs2rdf.pipeline.graph.STAGE_PROBLEMS`).

    ``beside``: the stage reads only the N-Quads dump and writes only its own files, so it runs
    in a process of its own next to the rest (:class:`rs2rdf.pipeline.background.Beside`).
    """

    name: str
    run: StageFn
    beside: bool = False


def build(inputs: list[Path], config: Config, progress: Progress = lambda _: None,
          stages: list[Stage] | None = None, force: bool = False) -> BuildResult:
    """Run the whole build into a staging folder and swap it in when complete.

    ``stages`` (validation, site) run after the dumps; each may add entries to the summary.
    When the published output was built from the same inputs and settings (see
    :mod:`rs2rdf.pipeline.fingerprint`), nothing is redone unless ``force``. The records and
    quads made on the way stay frozen for the collector until the build returns.
    """
    with long_lived():
        return _build(inputs, config, progress, stages, force)


def _build(inputs: list[Path], config: Config, progress: Progress, stages: list[Stage] | None,
           force: bool) -> BuildResult:
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    memory: dict[str, float] = {}
    config = dataclasses.replace(config, out=publish_target(config.out))
    recover(config.out)
    check_out(config.out, inputs)
    stages = stages or []
    current = fingerprint(inputs, config, [s.name for s in stages])
    if not force and is_up_to_date(config.out, current):
        progress("inputs and settings unchanged since the last build: nothing to do (use --force to rebuild)")
        summary = json.loads((config.out / "data" / "build-summary.json").read_text(encoding="utf-8"))
        summary["up_to_date"] = True
        problems = [Problem(d["code"], d["message"], SourceLocation(d["file"], d["part"], d["row"], d["field"]) if d["file"] else None, d["value"],
                            d.get("severity") or "")
                    for d in json.loads((config.out / "data" / "problems.json").read_text(encoding="utf-8"))]
        return BuildResult(config.out, summary, problems, None)
    staging = _staging(config.out)
    # Sheet extractions are cached inside the output folder (never beside it): the published
    # output's cache is only read, and the new output gets the entries it used.
    earlier = config.out / CACHE_DIR / "sheets" if (config.out / MARKER).is_file() else None
    try:
        mapped = make_graph(inputs, config, progress, timings, staging / CACHE_DIR / "sheets", earlier, cpu,
                            spill=staging / CACHE_DIR / "runs")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    memory["read+map"] = peak_rss_mib()  # this process's high-water mark, reached while mapping
    summary = summarise(mapped, timings)
    problems = list(mapped.problems)
    if not summary["sheets"]:
        rows = list(mapped.rows)
        summary["triples"] = sum(1 for _ in distinct_triples(rows))
        summary["quads"] = len(rows)
        if isinstance(mapped.rows, SortedRuns):
            mapped.rows.remove()
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(config.out, summary, problems, None)
    try:
        t, c = time.perf_counter(), cpu_seconds(children=False)
        progress(f"writing {summary['quads']} quads" if summary["quads"] is not None else "writing the quads")
        nquads = write_nquads(mapped.rows, staging / "data")
        summary["quads"] = len(mapped.rows)
        graph = Graph(nquads, mapped.iris, mapped.sources, mapped.problems, mapped.stats, tuple(s.name for s in stages))
        # Stages that may run beside the others (query store, validation) start as soon as the N-Quads exist.
        running = [Beside(s.name, s.run, graph, staging, config, progress) for s in stages if s.beside]
        try:
            dumps, summary["triples"] = write_other_dumps(mapped.rows, staging / "data", mapped.iris.base)
            if isinstance(mapped.rows, SortedRuns):
                mapped.rows.remove()
            del mapped  # millions of tuples; the later stages stream the dumps
            timings["serialise"], cpu["serialise"] = time.perf_counter() - t, cpu_seconds(children=False) - c
            memory["serialise"] = peak_rss_mib()
            for stage in stages:
                if stage.beside:
                    continue
                t, c = time.perf_counter(), cpu_seconds(children=False)
                progress(f"{stage.name}")
                extra = dict(stage.run(graph, staging, config, progress) or {})
                timings[stage.name] = time.perf_counter() - t
                cpu[stage.name] = cpu_seconds(children=False) - c + _number(extra.pop(WORKER_CPU, 0.0))
                memory[stage.name] = max(peak_rss_mib(), _number(extra.pop(WORKER_PEAK, 0.0)))
                problems.extend(_found(extra))
                summary.update(extra)
        except BaseException:
            for job in running:
                job.stop()
            raise
        for job in running:
            extra, seconds = job.join()
            extra = dict(extra or {})
            timings[job.name], cpu[job.name], memory[job.name] = seconds, job.cpu_seconds, job.peak_mib
            problems.extend(_found(extra))
            summary.update(extra)
        summary["problems"] = dict(sorted(Counter(p.code for p in problems).items()))
        summary["problems_by_severity"] = dict(sorted(Counter(p.severity for p in problems).items()))
        summary["seconds"] = {k: round(v, 2) for k, v in timings.items()}
        summary["cpu_seconds"] = {k: round(v, 2) for k, v in cpu.items()}
        # the largest resident set of the process(es) a stage ran in, by the stage's end: stages in
        # the build process (read+map, serialise, site indexing) share one high-water mark
        summary["peak_mib"] = {k: round(v) for k, v in memory.items()}
        write_summary(staging / "data", summary, problems)
        write_fingerprint(staging / "data", current)
        _swap(staging, config.out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    published = replace(graph, nquads=config.out / "data" / dumps["nq"].name, problems=tuple(problems))
    return BuildResult(config.out, summary, problems, published)


def _found(extra: dict[str, object]) -> list[Problem]:
    """The problems a stage returned with its summary entries (taken out of them)."""
    found = extra.pop(STAGE_PROBLEMS, None)
    return [p for p in found if isinstance(p, Problem)] if isinstance(found, (list, tuple)) else []


def _number(value: object) -> float:
    """A stage's reported CPU seconds or MiB (an int or float in its summary entries)."""
    return float(value) if isinstance(value, (int, float)) else 0.0


#: Summary entries that differ between two builds of the same input (kept out of build-summary.json).
TIMING_KEYS = ("seconds", "cpu_seconds", "peak_mib")


def write_summary(folder: Path, summary: dict[str, object], problems: list[Problem]) -> None:
    """build-summary.json (timings left out so the file is deterministic) and problems.json."""
    stable = {k: v for k, v in summary.items() if k not in TIMING_KEYS}
    (folder / "build-summary.json").write_text(json.dumps(stable, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    rows = sorted((p.as_dict() for p in problems), key=lambda d: (str(d["file"]), d["row"] or 0, str(d["field"]), str(d["code"]), str(d["value"])))
    (folder / "problems.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
