"""schema.org JSON-LD blocks for search engines; the full data is in each page's .jsonld twin.

A block is written only for a page whose resource has a fitting schema.org type, and carries
only properties that schema.org allows on that type (``domainIncludes``, through its
superclasses): a wrong or catch-all type (``Thing`` with an ``amount``) is worse for a search
engine than none. tests/test_schema_org.py checks the blocks against the schema.org vocabulary.

The kinds (from :func:`rs2rdf.site.view_kinds.page_kind`) map to: sheet and project →
``Project`` funded by a ``MonetaryGrant``; ministry and unit → ``GovernmentOrganization``;
corporation → ``Organization``; law and provision → ``Legislation`` (``url`` the page,
``sameAs`` e-Gov); a code list → ``DefinedTermSet`` and its codes → ``DefinedTerm``; the
vocabulary → ``DefinedTermSet``; a data set (``dataset/…``) → ``Dataset``. Fiscal years,
recipients without a 法人番号 (a person or a body not identified), sources, graphs, sheet
parts and other resources get no block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from rs2rdf.mapping.metadata import FORMATS, PDL
from rs2rdf.mapping.vocab import DCAT, DCTERMS, ELI, RDFS, SKOS
from rs2rdf.site.view import Site

SCHEMA_CONTEXT = "https://schema.org"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
QB_DATASET = "http://purl.org/linked-data/cube#DataSet"
VOID = "http://rdfs.org/ns/void#"
VOID_DATASET = VOID + "Dataset"


def _named(site: Site, doc: str) -> dict[str, Any]:
    name = site.idx.label(doc)
    data: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@id": doc, "name": name["ja"]}
    if name["en"] and name["en"] != name["ja"]:
        data["alternateName"] = name["en"]
    return data


def _page_url(site: Site, doc: str) -> str | None:
    path = site.docs.paths.get(doc)
    return f"{site.idx.base}{path}/" if path is not None and doc.startswith(site.idx.base) else None


def _links(site: Site, doc: str, prefix: str) -> list[str]:
    return sorted(o.value for o in site.idx.values(doc, RDFS + "seeAlso") if isinstance(o, ox.NamedNode) and o.value.startswith(prefix))


def resource_schema(site: Site, doc: str, kind: str) -> dict[str, Any] | None:
    """The block of a resource page, or None when the resource has no fitting schema.org type."""
    idx, V = site.idx, site.V
    if kind in ("ministry", "unit", "corporation"):
        data = _named(site, doc)
        data["@type"] = "Organization" if kind == "corporation" else "GovernmentOrganization"
        number = idx.text(doc, V.corporateNumber)
        if number:
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "法人番号", "value": number}
        same = sorted(o.value for o in idx.values(doc, "http://www.w3.org/2002/07/owl#sameAs") if isinstance(o, ox.NamedNode))
        if same:
            data["sameAs"] = same
        return data
    if kind in ("law", "provision"):
        data = _named(site, doc)
        data["@type"] = "Legislation"
        law_id = idx.text(doc, ELI + "id_local")
        if law_id:
            data["legislationIdentifier"] = law_id
        # the page describes the law; e-Gov publishes its text: the same legislation elsewhere
        url = _page_url(site, doc)
        if url:
            data["url"] = url
        egov = _links(site, doc, "https://laws.e-gov.go.jp/")
        if egov:
            data["sameAs"] = egov[0]
        parent = idx.iri(doc, ELI + "is_part_of")
        if kind == "provision" and parent:
            data["isPartOf"] = {"@type": "Legislation", "@id": parent, "name": idx.label(parent)["ja"]}
        return data
    if kind in ("project", "sheet"):
        data = _named(site, doc)
        data["@type"] = "Project"
        sm = site.money.sheets.get(doc) if kind == "sheet" else None
        latest = sm.budgets[-1] if sm and sm.budgets else None
        ministry = idx.iri(doc, V.responsibleOrganization)
        funder = {"@type": "GovernmentOrganization", "@id": ministry, "name": idx.label(ministry)["ja"]} if ministry else None
        if latest is not None and latest.current is not None:
            grant: dict[str, Any] = {"@type": "MonetaryGrant",
                                     "amount": {"@type": "MonetaryAmount", "currency": "JPY", "value": str(latest.current)}}
            if funder:
                grant["funder"] = funder
            data["funding"] = grant
        if funder:
            data["funder"] = funder
        return data
    if kind == "vocabulary":
        return {**_named(site, doc), "@type": "DefinedTermSet"}
    if kind == "concept":
        data = _named(site, doc)
        if idx.is_a(doc, SKOS + "ConceptScheme"):
            data["@type"] = "DefinedTermSet"
            return data
        data["@type"] = "DefinedTerm"
        code = idx.text(doc, SKOS + "notation")
        if code:
            data["termCode"] = code
        scheme = idx.iri(doc, SKOS + "inScheme")
        if scheme:
            data["inDefinedTermSet"] = scheme
        return data
    if idx.is_a(doc, VOID_DATASET, DCAT + "Dataset"):
        return dataset_schema(site, doc)
    if idx.is_a(doc, QB_DATASET):
        data = _named(site, doc)
        data["@type"] = "Dataset"
        data["license"] = PDL
        return data
    return None


def dataset_schema(site: Site, dataset: str, downloads: Sequence[tuple[str, str, int]] = ()) -> dict[str, Any]:
    """``schema:Dataset`` of the whole data set, from its DCAT description (graph/metadata):
    name, description, licence, temporal coverage, creator and publisher, and the dumps as
    ``DataDownload`` s. ``downloads``: (file extension, absolute URL, bytes) of the dump files
    the build wrote, which the about page lists; without them (the dataset's own page, rendered
    before the files are listed) the dumps its VoID description names, without sizes."""
    idx = site.idx
    data: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": "Dataset", "@id": dataset,
                            "name": idx.text(dataset, DCTERMS + "title") or site.title}
    descriptions = sorted((o.language or "", o.value) for o in idx.values(dataset, DCTERMS + "description") if isinstance(o, ox.Literal))
    if descriptions:
        data["description"] = [{"@language": lang, "@value": text} if lang else text for lang, text in descriptions]
    data["license"] = idx.iri(dataset, DCTERMS + "license") or PDL
    data["inLanguage"] = ["ja", "en"]
    data["isAccessibleForFree"] = True
    data["url"] = f"{idx.base}about/"
    keywords = sorted(o.value for o in idx.values(dataset, DCAT + "keyword") if isinstance(o, ox.Literal))
    if keywords:
        data["keywords"] = keywords
    period = idx.iri(dataset, DCTERMS + "temporal")
    start, end = (idx.text(period, DCAT + "startDate"), idx.text(period, DCAT + "endDate")) if period else (None, None)
    if start and end:
        data["temporalCoverage"] = f"{start}/{end}"
    publisher = idx.iri(dataset, DCTERMS + "publisher")
    name = (idx.text(publisher, FOAF_NAME) if publisher else None) or site.title
    # the dataset is made (and published) by whoever runs rs2rdf, not by the government
    data["creator"] = data["publisher"] = {"@type": "Organization", "name": name}
    if downloads:
        data["distribution"] = [{"@type": "DataDownload", "contentUrl": url, "encodingFormat": FORMATS[ext][0],
                                 "contentSize": f"{size} B"} for ext, url, size in downloads if ext in FORMATS]
    else:
        # the dumps the VoID description names (void:dataDump), without sizes the graph cannot hold
        dumps = sorted(idx.iri_values(dataset, VOID + "dataDump"))
        data["distribution"] = [{"@type": "DataDownload", "contentUrl": url, "encodingFormat": FORMATS[ext][0]}
                                for url in dumps if (ext := url.rsplit(".", 1)[-1]) in FORMATS] or None
        if data["distribution"] is None:
            del data["distribution"]
    return data
