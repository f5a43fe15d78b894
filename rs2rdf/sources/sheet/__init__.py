"""Pre-2024 per-project review sheets (xlsx and PDF printouts of one Excel template) → records.

Both formats become a grid of positioned cells (``xlsx.py``, ``pdf.py``); fields are found by
their printed labels (``labels.py``, ``fields.py``, ``tables.py``) and turned into
``rs2rdf.core.records`` (``to_records.py``).
"""

from rs2rdf.sources.sheet.output import extract_command, extraction_to_json, write_debug_images
from rs2rdf.sources.sheet.reader import EXTRACTOR_VERSION, SheetExtraction, extract_sheet

__all__ = ["EXTRACTOR_VERSION", "SheetExtraction", "extract_command", "extract_sheet", "extraction_to_json",
           "write_debug_images"]
