"""Reading our own N-Quads back (rs2rdf.quads.nquads) gives exactly what pyoxigraph's parser gives,
so validation and the site see the same graph either way."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.quads.dump import write_dumps
from rs2rdf.mapping.emit import Emitter
from rs2rdf.quads.nquads import NQuadsFile, quad_triples, read_rows, read_triples, term_triples
from rs2rdf.site.index import GraphIndex, assign_documents
from rs2rdf.site.linkeddata import doc_ntriples
from rs2rdf.validation.validate import validate_graph

import pytest
from rs2rdf.mapping.iris import RS

G, S, P = "https://example.org/g", "https://example.org/s", "https://example.org/p"
# any text pyoxigraph accepts in a literal: no lone surrogates
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)


def _roundtrip(tmp: Path, emit: Emitter) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows = sorted(set(emit.quads))
    nq = write_dumps(rows, tmp, "https://example.org/")["nq"]
    ours = list(term_triples(read_rows(nq)))
    theirs = list(quad_triples(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)))
    return ours, theirs


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from(["ja", "en", None]))
def test_literals_read_back_exactly(tmp_path_factory, text: str, lang: str | None) -> None:  # type: ignore[no-untyped-def]
    e = Emitter()
    e.text(S, P, text, G, lang=lang)
    e.plain(S, P + "2", text, G)
    e.date(S, P + "3", text, G)
    e.decimal(S, P + "4", 12345, G)
    ours, theirs = _roundtrip(tmp_path_factory.mktemp("nq"), e)
    assert ours == theirs
    assert len(ours) == 4


def test_sample_graph_reads_back_the_same(sample_build: Path) -> None:
    nq = sample_build / "data" / "rs2rdf.nq"
    ours = list(NQuadsFile(nq))
    theirs = list(quad_triples(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)))
    assert ours == theirs
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    only_types = list(NQuadsFile(nq).triples({rdf_type}))
    assert only_types and only_types == [t for t in theirs if t[1].value == rdf_type]


@pytest.mark.slow
def test_validation_and_site_index_agree_with_the_parser(sample_build: Path) -> None:
    nq = sample_build / "data" / "rs2rdf.nq"
    base = "https://example.org/rs2rdf/"
    quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    fast = validate_graph(NQuadsFile(nq), base)
    slow = validate_graph(quad_triples(quads), base)
    assert [(f.result.key(), f.source, f.field) for f in fast.findings] == [(f.result.key(), f.source, f.field) for f in slow.findings]
    assert fast.findings, "the sample has warnings and notes to compare"
    # an entity's finding points to the row of the payment that names it (found through the links)
    corp = [f for f in fast.findings if f.result.focus.value.endswith("/id/org/5010401990005")]
    assert corp and all(f.source is not None and f.source.row == 57 and f.field == "法人番号" for f in corp)
    idx = GraphIndex.build(read_triples(nq.with_suffix(".nt")), base)
    again = GraphIndex.from_rows(read_rows(nq), base)
    assert (idx.out, idx.inc, idx.types, idx.labels) == (again.out, again.inc, again.types, again.labels)
    read_back = GraphIndex.from_ntriples(nq.with_suffix(".nt"), base, held=False)
    assert (dict(read_back.out), read_back.inc, read_back.types, read_back.labels) == (idx.out, idx.inc, idx.types, idx.labels)
    assert read_back.triples == idx.triples == sum(len(t) for t in idx.out.values()) // 2
    read_back.close()
    subjects = {q.subject.value for q in quads}
    assert set(idx.out) == subjects
    for some in sorted(subjects)[::7]:
        expected = sorted({(q.predicate.value, str(q.object)) for q in quads if q.subject.value == some})
        assert [(p, str(o)) for p, o in idx.props(some)] == expected
        stored = sorted({(q.predicate.value, q.object.value if isinstance(q.object, ox.NamedNode) else str(q.object))
                         for q in quads if q.subject.value == some}, key=lambda po: (po[0], f"<{po[1]}>" if po[1][0] not in '"_' else po[1]))
        assert idx.pairs(some) == stored, "IRI objects are kept as IRIs, other objects as N-Triples text"


@pytest.mark.slow
def test_twin_triples_are_the_page_members_and_their_incoming_links(sample_build: Path) -> None:
    nq = sample_build / "data" / "rs2rdf.nq"
    base = "https://example.org/rs2rdf/"
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)}
    idx = GraphIndex.from_rows(read_rows(nq), base)
    docs = assign_documents(idx, RS)
    checked = 0
    for doc in sorted(docs.members)[::7]:
        members = {ox.NamedNode(m) for m in docs.members[doc]}
        expected = {t for t in triples if t[0] in members or (t[2] in members and t[0] not in members)}
        text = doc_ntriples(idx, docs, doc)
        assert {(t.subject, t.predicate, t.object) for t in ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES)} == expected
        lines = text.splitlines()
        assert len(lines) == len(set(lines)), "a triple in several named graphs is written once"
        checked += 1
    assert checked > 10


@settings(max_examples=200, deadline=None)
@given(st.sets(st.tuples(st.sampled_from(["<g1>", "<g2>", "<g3>"]), st.sampled_from(["<s1>", "<s2>", "<s3>", "<s10>"]),
                         st.sampled_from(["<p>", "<q>"]), st.sampled_from(['"1"', '"2"@ja', "<o>"])), max_size=60))
def test_merged_union_equals_sorting_the_set(quads: set[tuple[str, str, str, str]]) -> None:
    """distinct_triples merges the graphs' sorted runs: the same as sorting the distinct triples."""
    from rs2rdf.quads.dump import distinct_triples

    rows = sorted(quads)
    assert list(distinct_triples(rows)) == sorted({(s, p, o) for _g, s, p, o in rows})


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from(["<a>", "<b>", '"x"', '"y"@ja']) for _ in range(4)]), max_size=40))
def test_rows_sort_in_place_to_the_distinct_sorted_quads(rows: list[tuple[str, str, str, str]]) -> None:
    from rs2rdf.quads.dump import sort_rows

    expected = sorted(set(rows))
    assert sort_rows(list(rows)) == expected


@pytest.mark.slow
def test_streamed_twins_are_the_twins_of_one_string(sample_build: Path, tmp_path: Path, monkeypatch) -> None:
    """Pages pointed to by much of the graph stream their twins; the bytes are the same."""
    from rs2rdf.quads.dump import prefixes
    from rs2rdf.site import linkeddata

    nq = sample_build / "data" / "rs2rdf.nq"
    base = "https://example.org/rs2rdf/"
    idx = GraphIndex.from_rows(read_rows(nq), base)
    docs = assign_documents(idx, RS)
    pages = sorted(docs.members)
    for name, limit in (("whole", 10 ** 9), ("streamed", 0)):
        monkeypatch.setattr(linkeddata, "STREAM_ROWS", limit)
        for doc in pages:
            linkeddata.write_twins(idx, docs, doc, tmp_path / name, prefixes(base))
    whole = sorted(p.relative_to(tmp_path / "whole") for p in (tmp_path / "whole").rglob("*") if p.is_file())
    assert len(whole) == 2 * len(pages)
    for rel in whole:
        assert (tmp_path / "streamed" / rel).read_bytes() == (tmp_path / "whole" / rel).read_bytes(), rel
