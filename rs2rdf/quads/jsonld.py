"""Compact JSON-LD with a ``@context``: the JSON-LD dump and every page's ``.jsonld`` twin.

pyoxigraph writes expanded JSON-LD: every key a full IRI, no ``@context``. That is correct RDF but
not what JSON-LD is for, a document a program reads as plain JSON (``"rs:projectName"``,
``"@type": "rs:ReviewSheet"``). This writer streams subject runs (N-Triples input sorted by
subject, as the dumps and twins are) into ``{"@context": …, "@graph": [node, …]}`` where

* keys and ``@type`` values are compact IRIs over the dump's prefixes (``rs:``, ``id:``, ``org:`` …),
  and a full IRI where no prefix fits;
* node references are ``{"@id": …}`` with the same compaction, literals ``{"@value": …}`` with
  ``@language`` or a compacted ``@type`` (none for ``xsd:string``).

The context is **embedded** in every document, not referenced by IRI: the document then parses
offline and with any processor (rdflib, pyld, a browser) without a document loader or a request to
the site, and a twin stays correct when the site moves to another base. The same context is also
published as ``context.jsonld`` at the site root for anyone writing JSON-LD against the data.
The RDF is the same as the Turtle twin's: ``tests/test_jsonld.py`` parses both and compares.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import IO, Iterable, Iterator

import pyoxigraph as ox

from rs2rdf.mapping.vocab import RDF, XSD
from rs2rdf.quads.nquads import unescape

_TYPE = RDF + "type"
_STRING = XSD + "string"


def context(px: dict[str, str]) -> dict[str, str]:
    """The ``@context``: one prefix per namespace, sorted (JSON-LD 1.1 uses a term as a prefix
    when its IRI ends in ``/`` or ``#``, as all of these do)."""
    return {k: v for k, v in sorted(px.items()) if v.endswith(("/", "#"))}


class Compactor:
    """IRI → compact IRI over a context's prefixes (longest namespace first)."""

    def __init__(self, ctx: dict[str, str]) -> None:
        self._spaces = sorted(((ns, name) for name, ns in ctx.items()), key=lambda x: -len(x[0]))
        self._cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self._cache.get(iri)
        if found is None:
            found = iri
            for ns, name in self._spaces:
                # a suffix starting "//" would read as an absolute IRI ("rs://x"); an empty one is fine
                if iri.startswith(ns) and not iri[len(ns):].startswith("//"):
                    found = f"{name}:{iri[len(ns):]}"
                    break
            if len(self._cache) < 1 << 16:
                self._cache[iri] = found
        return found


def _object(o: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, short: Compactor) -> dict[str, str]:
    if isinstance(o, ox.NamedNode):
        return {"@id": short(o.value)}
    if isinstance(o, ox.BlankNode):
        return {"@id": f"_:{o.value}"}
    if isinstance(o, ox.Literal):
        if o.language:
            return {"@value": o.value, "@language": o.language}
        if o.datatype.value == _STRING:
            return {"@value": o.value}
        return {"@value": o.value, "@type": short(o.datatype.value)}
    raise ValueError(f"an RDF-star triple term cannot be written as JSON-LD 1.1: {o}")


def _node(subject: ox.NamedNode | ox.BlankNode, pairs: list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]],
          short: Compactor) -> dict[str, object]:
    node: dict[str, object] = {"@id": short(subject.value) if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"}
    types = [short(o.value) for p, o in pairs if p == _TYPE and isinstance(o, ox.NamedNode)]
    if types:
        node["@type"] = types
    for p, o in pairs:
        if p == _TYPE and isinstance(o, ox.NamedNode):
            continue
        values = node.setdefault(short(p), [])
        assert isinstance(values, list)
        values.append(_object(o, short))
    return node


def nodes(triples: Iterable[ox.Triple], short: Compactor) -> Iterator[dict[str, object]]:
    """One node object per run of triples with the same subject."""
    subject: ox.NamedNode | ox.BlankNode | None = None
    pairs: list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]] = []
    for t in triples:
        if t.subject != subject:
            if subject is not None:
                yield _node(subject, pairs, short)
            subject, pairs = t.subject, []  # type: ignore[assignment]
        pairs.append((t.predicate.value, t.object))
    if subject is not None:
        yield _node(subject, pairs, short)


def _text_term(term: str) -> str:
    """An IRI's or blank node's N-Triples text → the IRI (escapes undone) or ``_:id``."""
    if term[:1] == "<":
        iri = term[1:-1]
        return unescape(iri) if "\\" in iri else iri
    return term


def _text_object(o: str, short: Compactor) -> dict[str, str]:
    if o[:1] == "<":
        return {"@id": short(_text_term(o))}
    if o[:2] == "_:":
        return {"@id": o}
    end = o.rindex('"')
    body, tail = o[1:end], o[end + 1:]
    value = unescape(body) if "\\" in body else body
    if tail[:1] == "@":
        return {"@value": value, "@language": tail[1:]}
    if tail[:3] == "^^<":
        dt = _text_term(tail[2:])
        return {"@value": value} if dt == _STRING else {"@value": value, "@type": short(dt)}
    return {"@value": value}


def text_nodes(rows: Iterable[tuple[str, str, str]], short: Compactor) -> Iterator[dict[str, object]]:
    """:func:`nodes` for triples as N-Triples term text (``<s>``, ``<p>``, object text), as the
    dumps and the site's index hold them: no term object is built, which halves the time."""
    node: dict[str, object] = {}
    subject = None
    types: list[str] = []
    for s, p, o in rows:
        if s != subject:
            if subject is not None:
                yield _typed(node, types)
            subject, node, types = s, {"@id": short(_text_term(s))}, []
        iri = p[1:-1]
        if iri == _TYPE and o[:1] == "<":
            types.append(short(_text_term(o)))
            continue
        values = node.setdefault(short(iri), [])
        assert isinstance(values, list)
        values.append(_text_object(o, short))
    if subject is not None:
        yield _typed(node, types)


def _typed(node: dict[str, object], types: list[str]) -> dict[str, object]:
    if not types:
        return node
    out: dict[str, object] = {"@id": node["@id"], "@type": types}
    out.update((k, v) for k, v in node.items() if k != "@id")
    return out


def write_text(rows: Iterable[tuple[str, str, str]], out: IO[str], px: dict[str, str]) -> None:
    """:func:`write` for N-Triples term text (subject runs contiguous)."""
    _write(text_nodes(rows, Compactor(context(px))), out, px)


def write(triples: Iterable[ox.Triple], out: IO[str], px: dict[str, str]) -> None:
    """The document, one node per line (diffable, and streamed: a node at a time in memory)."""
    _write(nodes(triples, Compactor(context(px))), out, px)


def _write(found: Iterable[dict[str, object]], out: IO[str], px: dict[str, str]) -> None:
    out.write('{"@context": ')
    out.write(json.dumps(context(px), ensure_ascii=False, sort_keys=True))
    out.write(',\n"@graph": [')
    first = True
    for node in found:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(node, ensure_ascii=False, separators=(",", ":")))
        first = False
    out.write("\n]}\n")


def to_bytes(triples: Iterable[ox.Triple], px: dict[str, str]) -> bytes:
    """A query's or store's triples (in any order) as the document: sorted, so each subject is one node."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    buffer = io.StringIO()
    write(ordered, buffer, px)
    return buffer.getvalue().encode("utf-8")


def write_text_file(rows: Iterable[tuple[str, str, str]], path: Path, px: dict[str, str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        write_text(rows, f, px)


def write_file(triples: Iterable[ox.Triple], path: Path, px: dict[str, str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        write(triples, f, px)


def context_document(px: dict[str, str]) -> str:
    """``context.jsonld``: the context the dump and twins embed, for JSON-LD written by others."""
    return json.dumps({"@context": context(px)}, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
