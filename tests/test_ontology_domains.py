"""The ontology's property kinds, domains and ranges are true of the data (issue #18 item 2).

Every ``rs:`` property is an ``owl:ObjectProperty`` or an ``owl:DatatypeProperty``. Then every
triple of every build checked here is held against the ontology, as an RDFS reasoner would read
it: the subject must already be typed with the property's ``rdfs:domain`` (or a subclass), the
object of an object property must be an IRI typed with its ``rdfs:range`` (or a subclass), and the
object of a datatype property a literal of its range datatype. A property without a domain (or
range) must say why in its comment: a wrong domain makes a reasoner infer wrong types.

Builds: the bundled sample, the committed real extract, the pre-2024 sheet fixtures together
with generated 主要事項データベース workbooks that link across years, and ``../shared`` when present.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf.core.resources import asset_dir
from rs2rdf.mapping.iris import DEFAULT_BASE, RS
from rs2rdf.mapping.vocab import PROPERTIES

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = RDF + "type"
LANG_STRING = RDF + "langString"
#: A web page: the range of rs:url and the like. Web pages are not described in the data, so an
#: object is taken to be one when it is an http(s) IRI outside the data and the vocabulary.
DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
#: Subclass axioms of the reused vocabularies (W3C ORG, ELI) that a type check may lean on.
EXTERNAL_SUBCLASSES = {
    "http://www.w3.org/ns/org#FormalOrganization": "http://www.w3.org/ns/org#Organization",
    "http://www.w3.org/ns/org#OrganizationalUnit": "http://www.w3.org/ns/org#Organization",
    "http://data.europa.eu/eli/ontology#LegalResourceSubdivision": "http://data.europa.eu/eli/ontology#LegalResource",
}
#: Links that may name a resource outside the build, and the IRIs such a resource has: a 関連事業
#: whose project is not among the inputs (reported as dangling-related-project, the link kept).
MAY_DANGLE = {RS + "relatedProject": DEFAULT_BASE + "id/project/"}


class Ontology:
    def __init__(self) -> None:
        triples = list(ox.parse(path=asset_dir("ontology") / "rs.ttl", format=ox.RdfFormat.TURTLE))
        self.types: dict[str, set[str]] = defaultdict(set)
        self.one: dict[tuple[str, str], list[str]] = defaultdict(list)
        parents: dict[str, set[str]] = defaultdict(set)
        for t in triples:
            self.one[(t.subject.value, t.predicate.value)].append(t.object.value)
            if t.predicate.value == TYPE:
                self.types[t.subject.value].add(t.object.value)
            if t.predicate.value == RDFS + "subClassOf":
                parents[t.subject.value].add(t.object.value)
        for child, parent in EXTERNAL_SUBCLASSES.items():
            parents[child].add(parent)
        self.parents = parents

    def ancestors(self, cls: str) -> set[str]:
        out, todo = {cls}, [cls]
        while todo:
            for p in self.parents.get(todo.pop(), ()):
                if p not in out:
                    out.add(p)
                    todo.append(p)
        return out

    def comment(self, term: str) -> str:
        return " ".join(self.one[(term, RDFS + "comment")])


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology()


def test_every_property_is_an_object_or_a_datatype_property(ontology: Ontology) -> None:
    for name in PROPERTIES:
        kinds = ontology.types[RS + name] & {OWL + "ObjectProperty", OWL + "DatatypeProperty"}
        assert len(kinds) == 1, name
        assert RDF + "Property" not in ontology.types[RS + name], name
        if OWL + "DatatypeProperty" in kinds:
            assert len(ontology.one[(RS + name, RDFS + "range")]) == 1, f"{name}: a datatype property names its datatype"


def test_a_property_without_domain_or_range_says_why(ontology: Ontology) -> None:
    for name in PROPERTIES:
        for what in ("domain", "range"):
            if not ontology.one[(RS + name, RDFS + what)]:
                assert f"No rdfs:{what}" in ontology.comment(RS + name), name


@pytest.fixture(scope="module")
def linked_books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pre-2024 sheet fixtures and two generated database years whose rows link back a year."""
    import shutil

    from tools.make_database_fixture import generate

    folder = tmp_path_factory.mktemp("books")
    for sheet in sorted((Path(__file__).parent / "data" / "sheets").glob("*.xlsx")):
        shutil.copy(sheet, folder)
    row = {"ministry": "総務省", "number_parts": ["2022", "総務", "21", "0007", None], "name": "地域情報化事業", "past": []}
    later = {"ministry": "総務省", "number_parts": ["2023", "総務", "22", "0004", None], "name": "地域情報化事業",
             "past": [{"year": 2022, "ministry": "総務省", "number": "21-0007"}]}
    generate(folder / "database2022.xlsx", 2022, 3, seed=22, extra=[row])
    generate(folder / "database2023.xlsx", 2023, 3, seed=23, extra=[later])
    out = tmp_path_factory.mktemp("books-build") / "site"
    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    result = CliRunner().invoke(main, ["-q", "build", str(folder), "--no-site", "--no-validate", "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out


def _violations(nq: Path, ontology: Ontology) -> tuple[list[str], set[str]]:
    """(what is false of the dump, the rs: properties it uses)."""
    quads = list(ox.parse(path=nq, format=ox.RdfFormat.N_QUADS))
    types: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        if q.predicate.value == TYPE:
            types[q.subject.value].update(ontology.ancestors(q.object.value))
    bad: list[str] = []
    used: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    for q in quads:
        p = q.predicate.value
        if not p.startswith(RS) or (key := (str(q.subject), p, str(q.object))) in seen:
            continue
        seen.add(key)
        used.add(p)
        s, o = q.subject.value, q.object
        for domain in ontology.one[(p, RDFS + "domain")]:
            if domain not in types[s]:
                bad.append(f"{s} {p}: subject is not a {domain} ({sorted(types[s])})")
        ranges = ontology.one[(p, RDFS + "range")]
        if OWL + "DatatypeProperty" in ontology.types[p]:
            got = LANG_STRING if isinstance(o, ox.Literal) and o.language else o.datatype.value if isinstance(o, ox.Literal) else "IRI"
            if got not in ranges:
                bad.append(f"{s} {p}: {o} is not a {ranges}")
            continue
        if not isinstance(o, ox.NamedNode):
            bad.append(f"{s} {p}: {o} is not an IRI")
            continue
        for r in ranges:
            if r == DOCUMENT:
                if not o.value.startswith(("http://", "https://")) or o.value.startswith((DEFAULT_BASE, RS.rsplit("/", 2)[0])):
                    bad.append(f"{s} {p}: {o.value} is no web page")
            elif r not in types[o.value] and not (not types[o.value] and o.value.startswith(MAY_DANGLE.get(p, "\0"))):
                bad.append(f"{s} {p}: {o.value} is not a {r} ({sorted(types[o.value])})")
    return bad, used


def _check(build: Path, ontology: Ontology) -> set[str]:
    bad, used = _violations(build / "data" / "rs2rdf.nq", ontology)
    assert bad == [], f"{len(bad)} triples contradict the ontology, e.g.\n" + "\n".join(bad[:20])
    return used


@pytest.mark.slow
def test_the_ontology_is_true_of_every_build(sample_build: Path, real_build: Path, linked_books: Path,
                                             ontology: Ontology) -> None:
    used = set().union(*(_check(b, ontology) for b in (sample_build, real_build, linked_books)))
    # the builds exercise nearly every property; the rest are only ever written from cells these
    # inputs leave blank (rs:printedUrl for a URL cell that is no URL, rs:kpiUrl, rs:displayOrder)
    assert {RS + p for p in PROPERTIES} - used <= {RS + "printedUrl", RS + "kpiUrl", RS + "displayOrder"}


@pytest.mark.slow
def test_the_ontology_is_true_of_the_shared_data(shared_build: Path, ontology: Ontology) -> None:
    _check(shared_build, ontology)


def test_a_wrong_domain_or_range_is_caught(tmp_path: Path, ontology: Ontology) -> None:
    """The check itself: a payment typed as something else, a decimal where a string belongs."""
    s, sheet = f"<{DEFAULT_BASE}id/x>", f"<{DEFAULT_BASE}id/sheet/2024/1>"
    g = f"<{DEFAULT_BASE}graph/x>"
    nq = tmp_path / "x.nq"
    nq.write_text(f"{s} <{TYPE}> <{RS}Payment> {g} .\n"
                  f"{s} <{RS}projectName> \"名前\"@ja {g} .\n"  # a sheet's property on a payment
                  f"{sheet} <{TYPE}> <{RS}ReviewSheet> {g} .\n"
                  f"{sheet} <{RS}blockLetter> \"1\"^^<http://www.w3.org/2001/XMLSchema#decimal> {g} .\n"
                  f"{sheet} <{RS}project> {s} {g} .\n", encoding="utf-8")
    bad, _ = _violations(nq, ontology)
    assert len(bad) == 4, bad  # projectName's domain; blockLetter's domain and datatype; project's range
