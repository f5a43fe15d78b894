"""One 主要事項データベース workbook → records of every sheet it holds, and the problems met.

``read_database(path)`` never raises for bad input: a file over the reader's limits is one
``resource-limit`` problem, an unreadable one ``unreadable-input``, a header without 府省庁 and
事業名 ``database-no-header``, each naming the file. Header families the reader does not know
are reported once per family with an example header (``database-unknown-header``).
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from xml.etree.ElementTree import ParseError

from rs2rdf.core import records as r
from rs2rdf.core.errors import WARNING, Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.database.headers import Column, classify, flatten, key
from rs2rdf.sources.database.review_year import BudgetPresence, from_header
from rs2rdf.sources.database.rows import RowReader, row_records
from rs2rdf.sources.database.xlsxstream import WorkbookRefused, Worksheet, cell_text
from rs2rdf.sources.database.years import resolve_years

#: Bump when what the reader gives changes.
READER_VERSION = "1"
#: The header is looked for in the first rows; it has at most this many levels.
HEADER_SEARCH = 12
_ANCHORS = ({"府省庁", "府省"}, {"事業名"})


@dataclass
class DatabaseExtraction:
    """Records of one workbook, its problems, its review year and the sheet of each row's part."""

    path: str
    records: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    review_year: int | None = None
    worksheet: str | None = None
    rows: int = 0
    parts: dict[str, r.SheetKey] = field(default_factory=dict)
    header_rows: int = 0
    columns: int = 0


def _is_anchor_row(values: dict[int, str]) -> int | None:
    """The column of 府省(庁) when this row also has 事業名; else None."""
    keys = {key(v): c for c, v in values.items()}
    ministry = next((keys[k] for k in _ANCHORS[0] if k in keys), None)
    return ministry if ministry is not None and any(k in keys for k in _ANCHORS[1]) else None


def is_database_workbook(path: Path) -> bool:
    """A quick look at the first rows (and only the shared strings they use): 府省(庁) and 事業名 side by side in one row.

    A per-project sheet prints 事業名 as a label with its value to the right and the ministry
    in the title, never a 府省庁 column; anything unreadable is left to the sheet reader.
    """
    try:
        with Worksheet(path) as ws:
            raw: list[dict[int, tuple[str, str]]] = []
            for n, (_row, cells) in enumerate(ws.raw_rows(max_cells=200_000)):
                raw.append(cells)
                if n + 1 >= HEADER_SEARCH:
                    break
            wanted = {int(v) for cells in raw for kind, v in cells.values() if kind == "s" and v.isdigit()}
            strings = ws.some_strings(wanted)
            return any(_is_anchor_row({c: cell_text(k, v, strings) for c, (k, v) in cells.items()}) is not None for cells in raw)
    except Exception:  # noqa: BLE001 - a quick look: whatever fails here, the sheet reader reports
        return False


def _resolve_years(columns: list[Column]) -> list[Column]:
    """Fill ``year`` per family (budget; each indicator; past numbers), eras inherited in column order."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, c in enumerate(columns):
        if c.label is not None:
            group = (c.family, c.index if c.family in ("outcome", "output") else 0)
            groups[group].append(i)
    budget_era = next((c.label.era for c in columns if c.family == "budget" and c.label and c.label.era), None)
    out = list(columns)
    for indexes in groups.values():
        years = resolve_years([columns[i].label for i in indexes], budget_era)
        for i, year in zip(indexes, years):
            c = columns[i]
            out[i] = Column(c.col, c.header, c.family, c.field, c.label, c.block, c.rank, c.index, year)
    return out


def read_database(path: Path) -> DatabaseExtraction:
    path = Path(path)
    out = DatabaseExtraction(path=path.name)
    where = SourceLocation(path.name)
    try:
        _read(path, out)
    except WorkbookRefused as exc:
        out.records.clear()
        out.problems.append(Problem("resource-limit", f"{exc}; the workbook was not read", where))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError, ParseError) as exc:
        out.records.clear()
        out.problems.append(Problem("unreadable-input", f"cannot read the workbook ({type(exc).__name__}: {exc})", where))
    except MemoryError:
        raise
    except Exception as exc:  # a reader bug or a file no reader expects; never escape
        out.records.clear()
        out.problems.append(Problem("unreadable-input", f"cannot read the workbook ({type(exc).__name__}: {exc})", where))
    return out


def _header(rows: Iterator[tuple[int, dict[int, str]]]) -> tuple[int, list[dict[int, str]], list[tuple[int, dict[int, str]]]] | None:
    """(first header row, the header levels, data rows already read) or None when there is no header."""
    seen: list[tuple[int, dict[int, str]]] = []
    for row, values in rows:
        seen.append((row, values))
        if len(seen) >= HEADER_SEARCH:
            break
    for i, (row, values) in enumerate(seen):
        ministry_col = _is_anchor_row(values)
        if ministry_col is None:
            continue
        levels = [values]
        j = i + 1
        while j < len(seen) and seen[j][0] == row + len(levels) and (  # a level: no ministry yet, or the label repeated
                not seen[j][1].get(ministry_col) or key(seen[j][1][ministry_col]) in _ANCHORS[0]):
            levels.append(seen[j][1])
            j += 1
        return row, levels, seen[j:]
    return None


def _read(path: Path, out: DatabaseExtraction) -> None:
    with Worksheet(path) as ws:
        out.worksheet = ws.title
        _dimension, merges = ws.scan()
        rows = ws.rows()
        found = _header(rows)
        if found is None:
            out.problems.append(Problem("database-no-header", "no header row with 府省庁 (or 府省) and 事業名 in the first "
                                        f"{HEADER_SEARCH} rows of the first worksheet", SourceLocation(path.name, f"sheet:{ws.title}")))
            return
        first_row, levels, pending = found
        out.header_rows = len(levels)
        columns = _resolve_years(classify(flatten(levels, merges, first_row)))
        out.columns = len(columns)
        _report_unknown(columns, path.name, ws.title, first_row, out.problems)
        review_year = from_header(columns)
        budget_columns = {c.col: c for c in columns if c.family == "budget"}
        if review_year is None:  # no request columns: read the budget grid once to find the year
            presence = BudgetPresence()
            for _row, values in ws.rows():
                if _row >= first_row + len(levels):
                    presence.add(values, budget_columns)
            review_year = presence.review_year()
            if review_year is None:
                out.problems.append(Problem("database-review-year", "the review year could not be told from the budget columns "
                                            "(no 要求 column, and no year with budgets but no execution)", SourceLocation(path.name)))
                return
            rows = ws.rows()
            pending = []
        out.review_year = review_year
        _rows(path.name, ws.title, first_row + len(levels), columns, review_year, _chain(pending, rows), out)


def _chain(first: list[tuple[int, dict[int, str]]], rest: Iterator[tuple[int, dict[int, str]]]) -> Iterator[tuple[int, dict[int, str]]]:
    yield from first
    yield from rest


def _rows(file: str, worksheet: str, data_start: int, columns: list[Column], review_year: int,
          rows: Iterator[tuple[int, dict[int, str]]], out: DatabaseExtraction) -> None:
    by_col = {c.col: c for c in columns if c.family not in ("unknown", "known")}
    budget_columns = {c.col: c for c in columns if c.family == "budget"}
    presence = BudgetPresence()
    seen: dict[r.SheetKey, int] = {}
    serial_part = 4 if max((c.index for c in columns if c.family == "number"), default=0) > 3 else 2
    for row, values in rows:
        if row < data_start:
            continue
        presence.add(values, budget_columns)
        reader = RowReader(file, worksheet, row, out.problems)
        cells = [(by_col[c], v) for c, v in values.items() if c in by_col]  # in column order, as read
        records = row_records(reader, cells, review_year, serial_part)
        if not records:
            continue
        sheet = records[0].sheet
        if sheet in seen:
            out.problems.append(Problem("duplicate-row", f"the sheet {sheet.number} of {review_year} is also on row {seen[sheet]}; "
                                        "this row was ignored", reader.loc(None, "事業番号")))
            continue
        seen[sheet] = row
        out.rows += 1
        out.parts[reader.part] = sheet
        out.records.extend(records)
    if presence.executed[review_year] * 10 > max(presence.rows, 1):
        out.problems.append(Problem("database-review-year", f"the 要求 columns say the review year is {review_year}, but "
                                    f"{presence.executed[review_year]} of {presence.rows} rows report an execution for it; "
                                    "read as that year", SourceLocation(file), severity=WARNING))


def _report_unknown(columns: list[Column], file: str, worksheet: str, row: int, problems: list[Problem]) -> None:
    """One problem per unknown header family (its first level), with the first header as the example."""
    families: dict[str, list[Column]] = defaultdict(list)
    for c in columns:
        if c.family == "unknown":
            families[c.field].append(c)
    for family, cols in families.items():
        problems.append(Problem("database-unknown-header", f"{len(cols)} column(s) of the header family 「{family}」 are not "
                                "recognised and were not read", SourceLocation(file, f"sheet:{worksheet}", row, cols[0].header),
                                cols[0].header))
