"""What rs2rdf's SHACL evaluator does not evaluate is refused when the shapes are loaded, naming
the construct and the shape: a report that silently leaves part of the shapes out would say
"conforms" where SHACL does not. ``rs2rdf validate --shapes`` shows the refusal as a usage error
(exit 2); ``--engine pyshacl`` runs the reference engine instead."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from rs2rdf.cli.main import main
from rs2rdf.validation.shacl import ShapeError, load_shapes
from tests.test_shacl_agreement import DECLARE, PREFIXES

NODE = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
PROP = NODE + "sh:property [ sh:path ex:p ; "

#: (case, shapes, what the error must name besides the shape ex:S)
CORE = [
    # core constraint components not implemented, where they appear
    *[(f"{c}-property", PROP + f"sh:{c} {v} ] .", f"sh:{c}") for c, v in [
        ("uniqueLang", "true"),
        ("minInclusive", "1"), ("maxInclusive", "1"), ("minExclusive", "1"), ("maxExclusive", "1"),
        ("lessThan", "ex:q"), ("lessThanOrEquals", "ex:q"),
        ("not", "[ sh:class ex:D ]"), ("and", "( [ sh:class ex:D ] )"), ("xone", "( [ sh:class ex:D ] )"),
        ("node", "ex:T"), ("qualifiedValueShape", "[ sh:class ex:D ] ; sh:qualifiedMinCount 1"),
    ]],
    *[(f"{c}-node", NODE + f"sh:{c} {v} .", f"sh:{c}") for c, v in [
        ("maxExclusive", "1"), ("minInclusive", "1"), ("not", "[ sh:class ex:D ]"), ("node", "ex:T"),
        ("closed", "true"), ("lessThan", "ex:q"),
    ]],
    # known terms where nothing would read them
    ("minCount-on-node-shape", NODE + "sh:minCount 1 .", "sh:minCount on the node shape"),
    ("maxCount-on-node-shape", NODE + "sh:maxCount 1 .", "sh:maxCount on the node shape"),
    ("sparql-on-property-shape", PROP + 'sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ?o }" ] ] .',
     "sh:sparql on the property shape"),
    ("property-in-or-member", PROP + "sh:or ( [ sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ) ] .",
     "sh:property on the sh:or member"),
    ("path-in-or-member", PROP + "sh:or ( [ sh:path ex:q ; sh:minCount 1 ] ) ] .", "sh:minCount, sh:path on the sh:or member"),
    ("select-on-node-shape", NODE + 'sh:select "SELECT $this WHERE { }" .', "sh:select on the node shape"),
    # targets and paths
    ("targetObjectsOf", "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:class ex:D .", "sh:targetObjectsOf"),
    ("targetNode-literal", 'ex:S a sh:NodeShape ; sh:targetNode "x" ; sh:datatype xsd:string .', "sh:targetNode"),
    ("blank-shape-with-target", "[] a sh:NodeShape ; sh:targetClass ex:C ; sh:class ex:D .", "blank node"),
    ("inverse-path", NODE + "sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .", "sh:inversePath"),
    ("sequence-path", NODE + "sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .", "sh:path"),
    ("alternative-path", NODE + "sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:minCount 1 ] .",
     "sh:alternativePath"),
    ("minLength-not-integer", PROP + 'sh:minLength "3" ] .', "sh:minLength must be a non-negative xsd:integer"),
    ("languageIn-not-literal", PROP + "sh:languageIn ( ex:en ) ] .", "sh:languageIn member of [sh:path <http://example.org/p>]"),
    ("flags-m", PROP + 'sh:pattern "a$" ; sh:flags "m" ] .', "sh:flags 'm'"),
    ("flags-x", PROP + 'sh:pattern "a" ; sh:flags "x" ] .', "sh:flags 'x'"),
    ("two-patterns", PROP + 'sh:pattern "a" , "b" ] .', "sh:pattern given 2 times"),
    ("ask", NODE + 'sh:sparql [ sh:ask "ASK { }" ] .', "sh:ask"),
    ("constraint-component", "ex:CC a sh:ConstraintComponent ; sh:parameter [ sh:path ex:x ] .", "sh:parameter"),
    ("entailment", "ex:G sh:entailment <http://www.w3.org/ns/entailment/RDFS> .", "sh:entailment"),
]

#: SPARQL constraints the partitioned run cannot evaluate as SHACL says, and what the error calls them.
SPARQL = [
    ("variable-predicate", "SELECT $this WHERE { $this ex:p ?o . ?s ?p ?o }", "a variable predicate (?p)"),
    ("variable-predicate-of-this", "SELECT $this ?o WHERE { $this ?p ?o }", "a variable predicate (?p)"),
    ("class-as-variable", "SELECT $this WHERE { $this ex:p ?b . ?b a ?t }", "a class that is not named"),
    ("class-as-variable-rdf-type", "SELECT $this WHERE { $this rdf:type ?t }", "a class that is not named"),
    ("class-blank", "SELECT $this WHERE { $this ex:p ?b . ?b a [] }", "a class that is not named"),
    ("negated-property-set", "SELECT $this WHERE { $this !ex:p ?o }", "a negated property set"),
    ("zero-or-more", "SELECT $this WHERE { $this ex:p* ?o }", "a * path"),
    ("zero-or-one", "SELECT $this WHERE { $this ex:p? ?o }", "a ? path"),
    ("type-in-path", "SELECT $this WHERE { $this ex:p/rdf:type ex:D }", "rdf:type inside a property path"),
    ("graph", "SELECT $this WHERE { $this ex:p ?o . GRAPH ?g { ?o ex:q ?x } }", "GRAPH"),
    ("service", "SELECT $this WHERE { $this ex:p ?o . SERVICE <http://x.example/> { ?o ex:q ?x } }", "SERVICE"),
    ("minus", "SELECT $this WHERE { $this ex:p ?o . MINUS { $this ex:q ?o } }", "MINUS"),
    ("values", "SELECT $this WHERE { $this ex:p ?o . VALUES ?o { 1 } }", "VALUES"),
    ("limit", "SELECT $this WHERE { $this ex:p ?o } LIMIT 1", "LIMIT"),
    ("from", "SELECT $this FROM <http://x.example/g> WHERE { $this ex:p ?o }", "FROM"),
    ("this-only-optional", "SELECT $this WHERE { OPTIONAL { $this ex:p ?o } }", "$this outside a triple pattern"),
    ("this-only-not-exists", "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?o } }", "$this outside"),
    ("this-only-union", "SELECT $this WHERE { { $this ex:p ?o } UNION { $this ex:q ?o } }", "$this outside"),
    ("no-this", "SELECT ?s WHERE { ?s ex:p ?o }", "does not project $this"),
    ("bind-this", "SELECT $this WHERE { ?s ex:p ?o . BIND (?s AS $this) }", "AS $this"),
    ("aggregate-not-by-this", "SELECT $this WHERE { $this ex:p ?o . { SELECT (COUNT(?x) AS ?n) WHERE { ?x ex:p ?y } } }",
     "does not project $this"),
    ("aggregate-grouped-otherwise", "SELECT $this ?n WHERE { $this ex:p ?o . "
     "{ SELECT $this ?o (COUNT(?x) AS ?n) WHERE { $this ex:p ?o . ?x ex:q ?o } GROUP BY ?o } }", "aggregate not grouped"),
    ("subquery-this-unbound", "SELECT $this WHERE { $this ex:p ?o . { SELECT $this WHERE { OPTIONAL { $this ex:q ?x } } } }",
     "subquery that does not bind $this"),
    ("current-shape", "SELECT $this WHERE { $this ex:p $currentShape }", "$currentShape"),
    ("collection", "SELECT $this WHERE { $this ex:p ( 1 2 ) }", "RDF collection"),
    ("undeclared-prefix", "SELECT $this WHERE { $this foo:p ?o }", "undeclared prefix foo:"),
    ("construct", "CONSTRUCT { $this ex:p ?o } WHERE { $this ex:p ?o }", "other than SELECT"),
]


def _load(shapes: str) -> None:
    load_shapes(q.triple for q in ox.parse((PREFIXES + shapes + DECLARE).encode("utf-8"), ox.RdfFormat.TURTLE))


@pytest.mark.parametrize(("shapes", "named"), [c[1:] for c in CORE], ids=[c[0] for c in CORE])
def test_core_construct_is_refused_with_its_name(shapes: str, named: str) -> None:
    with pytest.raises(ShapeError) as err:
        _load(shapes)
    assert named in str(err.value)
    if "ex:S" in shapes and "[] a sh:NodeShape" not in shapes:
        assert "<http://example.org/S>" in str(err.value)


@pytest.mark.parametrize(("query", "named"), [c[1:] for c in SPARQL], ids=[c[0] for c in SPARQL])
def test_sparql_construct_is_refused_with_its_name(query: str, named: str) -> None:
    with pytest.raises(ShapeError) as err:
        _load(NODE + f'sh:sparql ex:Q . ex:Q sh:prefixes ex: ; sh:select """{query}""" .')
    assert named in str(err.value)
    assert "<http://example.org/Q> of <http://example.org/S>" in str(err.value)


def test_refused_constructs_are_not_in_the_shipped_shapes() -> None:
    """The shipped shapes load (test_shapes runs them); this pins that the SPARQL reader found
    the predicates their queries name, the partition they run on."""
    from rs2rdf.validation.validate import load

    names = {c.iri.rsplit("#", 1)[-1]: {n.rsplit("#", 1)[-1] for n in c.names}
             for s in load("https://example.org/rs2rdf/") for c in s.sparql}
    assert names["PaymentWithinBlock"] == {"amount", "block"}
    assert names["AccountsAddUpToAggregate"] == {"isAggregate", "sheet", "budgetYear", "initialBudget"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site" / "data").mkdir(parents=True)
    (tmp_path / "site" / "data" / "rs2rdf.nq").write_text(
        "<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n",
        encoding="utf-8")
    return tmp_path / "site"


def test_cli_shows_a_refusal_as_a_usage_error(site: Path, tmp_path: Path) -> None:
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "s.ttl").write_text(PREFIXES + NODE + 'sh:sparql [ sh:select "SELECT $this WHERE { ?b a ?t }" ] .',
                                               encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(site), "--shapes", str(tmp_path / "shapes")])
    assert result.exit_code == 2
    assert "a class that is not named" in result.output and "<http://example.org/S>" in result.output
    assert "Traceback" not in result.output


def test_cli_pyshacl_engine_without_pyshacl_says_how_to_install(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl", None)  # import pyshacl → ImportError
    result = CliRunner().invoke(main, ["validate", str(site), "--engine", "pyshacl"])
    assert result.exit_code == 2
    assert "pip install" in result.output and "pyshacl" in result.output


@pytest.mark.slow
def test_cli_pyshacl_engine_runs_the_reference_engine(site: Path, tmp_path: Path) -> None:
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "s.ttl").write_text(PREFIXES + PROP + "sh:minCount 1 ; sh:minLength 2 ] .", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(site), "--shapes", str(tmp_path / "shapes"), "--engine", "pyshacl"])
    assert result.exit_code == 1, result.output
    assert "MinCountConstraintComponent" in result.output
