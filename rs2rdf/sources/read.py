"""Inputs → records: every RS table and sheet file read once, with its problems."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from rs2rdf.core import records as r
from rs2rdf.pipeline.bounded import Limits, iter_bounded
from rs2rdf.core.errors import Problem
from rs2rdf.sources.rs_csv import read_tables
from rs2rdf.sources.rs_records import SheetKeys, table_to_records
from rs2rdf.sources.rs_tables import official_stem
from rs2rdf.sources.discover import InputFile
from rs2rdf.core.location import SourceLocation

if TYPE_CHECKING:  # the sheet reader is imported where sheets are read (pdfplumber, openpyxl)
    from rs2rdf.sources.sheet.reader import SheetExtraction


@dataclass
class Source:
    """One file that contributed records: enough to describe it in the provenance graph."""

    name: str  # as in SourceLocation.file
    container: str  # the input file name (ZIP or CSV or sheet)
    sha256: str
    kind: str  # rs | sheet
    table: str | None = None
    year: int | None = None
    rows: int = 0
    records: int = 0
    problems: int = 0
    official_url: str | None = None
    sheet_key: r.SheetKey | None = None
    #: page → sheet, for a file that holds several sheets (each gets its own named graph)
    part_sheets: dict[str, r.SheetKey] = field(default_factory=dict)
    #: a per-project sheet's extraction report: fields found, missing, and read with a fallback
    report: dict[str, object] | None = None


@dataclass
class ReadResult:
    records: list[r.Record] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def official_url(year: int, stem: str) -> str:
    return f"https://rssystem.go.jp/files/{year}/rs/{quote(stem)}.zip"


def read_inputs(files: list[InputFile], sheet_cache: Path | None = None, earlier_cache: Path | None = None,
                limits: Limits = Limits()) -> ReadResult:
    """Every RS table in order, then the per-project sheets, each in a worker bounded by ``limits``, then the
    主要事項データベース workbooks (what a workbook row and a sheet file of the same sheet disagree on is reported)."""
    result = ReadResult()
    headers: dict[r.SheetKey, r.SheetInfo] = {}
    seen_tables: dict[tuple[int | None, str], list[tuple[str, str, frozenset[r.SheetKey]]]] = {}
    sheet_keys: SheetKeys = {}
    for f in files:
        if f.kind == "rs":
            _read_rs(f.path, result, headers, seen_tables, sheet_keys)
    _read_sheets([f.path for f in files if f.kind == "sheet"], result, sheet_cache, earlier_cache, limits)
    databases = [f.path for f in files if f.kind == "database"]
    _read_databases(databases, result, limits)
    if databases and any(f.kind == "sheet" for f in files):
        from rs2rdf.sources.database.compare import disagreements

        result.problems.extend(disagreements(result.records, {p.name for p in databases}))
    have = {rec.sheet for rec in result.records if isinstance(rec, r.SheetInfo)}
    for key in sorted(set(headers) - have):
        result.records.append(headers[key])
    return result


def _read_rs(path: Path, result: ReadResult, headers: dict[r.SheetKey, r.SheetInfo],
             seen: dict[tuple[int | None, str], list[tuple[str, str, frozenset[r.SheetKey]]]], sheet_keys: SheetKeys) -> None:
    """One ZIP or CSV. A table already read for its year is read once when its bytes are the
    same, refused when another copy speaks of the same sheets, and read as a further part
    when it speaks only of other sheets.

    Adding the rows of two versions of one sheet's table would double its amounts, and
    choosing silently between them would publish one without saying which.
    """
    tables, problems = read_tables(path)
    result.problems.extend(problems)
    for table in tables:
        result.problems.extend(table.problems)
        if table.spec is None:
            continue
        ident = (table.year, table.spec.table)
        where = SourceLocation(table.file, table.spec.table)
        same = next((first for first, sha, _ in seen.get(ident, ()) if sha == table.sha256), None)
        if same is not None:
            result.problems.append(Problem("duplicate-table", f"the same table, byte for byte, was already read from {same}; read once", where))
            continue
        recs, fallback, rec_problems = table_to_records(table, sheet_keys)
        keys = frozenset(fallback)
        clash = next(((first, len(keys & k)) for first, _, k in seen.get(ident, ()) if keys & k), None)
        if clash is not None:
            result.problems.append(Problem("conflicting-tables", f"table {table.spec.table} of {table.year or 'an unknown year'} was already "
                                           f"read from {clash[0]}, with other content for {clash[1]} of the same sheet(s); "
                                           "this copy was skipped", where))
            continue
        if ident in seen:
            result.problems.append(Problem("table-in-parts", f"table {table.spec.table} of {table.year or 'an unknown year'} is also in "
                                           f"{', '.join(first for first, _, _ in seen[ident])}, for other sheets; both read", where))
        seen.setdefault(ident, []).append((table.file, table.sha256, keys))
        result.problems.extend(rec_problems)
        for key, info in fallback.items():
            headers.setdefault(key, info)
        years = sorted({k.review_year for k in fallback})
        year = table.year or (years[0] if years else None)
        name = table.file.rsplit("/", 1)[-1]
        url = official_url(year, official_stem(table.spec, year)) if year else None
        result.sources.append(Source(name, path.name, table.sha256, "rs", table.spec.table, year, len(table.rows),
                                     len(recs), len(rec_problems) + len(table.problems), url))
        result.records.extend(recs)


def _extract_one(args: tuple[str, str | None, str | None]) -> object:
    """Worker: one sheet, from the cache when its bytes are unchanged (grid dropped: not needed here)."""
    import dataclasses

    from rs2rdf.sources.sheet import extract_sheet
    from rs2rdf.sources.sheet.cache import cached_extract

    path, cache, earlier = Path(args[0]), args[1], args[2]
    ex = cached_extract(path, Path(cache), (Path(earlier),) if earlier else ())[0] if cache else extract_sheet(path)
    return dataclasses.replace(ex, grid=None)


def _read_sheets(paths: list[Path], result: ReadResult, cache: Path | None, earlier: Path | None, limits: Limits) -> None:
    """Per-project sheets, each in a worker process with a time and memory budget; results keep the input order.

    A sheet over its budget (or whose worker died) is one ``resource-limit`` problem and
    the build goes on without it; its extraction is not cached, so a higher limit retries it.
    """
    if not paths:
        return
    from rs2rdf.sources.sheet.reader import SheetExtraction

    jobs = [(str(p), str(cache) if cache else None, str(earlier) if earlier else None) for p in paths]
    for path, outcome in zip(paths, iter_bounded(_extract_one, jobs, limits)):
        ex = outcome.value
        if outcome.limit == "error" or (outcome.limit is None and ex is None):
            ex = SheetExtraction(path=path.name, problems=[Problem("unreadable-input", f"the sheet's extraction {outcome.detail or 'gave nothing'}",
                                                                   SourceLocation(path.name))])
        elif outcome.limit is not None:
            hint = {"time": " (raise --sheet-timeout if the file is a real sheet)",
                    "memory": " (raise --sheet-memory if the file is a real sheet)"}.get(outcome.limit or "", "")
            ex = SheetExtraction(path=path.name, problems=[Problem("resource-limit", f"the sheet {outcome.detail}; skipped{hint}",
                                                                   SourceLocation(path.name))])
        _add_sheet(path, ex, result)


def _add_sheet(path: Path, ex: SheetExtraction, result: ReadResult) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem("unreadable-input", f"could not read the file ({exc.strerror})", SourceLocation(path.name)))
        return
    records = ex.records
    problems = ex.problems
    result.problems.extend(problems)
    key = next((rec.sheet for rec in records if isinstance(rec, r.SheetInfo)), None)
    parts: dict[str, r.SheetKey] = {}
    if len({rec.sheet for rec in records if isinstance(rec, r.SheetInfo)}) > 1:
        parts = {rec.src.part: rec.sheet for rec in records
                 if isinstance(getattr(rec, "sheet", None), r.SheetKey) and getattr(rec, "src", None) is not None and rec.src.part}
    result.sources.append(Source(path.name, path.name, hashlib.sha256(data).hexdigest(), "sheet",
                                 "sheet-" + path.suffix.lower().lstrip("."), key.review_year if key else None,
                                 0, len(records), len(problems), None, key, parts, getattr(ex, "report", None) or None))
    result.records.extend(records)


#: What one 主要事項データベース workbook may cost at least (the 2023 one, 5,442 × 14,298, needs far less).
DATABASE_LIMITS = Limits(seconds=600.0, memory_mib=3072)


def _read_database_one(path: str) -> object:
    from rs2rdf.sources.database import read_database

    return read_database(Path(path))


def _read_databases(paths: list[Path], result: ReadResult, limits: Limits) -> None:
    """主要事項データベース workbooks, each in a worker with at least :data:`DATABASE_LIMITS`: one row is one sheet,
    in a named graph of its own (``part_sheets``), with the IRI a per-project sheet of the same year and 事業番号 gets."""
    if not paths:
        return
    from rs2rdf.sources.database import DatabaseExtraction

    bound = Limits(max(limits.seconds, DATABASE_LIMITS.seconds), max(limits.memory_mib, DATABASE_LIMITS.memory_mib))
    for path, outcome in zip(paths, iter_bounded(_read_database_one, [str(p) for p in paths], bound)):
        ex = outcome.value
        if outcome.limit is not None or not isinstance(ex, DatabaseExtraction):
            kind = "unreadable-input" if outcome.limit in (None, "error") else "resource-limit"
            result.problems.append(Problem(kind, f"the workbook {outcome.detail or 'gave nothing'}; skipped", SourceLocation(path.name)))
            continue
        try:
            digest = _sha256(path)
        except OSError as exc:
            result.problems.append(Problem("unreadable-input", f"could not read the file ({exc.strerror})", SourceLocation(path.name)))
            continue
        result.problems.extend(ex.problems)
        result.sources.append(Source(path.name, path.name, digest, "sheet", "database", ex.review_year, ex.rows,
                                     len(ex.records), len(ex.problems), None, None, dict(ex.parts)))
        result.records.extend(ex.records)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
