"""The schema.org JSON-LD blocks of built pages, checked against the schema.org vocabulary.

The vocabulary is tests/data/schemaorg/schemaorg-structure.nt.gz (release 30.1: types with
their superclasses, properties with domainIncludes and rangeIncludes; README beside it). Each
block is parsed with rdflib as JSON-LD (the ``https://schema.org`` context, which cannot be
fetched here, is replaced by ``@vocab``) and every triple is checked: the subject has a
schema.org type other than a bare ``Thing``; the property exists, is not superseded, and is
allowed on one of the subject's types or their superclasses; an object node's type is in the
property's range (through its superclasses), a literal only where the range has a data type.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

import rs2rdf
from rdflib import RDF, RDFS, Literal, URIRef

from rs2rdf.core.config import Config
from rs2rdf.pipeline.build import Stage, build
from rs2rdf.site.build import site_stage

SDO = "https://schema.org/"
STRUCTURE = Path(__file__).parent / "data" / "schemaorg" / "schemaorg-structure.nt.gz"
BASE = "https://example.org/rs2rdf/"
#: rdflib's JSON-LD parser builds a ConjunctiveGraph inside and warns about it
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class Vocabulary:
    def __init__(self, path: Path) -> None:
        g = rdflib.Graph()
        g.parse(data=gzip.decompress(path.read_bytes()).decode("utf-8"), format="nt")
        self.classes = {str(s) for s in g.subjects(RDF.type, RDFS.Class)}
        self.datatypes = {str(s) for s in g.subjects(RDF.type, URIRef(SDO + "DataType"))}
        self.properties = {str(s) for s in g.subjects(RDF.type, RDF.Property)}
        self.parents: dict[str, set[str]] = defaultdict(set)
        for s, o in g.subject_objects(RDFS.subClassOf):
            self.parents[str(s)].add(str(o))
        self.domains: dict[str, set[str]] = defaultdict(set)
        for s, o in g.subject_objects(URIRef(SDO + "domainIncludes")):
            self.domains[str(s)].add(str(o))
        self.ranges: dict[str, set[str]] = defaultdict(set)
        for s, o in g.subject_objects(URIRef(SDO + "rangeIncludes")):
            self.ranges[str(s)].add(str(o))
        self.superseded = {str(s) for s in g.subjects(URIRef(SDO + "supersededBy"), None)}

    def ancestors(self, cls: str) -> set[str]:
        out, todo = {cls}, [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in out:
                    out.add(parent)
                    todo.append(parent)
        return out


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary(STRUCTURE)


def test_the_vocabulary_extract_is_schema_org(vocab: Vocabulary) -> None:
    """The checks below would pass vacuously on an empty or wrong file."""
    assert len(vocab.classes) > 800 and len(vocab.properties) > 1400
    assert SDO + "Grant" in vocab.ancestors(SDO + "MonetaryGrant")
    assert SDO + "MonetaryGrant" in vocab.domains[SDO + "amount"]
    assert SDO + "Grant" not in vocab.domains[SDO + "amount"]


def _site(inputs: list[Path], out: Path) -> Path:
    result = build(inputs, Config(out=out), stages=[Stage("site", site_stage)])
    assert result.summary["sheets"], result.problems[:5]
    return out


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site([rs2rdf.sample_dir()], tmp_path_factory.mktemp("sdo-sample") / "site")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, real_extract: Path) -> Path:
    return _site([real_extract], tmp_path_factory.mktemp("sdo-real") / "site")


def _vocab_context(node: object) -> object:
    if isinstance(node, dict):
        return {k: ({"@vocab": SDO} if k == "@context" and v == "https://schema.org" else _vocab_context(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_vocab_context(v) for v in node]
    return node


def blocks(site: Path) -> Iterator[tuple[Path, dict[str, object]]]:
    for page in sorted(site.rglob("*.html")):
        found = _BLOCK.findall(page.read_text(encoding="utf-8"))
        assert len(found) <= 1, page
        if found:
            yield page, json.loads(found[0])


def problems(vocab: Vocabulary, block: dict[str, object]) -> list[str]:
    g = rdflib.Graph()
    g.parse(data=json.dumps(_vocab_context(block)), format="json-ld")
    out = []
    types: dict[rdflib.term.Node, set[str]] = defaultdict(set)
    for s, o in g.subject_objects(RDF.type):
        types[s].add(str(o))
    for s, p, o in g:
        if p == RDF.type:
            if str(o) not in vocab.classes:
                out.append(f"unknown type {o}")
            continue
        prop = str(p)
        if prop not in vocab.properties:
            out.append(f"unknown property {prop}")
            continue
        if prop in vocab.superseded:
            out.append(f"superseded property {prop}")
        subject_types = types.get(s, set())
        if not subject_types or subject_types == {SDO + "Thing"}:
            out.append(f"{s} has no type but Thing")
        allowed = {a for t in subject_types for a in vocab.ancestors(t)}
        if not vocab.domains[prop] & allowed:
            out.append(f"{prop} is not allowed on {sorted(subject_types)} (domainIncludes {sorted(vocab.domains[prop])})")
        if isinstance(o, Literal):
            if not vocab.ranges[prop] & (vocab.datatypes | {SDO + "Text", SDO + "URL"}):
                out.append(f"{prop} given a literal, range {sorted(vocab.ranges[prop])}")
        else:
            object_types = {a for t in types.get(o, set()) for a in vocab.ancestors(t)}
            if object_types and not vocab.ranges[prop] & object_types:
                out.append(f"{prop} given a {sorted(types[o])}, range {sorted(vocab.ranges[prop])}")
            elif not object_types and not vocab.ranges[prop] & {SDO + "URL", SDO + "Text"} and (o, None, None) not in g:
                # a bare IRI stands for a URL; a range without URL needs a typed node
                out.append(f"{prop} given a bare IRI, range {sorted(vocab.ranges[prop])}")
    return out


def _check_site(vocab: Vocabulary, site: Path) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    bad = []
    for page, block in blocks(site):
        counts[str(block.get("@type"))] += 1
        bad += [f"{page.relative_to(site)}: {p}" for p in problems(vocab, block)]
    assert not bad, "\n".join(bad[:40])
    assert "Thing" not in counts
    return counts


def test_every_block_on_the_sample_site_fits_schema_org(vocab: Vocabulary, sample_site: Path) -> None:
    counts = _check_site(vocab, sample_site)
    for kind in ("Project", "Legislation", "GovernmentOrganization", "Organization", "Dataset", "DefinedTerm", "DefinedTermSet"):
        assert counts[kind], (kind, dict(counts))


def test_every_block_on_the_real_extract_fits_schema_org(vocab: Vocabulary, real_site: Path) -> None:
    _check_site(vocab, real_site)


def _block(page: Path) -> dict[str, object]:
    found = _BLOCK.findall(page.read_text(encoding="utf-8"))
    assert found, page
    data = json.loads(found[0])
    assert isinstance(data, dict)
    return data


def test_sheets_are_funded_by_a_monetary_grant(real_site: Path) -> None:
    data = _block(real_site / "id" / "sheet" / "2024" / "4" / "index.html")
    assert data["@type"] == "Project"
    funding = data["funding"]
    assert isinstance(funding, dict) and funding["@type"] == "MonetaryGrant"
    amount = funding["amount"]
    assert isinstance(amount, dict) and amount["currency"] == "JPY" and re.fullmatch(r"\d+", str(amount["value"]))


def test_legislation_url_is_the_page_and_e_gov_the_same_law(real_site: Path) -> None:
    law = "503AC0000000036"
    data = _block(real_site / "id" / "law" / law / "index.html")
    assert data["url"] == f"{BASE}id/law/{law}/"
    assert data["sameAs"] == f"https://laws.e-gov.go.jp/law/{law}"
    data = _block(real_site / "id" / "law" / law / "4" / "2" / "index.html")
    assert data["url"] == f"{BASE}id/law/{law}/4/2/"
    assert data["sameAs"] == f"https://laws.e-gov.go.jp/law/{law}#Mp-At_4-Pr_2"
    part_of = data["isPartOf"]
    assert isinstance(part_of, dict) and part_of["@id"] == f"{BASE}id/law/{law}/4"


def test_the_dataset_page_is_a_schema_org_dataset(vocab: Vocabulary, sample_site: Path) -> None:
    data = _block(sample_site / "about" / "index.html")
    assert not problems(vocab, data)
    assert data["@type"] == "Dataset" and data["@id"] == f"{BASE}dataset/latest"
    assert data["name"] and data["description"] and data["license"] == "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
    assert re.fullmatch(r"\d{4}-04-01/\d{4}-03-31", str(data["temporalCoverage"]))
    assert isinstance(data["creator"], dict) and isinstance(data["publisher"], dict)
    dumps = sorted(p.name for p in (sample_site / "data").glob("rs2rdf.*") if p.suffix in (".ttl", ".nt", ".nq", ".trig", ".jsonld"))
    distribution = data["distribution"]
    assert isinstance(distribution, list) and dumps
    assert sorted(str(d["contentUrl"]).rsplit("/", 1)[-1] for d in distribution) == dumps
    assert all(d["@type"] == "DataDownload" and d["encodingFormat"] for d in distribution)


def test_the_dataset_resource_page_names_the_dumps_too(vocab: Vocabulary, sample_site: Path) -> None:
    data = _block(sample_site / "dataset" / "latest" / "index.html")
    assert not problems(vocab, data)
    assert data["@type"] == "Dataset" and data["@id"] == f"{BASE}dataset/latest"
    distribution = data["distribution"]
    assert isinstance(distribution, list)
    assert {str(d["contentUrl"]) for d in distribution} == {f"{BASE}data/rs2rdf.{e}" for e in ("jsonld", "nq", "nt", "trig", "ttl")}


@pytest.mark.slow
def test_every_block_on_the_shared_site_fits_schema_org(vocab: Vocabulary, tmp_path_factory: pytest.TempPathFactory,
                                                        shared_rs2024: Path) -> None:
    """The 31-project cut of RS 2024, where 137 pages were typed only ``Thing``."""
    site = _site([shared_rs2024], tmp_path_factory.mktemp("sdo-shared") / "site")
    counts = _check_site(vocab, site)
    assert counts["Project"] >= 31 and counts["Legislation"] and counts["Dataset"]


def test_pages_without_a_fitting_type_have_no_block(sample_site: Path) -> None:
    """Fiscal years, sources and graphs are no schema.org thing: no block rather than ``Thing``."""
    fy = next((sample_site / "id" / "fy").glob("*/index.html"))
    assert not _BLOCK.findall(fy.read_text(encoding="utf-8"))
    source = next((sample_site / "source").rglob("index.html"))
    assert not _BLOCK.findall(source.read_text(encoding="utf-8"))
