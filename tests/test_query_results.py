"""Shipped queries are answered from the build's precomputed results only when current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.sparql.query import load_query
from rs2rdf.sparql.answers import RESULTS_DIR, stored_answer
from rs2rdf.core.resources import sample_dir


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


def _build(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["-q", "build", str(sample_dir()), "--no-site", "--no-validate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_precomputed_answers_equal_fresh_ones(tmp_path: Path) -> None:
    site = _build(tmp_path)
    index = json.loads((site / RESULTS_DIR / "index.json").read_text(encoding="utf-8"))
    assert set(index) == {"sheet-budgets", "sheet-recipients", "sheet-laws", "corporation-totals", "ministry-totals"}
    runner = CliRunner()
    for name in index:
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            stored = runner.invoke(main, ["query", name, "--site", str(site), "--format", fmt])
            fresh = runner.invoke(main, ["query", name, "--site", str(site), "--format", fmt, "--fresh"])
            assert stored.exit_code == fresh.exit_code == 0
            assert stored.stdout == fresh.stdout, (name, fmt)
            assert "precomputed by the build" in stored.stderr and "precomputed" not in fresh.stderr
        stored = runner.invoke(main, ["query", name, "--site", str(site), "--format", "csv"])
        assert len(stored.stdout.splitlines()) - 1 == index[name]["rows"] > 0
        assert f"{index[name]['rows']} result(s)" in stored.stderr
        assert (site / RESULTS_DIR / f"{name}.csv").read_text(encoding="utf-8").replace("\r\n", "\n") == \
            stored.stdout.replace("\r\n", "\n")


def test_a_site_without_the_stored_table_formats_the_stored_json(tmp_path: Path) -> None:
    """Sites built before the table file was stored still answer from the stored JSON."""
    site = _build(tmp_path)
    runner = CliRunner()
    before = runner.invoke(main, ["query", "sheet-recipients", "--site", str(site)])
    (site / RESULTS_DIR / "sheet-recipients.txt").unlink()
    after = runner.invoke(main, ["query", "sheet-recipients", "--site", str(site)])
    assert after.exit_code == 0 and after.stdout == before.stdout
    assert "precomputed by the build" in after.stderr


def test_an_edited_query_is_not_answered_from_the_stored_result(tmp_path: Path) -> None:
    site = _build(tmp_path)
    name, text = load_query("sheet-budgets")
    assert stored_answer(site, "sheet-budgets", text, "https://example.org/rs2rdf/") is not None
    assert stored_answer(site, "sheet-budgets", text + "\nLIMIT 1", "https://example.org/rs2rdf/") is None
    assert stored_answer(site, "sheet-budgets", text, "https://other.example/") is None
