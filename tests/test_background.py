"""Stages that run beside the others (in a process of their own) give their results,
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
from rs2rdf.pipeline.build import Stage, build
from rs2rdf.pipeline.graph import STAGE_PROBLEMS
from rs2rdf.core.config import Config
from rs2rdf.core.errors import Problem, Rs2rdfError
from rs2rdf.core.resources import sample_dir


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


class Extra:
    """A stage importable by name, as a process of its own needs."""

    def __init__(self, kind: str, fail: bool = False) -> None:
        self.kind = kind
        self.fail = fail

    def __call__(self, graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        kind = self.kind
        progress(f"the {kind} stage ran")
        if self.fail:
            raise RuntimeError("stage broke")
        (staging / f"from-{kind}.txt").write_text(str(os.getpid()), encoding="utf-8")
        found = [Problem("unresolved-law", f"added by the {kind} stage", None, str(kind))]
        return {f"extra_{kind}": sum(1 for _ in graph.iter_rows()), STAGE_PROBLEMS: found}


def _stage(kind: str, fail: bool = False) -> Stage:
    return Stage("extra", Extra(kind, fail), beside=kind == "beside")


@pytest.mark.parametrize("kind", ["beside", "inline"])
def test_results_and_problems_come_back(tmp_path: Path, kind: str | bool) -> None:
    out = tmp_path / "site"
    messages: list[str] = []
    result = build([sample_dir()], Config(out=out), messages.append, stages=[_stage(kind)])
    assert result.summary[f"extra_{kind}"] == result.summary["quads"]
    assert any(p.message == f"added by the {kind} stage" for p in result.problems)
    assert f"the {kind} stage ran" in messages
    pid = int((out / f"from-{kind}.txt").read_text(encoding="utf-8"))
    assert (pid != os.getpid()) == (kind == "beside")
    assert "extra" in result.summary["seconds"]
    assert STAGE_PROBLEMS not in result.summary


def test_a_script_without_a_main_guard_can_build(tmp_path: Path) -> None:
    """Workers are fresh interpreters that import only rs2rdf: a script calling rs2rdf.build at
    module level (no ``if __name__ == "__main__"``) does not run again in each of them (with
    multiprocessing's spawn it did, and failed)."""
    import subprocess
    import sys

    script = tmp_path / "notebook_like.py"
    script.write_text("import rs2rdf, pathlib\n"
                      f"r = rs2rdf.build(rs2rdf.sample_dir(), out=pathlib.Path({str(tmp_path / 'site')!r}))\n"
                      "print('built', r.exit_code)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("built") == 1 and "built 0" in done.stdout


@pytest.mark.parametrize("kind", ["beside", "inline"])
def test_an_error_fails_the_build_and_publishes_nothing(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "site"
    with pytest.raises((Rs2rdfError, RuntimeError), match="stage broke"):
        build([sample_dir()], Config(out=out), stages=[_stage(kind, fail=True)])
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_an_error_in_the_process_keeps_its_kind_and_hides_the_trace(tmp_path: Path) -> None:
    """The CLI prints a traceback only with --debug: the child's goes into a note, not the message."""
    with pytest.raises(RuntimeError) as info:
        build([sample_dir()], Config(out=tmp_path / "site"), stages=[_stage("beside", fail=True)])
    assert str(info.value) == "stage broke"
    assert any("Traceback" in note and "in the extra process" in note for note in info.value.__notes__)


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


class Burner:
    """A stage that spends ``seconds`` of CPU, then (in line) waits and starts a child process."""

    def __init__(self, kind: str, seconds: float, then_start_a_process: bool = False) -> None:
        self.kind = kind
        self.seconds = seconds
        self.then_start_a_process = then_start_a_process

    def __call__(self, graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        _burn(self.seconds)
        if self.then_start_a_process:
            time.sleep(1.5)  # the stage beside has ended by now
            child = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(0,))
            child.start()  # starting a process reaps every ended child of multiprocessing's
            child.join()
        return {WORKER_CPU: 0.5} if self.kind == "inline" and not self.then_start_a_process else {}


@pytest.mark.parametrize("kind", ["beside", "inline"])
def test_cpu_seconds_are_counted_per_stage(tmp_path: Path, kind: str) -> None:
    result = build([sample_dir()], Config(out=tmp_path / "site"), stages=[Stage("burn", Burner(kind, 0.6), kind == "beside")])
    cpu = result.summary["cpu_seconds"]
    expected = 0.6 + (0.5 if kind == "inline" else 0.0)  # an in-line stage adds the CPU its workers report
    assert expected - 0.05 <= cpu["burn"] <= expected + 1.0, cpu
    assert {"read", "map", "serialise"} <= set(cpu)
    written = json.loads((tmp_path / "site" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert WORKER_CPU not in result.summary and WORKER_CPU not in written and "cpu_seconds" not in written
    assert result.summary["peak_mib"]["burn"] > 0 and "peak_mib" not in written


def test_a_stage_beside_is_not_counted_in_the_stage_in_line(tmp_path: Path) -> None:
    result = build([sample_dir()], Config(out=tmp_path / "site"),
                   stages=[Stage("beside", Burner("beside", 1.0), beside=True),
                           Stage("inline", Burner("inline", 0.0, then_start_a_process=True))])
    cpu = result.summary["cpu_seconds"]
    assert cpu["beside"] >= 0.95 and cpu["inline"] < 0.5, cpu


class Small:
    """A stage that allocates next to nothing."""

    def __call__(self, graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        return {}


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="VmHWM is Linux's")
def test_a_stage_beside_reports_its_own_peak_not_the_builds(tmp_path: Path) -> None:
    """ru_maxrss survives exec: a stage's process started by a large build process must not report
    that process's peak as its own."""
    ballast = bytearray(400 << 20)  # the build process holds 400 MiB when the stage starts
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    result = build([sample_dir()], Config(out=tmp_path / "site"), stages=[Stage("small", Small(), beside=True)])
    del ballast
    peaks = result.summary["peak_mib"]
    assert peaks["serialise"] > 400 and 0 < peaks["small"] < 300, peaks


@pytest.mark.slow
def test_a_quiet_build_prints_nothing_from_its_workers(tmp_path: Path) -> None:
    """Workers start with ``python -c``: ``-m`` on a module the package had already imported
    made runpy warn on stderr at every worker start."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rs2rdf", "-q", "build", "--out", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
