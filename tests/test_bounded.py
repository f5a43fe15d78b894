"""Bounded workers: a job over its time or memory, or whose worker dies, is an outcome; the rest go on."""

from __future__ import annotations

import time

import pytest

from rs2rdf.pipeline.bounded import Limits, run_bounded
from tests.bounded_jobs import job


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


def test_results_in_input_order() -> None:
    jobs = [("ok", i) for i in range(7)]
    outs = run_bounded(job, jobs, Limits(30, 512), workers=2)
    assert [o.value for o in outs] == [i * 2 for i in range(7)]
    assert all(o.limit is None for o in outs)


def test_time_limit_kills_the_job_only() -> None:
    t0 = time.monotonic()
    outs = run_bounded(job, [("sleep", 60), ("ok", 1), ("ok", 2)], Limits(1.5, 512), workers=1)
    assert time.monotonic() - t0 < 20
    assert outs[0].limit == "time" and "1.5 s" in outs[0].detail
    assert [o.value for o in outs[1:]] == [2, 4]


def test_resident_memory_over_budget_is_stopped() -> None:
    outs = run_bounded(job, [("grow", 600), ("ok", 3)], Limits(60, 150), workers=1)
    assert outs[0].limit == "memory" and "150 MiB" in outs[0].detail
    assert outs[1].value == 6


def test_one_huge_allocation_is_a_memory_outcome() -> None:
    outs = run_bounded(job, [("huge", 4096), ("ok", 5)], Limits(60, 200), workers=1)
    assert outs[0].limit == "memory"
    assert outs[1].value == 10


def test_a_killed_worker_loses_one_job_not_the_run() -> None:
    """What the OOM killer does to a worker: the job is reported and a new worker takes the rest."""
    outs = run_bounded(job, [("ok", 1), ("die", 0), ("ok", 2), ("ok", 3)], Limits(30, 512), workers=2)
    assert outs[1].limit == "killed" and "SIGKILL" in outs[1].detail
    assert [outs[i].value for i in (0, 2, 3)] == [2, 4, 6]


def test_an_exception_is_an_error_outcome_and_the_worker_goes_on() -> None:
    outs = run_bounded(job, [("raise", 7), ("ok", 4)], Limits(30, 512), workers=1)
    assert outs[0].limit == "error" and "bad job 7" in outs[0].detail
    assert outs[1].value == 8


def test_no_jobs() -> None:
    assert run_bounded(job, [], Limits()) == []
