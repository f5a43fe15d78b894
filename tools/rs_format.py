"""Write tables in the exact byte format of the RS system's CSV download.

Fixtures, the bundled sample and benchmark data must be indistinguishable from the
real download for the reader (BOM, CRLF, official header spelling, Japanese ZIP member
name with the UTF-8 flag), and they must be byte-reproducible so that a committed sample
can be checked against its generator. Hence fixed timestamps, fixed attributes and no
dependence on dict order beyond the table spec.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from rs2rdf.sources.rs_tables import BY_ID, TABLES, TableSpec, official_stem

#: Date of the 2024 RS download; any fixed date keeps ZIPs reproducible.
DEFAULT_DATE_TIME: tuple[int, int, int, int, int, int] = (2025, 2, 17, 0, 0, 0)

#: The real ZIPs were made on Unix with mode 0600; mimic it so nothing differs but content.
_UNIX = 3
_MODE = 0o600 << 16


def spec_fields(spec: TableSpec, year: int | None = None) -> list[str]:
    """Field names in official column order of ``year``'s file (1-1's aliased headers map to the common fields)."""
    mapping = spec.header_map(year)
    return [mapping[h] for h in spec.headers(year)]


def encode_rs_csv(spec: TableSpec, rows: Iterable[Mapping[str, str]], year: int | None = None) -> bytes:
    """The CSV file's bytes, with ``year``'s columns (those of every year when not given).
    Unknown field names raise: a typo must not vanish silently."""
    fields = spec_fields(spec, year)
    known = set(fields)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(spec.headers(year))
    for n, row in enumerate(rows, start=1):
        unknown = row.keys() - known
        if unknown:
            raise ValueError(f"{spec.table} row {n}: unknown field(s) {sorted(unknown)}")
        writer.writerow([_cell(row.get(f)) for f in fields])
    return buf.getvalue().encode("utf-8-sig")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # bool before int: RS spells booleans TRUE/FALSE
        return "TRUE" if value else "FALSE"
    return str(value)


def write_rs_csv(path: Path, spec: TableSpec, year: int, rows: Iterable[Mapping[str, str]]) -> None:
    """Plain CSV (as found inside the ZIP), with the columns of ``year``'s file."""
    Path(path).write_bytes(encode_rs_csv(spec, rows, year))


def zip_bytes(
    spec: TableSpec,
    year: int,
    rows: Iterable[Mapping[str, str]],
    date_time: tuple[int, int, int, int, int, int] = DEFAULT_DATE_TIME,
) -> bytes:
    """One official ZIP in memory; the member is `{official stem}.csv`, deflated."""
    info = zipfile.ZipInfo(f"{official_stem(spec, year)}.csv", date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = _MODE
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        # zipfile sets general-purpose bit 11 (UTF-8) itself for a non-ASCII name.
        zf.writestr(info, encode_rs_csv(spec, rows, year), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def write_rs_zip(
    path: Path,
    spec: TableSpec,
    year: int,
    rows: Iterable[Mapping[str, str]],
    date_time: tuple[int, int, int, int, int, int] = DEFAULT_DATE_TIME,
) -> None:
    Path(path).write_bytes(zip_bytes(spec, year, rows, date_time))


def official_zip_name(spec: TableSpec, year: int) -> str:
    return f"{official_stem(spec, year)}.zip"


def write_rs_year(
    folder: Path,
    year: int,
    tables: Mapping[str, list[dict]],
    date_time: tuple[int, int, int, int, int, int] = DEFAULT_DATE_TIME,
) -> list[Path]:
    """All 15 ZIPs of one review year; a table missing from `tables` is written header-only.

    Unknown table ids raise, so a misspelt key cannot silently produce an empty table.
    """
    unknown = set(tables) - set(BY_ID)
    if unknown:
        raise ValueError(f"unknown table id(s): {sorted(unknown)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in TABLES:
        path = folder / official_zip_name(spec, year)
        write_rs_zip(path, spec, year, tables.get(spec.table, []), date_time)
        paths.append(path)
    return paths
