"""Stages that run beside the others (a forked or a spawned process) give their results,
problems, progress messages and errors back to the build exactly as stages run in line do."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest

from rs2rdf.pipeline.background import WORKER_CPU
from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config
from rs2rdf.core.errors import Problem, Rs2rdfError
from rs2rdf.core.resources import sample_dir


class Stage:
    """A stage importable by name, as a spawned process needs."""

    def __init__(self, kind: str | bool, fail: bool = False) -> None:
        self.concurrent = kind
        self.fail = fail

    def __call__(self, graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        kind = self.concurrent
        progress(f"the {kind} stage ran")
        if self.fail:
            raise RuntimeError("stage broke")
        (staging / f"from-{kind}.txt").write_text(str(os.getpid()), encoding="utf-8")
        graph.problems.append(Problem("unresolved-law", f"added by the {kind} stage", None, str(kind)))
        return {f"extra_{kind}": sum(1 for _ in graph.iter_rows()), "rows_in_memory": len(graph.rows)}


def _stage(kind: str | bool, fail: bool = False) -> Any:
    return Stage(kind, fail)


@pytest.mark.parametrize("kind", ["spawn", "process", False])
def test_results_and_problems_come_back(tmp_path: Path, kind: str | bool) -> None:
    out = tmp_path / "site"
    messages: list[str] = []
    result = build([sample_dir()], Config(out=out), messages.append, stages=[("extra", _stage(kind))])
    assert result.summary[f"extra_{kind}"] == result.summary["quads"]
    assert any(p.message == f"added by the {kind} stage" for p in result.problems)
    assert f"the {kind} stage ran" in messages
    pid = int((out / f"from-{kind}.txt").read_text(encoding="utf-8"))
    assert (pid != os.getpid()) == (kind in ("process", "spawn"))
    assert "extra" in result.summary["seconds"]
    if kind == "spawn":
        assert result.summary["rows_in_memory"] == 0, "a spawned stage reads the dump, not a copy of the rows"


@pytest.mark.parametrize("kind", ["spawn", "process"])
def test_an_error_fails_the_build_and_publishes_nothing(tmp_path: Path, kind: str | bool) -> None:
    out = tmp_path / "site"
    with pytest.raises((Rs2rdfError, RuntimeError), match="stage broke"):
        build([sample_dir()], Config(out=out), stages=[("extra", _stage(kind, fail=True))])
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


@pytest.mark.parametrize("kind", ["spawn", "process"])
def test_an_error_in_the_process_keeps_its_kind_and_hides_the_trace(tmp_path: Path, kind: str) -> None:
    """The CLI prints a traceback only with --debug: the child's goes into a note, not the message."""
    with pytest.raises(RuntimeError) as info:
        build([sample_dir()], Config(out=tmp_path / "site"), stages=[("extra", _stage(kind, fail=True))])
    assert str(info.value) == "stage broke"
    assert any("Traceback" in note and "in the extra process" in note for note in info.value.__notes__)


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


class Burner:
    """A stage that spends ``seconds`` of CPU, then (in line) waits and starts a child process."""

    def __init__(self, kind: str | bool, seconds: float, then_start_a_process: bool = False) -> None:
        self.concurrent = kind
        self.seconds = seconds
        self.then_start_a_process = then_start_a_process

    def __call__(self, graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        _burn(self.seconds)
        if self.then_start_a_process:
            time.sleep(1.5)  # the spawned stage beside has ended by now
            child = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(0,))
            child.start()  # starting a process reaps every ended child, the spawned stage's too
            child.join()
        return {WORKER_CPU: 0.5} if self.concurrent is False and not self.then_start_a_process else {}


@pytest.mark.parametrize("kind", ["spawn", "process", False])
def test_cpu_seconds_are_counted_per_stage(tmp_path: Path, kind: str | bool) -> None:
    result = build([sample_dir()], Config(out=tmp_path / "site"), stages=[("burn", Burner(kind, 0.6))])
    cpu = result.summary["cpu_seconds"]
    expected = 0.6 + (0.5 if kind is False else 0.0)  # an in-line stage adds the CPU its workers report
    assert expected - 0.05 <= cpu["burn"] <= expected + 1.0, cpu
    assert {"read", "map", "serialise"} <= set(cpu)
    written = json.loads((tmp_path / "site" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert WORKER_CPU not in result.summary and WORKER_CPU not in written and "cpu_seconds" not in written
    assert result.summary["peak_mib"]["burn"] > 0 and "peak_mib" not in written


def test_a_stage_beside_is_not_counted_in_the_stage_in_line(tmp_path: Path) -> None:
    result = build([sample_dir()], Config(out=tmp_path / "site"),
                   stages=[("beside", Burner("spawn", 1.0)), ("inline", Burner(False, 0.0, then_start_a_process=True))])
    cpu = result.summary["cpu_seconds"]
    assert cpu["beside"] >= 0.95 and cpu["inline"] < 0.5, cpu


class Small:
    """A stage that allocates next to nothing."""

    concurrent = "spawn"

    def __call__(self, graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        return {}


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="VmHWM is Linux's")
def test_a_spawned_stage_reports_its_own_peak_not_the_builds(tmp_path: Path) -> None:
    """ru_maxrss survives exec: a spawned stage started by a large build process must not report
    that process's peak as its own."""
    ballast = bytearray(400 << 20)  # the build process holds 400 MiB when the stage starts
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    result = build([sample_dir()], Config(out=tmp_path / "site"), stages=[("small", Small())])
    del ballast
    peaks = result.summary["peak_mib"]
    assert peaks["serialise"] > 400 and 0 < peaks["small"] < 300, peaks
