"""Describe every source file (and the build) in the provenance graph."""

from __future__ import annotations

from rs2rdf import __version__
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.vocab import DCTERMS, PROV, RDFS
from rs2rdf.sources.read import Source


def register_sources(ctx: Context, sources: list[Source]) -> None:
    """Map each file name to its named graph and source IRI before records are mapped."""
    for s in sources:
        if s.kind == "rs":
            ctx.files[s.name] = (ctx.iris.graph("rs", str(s.year), s.table or "x"),
                                 ctx.iris.source("rs", str(s.year), s.table or "x"))
        else:
            key = s.sheet_key
            graph = (ctx.iris.graph("sheet", str(key.review_year), key.ministry or "x", key.number or "x") if key
                     else ctx.iris.graph("sheet", s.sha256[:16]))
            ctx.files[s.name] = (graph, ctx.iris.source("sheet", s.sha256[:16]))
            for part, k in sorted(s.part_sheets.items()):  # a file holding several sheets: a graph per sheet
                ctx.parts[(s.name, part)] = ctx.iris.graph("sheet", str(k.review_year), k.ministry or "x", k.number or "x")


def describe_sources(ctx: Context, sources: list[Source]) -> None:
    V, e, g = ctx.V, ctx.emitter, ctx.provenance
    build = ctx.iris.dataset("build")
    e.type(build, PROV + "Activity", g)
    e.text(build, RDFS + "label", f"rs2rdf {__version__} build", g, lang="en")
    e.plain(build, DCTERMS + "creator", f"rs2rdf {__version__}", g)
    for s in sources:
        iri = ctx.files.get(s.name, ("", ""))[1]
        if not iri:
            continue
        e.type(iri, PROV + "Entity", g)
        e.type(iri, V.SourceFile, g)
        e.plain(iri, DCTERMS + "title", s.name, g)
        e.plain(iri, RDFS + "label", s.container if s.container != s.name else s.name, g)
        e.plain(iri, V.sha256, s.sha256, g)
        e.plain(iri, V.table, s.table, g)
        if s.official_url:
            e.iri(iri, PROV + "hadPrimarySource", s.official_url, g)
        e.iri(build, PROV + "used", iri, g)
        graphs = {ctx.files[s.name][0]} | {ctx.parts[(s.name, part)] for part in s.part_sheets}
        for graph in sorted(graphs):
            e.iri(graph, PROV + "wasDerivedFrom", iri, g)
            e.iri(graph, PROV + "wasGeneratedBy", build, g)
