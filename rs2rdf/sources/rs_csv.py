"""RS CSV files (bare or inside the official ZIPs) → located rows.

A row is a dict of field name → raw string plus its :class:`SourceLocation`. Reading is
defensive: an archive is checked for unsafe members and bombs before anything is
inflated, encodings other than UTF-8 are tried once as CP932, and header problems are
reported against the file and column instead of raising.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.rs_tables import TableSpec, identify, identify_by_header

#: An RS CSV is at most ~21 MB; anything far larger is refused.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
#: Real RS members compress 3–13 fold; a ratio above this (for a member, or the whole archive)
#: past :data:`RATIO_FLOOR` bytes is a bomb. Below the floor a high ratio costs nothing.
MAX_RATIO = 100
RATIO_FLOOR = 8_000_000
MAX_CELL = 1_000_000
#: The sum of all members' declared sizes; checked before anything is inflated.
MAX_ARCHIVE_BYTES = MAX_MEMBER_BYTES

#: What zipfile raises for damaged, encrypted or exotic archives (zlib.error for a broken
#: deflate stream, RuntimeError for an encrypted member, NotImplementedError for an
#: unsupported compression method).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error, RuntimeError,
              NotImplementedError)


@dataclass
class RsRow:
    fields: dict[str, str]
    src: SourceLocation


@dataclass
class RsTable:
    """One table file as read: its spec, review year, rows and problems."""

    file: str
    spec: TableSpec | None
    year: int | None
    sha256: str
    rows: list[RsRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _problem(code: str, message: str, file: str, part: str | None = None, row: int | None = None,
             column: str | None = None, value: object = None) -> Problem:
    return Problem(code, message, SourceLocation(file, part, row, column), None if value is None else str(value)[:200])


def _decode(data: bytes, name: str, part: str | None, problems: list[Problem]) -> str | None:
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if bom:
            # A BOM says UTF-8: a few damaged bytes must not turn the whole file into CP932 mojibake.
            text = data.decode("utf-8", errors="replace")
            line = data[: exc.start].count(b"\n") + 1
            problems.append(_problem("invalid-bytes", f"{text.count(chr(0xFFFD))} invalid UTF-8 byte sequence(s) replaced by U+FFFD, "
                                     "the first on this line", name, part, line, value=data[exc.start:exc.end].hex()))
            return text
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        problems.append(_problem("bad-encoding", "not UTF-8 and not CP932; file skipped", name, part))
        return None
    problems.append(_problem("converted-encoding", "read as CP932 (Shift_JIS)", name, part))
    return text


def read_zip_members(path: Path, problems: list[Problem]) -> Iterator[tuple[str, bytes]]:
    """Yield (member name, bytes) of the CSV members, refusing unsafe or oversized ones."""
    display = path.name
    try:
        zf = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        problems.append(_problem("unreadable-input", f"not a readable ZIP archive ({exc.__class__.__name__})", display))
        return
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        if not members:
            problems.append(_problem("empty-input", "the ZIP archive is empty", display))
        total = sum(i.file_size for i in members)
        packed = sum(i.compress_size for i in members)
        if total > MAX_ARCHIVE_BYTES:
            problems.append(_problem("unsafe-archive", "members together inflate past the size limit (ZIP bomb?); archive skipped",
                                     display, value=f"{len(members)} members, {total} bytes"))
            return
        if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
            problems.append(_problem("unsafe-archive", f"members together inflate {total // max(packed, 1)}-fold, "
                                     f"more than {MAX_RATIO}-fold (ZIP bomb?); archive skipped",
                                     display, value=f"{len(members)} members, {packed} → {total} bytes"))
            return
        inflated = 0
        for info in members:
            pure = PurePosixPath(info.filename.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or ":" in info.filename:
                problems.append(_problem("unsafe-archive", "member path escapes the archive; skipped", display, value=info.filename))
                continue
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                problems.append(_problem("unsafe-archive", "member too large or too highly compressed (ZIP bomb?); skipped",
                                         display, value=f"{info.filename}: {info.file_size} bytes"))
                continue
            if not pure.name.lower().endswith(".csv"):
                problems.append(_problem("unknown-input", "ZIP member is not a CSV; skipped", display, value=info.filename))
                continue
            # sizes in the directory can lie: what is really inflated is counted, for the member and the archive
            budget = min(MAX_MEMBER_BYTES, MAX_ARCHIVE_BYTES - inflated, max(RATIO_FLOOR, MAX_RATIO * max(info.compress_size, 1)))
            try:
                with zf.open(info) as fh:
                    data = fh.read(budget + 1)
            except ZIP_ERRORS as exc:
                problems.append(_problem("unreadable-input", f"ZIP member could not be inflated ({exc.__class__.__name__}: {exc})",
                                         display, value=info.filename))
                continue
            if len(data) > budget:
                problems.append(_problem("unsafe-archive", "member inflates past its declared size, the size limit or "
                                         f"{MAX_RATIO}-fold its compressed size (ZIP bomb?); skipped", display, value=info.filename))
                continue
            inflated += len(data)
            yield f"{display}/{pure.name}", data


def parse_table(name: str, data: bytes, hint: tuple[TableSpec, int] | None = None) -> RsTable:
    """Bytes of one CSV → rows keyed by field, with header checks."""
    sha = hashlib.sha256(data).hexdigest()
    problems: list[Problem] = []
    base = name.rsplit("/", 1)[-1]
    ident = identify(base) or hint
    text = _decode(data, name, ident[0].table if ident else None, problems)
    table = RsTable(name, ident[0] if ident else None, ident[1] if ident else None, sha, problems=problems)
    if text is None:
        return table
    # The csv module refuses cells past 128 KiB by default, which would drop the rest of the
    # file; read long cells whole (the file size bounds them) and cut them below.
    if csv.field_size_limit() < MAX_MEMBER_BYTES:
        csv.field_size_limit(MAX_MEMBER_BYTES)
    # strict: an unterminated quote is an error, not a cell that silently swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(_problem("empty-input", "the file is empty", name, table.spec.table if table.spec else None))
        return table
    except csv.Error as exc:
        problems.append(_problem("unreadable-input", f"not a CSV file ({exc})", name, table.spec.table if table.spec else None))
        return table
    header = [h.strip("\ufeff") for h in header]
    if table.spec is None:
        table.spec = identify_by_header(header)
        if table.spec is None:
            problems.append(_problem("unknown-input", "not an RS table (unknown name and header); skipped", name))
            return table
    spec = table.spec
    part = spec.table
    mapping = spec.header_map(table.year)
    columns: list[str | None] = []
    seen: set[str] = set()
    for i, h in enumerate(header, start=1):
        fieldname = mapping.get(h)
        if fieldname is None:
            problems.append(_problem("unknown-header", f"column {i} is not in table {part}; its values are ignored", name, part, 1, h or f"#{i}"))
        elif fieldname in seen:
            problems.append(_problem("unknown-header", f"column {i} repeats a header; ignored", name, part, 1, h))
            fieldname = None
        else:
            seen.add(fieldname)
        columns.append(fieldname)
    for required in ("review_year", "budget_id"):
        if required not in seen:
            problems.append(_problem("missing-column", f"required column missing; table {part} skipped", name, part, 1, spec.header_for(required)))
            return table
    for col in spec.headers(table.year):
        if mapping[col] not in seen and col not in ("建制順", "所管府省庁", "府省庁の建制順", "政策所管府省庁"):
            problems.append(_problem("missing-column", "column missing; its values are treated as blank", name, part, 1, col))
    width = len(columns)
    line = 1
    try:
        for cells in reader:
            line += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != width:
                problems.append(_problem("bad-row", f"row has {len(cells)} cells, the header has {width}", name, part, line))
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
            row = {}
            for field, cell in zip(columns, cells):
                if field is not None and cell:
                    if len(cell) > MAX_CELL:
                        problems.append(_problem("bad-row", "cell longer than 1,000,000 characters was cut", name, part, line, spec.header_for(field)))
                        cell = cell[:MAX_CELL]
                    row[field] = cell
            table.rows.append(RsRow(row, SourceLocation(base, part, line)))
    except csv.Error as exc:
        problems.append(_problem("bad-row", f"CSV syntax error; the rest of the file was skipped ({exc})", name, part, line + 1))
    if not table.rows:
        problems.append(_problem("no-data-rows", "the table has its header but no data rows", name, part))
    return table


def read_tables(path: Path) -> tuple[list[RsTable], list[Problem]]:
    """A ZIP or CSV path → its tables (a ZIP holds one in the official packaging)."""
    problems: list[Problem] = []
    tables: list[RsTable] = []
    hint = identify(path.name)
    if path.suffix.lower() == ".zip":
        for member, data in read_zip_members(path, problems):
            tables.append(parse_table(member, data, hint))
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(_problem("unreadable-input", f"could not read the file ({exc.strerror})", path.name))
            return tables, problems
        tables.append(parse_table(path.name, data, hint))
    return tables, problems
