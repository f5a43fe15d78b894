"""A forked pool closing under the CLI's SIGTERM handler prints nothing (no worker traceback)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import multiprocessing, time
from rs2rdf.cli.main import terminate_as_interrupt
from rs2rdf.pipeline.bounded import ignore_interrupts

def job(n):
    return n * n

if __name__ == "__main__":
    with terminate_as_interrupt():
        with multiprocessing.get_context("fork").Pool(2, initializer=ignore_interrupts) as pool:
            assert sum(pool.imap_unordered(job, range(50))) == sum(n * n for n in range(50))
            time.sleep(0.2)  # the workers wait for the next task when the pool terminates them
    print("done")
"""


def test_pool_closing_prints_no_worker_traceback() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr, result.stderr
