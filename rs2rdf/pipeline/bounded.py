"""Jobs in worker processes, each with a wall-clock deadline and a memory cap.

A hostile or broken input file (a PDF with two million drawing operations, a workbook
whose merges cover the whole sheet) must cost the build one problem, not the build. So
each job runs in a spawned worker that the parent watches: it kills a worker whose
resident memory passes the budget (sampled every quarter second) or whose job overruns its
deadline. The worker's address space is also capped (``RLIMIT_AS``, at twice the budget
beyond what the fresh worker maps) as a backstop for allocations faster than the sampling;
native code that hits that cap may fail in odd ways, which is why it is not the first line. A job over either limit, or whose worker died (the OOM killer, a segfault in a
native library), comes back as an :class:`Outcome` with ``limit`` set; the worker is
replaced and the remaining jobs go on. Results come back in input order.

Workers are fresh interpreters (:class:`rs2rdf.pipeline.processes.Child`), not forks: their
address space is small and predictable (about 70 MB here), so the cap means the same on
every call, and no thread or lock of the caller (a notebook, a server) is copied into them.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from rs2rdf.pipeline.processes import Child
from typing import Any, Callable, Iterator, Sequence

MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one job may use: wall-clock seconds and MiB of memory beyond the worker's own start."""

    seconds: float = 120.0
    memory_mib: int = 1024


@dataclass(frozen=True)
class Outcome:
    """A job's value, or why it has none: ``limit`` is ``"time"``, ``"memory"``, ``"killed"`` (the
    worker died) or ``"error"`` (the job function raised)."""

    value: Any = None
    limit: str | None = None
    detail: str = ""


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


#: How often the parent samples the workers' resident memory, in seconds.
SAMPLE = 0.25


def resident_bytes(pid: int) -> int:
    """Resident set of a process, 0 where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _cap_memory(budget_mib: int) -> None:
    try:
        import resource
    except ImportError:  # no rlimits on this platform: the deadline still holds
        return
    limit = _vm_size() + 2 * budget_mib * MIB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def ignore_interrupts() -> None:
    """For a worker process: Ctrl-C reaches the whole process group, but only the parent acts on it.

    The parent stops its workers itself; a worker that also raised KeyboardInterrupt would
    print a traceback of its own (rs2rdf prints tracebacks only with ``--debug``). A forked
    worker also inherits the CLI's SIGTERM handler, which raises KeyboardInterrupt; the pool
    ends its workers with SIGTERM when it closes, so that handler printed a traceback at the end
    of every build that rendered pages in parallel. Workers take SIGTERM's default back.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker(conn: Connection, fn: Callable[[Any], Any], budget_mib: int) -> None:
    """Answer jobs until told to stop; after a MemoryError the worker reports it and ends."""
    _cap_memory(budget_mib)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            value = fn(job)
        except MemoryError:
            value = None
            try:
                conn.send(("memory", None))
            except (OSError, MemoryError):
                pass
            return
        except KeyboardInterrupt:
            return
        except Exception as exc:  # noqa: BLE001 - the job function broke its promise; report, do not die silently
            conn.send(("crash", f"{type(exc).__name__}: {exc}"))
            continue
        try:
            conn.send(("ok", value))
        except MemoryError:
            return


class _Slot:
    def __init__(self, fn: Callable[[Any], Any], limits: Limits) -> None:
        self.process = Child(_worker, fn, limits.memory_mib, name="rs2rdf-sheet")
        self.conn = self.process.conn
        self.job: int | None = None
        self.deadline = 0.0

    def stop(self, kill: bool) -> None:
        if not kill and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(5)
        self.process.close()


def run_bounded(fn: Callable[[Any], Any], jobs: Sequence[Any], limits: Limits, workers: int = 0) -> list[Outcome]:
    """Run ``fn(job)`` for every job in at most ``workers`` processes (default: the cores).

    ``fn`` must be importable by name (it is pickled into spawned workers) and should not
    raise; an exception it raises comes back as an ``"error"`` outcome.
    """
    return list(iter_bounded(fn, jobs, limits, workers))


def iter_bounded(fn: Callable[[Any], Any], jobs: Sequence[Any], limits: Limits, workers: int = 0) -> Iterator[Outcome]:
    """:func:`run_bounded` yielding outcomes in input order as soon as each one is known."""
    if not jobs:
        return
    size = max(1, min(len(jobs), workers or os.cpu_count() or 1))
    results: dict[int, Outcome] = {}
    slots: list[_Slot] = []
    pending = iter(range(len(jobs)))
    next_out = 0
    try:
        slots = [_Slot(fn, limits) for _ in range(size)]
        for slot in slots:
            _give(slot, pending, jobs, limits)
        while next_out < len(jobs):
            busy = [s for s in slots if s.job is not None]
            if not busy:  # every job handed out has come back; nothing is left to give
                break
            timeout = min(SAMPLE, max(0.0, min(s.deadline for s in busy) - time.monotonic()))
            ready = wait([s.conn for s in busy], timeout)  # a worker that dies closes its end: ready, then EOF
            now = time.monotonic()
            for i, slot in enumerate(slots):
                if slot.job is None:
                    continue
                outcome: Outcome | None = None
                replace = False
                if slot.conn in ready:
                    try:
                        kind, payload = slot.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "crash", None
                    if kind == "ok":
                        outcome = Outcome(payload)
                    elif kind == "memory":
                        outcome = Outcome(None, "memory", f"needed more than {limits.memory_mib} MiB of memory")
                        replace = True
                    elif payload is not None:
                        outcome = Outcome(None, "error", f"failed ({payload})")
                    else:
                        outcome = Outcome(None, "killed", _ended(slot))
                        replace = True
                elif not slot.process.is_alive():
                    outcome = Outcome(None, "killed", _ended(slot))
                    replace = True
                elif now >= slot.deadline:
                    outcome = Outcome(None, "time", f"took longer than {limits.seconds:g} s")
                    replace = True
                elif slot.process.pid and resident_bytes(slot.process.pid) > limits.memory_mib * MIB:
                    outcome = Outcome(None, "memory", f"needed more than {limits.memory_mib} MiB of memory")
                    replace = True
                if outcome is None:
                    continue
                assert slot.job is not None
                results[slot.job] = outcome
                slot.job = None
                if replace:
                    slot.stop(kill=True)
                    slots[i] = slot = _Slot(fn, limits)
                _give(slot, pending, jobs, limits)
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
    finally:
        for slot in slots:
            slot.stop(kill=slot.job is not None or sys.exc_info()[0] is not None)


def _ended(slot: _Slot) -> str:
    slot.process.join(1)
    code = slot.process.exitcode
    if code is not None and code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"its worker process was killed ({name}; the system may have run out of memory)"
    return f"its worker process ended unexpectedly (exit code {code})"


def _give(slot: _Slot, pending: Iterator[int], jobs: Sequence[Any], limits: Limits) -> None:
    index = next(pending, None)
    if index is None:
        return
    slot.job = index
    slot.deadline = time.monotonic() + limits.seconds
    slot.conn.send(jobs[index])
