"""Resource bombs next to good input: the build names each bomb, skips it, and publishes the rest.

The builds run as subprocesses under an address-space cap (``RLIMIT_AS``), so a bomb that
escaped its sheet worker's budget would fail the test instead of taking the machine down.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_inputs"
BASE = "https://example.org/rs2rdf/"
#: The whole build (parent and workers each) must fit in this much address space.
CAP = 3 << 30


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def _build(out: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess[str], float]:
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "rs2rdf", "build", *map(str, inputs), "--no-site", "--no-validate",
                           "--summary-json", "--out", str(out), *extra],
                          capture_output=True, text=True, preexec_fn=_capped, timeout=600)
    return proc, time.monotonic() - t0


def _problems(out: Path) -> list[dict[str, object]]:
    return json.loads((out / "data" / "problems.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_xlsx_bombs_are_fast_and_named(tmp_path: Path) -> None:
    proc, seconds = _build(tmp_path / "site", CORPUS / "good", CORPUS / "sheet-xlsx-far-cell", CORPUS / "sheet-xlsx-merge-bomb")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert seconds < 60
    got = {(p["code"], p["file"]) for p in _problems(tmp_path / "site")}
    assert ("resource-limit", "merge-bomb.xlsx") in got
    # the far cell does not make the sheet unreadable: it is read like any other
    assert not any(f == "far-cell.xlsx" and c in ("resource-limit", "unreadable-input") for c, f in got)
    nq = (tmp_path / "site" / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    for bid in (9001, 9002):
        assert f"<{BASE}id/project/{bid}>" in nq
    assert "far-cell.xlsx" in nq


@pytest.mark.slow
def test_pdf_drawing_bomb_is_stopped_at_its_budget(tmp_path: Path) -> None:
    """55 KB, two million line operations: ~6 GB and 100 s unbounded; here one problem and the rest built."""
    proc, seconds = _build(tmp_path / "site", CORPUS / "good", CORPUS / "sheet-pdf-drawing-bomb", CORPUS / "sheet-xlsx-far-cell",
                           extra=("--sheet-memory", "300"))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert seconds < 120
    hits = [p for p in _problems(tmp_path / "site") if p["code"] == "resource-limit"]
    assert [(p["file"], p["severity"]) for p in hits] == [("drawing-bomb.pdf", "error")]
    assert "300 MiB" in str(hits[0]["message"])
    assert "drawing-bomb.pdf" in proc.stderr and "[resource-limit]" in proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["problems"]["resource-limit"] == 1
    nq = (tmp_path / "site" / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    assert "far-cell.xlsx" in nq and f"<{BASE}id/project/9001>" in nq


@pytest.mark.slow
def test_sheet_timeout_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    proc, _ = _build(tmp_path / "site", CORPUS / "good", CORPUS / "sheet-pdf-drawing-bomb", extra=("--sheet-timeout", "1"))
    assert proc.returncode == 1, proc.stderr
    hits = [p for p in _problems(tmp_path / "site") if p["code"] == "resource-limit"]
    assert len(hits) == 1 and "longer than 1 s" in str(hits[0]["message"])


@pytest.mark.slow
def test_limits_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "rs2rdf.toml").write_text("sheet_timeout = 1\nsheet_memory = 4000\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "rs2rdf", "build", str(CORPUS / "good"), str(CORPUS / "sheet-pdf-drawing-bomb"),
                           "--no-site", "--no-validate", "--out", str(tmp_path / "site")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 1
    assert "longer than 1 s" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("bad", ["sheet_timeout = 0", "sheet_memory = 1.5", 'sheet_timeout = "60"', "sheet_memory = true"])
def test_bad_limits_in_the_config_are_usage_errors(tmp_path: Path, bad: str) -> None:
    (tmp_path / "rs2rdf.toml").write_text(bad + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "rs2rdf", "build", "--no-site", "--out", str(tmp_path / "site")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert bad.split(" ")[0] in proc.stderr


def _many_member_bomb(path: Path, members: int = 51, size: int = 9_990_000) -> None:
    """Members each just under every per-member threshold, together just under the archive's size cap."""
    import zipfile

    header = "予算事業ID,事業名\r\n".encode("utf-8")
    row = "9001,あ\r\n".encode("utf-8")
    data = header + row * ((size - len(header)) // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i in range(members):
            zf.writestr(f"5-3_RS_2024_支出先_費目・使途_{i:02}.csv", data)


@pytest.mark.slow
def test_many_member_zip_bomb_is_refused_as_a_whole(tmp_path: Path) -> None:
    bomb = tmp_path / "in" / "5-3_RS_2024_支出先_費目・使途.zip"
    bomb.parent.mkdir()
    _many_member_bomb(bomb)
    assert bomb.stat().st_size < 5_000_000
    proc, seconds = _build(tmp_path / "site", CORPUS / "good", bomb.parent)
    assert proc.returncode == 1, proc.stderr
    assert seconds < 60
    hits = [p for p in _problems(tmp_path / "site") if p["code"] == "unsafe-archive"]
    assert [p["file"] for p in hits] == [bomb.name]
    assert "fold" in str(hits[0]["message"])


def test_a_member_that_lies_about_its_size_is_stopped_at_the_ratio(tmp_path: Path) -> None:
    """The directory says 100 bytes; inflating stops at 100× the compressed size, not at 512 MB."""
    import zipfile

    from rs2rdf.sources.rs_csv import read_zip_members

    path = tmp_path / "5-3_RS_2024_支出先_費目・使途.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.csv", b"x" * 50_000_000)
    raw = bytearray(path.read_bytes())
    # rewrite the declared uncompressed size (local header and central directory) to 100 bytes
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(sig)
        raw[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    problems: list = []
    assert list(read_zip_members(path, problems)) == []
    assert [p.code for p in problems] in (["unsafe-archive"], ["unreadable-input"])
