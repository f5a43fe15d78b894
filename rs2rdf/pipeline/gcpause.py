"""Pausing Python's cycle collector while the build allocates millions of long-lived objects.

Reading a year makes ~350,000 records and mapping ~6 million quad tuples; the site index
millions more. None of them form reference cycles the build relies on the collector to
free, yet each full collection walks every one of them, several times as the heap grows:
about a fifth of reading and mapping time.

Inside :func:`long_lived` (a build), what a bulk allocation leaves alive is also frozen
(moved out of the collector's generations), so later collections skip it and forked render
workers do not touch, and so copy, its pages; on leaving, the heap is unfrozen again. A
library call outside a build only pauses the collector: no call leaves it changed.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_FREEZE = ContextVar("rs2rdf_freeze_bulk_allocations", default=False)


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Collector off inside and restored on exit; inside :func:`long_lived`, what is alive is frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _FREEZE.get():
            gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """A scope (a build, a stage's process) whose bulk allocations stay frozen until it ends.

    The collector's permanent generation is process-wide and cannot be unfrozen in part:
    when something was frozen before the scope began, it is left frozen on exit too.
    """
    before = gc.get_freeze_count()
    token = _FREEZE.set(True)
    try:
        yield
    finally:
        _FREEZE.reset(token)
        if before == 0:
            gc.unfreeze()
