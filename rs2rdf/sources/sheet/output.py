"""Sheet extraction → JSON (``rs2rdf extract SHEET --format json``) and debug pictures.

JSON is deterministic: records in extraction order, keys in field order, Decimals as
strings, no timestamps, so golden files can be compared byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from rs2rdf.core.errors import Problem, UsageError
from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.normalize.numbers import decimal_str
from rs2rdf.sources.sheet.fields import Finder, Found
from rs2rdf.sources.sheet.grid import Cell
from rs2rdf.sources.sheet.reader import SheetExtraction, extract_sheet

FORMATS = ("json", "text")


def to_jsonable(value: Any, locations: bool = True) -> Any:
    """Records and their parts as JSON values; None and empty values are left out of objects."""
    if isinstance(value, Decimal):
        return decimal_str(value)
    if isinstance(value, SourceLocation):
        return str(value)
    if isinstance(value, Found):
        out: dict[str, Any] = {"value": value.text}
        if locations and value.cell is not None:
            out["at"] = {"page": value.cell.page, "row": value.cell.row, "label": value.label}
        return out
    if isinstance(value, Cell):
        return {"page": value.page, "row": value.row, "text": value.text} if locations else value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__} if hasattr(value, "sheet") or type(value).__name__ == "Contract" else {}
        for f in dataclasses.fields(value):
            if f.name == "src" and not locations:
                continue
            item = to_jsonable(getattr(value, f.name), locations)
            if item is None or item == () or item == [] or item == {}:
                continue
            out[f.name] = item
        return out
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, locations) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v, locations) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def extraction_to_json(ex: SheetExtraction, locations: bool = True) -> dict[str, Any]:
    """``locations=False`` drops where each value sat, so an xlsx and its PDF give the same JSON."""
    problems = [p.as_dict() for p in ex.problems]
    if not locations:
        problems = [{k: p[k] for k in ("code", "field", "value")} for p in problems]
    out: dict[str, Any] = {"file": ex.path, "records": to_jsonable(ex.records, locations), "problems": problems}
    if locations:
        out["report"] = ex.report
        out["fields"] = to_jsonable(ex.fields, locations)
    return out


def extraction_to_text(ex: SheetExtraction) -> str:
    lines = []
    for r in ex.records:
        src = getattr(r, "src", None)
        name = getattr(r, "name", None) or getattr(r, "title", None) or getattr(r, "budget_year", None) or ""
        lines.append(f"{type(r).__name__}\t{name}\t{src}")
    return "\n".join(lines) + ("\n" if lines else "")


def extract_command(path: Path, fmt: str, debug_dir: Path | None) -> tuple[str, list[Problem]]:
    """What ``rs2rdf extract SHEET`` prints, and the problems for the CLI to report."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    ex = extract_sheet(Path(path))
    if debug_dir is not None:
        write_debug_images(Path(path), Path(debug_dir), ex)
    if fmt == "json":
        return json.dumps(extraction_to_json(ex), ensure_ascii=False, indent=2) + "\n", ex.problems
    return extraction_to_text(ex), ex.problems


def write_debug_images(path: Path, out_dir: Path, ex: SheetExtraction | None = None, resolution: int = 100) -> list[Path]:
    """Per PDF page a PNG with ruling lines (red), label cells (blue) and value cells (green); for xlsx the grid as JSON.

    Both kinds also get ``{stem}.fields.json``: every field with the cell it was read from, and the
    problems, so a ``missing-field`` (which label was looked for, and where) can be checked
    against the pictures or the grid.
    """
    ex = ex or extract_sheet(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    grid = ex.grid
    if grid is None:
        return written
    finder = Finder(grid)
    fields = out_dir / f"{path.stem}.fields.json"
    report = {"file": grid.file, "parts": grid.parts, "problems": [p.as_dict() for p in ex.problems],
              "fields": to_jsonable(ex.fields)}
    fields.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if grid.kind != "pdf":
        target = out_dir / f"{path.stem}.grid.json"
        cells = [{"page": c.page, "row": c.row, "box": [round(c.x0, 1), round(c.top, 1), round(c.x1, 1), round(c.bottom, 1)],
                  "label": c.is_label, "text": c.text} for c in finder.cells]
        target.write_text(json.dumps({"file": grid.file, "parts": grid.parts, "cells": cells}, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
        return [target, fields]
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            image = page.to_image(resolution=resolution)
            walls = [((w.x, w.top), (w.x, w.bottom)) for w in grid.walls if w.page == number]
            for a, b in walls:
                image.draw_line([a, b], stroke="red", stroke_width=1)
            for c in finder.by_page.get(number, []):
                colour = (0, 0, 255, 40) if c.is_label else (0, 160, 0, 40)
                image.draw_rect((c.x0, c.top, c.x1, c.bottom), fill=colour, stroke=colour[:3], stroke_width=1)
            target = out_dir / f"{path.stem}.p{number}.png"
            image.save(target)
            written.append(target)
    return [*written, fields]
