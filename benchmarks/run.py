"""Time a full-size build stage by stage and report peak memory.

    python benchmarks/run.py --projects 5700            # generate one review year, then build it
    python benchmarks/run.py --projects 1000 --years 10 # ten review years (2024-2033) in one build
    python benchmarks/run.py --input DIR                # build existing RS data
    python benchmarks/run.py --projects 20 --json out.json   # the CI smoke size

Stages: read (CSV → records), map (records → sorted quads), serialise (dumps), store (query
store), validate (SHACL), site (HTML and twins); then each shipped query on the store, and a
rebuild of the same input. Peak memory: ``peak_memory_mib`` is the largest resident set of any
one process of the build; ``peak_total_pss_mib`` is the most the whole process tree held at once
(proportional set size, so pages shared by forked workers count once; Linux only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mib() -> float:
    """Largest resident set of this process or of any finished worker process (site rendering)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


class TreeMemory:
    """Samples the proportional set size (PSS) of this process and all its descendants.

    ``ru_maxrss`` gives the largest single process, but the build runs several at once (query
    store, validation, render workers) and forked workers share pages with their parent: the sum
    of PSS counts each shared page once. The sampler is a separate process (a thread here would
    be running while the build forks its workers). Linux only (``/proc``); elsewhere it reports 0.
    """

    def __enter__(self) -> "TreeMemory":
        self.peak_mib = 0.0
        self._proc = None
        if Path("/proc/self/smaps_rollup").is_file():
            self._proc = subprocess.Popen([sys.executable, __file__, "--watch", str(os.getpid())],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            out, _ = self._proc.communicate("")  # closing stdin stops the sampler
            self.peak_mib = float(out.strip() or 0)


def watch(pid: int, interval: float = 2.0) -> int:
    """Sampler process: the peak PSS sum of ``pid``'s tree (without itself) until stdin closes.

    Reading ``smaps_rollup`` walks a process's page tables: at 0.5 s the sampler took 21
    CPU-seconds (mostly system time) from a full-year build on two cores. The stages' memory
    moves over tens of seconds, so every 2 s finds the same peak.
    """
    import select

    peak = 0
    me = os.getpid()
    while True:
        peak = max(peak, sum(_pss_kib(p) for p in _tree(pid) if p != me))
        ready, _, _ = select.select([sys.stdin], [], [], interval)
        if ready and not sys.stdin.read(1):
            break
    print(round(peak / 1024))
    return 0


def _cpu_seconds() -> tuple[float, float]:
    """(user, system) CPU seconds of this process and its finished children.

    Kept apart because system time depends on the machine's state more than on the build:
    writing the site's 3.8 GB into a page cache that is already full costs several times
    the system time it costs after ``echo 3 > /proc/sys/vm/drop_caches``.
    """
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + kids.ru_utime, own.ru_stime + kids.ru_stime


def _tree(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    return [pid] + [p for k in kids for p in _tree(int(k))]


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def machine() -> dict[str, object]:
    mem = 0
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30
    except (ValueError, OSError):
        pass
    return {"cpus": os.cpu_count(), "memory_gib": mem, "python": platform.python_version(), "platform": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=5700, help="projects to generate when --input is not given")
    ap.add_argument("--years", type=int, default=1, help="review years to generate (from 2024), built together")
    ap.add_argument("--input", type=Path, help="existing RS data to build instead of generating")
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="write the result as JSON here")
    ap.add_argument("--no-site", action="store_true")
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--no-rebuild", action="store_true")
    ap.add_argument("--watch", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.watch:
        return watch(args.watch)

    from rs2rdf.pipeline.build import build
    from rs2rdf.api import default_stages
    from rs2rdf.core.config import Config
    from rs2rdf.sparql.query import load_query, run_query, shipped_queries
    from rs2rdf.sparql.store import open_store

    work = args.work or Path(tempfile.mkdtemp(prefix="rs2rdf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {"machine": machine()}
    data = args.input
    if data is None:
        data = work / "input"
        t = time.perf_counter()
        years = ["--year", "2024"] if args.years == 1 else ["--years", *(str(2024 + i) for i in range(args.years))]
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--projects", str(args.projects),
                        *years, "--out", str(data)], check=True, stdout=subprocess.DEVNULL)
        result["generate_seconds"] = round(time.perf_counter() - t, 2)
        result["projects"] = args.projects
        result["years"] = args.years
    stages = default_stages(not args.no_validate, not args.no_site)

    def progress(msg: str) -> None:
        print(f"  {time.strftime('%H:%M:%S')} {msg}  (peak {peak_mib():.0f} MiB)", file=sys.stderr, flush=True)

    out = work / "site"
    t = time.perf_counter()
    cpu = _cpu_seconds()
    with TreeMemory() as tree:
        built = build([data], Config(out=out), progress, stages)
        total = time.perf_counter() - t
        used = _cpu_seconds()  # before the memory sampler ends: its CPU is not the build's
    user, system = (after - before for after, before in zip(used, cpu))
    result["memory_sampler_cpu_seconds"] = round(sum(_cpu_seconds()) - sum(used), 1)
    summary = built.summary
    result.update({
        "sheets": summary["sheets"], "sheets_by_year": summary.get("sheets_by_year", {}),
        "triples": summary["triples"], "quads": summary["quads"],
        "stages_seconds": summary.get("seconds", {}),
        "stages_cpu_seconds": summary.get("cpu_seconds", {}),
        "stages_peak_mib": summary.get("peak_mib", {}), "cold_build_seconds": round(total, 2),
        "peak_memory_mib": round(peak_mib()),
        "peak_total_pss_mib": round(tree.peak_mib),
        # user + system time of the build and every process it waited for: over the wall clock,
        # how many of the cores it kept busy on average
        "cold_build_cpu_seconds": round(user + system, 1),
        "cold_build_user_cpu_seconds": round(user, 1),
        "cold_build_system_cpu_seconds": round(system, 1),
    })
    if not args.no_rebuild:
        t = time.perf_counter()
        build([data], Config(out=out), progress, stages)
        result["rebuild_seconds"] = round(time.perf_counter() - t, 2)
    queries: dict[str, float] = {}
    if (out / "data").is_dir():
        store = open_store(out)
        for name in shipped_queries():
            _, text = load_query(name)
            t = time.perf_counter()
            res = run_query(store, text, summary.get("base_iri"))  # type: ignore[arg-type]
            rows = sum(1 for _ in res) if hasattr(res, "__iter__") else 0
            queries[name] = round(time.perf_counter() - t, 3)
            queries[name + ":rows"] = rows
    result["queries_seconds"] = queries
    # What `rs2rdf query NAME [-f FORMAT]` does: write the answer the build precomputed, when current.
    from rs2rdf.sparql.answers import write_stored_answer

    answers: dict[str, float] = {}
    with open(os.devnull, "wb") as sink:
        for name in shipped_queries():
            _, text = load_query(name)
            for fmt in ("table", "csv", "json"):
                t = time.perf_counter()
                if write_stored_answer(out, name, text, str(summary.get("base_iri")), fmt, sink) is not None:
                    answers[f"{name}:{fmt}"] = round(time.perf_counter() - t, 3)
    result["stored_answers_seconds"] = answers
    result["peak_memory_mib"] = round(peak_mib())
    text = json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
