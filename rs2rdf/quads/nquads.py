"""The N-Quads line format, in one place: splitting a line into terms, writing a row, reading rows.

rs2rdf writes every quad as one line ``<s> <p> object <g> .`` with single spaces, each term as
pyoxigraph writes it (:mod:`rs2rdf.mapping.emit`). Such a line splits with a few string
operations, and validation and the site read the whole graph that way: through
``pyoxigraph.parse`` every quad becomes four new Python objects, and the validator's indexes
over un-shared objects cost it a quarter more; text rows made from the parser's terms
(``str()`` of each) take twice as long as the split. Reading rows of term text, and each
distinct IRI as one shared ``pyoxigraph.NamedNode`` (:class:`Terms`), keeps those passes cheap.

The split is only right on lines of that form, and ``rs2rdf validate SITE`` reads whatever dump
is there. So each line is checked before it is split (:func:`split_quad`, :func:`split_triple`),
and any line the check does not vouch for is read by pyoxigraph's parser (:func:`parse_quads`):
comments, blank lines, tabs or several spaces between terms, a quad of the default graph, an
IRI with escapes, a quote inside a literal, a blank node label beyond ASCII, a triple term, a
language tag with a direction. The check stays cheap by remembering, per process, the
predicate and graph names and the literal suffixes (``@ja``, ``^^<…#decimal>``) it has checked
once; a line then needs a few string tests. It assumes valid N-Quads: a line the parser would
refuse may get through it (``rs2rdf validate`` parses the whole dump strictly first).

CPU seconds on the benchmark's dump of 228,032 quads (``benchmarks/run.py --projects 200``,
48 MB; best of seven, interleaved, on the shared 2-core machine), for the split with its check,
for the parser, and for the split without the check that was here before (wrong on other
input):

=============================================================  =============  ======  =========
reader                                                         checked split  parser  unchecked
=============================================================  =============  ======  =========
:func:`read_rows`: term text rows                              0.32           0.55    0.16
:func:`read_triples` of the ``.nt`` dump (the site's index)    0.25           0.45    0.14
:class:`NQuadsFile`: every triple as terms                     0.51           0.36    0.37
validating the dump (``validate_graph``, two passes)           1.45           1.64    1.21
=============================================================  =============  ======  =========

So the parser reads the dumps only where the check sends it, and the check costs the build
about 0.1 s of the site stage and 0.25 s of the validation stage (which runs beside it) per
200 projects. On a line the check vouches for, the split gives what the parser gives, as terms
(``tests/test_quads_foreign.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Iterable, Iterator, Protocol

import pyoxigraph as ox

from rs2rdf.mapping.emit import Row

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
TermTriple = tuple[Node, ox.NamedNode, Term]
#: (subject, predicate, object) term text of one triple
TextTriple = tuple[str, str, str]

_BUFFER = 1 << 20

# --- writing ------------------------------------------------------------------------------------


def quad_line(g: str, s: str, p: str, o: str) -> str:
    """One quad as its line; ``g`` is "" for the default graph."""
    return f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"


def quad_lines(rows: Iterable[Row]) -> Iterator[str]:
    for g, s, p, o in rows:
        yield f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"


def triple_lines(triples: Iterable[TextTriple]) -> Iterator[str]:
    for s, p, o in triples:
        yield f"{s} {p} {o} .\n"


# --- checking a line ----------------------------------------------------------------------------

#: An IRI as one term without escapes: ``IRIREF`` without ``UCHAR``.
_IRI = re.compile(r'<[^\x00-\x20<>"{}|^`\\]*>')
#: A blank node label pyoxigraph reads as written (ASCII labels only; others go to the parser).
_BNODE = re.compile(r"_:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
#: A literal's text between its quotes when it holds a quote or a backslash.
_BODY = re.compile(r'(?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*')
_LANG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
#: how many checked names and suffixes a process keeps (a foreign dump may have any number)
_KEEP = 100_000

#: predicate and graph names found to be one IRI term each
_IRIS: set[str] = set()
#: a literal's suffix (``@ja``, ``^^<…>``) → (language, datatype) of the literal it ends, or
#: None when the parser has to read it (a direction, a datatype pyoxigraph refuses …)
_TAILS: dict[str, tuple[str | None, ox.NamedNode | None] | None] = {}
#: the suffixes :class:`Terms` reads itself
_PLAIN_TAILS: set[str] = set()


def _iri_term(text: str) -> bool:
    if _IRI.fullmatch(text) is None:
        return False
    if len(_IRIS) < _KEEP:
        _IRIS.add(text)
    return True


def _tail(tail: str) -> tuple[str | None, ox.NamedNode | None] | None:
    """The language and datatype a literal suffix gives, checked once against the parser."""
    if tail in _TAILS:
        return _TAILS[tail]
    found: tuple[str | None, ox.NamedNode | None] | None = None
    try:
        if _LANG.fullmatch(tail):
            made = ox.Literal("", language=tail[1:])
            found = (made.language, None)
        elif tail[:2] == "^^" and _IRI.fullmatch(tail, 2):
            datatype = ox.NamedNode(tail[3:-1])
            made = ox.Literal("", datatype=datatype)
            found = (None, datatype)
        if found is not None:
            parsed = next(iter(ox.parse(f'<x:s> <x:p> ""{tail} .', ox.RdfFormat.N_TRIPLES))).object
            if parsed != made:
                found = None
    except (ValueError, SyntaxError, StopIteration):
        found = None
    if len(_TAILS) < _KEEP:
        _TAILS[tail] = found
        if found is not None:
            _PLAIN_TAILS.add(tail)
    return found


def _plain(s: str, o: str) -> bool:
    """Whether subject ``s`` and object ``o`` are one term each, in a form :class:`Terms` reads
    exactly (the predicate and graph are checked by the callers)."""
    if s[:1] == "<":
        if s.find(">") != len(s) - 1 or "\\" in s:
            return False
    elif _BNODE.fullmatch(s) is None:
        return False
    c = o[:1]
    if c == '"':
        end = o.rfind('"')
        if end == 0:
            return False
        if end + 1 != len(o) and _tail(o[end + 1:]) is None:
            return False
        # a quote inside, or escapes: is the last quote the closing one, and every escape one
        # that unescape() knows?
        if o.find('"', 1) != end or "\\" in o:
            return _BODY.fullmatch(o, 1, end) is not None
        return True
    if c == "<":
        return o.find(">") == len(o) - 1 and o[1:2] != "<" and "\\" not in o
    return _BNODE.fullmatch(o) is not None


def split_quad(line: str) -> Row | None:
    """(graph, subject, predicate, object) term text of a line in rs2rdf's own form, or None
    for any other line (:func:`parse_quads` reads those)."""
    if "\\" not in line:
        try:
            s, p, rest = line.split(" ", 2)
        except ValueError:
            return None
        row = _rest_row(s, p, rest)
        if row is not None:
            return row
    return _checked_quad(line)


def _rest_row(s: str, p: str, rest: str) -> Row | None:
    """The common case of :func:`split_quad`, in as few string operations as will do, on a line
    without backslashes split at its first two spaces.

    Assuming the line is valid N-Quads, once the predicate and graph are each one IRI, the object
    one term and the line ends in `` .``, a subject that starts with ``<`` is one IRI: a valid
    line has four terms at most, and a comment after the subject would leave it without its
    predicate. Without a backslash, a literal's last quote is its closing one when it is also the
    first after the opening one.
    """
    if rest[-3:] == " .\n" and p in _IRIS and s[:1] == "<":
        try:
            o, g = rest[:-3].rsplit(" ", 1)
        except ValueError:
            return None
        if g in _IRIS and _plain_object(o):
            return g, s, p, o
    return None


def _plain_object(o: str) -> bool:
    """The common case of an object in rs2rdf's own form: an IRI, or a literal with no quote
    inside and a suffix already checked."""
    c = o[:1]
    if c == '"':
        if o[-1] == '"':
            return o.find('"', 1) == len(o) - 1
        i = o.rfind('"')
        return o[i + 1:] in _PLAIN_TAILS and o.find('"', 1) == i
    return c == "<" and o.find(">") == len(o) - 1


def _checked_quad(line: str) -> Row | None:
    """:func:`split_quad` for the other lines, with each check in full; new predicate and graph
    names and literal suffixes are learned here."""
    try:
        s, p, rest = line.split(" ", 2)
        o, g, end = rest.rsplit(" ", 2)
    except ValueError:
        return None
    if ((end == ".\n" or end == ".") and (p in _IRIS or _iri_term(p))
            and (g in _IRIS or _iri_term(g) or _BNODE.fullmatch(g) is not None) and _plain(s, o)):
        return g, s, p, o
    return None


def split_triple(line: str) -> TextTriple | None:
    """(subject, predicate, object) term text of an N-Triples line in rs2rdf's own form, or None
    (as :func:`split_quad`)."""
    if "\\" not in line:
        try:
            s, p, rest = line.split(" ", 2)
        except ValueError:
            return None
        if rest[-3:] == " .\n" and p in _IRIS and s[:1] == "<":
            o = rest[:-3]
            if _plain_object(o):
                return s, p, o
    return _checked_triple(line)


def _checked_triple(line: str) -> TextTriple | None:
    try:
        s, p, rest = line.split(" ", 2)
        o, end = rest.rsplit(" ", 1)
    except ValueError:
        return None
    if (end == ".\n" or end == ".") and (p in _IRIS or _iri_term(p)) and _plain(s, o):
        return s, p, o
    return None


# --- lines already vouched for ------------------------------------------------------------------

#: predicate and object of each line (the subject and predicate hold no space, and the line
#: ends in `` .``, as :func:`split_triple` has found)
_VOUCHED = re.compile(r"^[^ ]+ ([^ ]+) (.*) \.$", re.MULTILINE)


def vouched_pairs(text: str) -> list[tuple[str, str]]:
    """(predicate, object) term text of each line of ``text``, all of whose lines
    :func:`split_triple` has already vouched for (a subject's lines in our own dump, read again):
    one C call for all of them, 7 µs a run against 14 for checking and splitting each line again."""
    return _VOUCHED.findall(text)


def vouched_triple(line: bytes) -> tuple[bytes, bytes, bytes]:
    """(subject, predicate, object) term text, in UTF-8, of a line that :func:`split_triple` has
    already vouched for (a second pass over the same file)."""
    s, p, rest = line.split(b" ", 2)
    return s, p, rest[:rest.rindex(b" ")]


# --- the parser, for every other line -----------------------------------------------------------

def term_text(term: Term | ox.DefaultGraph) -> str:
    """A term as N-Quads writes it ("" for the default graph): ``str()``, except that a triple
    term gets its ``<<( … )>>``."""
    if isinstance(term, ox.Triple):
        return f"<<( {term_text(term.subject)} {term_text(term.predicate)} {term_text(term.object)} )>>"
    if isinstance(term, ox.DefaultGraph):
        return ""
    return str(term)


def _parse(text: str, fmt: ox.RdfFormat, where: str) -> Iterator[ox.Quad]:
    try:
        yield from ox.parse(text, fmt)
    except SyntaxError as exc:
        raise SyntaxError(f"{where}: {exc}" if where else str(exc)) from exc


def parse_quads(text: str, where: str = "") -> list[Row]:
    """The rows of any N-Quads text, read by pyoxigraph (``where`` names it in errors)."""
    return [(term_text(q.graph_name), term_text(q.subject), str(q.predicate), term_text(q.object))
            for q in _parse(text, ox.RdfFormat.N_QUADS, where)]


def parse_triples(text: str, where: str = "") -> list[TextTriple]:
    """The triples of any N-Triples text, read by pyoxigraph."""
    return [(term_text(q.subject), str(q.predicate), term_text(q.object)) for q in _parse(text, ox.RdfFormat.N_TRIPLES, where)]


# --- reading rows -------------------------------------------------------------------------------

def quad_rows(lines: Iterable[str], where: str = "") -> Iterator[Row]:
    """The rows of N-Quads lines (any valid ones), in their order."""
    for n, line in enumerate(lines, 1):
        row = split_quad(line)
        if row is not None:
            yield row
        else:
            yield from parse_quads(line, f"{where} line {n}")


def quad_rows_with_lines(lines: Iterable[str], where: str = "") -> Iterator[tuple[str, Row]]:
    """Each quad's row with a line that reads back as that quad: the line itself when it is in
    rs2rdf's form, else one written from the parser's terms (one per quad, none for a comment)."""
    for n, line in enumerate(lines, 1):
        row = split_quad(line)
        if row is not None:
            yield (line if line[-1:] == "\n" else line + "\n"), row
        else:
            for row in parse_quads(line, f"{where} line {n}"):
                yield quad_line(*row), row


def triple_rows(lines: Iterable[str], where: str = "") -> Iterator[TextTriple]:
    """The triples of N-Triples lines (any valid ones), in their order.

    :func:`split_triple`'s common case is written out here: the site reads the whole N-Triples
    dump through this loop before its first page, and a call per line was a tenth of it.
    """
    iris, tails = _IRIS, _PLAIN_TAILS
    for n, line in enumerate(lines, 1):
        try:
            s, p, rest = line.split(" ", 2)
        except ValueError:
            s = p = rest = ""
        if rest[-3:] == " .\n" and p in iris and s[:1] == "<" and "\\" not in line:
            o = rest[:-3]
            c = o[:1]
            if c == '"':
                i = o.rfind('"')
                if (i + 1 == len(o) or o[i + 1:] in tails) and o.find('"', 1) == i:
                    yield s, p, o
                    continue
            elif c == "<" and o.find(">") == len(o) - 1:
                yield s, p, o
                continue
        triple = _checked_triple(line)
        if triple is not None:
            yield triple
        else:
            yield from parse_triples(line, f"{where} line {n}")


def _open(path: Path) -> IO[str]:
    return open(path, encoding="utf-8", buffering=_BUFFER)


def read_rows(path: Path) -> Iterator[Row]:
    """(graph, subject, predicate, object) term text of each quad of an N-Quads file."""
    with _open(path) as f:
        yield from quad_rows(f, str(path))


def read_triples(path: Path) -> Iterator[TextTriple]:
    """(subject, predicate, object) term text of each triple of an N-Triples file, in its order
    (our own dump's is sorted and distinct)."""
    with _open(path) as f:
        yield from triple_rows(f, str(path))


# --- terms ----------------------------------------------------------------------------------------

_ESCAPES = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape(text: str) -> str:
    """The text of an N-Triples string with its escapes undone."""
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code:
            return chr(int(code, 16))
        return _ECHAR[m.group(3)]
    return _ESCAPES.sub(one, text)


def literal_lexical(text: str) -> str:
    """The lexical form of a literal's N-Triples text, escapes undone."""
    lexical = text[1:text.rindex('"')]
    return unescape(lexical) if "\\" in lexical else lexical


def literal_language(text: str) -> str:
    """The language tag of a literal's N-Triples text, "" when it has none."""
    tail = text[text.rindex('"') + 1:]
    if not tail:
        return ""
    found = _tail(tail)
    if found is None:  # a tag with a direction, say: the parser's reading
        parsed = _parse_term(text)
        return (parsed.language or "") if isinstance(parsed, ox.Literal) else ""
    return found[0] or ""


def _parse_term(text: str) -> Term:
    """The term of an object's N-Triples text that :class:`Terms` does not read itself."""
    return next(iter(ox.parse(f"<x:s> <x:p> {text} .", ox.RdfFormat.N_TRIPLES))).object


class Terms:
    """N-Quads term text → pyoxigraph term; IRIs and blank nodes are made once and shared."""

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        self._iris: dict[str, ox.NamedNode] = {}
        self._predicates: dict[str, ox.NamedNode] = {}

    def node(self, text: str) -> Node:
        n = self._nodes.get(text)
        if n is None:
            n = self._nodes[text] = ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text[1:-1])
        return n

    def predicate(self, text: str) -> ox.NamedNode:
        """:meth:`node`, for a predicate: always an IRI."""
        n = self._predicates.get(text)
        if n is None:
            node = self.node(text)
            if not isinstance(node, ox.NamedNode):
                raise ValueError(f"{text}: a predicate is an IRI")
            n = self._predicates[text] = node
        return n

    def iri(self, iri: str) -> ox.NamedNode:
        """The node of an IRI given without its angle brackets."""
        n = self._iris.get(iri)
        if n is None:
            n = self._iris[iri] = ox.NamedNode(iri)
        return n

    def term(self, text: str) -> Term:
        c = text[0]
        if c != '"':
            if c == "_" or (c == "<" and text[1:2] != "<"):
                return self.node(text)
            return _parse_term(text)  # a triple term
        end = text.rindex('"')
        lexical = text[1:end]
        if "\\" in lexical:
            lexical = unescape(lexical)
        if end + 1 == len(text):
            return ox.Literal(lexical)
        tail = text[end + 1:]
        found = _TAILS[tail] if tail in _TAILS else _tail(tail)
        if found is None:
            return _parse_term(text)
        language, datatype = found
        if language is not None:
            return ox.Literal(lexical, language=language)
        return ox.Literal(lexical, datatype=datatype)


def term_triples(rows: Iterable[Row], terms: Terms | None = None) -> Iterator[TermTriple]:
    """The rows' triples as pyoxigraph terms (graph names dropped: the stages read the union)."""
    terms = terms or Terms()
    node, predicate, term = terms.node, terms.predicate, terms.term
    for _g, s, p, o in rows:
        yield node(s), predicate(p), term(o)


class LineSink(Protocol):
    """Where :meth:`NQuadsFile.triples` sends the lines it copies (a list will do)."""

    def append(self, line: str) -> None: ...


_TYPE_TEXT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_NO_PREDICATES: frozenset[str] = frozenset()


class NQuadsFile(Iterable[TermTriple]):
    """An N-Quads dump as a source of triples, optionally only those of some predicates.

    Lines of other predicates are skipped before any term is made, after the two checks that
    make sure the predicate read is the line's: the validator reads only the predicates its
    shapes name, and copies the lines of a few more.
    """

    def __init__(self, path: Path, *more: Path) -> None:
        """``more``: further files read after ``path``, as one source (a validation partition)."""
        self.path = path
        self.paths = (path, *more)

    def triples(self, predicates: set[str] | None = None, copy: "LineSink | None" = None,
                copied: "set[str] | frozenset[str]" = _NO_PREDICATES) -> Iterator[TermTriple]:
        """Triples of ``predicates`` (all when None); lines of the ``copied`` predicates (and
        rdf:type lines naming a ``copied`` class) also go to ``copy`` as N-Quads text."""
        wanted = None if predicates is None else {f"<{p}>" for p in predicates}
        copy_preds = {f"<{p}>" for p in copied}
        terms = Terms()
        node, term = terms.node, terms.term
        #: predicate text → (read it, copy it, its node), once the predicate is known to be one IRI
        known: dict[str, tuple[bool, bool, ox.NamedNode]] = {}
        skipped: set[str] = set()  # those of them neither read nor copied
        copied_only: set[str] = set()  # and those only copied (rdf:type aside)
        iris, tails = _IRIS, _PLAIN_TAILS
        last: str | None = None  # the last subject found to be one IRI
        for path in self.paths:
            where = str(path)
            with _open(path) as f:
                for n, line in enumerate(f, 1):
                    # the common case inline (this loop is most of the validator's reading):
                    # _rest_row's checks, after skipping the line when its subject and predicate
                    # are one IRI each (then they are the line's, whatever follows)
                    try:
                        s, p, rest = line.split(" ", 2)
                    except ValueError:
                        s = p = rest = ""
                    if p in skipped:
                        if s == last or (s[:1] == "<" and s.find(">") == len(s) - 1):
                            last = s
                            continue
                    elif p in copied_only:
                        # copied as it is, whatever follows: the store reads it with the parser
                        if s == last or (s[:1] == "<" and s.find(">") == len(s) - 1):
                            last = s
                            if copy is not None:
                                copy.append(line if line[-1:] == "\n" else line + "\n")
                            continue
                    elif (info := known.get(p)) is not None:
                        read, copy_it, pn = info
                        if rest[-3:] == " .\n" and s[:1] == "<" and "\\" not in line:
                            o, _, g = rest[:-3].rpartition(" ")
                            if g in iris:
                                c = o[:1]
                                if c == '"':
                                    i = o.rfind('"')
                                    ok = (i + 1 == len(o) or o[i + 1:] in tails) and o.find('"', 1) == i
                                else:
                                    ok = c == "<" and o.find(">") == len(o) - 1
                                if ok:
                                    if copy_it and copy is not None and (p != _TYPE_TEXT or o in copy_preds):
                                        copy.append(line)
                                    if read:
                                        yield node(s), pn, term(o)
                                    continue
                    row = _checked_quad(line)
                    if row is None:
                        yield from self._parsed(line, f"{where} line {n}", wanted, copy, copy_preds, terms)
                        continue
                    g, s, p, o = row
                    if p not in known and len(known) < _KEEP:
                        known[p] = (wanted is None or p in wanted, p in copy_preds, terms.predicate(p))
                        read_it, copy_it = known[p][0], known[p][1]
                        if not read_it and not copy_it:
                            skipped.add(p)
                        elif not read_it and p != _TYPE_TEXT:  # a type line is copied by its object
                            copied_only.add(p)
                    if copy is not None and p in copy_preds and (p != _TYPE_TEXT or o in copy_preds):
                        copy.append(line if line[-1:] == "\n" else line + "\n")
                    if wanted is None or p in wanted:
                        yield node(s), terms.predicate(p), term(o)

    @staticmethod
    def _parsed(line: str, where: str, wanted: set[str] | None, copy: "LineSink | None", copy_preds: set[str],
                terms: Terms) -> Iterator[TermTriple]:
        """:meth:`triples` of a line that only the parser reads."""
        for g, s, p, o in parse_quads(line, where):
            if copy is not None and p in copy_preds and (p != _TYPE_TEXT or o in copy_preds):
                copy.append(quad_line(g, s, p, o))
            if wanted is None or p in wanted:
                yield terms.node(s), terms.predicate(p), terms.term(o)

    def __iter__(self) -> Iterator[TermTriple]:
        return self.triples()


def quad_triples(quads: Iterable[ox.Quad]) -> Iterator[TermTriple]:
    for q in quads:
        s = q.subject
        if isinstance(s, ox.Triple):
            raise ValueError(f"{q}: a triple term as subject (RDF-star, not RDF 1.2)")
        yield s, q.predicate, q.object
