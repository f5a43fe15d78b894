"""Byte-level properties of the RS writer, compared with the real download where available."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from pathlib import Path

import pytest

from rs2rdf.sources.rs_tables import BY_ID, TABLES, official_stem
from tools.rs_format import encode_rs_csv, write_rs_csv, write_rs_year, write_rs_zip


ROWS_5_1 = [
    {"sheet_type": "レビューシート", "review_year": "2024", "budget_id": "90001", "name": "見本事業",
     "block": "A", "block_name": "株式会社見本ほか", "payee_count": "2", "block_amount": "1000 "},
    {"sheet_type": "レビューシート", "review_year": "2024", "budget_id": "90001", "name": "見本事業",
     "block": "A", "payee": "株式会社見本, \"東\"", "corporate_number": "7010401022916 ",
     "is_remainder": "FALSE", "payee_amount": "1000 "},
]


def _member(path: Path) -> tuple[zipfile.ZipInfo, bytes]:
    with zipfile.ZipFile(path) as zf:
        (info,) = zf.infolist()
        return info, zf.read(info)


def test_csv_bytes(tmp_path: Path) -> None:
    spec = BY_ID["5-1"]
    path = tmp_path / "x.csv"
    write_rs_csv(path, spec, 2024, ROWS_5_1)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 3 and data.count(b"\n") == 3 and data.endswith(b"\r\n")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == spec.headers()
    assert len(rows[1]) == len(spec.headers())
    assert rows[2][rows[0].index("支出先名")] == '株式会社見本, "東"'
    assert rows[2][rows[0].index("法人番号")] == "7010401022916 "  # trailing space preserved
    assert rows[1][rows[0].index("予算事業ID")] == "90001"
    assert rows[1][rows[0].index("支出先名")] == ""  # missing field written empty
    # minimal quoting: only the cell that needs it is quoted
    assert text.count('"') == 6


def test_unknown_field_raises() -> None:
    with pytest.raises(ValueError, match="nosuchfield"):
        encode_rs_csv(BY_ID["6-1"], [{"nosuchfield": "x"}])


def test_1_1_uses_its_own_header_spelling() -> None:
    data = encode_rs_csv(BY_ID["1-1"], [{"ministry_order": "16", "policy_ministry": "法務省"}])
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[4:6] == ["建制順", "所管府省庁"]
    assert row[4:6] == ["16", "法務省"]


def test_zip_member_flags_and_timestamp(tmp_path: Path) -> None:
    spec = BY_ID["5-1"]
    path = tmp_path / "a.zip"
    write_rs_zip(path, spec, 2024, ROWS_5_1)
    info, data = _member(path)
    assert info.filename == "5-1_RS_2024_支出先_支出情報.csv"
    assert info.flag_bits & 0x800
    assert info.date_time == (2025, 2, 17, 0, 0, 0)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert data == encode_rs_csv(spec, ROWS_5_1)
    raw = path.read_bytes()
    # local file header: flag bits at offset 6, stored name right after the 30-byte header
    assert raw[:4] == b"PK\x03\x04"
    (flags,) = struct.unpack("<H", raw[6:8])
    assert flags & 0x800
    name_len = struct.unpack("<H", raw[26:28])[0]
    assert raw[30:30 + name_len].decode("utf-8") == info.filename


def test_given_date(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    write_rs_zip(path, BY_ID["6-1"], 2025, [], date_time=(2026, 3, 1, 0, 0, 0))
    info, data = _member(path)
    assert info.date_time == (2026, 3, 1, 0, 0, 0)
    assert info.filename == "6-1_RS_2025_その他備考.csv"
    assert data.decode("utf-8-sig") == "シート種別,事業年度,予算事業ID,事業名,府省庁の建制順,政策所管府省庁,府省庁,局・庁,部,課,室,班,係,備考\r\n"


def test_year_is_deterministic(tmp_path: Path) -> None:
    tables = {"5-1": ROWS_5_1, "6-1": [{"budget_id": "90001", "remarks": "備考／二行目"}]}
    a = write_rs_year(tmp_path / "a", 2024, tables)
    b = write_rs_year(tmp_path / "b", 2024, tables)
    assert [p.name for p in a] == [f"{official_stem(s, 2024)}.zip" for s in TABLES]
    assert len(a) == 15
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes()
    with pytest.raises(ValueError):
        write_rs_year(tmp_path / "c", 2024, {"9-9": []})


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.table)
def test_header_identical_to_real_file(spec, tmp_path: Path, real_extract: Path) -> None:
    """Against the committed extract, whose BOM, header line and ZIP member attributes are the
    official download's (tests/test_real_extract.py checks that against ../shared)."""
    real_path = real_extract / f"{official_stem(spec, 2024)}.zip"
    real_info, real_data = _member(real_path)
    path = tmp_path / real_path.name
    write_rs_zip(path, spec, 2024, [])
    info, data = _member(path)
    assert info.filename == real_info.filename
    assert info.flag_bits == real_info.flag_bits
    assert (info.create_system, info.external_attr) == (real_info.create_system, real_info.external_attr)
    real_header = real_data.split(b"\r\n", 1)[0] + b"\r\n"
    assert data == real_header  # BOM + header line, byte for byte
