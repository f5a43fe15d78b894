"""Find and classify input files: RS ZIP/CSV tables, per-project sheets and 主要事項データベース workbooks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation

RS_SUFFIXES = {".zip", ".csv"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".pdf"}
#: Workbooks that may be a 主要事項データベース rather than a per-project sheet (told by the header, not the name).
DATABASE_SUFFIXES = {".xlsx", ".xlsm"}
IGNORED_NAMES = {"readme.md", ".ds_store", "thumbs.db"}
#: What marks a folder as an rs2rdf output (see build.MARKER): never read as input.
OUTPUT_MARKER = Path("data") / "build-summary.json"


@dataclass(frozen=True)
class InputFile:
    path: Path
    kind: str  # "rs", "sheet", or "database" (a 主要事項データベース workbook, told by its header)


def is_output_folder(folder: Path) -> bool:
    return (folder / OUTPUT_MARKER).is_file()


def _files_under(folder: Path, skipped: list[Path]) -> list[Path]:
    """Files below ``folder``, sorted, hidden ones left out; symlinked folders are followed
    (a year folder is often a link), each real folder once, so a link loop ends.

    rs2rdf output folders are left out (and listed in ``skipped``): ``rs2rdf build .`` in a
    folder of inputs writes ``./site``, whose CSVs the next build would otherwise read.
    """
    out: list[Path] = []
    visited: set[Path] = set()
    todo = [folder]
    while todo:
        current = todo.pop()
        real = current.resolve()
        if real in visited:
            continue
        visited.add(real)
        if is_output_folder(current):
            skipped.append(current)
            continue
        try:
            entries = list(current.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                todo.append(entry)
            elif entry.is_file():
                out.append(entry)
    return sorted(out)


def _is_database(path: Path) -> bool:
    from rs2rdf.sources.database import is_database_workbook

    return is_database_workbook(path)


def discover(paths: list[Path]) -> tuple[list[InputFile], list[Problem]]:
    """Expand folders (recursively, sorted) and keep the files rs2rdf can read."""
    found: list[InputFile] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for given in paths:
        if not given.exists():
            problems.append(Problem("unreadable-input", "no such file or folder", SourceLocation(str(given))))
            continue
        if not given.is_dir() and not given.is_file():  # a FIFO or /dev/zero would be read forever
            problems.append(Problem("unreadable-input", "not a regular file or folder; skipped", SourceLocation(str(given))))
            continue
        if given.is_dir():
            skipped: list[Path] = []
            candidates = _files_under(given, skipped)
            for folder in skipped:
                problems.append(Problem("skipped-output-folder", "an rs2rdf output folder among the inputs was not read",
                                        SourceLocation(str(folder))))
            known = [p for p in candidates if p.suffix.lower() in RS_SUFFIXES | SHEET_SUFFIXES]
            if not known and not skipped:
                problems.append(Problem("no-input-found", "the folder holds no RS ZIP/CSV or sheet file", SourceLocation(str(given))))
            files = known
        else:
            files = [given]
        for f in files:
            resolved = f.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            suffix = f.suffix.lower()
            if suffix in RS_SUFFIXES:
                found.append(InputFile(f, "rs"))
            elif suffix in SHEET_SUFFIXES:
                found.append(InputFile(f, "database" if suffix in DATABASE_SUFFIXES and _is_database(f) else "sheet"))
            elif f.name.lower() not in IGNORED_NAMES:
                problems.append(Problem("unknown-input", "not an RS table or review sheet; skipped", SourceLocation(f.name)))
    return found, problems
