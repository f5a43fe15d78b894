"""The validation report is a page of the site: its frame, language switch and relative links.

Every focus node links to the page (and anchor) that shows it; the report is written beside the
site without the site's page index, so this checks its placement against the site itself.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from rs2rdf.api import default_stages
from rs2rdf.core.config import Config
from rs2rdf.core.resources import sample_dir
from rs2rdf.pipeline.build import build


@pytest.fixture(scope="module", params=["sample", "workbook", pytest.param("shared", marks=pytest.mark.slow)])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample; a 2022 主要事項 workbook (its sheets are named by ministry and 事業番号, and the laws
    its 根拠法令 cite have no 法令ID, so the report's focus nodes are under those sheets); the real rows."""
    src = sample_dir() if request.param == "sample" else request.getfixturevalue("shared_rs2024")
    if request.param == "workbook":
        from tools.make_database_fixture import generate

        src = tmp_path_factory.mktemp("workbooks")
        generate(src / "database-2022.xlsx", 2022, 3, seed=2022)
    out = tmp_path_factory.mktemp(f"validation-{request.param}") / "site"
    build([src], Config(out=out), stages=default_stages())
    return out


@pytest.mark.slow
def test_report_page_has_the_site_frame_and_relative_links(built: Path) -> None:
    page = built / "validation" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("header.site a.brand") and soup.select_one("input#lang-en") and soup.select_one("label.lang-switch")
    assert soup.find("link", rel="stylesheet")["href"] == "../static/site.css"
    links = soup.select("td.focus a")
    assert links
    for a in links:
        href = a["href"]
        assert not href.startswith(("http://", "https://", "/")), href
        file, _, anchor = href.partition("#")
        target = (page.parent / unquote(file)).resolve()
        assert target.is_file(), href
        if anchor:
            assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=unquote(anchor)), href
