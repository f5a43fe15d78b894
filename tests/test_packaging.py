"""The wheel: it ships the assets and the sample, installs, and builds the sample from anywhere.

One module-scoped wheel build (``python -m build --wheel``), one fresh venv. To stay fast
and offline-friendly the venv gets no dependencies from an index: the wheel is installed
with ``--no-deps --no-index`` and the running interpreter's site-packages are appended to
its path by a ``.pth`` file (the editable checkout is not: only the wheel's ``rs2rdf`` is
importable there).
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ("ontology", "shapes", "templates", "queries")

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = run(sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT, cwd=out)
    if proc.returncode != 0:  # no `build` frontend: pip builds the wheel the same way
        proc = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", out, ROOT, cwd=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (path,) = out.glob("rs2rdf-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    proc = run(sys.executable, "-m", "venv", "--system-site-packages", env_dir, cwd=env_dir.parent)
    assert proc.returncode == 0, proc.stderr
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=env_dir).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "_rs2rdf_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    proc = run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel, cwd=env_dir.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env_dir


def test_packaging_wheel_ships_assets_and_sample(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for asset in ASSETS:
        shipped = {n.removeprefix(f"rs2rdf/_assets/{asset}/") for n in names if n.startswith(f"rs2rdf/_assets/{asset}/")}
        in_repo = {p.relative_to(ROOT / asset).as_posix() for p in (ROOT / asset).rglob("*") if p.is_file()}
        assert shipped, f"rs2rdf/_assets/{asset}/ missing from the wheel"
        assert in_repo <= shipped, f"{asset}: not shipped {sorted(in_repo - shipped)}"
    assert "rs2rdf/_assets/ontology/rs.ttl" in names
    samples = {n for n in names if n.startswith("rs2rdf/data/sample/") and n.endswith(".zip")}
    assert samples == {f"rs2rdf/data/sample/{p.name}" for p in (ROOT / "rs2rdf" / "data" / "sample").glob("*.zip")}
    assert len(samples) == 30
    assert "rs2rdf/data/ministries.csv" in names and "rs2rdf/data/ministries_retired.csv" in names
    assert not any(n.startswith(("tests/", "rs2rdf/tests/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as zf:
        assert "rs2rdf = rs2rdf.cli.main:main" in zf.read(entry_points).decode("utf-8")


def test_packaging_installed_wheel_builds_the_sample(venv: Path, tmp_path: Path) -> None:
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(bindir / "python", "-c", "import rs2rdf, rs2rdf.core.resources as r; print(rs2rdf.__file__); "
                "print(r.asset_dir('ontology')); print(r.sample_dir())", cwd=elsewhere)
    assert where.returncode == 0, where.stderr
    module, ontology, sample = where.stdout.splitlines()
    assert Path(module).is_relative_to(venv) and not Path(module).is_relative_to(ROOT)
    assert Path(ontology).is_relative_to(venv) and Path(ontology).parts[-2:] == ("_assets", "ontology")
    assert Path(sample).is_relative_to(venv)

    proc = run(bindir / "rs2rdf", "build", "--no-site", "--no-validate", "--summary-json", "--out", "X", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["sheets"] == 12 and summary["projects"] == 7
    assert summary["sheets_by_year"] == {"2024": 6, "2025": 6}
    nq = (elsewhere / "X" / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    for year, ids in {2024: range(90001, 90007), 2025: (90001, 90002, 90003, 90004, 90005, 90007)}.items():
        for bid in ids:
            assert f"<https://example.org/rs2rdf/id/sheet/{year}/{bid}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in nq
    assert "<https://example.org/rs2rdf/graph/vocabulary>" in nq  # the ontology asset was found


def test_packaging_installed_help_runs(venv: Path, tmp_path: Path) -> None:
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    proc = run(bindir / "rs2rdf", "--help", cwd=tmp_path)
    assert proc.returncode == 0 and "build" in proc.stdout
