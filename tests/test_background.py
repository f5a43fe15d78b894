"""Stages that run beside the others (a thread or a forked process) give their results,
problems and errors back to the build exactly as stages run in line do."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from rs2rdf.build import build
from rs2rdf.config import Config
from rs2rdf.errors import Problem, Rs2rdfError
from rs2rdf.resources import sample_dir


def _stage(kind: str | bool, fail: bool = False) -> Any:
    def stage(graph: Any, staging: Path, config: Config, progress: Any) -> dict[str, object]:
        if fail:
            raise RuntimeError("stage broke")
        (staging / f"from-{kind}.txt").write_text(str(os.getpid()), encoding="utf-8")
        graph.problems.append(Problem("unresolved-law", f"added by the {kind} stage", None, str(kind)))
        return {f"extra_{kind}": sum(1 for _ in graph.iter_rows())}
    stage.concurrent = kind  # type: ignore[attr-defined]
    return stage


@pytest.mark.parametrize("kind", ["process", True, False])
def test_results_and_problems_come_back(tmp_path: Path, kind: str | bool) -> None:
    out = tmp_path / "site"
    result = build([sample_dir()], Config(out=out), stages=[("extra", _stage(kind))])
    assert result.summary[f"extra_{kind}"] == result.summary["quads"]
    assert any(p.message == f"added by the {kind} stage" for p in result.problems)
    pid = int((out / f"from-{kind}.txt").read_text(encoding="utf-8"))
    assert (pid != os.getpid()) == (kind == "process")
    assert "extra" in result.summary["seconds"]


@pytest.mark.parametrize("kind", ["process", True])
def test_an_error_fails_the_build_and_publishes_nothing(tmp_path: Path, kind: str | bool) -> None:
    out = tmp_path / "site"
    with pytest.raises((Rs2rdfError, RuntimeError), match="stage broke"):
        build([sample_dir()], Config(out=out), stages=[("extra", _stage(kind, fail=True))])
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_an_error_in_the_process_keeps_its_kind_and_hides_the_trace(tmp_path: Path) -> None:
    """The CLI prints a traceback only with --debug: the child's goes into a note, not the message."""
    with pytest.raises(RuntimeError) as info:
        build([sample_dir()], Config(out=tmp_path / "site"), stages=[("extra", _stage("process", fail=True))])
    assert str(info.value) == "stage broke"
    assert any("Traceback" in note and "in the extra process" in note for note in info.value.__notes__)
