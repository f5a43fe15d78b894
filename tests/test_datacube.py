"""The RDF Data Cube integrity constraints (W3C Recommendation, 16 January 2014, section 11.1
https://www.w3.org/TR/vocab-data-cube/#wf-rules) on the published graph.

The normalisation algorithm (section 10.2, phases 1 and 2) and the 21 ASK queries below are the
recommendation's text, unchanged; only the prefixes they share are written once. IC-20 and IC-21
are templates over ``<$p>``: they are instantiated once for every ``qb:parentChildProperty`` in
the graph, as the recommendation says. Each ASK must answer false.

The graph is the RDF merge of every named graph of the dump (the vocabulary graph included, as a
consumer loading the dump gets it): the sample, the committed real extract, and ../shared (slow).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

PREFIXES = """\
PREFIX rdf:            <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:           <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:           <http://www.w3.org/2004/02/skos/core#>
PREFIX qb:             <http://purl.org/linked-data/cube#>
PREFIX xsd:            <http://www.w3.org/2001/XMLSchema#>
PREFIX owl:            <http://www.w3.org/2002/07/owl#>
"""

# 10.2 Normalization algorithm, phase 1: type and property closure.
NORMALIZE_PHASE_1 = """\
INSERT {
    ?o rdf:type qb:Observation .
} WHERE {
    [] qb:observation ?o .
};

INSERT {
    ?o  rdf:type qb:Observation .
} WHERE {
    ?o qb:dataSet [] .
};

INSERT {
    ?s rdf:type qb:Slice .
} WHERE {
    [] qb:slice ?s.
};

INSERT {
    ?cs qb:componentProperty ?p .
    ?p  rdf:type qb:DimensionProperty .
} WHERE {
    ?cs qb:dimension ?p .
};

INSERT {
    ?cs qb:componentProperty ?p .
    ?p  rdf:type qb:MeasureProperty .
} WHERE {
    ?cs qb:measure ?p .
};

INSERT {
    ?cs qb:componentProperty ?p .
    ?p  rdf:type qb:AttributeProperty .
} WHERE {
    ?cs qb:attribute ?p .
}
"""

# Phase 2: push down attachment levels.
NORMALIZE_PHASE_2 = """\
# Dataset attachments
INSERT {
    ?obs  ?comp ?value
} WHERE {
    ?spec    qb:componentProperty ?comp ;
             qb:componentAttachment qb:DataSet .
    ?dataset qb:structure [qb:component ?spec];
             ?comp ?value .
    ?obs     qb:dataSet ?dataset.
};

# Slice attachments
INSERT {
    ?obs  ?comp ?value
} WHERE {
    ?spec    qb:componentProperty ?comp;
             qb:componentAttachment qb:Slice .
    ?dataset qb:structure [qb:component ?spec];
             qb:slice ?slice .
    ?slice ?comp ?value;
           qb:observation ?obs .
};

# Dimension values on slices
INSERT {
    ?obs  ?comp ?value
} WHERE {
    ?spec    qb:componentProperty ?comp .
    ?comp a  qb:DimensionProperty .
    ?dataset qb:structure [qb:component ?spec];
             qb:slice ?slice .
    ?slice ?comp ?value;
           qb:observation ?obs .
}
"""

CONSTRAINTS: dict[str, str] = {
    "IC-1. Unique DataSet": """\
ASK {
  {
    # Check observation has a data set
    ?obs a qb:Observation .
    FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 . }
  } UNION {
    # Check has just one data set
    ?obs a qb:Observation ;
       qb:dataSet ?dataset1, ?dataset2 .
    FILTER (?dataset1 != ?dataset2)
  }
}""",
    "IC-2. Unique DSD": """\
ASK {
  {
    # Check dataset has a dsd
    ?dataset a qb:DataSet .
    FILTER NOT EXISTS { ?dataset qb:structure ?dsd . }
  } UNION {
    # Check has just one dsd
    ?dataset a qb:DataSet ;
       qb:structure ?dsd1, ?dsd2 .
    FILTER (?dsd1 != ?dsd2)
  }
}""",
    "IC-3. DSD includes measure": """\
ASK {
  ?dsd a qb:DataStructureDefinition .
  FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty [a qb:MeasureProperty]] }
}""",
    "IC-4. Dimensions have range": """\
ASK {
  ?dim a qb:DimensionProperty .
  FILTER NOT EXISTS { ?dim rdfs:range [] }
}""",
    "IC-5. Concept dimensions have code lists": """\
ASK {
  ?dim a qb:DimensionProperty ;
       rdfs:range skos:Concept .
  FILTER NOT EXISTS { ?dim qb:codeList [] }
}""",
    "IC-6. Only attributes may be optional": """\
ASK {
  ?dsd qb:component ?componentSpec .
  ?componentSpec qb:componentRequired "false"^^xsd:boolean ;
                 qb:componentProperty ?component .
  FILTER NOT EXISTS { ?component a qb:AttributeProperty }
}""",
    "IC-7. Slice Keys must be declared": """\
ASK {
    ?sliceKey a qb:SliceKey .
    FILTER NOT EXISTS { [a qb:DataStructureDefinition] qb:sliceKey ?sliceKey }
}""",
    "IC-8. Slice Keys consistent with DSD": """\
ASK {
  ?slicekey a qb:SliceKey;
      qb:componentProperty ?prop .
  ?dsd qb:sliceKey ?slicekey .
  FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty ?prop] }
}""",
    "IC-9. Unique slice structure": """\
ASK {
  {
    # Slice has a key
    ?slice a qb:Slice .
    FILTER NOT EXISTS { ?slice qb:sliceStructure ?key }
  } UNION {
    # Slice has just one key
    ?slice a qb:Slice ;
           qb:sliceStructure ?key1, ?key2;
    FILTER (?key1 != ?key2)
  }
}""",
    "IC-10. Slice dimensions complete": """\
ASK {
  ?slice qb:sliceStructure [qb:componentProperty ?dim] .
  FILTER NOT EXISTS { ?slice ?dim [] }
}""",
    "IC-11. All dimensions required": """\
ASK {
    ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty;
    FILTER NOT EXISTS { ?obs ?dim [] }
}""",
    "IC-12. No duplicate observations": """\
ASK {
  FILTER( ?allEqual )
  {
    # For each pair of observations test if all the dimension values are the same
    SELECT (MIN(?equal) AS ?allEqual) WHERE {
        ?obs1 qb:dataSet ?dataset .
        ?obs2 qb:dataSet ?dataset .
        FILTER (?obs1 != ?obs2)
        ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
        ?dim a qb:DimensionProperty .
        ?obs1 ?dim ?value1 .
        ?obs2 ?dim ?value2 .
        BIND( ?value1 = ?value2 AS ?equal)
    } GROUP BY ?obs1 ?obs2
  }
}""",
    "IC-13. Required attributes": """\
ASK {
    ?obs qb:dataSet/qb:structure/qb:component ?component .
    ?component qb:componentRequired "true"^^xsd:boolean ;
               qb:componentProperty ?attr .
    FILTER NOT EXISTS { ?obs ?attr [] }
}""",
    "IC-14. All measures present": """\
ASK {
    # Observation in a non-measureType cube
    ?obs qb:dataSet/qb:structure ?dsd .
    FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }

    # verify every measure is present
    ?dsd qb:component/qb:componentProperty ?measure .
    ?measure a qb:MeasureProperty;
    FILTER NOT EXISTS { ?obs ?measure [] }
}""",
    "IC-15. Measure dimension consistent": """\
ASK {
    # Observation in a measureType-cube
    ?obs qb:dataSet/qb:structure ?dsd ;
         qb:measureType ?measure .
    ?dsd qb:component/qb:componentProperty qb:measureType .
    # Must have value for its measureType
    FILTER NOT EXISTS { ?obs ?measure [] }
}""",
    "IC-16. Single measure on measure dimension observation": """\
ASK {
    # Observation with measureType
    ?obs qb:dataSet/qb:structure ?dsd ;
         qb:measureType ?measure ;
         ?omeasure [] .
    # Any measure on the observation
    ?dsd qb:component/qb:componentProperty qb:measureType ;
         qb:component/qb:componentProperty ?omeasure .
    ?omeasure a qb:MeasureProperty .
    # Must be the same as the measureType
    FILTER (?omeasure != ?measure)
}""",
    "IC-17. All measures present in measures dimension cube": """\
ASK {
  {
      # Count number of other measures found at each point
      SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
          {
              # Find the DSDs and check how many measures they have
              SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
                  ?dsd qb:component/qb:componentProperty ?m.
                  ?m a qb:MeasureProperty .
              } GROUP BY ?dsd
          }

          # Observation in measureType cube
          ?obs1 qb:dataSet/qb:structure ?dsd;
                qb:dataSet ?dataset ;
                qb:measureType ?m1 .

          # Other observation at same dimension value
          ?obs2 qb:dataSet ?dataset ;
                qb:measureType ?m2 .
          FILTER NOT EXISTS {
              ?dsd qb:component/qb:componentProperty ?dim .
              FILTER (?dim != qb:measureType)
              ?dim a qb:DimensionProperty .
              ?obs1 ?dim ?v1 .
              ?obs2 ?dim ?v2.
              FILTER (?v1 != ?v2)
          }

      } GROUP BY ?obs1 ?numMeasures
        HAVING (?count != ?numMeasures)
  }
}""",
    "IC-18. Consistent data set links": """\
ASK {
    ?dataset qb:slice       ?slice .
    ?slice   qb:observation ?obs .
    FILTER NOT EXISTS { ?obs qb:dataSet ?dataset . }
}""",
    "IC-19. Codes from code list (skos:ConceptScheme)": """\
ASK {
    ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty ;
        qb:codeList ?list .
    ?list a skos:ConceptScheme .
    ?obs ?dim ?v .
    FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list }
}""",
    "IC-19. Codes from code list (skos:Collection)": """\
ASK {
    ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty ;
        qb:codeList ?list .
    ?list a skos:Collection .
    ?obs ?dim ?v .
    FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v }
}""",
}

# IC-20 and IC-21: "instantiated for each hierarchical code list's qb:parentChildProperty ?p".
TEMPLATES: dict[str, str] = {
    "IC-20. Codes from hierarchy": """\
ASK {
    ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty ;
        qb:codeList ?list .
    ?list a qb:HierarchicalCodeList .
    ?obs ?dim ?v .
    FILTER NOT EXISTS { ?list qb:hierarchyRoot/<$p>* ?v }
}""",
    "IC-21. Codes from hierarchy (inverse)": """\
ASK {
    ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty ;
         qb:codeList ?list .
    ?list a qb:HierarchicalCodeList .
    ?obs ?dim ?v .
    FILTER NOT EXISTS { ?list qb:hierarchyRoot/(^<$p>)* ?v }
}""",
}


def normalized(dump: Path) -> ox.Store:
    """The dump's named graphs merged into the default graph, then normalised (10.2)."""
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    return normalize(store)


def normalize(store: ox.Store) -> ox.Store:
    """Merge the named graphs into the default graph and run both phases of 10.2, in place."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.update("DROP NAMED")
    store.update(PREFIXES + NORMALIZE_PHASE_1)
    store.update(PREFIXES + NORMALIZE_PHASE_2)
    return store


def constraints(store: ox.Store) -> dict[str, str]:
    """Every IC query, with IC-20/21 instantiated for each parent-child property in ``store``."""
    out = dict(CONSTRAINTS)
    parent_child = [row["p"].value for row in store.query(  # type: ignore[union-attr]
        PREFIXES + "SELECT DISTINCT ?p { ?h qb:parentChildProperty ?p FILTER isIRI(?p) }")]
    for name, template in TEMPLATES.items():
        out[name] = template  # with no hierarchical code list the template has no instance
        for p in parent_child:
            out[f"{name} <{p}>"] = template.replace("$p", p)
    return {k: v for k, v in out.items() if "$p" not in v}


def failing(store: ox.Store) -> dict[str, list[str]]:
    """IC name -> a few witnesses (the ASK's WHERE as a SELECT) for every IC that answers true."""
    out: dict[str, list[str]] = {}
    for name, ask in constraints(store).items():
        if store.query(PREFIXES + ask):
            select = ask.replace("ASK {", "SELECT * {", 1).replace(
                "SELECT (MIN(?equal)", "SELECT ?obs1 ?obs2 (MIN(?equal)") + " LIMIT 3"
            rows = store.query(PREFIXES + select)
            out[name] = [" ".join(f"{v}={row[v]}" for v in rows.variables if row[v] is not None)  # type: ignore[union-attr]
                         for row in rows][:3]
    return out


def test_the_recommendation_text_is_complete() -> None:
    numbers = sorted({int(k.split(".")[0].removeprefix("IC-")) for k in [*CONSTRAINTS, *TEMPLATES]})
    assert numbers == list(range(1, 22))
    for ask in [*CONSTRAINTS.values(), *TEMPLATES.values()]:
        ox.Store().query(PREFIXES + ask.replace("$p", "http://example.org/p"))  # parses


def test_constraints_catch_a_broken_cube() -> None:
    """The harness sees violations: a duplicate key, a missing dimension, an undeclared measure."""
    ttl = """
    @prefix qb: <http://purl.org/linked-data/cube#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix : <http://example.org/> .
    :ds a qb:DataSet ; qb:structure :dsd .
    :dsd a qb:DataStructureDefinition ; qb:component [ qb:dimension :year ], [ qb:measure :amount ] .
    :year rdfs:range rdfs:Literal .
    :o1 qb:dataSet :ds ; :year 2020 ; :amount 1 .
    :o2 qb:dataSet :ds ; :year 2020 ; :amount 2 .
    :o3 qb:dataSet :ds ; :amount 3 .
    :o4 qb:dataSet :ds ; :year 2021 .
    """
    store = ox.Store()
    store.load(ttl.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://example.org/g"))
    assert set(failing(normalize(store))) == {"IC-11. All dimensions required", "IC-12. No duplicate observations",
                                   "IC-14. All measures present"}


def _check(build: Path) -> None:
    store = normalized(build / "data" / "rs2rdf.nq")
    observations = len(list(store.query(PREFIXES + "SELECT ?o { ?o a qb:Observation }")))
    assert observations > 0
    bad = failing(store)
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


@pytest.mark.slow
def test_sample_cube_passes_every_integrity_constraint(sample_build: Path) -> None:
    _check(sample_build)


@pytest.mark.slow
def test_real_extract_cube_passes_every_integrity_constraint(real_build: Path) -> None:
    _check(real_build)


@pytest.mark.slow
def test_shared_cube_passes_every_integrity_constraint(shared_build: Path) -> None:
    _check(shared_build)


def _cli_build(out: Path, inputs: list[Path]) -> Path:
    from click.testing import CliRunner

    from rs2rdf.cli.main import main

    result = CliRunner().invoke(main, ["-q", "build", *map(str, inputs), "--no-site", "--no-validate", "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out


@pytest.mark.slow
def test_older_sheets_cube_passes_every_integrity_constraint(tmp_path: Path) -> None:
    """The budget grid and indicators of the xlsx sheet fixtures (pre-2024 templates)."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    for xlsx in sorted((Path(__file__).parent / "data" / "sheets").glob("*.xlsx")):
        (folder / xlsx.name).write_bytes(xlsx.read_bytes())
    _check(_cli_build(tmp_path / "site", [folder]))


@pytest.mark.slow
def test_database_workbooks_cube_passes_every_integrity_constraint(tmp_path: Path) -> None:
    """Generated 主要事項データベース workbooks of two review years (tools/make_database_fixture.py)."""
    import subprocess
    import sys

    folder = tmp_path / "db"
    folder.mkdir()
    tool = Path(__file__).resolve().parents[1] / "tools" / "make_database_fixture.py"
    for year in (2016, 2021):
        subprocess.run([sys.executable, str(tool), "--year", str(year), "--rows", "20", str(folder / f"db{year}.xlsx")],
                       check=True, capture_output=True)
    _check(_cli_build(tmp_path / "site", [folder]))
