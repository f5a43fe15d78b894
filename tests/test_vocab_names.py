"""Every rs: term named in the code, the shipped queries and the shapes is defined in ontology/rs.ttl.

:class:`rs2rdf.mapping.vocab.Vocab` refuses unknown names when a line runs, and mypy when it
checks the file; this test reads every source file, so a misspelt name fails here even on a
path no other test runs, and in the forms neither of those sees (a string joined to the
namespace, a ``V["…"]`` key, a prefixed name in SPARQL or Turtle).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from rs2rdf.core.resources import asset_dir
from rs2rdf.mapping.iris import RS

NS = RS
PACKAGE = Path(__file__).resolve().parent.parent / "rs2rdf"

#: Names that hold a :class:`Vocab` (``V``, ``ctx.V``, ``site.V``) or the namespace string (``v``, ``vocab``, ``site.vocab``).
VOCAB_OBJECTS = {"V"}
NAMESPACE_STRINGS = {"v", "vocab"}
#: A helper that joins the namespace and a name, as ``site/view_kinds.py`` had: ``_v(site, "reviewYear")``.
JOINING_HELPERS = {"_v"}
PREFIXED = re.compile(r"(?<![\w-])rs:([A-Za-z_][\w-]*)")


def _named(node: ast.expr, names: set[str]) -> bool:
    """``name`` itself, or an attribute ending in it (``ctx.V``, ``site.vocab``)."""
    return (isinstance(node, ast.Name) and node.id in names) or (isinstance(node, ast.Attribute) and node.attr in names)


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def terms_in_python(source: str) -> list[tuple[int, str]]:
    """(line, term name) of every rs: term the code names in a form that can be read without running it."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.expr):
            continue
        name: str | None = None
        if isinstance(node, ast.Attribute) and _named(node.value, VOCAB_OBJECTS) and not node.attr.startswith("_"):
            name = node.attr  # V.amount
        elif isinstance(node, ast.Subscript) and _named(node.value, VOCAB_OBJECTS):
            name = _text(node.slice)  # V["from"]; computed keys are checked by Vocab when they run
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _named(node.left, NAMESPACE_STRINGS):
            name = _text(node.right)  # vocab + "table"
        elif isinstance(node, ast.Call) and _named(node.func, JOINING_HELPERS) and node.args:
            name = _text(node.args[-1])  # _v(site, "reviewYear")
        elif (text := _text(node)) is not None:  # "rs:ReviewSheet", SPARQL text, docstrings
            found += [(node.lineno, m.group(1)) for m in PREFIXED.finditer(text)]
        if name is not None:
            found.append((node.lineno, name))
    return found


def terms_in_text(text: str) -> list[tuple[int, str]]:
    """(line, term name) of every prefixed ``rs:`` name in SPARQL or Turtle."""
    return [(n, m.group(1)) for n, line in enumerate(text.splitlines(), 1) for m in PREFIXED.finditer(line)]


def unknown(found: list[tuple[int, str]], defined: set[str]) -> list[tuple[int, str]]:
    return [(line, name) for line, name in found if name not in defined]


@pytest.fixture(scope="module")
def defined() -> set[str]:
    path = asset_dir("ontology") / "rs.ttl"
    return {t.subject.value.removeprefix(NS) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(NS)}


def sources() -> list[tuple[str, list[tuple[int, str]]]]:
    out = [(str(p.relative_to(PACKAGE.parent)), terms_in_python(p.read_text(encoding="utf-8")))
           for p in sorted(PACKAGE.rglob("*.py"))]
    for folder, pattern in (("queries", "*.rq"), ("shapes", "*.ttl")):
        out += [(f"{folder}/{p.name}", terms_in_text(p.read_text(encoding="utf-8"))) for p in sorted(asset_dir(folder).glob(pattern))]
    return out


@pytest.mark.slow
def test_every_term_named_in_the_code_is_defined(defined: set[str]) -> None:
    found = sources()
    names = {name for _, terms in found for _, name in terms}
    assert len(names) > 150, "the collector no longer recognises how the code names terms"
    assert [f"{path}:{line}: rs:{name}" for path, terms in found for line, name in unknown(terms, defined)] == []


def test_the_site_and_validation_name_terms_only_through_vocab() -> None:
    """Raw ``vocab + "name"`` strings were how misspellings hid; the code that was converted stays converted."""
    for path in ("site/view_kinds.py", "site/view.py", "site/pages.py", "site/search.py", "validation/validate.py",
                 "validation/locate.py"):
        tree = ast.parse((PACKAGE / path).read_text(encoding="utf-8"))
        joined = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.BinOp) and _named(n.left, NAMESPACE_STRINGS)]
        helpers = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and _named(n.func, JOINING_HELPERS)]
        assert (joined, helpers) == ([], []), path


@pytest.mark.parametrize("snippet, typo", [
    ('label = idx.text(sheet, _v(site, "reviewYaer"))', "reviewYaer"),
    ("year = idx.iri(sheet, site.V.reviewYaer)", "reviewYaer"),
    ("e.iri(s, ctx.V.amuont, o, g)", "amuont"),
    ('e.iri(s, V["frm"], a, g)', "frm"),
    ('tables = data.values.get(vocab + "tabel", {})', "tabel"),
    ('KINDS = ("rs:RevewSheet",)', "RevewSheet"),
    ('QUERY = "PREFIX rs: <x#> SELECT ?s { ?s rs:projectNmae ?n }"', "projectNmae"),
])
def test_a_misspelt_term_is_caught(snippet: str, typo: str, defined: set[str]) -> None:
    assert unknown(terms_in_python(snippet), defined) == [(1, typo)]
    fixed = snippet.replace(typo, {"reviewYaer": "reviewYear", "amuont": "amount", "frm": "from", "tabel": "table",
                                   "RevewSheet": "ReviewSheet", "projectNmae": "projectName"}[typo])
    assert terms_in_python(fixed) and unknown(terms_in_python(fixed), defined) == []


def test_a_misspelt_term_in_a_query_is_caught(defined: set[str]) -> None:
    query = "PREFIX rs: <https://w3id.org/rs2rdf/def/rs#>\nSELECT ?s WHERE {\n  ?s a rs:ReviewSheet ; rs:reviewYaer ?y .\n}\n"
    assert unknown(terms_in_text(query), defined) == [(3, "reviewYaer")]


def test_names_that_are_not_terms_are_not_collected() -> None:
    """Private attributes, computed keys, other namespaces and prose are left alone."""
    snippet = 'V._ns\nV[f"reserveFunds{i}"]\nRDFS + "label"\nx = "years: rs :a"\nother.amount\n'
    assert terms_in_python(snippet) == []
