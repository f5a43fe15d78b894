"""A build stage run on a thread beside the others.

Loading the query store is pyoxigraph work in Rust that releases the GIL for most of its
time, while serialisation and validation are Python work holding it; on a 2-core machine
running them side by side takes most of the store's time off the build's wall clock.
Only stages that touch nothing but their own files (the store writes ``data/store/`` and
``data/queries/``) may run this way, and they are joined before anything forks.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable


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


def runs_concurrently(stage: Callable[..., Any]) -> bool:
    """Stages opt in with a ``concurrent = True`` attribute."""
    return bool(getattr(stage, "concurrent", False))


def forks(stage: Callable[..., Any]) -> bool:
    """Stages that fork worker processes say so with ``forks = True``; threads are joined first."""
    return bool(getattr(stage, "forks", False))
