"""Pausing Python's cycle collector while the build allocates millions of long-lived objects.

Reading a year makes ~350,000 records and mapping ~6 million quad tuples; the site index
millions more. None of them form reference cycles the build relies on the collector to
free, yet each full collection walks every one of them, several times as the heap grows:
about a fifth of reading and mapping time. Afterwards they are frozen (moved out of the
collector's generations), so later collections skip them and forked render workers do not
touch, and so copy, their pages.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Collector off inside; on exit, everything alive is frozen and the collector restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
