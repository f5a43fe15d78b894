"""Plain-dict indexes over the graph, built in one pass so every page is a few dict look-ups.

A full review year is millions of quads: one Python pass costs a couple of seconds, whereas
per-page SPARQL would cost that per thousand pages. The indexes are built before the render
workers fork, so they are shared copy-on-write.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from rs2rdf.mapping.vocab import ELI, ORG, OWL, PROV, RDFS, SKOS, TIME
from rs2rdf.mapping.emit import Row
from rs2rdf.quads.dump import distinct_triples, sort_rows
from rs2rdf.quads.nquads import Terms, literal_language, literal_lexical, read_triples
from rs2rdf.site.paths import iri_to_path, published, root_of, split_iri
from rs2rdf.site.subject_runs import (
    LABEL_PREDICATES,
    TYPE,
    SubjectRuns,
    NotOwnDump,
    add_type,
    by_predicate,
    label_texts,
    link_targets,
    scan_dump,
)

#: N-Triples dumps up to this size (about one review year of 5,700 projects) have every
#: subject's pairs held in memory; larger ones are read back from the dump when a page asks
#: (:class:`SubjectRuns`): the render takes a quarter more CPU, and the index a third less memory
#: for each year the build holds
HELD_BYTES = 1_500_000_000
REUSED_TERMS = Path(__file__).with_name("reused_terms.ttl")
IMI_VALUE = "http://imi.go.jp/ns/core/rdf#識別値"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class GraphIndex:
    """Subjects, forward and backward links, types and labels of one graph."""

    base: str
    #: subject → predicate IRI, object, predicate, object … (pairs sorted, flat: a tuple per
    #: pair would cost a full year several hundred MB), held or, for large dumps, read back
    #: on demand (:class:`SubjectRuns`). An IRI object is the IRI itself; any other object is
    #: its N-Triples text (see :func:`is_iri`). Terms are made on demand (``props``).
    out: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: object IRI → subject, predicate, subject, predicate … (pairs sorted, flat)
    inc: dict[str, tuple[str, ...]] = field(default_factory=dict)
    types: dict[str, frozenset[str]] = field(default_factory=dict)
    #: subject → the N-Triples text of its label literal, or a tuple of them (one per language),
    #: decoded when a page asks (:meth:`label_map`)
    labels: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    term_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    terms: Terms = field(default_factory=Terms)
    #: distinct triples in the graph
    triples: int = 0

    @classmethod
    def from_ntriples(cls, path: Path, base: str, held: bool | None = None) -> "GraphIndex":
        """The index of our own N-Triples dump (sorted and distinct).

        ``held``: keep every subject's pairs in memory (the default for dumps up to
        :data:`HELD_BYTES`) or read them back from the dump when a page asks (:class:`SubjectRuns`);
        a dump with a line not in rs2rdf's own form is held whatever ``held`` says.
        """
        if held is None:  # reading back needs os.pread (POSIX)
            held = path.stat().st_size <= HELD_BYTES or not hasattr(os, "pread")
        if held:
            return cls.build(read_triples(path), base)
        idx = cls(base)
        file = open(path, "rb")  # noqa: SIM115 - closed with the index
        try:
            scan = scan_dump(file)
        except NotOwnDump:
            file.close()
            return cls.build(read_triples(path), base)
        except BaseException:
            file.close()
            raise
        idx.out, idx.inc, idx.types, idx.labels, idx.triples = scan.runs, scan.incoming, scan.types, scan.labels, scan.triples
        idx.term_labels = _reused_labels()
        return idx

    @classmethod
    def build(cls, triples: Iterable[tuple[str, str, str]], base: str) -> "GraphIndex":
        """One pass over the union graph's distinct triples in N-Triples order (the ``.nt`` dump).

        In that order a subject's triples are one run, already sorted, so each run becomes its
        tuple at once: no list, set or sort per subject while the whole graph is held (they
        were a third of the index's peak). Objects stay text: making millions of pyoxigraph
        terms here took most of the pass and its memory, in the one process that runs before
        the render workers fork. Each page converts only its own objects, in the workers.
        """
        idx = cls(base)
        types, labels = idx.types, idx.labels
        out: dict[str, tuple[str, ...]] = {}
        idx.out = out
        # one string per distinct IRI, keyed by itself: keyed by its N-Triples text, every IRI
        # would be held twice until the pass ends (a third of the index's peak)
        plain: dict[str, str] = {}
        preds: dict[str, str] = {}  # predicate text → IRI: a few hundred, looked up per triple
        texts: dict[str, str] = {}  # one string per distinct object text

        def iri(text: str) -> str:
            v = text[1:-1] if text[0] == "<" else text
            return plain.setdefault(v, v)

        def pred(text: str) -> str:
            v = preds.get(text)
            if v is None:
                v = preds[text] = iri(text)
            return v
        type_sets: dict[frozenset[str], frozenset[str]] = {}
        lines = 0
        run_text = ""
        sv = last_p = ""
        flat: list[str] = []
        found: dict[str, str] = {}
        reorder = False

        def close() -> None:
            out[sv] = tuple(by_predicate(flat) if reorder else flat)
            if found:
                labels[sv] = label_texts(found)
        for s_text, p_text, o_text in triples:
            if s_text != run_text:
                if flat:
                    close()
                    flat, found, reorder, last_p = [], {}, False, ""
                if s_text < run_text:
                    raise ValueError(f"the index needs triples sorted by subject: {s_text} came after {run_text}")
                run_text, sv = s_text, iri(s_text)
            p = pred(p_text)
            lines += 1
            if p is not last_p:
                reorder = reorder or p < last_p
                last_p = p
            flat.append(p)
            if o_text[0] == "<" and o_text[1] != "<":
                ov = iri(o_text)
                flat.append(ov)
                if p == TYPE:
                    add_type(types, type_sets, sv, ov)
            else:
                o_text = texts.setdefault(o_text, o_text)
                flat.append(o_text)
                if p in LABEL_PREDICATES and o_text[0] == '"':
                    # the first label per language, in predicate and then object order
                    found.setdefault(literal_language(o_text), o_text)
        if flat:
            close()
        texts.clear()
        plain.clear()
        preds.clear()
        idx.triples = lines
        idx.inc = _incoming(out)
        idx.term_labels = _reused_labels()
        return idx

    @classmethod
    def from_rows(cls, rows: Iterable[Row], base: str) -> "GraphIndex":
        """The index of N-Quads term rows in any order (tests and small graphs)."""
        return cls.build(distinct_triples(sort_rows(list(rows))), base)

    def close(self) -> None:
        """Close the dump the index reads its subjects' pairs from, if it does."""
        if isinstance(self.out, SubjectRuns):
            self.out.close()

    # --- look-ups -----------------------------------------------------------------------------

    def pairs(self, s: str) -> list[tuple[str, str]]:
        """(predicate, object as stored: an IRI, or N-Triples text) of one subject, sorted."""
        t = self.out.get(s, ())
        return list(zip(t[::2], t[1::2]))

    def incoming(self, o: str) -> list[tuple[str, str]]:
        """(subject, predicate) of the triples whose object is ``o``, sorted."""
        t = self.inc.get(o, ())
        return list(zip(t[::2], t[1::2]))

    def props(self, s: str) -> list[tuple[str, Term]]:
        """(predicate, object term) of one subject, in predicate order."""
        term = self.term
        t = self.out.get(s, ())
        return [(p, term(o)) for p, o in zip(t[::2], t[1::2])]

    def values(self, s: str, p: str) -> list[Term]:
        term = self.term
        t = self.out.get(s, ())
        return [term(t[i + 1]) for i in range(0, len(t), 2) if t[i] == p]

    def first(self, s: str, p: str) -> Term | None:
        t = self.out.get(s, ())
        for i in range(0, len(t), 2):
            if t[i] == p:
                return self.term(t[i + 1])
        return None

    def text(self, s: str, p: str) -> str | None:
        o = self.first(s, p)
        return None if o is None else o.value if not isinstance(o, ox.Triple) else str(o)

    def number(self, s: str, p: str) -> float | None:
        o = self.first(s, p)
        if isinstance(o, ox.Literal):
            try:
                return float(o.value)
            except ValueError:
                return None
        return None

    def iri(self, s: str, p: str) -> str | None:
        o = self.first(s, p)
        return o.value if isinstance(o, ox.NamedNode) else None

    def iri_values(self, s: str, p: str) -> list[str]:
        return sorted(o for pp, o in self.pairs(s) if pp == p and is_iri(o))

    def subjects_to(self, o: str, p: str) -> list[str]:
        return [s for s, pp in self.incoming(o) if pp == p]

    def label(self, iri: str) -> dict[str, str]:
        """{"ja": …, "en": …} with whatever is known; falls back to the IRI tail."""
        one = self.labels.get(iri)
        if isinstance(one, str):  # most resources have one label: no map to build
            value = literal_lexical(one)
            return {"ja": value, "en": value}
        found = self.label_map(iri) or self.term_labels.get(iri)
        if found:
            ja = found.get("ja") or found.get("") or found.get("en") or next(iter(found.values()))
            en = found.get("en") or found.get("") or ja
            return {"ja": ja, "en": en}
        number = self.text(iri, IMI_VALUE) if ":" in iri else None  # an IMI identifier (ic:ID型) is its number
        if number:
            return {"ja": number, "en": number}
        tail = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
        return {"ja": tail, "en": tail}

    def term(self, o: str) -> Term:
        """The pyoxigraph term of an object as stored in ``out``."""
        return self.terms.iri(o) if is_iri(o) else self.terms.term(o)

    def label_map(self, iri: str) -> dict[str, str]:
        """{language: label} of a subject of the graph ("" for no language); empty when it has none."""
        found = self.labels.get(iri)
        if found is None:
            return {}
        return {literal_language(t): literal_lexical(t) for t in ((found,) if isinstance(found, str) else found)}

    def is_a(self, s: str, *classes: str) -> bool:
        t = self.types.get(s)
        return t is not None and any(c in t for c in classes)


def is_iri(o: str) -> bool:
    """Whether an object in ``GraphIndex.out`` is an IRI: other objects are N-Triples text, which
    starts with ``"`` (a literal), ``_:`` (a blank node) or ``<<`` (a triple term), and no IRI does."""
    return o[0] not in '"_<'


def _incoming(out: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """object → subject, predicate, subject, predicate … (pairs sorted, flat), for the
    :func:`link_targets`. Made after the pass, so that only the kept objects get a list;
    walking the subjects in order, each list comes out sorted.
    """
    keep = link_targets(out)
    lists: dict[str, list[str]] = {}
    for s in sorted(out):
        t = out[s]
        for p, o in zip(t[::2], t[1::2]):
            if o[0] not in '"_<' and o in keep:  # is_iri, inline: millions of pairs
                back = lists.get(o)
                if back is None:
                    back = lists[o] = []
                back.append(s)
                back.append(p)
    return {o: tuple(lists.pop(o)) for o in list(lists)}


# --- documents ---------------------------------------------------------------------------------

#: Classes whose members get their own page; everything else is shown inside the nearest such page.
def page_classes(vocab: str) -> tuple[str, ...]:
    return (vocab + "Project", vocab + "ReviewSheet", vocab + "Ministry", ORG + "Organization",
            ORG + "FormalOrganization", ORG + "OrganizationalUnit", ELI + "LegalResource",
            ELI + "LegalResourceSubdivision", TIME + "ProperInterval", SKOS + "Concept", SKOS + "ConceptScheme",
            vocab + "SourceFile", PROV + "Activity", OWL + "Ontology")


@dataclass
class Documents:
    """Which page shows which resource: ``doc_of[iri]`` and, per page, its resources."""

    doc_of: dict[str, str]
    members: dict[str, list[str]]
    paths: dict[str, str]

    def locate(self, iri: str) -> tuple[str, str] | None:
        """(document IRI, anchor) of a subject, or None when it has no page."""
        doc = self.doc_of.get(iri)
        if doc is None:
            return None
        if iri == doc:
            return doc, ""
        return doc, iri[len(doc):].lstrip("/#")


def assign_documents(idx: GraphIndex, vocab: str) -> Documents:
    """Give every subject under the base a page: its own, or its nearest page-worthy ancestor's.

    Ancestors are found by cutting the IRI at ``#`` and then at ``/``, which follows the IRI
    scheme (``{sheet}/block/A/payee/…`` sits under its sheet). The payment of an unidentified
    recipient gets a page of its own because that recipient (``…#recipient``) is page-worthy.
    """
    base = idx.base
    classes = page_classes(vocab)
    subjects = sorted(s for s in idx.out if published(s, base))
    pages: set[str] = {s for s in subjects if "#" not in s and idx.is_a(s, *classes)}
    for s in subjects:
        if "#" in s and idx.is_a(s, vocab + "UnidentifiedRecipient", *classes):
            pages.add(split_iri(s)[0])
    doc_of: dict[str, str] = {}
    canon: dict[str, str] = {}
    for s in subjects:
        doc = split_iri(s)[0]
        cur = doc
        top = len(root_of(doc, base) or base)
        while cur not in pages:
            cut = cur.rstrip("/").rsplit("/", 1)[0]
            if len(cut) + 1 <= top or cut == cur:
                cur = ""
                break
            cur = cut
        if not cur:
            cur = doc
            pages.add(doc)
        doc_of[s] = canon.setdefault(cur, cur)  # one string per page, not one per resource
    for p in pages:
        doc_of.setdefault(p, p)
    members: dict[str, list[str]] = defaultdict(list)
    for s, d in doc_of.items():
        members[d].append(s)
    for d in members:
        members[d].sort()
    paths = {d: iri_to_path(d, base) or "" for d in members}
    return Documents(doc_of, dict(members), paths)


def _reused_labels() -> dict[str, dict[str, str]]:
    """ja/en labels of the reused (non-rs:) terms, kept as data beside this module."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    if not REUSED_TERMS.is_file():
        return {}
    for t in ox.parse(REUSED_TERMS.read_bytes(), ox.RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "label" and isinstance(t.object, ox.Literal):
            out[t.subject.value][t.object.language or ""] = t.object.value
    return dict(out)
