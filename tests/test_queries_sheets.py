"""The shipped queries answer for pre-2024 sheets too (百万円 → yen, 事業番号 as printed)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from rs2rdf.cli.main import main

SEED = Path(__file__).parent / "data" / "sheets" / "h29-soumu-0051.xlsx"


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "site"
    result = CliRunner().invoke(main, ["-q", "build", str(SEED), "--no-site", "--no-validate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def rows(site: Path, name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", name, "--site", str(site), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_sheet_budgets_of_an_older_sheet(site: Path) -> None:
    got = {r["fiscalYear"]: r for r in rows(site, "sheet-budgets")}
    assert {r["reviewYear"] for r in got.values()} == {"2017"}
    assert {r["ministry"] for r in got.values()} == {"総務省"} and {r["projectNumber"] for r in got.values()} == {"0051"}
    assert (got["2015"]["total"], got["2015"]["executed"]) == ("65000000", "61000000")
    assert (got["2016"]["total"], got["2016"]["executed"]) == ("25434000000", "23285000000")
    assert got["2016"]["initial"] == ""  # not printed on the sheet: unbound, never 0


def test_sheet_recipients_of_an_older_sheet(site: Path) -> None:
    top = rows(site, "sheet-recipients")[:2]
    assert [(r["block"], r["recipientName"], r["corporateNumber"], r["amount"]) for r in top] == [
        ("A", "東京都", "8000020130001", "417000000"), ("A", "神奈川県", "1000020140007", "316000000")]


def test_sheet_laws_of_an_older_sheet(site: Path) -> None:
    got = [(r["lawTitle"], r["article"], r["paragraph"], r["item"]) for r in rows(site, "sheet-laws")]
    assert got == [("総務省設置法", "4", "", ""), ("総務省組織令", "7", "1", "27"), ("高度情報通信ネットワーク社会形成基本法", "10", "", "")]
