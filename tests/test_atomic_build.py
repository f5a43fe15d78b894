"""Nothing published is lost: killed, failed or refused builds leave the old site as it was.

The build writes into a hidden staging folder beside ``--out`` and swaps it in with two
renames; these tests check the promise from outside (subprocess + SIGKILL) and that nothing
else appears next to ``--out`` once the next build has cleaned up.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rs2rdf.pipeline.build import Stage
from rs2rdf.cli.main import main
from rs2rdf.core.config import Config
from rs2rdf.core.errors import Rs2rdfError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_inputs"
GOOD = CORPUS / "good"


pytestmark = pytest.mark.slow  # every test here builds, spawns or serves (see [tool.pytest.ini_options])


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file (empty folders as "dir")."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
    return out


def cli_build(out: Path, *inputs: Path) -> int:
    result = CliRunner().invoke(main, ["-q", "build", *map(str, inputs), "--no-validate", "--no-site", "--out", str(out)])
    assert "Traceback" not in result.output and "internal error" not in result.stderr, result.stderr
    return result.exit_code


def dead_pid() -> int:
    """The id of a process that has certainly exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic projects: a build long enough (seconds) to be killed in the middle."""
    out = tmp_path_factory.mktemp("big") / "in"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--projects", "300", "--year", "2024",
                    "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def test_killed_build_keeps_old_site_and_next_build_cleans_up(tmp_path: Path, big_input: Path) -> None:
    parent = tmp_path / "pub"
    parent.mkdir()
    out = parent / "site"
    assert cli_build(out, GOOD) == 0
    before = snapshot(out)
    proc = subprocess.Popen([sys.executable, "-m", "rs2rdf", "-q", "build", str(big_input), "--no-validate", "--no-site",
                             "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staging: list[Path] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            staging = [p for p in parent.iterdir() if p.name.startswith(".site.building-")]
            if staging and any(staging[0].rglob("*")):
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the build finished before it could be killed"
        assert staging, "no staging folder appeared"
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert snapshot(out) == before  # the old site, byte for byte, with no partial file in it
    assert staging[0].exists()  # the killed build left its staging folder ...
    assert cli_build(out, GOOD) == 0  # ... which the next build removes
    assert sorted(p.name for p in parent.iterdir()) == ["site"]
    # same input, same output (the RocksDB store files are not byte-reproducible)
    assert {k: v for k, v in snapshot(out).items() if "store/" not in k} == {k: v for k, v in before.items() if "store/" not in k}


def test_killed_between_the_renames_restores_old_site(tmp_path: Path) -> None:
    """A kill after 'out → .old-PID' but before 'staging → out' must not lose the site."""
    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    before = snapshot(out)
    os.replace(out, tmp_path / f".site.old-{dead_pid()}")
    # the next build fails (nothing readable) – the old site is back all the same
    assert cli_build(out, CORPUS / "zip-truncated") == 3
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_live_builds_staging_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    other = tmp_path / f".site.building-{os.getppid()}-abc"  # a running process: maybe another build
    other.mkdir()
    assert cli_build(out, GOOD) == 0
    assert other.is_dir()


def test_failed_build_leaves_old_site_untouched(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    before, listing = snapshot(out), sorted(p.name for p in tmp_path.iterdir())
    assert cli_build(out, CORPUS / "zip-truncated", CORPUS / "zip-bomb", CORPUS / "sheet-encrypted-pdf") == 3
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_stage_crash_leaves_old_site_and_no_staging(tmp_path: Path) -> None:
    from rs2rdf.pipeline.build import build

    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    before = snapshot(out)

    def exploding(graph, staging, config, progress):  # type: ignore[no-untyped-def]
        (staging / "half-written.html").write_text("<html>", encoding="utf-8")
        raise RuntimeError("site stage failed")

    with pytest.raises(RuntimeError):
        build([GOOD], Config(out=out), stages=[Stage("site", exploding)])
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_nothing_written_outside_out(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    before = snapshot(tmp_path)
    out = tmp_path / "deep" / "site"
    assert cli_build(out, GOOD, CORPUS / "zip-slip-dotdot", CORPUS / "zip-slip-absolute") == 1
    after = snapshot(tmp_path)
    outside = {k: v for k, v in after.items() if not (k == "deep" or k.startswith("deep/site"))}
    assert outside == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    """`-o .` or `-o ~/Documents` would otherwise be moved aside and deleted by the swap."""
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    result = CliRunner().invoke(main, ["build", str(GOOD), "--no-site", "--no-validate", "--out", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (out / "thesis.docx").read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents"]


def test_refuses_an_input_inside_out(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    inside = out / "inputs"
    inside.mkdir()
    (inside / GOOD.joinpath("1-2_RS_2024_基本情報_事業概要等.zip").name).write_bytes(
        GOOD.joinpath("1-2_RS_2024_基本情報_事業概要等.zip").read_bytes())
    assert cli_build(out, inside) == 2
    assert any(inside.iterdir())


def test_check_out_rejects_root_and_files(tmp_path: Path) -> None:
    from rs2rdf.pipeline.build import check_out

    with pytest.raises(Rs2rdfError):
        check_out(Path("/"), [GOOD])
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(Rs2rdfError):
        check_out(f, [GOOD])
    check_out(tmp_path / "new", [GOOD])  # a new folder is fine
    (tmp_path / "empty").mkdir()
    check_out(tmp_path / "empty", [GOOD])  # and so is an empty one


# ----------------------------------------------------------------- output folders as they really are


def test_new_folder_follows_the_umask(tmp_path: Path) -> None:
    """mkdtemp makes 0700; a web server running as another user must be able to read the site."""
    old = os.umask(0o022)
    try:
        assert cli_build(tmp_path / "site", GOOD) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755


def test_rebuild_keeps_the_folder_mode_the_user_set(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    out.chmod(0o750)
    assert cli_build(out, GOOD, CORPUS / "csv-no-bom") == 0
    assert out.stat().st_mode & 0o777 == 0o750


def test_out_as_a_symlink_publishes_into_its_target(tmp_path: Path) -> None:
    target = tmp_path / "releases" / "site"
    target.parent.mkdir()
    assert cli_build(target, GOOD) == 0
    before = snapshot(target)
    link = tmp_path / "public"
    link.symlink_to(target, target_is_directory=True)
    assert cli_build(link, GOOD, CORPUS / "html-in-text") == 0
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert snapshot(target) != before and "9162" in (target / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "releases"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"]


def test_a_left_over_old_symlink_is_removed_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("x", encoding="utf-8")
    (tmp_path / f".site.old-{dead_pid()}").symlink_to(keep, target_is_directory=True)
    assert cli_build(out, GOOD, CORPUS / "csv-no-bom") == 0
    assert (keep / "precious.txt").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep", "site"]


@pytest.fixture
def mount_point(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real tmpfs mounted at a folder (needs root, as in CI); skipped where mounting is not allowed."""
    point = tmp_path / "volume"
    point.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", str(point)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode(errors='replace').strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def test_out_at_a_mount_point_is_swapped_entry_by_entry(tmp_path: Path, mount_point: Path) -> None:
    """A Docker volume cannot be renamed (EBUSY): the build is published into it instead of failing after all its work."""
    assert cli_build(mount_point, GOOD) == 0
    first = snapshot(mount_point)
    (mount_point / "stale-from-earlier.txt").write_text("x", encoding="utf-8")
    assert cli_build(mount_point, GOOD, CORPUS / "csv-no-bom", CORPUS / "html-in-text") == 0
    assert os.path.ismount(mount_point)
    names = sorted(p.name for p in mount_point.iterdir())
    assert not any(n.startswith(".rs2rdf-") for n in names), names
    assert "stale-from-earlier.txt" not in names
    assert snapshot(mount_point) != first
    assert (mount_point / "data" / "build-summary.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["volume"]


def test_killed_in_place_swap_is_recovered(tmp_path: Path, mount_point: Path) -> None:
    assert cli_build(mount_point, GOOD) == 0
    old = mount_point / f".rs2rdf-old-{dead_pid()}"
    old.mkdir()
    os.replace(mount_point / "index.html" if (mount_point / "index.html").exists() else mount_point / "data", old / "data")
    (mount_point / f".rs2rdf-building-{dead_pid()}-x").mkdir()
    assert cli_build(mount_point, GOOD) == 0
    assert not any(p.name.startswith(".rs2rdf-") for p in mount_point.iterdir())
    assert (mount_point / "data" / "build-summary.json").is_file()


def test_interrupt_after_the_swap_says_the_new_site_is_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C arriving during the clean-up of the old site: the new one is live and the message says so."""
    import shutil

    from rs2rdf.pipeline import build as build_module

    out = tmp_path / "site"
    assert cli_build(out, GOOD) == 0
    real_rmtree = shutil.rmtree

    def interrupted(path: object, *a: object, **k: object) -> None:
        if ".site.old-" in str(path):
            raise KeyboardInterrupt
        real_rmtree(path, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module.shutil, "rmtree", interrupted)
    result = CliRunner().invoke(main, ["-q", "build", str(GOOD), str(CORPUS / "html-in-text"), "--no-validate", "--no-site", "--out", str(out)])
    assert result.exit_code == 130
    assert "already published" in result.stderr and "left as it was" not in result.stderr
    monkeypatch.undo()
    assert "9162" in (out / "data" / "rs2rdf.nq").read_text(encoding="utf-8")  # the new site is in place
    assert cli_build(out, GOOD) == 0  # the next build clears the old folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_sigterm_removes_the_staging_folder(tmp_path: Path, big_input: Path) -> None:
    out = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "rs2rdf", "build", str(big_input), "--no-site", "--no-validate", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.name.startswith(".site.building-") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_in_the_terminal_prints_no_worker_tracebacks(tmp_path: Path, big_input: Path) -> None:
    """Ctrl-C reaches the whole process group: workers must leave the reporting to the parent."""
    out = tmp_path / "site"
    # a shell that starts jobs in the background (`.ci/run &`) hands them SIGINT ignored, and Python
    # then installs no KeyboardInterrupt handler: give the build the terminal's default back
    proc = subprocess.Popen([sys.executable, "-m", "rs2rdf", "build", str(big_input), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    deadline = time.monotonic() + 120
    # wait until the stages beside the build (store, validation) are running
    while time.monotonic() < deadline and not any((p / "data" / "rs2rdf.nq").exists()
                                                  for p in tmp_path.iterdir() if p.name.startswith(".site.building-")):
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
