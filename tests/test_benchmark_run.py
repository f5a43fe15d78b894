"""The full-size benchmark runs end to end at a tiny size (no timing assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--projects", "8", "--work", str(tmp_path / "w"),
                    "--json", str(out)], check=True, capture_output=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["sheets"] == 8 and result["triples"] > 1000
    assert {"read", "map", "serialise", "store", "validate", "site"} <= set(result["stages_seconds"])
    assert result["peak_memory_mib"] > 0 and "rebuild_seconds" in result
    if Path("/proc/self/smaps_rollup").is_file():
        assert result["peak_total_pss_mib"] > 0
    assert all(result["queries_seconds"][f"{q}:rows"] > 0 for q in ("sheet-budgets", "sheet-recipients", "corporation-totals"))
    assert {f"sheet-recipients:{fmt}" for fmt in ("table", "csv", "json")} <= set(result["stored_answers_seconds"])
    assert set(result["stages_cpu_seconds"]) == set(result["stages_seconds"])
    assert {"read+map", "serialise", "store", "validate", "site"} <= set(result["stages_peak_mib"])
    assert result["cold_build_cpu_seconds"] >= result["cold_build_user_cpu_seconds"] > 0


def test_benchmark_builds_several_generated_years_together(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--projects", "5", "--years", "2", "--no-rebuild",
                    "--work", str(tmp_path / "w"), "--json", str(out)], check=True, capture_output=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["years"] == 2 and sorted(result["sheets_by_year"]) == ["2024", "2025"]
    assert all(n >= 5 for n in result["sheets_by_year"].values())
    assert sorted(p.name for p in (tmp_path / "w" / "input").iterdir()) == ["2024", "2025"]
