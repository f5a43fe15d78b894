"""The review year of a database workbook, from its contents, never from its file name.

``database240502.xlsx`` is the 2022 review, so names lie. Two readings of the budget grid:
the ``{Y+1}年度要求`` columns (the request is for the year after the review year), and the
data (the review year is the latest year that has budgets but, in almost every row, no
execution yet). The header reading is used when there is one; the data reading checks it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rs2rdf.sources.database.headers import Column
from rs2rdf.sources.database.rows import text


def from_header(columns: list[Column]) -> int | None:
    years = {c.year for c in columns if c.family == "budget" and c.field == "request" and c.year is not None}
    return max(years) - 1 if years else None


@dataclass
class BudgetPresence:
    """Per fiscal year: rows with a budget, rows with an execution."""

    rows: int = 0
    budget: Counter[int] = field(default_factory=Counter)
    executed: Counter[int] = field(default_factory=Counter)

    def add(self, row: dict[int, str], budget_columns: dict[int, Column]) -> None:
        self.rows += 1
        budget_years, executed_years = set(), set()
        for col, column in budget_columns.items():
            if column.year is None or text(row.get(col)) is None:
                continue
            if column.field == "executed":
                executed_years.add(column.year)
            elif column.field in ("initial", "current"):
                budget_years.add(column.year)
        self.budget.update(budget_years)
        self.executed.update(executed_years)

    def review_year(self) -> int | None:
        """The latest year with budgets in at least a tenth of the rows and executions in at most 2 %."""
        candidates = [y for y, n in self.budget.items() if n * 10 >= max(self.rows, 1)]
        for year in sorted(candidates, reverse=True):
            if self.executed[year] * 50 <= self.rows:
                return year
        return None
