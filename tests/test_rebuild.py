"""An unchanged input is not built again; any change to inputs or settings is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config
from rs2rdf.core.resources import sample_dir


def _copy_sample(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(sample_dir().glob("*_RS_2024_*.zip")):
        shutil.copy(p, folder / p.name)
    return folder


def test_rebuild_with_unchanged_input_is_skipped(tmp_path: Path) -> None:
    folder = _copy_sample(tmp_path)
    config = Config(out=tmp_path / "site")
    first = build([folder], config)
    assert first.graph is not None and not first.summary.get("up_to_date")
    nq = (tmp_path / "site" / "data" / "rs2rdf.nq").stat().st_mtime_ns
    again = build([folder], config)
    assert again.summary.get("up_to_date") and again.graph is None
    assert again.summary["triples"] == first.summary["triples"]
    assert [p.code for p in again.problems] == sorted(p.code for p in first.problems) or \
        sorted(p.code for p in again.problems) == sorted(p.code for p in first.problems)
    assert again.exit_code == first.exit_code
    assert (tmp_path / "site" / "data" / "rs2rdf.nq").stat().st_mtime_ns == nq


@pytest.mark.slow
def test_changed_input_or_settings_rebuild(tmp_path: Path) -> None:
    folder = _copy_sample(tmp_path)
    config = Config(out=tmp_path / "site")
    build([folder], config)
    assert not build([folder], config.override(base_iri="https://data.example.jp/rs/")).summary.get("up_to_date")
    (folder / "6-1_RS_2024_その他備考.zip").unlink()
    assert not build([folder], config).summary.get("up_to_date")
    assert build([folder], config).summary.get("up_to_date")
    assert not build([folder], config, force=True).summary.get("up_to_date")


@pytest.mark.slow
def test_sheet_extractions_are_cached_inside_the_output(tmp_path: Path) -> None:
    sheets = Path(__file__).parent / "data" / "sheets"
    inputs = [sheets / "h29-soumu-0051.xlsx", sheets / "r05-meti-2023-0001.xlsx"]
    out = tmp_path / "site"
    before = set(tmp_path.iterdir())
    build(inputs, Config(out=out))
    entries = sorted(p.name for p in (out / ".cache" / "sheets").rglob("*.pickle"))
    assert len(entries) == 2
    again = build(inputs, Config(out=out), force=True)
    assert again.summary["sheets"] == 2
    assert sorted(p.name for p in (out / ".cache" / "sheets").rglob("*.pickle")) == entries
    assert set(tmp_path.iterdir()) - before == {out}  # nothing beside --out


def test_a_code_change_makes_the_next_build_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprint covers the package's .py files: a changed mapping is never 'nothing to do'."""
    from rs2rdf.pipeline import fingerprint as fp

    first = fp.code_hash()
    pkg = tmp_path / "pkg"
    import shutil

    shutil.copytree(Path(fp.__file__).resolve().parents[1], pkg, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(fp, "__file__", str(pkg / "pipeline" / "fingerprint.py"))
    assert fp.code_hash() == first
    (pkg / "mapping" / "emit.py").write_text((pkg / "mapping" / "emit.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert fp.code_hash() != first
