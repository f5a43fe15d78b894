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

from ...errors import Problem
from ...location import SourceLocation
from .fields import Finder
from .grid import Grid
from .to_records import sheet_records

#: Bump when extraction output changes; part of the cache key.
EXTRACTOR_VERSION = "3"
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


def read_grid(path: Path) -> Grid:
    """The file as cells; raises PdfTriageError / OSError / zipfile and openpyxl errors for bad files."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .pdf import pdf_to_grid

        return pdf_to_grid(path)
    if suffix in XLSX_SUFFIXES:
        from .xlsx import xlsx_to_grid

        return xlsx_to_grid(path)
    raise ValueError(f"not a sheet file type: {suffix or 'no suffix'} (use .xlsx, .xlsm or .pdf; convert .xls with LibreOffice)")


def extract_sheet(path: Path) -> SheetExtraction:
    from .pdf import PdfTriageError
    from .xlsx import SheetTooLarge

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
        out.problems.append(Problem("resource-limit", f"{exc}; skipped", SourceLocation(path.name, exc.part)))
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
    finder = Finder(grid)
    found = {finder.keys[id(c)] for c in finder.cells if c.is_label}
    has_anchor = finder.first("title") is not None or finder.first("number") is not None
    if not has_anchor or len(found) < MIN_LABELS:
        out.problems.append(Problem("not-a-review-sheet",
                                    f"no 行政事業レビューシート title or 事業番号 and {len(found)} template labels",
                                    SourceLocation(path.name, grid.part(1) if grid.parts else None)))
        return out
    try:
        out.records, out.fields = sheet_records(finder, out.problems)
    except MemoryError:
        raise
    except Exception as exc:  # keep the promise: a bad sheet is a problem, not a crash
        out.problems.append(Problem("unreadable-input", f"extraction failed ({type(exc).__name__}: {exc})", where))
    return out
