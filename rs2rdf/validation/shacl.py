"""A SHACL evaluator for the subset of SHACL that ``shapes/*.ttl`` uses, fast enough for a
full review year (millions of quads) in seconds.

pySHACL needs the data in rdflib and evaluates node by node: minutes for one year. The
core components here are checked over per-predicate indexes built in one pass over the
pyoxigraph quads, and each ``sh:sparql`` constraint runs once, with ``$this`` left free,
against a small pyoxigraph store holding only the predicates (and classes) its query
names; results are then kept for the shape's focus nodes. That is the SHACL-SPARQL
meaning only for a query whose every pattern names its predicate and that binds ``$this``
at its top, so :class:`_QueryCheck` reads each query when the shapes are loaded and
refuses any other.

Anything in the shapes graph this evaluator does not implement, or would not read where it
stands, is refused when the shapes are loaded (:class:`ShapeError`, naming the construct
and the shape): a report that left part of the shapes out would say "conforms" where SHACL
does not. ``tests/test_shacl_agreement.py`` holds a case per accepted construct, checked
against pySHACL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
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
    "targetClass", "targetSubjectsOf", "targetNode", "property", "path", "minCount", "maxCount", "datatype", "class",
    "nodeKind", "in", "pattern", "flags", "or", "hasValue", "severity", "message", "name", "order", "description",
    "group", "defaultValue", "sparql", "select", "prefixes", "declare", "prefix", "namespace", "deactivated",
    "minLength", "maxLength", "languageIn", "equals", "disjoint",
}
#: Which of them each kind of shapes-graph node may carry: a known term in another place (say
#: sh:minCount on a node shape, sh:sparql on a property shape, sh:property in an sh:or member)
#: would otherwise be read by nothing, so it is refused there.
_META = {"name", "description", "order", "group", "message", "severity", "deactivated", "defaultValue"}
_VALUE = {"datatype", "class", "nodeKind", "pattern", "flags", "in", "or", "hasValue", "minLength", "maxLength", "languageIn", "equals",
          "disjoint"}
_TARGETS = {"targetClass", "targetSubjectsOf", "targetNode"}
_ALLOWED = {
    "node shape": _META | _VALUE | _TARGETS | {"property", "sparql"},
    "property shape": _META | _VALUE | _TARGETS | {"path", "minCount", "maxCount"},
    "sh:or member": _META | _VALUE | _TARGETS,
    "SPARQL constraint": {"select", "prefixes", "message", "deactivated", "name", "description"},
}
#: The sh:flags Python's ``re`` reads as XPath does (``m`` and ``x`` differ, ``q`` is missing).
_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL}
_CLASS_TYPES = {RDFS + "Class", "http://www.w3.org/2002/07/owl#Class"}

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
#: An object of the data graph: the dump's reader (:mod:`rs2rdf.quads.nquads`) passes RDF 1.2
#: triple terms on, which SHACL 1.0 does not define, so the index refuses them where it reads them.
Value = Term | ox.Triple

_LANG_STRING = RDF + "langString"
_STRING = XSD + "string"


class ShapeError(ValueError):
    """The shapes use something this evaluator does not implement, so it refuses them rather
    than give a report that silently leaves that part of the shapes out."""


@dataclass(frozen=True)
class ValueTest:
    """Constraints on one value node; the members of sh:or are such tests too."""

    datatype: str | None = None
    cls: tuple[str, ...] = ()
    node_kind: str | None = None
    pattern: re.Pattern[str] | None = None
    allowed: frozenset[ox.NamedNode | ox.Literal] | None = None
    alternatives: tuple["ValueTest", ...] = ()
    #: sh:hasValue where the value node is the focus node (a node shape, an sh:or member)
    is_value: Term | None = None
    min_length: int | None = None
    max_length: int | None = None
    #: sh:languageIn: the basic language ranges, lower-cased
    languages: tuple[str, ...] | None = None
    #: sh:equals / sh:disjoint on an sh:or member: ("equals" or "disjoint", the other predicate)
    pairs: tuple[tuple[str, str], ...] = ()


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
    pairs: tuple[tuple[str, str], ...] = ()


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
    target_nodes: tuple[ox.NamedNode, ...] = ()
    #: the node shape's own constraints, on the focus node itself
    test: ValueTest = field(default_factory=ValueTest)
    severity: str = VIOLATION
    messages: dict[str, str] = field(default_factory=dict)
    pairs: tuple[tuple[str, str], ...] = ()


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
        #: blank node → (subject, predicate) it is the object of, to name it in errors
        self.parent: dict[str, tuple[str, str]] = {}
        unknown: list[tuple[str, Node]] = []
        for t in triples:
            if isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
                raise ShapeError(f"quoted triples are not supported in shapes ({t})")
            p = t.predicate.value
            if p.startswith(SH):
                name = p[len(SH):]
                if name not in _KNOWN_SH:
                    unknown.append((name, t.subject))
                p = name
            self.spo[_term_id(t.subject)][p].append(t.object)
            if isinstance(t.object, ox.BlankNode):
                self.parent[_term_id(t.object)] = (_term_id(t.subject), p)
        if unknown:
            s = min((u[1] for u in unknown), key=_term_id)
            names = ", ".join(sorted({f"sh:{n}" for n, on in unknown if on == s}))
            raise ShapeError(f"{names} (on {self.describe(s)}) is not supported by rs2rdf's SHACL evaluator; "
                             "validate with --engine pyshacl instead")

    def describe(self, s: Node | str) -> str:
        """A blank node as the way to it from a named node: ``[sh:path ex:p] in sh:property of <ex:S>``."""
        key = s if isinstance(s, str) else _term_id(s)
        if not key.startswith("_:"):
            return f"<{key}>"
        path = self.spo.get(key, {}).get("path", [])
        here = f"[sh:path {path[0]}]" if path else "a blank node"
        seen = {key}
        while key in self.parent:
            key, p = self.parent[key]
            if key in seen:
                break
            seen.add(key)
            if p in (RDF + "rest", RDF + "first"):
                continue
            return f"{here} in sh:{p} of {self.describe(key)}" if not p.startswith("http") else f"{here} in <{p}> of {self.describe(key)}"
        return here

    def all(self, s: Node | str, p: str) -> list[Term]:
        key = s if isinstance(s, str) else _term_id(s)
        return self.spo.get(key, {}).get(p, [])

    def one(self, s: Node | str, p: str) -> Term | None:
        values = self.all(s, p)
        if len(values) > 1:
            raise ShapeError(f"{self.describe(s)}: sh:{p} given {len(values)} times")
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


def _allowed_here(g: _ShapesGraph, s: Node, kind: str) -> None:
    """Refuse a known sh: term where nothing reads it (see :data:`_ALLOWED`)."""
    extra = sorted(p for p in g.spo.get(_term_id(s), {}) if p in _KNOWN_SH and p not in _ALLOWED[kind])
    if extra:
        raise ShapeError(f"{', '.join('sh:' + p for p in extra)} on the {kind} {g.describe(s)} is not supported by rs2rdf's "
                         "SHACL evaluator; validate with --engine pyshacl instead")


def _pattern(g: _ShapesGraph, s: Node) -> re.Pattern[str] | None:
    pat, flags = g.one(s, "pattern"), g.one(s, "flags")
    if pat is None:
        if flags is not None:
            raise ShapeError(f"{g.describe(s)}: sh:flags without sh:pattern")
        return None
    if not isinstance(pat, ox.Literal):
        raise ShapeError(f"{g.describe(s)}: sh:pattern must be a literal, got {pat}")
    bits = 0
    for f in flags.value if flags is not None else "":
        if f not in _FLAGS:
            raise ShapeError(f"sh:flags {f!r} (on {g.describe(s)}) is not supported by rs2rdf's SHACL evaluator "
                             f"(only {', '.join(sorted(_FLAGS))}); validate with --engine pyshacl instead")
        bits |= _FLAGS[f]
    return re.compile(xpath_regex(pat.value), bits)


def _literal(term: object, what: str) -> str:
    if not isinstance(term, ox.Literal):
        raise ShapeError(f"{what} must be a literal, got {term}")
    return term.value


def _length(g: _ShapesGraph, s: Node, name: str) -> int | None:
    value = g.one(s, name)
    if value is None:
        return None
    if not (isinstance(value, ox.Literal) and value.datatype.value == XSD + "integer" and value.value.isdigit()):
        raise ShapeError(f"{g.describe(s)}: sh:{name} must be a non-negative xsd:integer, got {value}")
    return int(value.value)


def _language_ok(ranges: tuple[str, ...], v: object) -> bool:
    """SPARQL's langMatches with each basic range (RFC 4647): the tag or a prefix of it up to a hyphen."""
    if not isinstance(v, ox.Literal) or not v.language:
        return False
    tag = v.language.lower()
    return any(r == "*" or tag == r or tag.startswith(r + "-") for r in ranges)


def _pairs(g: _ShapesGraph, s: Node) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, _iri(q, f"sh:{name}")) for name in ("equals", "disjoint") for q in g.all(s, name)))


def _value_test(g: _ShapesGraph, s: Node, node_level: bool) -> ValueTest:
    """The constraints on one value node; ``node_level``: sh:hasValue is on the focus node itself
    (else the property shape reads it as a constraint on its set of values)."""
    dt, kind, allowed = g.one(s, "datatype"), g.one(s, "nodeKind"), g.one(s, "in")
    members = []
    if g.one(s, "or") is not None:
        for m in g.items(g.one(s, "or")):
            member = _node(m, "an sh:or member")
            _allowed_here(g, member, "sh:or member")
            members.append(_value_test(g, member, node_level=True))
    return ValueTest(
        datatype=_iri(dt, "sh:datatype") if dt is not None else None,
        cls=tuple(_iri(c, "sh:class") for c in g.all(s, "class")),
        node_kind=_iri(kind, "sh:nodeKind") if kind is not None else None,
        pattern=_pattern(g, s),
        allowed=frozenset(_in_value(v) for v in g.items(allowed)) if allowed is not None else None,
        alternatives=tuple(members),
        is_value=g.one(s, "hasValue") if node_level else None,
        min_length=_length(g, s, "minLength"),
        max_length=_length(g, s, "maxLength"),
        pairs=_pairs(g, s) if node_level else (),
        languages=tuple(_literal(v, f"an sh:languageIn member of {g.describe(s)}").lower() for v in g.items(g.one(s, "languageIn")))
        if g.one(s, "languageIn") is not None else None,
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


_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w\u00c0-\uffff:%\\](?:[\w.\-:%\\\u00b7\u00c0-\uffff]*[\w\-:%\u00b7\u00c0-\uffff])?)?)
  | (?P<blank>_:[\w\-.]*\w|\[\s*\])
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,|/^!*+?=<>\-])
""", re.VERBOSE)

#: Keywords of a query this evaluator cannot run on a partition with SHACL's meaning.
_REFUSED_KEYWORDS = {
    "GRAPH": "a GRAPH pattern", "SERVICE": "a SERVICE (federated) pattern", "FROM": "a FROM clause",
    "MINUS": "MINUS (not allowed with pre-bound $this, SHACL 5.3.1)",
    "VALUES": "VALUES (not allowed with pre-bound $this, SHACL 5.3.1)",
    "LIMIT": "LIMIT (it cuts the solutions of all focus nodes at once)", "OFFSET": "OFFSET",
    "BASE": "BASE (relative IRIs)",
}


_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


@dataclass
class _Tok:
    kind: str
    text: str


class _QueryCheck:
    """A recursive reader of a ``sh:select`` query that finds every triple pattern's predicates.

    The constraint runs once over a store holding only the triples of the predicates (and
    rdf:type triples of the classes) the query names, with ``$this`` free, and then keeps the rows
    of the shape's focus nodes. That gives SHACL's pre-bound meaning only when every triple
    pattern has a named predicate (a variable or negated predicate, ``*`` or ``?``, would match
    triples outside the store), every rdf:type pattern a named class, and ``$this`` is bound
    by a triple pattern of the query's top group (else pre-binding finds rows the free query
    cannot). Anything else is refused, naming what it is.
    """

    def __init__(self, where: str, query: str, prefixes: dict[str, str]) -> None:
        self.where = where
        self.prefixes = dict(prefixes)
        self.tokens: list[_Tok] = []
        pos = 0
        while pos < len(query):
            m = _TOKEN.match(query, pos)
            if m is None:
                raise self.refuse(f"a query it cannot read (at {query[pos:pos + 20]!r})")
            pos = m.end()
            kind = m.lastgroup or ""
            if kind != "ws":
                self.tokens.append(_Tok(kind, m.group()))
        self.i = 0
        self.names: set[str] = set()
        self.this_bound = False

    def refuse(self, what: str) -> ShapeError:
        return ShapeError(f"{self.where}: sh:select uses {what}, which rs2rdf's SHACL evaluator cannot evaluate "
                          "exactly; run it with --engine pyshacl, or rewrite the query")

    # token helpers
    def peek(self, k: int = 0) -> _Tok:
        return self.tokens[self.i + k] if self.i + k < len(self.tokens) else _Tok("eof", "")

    def is_word(self, word: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t.kind == "word" and t.text.upper() == word

    def take(self, text: str | None = None) -> _Tok:
        t = self.peek()
        if t.kind == "eof" or (text is not None and t.text.upper() != text):
            raise self.refuse(f"a query it cannot read (expected {text or 'more'} at {t.text!r})")
        self.i += 1
        return t

    def iri(self, t: _Tok) -> str:
        if t.kind == "iri":
            if ":" not in t.text:
                raise self.refuse(f"a relative IRI {t.text}")
            return t.text[1:-1]
        prefix, _, local = t.text.partition(":")
        if prefix not in self.prefixes:
            raise self.refuse(f"an undeclared prefix {prefix}:")
        return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def check(self) -> frozenset[str]:
        for t in self.tokens:
            if t.kind == "word" and t.text.upper() in _REFUSED_KEYWORDS:
                raise self.refuse(_REFUSED_KEYWORDS[t.text.upper()])
            if t.kind == "var" and t.text[1:] in ("currentShape", "shapesGraph", "PATH"):
                raise self.refuse(f"the pre-bound variable {t.text}")
        while self.is_word("PREFIX"):
            self.take()
            name, ns = self.take(), self.take()
            if name.kind != "pname" or not name.text.endswith(":") or ns.kind != "iri":
                raise self.refuse("a PREFIX declaration it cannot read")
            self.prefixes[name.text[:-1]] = ns.text[1:-1]
        if not self.is_word("SELECT"):
            raise self.refuse(f"a query form other than SELECT ({self.peek().text})")
        self.select(top=True)
        if self.peek().kind != "eof":
            raise self.refuse(f"a query it cannot read (trailing {self.peek().text!r})")
        return frozenset(self.names)

    def select(self, top: bool) -> None:
        """SELECT … WHERE { … } and its modifiers, which must project $this.

        A subquery must bind $this in its own top group, and an aggregate must group by it:
        then running it once for all focus nodes and joining on $this is running it per node.
        """
        self.take("SELECT")
        start = self.i
        outer_bound, self.this_bound = self.this_bound, False
        projects_this = False
        while not (self.is_word("WHERE") or self.peek().text == "{"):
            t = self.take()
            if t.text == "*":
                projects_this = True
            elif t.kind == "var" and t.text[1:] == "this":
                projects_this = True
            elif t.text == "(":
                depth, last = 1, None
                while depth:
                    t = self.take()
                    depth += {"(": 1, ")": -1}.get(t.text, 0)
                    if t.kind == "word" and t.text.upper() in ("EXISTS",):
                        self.group(top=False)
                    if last is not None and last.text.upper() == "AS" and t.kind == "var" and t.text[1:] == "this":
                        raise self.refuse("AS $this")
                    last = t
        own = self.tokens[start:self.i]
        if self.is_word("WHERE"):
            self.take()
        self.group(top=True)
        modifiers = self.i
        grouped_by_this = aggregated = False
        while self.peek().kind != "eof" and self.peek().text != "}":
            t = self.take()
            if t.text == "(":
                self.i -= 1
                self.expression()
            elif self.is_word("BY") and t.text.upper() == "GROUP":
                self.take()
                aggregated = True
                while self.peek().kind == "var" or self.peek().text == "(":
                    if self.peek().text == "(":
                        self.expression()
                    elif self.take().text[1:] == "this":
                        grouped_by_this = True
        aggregated = aggregated or any(t.kind == "word" and t.text.upper() in _AGGREGATES
                                       for t in own + self.tokens[modifiers:self.i])
        if not projects_this:
            raise self.refuse("a SELECT that does not project $this" if top else "a subquery that does not project $this")
        if aggregated and not grouped_by_this:
            raise self.refuse("an aggregate not grouped by $this")
        bound, self.this_bound = self.this_bound, outer_bound
        if not bound:
            raise self.refuse("$this outside a triple pattern of the query's top group (only in OPTIONAL, UNION, "
                              "EXISTS or a subquery)" if top else "a subquery that does not bind $this in a triple pattern")

    def expression(self) -> None:
        """A bracketed expression, reading the groups of its EXISTS / NOT EXISTS."""
        self.take("(")
        depth = 1
        while depth:
            t = self.take()
            depth += {"(": 1, ")": -1}.get(t.text, 0)
            if t.kind == "word" and t.text.upper() == "EXISTS":
                self.group(top=False)
            if t.kind == "word" and t.text.upper() == "AS" and self.peek().kind == "var" and self.peek().text[1:] == "this":
                raise self.refuse("AS $this")

    def group(self, top: bool) -> None:
        self.take("{")
        if self.is_word("SELECT"):
            self.select(top=False)
            self.take("}")
            return
        while self.peek().text != "}":
            t = self.peek()
            if t.text == "{":
                self.group(top=False)
                # a lone nested group is a join, but with UNION its $this may be unbound
                while self.is_word("UNION"):
                    self.take()
                    self.group(top=False)
            elif self.is_word("OPTIONAL"):
                self.take()
                self.group(top=False)
            elif self.is_word("FILTER"):
                self.take()
                if self.peek().text == "(":
                    self.expression()
                elif self.is_word("NOT") or self.is_word("EXISTS"):
                    if self.is_word("NOT"):
                        self.take()
                    self.take("EXISTS")
                    self.group(top=False)
                else:  # a function call
                    self.take()
                    self.expression()
            elif self.is_word("BIND"):
                self.take()
                self.expression()
            elif t.text == ".":
                self.take()
            elif t.kind == "eof":
                raise self.refuse("a query it cannot read (unclosed group)")
            else:
                self.triples(top)
        self.take("}")

    def term(self, top: bool, subject: bool) -> _Tok:
        """A subject or object; a blank node property list is read in place."""
        t = self.peek()
        if t.text == "[":
            self.take()
            self.properties(top=False)
            self.take("]")
            return t
        if t.text == "(":
            raise self.refuse("an RDF collection in a triple pattern")
        if t.kind in ("var", "iri", "pname", "blank", "string", "number") or \
                (t.kind == "word" and t.text.lower() in ("true", "false")):
            self.take()
            if t.kind == "string":
                if self.peek().kind == "lang":
                    self.take()
                elif self.peek().text == "^^":
                    self.take()
                    self.take()
            return t
        raise self.refuse(f"a query it cannot read (at {t.text!r} in a triple pattern)")

    def triples(self, top: bool) -> None:
        subject = self.term(top, subject=True)
        if subject.text == "[" and self.peek().text in (".", "}"):
            return
        self.properties(top, subject)

    def properties(self, top: bool, subject: _Tok | None = None) -> None:
        while True:
            if self.peek().text in ("]", ".", "}"):
                return
            verb = self.peek()
            typed = False
            if verb.kind == "var":
                raise self.refuse(f"a variable predicate ({verb.text})")
            if verb.kind == "word" and verb.text == "a":
                self.take()
                self.names.add(TYPE.value)
                typed = True
            else:
                typed = self.path()
            while True:
                obj = self.term(top, subject=False)
                if typed:
                    if obj.kind not in ("iri", "pname"):
                        raise self.refuse(f"a class that is not named ({verb.text} {obj.text})")
                    self.names.add(self.iri(obj))
                if top and any(x is not None and x.kind == "var" and x.text[1:] == "this" for x in (subject, obj)):
                    self.this_bound = True
                if self.peek().text != ",":
                    break
                self.take()
            if self.peek().text != ";":
                return
            while self.peek().text == ";":
                self.take()

    def path(self) -> bool:
        """A predicate path; whether it is just rdf:type. Every predicate in it is named."""
        start = self.i
        depth = 0
        predicates: list[str] = []
        while True:
            t = self.peek()
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            elif t.text in ("*", "?") or t.text == "!":
                what = "a negated property set" if t.text == "!" else f"a {t.text} path (it matches nodes without triples)"
                raise self.refuse(what)
            elif t.kind == "var":
                raise self.refuse(f"a variable predicate ({t.text})")
            elif t.kind in ("iri", "pname"):
                predicates.append(self.iri(t))
            elif t.kind == "word" and t.text == "a":
                predicates.append(TYPE.value)
            elif t.text not in ("/", "|", "^", "+"):
                raise self.refuse(f"a query it cannot read (at {t.text!r} in a path)")
            self.take()
            nxt = self.peek()
            if depth == 0 and nxt.text not in ("/", "|", "+", "*", "?", ")") and not (t.text in ("/", "|", "^")):
                break
        simple = self.i - start == 1
        if TYPE.value in predicates and not simple:
            raise self.refuse("rdf:type inside a property path (its classes are not named)")
        self.names.update(predicates)
        return simple and predicates == [TYPE.value]


_NODE_KINDS = {SH + k for k in ("IRI", "Literal", "BlankNode", "BlankNodeOrIRI", "IRIOrLiteral", "BlankNodeOrLiteral")}


def _deactivated(g: _ShapesGraph, s: Node) -> bool:
    return any(isinstance(o, ox.Literal) and o.value == "true" for o in g.all(s, "deactivated"))


def _as_node(s_id: str) -> Node:
    return ox.BlankNode(s_id[2:]) if s_id.startswith("_:") else ox.NamedNode(s_id)


def _check_values(g: _ShapesGraph, s: Node) -> None:
    kind = g.one(s, "nodeKind")
    if kind is not None and _iri(kind, "sh:nodeKind") not in _NODE_KINDS:
        raise ShapeError(f"{g.describe(s)}: sh:nodeKind {kind} is not one of SHACL's six node kinds")


def _property(g: _ShapesGraph, p: Node, iri: str) -> PropertyShape:
    _allowed_here(g, p, "property shape")
    _check_values(g, p)
    path_value = g.one(p, "path")
    if not isinstance(path_value, ox.NamedNode):
        raise ShapeError(f"the sh:path of {g.describe(p)} is {path_value}: only a predicate IRI is supported by rs2rdf's SHACL "
                         "evaluator (not sequence, alternative, inverse or zero-or-more paths); "
                         "validate with --engine pyshacl instead")
    order = g.one(p, "order")
    return PropertyShape(
        iri=iri,
        path=path_value.value,
        severity=_severity(g, p),
        messages=g.texts(p, "message"),
        names=g.texts(p, "name"),
        order=Decimal(order.value) if isinstance(order, ox.Literal) else None,
        min_count=_int(g.one(p, "minCount")),
        max_count=_int(g.one(p, "maxCount")),
        has_value=g.one(p, "hasValue"),
        test=_value_test(g, p, node_level=False),
        pairs=_pairs(g, p),
    )


def _is_shape(g: _ShapesGraph, preds: dict[str, list[Term]], class_types: set[str]) -> tuple[bool, bool]:
    """Whether a subject is a shape to validate on its own, and whether it is its own target class.

    SHACL makes a shape of every subject typed sh:NodeShape or sh:PropertyShape and of every
    subject with a target; a shape that is also an rdfs:Class (or a class pySHACL and the
    shapes graph take as one: owl:Class, a direct rdfs:subClassOf rdfs:Class) targets its
    instances implicitly.
    """
    types = {o.value for o in preds.get(RDF + "type", []) if isinstance(o, ox.NamedNode)}
    typed = bool(types & {SH + "NodeShape", SH + "PropertyShape"})
    targeted = any(t in preds for t in _TARGETS)
    implicit = typed and bool(types & class_types)
    return typed or targeted, implicit


def load_shapes(triples: Iterable[ox.Triple]) -> list[NodeShape]:
    """Node shapes sorted by IRI; raises :class:`ShapeError` on anything unsupported.

    A property shape with targets of its own becomes a node shape holding just it.
    """
    g = _ShapesGraph(triples)
    class_types = _CLASS_TYPES | {s for s, preds in g.spo.items()
                                  if any(o.value == RDFS + "Class" for o in preds.get(RDFS + "subClassOf", []))}
    shapes = []
    for s_id, preds in sorted(g.spo.items()):
        is_shape, implicit = _is_shape(g, preds, class_types)
        if not is_shape:
            continue
        s = _as_node(s_id)
        if _deactivated(g, s):
            continue
        target_classes = sorted({_iri(c, "sh:targetClass") for c in g.all(s, "targetClass")} | ({s_id} if implicit else set()))
        target_nodes = []
        for t in g.all(s, "targetNode"):
            if not isinstance(t, ox.NamedNode):
                raise ShapeError(f"sh:targetNode {t} (on {g.describe(s)}) is not supported by rs2rdf's SHACL evaluator (only IRIs); "
                                 "validate with --engine pyshacl instead")
            target_nodes.append(t)
        targets = (tuple(target_classes), tuple(sorted(_iri(c, "sh:targetSubjectsOf") for c in g.all(s, "targetSubjectsOf"))),
                   tuple(sorted(set(target_nodes), key=lambda n: n.value)))
        if isinstance(s, ox.BlankNode) and any(targets):
            raise ShapeError(f"the shape {g.describe(s)} has targets but is a blank node: rs2rdf's SHACL evaluator needs an IRI to "
                             "name it in the report; give it one, or validate with --engine pyshacl")
        if "path" in preds:
            if any(targets):
                shapes.append(NodeShape(iri=s_id, target_classes=targets[0], target_subjects_of=targets[1],
                                        properties=(_property(g, s, s_id),), sparql=(), names=g.texts(s, "name"),
                                        target_nodes=targets[2]))
            continue
        _allowed_here(g, s, "node shape")
        _check_values(g, s)
        test = _value_test(g, s, node_level=True)
        props = []
        used: dict[str, int] = {}
        for p_value in g.all(s, "property"):
            p = _node(p_value, f"sh:property of {s}")
            if _deactivated(g, p):
                continue
            path = g.one(p, "path")
            local = f"{s_id}-{re.split('[#/]', path.value)[-1] if path is not None else ''}"
            used[local] = used.get(local, 0) + 1
            # blank property shapes get a stable name, so reports do not change between runs
            props.append(_property(g, p, p.value if isinstance(p, ox.NamedNode)
                                   else local + (f"-{used[local]}" if used[local] > 1 else "")))
        sparql = []
        for c_value in g.all(s, "sparql"):
            c = _node(c_value, f"sh:sparql of {s}")
            _allowed_here(g, c, "SPARQL constraint")
            if _deactivated(g, c):
                continue
            select = g.one(c, "select")
            if not isinstance(select, ox.Literal):
                raise ShapeError(f"{g.describe(s)}: sh:sparql without sh:select (sh:ask, sh:construct and SPARQL-based "
                                 "constraint components are not supported)")
            prefixes = _prefixes(g, c)
            header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted(prefixes.items()))
            names = _QueryCheck(f"the SPARQL constraint {g.describe(c)} of {g.describe(s)}", select.value, prefixes).check()
            sparql.append(SparqlConstraint(_term_id(c), header + select.value, _severity(g, s),
                                           g.texts(c, "message"), None, names))
        shapes.append(NodeShape(
            iri=s_id,
            target_classes=targets[0],
            target_subjects_of=targets[1],
            properties=tuple(sorted(props, key=lambda x: (x.order if x.order is not None else Decimal(10**9), x.path, x.iri))),
            sparql=tuple(sorted(sparql, key=lambda x: x.iri)),
            names=g.texts(s, "name"),
            target_nodes=targets[2],
            # the node's own sh:equals / sh:disjoint give results per value, so _core reads them apart
            test=replace(test, pairs=()),
            severity=_severity(g, s),
            messages=g.texts(s, "message"),
            pairs=test.pairs,
        ))
    return shapes


class DataIndex:
    """rdf:type, rdfs:subClassOf and the values of the shapes' paths, over the union graph."""

    def __init__(self, triples: Iterable[tuple[Node, ox.NamedNode, Value]], predicates: set[str], keep: Set[str] = frozenset()) -> None:
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
            if isinstance(o, ox.Triple):
                raise ShapeError(f"the triple term {o} (RDF 1.2, as the object of {p}) is not supported by rs2rdf's "
                                 "SHACL evaluator")
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
    if test.is_value is not None and v != test.is_value:
        out.append("HasValueConstraintComponent")
    if test.min_length is not None and (isinstance(v, ox.BlankNode) or len(v.value) < test.min_length):
        out.append("MinLengthConstraintComponent")
    if test.max_length is not None and (isinstance(v, ox.BlankNode) or len(v.value) > test.max_length):
        out.append("MaxLengthConstraintComponent")
    if test.languages is not None and not _language_ok(test.languages, v):
        out.append("LanguageInConstraintComponent")
    for name, q in test.pairs:  # a literal is the subject of no triple, so has no values of q
        other = () if isinstance(v, ox.Literal) else data.values[q].get(v, ())
        if name == "equals" and set(other) != {v}:
            out.append("EqualsConstraintComponent")
        elif name == "disjoint" and v in other:
            out.append("DisjointConstraintComponent")
    return out


_NO_TEST = ValueTest()


def _test_pairs(test: ValueTest) -> set[str]:
    return {q for _, q in test.pairs} | {q for alt in test.alternatives for q in _test_pairs(alt)}


def _paths(shapes: list[NodeShape]) -> set[str]:
    out = {p.path for s in shapes for p in s.properties}
    out |= {p for s in shapes for p in s.target_subjects_of}
    out |= {q for s in shapes for _, q in s.pairs} | {q for s in shapes for _, q in (p for ps in s.properties for p in ps.pairs)}
    out |= {q for s in shapes for t in [s.test, *(p.test for p in s.properties)] for q in _test_pairs(t)}
    return out


def _pair_results(pairs: tuple[tuple[str, str], ...], values: Iterable[Term], focus: Node,
                  data: DataIndex) -> Iterable[tuple[str, Term]]:
    """sh:equals / sh:disjoint: (component, value) of each result, as SHACL gives one per value."""
    mine = set(values)
    for name, q in pairs:
        other = set(data.values[q].get(focus, ()))
        if name == "equals":
            for v in sorted(mine ^ other, key=str):
                yield "EqualsConstraintComponent", v
        else:
            for v in sorted(mine & other, key=str):
                yield "DisjointConstraintComponent", v


def focus_nodes(shape: NodeShape, data: DataIndex) -> set[ox.NamedNode | ox.BlankNode]:
    out: set[ox.NamedNode | ox.BlankNode] = set()
    for c in shape.target_classes:
        out |= data.members(ox.NamedNode(c))
    for p in shape.target_subjects_of:
        out |= set(data.values[p])
    out.update(shape.target_nodes)
    return out


def _core(shape: NodeShape, nodes: set[ox.NamedNode | ox.BlankNode], data: DataIndex) -> list[Result]:
    results = []
    if shape.test != _NO_TEST:
        for focus in nodes:
            for component in _failures(shape.test, focus, data):
                results.append(Result(focus, None, focus, SH + component, shape.severity, shape.iri, shape.messages))
    if shape.pairs:
        for focus in nodes:
            for component, value in _pair_results(shape.pairs, (focus,), focus, data):
                results.append(Result(focus, None, value, SH + component, shape.severity, shape.iri, shape.messages))
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
            for component, v in _pair_results(ps.pairs, values, focus, data):
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


def validate(triples: Iterable[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Value]],
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

