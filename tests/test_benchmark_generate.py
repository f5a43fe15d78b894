"""Smoke test of the benchmark generator at 50 projects (the full-size run is measured by hand)."""

from __future__ import annotations

import csv
import importlib.util
import io
import zipfile
from pathlib import Path

from rs2rdf.sources.rs_tables import TABLES, official_stem

ROOT = Path(__file__).resolve().parents[1]
#: Rows per project in the real 2024 tables (FORMATS §1.5, 5,664 projects).
REAL_PER_PROJECT = {"1-1": 1.51, "1-2": 1.05, "1-3": 2.65, "1-4": 1.04, "1-5": 1.11, "2-1": 6.71, "2-2": 9.82,
                    "3-1": 20.8, "3-2": 5.0, "4-1": 1.0, "5-1": 34.1, "5-2": 4.0, "5-3": 6.0, "5-4": 1.64,
                    "6-1": 1.0}


def _load():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(folder: Path, spec, year: int) -> list[list[str]]:
    with zipfile.ZipFile(folder / f"{official_stem(spec, year)}.zip") as zf:
        text = zf.read(f"{official_stem(spec, year)}.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_small_run_headers_counts_and_determinism(tmp_path: Path) -> None:
    gen = _load()
    assert gen.main(["--projects", "50", "--year", "2024", "--out", str(tmp_path / "a"), "--seed", "3"]) == 0
    assert gen.main(["--projects", "50", "--year", "2024", "--out", str(tmp_path / "b"), "--seed", "3"]) == 0
    for spec in TABLES:
        a = (tmp_path / "a" / f"{official_stem(spec, 2024)}.zip").read_bytes()
        assert a == (tmp_path / "b" / f"{official_stem(spec, 2024)}.zip").read_bytes()
        header, *rows = _rows(tmp_path / "a", spec, 2024)
        assert header == spec.headers()
        ids = {r[2] for r in rows}
        assert len(ids) == 50  # every table covers every project (placeholder rows included)
        expected = REAL_PER_PROJECT[spec.table] * 50
        assert 0.4 * expected <= len(rows) <= 2.5 * expected, (spec.table, len(rows), expected)


def test_several_years_in_subfolders(tmp_path: Path) -> None:
    gen = _load()
    gen.main(["--projects", "20", "--years", "2024", "2025", "--out", str(tmp_path)])
    spec = next(t for t in TABLES if t.table == "6-1")
    ids = {y: {r[2] for r in _rows(tmp_path / str(y), spec, y)[1:]} for y in (2024, 2025)}
    assert ids[2024] and ids[2025] and ids[2024] & ids[2025]  # projects continue across years
    assert {r[1] for r in _rows(tmp_path / "2025", spec, 2025)[1:]} == {"2025"}


def test_corporate_numbers_mostly_valid() -> None:
    gen = _load()
    pools = gen.Pools(200, 1)
    numbers = [n for _, n, _, _ in pools.payees if n]
    valid = [n for n in numbers if gen.check_digit(n[1:]) == n[0]]
    assert len(valid) >= 0.99 * len(numbers)
    assert gen.local_gov_number("28100") == "9000020281000"
    assert gen.kanji_number(165) == "百六十五" and gen.kanji_number(23) == "二十三"
