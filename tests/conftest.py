"""Shared fixtures: the real data, session-wide builds, and golden-file updates.

* ``real_extract``: ``tests/data/real/rs2024``, six projects' rows of the official RS 2024 ZIPs,
  committed (see tests/data/real/README.md). Always present: tests that can run on it never skip.
* ``shared_data``: ``../shared/data`` beside the checkout (``$RS2RDF_SHARED/data`` when that is
  set); the test is skipped, with the path in the reason, when it is absent. Only for tests that
  need more than the extract (the 31-project subset, the full 1-1 table, the reference tables).
  ``RS2RDF_SHARED=/nonexistent python -m pytest`` shows what a fresh clone runs.
* ``real_build`` / ``shared_build`` / ``sample_build``: one ``rs2rdf build --no-site --no-validate``
  per session (the committed extract / the 31-project shared subset / the bundled sample); each
  returns the output folder.
* ``--update-golden`` (or ``RS2RDF_UPDATE_GOLDEN=1``): golden tests rewrite their expected
  files instead of comparing. Review the diff before committing: expected files are a
  specification, not a snapshot.
* ``assert_isomorphic``: rdflib isomorphism with a sorted N-Triples diff on failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The folder holding ``data/`` (real RS data) and ``reference/``: ``../shared`` beside the
#: checkout, or ``$RS2RDF_SHARED``. Point the variable at a missing path to see what a fresh
#: clone (or CI) runs.
SHARED = Path(os.environ["RS2RDF_SHARED"]) if os.environ.get("RS2RDF_SHARED") else ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
#: The committed real-data extract (tests/data/real/README.md).
REAL_EXTRACT = ROOT / "tests" / "data" / "real" / "rs2024"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files of golden tests (tests/cases/*) instead of comparing")


def update_golden_requested(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-golden")) or os.environ.get("RS2RDF_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    """True when expected files are to be rewritten (``--update-golden`` / ``RS2RDF_UPDATE_GOLDEN=1``)."""
    return update_golden_requested(pytestconfig)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (real RS subset, full 1-1 table, reference tables); skips when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs ../shared: {SHARED_DATA} not found (set RS2RDF_SHARED to the folder holding data/); "
                    "the committed extract tests/data/real does not cover this test")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_rs2024(shared_data: Path) -> Path:
    """``../shared/data/rs2024``: the 15 official RS 2024 ZIPs cut to 31 projects."""
    folder = shared_data / "rs2024"
    if not folder.is_dir():
        pytest.skip(f"needs ../shared: {folder} not found")
    return folder


@pytest.fixture(scope="session")
def real_extract() -> Path:
    """``tests/data/real/rs2024``: the committed extract (six projects' rows, official ZIPs)."""
    if not any(REAL_EXTRACT.glob("*_RS_2024_*.zip")):
        pytest.fail(f"the committed extract is missing from {REAL_EXTRACT}; run python tests/data/real/make.py")
    return REAL_EXTRACT


def _cli_build(out: Path, inputs: list[Path]) -> Path:
    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    args = ["-q", "build", *map(str, inputs), "--no-site", "--no-validate", "--out", str(out)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    if result.exit_code not in (0, 1) or not (out / "data" / "rs2rdf.nq").is_file():
        pytest.fail(f"rs2rdf {' '.join(args)} exited {result.exit_code}:\n{result.output}")
    return out


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory, real_extract: Path) -> Path:
    """Output folder of ``rs2rdf build tests/data/real/rs2024 --no-site --no-validate`` (once per session)."""
    return _cli_build(tmp_path_factory.mktemp("real-build") / "site", [real_extract])


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory, shared_rs2024: Path) -> Path:
    """Output folder of ``rs2rdf build ../shared/data/rs2024 --no-site --no-validate`` (once per session)."""
    return _cli_build(tmp_path_factory.mktemp("shared-build") / "site", [shared_rs2024])


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of ``rs2rdf build --no-site --no-validate`` on the bundled sample (once per session)."""
    return _cli_build(tmp_path_factory.mktemp("sample-build") / "site", [])


def graph_diff_text(expected, actual, limit: int = 200) -> str:  # type: ignore[no-untyped-def]
    """Sorted N-Triples lines only in the expected / only in the actual graph."""
    from rdflib.compare import graph_diff, to_isomorphic

    _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

    def lines(g) -> list[str]:  # type: ignore[no-untyped-def]
        return sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())

    exp, act = lines(only_expected), lines(only_actual)
    out = [f"only in expected ({len(exp)}):"] + [f"- {x}" for x in exp[:limit]]
    out += [f"only in actual ({len(act)}):"] + [f"+ {x}" for x in act[:limit]]
    return "\n".join(out)


def check_isomorphic(expected, actual, what: str = "graph") -> None:  # type: ignore[no-untyped-def]
    from rdflib.compare import isomorphic

    if not isomorphic(expected, actual):
        pytest.fail(f"{what} differs from the expected graph\n{graph_diff_text(expected, actual)}", pytrace=False)


@pytest.fixture(scope="session")
def assert_isomorphic():  # type: ignore[no-untyped-def]
    """``assert_isomorphic(expected, actual, what)`` for two rdflib graphs; fails with a sorted diff."""
    return check_isomorphic
