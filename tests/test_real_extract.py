"""The committed real-data extract (tests/data/real): official shape, small, attributed, and a
byte-exact cut of ../shared (that last check skips without ../shared)."""

from __future__ import annotations

import csv
import importlib.util
import io
import zipfile
from pathlib import Path

from rs2rdf.sources.rs_tables import TABLES, official_stem

HERE = Path(__file__).resolve().parent
MAKE = HERE / "data" / "real" / "make.py"
README = HERE / "data" / "real" / "README.md"
IDS = frozenset({"4", "884", "1409", "3522", "6201", "18556"})
BOM = b"\xef\xbb\xbf"


def _make_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("real_extract_make", MAKE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _member(path: Path) -> tuple[zipfile.ZipInfo, bytes]:
    with zipfile.ZipFile(path) as zf:
        (info,) = zf.infolist()
        return info, zf.read(info)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_extract_is_the_15_official_zips_of_six_projects(real_extract: Path) -> None:
    names = sorted(p.name for p in real_extract.iterdir())
    assert names == sorted(f"{official_stem(spec, 2024)}.zip" for spec in TABLES)
    total = sum(p.stat().st_size for p in real_extract.iterdir())
    assert total < 100_000, f"the extract grew to {total:,} bytes"
    seen: set[str] = set()
    for path in real_extract.iterdir():
        info, data = _member(path)
        assert info.filename == path.stem + ".csv"
        assert info.flag_bits & 0x800, "UTF-8 name flag, as in the official ZIPs"
        assert info.date_time[:3] == (2025, 2, 17)
        assert data.startswith(BOM) and data.endswith(b"\r\n")
        assert data.count(b"\r\n") == data.count(b"\n"), "CRLF line ends only"
        header, *rows = _rows(data)
        column = header.index("予算事業ID")
        assert {r[column] for r in rows} <= IDS, path.name
        seen |= {r[column] for r in rows}
    assert seen == IDS
    assert set(_make_module().IDS) == IDS


def test_extract_readme_attributes_the_source(real_extract: Path) -> None:
    text = README.read_text(encoding="utf-8")
    assert "行政事業レビュー見える化サイトのデータを加工して作成" in text
    assert "公共データ利用規約（第1.0版）" in text and "PDL1.0" in text and "rssystem.go.jp" in text
    for budget_id in IDS:
        assert f"| {budget_id} |" in text, budget_id


def test_extract_is_a_byte_exact_cut_of_shared(real_extract: Path, shared_rs2024: Path) -> None:
    """Every record kept is byte-identical to the source's, in source order; no record of these
    projects is missing; the ZIP member keeps the official attributes."""
    for path in sorted(real_extract.iterdir()):
        info, data = _member(path)
        source_info, source = _member(shared_rs2024 / path.name)
        assert (info.filename, info.flag_bits, info.date_time, info.create_system, info.external_attr) == \
            (source_info.filename, source_info.flag_bits, source_info.date_time, source_info.create_system,
             source_info.external_attr)
        lines, source_lines = data.split(b"\r\n"), source.split(b"\r\n")
        assert lines[0] == source_lines[0]  # BOM and header
        it = iter(source_lines[1:])
        assert all(line in it for line in lines[1:]), f"{path.name}: a record is not a source line, in order"
        header, *rows = _rows(source)
        column = header.index("予算事業ID")
        assert _rows(data)[1:] == [r for r in rows if r[column] in IDS], path.name
    assert _make_module().main(["--check", "--source", str(shared_rs2024), "--out", str(real_extract)]) == 0
