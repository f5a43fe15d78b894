"""Resources that many records mention, written once at the end of a mapping run:
projects, organisations (one per 法人番号), ministries and units, laws and provisions,
fiscal years and the code lists."""

from __future__ import annotations

from collections.abc import Mapping

from rs2rdf.sources.normalize import ids
from rs2rdf.sources.normalize.eras import fiscal_year_label_ja
from rs2rdf.mapping import cube
from rs2rdf.mapping.codes import SCHEMES
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.egov_links import egov_law_url, egov_provision_url
from rs2rdf.mapping.labels import provision_label
from rs2rdf.mapping.orgs import OrgLinker
from rs2rdf.mapping.vocab import DCTERMS, ELI, ORG, OWL, RDFS, SKOS, TIME, IC

LABEL = RDFS + "label"
PREF = SKOS + "prefLabel"
ALT = SKOS + "altLabel"
SEE = RDFS + "seeAlso"
NTA_PAGE = "https://www.houjin-bangou.nta.go.jp/henkorireki-johoto.html?selHouzinNo={}"
GBIZ_PAGE = "https://info.gbiz.go.jp/hojin/ichiran?hojinBango={}"
#: e-Stat 統計LOD 標準地域コード: ``C`` + the 5-digit code (``…/sac/C13101``, 千代田区); the dated
#: ``C13101-19700401`` resources are its versions between boundary changes.
SAC_IRI = "http://data.e-stat.go.jp/lod/sac/C{}"
GBIZ_IRI = "http://hojin-info.go.jp/data/basic/{}"  # gBizINFO LOD: a corporation is data/basic/{法人番号} (data/ext/… are its activity records)


def _most_common(counter: Mapping[str, int]) -> str | None:
    """Most frequent printed form; ties go to the smallest string so output is stable."""
    if not counter:
        return None
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def projects(ctx: Context) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.entities
    for pid in sorted(ctx.projects):
        years = ctx.projects[pid]
        s = ctx.iris.project(pid)
        e.type(s, V.Project, g)
        e.plain(s, DCTERMS + "identifier", str(pid), g)
        e.text(s, LABEL, years[max(years)], g)
        for name in sorted(set(years.values()) - {years[max(years)]}):
            e.text(s, ALT, name, g)


def organisations(ctx: Context, link: OrgLinker) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.entities
    ministries = {m.corporate_number: m for m in link.used_ministries.values() if m.corporate_number}
    for number in sorted(ctx.orgs):
        facts = ctx.orgs[number]
        s = ctx.iris.org(number)
        valid = ids.is_valid_corporate_number(number)
        category = ids.corporate_category(number) if valid else "unknown"
        e.type(s, ORG + "Organization", g)
        e.type(s, IC + "法人型", g)
        if category in ("national-organ", "local-government"):
            e.type(s, ORG + "FormalOrganization", g)
        e.plain(s, V.corporateNumber, number, g)
        e.boolean(s, V.corporateNumberValid, valid, g)
        e.iri(s, V.corporateCategory, ctx.iris.concept("corporate-category", category), g)
        if number not in ministries:
            name = _most_common(facts.names)
            e.text(s, PREF, name, g)
            e.text(s, LABEL, name, g)
            for other in sorted(set(facts.names) - {name}):
                e.text(s, ALT, other, g)
        address = _most_common(facts.addresses)
        e.text(s, V.address, address, g)
        kind = _most_common(facts.kinds)
        if kind and kind.isdigit():
            e.iri(s, V.corporateKind, ctx.iris.concept("corporate-kind", kind), g)
        if valid:
            _imi_alignment(ctx, s, number)
            lg = ids.local_government_code(number)
            e.plain(s, V.localGovernmentCode, lg, g)
            area = ids.standard_area_code(lg)
            if area:
                # the area the local government governs, as e-Stat's 統計LOD names it (the
                # current code, not one dated version of it)
                e.iri(s, DCTERMS + "spatial", SAC_IRI.format(area), g)
            reg = ids.registration_number(number)
            e.plain(s, V.registrationNumber, reg, g)
            e.iri(s, OWL + "sameAs", GBIZ_IRI.format(number), g)
            e.iri(s, SEE, NTA_PAGE.format(number), g)
            e.iri(s, SEE, GBIZ_PAGE.format(number), g)


def _imi_alignment(ctx: Context, org: str, number: str) -> None:
    """gBizINFO-style ``ic:ID`` structure in its own graph, with a hash IRI instead of a
    blank node, so IMI-style queries work while the core graph stays flat."""
    e, g = ctx.emitter, ctx.iris.graph("alignment-imi")
    ident = f"{org}#corporate-number"
    e.iri(org, IC + "ID", ident, g)
    e.type(ident, IC + "ID型", g)
    e.iri(ident, IC + "体系", "http://imi.go.jp/ns/code_id/id/corporateNumber", g)
    e.plain(ident, IC + "識別値", number, g)


def ministries(ctx: Context, link: OrgLinker) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.reference
    for key in sorted(link.used_ministries):
        m = link.used_ministries[key]
        s = ctx.iris.org(m.key)
        e.type(s, ORG + "FormalOrganization", g)
        e.type(s, ORG + "Organization", g)
        e.type(s, V.Ministry, g)
        e.type(s, IC + "組織型", g)
        e.text(s, PREF, m.name_ja, g)
        e.text(s, LABEL, m.name_ja, g)
        e.text(s, PREF, m.name_en, g, lang="en")
        e.text(s, LABEL, m.name_en, g, lang="en")
        for alias in sorted(set(m.aliases) - {m.name_ja}):
            e.text(s, ALT, alias, g)
        e.plain(s, V.abbreviation, m.abbreviation, g)
        e.integer(s, V.ministryOrder, m.kenseijun, g)
        if m.corporate_number:
            e.plain(s, V.corporateNumber, m.corporate_number, g)
            _imi_alignment(ctx, s, m.corporate_number)
            e.iri(s, OWL + "sameAs", GBIZ_IRI.format(m.corporate_number), g)
            e.iri(s, SEE, NTA_PAGE.format(m.corporate_number), g)
        if m.wikidata:
            wd = m.wikidata if m.wikidata.startswith("http") else f"http://www.wikidata.org/entity/{m.wikidata}"
            e.iri(s, OWL + "sameAs", wd, g)
        for former in link.table.retired_for(m):
            # the IRI it had while the table knew no 法人番号 (id/org/name-…): still the same organ,
            # and the site, serve and the server rules redirect it (301) here
            old = ctx.iris.org(former)
            e.iri(old, OWL + "sameAs", s, g)
            e.iri(old, DCTERMS + "isReplacedBy", s, g)
            e.iri(s, DCTERMS + "replaces", old, g)
        if m.parent:
            parent = ctx.iris.org(m.parent)
            e.iri(s, ORG + "subOrganizationOf", parent, g)
            e.iri(parent, ORG + "hasSubOrganization", s, g)


def units(ctx: Context) -> None:
    e, g = ctx.emitter, ctx.entities
    for iri in sorted(ctx.units):
        parent, _key, path = ctx.units[iri]
        e.type(iri, ORG + "OrganizationalUnit", g)
        e.text(iri, PREF, path[-1], g)
        e.text(iri, LABEL, path[-1], g)
        e.text(iri, ctx.V.unitPath, " / ".join(path), g)
        ministry_iri = iri.split("/unit/")[0]
        e.iri(iri, ORG + "unitOf", ministry_iri, g)
        e.iri(ministry_iri, ORG + "hasUnit", iri, g)
        if parent != ministry_iri:
            e.iri(iri, ORG + "subOrganizationOf", parent, g)


def laws(ctx: Context) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.entities
    for law_id in sorted(ctx.laws):
        facts = ctx.laws[law_id]
        s = ctx.iris.law(law_id)
        e.type(s, ELI + "LegalResource", g)
        e.plain(s, ELI + "id_local", law_id, g)
        title = _most_common(facts.titles)
        e.text(s, PREF, title, g)
        e.text(s, LABEL, title, g)
        for other in sorted(set(facts.titles) - {title}):
            e.text(s, ALT, other, g)
        e.text(s, V.lawNumber, _most_common(facts.numbers), g)
        try:
            kind = ids.law_type(law_id)
            e.iri(s, ELI + "type_document", ctx.iris.concept("law-type", kind), g)
        except (ValueError, KeyError):
            pass
        e.iri(s, SEE, egov_law_url(law_id), g)
        done: set[tuple[str, ...]] = set()
        for parts in sorted(facts.provisions):
            for depth in range(1, len(parts) + 1):
                sub = parts[:depth]
                if sub in done:
                    continue
                done.add(sub)
                p = ctx.iris.provision(law_id, list(sub))
                parent = ctx.iris.provision(law_id, list(sub[:-1])) if depth > 1 else s
                e.type(p, ELI + "LegalResourceSubdivision", g)
                e.iri(p, ELI + "is_part_of", parent, g)
                e.iri(parent, ELI + "has_part", p, g)
                # every level carries the numbers of the levels above it: a paragraph names its article
                for prop, number in zip((V.article, V.paragraph, V.item), sub):
                    e.plain(p, prop, number, g)
                e.text(p, LABEL, (title or law_id) + _label(sub), g)
                article_url = egov_provision_url(law_id, sub)
                if article_url:
                    e.iri(p, SEE, article_url, g)


def _label(parts: tuple[str, ...]) -> str:
    return provision_label(*(list(parts) + [None, None, None])[:3])


def fiscal_years(ctx: Context) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.reference
    for y in sorted(ctx.fiscal_years):
        s = ctx.iris.fiscal_year(y)
        e.type(s, TIME + "ProperInterval", g)
        e.text(s, LABEL, fiscal_year_label_ja(y), g)
        e.text(s, LABEL, f"FY{y}", g, lang="en")
        e.year(s, V.year, y, g)
        e.iri(s, TIME + "hasBeginning", f"{s}#begin", g)
        e.iri(s, TIME + "hasEnd", f"{s}#end", g)
        e.date(f"{s}#begin", TIME + "inXSDDate", f"{y:04d}-04-01", g)
        e.date(f"{s}#end", TIME + "inXSDDate", f"{y + 1:04d}-03-31", g)


LAW_TYPES = {
    "Constitution": ("憲法", "Constitution"), "Act": ("法律", "Act"), "CabinetOrder": ("政令", "Cabinet Order"),
    "ImperialOrder": ("勅令", "Imperial Order"), "MinisterialOrdinance": ("府省令", "Ministerial Ordinance"),
    "Rule": ("規則", "Rule"),
}


def code_lists(ctx: Context) -> None:
    e, g = ctx.emitter, ctx.reference
    schemes = {k: (ja, en, {code: (label, en_label) for label, (code, en_label) in values.items()})
               for k, (ja, en, values) in SCHEMES.items()}
    schemes["law-type"] = ("法令の種別", "Type of law", {k: v for k, v in LAW_TYPES.items()})
    # printed values outside their code list (mapping.coded), labelled as printed
    for (name, c), label in sorted(ctx.codes.items()):
        if name in SCHEMES:
            schemes[name][2].setdefault(c, (label, ""))
    # the cube's code lists: fixed codes, and the accounts and items the sheets name (printed labels)
    for name, (ja, en, fixed) in cube.SCHEMES.items():
        found = {c: (label, "") for (scheme, c), label in ctx.codes.items() if scheme == name}
        if found:
            schemes[name] = (ja, en, {**found, **fixed})
    for name in sorted(schemes):
        ja, en, values = schemes[name]
        scheme = ctx.iris.concept(name)
        e.type(scheme, SKOS + "ConceptScheme", g)
        e.text(scheme, PREF, ja, g)
        e.text(scheme, PREF, en, g, lang="en")
        e.text(scheme, LABEL, ja, g)
        for code in sorted(values):
            label, en_label = values[code]
            c = ctx.iris.concept(name, code)
            e.type(c, SKOS + "Concept", g)
            e.iri(c, SKOS + "inScheme", scheme, g)
            # flat lists: every concept is a top concept, so SKOS browsers can walk the scheme
            e.iri(c, SKOS + "topConceptOf", scheme, g)
            e.iri(scheme, SKOS + "hasTopConcept", c, g)
            e.plain(c, SKOS + "notation", code, g)
            e.text(c, PREF, label, g)
            e.text(c, LABEL, label, g)
            if en_label:
                e.text(c, PREF, en_label, g, lang="en")


def datasets(ctx: Context, names: set[str]) -> None:
    """The Data Cube data sets the observations point at, with their structure (see mapping.cube)."""
    cube.structures(ctx, names)
