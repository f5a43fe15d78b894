"""A SHACL evaluator for the subset of SHACL that ``shapes/*.ttl`` uses, fast enough for a
full review year (millions of quads) in seconds.

pySHACL needs the data in rdflib and evaluates node by node: minutes for one year. The
core components here are checked over per-predicate indexes built in one pass over the
pyoxigraph quads, and each ``sh:sparql`` constraint runs once, with ``$this`` left free,
against a small pyoxigraph store holding only the predicates (and classes) its query
names; results are then kept for the shape's focus nodes. That is the SHACL-SPARQL
meaning as long as a query only reads predicates it names, which the shape tests check
against pySHACL itself.

Anything in the shapes graph this evaluator does not implement is refused when the
shapes are loaded, so a shape can never be silently skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Set
from typing import Callable, Iterable

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

TYPE = ox.NamedNode(RDF + "type")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
VIOLATION, WARNING, INFO = SH + "Violation", SH + "Warning", SH + "Info"
SEVERITY_RANK = {VIOLATION: 0, WARNING: 1, INFO: 2}

#: Predicates of the shapes graph this evaluator understands; any other sh: term is refused.
_KNOWN_SH = {
    "targetClass", "targetSubjectsOf", "property", "path", "minCount", "maxCount", "datatype", "class", "nodeKind",
    "in", "pattern", "or", "hasValue", "severity", "message", "name", "order", "description", "group", "sparql",
    "select", "prefixes", "declare", "prefix", "namespace", "deactivated",
}

_LEXICAL = {
    XSD + "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD + "integer": re.compile(r"^[+-]?\d+$"),
    XSD + "gYear": re.compile(r"^-?(?!0000)(\d{4}|[1-9]\d{4,})(Z|[+-]\d\d:\d\d)?$"),
    XSD + "boolean": re.compile(r"^(true|false|1|0)$"),
    XSD + "date": re.compile(r"^-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?$"),
}
#: A subject of the shapes or data graph, and any value of one.
Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal

_LANG_STRING = RDF + "langString"
_STRING = XSD + "string"


class ShapeError(ValueError):
    """The shapes use something this evaluator does not implement."""


@dataclass(frozen=True)
class ValueTest:
    """Constraints on one value node; the members of sh:or are such tests too."""

    datatype: str | None = None
    cls: tuple[str, ...] = ()
    node_kind: str | None = None
    pattern: re.Pattern[str] | None = None
    allowed: frozenset[ox.NamedNode | ox.Literal] | None = None
    alternatives: tuple["ValueTest", ...] = ()


@dataclass(frozen=True)
class PropertyShape:
    iri: str
    path: str
    severity: str
    messages: dict[str, str]
    names: dict[str, str]
    order: Decimal | None
    min_count: int | None = None
    max_count: int | None = None
    has_value: Term | None = None
    test: ValueTest = field(default_factory=ValueTest)


@dataclass(frozen=True)
class SparqlConstraint:
    iri: str
    query: str
    severity: str  # the node shape's, as in SHACL
    messages: dict[str, str]
    path: str | None
    names: frozenset[str]  # every IRI the query mentions: the partition it runs on


@dataclass(frozen=True)
class NodeShape:
    iri: str
    target_classes: tuple[str, ...]
    target_subjects_of: tuple[str, ...]
    properties: tuple[PropertyShape, ...]
    sparql: tuple[SparqlConstraint, ...]
    names: dict[str, str]


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult, with terms kept as pyoxigraph terms."""

    focus: ox.NamedNode | ox.BlankNode
    path: str | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    component: str
    severity: str
    shape: str
    messages: dict[str, str]
    constraint: str | None = None

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.focus.value, self.path or "", "" if self.value is None else str(self.value), self.component,
                self.constraint or self.shape)


def _term_id(t: Node) -> str:
    return t.value if isinstance(t, ox.NamedNode) else "_:" + t.value


def _node(term: object, what: str) -> Node:
    """A shapes-graph value that must itself have properties (a shape, a list cell, a declaration)."""
    if not isinstance(term, (ox.NamedNode, ox.BlankNode)):
        raise ShapeError(f"{what} must be an IRI or a blank node, got {term}")
    return term


class _ShapesGraph:
    """The parsed shapes: subject → predicate local name (sh:) or IRI → objects."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.spo: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            if isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
                raise ShapeError(f"quoted triples are not supported in shapes ({t})")
            p = t.predicate.value
            if p.startswith(SH):
                name = p[len(SH):]
                if name not in _KNOWN_SH:
                    raise ShapeError(f"sh:{name} is not supported by rs2rdf's SHACL evaluator (on {t.subject})")
                p = name
            self.spo[_term_id(t.subject)][p].append(t.object)

    def all(self, s: Node | str, p: str) -> list[Term]:
        key = s if isinstance(s, str) else _term_id(s)
        return self.spo.get(key, {}).get(p, [])

    def one(self, s: Node | str, p: str) -> Term | None:
        values = self.all(s, p)
        if len(values) > 1:
            raise ShapeError(f"{s}: sh:{p} given {len(values)} times")
        return values[0] if values else None

    def items(self, head: Term | None) -> list[Term]:
        out = []
        while isinstance(head, (ox.NamedNode, ox.BlankNode)) and head.value != RDF + "nil":
            first = self.all(head, RDF + "first")
            if not first:
                raise ShapeError(f"{head} is not an RDF list")
            out.append(first[0])
            head = self.all(head, RDF + "rest")[0]
        return out

    def texts(self, s: Node | str, p: str) -> dict[str, str]:
        return {(o.language or ""): o.value for o in self.all(s, p) if isinstance(o, ox.Literal)}


def _iri(term: object, what: str) -> str:
    if not isinstance(term, ox.NamedNode):
        raise ShapeError(f"{what} must be an IRI, got {term}")
    return term.value


def _int(term: object) -> int | None:
    return int(term.value) if isinstance(term, ox.Literal) else None


def _in_value(term: Term) -> ox.NamedNode | ox.Literal:
    if isinstance(term, ox.BlankNode):
        raise ShapeError(f"sh:in members must be IRIs or literals, got {term}")
    return term


def _value_test(g: _ShapesGraph, s: Node) -> ValueTest:
    dt, kind, pat, allowed = g.one(s, "datatype"), g.one(s, "nodeKind"), g.one(s, "pattern"), g.one(s, "in")
    alternatives = tuple(_value_test(g, _node(m, "an sh:or member")) for m in g.items(g.one(s, "or"))) \
        if g.one(s, "or") is not None else ()
    return ValueTest(
        datatype=_iri(dt, "sh:datatype") if dt is not None else None,
        cls=tuple(_iri(c, "sh:class") for c in g.all(s, "class")),
        node_kind=_iri(kind, "sh:nodeKind") if kind is not None else None,
        pattern=re.compile(xpath_regex(pat.value)) if isinstance(pat, ox.Literal) else None,
        allowed=frozenset(_in_value(v) for v in g.items(allowed)) if allowed is not None else None,
        alternatives=alternatives,
    )


def _severity(g: _ShapesGraph, s: Node) -> str:
    sev = g.one(s, "severity")
    return sev.value if isinstance(sev, ox.NamedNode) else VIOLATION


def _prefixes(g: _ShapesGraph, s: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for holder in g.all(s, "prefixes"):
        for decl_value in g.all(_node(holder, "sh:prefixes"), "declare"):
            decl = _node(decl_value, "sh:declare")
            prefix, ns = g.one(decl, "prefix"), g.one(decl, "namespace")
            if prefix is not None and ns is not None:
                out[prefix.value] = ns.value
    return out


def xpath_regex(pattern: str) -> str:
    """An ``sh:pattern`` for Python's ``re``: in XPath ``fn:matches`` (no ``m`` flag) ``$``
    matches only at the very end, while Python's also matches before a final newline."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        out.append("\\Z" if c == "$" and not in_class else c)
        i += 1
    return "".join(out)


_PNAME = re.compile(r"(?<![\w<?$\"'])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")
_IRIREF = re.compile(r"<([^<>\s]+)>")


def _mentioned(query: str, prefixes: dict[str, str]) -> frozenset[str]:
    """Every IRI a query names (prefixed or in angle brackets); ``a`` is rdf:type."""
    body = re.sub(r"\"[^\"]*\"", "", query)
    names = {m.group(1) for m in _IRIREF.finditer(body)}
    for m in _PNAME.finditer(_IRIREF.sub("", body)):
        ns = prefixes.get(m.group(1) or "")
        if ns is not None:
            names.add(ns + m.group(2))
    if re.search(r"\sa\s", body):
        names.add(TYPE.value)
    return frozenset(names)


def load_shapes(triples: Iterable[ox.Triple]) -> list[NodeShape]:
    """Node shapes sorted by IRI; raises :class:`ShapeError` on anything unsupported."""
    g = _ShapesGraph(triples)
    shapes = []
    node_shape = SH + "NodeShape"
    for s_id, preds in sorted(g.spo.items()):
        if not any(isinstance(o, ox.NamedNode) and o.value == node_shape for o in preds.get(RDF + "type", [])):
            continue
        s = ox.NamedNode(s_id) if not s_id.startswith("_:") else ox.BlankNode(s_id[2:])
        if any(isinstance(o, ox.Literal) and o.value == "true" for o in g.all(s, "deactivated")):
            continue
        props = []
        used: dict[str, int] = {}
        for p_value in g.all(s, "property"):
            p = _node(p_value, f"sh:property of {s}")
            if any(isinstance(o, ox.Literal) and o.value == "true" for o in g.all(p, "deactivated")):
                continue
            order = g.one(p, "order")
            path = _iri(g.one(p, "path"), f"sh:path of {p}")
            local = f"{s_id}-{re.split('[#/]', path)[-1]}"
            used[local] = used.get(local, 0) + 1
            props.append(PropertyShape(
                # blank property shapes get a stable name, so reports do not change between runs
                iri=p.value if isinstance(p, ox.NamedNode) else local + (f"-{used[local]}" if used[local] > 1 else ""),
                path=path,
                severity=_severity(g, p),
                messages=g.texts(p, "message"),
                names=g.texts(p, "name"),
                order=Decimal(order.value) if isinstance(order, ox.Literal) else None,
                min_count=_int(g.one(p, "minCount")),
                max_count=_int(g.one(p, "maxCount")),
                has_value=g.one(p, "hasValue"),
                test=_value_test(g, p),
            ))
        sparql = []
        for c_value in g.all(s, "sparql"):
            c = _node(c_value, f"sh:sparql of {s}")
            select = g.one(c, "select")
            if not isinstance(select, ox.Literal):
                raise ShapeError(f"{s}: sh:sparql without sh:select")
            prefixes = _prefixes(g, c)
            header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted(prefixes.items()))
            sparql.append(SparqlConstraint(_term_id(c), header + select.value, _severity(g, s),
                                           g.texts(c, "message"), None, _mentioned(select.value, prefixes)))
        shapes.append(NodeShape(
            iri=s_id,
            target_classes=tuple(sorted(_iri(c, "sh:targetClass") for c in g.all(s, "targetClass"))),
            target_subjects_of=tuple(sorted(_iri(c, "sh:targetSubjectsOf") for c in g.all(s, "targetSubjectsOf"))),
            properties=tuple(sorted(props, key=lambda x: (x.order if x.order is not None else Decimal(10**9), x.path, x.iri))),
            sparql=tuple(sorted(sparql, key=lambda x: x.iri)),
            names=g.texts(s, "name"),
        ))
    return shapes


class DataIndex:
    """rdf:type, rdfs:subClassOf and the values of the shapes' paths, over the union graph."""

    def __init__(self, triples: Iterable[tuple[Node, ox.NamedNode, Term]], predicates: set[str], keep: Set[str] = frozenset()) -> None:
        """``keep``: predicates (and classes) whose triples are also kept in :attr:`kept`, in the same pass.

        ``triples`` are (subject, predicate, object) of the union graph; see :mod:`rs2rdf.quads.nquads`
        for why they are not ``pyoxigraph.Quad`` objects.
        """
        wanted = {ox.NamedNode(p) for p in predicates}
        keep_nodes = {ox.NamedNode(n) for n in keep}
        self.kept: list[ox.Quad] = []
        #: node → its classes (a tuple: a year has ~700,000 typed nodes, and a set per node cost 200 bytes more).
        #: Classes are typed as any term: the data is taken as it comes, and a literal class matches no shape.
        self.types: dict[Node, tuple[Term, ...]] = {}
        self.instances: dict[Term, set[Node]] = defaultdict(set)
        self.values: dict[str, dict[Node, list[Term]]] = {p.value: defaultdict(list) for p in wanted}
        by_node = {p: self.values[p.value] for p in wanted}
        supers: dict[Term, set[Term]] = defaultdict(set)
        types, instances, kept = self.types, self.instances, self.kept
        for s, p, o in triples:
            if p == TYPE:
                known = types.get(s)
                if known is None:
                    types[s] = (o,)
                elif o not in known:
                    types[s] = known + (o,)
                instances[o].add(s)
            elif p == SUBCLASS:
                supers[s].add(o)
            d = by_node.get(p)
            if d is not None:
                d[s].append(o)
            if p in keep_nodes and (p != TYPE or o in keep_nodes):
                kept.append(ox.Quad(s, p, o))
        self._closure = {c: self._ancestors(c, supers) for c in supers}

    @staticmethod
    def _ancestors(c: Term, supers: dict[Term, set[Term]]) -> frozenset[Term]:
        seen, todo = {c}, [c]
        while todo:
            for s in supers.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return frozenset(seen)

    def is_instance(self, node: Node, cls: ox.NamedNode) -> bool:
        for t in self.types.get(node, ()):
            if t == cls or cls in self._closure.get(t, ()):
                return True
        return False

    def members(self, cls: ox.NamedNode) -> set[Node]:
        out = set(self.instances.get(cls, ()))
        for sub, ancestors in self._closure.items():
            if cls in ancestors and sub != cls:
                out |= self.instances.get(sub, set())
        return out


def _node_kind_ok(kind: str, v: object) -> bool:
    iri, blank, lit = isinstance(v, ox.NamedNode), isinstance(v, ox.BlankNode), isinstance(v, ox.Literal)
    return {
        SH + "IRI": iri, SH + "Literal": lit, SH + "BlankNode": blank, SH + "BlankNodeOrIRI": iri or blank,
        SH + "IRIOrLiteral": iri or lit, SH + "BlankNodeOrLiteral": blank or lit,
    }[kind]


def _datatype_ok(dt: str, v: object) -> bool:
    if not isinstance(v, ox.Literal):
        return False
    actual = v.datatype.value
    if actual != dt:
        return False
    lexical = _LEXICAL.get(dt)
    return lexical is None or bool(lexical.fullmatch(v.value))


def _failures(test: ValueTest, v: Term, data: DataIndex) -> list[str]:
    """The constraint components a value fails (empty when it passes)."""
    out = []
    if test.datatype is not None and not _datatype_ok(test.datatype, v):
        out.append("DatatypeConstraintComponent")
    if test.node_kind is not None and not _node_kind_ok(test.node_kind, v):
        out.append("NodeKindConstraintComponent")
    for c in test.cls:
        if isinstance(v, ox.Literal) or not data.is_instance(v, ox.NamedNode(c)):
            out.append("ClassConstraintComponent")
    if test.pattern is not None and (isinstance(v, ox.BlankNode) or not test.pattern.search(v.value)):
        out.append("PatternConstraintComponent")
    if test.allowed is not None and v not in test.allowed:
        out.append("InConstraintComponent")
    if test.alternatives and all(_failures(alt, v, data) for alt in test.alternatives):
        out.append("OrConstraintComponent")
    return out


def _paths(shapes: list[NodeShape]) -> set[str]:
    out = {p.path for s in shapes for p in s.properties}
    out |= {p for s in shapes for p in s.target_subjects_of}
    return out


def focus_nodes(shape: NodeShape, data: DataIndex) -> set[ox.NamedNode | ox.BlankNode]:
    out: set[ox.NamedNode | ox.BlankNode] = set()
    for c in shape.target_classes:
        out |= data.members(ox.NamedNode(c))
    for p in shape.target_subjects_of:
        out |= set(data.values[p])
    return out


def _core(shape: NodeShape, nodes: set[ox.NamedNode | ox.BlankNode], data: DataIndex) -> list[Result]:
    results = []
    for ps in shape.properties:
        index = data.values[ps.path]
        for focus in nodes:
            values = index.get(focus, ())
            if len(values) > 1:
                values = list(dict.fromkeys(values))

            def hit(component: str, value: Term | None = None) -> None:
                results.append(Result(focus, ps.path, value, SH + component, ps.severity, ps.iri, ps.messages))

            if ps.min_count is not None and len(values) < ps.min_count:
                hit("MinCountConstraintComponent")
            if ps.max_count is not None and len(values) > ps.max_count:
                hit("MaxCountConstraintComponent")
            if ps.has_value is not None and ps.has_value not in values:
                hit("HasValueConstraintComponent")
            for v in values:
                for component in _failures(ps.test, v, data):
                    hit(component, v)
    return results




def _substitute(template: str, row: ox.QuerySolution, variables: list[str]) -> str:
    for var in variables:
        value = row[var]
        text = "" if value is None else value.value
        template = template.replace("{?" + var + "}", text).replace("{$" + var + "}", text)
    return template


def _sparql(shape: NodeShape, nodes: set[ox.NamedNode | ox.BlankNode], store: ox.Store) -> list[Result]:
    results = []
    for c in shape.sparql:
        solutions = store.query(c.query, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise ShapeError(f"{c.iri}: sh:select must be a SELECT query")
        variables = [v.value for v in solutions.variables]
        for row in solutions:
            focus = row["this"]
            if focus not in nodes:
                continue
            path = row["path"] if "path" in variables else None
            messages = {lang: _substitute(m, row, variables) for lang, m in c.messages.items()}
            results.append(Result(focus, path.value if isinstance(path, ox.NamedNode) else c.path,
                                  row["value"] if "value" in variables else None,
                                  SH + "SPARQLConstraintComponent", c.severity, shape.iri, messages, c.iri))
    return results


class _StoreFeed:
    """N-Quads lines into an in-memory store, a batch at a time."""

    BATCH = 50_000

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.lines: list[str] = []

    def append(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.store.load("".join(self.lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
            self.lines = []


def validate(triples: Iterable[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]],
             shapes: list[NodeShape], extra: Set[str] = frozenset(),
             owns: Callable[[ox.NamedNode | ox.BlankNode], bool] | None = None) -> tuple[list[Result], DataIndex]:
    """Every result of every shape, sorted and without duplicates, and the index it was
    computed on (``extra`` predicates are indexed too, for the caller).

    The index is one pass over the union graph's triples; the SPARQL constraints run on a
    partition of it, the triples of the predicates and classes their queries name. From our own
    N-Quads dump that partition is a second pass, made after the core constraints are checked;
    from other sources it is collected in the first.

    ``owns``, when given, keeps only the focus nodes it accepts: the other triples are there as
    context (a value's classes, what a SPARQL constraint joins), and their nodes are validated
    with the partition they belong to (see :mod:`rs2rdf.validation.partition`).
    """
    names = {n for s in shapes for c in s.sparql for n in c.names}
    predicates = _paths(shapes) | set(extra)
    select = getattr(triples, "triples", None)  # a source that can skip other predicates (rs2rdf.quads.nquads.NQuadsFile)
    if select is not None:
        data = DataIndex(select(predicates | {TYPE.value, SUBCLASS.value}), predicates)
    else:
        data = DataIndex(triples, predicates, names)
    found: dict[tuple[str, str, str, str, str], Result] = {}
    targets: list[tuple[NodeShape, set[ox.NamedNode | ox.BlankNode]]] = []
    for shape in shapes:
        nodes = focus_nodes(shape, data)
        if owns is not None:
            nodes = {n for n in nodes if owns(n)}
        if nodes:
            targets.append((shape, nodes))
            for res in _core(shape, nodes, data):
                found.setdefault(res.key(), res)
    if any(shape.sparql for shape, _ in targets):
        store = ox.Store()
        if select is not None:
            # The SPARQL partition is loaded only now, as text, after the core constraints' literal
            # values are dropped: a full year's index and partition together were the stage's peak.
            # Link values stay: the caller follows them to a referrer's source row.
            for p in predicates - set(extra):
                d = data.values[p]
                if d and not isinstance(next(iter(d.values()))[0], ox.NamedNode):
                    data.values[p] = {}
            feed = _StoreFeed(store)
            for _ in select(set(), feed, names):
                pass
            feed.flush()
        else:
            store.bulk_extend(data.kept)
            data.kept = []
        for shape, nodes in targets:
            for res in _sparql(shape, nodes, store):
                found.setdefault(res.key(), res)
    return [found[k] for k in sorted(found, key=lambda k: (SEVERITY_RANK.get(found[k].severity, 3), k))], data

