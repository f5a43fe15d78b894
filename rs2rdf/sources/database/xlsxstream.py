"""A streaming reader for one very wide worksheet: rows as ``{column: text}``, nothing else.

The 主要事項データベース workbook of 2023 is 5,442 rows × 14,298 columns (67 MB of sheet XML,
46 MB of shared strings), and most of its cells are empty. This reader cuts the rows out of the XML
bytes with regular expressions and yields only the cells the file holds, as text, one row at a time.
On a generated workbook of that shape (README, "主要事項データベース workbooks") it reads every cell in
6 s and 90 MiB; openpyxl read-only took 25 s (and gives no merged ranges in that mode), python-calamine
8 s but 2.4 GiB, as it builds the whole grid.

Limits come before work: a part that inflates past :data:`MAX_PART_BYTES` or by more than
:data:`MAX_RATIO` (a 5 KB zip bomb), or a sheet that declares more rows or columns than
:data:`MAX_ROWS` × Excel's 16,384, is refused with :class:`WorkbookRefused`, before any row
is read. Values are read as stored (cached formula results); numbers keep their shortest
exact decimal form, never a float.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Iterator

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

#: What one part (the sheet XML, the shared strings) may inflate to; the real 2023 sheet is 67 MB.
MAX_PART_BYTES = 1 << 30
#: How far a part may inflate relative to its compressed size (real workbooks: about 5–15 ×).
MAX_RATIO = 200
#: Rows a database worksheet may declare (real: about 5,500) and Excel's column limit.
MAX_ROWS = 200_000
MAX_COLUMNS = 16_384
_CHUNK = 1 << 20

_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*[\"']([A-Za-z$\d:]+)[\"']")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?[\"']")


_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ROW_NUMBER = re.compile(rb"\br\s*=\s*[\"'](\d+)[\"']")
_CELL_COLUMN = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d+[\"']")
_CELL_TYPE = re.compile(rb"\bt\s*=\s*[\"'](\w+)[\"']")
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)
_T = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>|<(?:\w+:)?t(?:\s[^>]*)?/>", re.S)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>|<(?:\w+:)?rPh\b[^>]*/>", re.S)
#: A cell as Excel writes most of them (``r``, then ``s``, then ``t`` other than inlineStr, a plain ``<v>`` or empty):
#: one regular expression for the whole cell. A row with any other cell (a prefix, a formula, an inline
#: string, other attributes) is read cell by cell with the general expressions above.
_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d+"(?: s="\d+")?(?: t="([a-z]{1,3})")?(?:/>|>(?:<v>([^<]*)</v>)?</c>)')
#: A single element may not be longer than this (a row of the 2023 workbook is about 25 KB).
MAX_ELEMENT_BYTES = 64 << 20


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _text_of(body: bytes | None) -> str:
    """The text of a string item: every ``<t>`` outside phonetic runs, entities resolved."""
    if not body:
        return ""
    if b"rPh" in body:
        body = _PHONETIC.sub(b"", body)
    raw = b"".join(m.group(1) or b"" for m in _T.finditer(body))
    text = raw.decode("utf-8")
    return _unescape(text) if "&" in text else text


def _elements(fh: "_Guarded", pattern: re.Pattern[bytes], with_attrs: bool = False) -> Iterator[Any]:
    """Each complete match of ``pattern`` in the stream (its groups), read chunk by chunk."""
    tail = b""
    try:
        while chunk := fh.read():
            data = tail + chunk
            end = 0
            for m in pattern.finditer(data):
                end = m.end()
                yield (m.group(1), m.group(2)) if with_attrs else m.group(1)
            tail = data[end:]
            if len(tail) > MAX_ELEMENT_BYTES:
                raise WorkbookRefused(f"an element of {fh.name} runs past {MAX_ELEMENT_BYTES:,} bytes")
    finally:
        fh.close()


class WorkbookRefused(Exception):
    """The file is over a limit: it is not read at all."""


class NotAWorkbook(ValueError):
    """The file is not an xlsx workbook (or lacks a part every workbook has)."""


@functools.lru_cache(maxsize=32768)
def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _Guarded:
    """A zip member as a file object that stops at :data:`MAX_PART_BYTES` or :data:`MAX_RATIO`."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        self.name = info.filename
        self.limit = min(MAX_PART_BYTES, max(info.compress_size, 1 << 16) * MAX_RATIO)
        if info.file_size > self.limit:
            raise WorkbookRefused(f"{info.filename} declares {info.file_size:,} bytes inflated from {info.compress_size:,} "
                                  f"(limit {self.limit:,}): a zip bomb or not a review database")
        self.fh: IO[bytes] = zf.open(info)
        self.read_bytes = 0

    def read(self, size: int = _CHUNK) -> bytes:
        data = self.fh.read(size if size and size > 0 else _CHUNK)
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise WorkbookRefused(f"{self.name} inflates past {self.limit:,} bytes: a zip bomb or not a review database")
        return data

    def close(self) -> None:
        self.fh.close()


def _number_text(raw: str) -> str:
    """A stored number as its shortest exact decimal (``12.300000000000001`` → ``12.3``), no exponent."""
    if raw.isdigit() or (raw[:1] == "-" and raw[1:].isdigit()):
        return raw
    try:
        value = Decimal(repr(float(raw)))
    except (ValueError, InvalidOperation):
        return raw
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


class Worksheet:
    """The first visible worksheet of an xlsx, read as a stream. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.zf = zipfile.ZipFile(self.path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise NotAWorkbook(f"not an xlsx file ({type(exc).__name__}: {exc})") from exc
        self.names = {i.filename: i for i in self.zf.infolist()}
        self.title, self.part = self._first_sheet()
        self._strings: list[str] | None = None

    def __enter__(self) -> "Worksheet":
        return self

    def __exit__(self, *exc: object) -> None:
        self.zf.close()

    def _open(self, name: str) -> _Guarded:
        info = self.names.get(name)
        if info is None:
            raise NotAWorkbook(f"the workbook has no part {name}")
        return _Guarded(self.zf, info)

    def _small_xml(self, name: str) -> bytes:
        fh = self._open(name)
        try:
            chunks = []
            while chunk := fh.read():
                chunks.append(chunk)
                if fh.read_bytes > 16 << 20:
                    raise WorkbookRefused(f"{name} is larger than a workbook index may be")
            return b"".join(chunks)
        finally:
            fh.close()

    def _first_sheet(self) -> tuple[str, str]:
        from xml.etree import ElementTree

        try:
            wb = ElementTree.fromstring(self._small_xml("xl/workbook.xml"))
            rels = ElementTree.fromstring(self._small_xml("xl/_rels/workbook.xml.rels"))
        except ElementTree.ParseError as exc:
            raise NotAWorkbook(f"the workbook index is not XML ({exc})") from exc
        targets = {rel.get("Id"): rel.get("Target") or "" for rel in rels}
        for sheet in wb.iter(NS + "sheet"):
            if sheet.get("state") in ("hidden", "veryHidden"):
                continue
            target = targets.get(sheet.get(_REL_NS + "id"), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            return sheet.get("name") or "Sheet1", part
        raise NotAWorkbook("the workbook has no visible worksheet")

    # -- limits and the few things found by a byte scan --------------------------------------
    def scan(self) -> tuple[tuple[int, int] | None, list[tuple[int, int, int, int]]]:
        """The declared dimension (last row, last column) and the merged ranges (r1, c1, r2, c2).

        One pass over the sheet's bytes with regular expressions (no XML objects): the merges
        sit after the rows in the file, and the header needs them before the first row.
        Raises :class:`WorkbookRefused` when the dimension is larger than a database has.
        """
        dimension: tuple[int, int] | None = None
        merges: list[tuple[int, int, int, int]] = []
        fh = self._open(self.part)
        tail = b""
        try:
            while chunk := fh.read():
                data = tail + chunk
                if dimension is None and (m := _DIMENSION.search(data)):
                    dimension = self._check_dimension(m.group(1).decode("ascii", "replace"))
                last = 0
                for m in _MERGE.finditer(data):
                    c1, r1 = column_index(m.group(1).decode()), int(m.group(2))
                    c2 = column_index(m.group(3).decode()) if m.group(3) else c1
                    r2 = int(m.group(4)) if m.group(4) else r1
                    merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
                    last = m.end()
                tail = data[max(last, len(data) - 512):]
        finally:
            fh.close()
        return dimension, merges

    def _check_dimension(self, ref: str) -> tuple[int, int] | None:
        last = ref.split(":")[-1].replace("$", "").upper()
        m = _CELL_REF.fullmatch(last)
        if not m:
            return None
        rows, cols = int(m.group(2)), column_index(m.group(1))
        if rows > MAX_ROWS or cols > MAX_COLUMNS:
            raise WorkbookRefused(f"the worksheet declares {rows:,} rows × {cols:,} columns ({ref}); "
                                  f"a review database has at most {MAX_ROWS:,} rows")
        return rows, cols

    # -- shared strings -----------------------------------------------------------------------
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = list(self._iter_strings()) if "xl/sharedStrings.xml" in self.names else []
        return self._strings

    def _iter_strings(self, stop: int | None = None) -> Iterator[str]:
        """The shared strings in order: each ``<si>``'s own text and its runs' text, phonetic runs (rPh) left out."""
        n = 0
        for body in _elements(self._open("xl/sharedStrings.xml"), _SI):
            yield _text_of(body)
            n += 1
            if stop is not None and n > stop:
                return

    def some_strings(self, wanted: set[int]) -> dict[int, str]:
        """Only the shared strings of these indexes, reading no further than the largest (for a quick look)."""
        if not wanted or "xl/sharedStrings.xml" not in self.names:
            return {}
        top = max(wanted)
        return {i: s for i, s in enumerate(self._iter_strings(top)) if i in wanted}

    # -- rows ---------------------------------------------------------------------------------
    def raw_rows(self, max_cells: int | None = None) -> Iterator[tuple[int, dict[int, tuple[str, str]]]]:
        """(row number, {column: (type, stored text)}) for every row with a cell; types as in the XML
        (``s`` is a shared-string index, to be looked up).

        The rows are cut out of the byte stream with regular expressions rather than built as
        XML elements: at 14,000 columns that is what makes the read fast enough. Element and
        attribute names may carry a namespace prefix; entities in text are resolved.
        """
        expected_row = 0
        cells = 0
        for attrs, body in _elements(self._open(self.part), _ROW, with_attrs=True):
            m = _ROW_NUMBER.search(attrs)
            row = int(m.group(1)) if m else expected_row + 1
            expected_row = row
            if row > MAX_ROWS:
                raise WorkbookRefused(f"row {row:,} is beyond the {MAX_ROWS:,} rows a review database has")
            if not body:
                continue
            values: dict[int, tuple[str, str]] = {}
            fast = _FAST_CELL.findall(body)
            if len(fast) == body.count(b"<c"):  # every cell in Excel's plain form: one match per cell
                for letters, t_, v_ in fast:
                    if v_:
                        text = v_.decode("utf-8")
                        values[column_index(letters.decode("ascii"))] = (t_.decode("ascii") or "n", _unescape(text) if "&" in text else text)
                cells += len(values)
                if max_cells is not None and cells > max_cells:
                    raise WorkbookRefused(f"more than {max_cells:,} cells")
                if values:
                    yield row, values
                continue
            col = 0
            for cm in _CELL.finditer(body):
                cattrs, inner = cm.group(1), cm.group(2)
                ref = _CELL_COLUMN.search(cattrs)
                col = column_index(ref.group(1).decode("ascii")) if ref else col + 1
                if not inner:
                    continue
                t = _CELL_TYPE.search(cattrs)
                kind = t.group(1).decode("ascii") if t else "n"
                if kind == "inlineStr":
                    text = _text_of(inner)
                else:
                    v = _VALUE.search(inner)
                    if v is None:
                        continue
                    raw = v.group(1)
                    text = _unescape(raw.decode("utf-8")) if b"&" in raw else raw.decode("utf-8")
                values[col] = (kind, text)
            cells += len(values)
            if max_cells is not None and cells > max_cells:
                raise WorkbookRefused(f"more than {max_cells:,} cells")
            if values:
                yield row, values

    def rows(self) -> Iterator[tuple[int, dict[int, str]]]:
        """(row number, {column: text}) with shared strings looked up and numbers as exact decimals."""
        strings = self.strings()
        for row, raw in self.raw_rows():
            yield row, {col: text for col, (kind, stored) in raw.items() if (text := cell_text(kind, stored, strings))}


def cell_text(kind: str, stored: str, strings: list[str] | dict[int, str]) -> str:
    if kind == "s":
        try:
            return strings[int(stored)]
        except (ValueError, IndexError, KeyError):
            return ""
    if kind == "n":
        return _number_text(stored)
    if kind == "b":
        return "TRUE" if stored == "1" else "FALSE"
    return stored
