"""Problems are data, not exceptions: the build collects them and goes on.

Only a condition that stops the whole build raises :class:`Rs2rdfError`. Everything else
becomes a :class:`Problem` with a slug from :data:`CATALOGUE`, so reports, tests and the
README all speak of the same closed set of messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rs2rdf.core.location import SourceLocation

ERROR = "error"
WARNING = "warning"
INFO = "info"

#: code -> (severity, what it means, what to do)
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "unreadable-input": (ERROR, "the file could not be read at all", "check that the file is complete and in a supported format"),
    "unknown-input": (ERROR, "the file is not an input rs2rdf knows", "remove it from the inputs or rename it to its official name"),
    "empty-input": (ERROR, "the file is empty (no header, no pages, or an empty archive)", "download the file again"),
    "no-data-rows": (INFO, "the table has its header but no data rows", "nothing if the table is really empty for this year; otherwise download it again"),
    "no-input-found": (ERROR, "a folder holds no file rs2rdf can read", "point rs2rdf at RS ZIPs, CSVs or sheet files"),
    "unsafe-archive": (ERROR, "a ZIP entry is unsafe (path escape, bomb or too large)", "do not use this archive; download it again from the official site"),
    "bad-encoding": (ERROR, "the CSV is not UTF-8 and not CP932", "save the file as UTF-8"),
    "converted-encoding": (INFO, "the CSV was read as CP932 (Shift_JIS)", "nothing; official RS files are UTF-8 with BOM"),
    "unknown-header": (ERROR, "a column header is not in the table's specification", "check the file is an official RS table; report a new column"),
    "missing-column": (ERROR, "a required column is missing", "check the file is an official RS table"),
    "unparseable-amount": (WARNING, "an amount is not a whole number of yen", "check the cell; the value is left out"),
    "unparseable-number": (WARNING, "a number could not be read", "check the cell; the value is left out"),
    "unparseable-year": (WARNING, "a year could not be read", "check the cell; the value is left out"),
    "year-out-of-range": (WARNING, "a year is outside 1868-2100", "check the cell; the value is left out"),
    "unparseable-boolean": (WARNING, "a flag is not TRUE/FALSE/1/f", "check the cell; the value is left out"),
    "bad-row": (ERROR, "a row could not be read and was skipped", "check the row"),
    "missing-key": (ERROR, "a row has no 予算事業ID or 事業年度 and was skipped", "check the row"),
    "duplicate-row": (WARNING, "the same row appears twice; the later one was ignored", "nothing; the data is kept once"),
    "duplicate-budget-row": (WARNING, "two budget rows share a key; the later one was ignored", "check the RS data for the year"),
    "blank-budget-row": (INFO, "an all-blank budget row was ignored", "nothing"),
    "contradictory-flags": (WARNING, "flags contradict the printed values", "the printed values are kept as they are"),
    "invalid-corporate-number": (WARNING, "a 法人番号 has a wrong check digit", "the number is kept as printed and not linked outward"),
    "malformed-corporate-number": (WARNING, "a 法人番号 is not 13 digits", "the recipient is treated as unidentified"),
    "junk-law-id": (WARNING, "the 法令ID column does not hold a 法令ID", "the law is linked by its title if possible"),
    "revision-law-id": (INFO, "a revision ID was given instead of a 法令ID", "the base 法令ID is used"),
    "law-number-link": (INFO, "a citation without a usable 法令ID or title match has a law number (法令番号); the note says how it was linked, or why not",
                                "nothing if linked; else add the law (法令番号 and 法令ID) to a --law-index CSV"),
    "unresolved-law": (INFO, "a cited law could not be linked to a 法令ID", "add the law to a --law-index CSV"),
    "unknown-ministry": (WARNING, "a 府省庁 name is not in the ministry table", "the name is kept as text; report it"),
    "unknown-code": (WARNING, "a value is not in its code list", "a concept labelled with the printed value is added to the code list; report it"),
    "invalid-url": (WARNING, "a URL cell does not hold one absolute http(s) URL", "the text is kept as printed (rs:printedUrl), not linked"),
    "dangling-related-project": (INFO, "a related project is not in this build", "nothing; the link is kept"),
    "dangling-block": (WARNING, "a money flow or row names a block that has no block row", "check 5-1 and 5-2 for the sheet"),
    "duplicate-indicator": (WARNING, "two indicators share a key", "check 3-1 for the sheet"),
    "unresolved-indicator": (INFO, "a logic-model edge names an indicator not in 3-1", "check 3-2 for the sheet"),
    "sum-mismatch": (WARNING, "parts do not add up to the printed total", "check the sheet; both values are kept"),
    "text-cleaned": (INFO, "control characters or lone surrogates were removed from a value", "nothing"),
    "not-a-review-sheet": (ERROR, "the document is not a 行政事業レビューシート", "remove it from the inputs"),
    "encrypted-document": (ERROR, "the document is encrypted", "supply an unencrypted copy"),
    "image-only-document": (ERROR, "the document has no text layer", "OCR is not supported; supply the xlsx"),
    "pdf-parser-warnings": (INFO, "the PDF parser warned about the file's structure (fonts, objects) but read its text", "nothing unless values are missing; then compare with the xlsx"),
    "missing-field": (WARNING, "a field of the sheet template was not found", "the problem names the label looked for and where; rs2rdf extract SHEET --debug-dir DIR shows the cells found"),
    "excel-error": (WARNING, "a cell holds an Excel error such as #DIV/0!", "the value is left out"),
    "shape-violation": (WARNING, "the graph breaks a SHACL shape", "see the validation report"),
    "invalid-bytes": (WARNING, "bytes that are not valid UTF-8 were replaced by U+FFFD (�)", "check the named line; download the file again"),
    "duplicate-table": (INFO, "the same RS table and year was given twice with the same content", "nothing; it is read once"),
    "conflicting-tables": (ERROR, "the same RS table and year was given twice, with different content for the same sheets",
                           "keep one version of the table (the later copy was skipped)"),
    "table-in-parts": (INFO, "the same RS table and year was given in several files about different sheets", "nothing; every part is read"),
    "skipped-output-folder": (INFO, "a folder among the inputs is an rs2rdf output and was not read",
                              "nothing; keep --out outside the input folders to avoid the note"),
    "year-mismatch": (ERROR, "rows of an RS table have another review year (事業年度) than the year in its file name",
                      "check the file: give it its own year's official name, or split it by year"),
    "resource-limit": (ERROR, "a sheet needed more time or memory than one sheet may use, or holds far more cells than a sheet has",
                       "check the file; if it is a real sheet, raise --sheet-timeout or --sheet-memory"),
    "unplaced-value": (WARNING, "a value of a column published by its table entry found no resource of its class made from the same row",
                       "check the column's entry in rs_tables (its class) against what the row is mapped to"),
    "database-no-header": (ERROR, "a 主要事項データベース workbook has no header row with 府省庁 and 事業名",
                           "check that the file is the official database workbook; its first worksheet must hold the sheets"),
    "database-unknown-header": (WARNING, "columns of a 主要事項データベース workbook are not recognised and were not read (one line per header family)",
                                "nothing if the family is not needed; otherwise report it with the example header"),
    "database-review-year": (ERROR, "the review year of a 主要事項データベース workbook could not be told, or its budget columns disagree about it",
                             "check the workbook's budget columns (予算額・執行額 … 要求)"),
    "suspect-unit": (WARNING, "a project's payees add up to more than 100 times its execution: probably entered in yen instead of 百万円",
                     "the amounts are kept as printed; check the row in the workbook"),
    "sources-disagree": (WARNING, "a 主要事項データベース row and a per-project sheet file of the same sheet give different values",
                         "both values are published; check which source is right"),
    "ambiguous-past-number": (WARNING, "a 関連する過去のレビューシートの事業番号 fits several sheets of that year and ministry in the build",
                              "no match was made (the printed number is kept); check the link in the workbook"),
    "cyclic-flow": (INFO, "the money flow of a sheet goes round in a cycle", "check 5-2 for the sheet; the flows are kept as printed"),
}


@dataclass(frozen=True)
class Problem:
    """One thing a person may need to act on, with the place it was found."""

    code: str
    message: str
    location: SourceLocation | None = None
    value: str | None = None
    severity: str = ""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown problem code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", CATALOGUE[self.code][0])

    def __str__(self) -> str:
        where = f"{self.location} " if self.location else ""
        value = f" ({self.value!r})" if self.value is not None else ""
        return f"{where}[{self.code}] {self.message}{value}"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "value": self.value,
            "file": loc.file if loc else None,
            "part": loc.part if loc else None,
            "row": loc.row if loc else None,
            "field": loc.field if loc else None,
            "action": CATALOGUE[self.code][2],
        }


class Rs2rdfError(Exception):
    """A condition that stops the run; the CLI turns it into a message and an exit code."""

    exit_code = 3

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        super().__init__(message)
        self.location = location

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.location}: {msg}" if self.location else msg


class InterruptedAfterPublish(KeyboardInterrupt):
    """Ctrl-C or SIGTERM that arrived once the new output had replaced the old one."""

    def __init__(self, out: object) -> None:
        super().__init__(f"interrupted after the new output was published at {out}")
        self.out = out


class UsageError(Rs2rdfError):
    exit_code = 2
