"""The workbook benchmark runs (a small full-width case), so the numbers in the README can be repeated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # generates a workbook and reads it in child processes


def test_the_full_width_case_reads_every_row(tmp_path: Path) -> None:
    from benchmarks.database import main

    out = tmp_path / "result.json"
    assert main(["--full", "--rows", "30", "--work", str(tmp_path), "--json", str(out), "--compare", "--openpyxl-rows", "10"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    # the 2023 edition is 14,298 columns wide; the generated one need only be of that order
    assert 14_000 <= result["columns"] <= 14_600 and result["rows"] == 30
    ours = result["rs2rdf"]
    assert ours["is_database"] and ours["rows"] == 30 and ours["read_s"] > 0 and ours["peak_rss_mib"] > 0
    stream = result["rs2rdf_stream_only"]
    assert stream["rows"] == 30 + 5  # and the five header rows
    # openpyxl read ten rows and says it extrapolated; python-calamine is optional (not a dependency)
    assert result["openpyxl_read_only"]["rows_read"] == 10 and "extrapolated_read_s" in result["openpyxl_read_only"]
    calamine = result["python_calamine"]
    assert "failed" in calamine or calamine["cells"] == stream["cells"]
