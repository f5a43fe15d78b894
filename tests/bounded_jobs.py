"""Job functions for tests/test_bounded.py: spawned workers import them by name."""

from __future__ import annotations

import os
import signal
import time


def job(spec: tuple[str, int]) -> object:
    kind, n = spec
    if kind == "ok":
        return n * 2
    if kind == "sleep":
        time.sleep(n)
        return n
    if kind == "grow":  # hold n MiB, touched so it is resident
        blocks = []
        for _ in range(n):
            blocks.append(bytearray(b"x" * (1 << 20)))
            time.sleep(0.002)
        return len(blocks)
    if kind == "huge":  # one allocation far above the cap: MemoryError at once
        return len(bytearray(n << 20))
    if kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "raise":
        raise ValueError(f"bad job {n}")
    raise AssertionError(kind)
