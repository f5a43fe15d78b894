"""Build stages run beside the others, in a process of their own.

Validation and the query store read only the N-Quads dump and write only their own
folders, so they run in processes beside serialisation and the site's indexing: on two
cores that takes most of their time off the build's wall clock. Each is a fresh interpreter
(:class:`rs2rdf.pipeline.processes.Child`) given the dump's path, not a fork: a forked child
starts out with the parent's millions of mapped rows resident, and pyoxigraph's bulk loader
needs about 2 GB of its own, which on a thread counted against the build process itself.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any, Callable

from rs2rdf.core.errors import Rs2rdfError
from rs2rdf.pipeline.processes import Child


class Beside:
    """One stage in a child process; :meth:`join` gives its result and time or re-raises its error.

    The stage runs on ``graph.detached()`` (it reads the dump). Its return value (with the
    problems it found) and its progress messages come back over the connection. An error comes back as itself (so the CLI
    treats it as it would in line), with the child's traceback as a note that only
    ``--debug`` prints. The progress callback is passed the child's messages when joined.
    """

    def __init__(self, name: str, fn: Callable[..., Any], graph: Any, staging: Any, config: Any,
                 progress: Callable[[str], None]) -> None:
        self.name = name
        #: CPU seconds the stage used in its process (and that process's own workers), once joined.
        self.cpu_seconds = 0.0
        #: The largest resident set of the stage's process, in MiB, once joined.
        self.peak_mib = 0.0
        self._progress = progress
        self._child = Child(_child, fn, graph.detached(), staging, config, name=f"rs2rdf-{name}")

    def join(self) -> tuple[Any, float]:
        try:
            status, payload, detail, seconds, messages, self.cpu_seconds, self.peak_mib = self._child.conn.recv()
        except EOFError:
            self._child.join()
            raise Rs2rdfError(f"{self.name}: the worker process ended without a result (exit code {self._child.exitcode})") from None
        except Exception as exc:  # noqa: BLE001 - an error whose class cannot be rebuilt here
            self._child.close()
            raise Rs2rdfError(f"{self.name}: the worker process failed ({exc})") from None
        finally:
            self._child.join()
            self._child.conn.close()
        for message in messages:
            self._progress(message)
        if status == "error":  # detail: the child's traceback
            payload.add_note(f"in the {self.name} process:\n{detail}")
            raise payload
        return payload, seconds

    def stop(self) -> None:
        """Kill the stage's process (the build is failing or interrupted)."""
        self._child.close()


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


def _child(conn: Connection, fn: Callable[..., Any], graph: Any, staging: Any, config: Any) -> None:
    from rs2rdf.pipeline.gcpause import long_lived

    t, cpu = time.perf_counter(), cpu_seconds()
    progress = Messages()
    try:
        with long_lived():
            result = fn(graph, staging, config, progress)
        conn.send(("ok", result, None, time.perf_counter() - t, progress.messages, cpu_seconds() - cpu, peak_rss_mib()))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        trace = traceback.format_exc()
        spent = time.perf_counter() - t, progress.messages, cpu_seconds() - cpu, peak_rss_mib()
        try:
            conn.send(("error", exc, trace, *spent))
        except Exception:  # noqa: BLE001 - the error itself does not pickle: send its words
            conn.send(("error", Rs2rdfError(f"{type(exc).__name__}: {exc}"), trace, *spent))
