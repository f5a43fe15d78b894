"""Namespaces, and the closed list of ``rs:`` terms.

:data:`TERMS` is checked against ``ontology/rs.ttl`` by a test, and :class:`Vocab` refuses
any other name, so a typo fails loudly instead of minting a new property.
"""

from __future__ import annotations

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
QB = "http://purl.org/linked-data/cube#"
SDMX_ATTR = "http://purl.org/linked-data/sdmx/2009/attribute#"
ELI = "http://data.europa.eu/eli/ontology#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
IC = "http://imi.go.jp/ns/core/rdf#"
SCHEMA = "https://schema.org/"

PREFIXES: dict[str, str] = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS, "org": ORG, "qb": QB,
    "sdmx-attribute": SDMX_ATTR, "eli": ELI, "time": TIME, "prov": PROV, "dcat": DCAT, "void": VOID, "ic": IC,
}

#: Currency of every yen amount (ISO 4217 code as a resource in the QUDT-free sense).
JPY = "http://dbpedia.org/resource/Japanese_yen"

CLASSES = (
    "Project", "ReviewSheet", "Ministry", "LawCitation", "ProvisionReference", "Policy", "Plan", "SubsidyRate",
    "ProjectRelation", "BudgetSummary", "BudgetItem", "Indicator", "Activity", "Output", "Outcome", "IndicatorValue",
    "IndicatorLink", "Finding", "SpendingBlock", "FundFlow", "Overhead", "Payment", "Contract", "ExpenseLine",
    "ObligationContract", "UnidentifiedRecipient", "ChecklistItem", "SourceFile", "SheetMatch",
)

PROPERTIES = (
    # project and sheet
    "sheet", "project", "reviewYear", "year", "sheetType", "projectName", "projectCategory", "majorExpense",
    "implementationMethod", "policyMinistry", "responsibleOrganization", "responsibleUnit", "coResponsibleUnit",
    "responsiblePerson", "purpose", "currentIssues", "overview", "overviewUrl", "startYear", "startYearUnknown",
    "startsBefore", "endYear", "noPlannedEnd", "remarks", "formerProjectNumber", "printedProjectNumber",
    "displayOrder", "accountCategory", "pastProjectNumber", "sourceKind", "ministryOrder", "matchedSheet",
    "matchMethod", "evidence", "mainPolicy", "unitCost",
    # organisations
    "corporateNumber", "corporateNumberValid", "corporateCategory", "corporateKind", "localGovernmentCode",
    "registrationNumber", "address", "unitPath", "abbreviation",
    # policy, laws, plans
    "policy", "measure", "url", "lawCitation", "law", "lawTitle", "printedTitle", "printedLawNumber", "printedLawId",
    "printedArticle", "printedParagraph", "printedItem", "linkMethod", "citedProvision", "provision",
    "article", "paragraph", "item", "lawNumber", "plan", "subsidyRate", "subsidyTarget", "rate", "cap",
    "relation", "relatedProject", "relationType", "relatedProjectName", "targetInBuild", "number",
    # budget
    "budgetYear", "accountKind", "account", "subAccount", "initialBudget", "supplementaryBudget",
    "supplementaryBudget1", "supplementaryBudget2", "supplementaryBudget3", "supplementaryBudget4",
    "supplementaryBudget5", "carriedOverIn", "reserveFunds", "reserveFunds1", "reserveFunds2", "reserveFunds3",
    "reserveFunds4", "currentBudget", "execution", "executionRate", "carriedOverOut", "nextYearRequest",
    "priorityRequest", "changeReason", "note", "isAggregate", "budgetType", "jurisdiction", "budgetOrganization",
    "budgetItemKou", "budgetItemMoku", "itemNote", "amount", "sourceUnit", "printedAmount",
    # logic model
    "indicator", "indicatorKind", "outcomeTerm", "goalKind", "description", "indicatorName", "unit", "direction",
    "dataSource", "qualitativeReason", "qualitativeResult", "kpiDocument", "kpiSection", "kpiUrl", "targetValue",
    "actualValue", "achievementRatePercent", "isTargetYear", "from", "to", "explanation", "singleStageReason",
    "leadsTo",
    # evaluation
    "checkResult", "improvementDirection", "effectEvaluation", "externalReviewLastYear", "externalReviewTarget",
    "externalReviewReason", "externalOpinion", "publicProcessSummary", "teamOpinion", "teamOpinionDetail",
    "reflection", "reflectionDetail", "reflectedAmountGeneral", "reflectedSpecialAccount",
    "reflectedSpecialSubAccount", "reflectedAmountSpecial", "finding", "findingKind", "findingCategory",
    "findingYear", "findingContent", "findingResponse", "checklistItem", "checkMark",
    # spending
    "block", "blockLetter", "role", "payeeCount", "fromAgency", "fromBlock", "toBlock", "flowNote", "overheadKind",
    "overheadItem", "payment", "recipient", "recipientKind", "printedName", "isRemainder", "rank", "businessSummary",
    "contract", "contractSummary", "contractMethod", "contractMethodDetail", "bidderCount", "winningBidRatePercent",
    "singleBidReason", "expenseCategory", "use", "obligationContract", "expenseLine", "fundsBlock",
    # provenance
    "sha256", "table",
)

TERMS = frozenset(CLASSES + PROPERTIES)


class Vocab:
    """``V.amount`` → the full IRI; unknown names raise AttributeError."""

    def __init__(self, namespace: str) -> None:
        self._ns = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in TERMS:
            raise AttributeError(f"rs:{name} is not a term of the rs2rdf vocabulary")
        return self._ns + name

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name)
