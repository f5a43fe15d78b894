"""The column or printed label a mapped value came from, for problems found while mapping.

A record keeps its row; which column of it a value was read from depends on the source: an
RS table names it by the header in its column entry (:mod:`rs2rdf.sources.rs_tables`), a
pre-2024 sheet by the label printed on the template. So a problem on a sheet does not
carry an RS header the sheet never printed.
"""

from __future__ import annotations

from rs2rdf.core.location import SourceLocation
from rs2rdf.sources.rs_tables import BY_ID

#: Values that several RS columns feed (one column per method, with the method in its header).
_RS_GROUPS = {"methods": "実施方法"}

#: Labels printed on the pre-2024 template (see :mod:`rs2rdf.sources.sheet.labels`), by RS field.
_SHEET_LABELS = {
    "bureau": "担当部局庁",
    "methods": "実施方法",
    "law_id": "根拠法令（具体的な条項も記載）",
    "law_title": "根拠法令（具体的な条項も記載）",
    "corporate_number": "法人番号",
    "team_opinion": "行政事業レビュー推進チームの所見",
    "policy": "政策",
}


def at(src: SourceLocation, field: str) -> SourceLocation:
    """``src`` with the column (RS) or printed label (sheet) of ``field``; none when a sheet has no label for it."""
    spec = BY_ID.get(src.part or "")
    if spec is not None:
        header = spec.header_for(field)
        return src.with_field(_RS_GROUPS.get(field, header) if header == field else header)
    return src.with_field(_SHEET_LABELS.get(field))
