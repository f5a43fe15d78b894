"""Build stages run beside the others, in a forked or spawned process.

Validation and the query store read only the N-Quads dump and write only their own
folders, so they run in processes beside serialisation and the site's indexing: on two
cores that takes most of their time off the build's wall clock. They are *spawned* (a
fresh interpreter given the dump's path) rather than forked: a forked child starts out
with the parent's millions of mapped rows resident, and pyoxigraph's bulk loader needs
about 2 GB of its own, which on a thread counted against the build process itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
import traceback
from typing import Any, Callable

from rs2rdf.core.errors import Rs2rdfError


class Forked:
    """One stage in a child process; :meth:`join` gives its result and time or re-raises its error.

    The stage's return value, the problems it appended to ``graph.problems`` and its
    progress messages come back through a pipe. An error comes back as itself (so the CLI
    treats it as it would in line), with the child's traceback as a note that only
    ``--debug`` prints.

    ``start="spawn"`` runs the stage in a fresh interpreter on ``graph.detached()``, whose
    rows and records are left behind; the stage function must be importable by name, and a
    script that calls :func:`rs2rdf.pipeline.build.build` needs the usual ``if __name__ == "__main__"``
    guard (the ``rs2rdf`` command and ``python -m rs2rdf`` have it). The progress callback
    (the last argument) is passed the child's messages when it is joined.
    """

    def __init__(self, name: str, fn: Callable[..., Any], graph: Any, *args: Any, start: str = "fork") -> None:
        self.name = name
        #: CPU seconds the stage used in its process (and that process's own workers), once joined.
        self.cpu_seconds = 0.0
        #: The largest resident set of the stage's process, in MiB, once joined.
        self.peak_mib = 0.0
        self._graph = graph
        self._progress: Callable[[str], None] | None = None
        ctx = multiprocessing.get_context(start)
        self._recv, send = ctx.Pipe(duplex=False)
        if args and callable(args[-1]):
            *rest, self._progress = args
            args = (*rest, Messages())
        if start == "spawn":
            graph = graph.detached()
        else:
            gc.freeze()  # the parent's millions of objects stay shared: the child's collector never touches them
        self._process = ctx.Process(target=_child, args=(send, fn, graph, args), name=f"rs2rdf-{name}", daemon=True)
        self._process.start()
        send.close()

    def join(self) -> tuple[Any, float]:
        try:
            status, payload, detail, seconds, messages, self.cpu_seconds, self.peak_mib = self._recv.recv()
        except EOFError:
            self._process.join()
            raise Rs2rdfError(f"{self.name}: the worker process ended without a result (exit code {self._process.exitcode})") from None
        except Exception as exc:  # noqa: BLE001 - an error whose class cannot be rebuilt here
            self._process.join()
            raise Rs2rdfError(f"{self.name}: the worker process failed ({exc})") from None
        self._process.join()
        for message in messages:
            if self._progress is not None:
                self._progress(message)
        if status == "error":  # detail: the child's traceback
            payload.add_note(f"in the {self.name} process:\n{detail}")
            raise payload
        self._graph.problems.extend(detail)  # detail: the problems the stage added
        return payload, seconds


class Messages:
    """A spawned stage's progress callback: keeps the messages for the parent to pass on."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)


def cpu_seconds(children: bool = True) -> float:
    """User + system CPU of this process and (by default) of its children that have ended.

    Per stage, beside the wall clock: on two cores the stages overlap, so the wall clock of
    one says little about what it costs, and CPU is what a faster build has to save.
    """
    t = os.times()
    return t.user + t.system + (t.children_user + t.children_system if children else 0.0)


def peak_rss_mib() -> float:
    """The largest resident set this process has had, in MiB (0 where unknown).

    Linux's ``VmHWM`` first: ``ru_maxrss`` survives ``exec``, so a spawned stage would report
    the build process's peak at the moment it was started if that was higher than its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


#: A stage that runs in line but renders in worker processes returns their CPU seconds under
#: this key (the build takes it out of the summary). Counting ended children instead would
#: also count a stage process beside it that happened to be reaped meanwhile: multiprocessing
#: reaps every ended child whenever it starts a new one.
WORKER_CPU = "worker_cpu_seconds"
#: … and the largest resident set of those workers, in MiB.
WORKER_PEAK = "worker_peak_mib"


def _child(send: Any, fn: Callable[..., Any], graph: Any, args: tuple[Any, ...]) -> None:
    from rs2rdf.pipeline.bounded import ignore_interrupts
    from rs2rdf.pipeline.gcpause import long_lived

    ignore_interrupts()
    t, cpu = time.perf_counter(), cpu_seconds()
    before = len(graph.problems)
    progress = args[-1] if args else None
    messages = progress.messages if isinstance(progress, Messages) else []
    try:
        with long_lived():
            result = fn(graph, *args)
        send.send(("ok", result, graph.problems[before:], time.perf_counter() - t, messages, cpu_seconds() - cpu,
                   peak_rss_mib()))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        trace = traceback.format_exc()
        spent = time.perf_counter() - t, messages, cpu_seconds() - cpu, peak_rss_mib()
        try:
            send.send(("error", exc, trace, *spent))
        except Exception:  # noqa: BLE001 - the error itself does not pickle: send its words
            send.send(("error", Rs2rdfError(f"{type(exc).__name__}: {exc}"), trace, *spent))
    finally:
        send.close()


def start_method(stage: Callable[..., Any]) -> str | None:
    """How the stage's process starts, or None when it runs in line.

    Stages opt in with a ``concurrent`` attribute: ``"process"`` (forked) or ``"spawn"`` (a
    fresh interpreter). Where ``fork`` is missing (Windows) a forked stage runs in line.
    """
    kind = getattr(stage, "concurrent", None)
    if kind == "spawn":
        return "spawn"
    if kind == "process" and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return None
