"""Amounts printed in 千円 keep their unit like those printed in 百万円 (issue #18 item 5).

The graph states every amount in yen; ``rs:sourceUnit`` says which unit the sheet printed, so the
printed figure is the amount divided by 10⁶ (百万円) or 10³ (千円). Checked on the records of a real
pre-2024 sheet (printed in 百万円), and on the same records as a sheet printing 千円 would give them.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf import api
from rs2rdf.core import records as r
from rs2rdf.mapping.iris import RS

SHEET = Path(__file__).parent / "data" / "sheets" / "h29-soumu-0051.xlsx"
UNIT, TYPE = ox.NamedNode(RS + "sourceUnit"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _in_thousands(m: r.Money | None) -> r.Money | None:
    """The amount as a 千円 heading prints it (what rs2rdf.sources.sheet reads from such a sheet)."""
    if m is None or m.unit != "百万円":
        return m
    return r.Money(m.yen, f"{Decimal(m.yen) / 1000:,f}".rstrip("0").rstrip("."), "千円")


def _thousand_yen(rec: r.Record) -> r.Record:
    if not isinstance(rec, (r.BudgetSummary, r.BudgetItem)):
        return rec
    changed: dict[str, object] = {}
    for f in dataclasses.fields(rec):
        value = getattr(rec, f.name)
        if isinstance(value, r.Money):
            changed[f.name] = _in_thousands(value)
        elif isinstance(value, tuple) and any(isinstance(m, r.Money) for m in value):
            changed[f.name] = tuple(_in_thousands(m) for m in value)
    return dataclasses.replace(rec, **changed)  # type: ignore[arg-type]


def _units(store: ox.Store, cls: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(RS + cls)):
        out[q.subject.value] = {u.object.value for u in store.quads_for_pattern(q.subject, UNIT, None)}
    return out


@pytest.fixture(scope="module")
def sheet_records() -> api.Records:
    if not SHEET.is_file():
        pytest.skip(f"{SHEET} is not in this checkout")
    return api.read(SHEET)


def test_a_sheet_in_million_yen_says_so_on_every_budget_row(sheet_records: api.Records) -> None:
    units = _units(api.to_graph(sheet_records), "BudgetSummary")
    assert units and all(u == {"百万円"} for u in units.values()), units


def test_a_sheet_in_thousand_yen_keeps_its_unit(sheet_records: api.Records) -> None:
    kilo = api.Records(tuple(_thousand_yen(x) for x in sheet_records.records), sheet_records.problems, sheet_records.sources)
    assert any(m.unit == "千円" for x in kilo.of_type(r.BudgetSummary) for m in (x.current, x.executed) if m)  # type: ignore[attr-defined]
    store = api.to_graph(kilo)
    units = _units(store, "BudgetSummary")
    assert units and all(u == {"千円"} for u in units.values()), units
    # the yen amounts are the same as from the 百万円 sheet: only the printed unit differs
    amount = ox.NamedNode(RS + "currentBudget")
    million = api.to_graph(sheet_records)
    assert sorted(str(q.object) for q in store.quads_for_pattern(None, amount, None)) == \
        sorted(str(q.object) for q in million.quads_for_pattern(None, amount, None))
