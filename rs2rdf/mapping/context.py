"""Shared state of one mapping run: where triples go and what entities were met.

Records are mapped one by one; things that several records talk about (organisations,
laws, projects) are registered here and written once at the end, so each gets one IRI
and all its name variants.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.core.records import SheetKey
from rs2rdf.mapping.emit import Emitter
from rs2rdf.mapping.iris import Iris
from rs2rdf.mapping.vocab import Vocab


@dataclass
class OrgFacts:
    """What the sources say about one 法人番号."""

    names: Counter[str] = field(default_factory=Counter)
    addresses: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)


@dataclass
class LawFacts:
    titles: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    provisions: set[tuple[str, ...]] = field(default_factory=set)


@dataclass
class Context:
    iris: Iris
    emitter: Emitter = field(default_factory=Emitter)
    problems: list[Problem] = field(default_factory=list)
    #: file name (as in SourceLocation.file) → (graph IRI, source IRI)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (file name, page) → graph IRI, for the pages of files that hold several sheets
    parts: dict[tuple[str, str], str] = field(default_factory=dict)
    orgs: dict[str, OrgFacts] = field(default_factory=lambda: defaultdict(OrgFacts))
    laws: dict[str, LawFacts] = field(default_factory=lambda: defaultdict(LawFacts))
    projects: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))  # id → {year: name}
    fiscal_years: set[int] = field(default_factory=set)
    units: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)  # iri → (ministry iri, ministry key, path)
    sheets: dict[SheetKey, str] = field(default_factory=dict)  # key → responsible org IRI
    blocks: set[str] = field(default_factory=set)
    sheets_with_blocks: set[SheetKey] = field(default_factory=set)
    #: (scheme, code) → printed label: the cube's codes met (mapping.cube) and printed values outside
    #: their code list (mapping.coded), written with the code lists
    codes: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (family, key) → (dimensions, graph, measure → sum, rows): cube figures of rows sharing a key
    cube_groups: dict[tuple[str, str], tuple[tuple[tuple[str, str], ...], str, dict[str, Decimal | int], list[str]]] = \
        field(default_factory=dict)

    def __post_init__(self) -> None:
        self.V = Vocab(self.iris.vocab)
        self.entities = self.iris.graph("entities")
        self.reference = self.iris.graph("reference")
        self.provenance = self.iris.graph("provenance")
        self._misc = (self.iris.graph("misc"), "")

    def graph(self, src: SourceLocation) -> str:
        if self.parts and src.part is not None:
            found = self.parts.get((src.file, src.part))
            if found is not None:
                return found
        return self.files.get(src.file, self._misc)[0]

    def derived(self, subject: str, src: SourceLocation) -> None:
        """prov:wasDerivedFrom the source row (file IRI + #r<line> or #<page>)."""
        source = self.files.get(src.file, ("", ""))[1]
        if not source:
            return
        frag = f"r{src.row}" if src.row is not None else (src.part or "")
        self.emitter.iri(subject, "http://www.w3.org/ns/prov#wasDerivedFrom", f"{source}#{frag}" if frag else source, self.provenance)

    def sheet_iri(self, key: SheetKey) -> str:
        return self.iris.sheet(key.review_year, key.budget_id, key.ministry, key.number)

    def fy(self, year: int) -> str:
        self.fiscal_years.add(year)
        return self.iris.fiscal_year(year)
