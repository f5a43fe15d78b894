"""Where a value came from: every record and problem points back to its source cell."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class SourceLocation:
    """A place in an input file.

    ``part`` is the RS table id (``"5-1"``) for CSV input or ``"p1"``/``"sheet:Sheet1"`` for
    per-project sheets; ``row`` is the 1-based physical line in the CSV (the header is line 1)
    or the grid row on a page; ``field`` is the column header or printed label.
    """

    file: str
    part: str | None = None
    row: int | None = None
    field: str | None = None

    def with_field(self, field: str | None) -> "SourceLocation":
        return SourceLocation(self.file, self.part, self.row, field)

    def __str__(self) -> str:
        text = self.file
        if self.part and self.part not in self.file:
            text += f"[{self.part}]"
        if self.row is not None:
            text += f":r{self.row}"
        if self.field:
            text += f":{self.field}"
        return text
