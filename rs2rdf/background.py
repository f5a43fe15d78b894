"""Build stages run beside the others: on a thread, or in a forked process.

Loading the query store is pyoxigraph work in Rust that releases the GIL for most of its
time, so it runs on a thread while serialisation holds the GIL. Validation is Python work
that reads only the N-Quads dump and writes only ``validation/``, so it runs in a forked
process beside serialisation and the site's indexing: on two cores that takes most of its
time off the build's wall clock. Processes are forked before any thread starts, and
threads are joined before a stage forks its own workers (``Graph.before_fork``).
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
import time
import traceback
from typing import Any, Callable

from .errors import Rs2rdfError


class Background:
    """One stage on a thread; :meth:`join` gives its result and time or re-raises its error."""

    def __init__(self, name: str, fn: Callable[..., Any], *args: Any) -> None:
        self.name = name
        self._result: Any = None
        self._error: BaseException | None = None
        self._seconds = 0.0
        self._thread = threading.Thread(target=self._run, args=(fn, args), name=f"rs2rdf-{name}", daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        t = time.perf_counter()
        try:
            self._result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the joining thread
            self._error = exc
        finally:
            self._seconds = time.perf_counter() - t

    def join(self) -> tuple[Any, float]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result, self._seconds


class Forked:
    """One stage in a forked process (same interface as :class:`Background`).

    The stage's return value and the problems it appended to ``graph.problems`` come back
    through a pipe. An error comes back as itself (so the CLI treats it as it would in line),
    with the child's traceback as a note that only ``--debug`` prints.
    """

    def __init__(self, name: str, fn: Callable[..., Any], graph: Any, *args: Any) -> None:
        self.name = name
        self._graph = graph
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        gc.freeze()  # the parent's millions of objects stay shared: the child's collector never touches them
        try:
            self._process = ctx.Process(target=_child, args=(send, fn, graph, args), name=f"rs2rdf-{name}", daemon=True)
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()

    def join(self) -> tuple[Any, float]:
        try:
            status, payload, detail, seconds = self._recv.recv()
        except EOFError:
            self._process.join()
            raise Rs2rdfError(f"{self.name}: the worker process ended without a result (exit code {self._process.exitcode})") from None
        except Exception as exc:  # noqa: BLE001 - an error whose class cannot be rebuilt here
            self._process.join()
            raise Rs2rdfError(f"{self.name}: the worker process failed ({exc})") from None
        self._process.join()
        if status == "error":  # detail: the child's traceback
            payload.add_note(f"in the {self.name} process:\n{detail}")
            raise payload
        self._graph.problems.extend(detail)  # detail: the problems the stage added
        return payload, seconds


def _child(send: Any, fn: Callable[..., Any], graph: Any, args: tuple[Any, ...]) -> None:
    t = time.perf_counter()
    before = len(graph.problems)
    try:
        result = fn(graph, *args)
        send.send(("ok", result, graph.problems[before:], time.perf_counter() - t))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        trace = traceback.format_exc()
        try:
            send.send(("error", exc, trace, time.perf_counter() - t))
        except Exception:  # noqa: BLE001 - the error itself does not pickle: send its words
            send.send(("error", Rs2rdfError(f"{type(exc).__name__}: {exc}"), trace, time.perf_counter() - t))
    finally:
        send.close()


def runs_concurrently(stage: Callable[..., Any]) -> bool:
    """Stages opt in with a ``concurrent`` attribute: ``True``/``"thread"`` or ``"process"``."""
    return bool(getattr(stage, "concurrent", False))


def in_process(stage: Callable[..., Any]) -> bool:
    return getattr(stage, "concurrent", None) == "process" and "fork" in multiprocessing.get_all_start_methods()

