"""A sheet page opens with what the project is for, before the figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.core.resources import sample_dir


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


def test_sheet_page_shows_purpose_before_budget(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["-q", "build", str(sample_dir()), "--no-validate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pages = sorted((out / "id" / "sheet").glob("2024/*/index.html"))
    assert pages
    soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    about = soup.select_one("section.about-project")
    assert about is not None and about.find("h3") and about.find("p", class_="longtext").get_text(strip=True)
    budget = soup.find(id="budget-h")
    assert about.sourceline < budget.sourceline
