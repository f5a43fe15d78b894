"""One entry point for a pre-2024 sheet, xlsx or PDF: ``extract_sheet(path) -> SheetExtraction``.

Never raises for bad input (only KeyboardInterrupt and the like escape): an unreadable,
encrypted, empty, image-only or unrelated file gives no records and one Problem naming
the file (and the page when there is one).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.sheet.fields import Finder
from rs2rdf.sources.sheet.grid import Grid
from rs2rdf.sources.sheet.to_records import extraction_report, sheet_records

#: Bump when extraction output changes; part of the cache key.
EXTRACTOR_VERSION = "14"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: A file is a review sheet when it has the title or 事業番号 and at least this many template labels.
MIN_LABELS = 5


@dataclass
class SheetExtraction:
    """Records of one sheet, the problems met, and the raw located values (for JSON and debugging)."""

    path: str
    records: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    grid: Grid | None = None
    #: fields found, missing and read with a fallback (:func:`to_records.extraction_report`); empty for a file that is no sheet
    report: dict[str, Any] = field(default_factory=dict)


def read_grid(path: Path) -> Grid:
    """The file as cells; raises PdfTriageError / OSError / zipfile and openpyxl errors for bad files."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from rs2rdf.sources.sheet.pdf import pdf_to_grid

        return pdf_to_grid(path)
    if suffix in XLSX_SUFFIXES:
        from rs2rdf.sources.sheet.xlsx import xlsx_to_grid

        return xlsx_to_grid(path)
    raise ValueError(f"not a sheet file type: {suffix or 'no suffix'} (use .xlsx, .xlsm or .pdf; convert .xls with LibreOffice)")


def extract_sheet(path: Path) -> SheetExtraction:
    from rs2rdf.sources.sheet.pdf import PdfTriageError
    from rs2rdf.sources.sheet.xlsx import SheetTooLarge

    path = Path(path)
    out = SheetExtraction(path=path.name)
    where = SourceLocation(path.name)
    try:
        grid = read_grid(path)
    except PdfTriageError as exc:
        part = f"p{exc.page}" if exc.page else None
        out.problems.append(Problem(exc.code, str(exc), SourceLocation(path.name, part)))
        return out
    except SheetTooLarge as exc:
        out.problems.append(Problem("resource-limit", f"{exc}; skipped", where))
        return out
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        out.problems.append(Problem("unreadable-input", f"cannot read the file ({type(exc).__name__}: {exc})", where))
        return out
    except MemoryError:  # the worker's memory cap: reported by the caller as resource-limit, never cached
        raise
    except Exception as exc:  # a reader bug or a file no reader expects; never escape
        out.problems.append(Problem("unreadable-input", f"cannot read the file ({type(exc).__name__}: {exc})", where))
        return out
    out.grid = grid
    if grid.parser_warnings:
        first = grid.parser_warnings[0][:200]
        out.problems.append(Problem("pdf-parser-warnings", f"the PDF parser warned {len(grid.parser_warnings)} time(s) while "
                                    f"reading the file (first: 「{first}」); its text was read", where))
    finder = Finder(grid)
    parts = sheet_parts(finder)
    for i, pages in enumerate(parts):
        part_finder = finder if len(parts) == 1 else Finder(_sub_grid(grid, pages))
        records, fields = _one_sheet(part_finder, path, out.problems)
        out.records.extend(records)
        if i == 0:
            out.fields = fields
        else:
            out.fields.setdefault("further_sheets", []).append(fields)
    if out.fields:
        out.report = extraction_report(out.fields, out.problems)
    return out


def _number_on(finder: Finder, page: int) -> str | None:
    label = finder.first("number", page)
    if label is None:
        return None
    values = finder.right_of(label)
    return values[0].text.strip() if values else None


def sheet_parts(finder: Finder) -> list[list[int]]:
    """Pages of each review sheet in the file: several ministries print a bureau's sheets into one PDF.

    A sheet starts on the first page, and again on any later page that carries the sheet's
    title and a 事業番号 other than the current sheet's. Continuation pages (a title
    repeated over the 支出先 list) keep the number and stay with their sheet.
    """
    pages = sorted(finder.by_page)
    if not pages:
        return [[]]
    parts = [[pages[0]]]
    current = _number_on(finder, pages[0])
    for page in pages[1:]:
        number = _number_on(finder, page)
        if number and finder.first("title", page) is not None and number != current:
            if current is None and len(parts) == 1 and finder.first("title", pages[0]) is None:
                parts[0].append(page)  # the first page was a cover: the sheet starts here
            else:
                parts.append([page])
            current = number
            continue
        parts[-1].append(page)
    return parts


def _sub_grid(grid: Grid, pages: list[int]) -> Grid:
    wanted = set(pages)
    return Grid(file=grid.file, kind=grid.kind, parts=grid.parts, cells=[c for c in grid.cells if c.page in wanted],
                walls=[w for w in grid.walls if w.page in wanted], ruled=grid.ruled, char_size=grid.char_size)


def _one_sheet(finder: Finder, path: Path, problems: list[Problem]) -> tuple[list[Any], dict[str, Any]]:
    grid = finder.grid
    first_page = min((c.page for c in grid.cells), default=1)
    found = {finder.keys[id(c)] for c in finder.cells if c.is_label}
    has_anchor = finder.first("title") is not None or finder.first("number") is not None
    if not has_anchor or len(found) < MIN_LABELS:
        problems.append(Problem("not-a-review-sheet",
                                f"no 行政事業レビューシート title or 事業番号 and {len(found)} template labels",
                                SourceLocation(path.name, grid.part(first_page) if grid.parts else None)))
        return [], {}
    try:
        return sheet_records(finder, problems)
    except MemoryError:
        raise
    except Exception as exc:  # keep the promise: a bad sheet is a problem, not a crash
        problems.append(Problem("unreadable-input", f"extraction failed ({type(exc).__name__}: {exc})", SourceLocation(path.name)))
        return [], {}
