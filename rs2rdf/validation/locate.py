"""Where a validation result came from: the source file, table, row and column.

Resources point at their row through ``prov:wasDerivedFrom <{source}#r{line}>`` and each
source is described in the provenance graph. Resources minted below another one (a
contract under a payment, a yearly value under its indicator) have no derivation of
their own and use the nearest IRI parent that has one; shared entities (organisations,
laws) use the first derived resource that links to them, which is the row that
introduced the value. The column comes from the table and the result's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox

from rs2rdf.mapping.vocab import DCTERMS, PROV, RDF, RDFS
from rs2rdf.validation.shacl import DataIndex

DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
TITLE = ox.NamedNode(DCTERMS + "title")
LABEL = ox.NamedNode(RDFS + "label")
TYPE = ox.NamedNode(RDF + "type")

_O = "（国庫債務負担行為等による契約）"

#: (table, class, property) → column header; class "*" matches any class.
_FIELDS: dict[tuple[str, str, str], str] = {
    **{("2-1", "aggregate", p): h for p, h in {
        "initialBudget": "当初予算（合計）", "supplementaryBudget": "補正予算（合計）",
        "carriedOverIn": "前年度からの繰越し（合計）", "reserveFunds": "予備費等（合計）",
        "currentBudget": "計（歳出予算現額合計）", "execution": "執行額（合計）", "executionRate": "執行率",
        "carriedOverOut": "翌年度への繰越し(合計）", "nextYearRequest": "翌年度要求額（合計）",
        "isAggregate": "会計区分"}.items()},
    **{("2-1", "account", p): h for p, h in {
        "initialBudget": "当初予算", "supplementaryBudget": "第1次補正予算", "carriedOverIn": "前年度から繰越し",
        "reserveFunds": "予備費等1", "currentBudget": "歳出予算現額", "execution": "執行額",
        "nextYearRequest": "翌年度要求額", "isAggregate": "会計区分"}.items()},
    ("2-1", "*", "budgetYear"): "予算年度",
    ("2-2", "*", "budgetYear"): "予算年度",
    ("2-2", "*", "amount"): "予算額（歳出予算項目ごと）",
    ("2-2", "*", "nextYearRequest"): "翌年度要求額（歳出予算項目ごと）",
    ("5-1", "SpendingBlock", "amount"): "ブロックの合計支出額",
    ("5-1", "SpendingBlock", "payeeCount"): "支出先の数",
    ("5-1", "SpendingBlock", "payment"): "支出先名",
    ("5-1", "*", "blockLetter"): "支出先ブロック番号",
    ("5-1", "*", "block"): "支出先ブロック番号",
    ("5-1", "Payment", "amount"): "支出先の合計支出額",
    ("5-1", "*", "recipient"): "法人番号",
    ("5-1", "*", "isRemainder"): "その他支出先",
    ("5-1", "Payment", "contract"): "契約概要",
    ("5-1", "Contract", "amount"): "金額",
    ("5-1", "*", "payment"): "支出先名",
    ("5-1", "*", "bidderCount"): "入札者数",
    ("5-1", "*", "winningBidRatePercent"): "落札率",
    ("5-1", "*", "corporateNumber"): "法人番号",
    ("5-1", "*", "corporateNumberValid"): "法人番号",
    ("5-1", "*", "printedName"): "支出先名",
    ("5-1", "*", "recipientKind"): "支出先名",
    ("5-1", "*", "label"): "支出先名",
    ("5-2", "*", "toBlock"): "支出先の支出先ブロック",
    ("5-2", "*", "fromBlock"): "支出元の支出先ブロック",
    ("5-2", "*", "fromAgency"): "担当組織からの支出",
    ("5-2", "*", "blockLetter"): "支出先の支出先ブロック",
    ("5-2", "Overhead", "amount"): "国自らが支出する間接経費の金額",
    ("5-3", "*", "amount"): "金額",
    ("5-3", "*", "block"): "支出先ブロック番号",
    ("5-3", "*", "blockLetter"): "支出先ブロック番号",
    ("5-3", "*", "recipient"): "法人番号",
    ("5-3", "*", "corporateNumber"): "法人番号",
    ("5-3", "*", "corporateNumberValid"): "法人番号",
    ("5-3", "*", "label"): "支出先名",
    ("5-4", "*", "amount"): "契約額" + _O,
    ("5-4", "*", "block"): "支出先ブロック" + _O,
    ("5-4", "*", "blockLetter"): "支出先ブロック" + _O,
    ("5-4", "*", "recipient"): "契約先の法人番号" + _O,
    ("5-4", "*", "corporateNumber"): "契約先の法人番号" + _O,
    ("5-4", "*", "corporateNumberValid"): "契約先の法人番号" + _O,
    ("5-4", "*", "printedName"): "契約先名" + _O,
    ("5-4", "*", "recipientKind"): "契約先名" + _O,
    ("5-4", "*", "label"): "契約先名" + _O,
    ("5-4", "*", "bidderCount"): "入札者数（応募者数）" + _O,
    ("5-4", "*", "winningBidRatePercent"): "落札率（％）" + _O,
    ("1-2", "*", "startYear"): "事業開始年度",
    ("1-2", "*", "endYear"): "事業終了（予定）年度",
    ("1-2", "*", "overviewUrl"): "事業概要URL",
    ("1-2", "*", "projectName"): "事業名",
    ("1-2", "*", "label"): "事業名",
    ("1-2", "*", "reviewYear"): "事業年度",
    ("1-2", "*", "responsibleOrganization"): "府省庁",
    ("1-2", "*", "policyMinistry"): "政策所管府省庁",
    ("1-2", "*", "responsibleUnit"): "局・庁",
    ("1-1", "*", "coResponsibleUnit"): "府省庁（その他担当組織）",
    ("1-2", "*", "coResponsibleUnit"): "局・庁",
    ("1-3", "*", "law"): "法令ID",
    ("1-3", "*", "linkMethod"): "法令ID",
    ("1-3", "*", "id_local"): "法令ID",
    ("1-3", "*", "label"): "法令名",
    ("1-3", "*", "lawTitle"): "法令名",
    ("1-3", "*", "citedProvision"): "条",
    ("1-3", "*", "article"): "条",
    ("1-3", "*", "provision"): "条",
    ("1-3", "*", "is_part_of"): "条",
    ("1-3", "Policy", "number"): "番号（政策・施策）",
    ("1-3", "*", "policyMinistry"): "政策所管府省庁_P",
    ("1-3", "Plan", "number"): "番号（関係する計画・通知等）",
    ("1-3", "Plan", "label"): "計画通知名",
    ("1-4", "*", "number"): "番号（補助率等）",
    ("1-5", "*", "number"): "番号（関連事業）",
    ("1-5", "*", "relatedProject"): "関連事業の事業ID",
    ("3-1", "*", "number"): "アクティビティ・アウトプット・アウトカムの番号",
    ("3-1", "*", "indicatorKind"): "種別（アクティビティ・アウトプット・アウトカム）",
    ("3-1", "*", "outcomeTerm"): "アウトカムの期間",
    ("3-1", "IndicatorValue", "year"): "目標年度／目標値／実績値／達成率",
    ("3-1", "IndicatorValue", "targetValue"): "目標年度／目標値／実績値／達成率",
    ("3-1", "IndicatorValue", "actualValue"): "目標年度／目標値／実績値／達成率",
    ("3-1", "IndicatorValue", "achievementRatePercent"): "目標年度／目標値／実績値／達成率",
    ("3-2", "*", "from"): "派生元ーアクティビティ・アウトプット・アウトカムの番号",
    ("3-2", "*", "to"): "派生先ーアクティビティ・アウトプット・アウトカムの番号",
    ("3-2", "*", "number"): "派生元ーアクティビティ・アウトプット・アウトカムの番号",
    ("3-2", "*", "indicatorKind"): "派生元ー種別（アクティビティ・アウトプット・アウトカム）",
    ("3-2", "*", "leadsTo"): "派生先ーアクティビティ・アウトプット・アウトカムの番号",
    ("4-1", "*", "reflectedAmountGeneral"): "反映額（一般会計）",
    ("4-1", "*", "findingContent"): "過去に受けた指摘事項－取りまとめ内容",
}
#: Every RS table has the key columns; a result on a key-like property points at them.
_KEY_FIELDS = {"sheet": "予算事業ID", "project": "予算事業ID", "identifier": "予算事業ID", "budgetYear": "予算年度",
               "reviewYear": "事業年度", "dataSet": "予算事業ID"}
_RS_TABLES = {"1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "3-1", "3-2", "4-1", "5-1", "5-2", "5-3", "5-4", "6-1"}


def local_name(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.replace("#", "/").rsplit("/", 1)[-1]


def field_for(table: str | None, classes: Iterable[str], path: str | None, focus: str) -> str | None:
    """The column that holds the value a result is about; the key column when none does."""
    if table not in _RS_TABLES:
        return None
    prop = local_name(path)
    kinds = [local_name(c) for c in classes]
    if table == "2-1":
        kinds.insert(0, "account" if "/account-" in focus else "aggregate")
    for kind in [*kinds, "*"]:
        header = _FIELDS.get((table, kind, prop))
        if header:
            return header
    return _KEY_FIELDS.get(prop, "予算事業ID")


@dataclass(frozen=True)
class SourceRow:
    """A row (or page) of an input file."""

    iri: str  # the derivation target, e.g. {base}source/rs/2024/5-1#r17
    file: str  # the CSV (or sheet) file name
    container: str  # the input file the user has (ZIP, CSV or sheet)
    table: str | None  # RS table id or sheet-xlsx / sheet-pdf
    row: int | None  # 1-based physical line (header = 1), None for sheet pages
    part: str | None  # page or sheet name for per-project sheets


#: Predicates the index needs from the data, read in the validator's single pass.
PREDICATES = {DERIVED.value, TITLE.value, LABEL.value}


class ProvenanceIndex:
    """Focus node → the source row that produced it, read from the validator's index."""

    def __init__(self, data: DataIndex, vocab: str) -> None:
        self.data = data
        self.derived: dict[str, str] = {}
        for s, objs in data.values.get(DERIVED.value, {}).items():
            rows = sorted((o.value for o in objs if isinstance(o, ox.NamedNode) and "#" in o.value), key=_order)
            if rows:
                self.derived[s.value] = rows[0]
        tables = data.values.get(vocab + "table", {})
        labels = data.values.get(LABEL.value, {})
        self._files: dict[str, tuple[str, str, str | None]] = {}
        for s, objs in data.values.get(TITLE.value, {}).items():
            if "/source/" in s.value:
                title = objs[0].value
                label = labels.get(s, [objs[0]])[0].value
                table = tables.get(s)
                self._files[s.value] = (title, label, table[0].value if table else None)

    def row(self, iri: str) -> SourceRow | None:
        file_iri, _, frag = iri.partition("#")
        file, container, table = self._files.get(file_iri, ("", "", None))
        if not file:
            return None
        row = int(frag[1:]) if frag.startswith("r") and frag[1:].isdigit() else None
        return SourceRow(iri, file, container, table, row, None if row is not None else (frag or None))

    def _by_parent(self, focus: str) -> str | None:
        iri = focus
        while True:
            if iri in self.derived:
                return self.derived[iri]
            cut = max(iri.rfind("#"), iri.rfind("/"))
            if cut <= iri.find("/id/") + 3:
                return None
            iri = iri[:cut]

    def locate(self, focus_nodes: Iterable[str], rounds: int = 4) -> dict[str, tuple[SourceRow | None, str | None]]:
        """(source row, linking predicate) of many focus nodes; the predicate is set when the
        row is that of a referrer, searched a few links deep over the indexed links."""
        focus_nodes = list(focus_nodes)
        found = self.locate_ranked(focus_nodes, rounds)
        return {f: found[f][1:] if f in found else (None, None) for f in focus_nodes}

    def locate_ranked(self, focus_nodes: Iterable[str], rounds: int = 4) -> dict[str, Located]:
        """The focus nodes found, each with its rank: (links followed, source row order).

        Validation by partition (:mod:`rs2rdf.validation.partition`) looks for a node's referrers
        in several indexes and keeps the lowest rank, as one search over the whole graph would.
        """
        out: dict[str, Located] = {}
        pending: dict[str, set[str]] = {}  # node still unresolved → focus nodes waiting for it
        for f in focus_nodes:
            hit = self._by_parent(f)
            if hit is None:
                pending.setdefault(f, set()).add(f)
            else:
                out[f] = ((0, *_order(hit)), self.row(hit), None)
        links = [(p, d) for p, d in sorted(self.data.values.items())
                 if p != DERIVED.value and d and isinstance(next(iter(d.values()))[0], ox.NamedNode)]
        for depth in range(1, rounds + 1):
            if not pending:
                break
            wanted = {ox.NamedNode(n) for n in pending}
            best: dict[str, tuple[tuple[str, int], str, str]] = {}
            nxt: dict[str, set[str]] = {}
            for p, d in links:
                for subject, objs in d.items():
                    for o in objs:
                        if o not in wanted:
                            continue
                        hit = self._by_parent(subject.value)
                        for f in pending[o.value]:
                            if hit is not None:
                                key = _order(hit)
                                if f not in best or key < best[f][0]:
                                    best[f] = (key, hit, p)
                            else:
                                nxt.setdefault(subject.value, set()).add(f)
            for f, (key, hit, link) in best.items():
                out[f] = ((depth, *key), self.row(hit), link)
            pending = {n: {f for f in fs if f not in out} for n, fs in nxt.items()}
            pending = {n: fs for n, fs in pending.items() if fs}
        return out


#: (rank, source row, linking predicate) of a located focus node; see ProvenanceIndex.locate_ranked
Located = tuple[tuple[int, str, int], "SourceRow | None", "str | None"]


def _order(iri: str) -> tuple[str, int]:
    """Source rows in file order (r9 before r10)."""
    file, _, frag = iri.partition("#")
    return (file, int(frag[1:]) if frag[1:].isdigit() else 0)
