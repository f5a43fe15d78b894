"""Closed code lists: printed value → ASCII concept code (VOCABULARIES §2 SKOS).

Codes are assigned once here; the SKOS schemes in the reference graph are generated
from these tables, so the code and the published concepts cannot drift apart.
"""

from __future__ import annotations

from rs2rdf.sources.normalize.text import key

#: scheme → (Japanese name, English name, {printed → (code, English label)})
SCHEMES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "project-category": ("事業区分", "Project category", {
        "前年度事業": ("continuing", "Continuing project"),
        "新規開始事業": ("new-start", "Newly started project"),
        "新規要求事業": ("new-request", "Newly requested project"),
    }),
    "implementation-method": ("実施方法", "Implementation method", {
        "直接実施": ("direct", "Direct implementation"),
        "委託・請負": ("commission", "Commission or contract"),
        "補助": ("subsidy", "Subsidy"),
        "負担": ("burden", "Burden sharing"),
        "交付": ("grant", "Grant"),
        "分担金・拠出金": ("contribution", "Contribution"),
        "貸付": ("loan", "Loan"),
        "その他": ("other", "Other"),
    }),
    "relation-type": ("関連性", "Relation between projects", {
        "親事業": ("parent", "Parent project"),
        "子事業": ("child", "Child project"),
        "統合元": ("merged-from", "Merged from"),
        "統合先": ("merged-into", "Merged into"),
        "その他関連元": ("other-source", "Other relation (source)"),
        "その他関連先": ("other-target", "Other relation (target)"),
        "運用交付先セグメントシート": ("segment-sheet", "Segment sheet funded"),
        "基金造成した基金シート": ("fund-sheet", "Fund sheet created"),
    }),
    "corporate-category": ("法人番号の区分", "Corporate number category", {
        "国の機関": ("national-organ", "National government organ"),
        "地方公共団体": ("local-government", "Local government"),
        "設立登記法人": ("registered", "Registered corporation"),
        "人格のない社団等": ("unregistered", "Unregistered body"),
        "不明（チェックデジット不整合）": ("unknown", "Unknown (check digit does not match)"),
    }),
    "corporate-kind": ("法人種別", "Corporate kind (NTA)", {
        "国の機関": ("101", "National organ"), "地方公共団体": ("201", "Local government"), "株式会社": ("301", "Stock company"),
        "有限会社": ("302", "Limited company"), "合名会社": ("303", "General partnership company"),
        "合資会社": ("304", "Limited partnership company"), "合同会社": ("305", "Limited liability company"),
        "その他の設立登記法人": ("399", "Other registered corporation"), "外国会社等": ("401", "Foreign company"), "その他": ("499", "Other"),
    }),
    "recipient-kind": ("支出先の種類", "Kind of unidentified recipient", {
        "個人（匿名化）": ("individual", "Anonymised individual"),
        "その他（集計）": ("remainder", "Remainder (その他)"),
        "番号のない官公署": ("government-office", "Government office without its own number"),
        "外国の団体": ("foreign", "Foreign body"),
        "法人番号のないその他の支出先": ("other", "Other recipient without a corporate number"),
    }),
    "indicator-kind": ("種別", "Logic-model element", {
        "アクティビティ": ("activity", "Activity"), "アウトプット": ("output", "Output"), "アウトカム": ("outcome", "Outcome"),
    }),
    "outcome-term": ("アウトカムの期間", "Outcome term", {
        "短期": ("short", "Short term"), "中期": ("mid", "Mid term"), "長期": ("long", "Long term"),
    }),
    "team-opinion": ("行政事業レビュー推進チームの所見", "Review team opinion", {
        "現状通り": ("as-is", "Continue as is"),
        "事業内容の一部改善": ("partial-improvement", "Partial improvement"),
        "事業全体の抜本的な改善": ("fundamental-improvement", "Fundamental improvement"),
        "終了予定": ("ending", "Scheduled to end"),
        "廃止": ("abolish", "Abolish"),
        "予定通り終了": ("ending-as-planned", "End as planned"),
    }),
    "account-kind": ("会計区分", "Kind of account", {
        "一般会計": ("general", "General account"),
        "特別会計": ("special", "Special account"),
    }),
    "sheet-type": ("シート種別", "Kind of review sheet", {
        "レビューシート": ("review-sheet", "Review sheet"),
        "基金シート": ("fund-sheet", "Fund sheet"),
    }),
    "reflection": ("概算要求における反映状況", "Reflection in the budget request", {
        "現状通り": ("as-is", "As is"),
        "執行等改善": ("execution-improvement", "Improved execution"),
        "年度内に改善を検討": ("improvement-within-year", "Improvement considered within the year"),
        "縮減": ("reduction", "Reduced"),
        "終了予定": ("ending", "Scheduled to end"),
        "廃止": ("abolish", "Abolished"),
        # the categories pre-2024 sheets print in the column's first cell
        "予定通り終了": ("ending-as-planned", "Ended as planned"),
        "事業内容の一部改善": ("partial-improvement", "Partial improvement"),
        "事業全体の抜本的な改善": ("fundamental-improvement", "Fundamental improvement"),
    }),
    "contract-method": ("契約方式等", "Contract method", {
        "一般競争契約（最低価格）": ("open-lowest-price", "Open tender (lowest price)"),
        "一般競争契約（総合評価）": ("open-best-value", "Open tender (best value)"),
        "指名競争契約（最低価格）": ("nominated-lowest-price", "Nominated tender (lowest price)"),
        "指名競争契約（総合評価）": ("nominated-best-value", "Nominated tender (best value)"),
        "随意契約（公募）": ("negotiated-open-call", "Negotiated contract (open call)"),
        "随意契約（その他）": ("negotiated-other", "Negotiated contract (other)"),
        "随意契約（不落・不調）": ("negotiated-failed-tender", "Negotiated contract after failed tender"),
        "随意契約（企画競争）": ("negotiated-proposal", "Negotiated contract (proposal competition)"),
        "随意契約（少額）": ("negotiated-small", "Negotiated contract (small amount)"),
        "補助金等交付": ("grant", "Grant"),
        "その他": ("other", "Other"),
    }),
}

_INDEX: dict[str, dict[str, str]] = {
    scheme: {key(label): code for label, (code, _) in values.items()} for scheme, (_, _, values) in SCHEMES.items()
}


def code_for(scheme: str, printed: str | None) -> str | None:
    """The concept code for a printed value, or None when it is not in the list."""
    if not printed:
        return None
    return _INDEX[scheme].get(key(printed))
