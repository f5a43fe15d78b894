"""Graph → plain dicts, one per page: templates only loop and print (no RDF in templates).

Labels of properties and classes come from the ontology (``rdfs:label`` @ja/@en, loaded with
the graph) or, for reused terms, from ``reused_terms.ttl``; nothing here names a field by hand
except to pick *which* values feed a chart or table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import pyoxigraph as ox

from rs2rdf.quads.dump import prefixes
from rs2rdf.mapping.vocab import RDF, XSD, Vocab
from rs2rdf.site import html
from rs2rdf.site.amounts import yen
from rs2rdf.site.money import Money, exact
from rs2rdf.site.index import Documents, GraphIndex, is_iri
from rs2rdf.mapping.iris import RS_DOC
from rs2rdf.site.paths import fragment_href, page_file, published, relative_url, split_iri, twin_file

#: Backlinks shown per predicate before the rest go into collapsed chunks, and the chunk size.
FIRST_BACKLINKS = 40
CHUNK = 400
#: Beyond this many backlinks per predicate the page says "and N more" and points to the .ttl twin.
MAX_BACKLINKS = 4000
MONEY_HINTS = ("amount", "budget", "execution", "carriedover", "reserve", "request", "reflectedamount")
NUMERIC = {XSD + "decimal", XSD + "integer", XSD + "double", XSD + "float"}

Value = dict[str, Any]


@dataclass
class Site:
    """Everything a view needs: the indexes, where each document lives, and site-level facts."""

    idx: GraphIndex
    docs: Documents
    vocab: str
    title: str
    has_validation: bool

    def __post_init__(self) -> None:
        #: ``V.reviewYear`` rather than ``vocab + "reviewYear"``: a misspelt term fails in mypy, not in the pages
        self.V = Vocab(self.vocab)
        self._namespaces = sorted(prefixes(self.idx.base).items(), key=lambda kv: -len(kv[1]))
        self._curies: dict[str, str] = {}
        self._rels: dict[tuple[str, str], str] = {}
        self._row_heads: dict[str, str] = {}
        self._links_page = ""
        self._links: dict[str, str] = {}
        self._literals: dict[tuple[str, str], str] = {}
        #: the money tables (:func:`rs2rdf.site.money.build_money`), filled once before pages render
        self.money = Money()

    def curie(self, iri: str) -> str:
        found = self._curies.get(iri)
        if found is None:
            found = next((f"{prefix}:{iri[len(ns):]}" for prefix, ns in self._namespaces if iri.startswith(ns)), iri)
            if len(self._curies) < 1 << 16:  # predicates and classes repeat; resource IRIs mostly do not
                self._curies[iri] = found
        return found

    def href(self, from_file: str, iri: str) -> str | None:
        """Relative link to the page (and anchor) showing ``iri``, or None when nothing shows it."""
        found = self.docs.locate(iri)
        if found is None:
            doc = split_iri(iri)[0]
            if doc in self.docs.members:
                return self._to_page(from_file, doc)
            return None
        doc, anchor = found
        page = self._to_page(from_file, doc)
        return page + fragment_href(anchor) if anchor else page

    def _to_page(self, from_file: str, doc: str) -> str:
        """Relative link to a document's page; a page links to the same few pages many times."""
        key = (from_file, doc)
        found = self._rels.get(key)
        if found is None:
            if len(self._rels) >= 1 << 16:
                self._rels.clear()
            found = self._rels[key] = relative_url(from_file, page_file(self.docs.paths[doc]))
        return found

    def link(self, from_file: str, iri: str) -> Value:
        """A value pointing at a resource: label, and an internal or external href."""
        href = self.href(from_file, iri)
        external = href is None and iri.startswith(("http://", "https://")) and not published(iri, self.idx.base)
        label = self.idx.label(iri)
        if href is None and iri not in self.idx.labels and not self.idx.term_labels.get(iri):
            label = {"ja": self.curie(iri), "en": self.curie(iri)}
        return {"label": label, "href": href if href is not None else (iri if external else None),
                "external": external, "iri": iri}

    def predicate_label(self, p: str) -> dict[str, str]:
        """A property's label as a field name: English starts with a capital ("Source kind")."""
        if p in self.idx.labels or p in self.idx.term_labels:
            label = self.idx.label(p)
            en = label["en"]
            return {"ja": label["ja"], "en": en[:1].upper() + en[1:]}
        return {"ja": self.curie(p), "en": self.curie(p)}

    def row_head(self, p: str) -> str:
        """A property table row up to its value cell: the same for a predicate on every page."""
        found = self._row_heads.get(p)
        if found is None:
            found = self._row_heads[p] = (f'<tr><th scope="row"><span title="{html.escape(self.curie(p))}">'
                                          f'{html.t(self.predicate_label(p))}</span></th>\n<td>')
        return found

    def link_html(self, from_file: str, iri: str) -> str:
        """``html.link(self.link(from_file, iri))``, kept while one page is rendered (pages link
        to the same sheet, years and codes from every member)."""
        if from_file != self._links_page:
            self._links_page = from_file
            self._links = {}
        found = self._links.get(iri)
        if found is None:
            found = self._links[iri] = html.link(self.link(from_file, iri))
        return found

    def literal_html(self, p: str, text: str) -> str:
        """``html.value(format_literal(…))`` of an object given as N-Triples text; years, flags,
        codes and units repeat across pages, so the markup is kept per (predicate, literal)."""
        key = (p, text)
        found = self._literals.get(key)
        if found is None:
            obj = self.idx.term(text)
            v = format_literal(obj, p) if isinstance(obj, ox.Literal) else {"text": str(obj), "lang": "", "href": None}
            found = html.value(v)
            if len(self._literals) >= 1 << 17:
                self._literals.clear()
            self._literals[key] = found
        return found


#: xsd:boolean values in the page's language (「はい / yes」 showed both in either mode).
BOOLEAN = {"true": {"ja": "はい", "en": "yes"}, "false": {"ja": "いいえ", "en": "no"},
           "1": {"ja": "はい", "en": "yes"}, "0": {"ja": "いいえ", "en": "no"}}


#: Codes the data keeps short that a reader should see spelt out, by property local name.
CODE_TEXT = {
    ("sourceKind", "rs"): {"ja": "RS システムの CSV", "en": "RS system CSV"},
    ("sourceKind", "sheet"): {"ja": "府省庁が公表したシート（xlsx・PDF）", "en": "Sheet published by the ministry (xlsx, PDF)"},
    ("sourceKind", "database"): {"ja": "主要事項データベース", "en": "Review database workbook"},
}


def format_literal(lit: ox.Literal, predicate: str) -> Value:
    dt = lit.datatype.value if lit.datatype is not None else ""
    text = lit.value
    code = CODE_TEXT.get((predicate.rsplit("#", 1)[-1], text))
    if code is not None:
        return {"label": code, "href": None, "iri": "", "external": False}
    if dt in NUMERIC:
        local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
        number = exact(text)  # exact: a float would round yen beyond 2**53
        if number is not None and any(h in local for h in MONEY_HINTS) and "rate" not in local and "count" not in local:
            text = yen(number)
        elif isinstance(number, int) and abs(number) >= 10000:
            text = f"{number:,}"
    elif dt == XSD + "boolean" and text in BOOLEAN:
        return {"label": BOOLEAN[text], "href": None, "iri": "", "external": False}
    return {"text": text, "lang": lit.language or "", "href": None}


def values_of(site: Site, from_file: str, pairs: list[tuple[str, Any]], skip: frozenset[str] = frozenset()) -> list[Value]:
    """Property rows of one resource: predicate label + its values, in predicate order."""
    rows: list[Value] = []
    current: Value | None = None
    for p, o in pairs:
        if p in skip:
            continue
        if current is None or current["iri"] != p:
            current = {"iri": p, "label": site.predicate_label(p), "curie": site.curie(p), "values": [], "more": 0}
            rows.append(current)
        if len(current["values"]) >= MAX_VALUES:
            current["more"] += 1
            continue
        if isinstance(o, ox.NamedNode):
            current["values"].append(site.link(from_file, o.value))
        elif isinstance(o, ox.Literal):
            current["values"].append(format_literal(o, p))
        else:
            current["values"].append({"text": str(o), "lang": "", "href": None})
    return rows


class PropertyRows(Sequence[Value]):
    """One resource's property rows (``values_of``), made only if a template reads them.

    The shipped templates print them with ``html.props``, which asks for :meth:`rows_html`:
    that writes the rows straight from the index's pairs. Sheet pages hold thousands of
    member rows, and building a dict per row and per value first was a third of their
    render time. The markup is the same either way.
    """

    __slots__ = ("_site", "_from_file", "_subject", "_skip", "_rows")

    def __init__(self, site: Site, from_file: str, subject: str, skip: frozenset[str] = frozenset()) -> None:
        self._site, self._from_file, self._subject, self._skip = site, from_file, subject, skip
        self._rows: list[Value] | None = None

    def _values(self) -> list[Value]:
        if self._rows is None:
            self._rows = values_of(self._site, self._from_file, self._site.idx.props(self._subject), self._skip)
        return self._rows

    def __getitem__(self, i: Any) -> Any:
        return self._values()[i]

    def __len__(self) -> int:
        return len(self._values())

    def __iter__(self) -> Iterator[Value]:
        return iter(self._values())

    def __bool__(self) -> bool:
        flat = self._site.idx.out.get(self._subject, ())
        return any(p not in self._skip for p in flat[::2])

    def rows_html(self) -> str:
        site, here, skip = self._site, self._from_file, self._skip
        flat = site.idx.out.get(self._subject, ())
        out: list[str] = []
        current = None
        cells: list[str] = []
        for i in range(0, len(flat), 2):
            p = flat[i]
            if p in skip:
                continue
            if p != current:
                if current is not None:
                    out.append(_row(site, current, cells))
                current, cells = p, []
            o = flat[i + 1]
            if is_iri(o):
                cells.append(site.link_html(here, o))
            else:
                cells.append(site.literal_html(p, o))
        if current is not None:
            out.append(_row(site, current, cells))
        return "".join(out)


#: Values of one property shown on a page; the rest are counted (all are in the page's .ttl twin).
#: A block of 40,000 payees once made its sheet page 11 MB.
MAX_VALUES = 100


def _row(site: Site, p: str, cells: list[str]) -> str:
    if len(cells) == 1:
        cell = cells[0]
    else:
        shown = "".join(f"<li>{c}</li>" for c in cells[:MAX_VALUES])
        if len(cells) > MAX_VALUES:
            shown += f'<li class="muted">{html.more_note(len(cells) - MAX_VALUES)}</li>'
        cell = f'<ul class="vals">{shown}</ul>'
    return f"{site.row_head(p)}{cell}</td></tr>\n"


def type_labels(site: Site, iri: str) -> list[dict[str, str]]:
    return [site.idx.label(t) for t in sorted(site.idx.types.get(iri, ()))]


_NO_TYPE = frozenset({RDF + "type"})


#: Members shown as one line each (an anchor, a label and their literal values) instead of a
#: property table: a sheet holds a Data Cube observation per figure, and their tables made
#: a sheet page 360 KB heavier; every triple stays in the page's .ttl twin.
COMPACT_CLASSES = frozenset({"http://purl.org/linked-data/cube#Observation"})


def compact_values(site: Site, m: str) -> str:
    """The literal values of a member as markup, for its one-line entry."""
    flat = site.idx.out.get(m, ())
    return " · ".join(site.literal_html(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)
                      if not is_iri(flat[i + 1]) and flat[i] != RDF + "type")


def member_blocks(site: Site, doc: str, from_file: str) -> list[Value]:
    """Every resource shown inside this page, grouped by its (first) class, each with an anchor."""
    groups: dict[str, list[Value]] = {}
    for m in site.docs.members.get(doc, []):
        if m == doc:
            continue
        anchor = site.docs.locate(m)
        types = sorted(site.idx.types.get(m, ()))
        key = next((t for t in types if t.startswith(site.vocab)), types[0] if types else "")
        item: Value = {"id": anchor[1] if anchor else m, "self": fragment_href(anchor[1] if anchor else m), "iri": m,
                       "title": site.idx.label(m), "types": type_labels(site, m)}
        if key in COMPACT_CLASSES:
            item["compact"] = compact_values(site, m)
        else:
            item["props"] = PropertyRows(site, from_file, m, _NO_TYPE)
        groups.setdefault(key, []).append(item)
    out = []
    for key in sorted(groups):
        label = site.idx.label(key) if key else {"ja": "その他", "en": "Other"}
        out.append({"type": label, "items": groups[key]})
    return out


#: Headings for links *into* a page where the property's own label reads the wrong way round
#: (a bureau's page listed its divisions under 「上位組織」, the label of subOrganizationOf).
INVERSE_LABELS = {
    "http://www.w3.org/ns/org#subOrganizationOf": {"ja": "下位の組織", "en": "Sub-organisations"},
    "http://www.w3.org/ns/org#unitOf": {"ja": "所属する組織単位", "en": "Units"},
    "http://www.w3.org/ns/org#hasUnit": {"ja": "所属先の組織", "en": "Unit of"},
    "http://www.w3.org/ns/org#hasSubOrganization": {"ja": "上位の組織", "en": "Part of"},
}


def backlinks(site: Site, doc: str, from_file: str) -> list[Value]:
    """Links into this page from other pages, grouped by predicate and deduplicated per source."""
    by_pred: dict[str, dict[str, Value]] = {}
    counts: dict[str, int] = {}
    members = set(site.docs.members.get(doc, [doc]))
    for m in site.docs.members.get(doc, [doc]):
        for s, p in site.idx.incoming(m):
            if s in members:
                continue
            counts[p] = counts.get(p, 0) + 1
            bucket = by_pred.setdefault(p, {})
            if len(bucket) >= MAX_BACKLINKS or s in bucket:
                continue
            bucket[s] = site.link(from_file, s)
            found = site.docs.locate(s)
            if found and found[1]:
                bucket[s]["context"] = site.idx.label(found[0])
    out = []
    for p in sorted(by_pred):
        items = sorted(by_pred[p].values(), key=lambda v: (v.get("context", {}).get("ja", ""), v["label"]["ja"], v["iri"]))
        first, rest = items[:FIRST_BACKLINKS], items[FIRST_BACKLINKS:]
        chunks = [rest[i:i + CHUNK] for i in range(0, len(rest), CHUNK)]
        label = INVERSE_LABELS.get(p) or site.predicate_label(p)  # a field name, as in the property rows
        out.append({"label": label, "curie": site.curie(p), "first": first,
                    "chunks": [{"start": FIRST_BACKLINKS + i * CHUNK + 1, "end": FIRST_BACKLINKS + i * CHUNK + len(c), "items": c}
                               for i, c in enumerate(chunks)],
                    "total": counts[p], "omitted": max(0, counts[p] - len(items))})
    return out


def common(site: Site, doc: str, kind: str) -> Value:
    """The parts every resource page has: title, types, twins, own properties, members, backlinks."""
    path = site.docs.paths[doc]
    here = page_file(path)
    return {
        "kind": kind, "iri": doc, "file": here, "title": site.idx.label(doc), "types": type_labels(site, doc),
        "twins": {"ttl": relative_url(here, twin_file(path, "ttl")), "jsonld": relative_url(here, twin_file(path, "jsonld"))},
        "props": PropertyRows(site, here, doc),
        "members": member_blocks(site, doc, here),
        "backlinks": backlinks(site, doc, here),
        "nav": nav(site, here),
        "sections": {},
    }


def nav(site: Site, here: str) -> Value:
    """Links every page's header and footer needs, relative to this page."""
    vocab_doc = RS_DOC
    vocab = page_file(site.docs.paths[vocab_doc]) if vocab_doc in site.docs.paths else None
    return site_nav(here, site.title, vocab, site.has_validation)


def site_nav(here: str, title: str, vocab_file: str | None, has_validation: bool) -> Value:
    """:func:`nav` for pages made without the site's index (the validation report)."""
    def to(f: str) -> str:
        return relative_url(here, f)
    return {
        "home": to("index.html"), "search": to("search/index.html"), "about": to("about/index.html"),
        "explore": to("explore/index.html"), "recipients": to("recipients/index.html"),
        "contracts": to("contracts/index.html"),
        "vocab": to(vocab_file) if vocab_file else None,
        "css": to("static/site.css"), "js": to("static/site.js"), "search_js": to("static/search.js"),
        "search_data": to("search/search-index.js"),
        "validation": to("validation/index.html") if has_validation else None,
        "site_title": title, "root": to("index.html")[: -len("index.html")] or "./",
    }
