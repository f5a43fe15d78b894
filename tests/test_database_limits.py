"""A hostile or broken workbook costs one problem naming the file, never the build."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from rs2rdf.sources.database import is_database_workbook, read_database
from tools.make_database_fixture import generate, write_workbook


def _codes(path: Path) -> list[str]:
    ex = read_database(path)
    assert not ex.records
    assert all(p.location is not None and p.location.file == path.name for p in ex.problems)
    return [p.code for p in ex.problems]


def test_a_declared_huge_dimension_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    write_workbook(path, [{1: "府省庁", 2: "事業名"}], [], [{1: "総務省", 2: "x"}], random.Random(1), dimension="A1:XFD1048576")
    ex = read_database(path)
    assert [p.code for p in ex.problems] == ["resource-limit"] and "1,048,576 rows" in ex.problems[0].message


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    """5 KB that would inflate to 24 MB of sheet XML (the limit follows the compressed size)."""
    good = tmp_path / "good.xlsx"
    generate(good, 2017, 2, seed=1)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (24 << 20))
            dst.writestr(info.filename, data)
    assert bomb.stat().st_size < 60_000
    assert _codes(bomb) == ["resource-limit"]
    assert not is_database_workbook(bomb)  # the quick look gives up too: the sheet reader reports it


def test_not_a_workbook_and_no_header(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert _codes(junk) == ["unreadable-input"]
    plain = tmp_path / "plain.xlsx"
    write_workbook(plain, [{1: "見出し", 2: "値"}], [], [{1: "a", 2: "b"}], random.Random(1))
    assert _codes(plain) == ["database-no-header"]


def test_rows_beyond_the_limit_are_refused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from rs2rdf.sources.database import xlsxstream

    path = tmp_path / "long.xlsx"
    generate(path, 2017, 6, seed=1)
    monkeypatch.setattr(xlsxstream, "MAX_ROWS", 5)
    assert _codes(path) == ["resource-limit"]
