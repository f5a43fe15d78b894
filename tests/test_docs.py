"""The README documents every command, option and problem code a user can meet."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from rs2rdf.cli.main import main
from rs2rdf.core.errors import CATALOGUE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_problem_code_is_documented(code: str) -> None:
    assert f"`{code}`" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"rs2rdf {name}" in README


def _options() -> list[tuple[str, str]]:
    out = []
    for name, cmd in sorted(main.commands.items()):
        for param in cmd.params:
            if isinstance(param, click.Option):
                out.append((name, max(param.opts, key=len)))
    return out


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_documented(command: str, option: str) -> None:
    assert option in README, f"rs2rdf {command} {option} is not in the README"


def test_readme_download_loop_names_the_15_official_files() -> None:
    import re

    from rs2rdf.sources.rs_tables import TABLES, official_stem

    loop = README[README.index("for f in"):README.index("; do")]
    names = re.findall(r"[1-6]-[1-5]_RS_2024_[^\s\\;]+", loop)
    assert sorted(names) == sorted(official_stem(t, 2024) for t in TABLES)
