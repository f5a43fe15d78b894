"""Where a workbook row and a per-project sheet file speak of the same sheet: the values they disagree on.

Both are published (one sheet IRI, one named graph); each difference is one ``sources-disagree``
warning at the workbook's cell, naming the other file and its value. Texts are compared after
NFKC without white space (the workbook drops the sheet's line breaks); amounts as exact yen.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.sources.database.headers import key

_INFO_FIELDS = (("name", "事業名"), ("printed_number", "事業番号"), ("responsible_person", "作成責任者"), ("account", "会計区分"),
                ("start_year", "事業開始年度"), ("end_year", "事業終了（予定）年度"), ("purpose", "事業の目的"), ("overview", "事業概要"))
_EVALUATION_FIELDS = (("check_result", "点検結果"), ("improvement_direction", "改善の方向性"), ("external_opinion", "外部有識者の所見"),
                      ("team_opinion", "行政事業レビュー推進チームの所見"), ("reflection", "所見を踏まえた改善点/概算要求における反映状況"))
_BUDGET_FIELDS = (("initial", "当初予算"), ("supplementary", "補正予算"), ("carried_in", "前年度から繰越し"),
                  ("carried_out", "翌年度へ繰越し"), ("reserve", "予備費等"), ("current", "計"), ("executed", "執行額"),
                  ("next_request", "要求"))


def _norm(value: Any) -> Any:
    if isinstance(value, r.Money):
        return value.yen
    if isinstance(value, str):
        return key(value)
    return value


def disagreements(records: Iterable[Any], database_files: set[str]) -> list[Problem]:
    """One problem per field on which a workbook row and another file of the same sheet differ (both given)."""
    infos: dict[r.SheetKey, list[r.SheetInfo]] = defaultdict(list)
    budgets: dict[tuple[r.SheetKey, str], dict[int, r.BudgetSummary]] = defaultdict(dict)
    evaluations: dict[tuple[r.SheetKey, str], r.Evaluation] = {}
    for rec in records:
        if isinstance(rec, r.SheetInfo) and rec.source_kind == r.SHEET:
            infos[rec.sheet].append(rec)
        elif isinstance(rec, r.Evaluation) and rec.sheet.budget_id is None:
            evaluations[(rec.sheet, rec.src.file)] = rec
        elif isinstance(rec, r.BudgetSummary) and rec.sheet.budget_id is None:
            budgets[(rec.sheet, rec.src.file)][rec.budget_year] = rec
    out: list[Problem] = []
    for sheet, found in sorted(infos.items()):
        ours = [i for i in found if i.src.file in database_files]
        others = [i for i in found if i.src.file not in database_files]
        for mine in ours[:1]:
            for other in others:
                out += _compare_info(mine, other)
                out += _compare_budget(mine, budgets.get((sheet, mine.src.file), {}), other.src.file,
                                       budgets.get((sheet, other.src.file), {}))
                a, b = evaluations.get((sheet, mine.src.file)), evaluations.get((sheet, other.src.file))
                if a is not None and b is not None:
                    out += _compare_fields(a, b, _EVALUATION_FIELDS)
    return out


def _problem(where: Any, label: str, mine: Any, other_file: str, theirs: Any) -> Problem:
    return Problem("sources-disagree", f"{label}: the workbook has {mine!r}, {other_file} has {theirs!r}; both are published",
                   where.with_field(label), None if theirs is None else str(theirs))


def _compare_info(mine: r.SheetInfo, other: r.SheetInfo) -> list[Problem]:
    return _compare_fields(mine, other, _INFO_FIELDS)


def _compare_fields(mine: Any, other: Any, fields: tuple[tuple[str, str], ...]) -> list[Problem]:
    out = []
    for attr, label in fields:
        a, b = getattr(mine, attr), getattr(other, attr)
        if a is not None and b is not None and _norm(a) != _norm(b):
            out.append(_problem(mine.src, label, a, other.src.file, b))
    return out


def _compare_budget(mine_info: r.SheetInfo, mine: dict[int, r.BudgetSummary], other_file: str,
                    theirs: dict[int, r.BudgetSummary]) -> list[Problem]:
    out = []
    for year in sorted(set(mine) & set(theirs)):
        for attr, label in _BUDGET_FIELDS:
            a, b = getattr(mine[year], attr), getattr(theirs[year], attr)
            if a is not None and b is not None and _norm(a) != _norm(b):
                out.append(_problem(mine[year].src, f"{year}年度 {label}", a.printed, other_file, b.printed))
    return out
