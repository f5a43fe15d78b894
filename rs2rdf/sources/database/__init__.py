"""The 主要事項データベース workbooks (review years 2014–2023): one row per review sheet.

``is_database_workbook(path)`` tells such a workbook from a per-project sheet by its header;
``read_database(path)`` gives the same records a per-project sheet of that review year gives.
Modules, one job each: :mod:`.xlsxstream` (streaming a very wide worksheet within limits),
:mod:`.headers` (header rows → flattened names → column meanings), :mod:`.years` (era
inheritance of fiscal-year labels), :mod:`.review_year`, :mod:`.rows` (a row → records) and
:mod:`.reader` (the workbook).
"""

from rs2rdf.sources.database.reader import DatabaseExtraction, is_database_workbook, read_database

__all__ = ["DatabaseExtraction", "is_database_workbook", "read_database"]
