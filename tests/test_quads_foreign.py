"""N-Quads and N-Triples that rs2rdf did not write read back as pyoxigraph's parser reads them.

``rs2rdf validate SITE`` reads whatever dump is there, so every reader of the line format
(:mod:`rs2rdf.quads.nquads` and the modules that read through it) must be right on any valid
input, not only on the dumps the build writes: other spacing, comments and blank lines, quads
of the default graph, escapes written differently, blank nodes, language tags in capitals, triple
terms. Each test compares what a reader gives with what ``pyoxigraph.parse`` gives, as terms.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rs2rdf.mapping.iris import DEFAULT_BASE
from rs2rdf.quads.nquads import NQuadsFile, Terms, read_rows, read_triples, term_triples
from rs2rdf.site.index import GraphIndex
from rs2rdf.validation.partition import split_by_year

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"

# --- terms, and ways to write each one --------------------------------------------------------

iris = st.sampled_from([EX + "s", EX + "p", EX + "a#b", "https://例え.jp/パス?q=1", "urn:x:y", EX + "g"])
bnodes = st.sampled_from(["b1", "x.y", "日本", "_u", "b-2"])
texts = st.text(st.characters(codec="utf-8"), max_size=12)  # no lone surrogates
literals = st.one_of(
    st.builds(ox.Literal, texts),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), texts, st.sampled_from(["ja", "en", "en-US", "de-CH-1996"])),
    st.builds(lambda v, dt: ox.Literal(v, datatype=ox.NamedNode(dt)), texts,
              st.sampled_from([XSD + "string", XSD + "integer", XSD + "decimal", EX + "dt"])),
)
nodes = st.one_of(st.builds(ox.NamedNode, iris), st.builds(ox.BlankNode, bnodes))
predicates = st.builds(ox.NamedNode, iris)
simple_objects = st.one_of(nodes, literals)
objects = st.one_of(simple_objects, st.builds(ox.Triple, nodes, predicates, simple_objects))
graphs = st.one_of(st.builds(ox.NamedNode, iris), st.builds(ox.BlankNode, bnodes), st.just(ox.DefaultGraph()))
quads = st.lists(st.builds(ox.Quad, nodes, predicates, objects, graphs), min_size=1, max_size=8)


Draw = Callable[[st.SearchStrategy[Any]], Any]


def _uchar(c: str) -> str:
    return f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"


def spell(term: object, draw: Draw) -> str:
    """A valid N-Quads spelling of ``term``, not always the one pyoxigraph writes."""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        if draw(st.booleans()):  # some characters as \\u escapes
            iri = "".join(_uchar(c) if c.isalpha() and draw(st.booleans()) else c for c in iri)
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return str(term)
    if isinstance(term, ox.Triple):
        sep = draw(st.sampled_from([" ", "  ", "\t"]))
        return f"<<({sep}{spell(term.subject, draw)}{sep}{spell(term.predicate, draw)}{sep}{spell(term.object, draw)}{sep})>>"
    assert isinstance(term, ox.Literal)
    if draw(st.booleans()):
        body = str(term)[1:str(term).rindex('"')]
    else:  # escapes of our own choosing: \\u for anything, \\t and \\" as ECHAR, raw where allowed
        out = []
        for c in term.value:
            way = draw(st.sampled_from(["raw", "uchar", "echar"]))
            if c in '"\\\n\r' and way == "raw":
                way = "echar"
            if way == "echar":
                out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f",
                            "'": "\\'"}.get(c, _uchar(c)))
            else:
                out.append(c if way == "raw" else _uchar(c))
        body = "".join(out)
    if term.language:
        lang = term.language
        return f'"{body}"@{lang.upper() if draw(st.booleans()) else lang}'
    if term.datatype is not None and term.datatype.value != XSD + "string":
        return f'"{body}"^^{spell(term.datatype, draw)}'
    if draw(st.booleans()):
        return f'"{body}"^^<{XSD}string>'
    return f'"{body}"'


def document(items: list[ox.Quad], draw: Draw, graphs: bool = True) -> str:
    """The quads as N-Quads (or N-Triples) text: terms spelled and spaced in various valid ways,
    with comments and blank lines between."""
    if draw(st.booleans()):  # as pyoxigraph writes them
        return (ox.serialize(items, format=ox.RdfFormat.N_QUADS if graphs else ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    lines = []
    for q in items:
        sep = draw(st.sampled_from([" ", "\t", "  ", " \t "]))
        terms = [spell(q.subject, draw), spell(q.predicate, draw), spell(q.object, draw)]
        if graphs and not isinstance(q.graph_name, ox.DefaultGraph):
            terms.append(spell(q.graph_name, draw))
        end = draw(st.sampled_from([" .", ".", " . # a comment <x:y> .", "\t.#<x:g> ."]))
        lead = draw(st.sampled_from(["", "", " ", "\t"]))
        lines.append(lead + sep.join(terms) + end)
        lines.extend(draw(st.lists(st.sampled_from(["", "# <x:s> <x:p> <x:o> <x:g> .", "   "]), max_size=1)))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


def parsed(text: str, fmt: ox.RdfFormat) -> list[tuple[Any, ...]]:
    return [(q.subject, q.predicate, q.object, q.graph_name) for q in ox.parse(text.encode("utf-8"), fmt)]


def row_terms(rows: list[tuple[str, str, str, str]]) -> list[tuple[Any, ...]]:
    terms = Terms()
    return [(terms.term(s), terms.term(p), terms.term(o), terms.term(g) if g else ox.DefaultGraph()) for g, s, p, o in rows]


# --- the readers ----------------------------------------------------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.slow
@SETTINGS
@given(quads, st.data())
def test_nquads_readers_read_what_the_parser_reads(tmp_path: Path, items: list[ox.Quad], data: st.DataObject) -> None:
    text = document(items, data.draw)
    expected = parsed(text, ox.RdfFormat.N_QUADS)
    path = tmp_path / "foreign.nq"
    path.write_text(text, encoding="utf-8")

    assert row_terms(list(read_rows(path))) == expected
    triples = [e[:3] for e in expected]
    assert list(term_triples(read_rows(path))) == triples
    assert list(NQuadsFile(path)) == triples
    # only some predicates, and the lines of one copied as text (the validator's two passes)
    wanted = data.draw(st.sets(st.sampled_from([EX + "s", EX + "p", EX + "a#b", "urn:x:y"])))
    copied: list[str] = []
    kept = list(NQuadsFile(path).triples(set(wanted), copied, {EX + "p"}))
    assert kept == [t for t in triples if t[1].value in wanted]
    assert parsed("".join(copied), ox.RdfFormat.N_QUADS) == [e for e in expected if e[1].value == EX + "p"]


@pytest.mark.slow
@SETTINGS
@given(quads, st.data())
def test_ntriples_readers_read_what_the_parser_reads(tmp_path: Path, items: list[ox.Quad], data: st.DataObject) -> None:
    text = document([ox.Quad(q.subject, q.predicate, q.object) for q in items], data.draw, graphs=False)
    expected = [e[:3] for e in parsed(text, ox.RdfFormat.N_TRIPLES)]
    path = tmp_path / "foreign.nt"
    path.write_text(text, encoding="utf-8")
    terms = Terms()
    assert [(terms.term(s), terms.term(p), terms.term(o)) for s, p, o in read_triples(path)] == expected


@pytest.mark.slow
@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["2024/1", "2025/2", "2025/2/block/A"]), predicates, simple_objects, graphs),
                min_size=1, max_size=8), st.data())
def test_validation_partitions_hold_what_the_parser_reads(tmp_path: Path, rows: list[tuple[str, ox.NamedNode, Any, Any]],
                                                          data: st.DataObject) -> None:
    """Splitting a dump by review year puts each quad, as the parser reads it, in its subject's year."""
    sheet = DEFAULT_BASE + "id/sheet/"
    items = [ox.Quad(ox.NamedNode(sheet + s), p, o, g) for s, p, o, g in rows]
    text = document(items, data.draw)
    expected = parsed(text, ox.RdfFormat.N_QUADS)
    path = tmp_path / "rs2rdf.nq"
    path.write_text(text, encoding="utf-8")
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh one for each example
    parts = split_by_year(path, folder, DEFAULT_BASE)
    if len(parts) == 1:
        assert parts[0].files == (path,)
        return
    assert [p.name for p in parts][0] == "shared"
    for part in parts[1:]:
        year_file = next(f for f in part.files if f.name == f"{part.name}.nq")
        mine = [e for e in expected if e[0].value.startswith(f"{sheet}{part.name}/")]
        assert Counter(parsed(year_file.read_text(encoding="utf-8"), ox.RdfFormat.N_QUADS)) == Counter(mine)
        assert Counter(NQuadsFile(*part.files)) >= Counter(e[:3] for e in mine)


# --- cases spelled out ----------------------------------------------------------------------------

CASES = [
    '<http://a/s> <http://a/p> "a b c" .',  # the old split gave ('c"', …, '"a b')
    '<http://a/s>\t<http://a/p>\t"x"  <http://a/g>  .',
    '<http://a/s> <http://a/p> "say \\"hi\\" <http://a/g> ." <http://a/g> .',
    '<http://a/s> <http://a/p> "a\\\\" <http://a/g> .',
    '<http://a/s> <http://a/p> "x" . # "y" <http://a/g> .',
    '<http://a/s> <http://a/p> "x"@EN-gb <http://a/g> .',
    '<http://a/s> <http://a/p> "x"@en--ltr <http://a/g> .',
    '<http://a/s> <http://a/p> "x" ^^ <http://a/dt> <http://a/g> .',
    '<http://a/s> <http://a/p> "\\u00e9\\U0001F600\\t" <http://a/g> .',
    '<http://a/\\u00e9> <http://a/p> <http://a/\\u0041> <http://a/g> .',
    '<http://a/s><http://a/p><http://a/o><http://a/g>.',
    '_:b1 <http://a/p> _:b.2 _:g .',
    '<http://a/s> <http://a/p> <<( <http://a/s> <http://a/p> "o" )>> <http://a/g> .',
    ' <http://a/s> <http://a/p> "x" <http://a/g> .',  # a subject after white space
    # a predicate first met as one, then the first term after white space (not a subject to skip on)
    '<http://a/x> <http://a/s> "x" <http://a/g> .\n <http://a/s> <http://a/p> "y" <http://a/g> .',
    '<http://a/s> <http://a/q> "x" .\n<http://a/s>  <http://a/p> "y" <http://a/g> .',  # the same subject, two spaces
    '# a comment line',
    '',
    '   ',
]


@pytest.mark.parametrize("line", CASES)
def test_one_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "one.nq"
    path.write_text(line + "\n", encoding="utf-8")
    expected = parsed(line, ox.RdfFormat.N_QUADS)
    assert row_terms(list(read_rows(path))) == expected
    assert list(NQuadsFile(path)) == [e[:3] for e in expected]
    # the validator's passes: some predicates read, some lines only copied
    for wanted, copied in (({"http://a/p"}, set()), ({"http://a/q"}, {"http://a/p"}), (set(), {"http://a/p", "http://a/q"})):
        lines: list[str] = []
        assert list(NQuadsFile(path).triples(wanted, lines, copied)) == [e[:3] for e in expected if e[1].value in wanted]
        assert parsed("".join(lines), ox.RdfFormat.N_QUADS) == [e for e in expected if e[1].value in copied]


def test_a_foreign_ntriples_dump_is_indexed_as_held(tmp_path: Path) -> None:
    """The site reads a dump's pairs back by byte offset only when every line is rs2rdf's own;
    any other dump is read by the parser and held, with the same index."""
    own = [f"<{EX}a> <{EX}p> <{EX}b> .", f'<{EX}a> <{EX}q> "x y"@ja .', f"<{EX}b> <{EX}p> <{EX}a> ."]
    foreign = [f"<{EX}a>\t<{EX}p> <{EX}b> .", f'<{EX}a> <{EX}q> "x y"@JA .  # a comment', f"<{EX}b> <{EX}p> <{EX}a>."]
    (tmp_path / "own.nt").write_text("\n".join(own) + "\n", encoding="utf-8")
    (tmp_path / "foreign.nt").write_text("\n".join(foreign) + "\n", encoding="utf-8")
    a = GraphIndex.from_ntriples(tmp_path / "own.nt", EX, held=False)
    b = GraphIndex.from_ntriples(tmp_path / "foreign.nt", EX, held=False)
    try:
        assert (dict(a.out), a.inc, a.types, a.labels) == (dict(b.out), b.inc, b.types, b.labels)
        assert b.props(EX + "a") == a.props(EX + "a")
    finally:
        a.close()
        b.close()
