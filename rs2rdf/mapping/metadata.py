"""The dataset's description of itself: DCAT-AP for portals (``catalog.ttl``), VoID for linked-data
clients (``void.ttl``), and, in the dump and the store, the named graph ``graph/metadata``.

One function describes the dataset from a :class:`Description`; the build gives it what it knows
before writing any file (title, base, fiscal years, sources, SPARQL endpoint) for the named graph,
and the site stage adds what only the written output knows (sizes and SHA-256 of the dumps, triple
and entity counts, class and property partitions, link counts, example resources) for the two
files. So the graph in the dump is the files' description less those figures (a dump cannot hold
its own checksum). Nothing depends on the clock: every build of the same input writes the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from rs2rdf.mapping.iris import RS_DOC, content_hash
from rs2rdf.mapping.vocab import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD
from rs2rdf.quads.dump import DUMP_NAME

FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
PDL = "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
ATTRIBUTION = "行政事業レビュー見える化サイトのデータを加工して作成"
#: dcterms:rights, one label a language (a tag says what language the whole text is in).
RIGHTS = (("ja", f"{ATTRIBUTION}。このサイトは政府の公表物ではありません。"),
          ("en", "Made from the data of the 行政事業レビュー見える化サイト (RS system). This is not a government publication."))
DESCRIPTION = (
    ("ja", "行政事業レビューシート（行政事業レビュー見える化サイトの公開データ）を Linked Open Data にしたもの。"
           "事業、予算・執行、支出先と契約、効果発現経路（指標の目標と実績）、根拠法令、所管府省庁と法人を、"
           "元の表の行への出典付きで収める。"),
    ("en", "Japan's administrative project review sheets (the open data of the RS system, 行政事業レビュー見える化サイト) "
           "as linked open data: projects, budgets and execution, recipients and contracts, logic models with indicator "
           "targets and actuals, the laws cited, ministries and corporations, each traced to its source row."),
)
CATALOG_DESCRIPTION = (
    ("ja", "行政事業レビューシートの Linked Open Data のカタログ（データダンプと SPARQL エンドポイント）。"),
    ("en", "Catalogue of the review-sheet linked open data: the dumps and the SPARQL endpoint."),
)
KEYWORDS = (("ja", "行政事業レビュー"), ("ja", "予算"), ("ja", "支出先"), ("en", "public spending"), ("en", "budget"))
LANGUAGE = "http://publications.europa.eu/resource/authority/language/JPN"
#: dump extension → (IANA media type, EU file-type authority code)
FORMATS = {"jsonld": ("application/ld+json", "JSON_LD"), "nq": ("application/n-quads", "RDF_N_QUADS"),
           "nt": ("application/n-triples", "RDF_N_TRIPLES"), "trig": ("application/trig", "RDF_TRIG"),
           "ttl": ("text/turtle", "RDF_TURTLE")}
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
#: Links out, as VoID linksets: name → (predicate, object IRI prefix, target dataset, label)
LINKSETS = {
    "gbizinfo": (OWL + "sameAs", "http://hojin-info.go.jp/data/basic/", "http://hojin-info.go.jp/",
                 "法人番号で gBizINFO の法人へ (owl:sameAs)"),
    "egov": (RDFS + "seeAlso", "https://laws.e-gov.go.jp/", "https://laws.e-gov.go.jp/",
             "法令 ID で e-Gov 法令検索の法令と条・項・号へ (rdfs:seeAlso)"),
    "estat": (DCTERMS + "spatial", "http://data.e-stat.go.jp/lod/sac/", "http://data.e-stat.go.jp/",
              "団体コードで e-Stat 統計LOD の標準地域コードへ (dcterms:spatial)"),
}


@dataclass(frozen=True)
class Description:
    """What the description is made from. The fields after ``endpoint`` are known only once the
    output is written (the site stage); left empty, they are left out."""

    base: str
    title: str
    years: tuple[int, ...] = ()  # fiscal years the data covers (dcterms:temporal)
    sources: tuple[tuple[str, str, str], ...] = ()  # (source IRI, official URL, SHA-256)
    endpoint: str | None = None  # public SPARQL endpoint URL (void:sparqlEndpoint, dcat:DataService)
    publisher: str | None = None  # foaf:name of the publisher; the title when not given
    files: dict[str, tuple[int, str]] = field(default_factory=dict)  # dump extension → (bytes, SHA-256)
    counts: dict[str, int] = field(default_factory=dict)  # triples, subjects, pages
    classes: dict[str, int] = field(default_factory=dict)  # class IRI → instances
    properties: dict[str, int] = field(default_factory=dict)  # property IRI → triples
    links: dict[str, int] = field(default_factory=dict)  # linkset name → triples
    examples: tuple[str, ...] = ()


def _partition_name(iri: str, px: dict[str, str]) -> str:
    for prefix, ns in sorted(px.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(ns):]
        if iri.startswith(ns) and local.replace("_", "").replace("-", "").isalnum():
            return f"{prefix}-{local}"
    return content_hash(iri)


class _Triples:
    def __init__(self) -> None:
        self.out: list[ox.Triple] = []

    def iri(self, s: str, p: str, o: str) -> None:
        self.out.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)))

    def text(self, s: str, p: str, value: str, lang: str | None = None) -> None:
        self.out.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(value, language=lang) if lang else ox.Literal(value)))

    def typed(self, s: str, p: str, value: str, datatype: str) -> None:
        self.out.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(value, datatype=ox.NamedNode(datatype))))

    def count(self, s: str, p: str, n: int) -> None:
        self.typed(s, p, str(n), XSD + "integer")


def dataset_iri(base: str) -> str:
    return base + "dataset/latest"


def describe(d: Description, *, void: bool = True, dcat: bool = True, prefixes: dict[str, str] | None = None,
             in_dump: bool = False) -> list[ox.Triple]:
    """The VoID and/or DCAT-AP description, sorted.

    ``in_dump``: the dataset's description only, for graph/metadata. The catalogue (``catalog``)
    is catalog.ttl's own subject: as a resource of the data it would get a page whose twin is
    that very file. The site's home page is not typed either (it would become a resource)."""
    base, t = d.base, _Triples()
    ds, cat = dataset_iri(base), base + "catalog"
    publisher, rights, period = f"{ds}#publisher", f"{ds}#rights", f"{ds}#temporal"

    # what both views say of the dataset
    for cls in ((VOID + "Dataset",) if void else ()) + ((DCAT + "Dataset",) if dcat else ()):
        t.iri(ds, RDF + "type", cls)
    t.text(ds, DCTERMS + "title", d.title, "ja")
    for lang, text in DESCRIPTION:
        t.text(ds, DCTERMS + "description", text, lang)
    t.iri(ds, DCTERMS + "publisher", publisher)
    t.iri(publisher, RDF + "type", FOAF + "Agent")
    t.text(publisher, FOAF + "name", d.publisher or d.title, "ja")
    t.iri(ds, DCTERMS + "license", PDL)
    t.iri(PDL, RDF + "type", DCTERMS + "LicenseDocument")
    t.text(PDL, RDFS + "label", "公共データ利用規約（第1.0版）", "ja")
    t.iri(ds, DCTERMS + "rights", rights)
    t.iri(rights, RDF + "type", DCTERMS + "RightsStatement")
    for lang, text in RIGHTS:
        t.text(rights, RDFS + "label", text, lang)
    t.iri(ds, DCTERMS + "language", LANGUAGE)
    t.iri(LANGUAGE, RDF + "type", DCTERMS + "LinguisticSystem")
    if d.years:
        t.iri(ds, DCTERMS + "temporal", period)
        t.iri(period, RDF + "type", DCTERMS + "PeriodOfTime")
        t.typed(period, DCAT + "startDate", f"{min(d.years):04d}-04-01", XSD + "date")
        t.typed(period, DCAT + "endDate", f"{max(d.years) + 1:04d}-03-31", XSD + "date")
        t.text(period, RDFS + "label", f"{min(d.years)}–{max(d.years)} 年度", "ja")
    for src, url, sha in d.sources:
        t.iri(ds, DCTERMS + "source", url or src)

    if void:
        t.text(ds, VOID + "uriSpace", base)
        t.iri(ds, VOID + "vocabulary", RS_DOC)
        t.iri(ds, VOID + "rootResource", base)
        if d.endpoint:
            t.iri(ds, VOID + "sparqlEndpoint", d.endpoint)
        for ext in sorted(FORMATS):
            t.iri(ds, VOID + "dataDump", f"{base}data/{DUMP_NAME}.{ext}")
        for example in d.examples:
            t.iri(ds, VOID + "exampleResource", example)
        for key in ("triples", "entities", "documents"):
            source = {"entities": "subjects", "documents": "pages"}.get(key, key)
            if source in d.counts:
                t.count(ds, VOID + key, d.counts[source])
        for name, (predicate, _prefix, target, label) in sorted(LINKSETS.items()):
            ls = f"{ds}#linkset-{name}"
            t.iri(ds, VOID + "subset", ls)
            t.iri(ls, RDF + "type", VOID + "Linkset")
            t.iri(ls, VOID + "subjectsTarget", ds)
            t.iri(ls, VOID + "objectsTarget", target)
            t.iri(target, RDF + "type", VOID + "Dataset")
            t.iri(ls, VOID + "linkPredicate", predicate)
            t.text(ls, RDFS + "label", label, "ja")
            if name in d.links:
                t.count(ls, VOID + "triples", d.links[name])
        px = prefixes or {}
        for cls, n in sorted(d.classes.items()):
            part = f"{ds}#class-{_partition_name(cls, px)}"
            t.iri(ds, VOID + "classPartition", part)
            t.iri(part, VOID + "class", cls)
            t.count(part, VOID + "entities", n)
        for prop, n in sorted(d.properties.items()):
            part = f"{ds}#property-{_partition_name(prop, px)}"
            t.iri(ds, VOID + "propertyPartition", part)
            t.iri(part, VOID + "property", prop)
            t.count(part, VOID + "triples", n)

    if dcat:
        if not in_dump:
            t.iri(cat, RDF + "type", DCAT + "Catalog")
            t.text(cat, DCTERMS + "title", d.title, "ja")
            for lang, text in CATALOG_DESCRIPTION:
                t.text(cat, DCTERMS + "description", text, lang)
            t.iri(cat, DCTERMS + "publisher", publisher)
            t.iri(cat, DCTERMS + "license", PDL)
            t.iri(cat, DCTERMS + "language", LANGUAGE)
            t.iri(cat, FOAF + "homepage", base)
            t.iri(base, RDF + "type", FOAF + "Document")
            t.iri(cat, DCAT + "dataset", ds)
        t.iri(ds, DCAT + "landingPage", base)
        for lang, word in KEYWORDS:
            t.text(ds, DCAT + "keyword", word, lang)
        for ext in sorted(FORMATS):
            media, code = FORMATS[ext]
            url = f"{base}data/{DUMP_NAME}.{ext}"
            dist = f"{ds}#distribution-{ext}"
            t.iri(ds, DCAT + "distribution", dist)
            t.iri(dist, RDF + "type", DCAT + "Distribution")
            t.text(dist, DCTERMS + "title", f"{DUMP_NAME}.{ext}")
            t.iri(dist, DCAT + "accessURL", url)
            t.iri(dist, DCAT + "downloadURL", url)
            t.iri(dist, DCAT + "mediaType", IANA + media)
            t.iri(IANA + media, RDF + "type", DCTERMS + "MediaType")
            t.iri(dist, DCTERMS + "format", FILE_TYPE + code)
            t.iri(FILE_TYPE + code, RDF + "type", DCTERMS + "MediaTypeOrExtent")
            t.iri(dist, DCTERMS + "license", PDL)
            if ext in d.files:
                size, sha = d.files[ext]
                t.typed(dist, DCAT + "byteSize", str(size), XSD + "nonNegativeInteger")
                _checksum(t, dist, f"{ds}#checksum-{ext}", sha)
        if d.endpoint:
            service = f"{ds}#sparql-service"
            if not in_dump:
                t.iri(cat, DCAT + "service", service)
            t.iri(service, RDF + "type", DCAT + "DataService")
            t.text(service, DCTERMS + "title", "SPARQL endpoint", "en")
            t.iri(service, DCAT + "endpointURL", d.endpoint)
            t.iri(service, DCAT + "servesDataset", ds)
            t.iri(service, DCTERMS + "license", PDL)
            t.iri(service, DCTERMS + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
            dist = f"{ds}#sparql"
            t.iri(ds, DCAT + "distribution", dist)
            t.iri(dist, RDF + "type", DCAT + "Distribution")
            t.text(dist, DCTERMS + "title", "SPARQL endpoint", "en")
            t.iri(dist, DCAT + "accessURL", d.endpoint)
            t.iri(dist, DCAT + "accessService", service)
            t.iri(dist, DCTERMS + "license", PDL)
        for src, url, sha in d.sources:
            if url:
                t.iri(src, DCAT + "downloadURL", url)
            if sha:
                _checksum(t, src, f"{src}#checksum", sha)
    return sorted(set(t.out), key=str)


def _checksum(t: _Triples, s: str, node: str, sha: str) -> None:
    t.iri(s, SPDX + "checksum", node)
    t.iri(node, RDF + "type", SPDX + "Checksum")
    t.iri(node, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
    t.typed(node, SPDX + "checksumValue", sha, XSD + "hexBinary")

