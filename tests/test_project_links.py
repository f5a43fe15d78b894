"""RS projects are linked to older sheets only on published evidence."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf.pipeline.graph import make_graph
from rs2rdf.core.config import Config
from rs2rdf.sources.rs_tables import BY_ID
from tools.rs_format import write_rs_zip

SHEET = Path(__file__).parent / "data" / "sheets" / "r05-meti-2023-0001.xlsx"
RS = "https://w3id.org/rs2rdf/def/rs#"


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


def _rs_sheet(folder: Path, name: str, old_numbers: str = "") -> Path:
    row = dict(sheet_type="レビューシート", review_year="2024", budget_id="95001", name=name, ministry_order="22",
               policy_ministry="経済産業省", ministry="経済産業省", category="前年度事業", old_numbers=old_numbers)
    path = folder / "1-2_RS_2024_基本情報_事業概要等.zip"
    write_rs_zip(path, BY_ID["1-2"], 2024, [row])
    return path


def _matches(inputs: list[Path]) -> list[tuple[str, str, str]]:
    graph = make_graph(inputs, Config())
    store = ox.Store()
    store.extend(graph.quads)
    q = f"""PREFIX rs: <{RS}>
    SELECT ?old ?method ?evidence WHERE {{ GRAPH ?g {{ ?m a rs:SheetMatch ; rs:matchedSheet ?old ; rs:matchMethod ?method ;
        rs:evidence ?evidence }} }}"""
    return [(row["old"].value, row["method"].value, row["evidence"].value) for row in store.query(q)]


def test_project_link_by_former_number(tmp_path: Path) -> None:
    matches = _matches([_rs_sheet(tmp_path, "別の名前の事業", "2023-経産-22-0001"), SHEET])
    assert len(matches) == 1
    old, method, evidence = matches[0]
    assert old.endswith("/id/sheet/2023/4000012090001/2023-%E7%B5%8C%E7%94%A3-22-0001")
    assert method == "former-project-number" and "2023-経産-22-0001" in evidence


def test_project_link_by_name_and_ministry_is_recorded_as_such(tmp_path: Path) -> None:
    matches = _matches([_rs_sheet(tmp_path, "中小企業デジタル化支援事業"), SHEET])
    assert [m[1] for m in matches] == ["name-and-ministry"]


def test_no_link_without_evidence(tmp_path: Path) -> None:
    assert _matches([_rs_sheet(tmp_path, "全く別の事業"), SHEET]) == []


@pytest.mark.parametrize("old", ["2023-経産-22-0999", "2022-経産-22-0001", "2023-総務-22-0001"])
def test_no_link_for_a_number_that_names_another_sheet(tmp_path: Path, old: str) -> None:
    assert _matches([_rs_sheet(tmp_path, "全く別の事業", old), SHEET]) == []
