"""Validation one review year at a time gives the results of one pass over the whole dump."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.mapping.iris import DEFAULT_BASE
from rs2rdf.validation.validate import validate_dump
from rs2rdf.validation.partition import SHARED, partition_of, split_by_year

ROOT = Path(__file__).resolve().parents[1]
B = DEFAULT_BASE
SHEET = B + "id/sheet/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
G = f"<{B}graph/x>"


def _line(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} {G} .\n"


def test_partition_of_reads_the_review_year_of_a_sheets_resources() -> None:
    assert partition_of(SHEET + "2024/1/block/A", SHEET) == "2024"
    assert partition_of(SHEET + "2025/7", SHEET) == "2025"
    assert partition_of(SHEET + "draft/7", SHEET) == SHARED
    assert partition_of(SHEET + "2024", SHEET) == SHARED
    assert partition_of(B + "id/org/1234567890123", SHEET) == SHARED


def test_split_sends_each_line_to_its_subjects_year_and_cross_year_types_along(tmp_path: Path) -> None:
    s24, s25 = f"<{SHEET}2024/1>", f"<{SHEET}2025/1>"
    sheet_class = f"<{B}def/rs#ReviewSheet>"
    lines = [
        _line(f"<{B}id/project/1>", f"<{B}def/rs#sheet>", s25),
        _line(s24, TYPE, sheet_class),
        _line(s24, f"<{B}def/rs#note>", f'"see <{SHEET}2025/1> too"'),  # an IRI inside a literal is no link
        _line(s25, TYPE, sheet_class),
        _line(f"<{SHEET}2025/1/match>", f"<{B}def/rs#matchedSheet>", s24),
    ]
    dump = tmp_path / "rs2rdf.nq"
    dump.write_text("".join(lines), encoding="utf-8")
    parts = split_by_year(dump, tmp_path / "split", B)
    assert [p.name for p in parts] == [SHARED, "2024", "2025"]
    text = {p.name: "".join(f.read_text(encoding="utf-8") for f in p.files) for p in parts}
    assert text[SHARED] == lines[0] + lines[3]  # the shared triples and the type of the 2025 sheet they point to
    assert text["2024"] == lines[0] + lines[1] + lines[2]  # nothing of 2025: the literal names no node
    assert text["2025"] == lines[0] + lines[3] + lines[4] + lines[1]  # and the type of the 2024 sheet it matches
    import pyoxigraph as ox
    assert parts[1].owns(ox.NamedNode(SHEET + "2024/1/block/A"))
    assert not parts[1].owns(ox.NamedNode(SHEET + "2025/1"))
    assert parts[0].owns(ox.NamedNode(B + "id/project/1"))


def test_a_dump_of_one_year_is_not_split(tmp_path: Path) -> None:
    dump = tmp_path / "rs2rdf.nq"
    dump.write_text(_line(f"<{SHEET}2024/1>", TYPE, f"<{B}def/rs#ReviewSheet>")
                    + _line(f"<{B}id/org/1>", TYPE, f"<{B}def/rs#Org>"), encoding="utf-8")
    parts = split_by_year(dump, tmp_path / "split", B)
    assert [(p.name, p.files) for p in parts] == [("2024", (dump,))]
    assert not any((tmp_path / "split").iterdir())


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-years")
    assert _generator().main(["--projects", "60", "--years", "2024", "2025", "--out", str(root / "rs"), "--seed", "5"]) == 0
    result = CliRunner().invoke(main, ["-q", "build", str(root / "rs"), "--out", str(root / "site"), "--no-site", "--no-validate"])
    assert result.exit_code == 0, result.output
    return root / "site" / "data" / "rs2rdf.nq"


@pytest.mark.slow
def test_by_year_gives_the_findings_and_report_of_the_whole_dump(two_years: Path) -> None:
    whole = validate_dump(two_years, B, by_year=False)
    by_year = validate_dump(two_years, B, by_year=True)
    assert [f.as_dict() for f in by_year.findings] == [f.as_dict() for f in whole.findings]
    assert by_year.report == whole.report
    assert by_year.conforms == whole.conforms
    found = [f.as_dict() for f in whole.findings]
    # the check is not empty: findings in both years, and shared nodes (corporations) whose source
    # row is their referrer's, found in a year's pass
    assert {d["focus"].split("/id/sheet/")[1][:4] for d in found if "/id/sheet/" in d["focus"]} == {"2024", "2025"}
    assert any("/id/org/" in d["focus"] and d["source"] and d["source"]["row"] for d in found)


@pytest.mark.slow
def test_cli_validate_of_a_two_year_site_splits_and_reports_the_same(two_years: Path, tmp_path: Path) -> None:
    site = two_years.parent.parent
    result = CliRunner().invoke(main, ["-q", "validate", str(site)])
    assert result.exit_code == 0, result.output
    whole = validate_dump(two_years, B, by_year=False)
    import json
    report = json.loads((site / "data" / "validation.json").read_text(encoding="utf-8"))
    assert report["results"] == [f.as_dict() for f in whole.findings]
