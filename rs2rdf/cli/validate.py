"""``rs2rdf validate [DIR]``: re-validate a built site and rewrite its report files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rs2rdf.cli.main import EXIT_OK, EXIT_PROBLEMS, Ui, main, run
from rs2rdf.core.errors import Rs2rdfError, UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox

PYSHACL_MISSING = ("--engine pyshacl needs pySHACL, which is not installed: "
                   "pip install 'pyshacl>=0.30' (or install rs2rdf with its test extras: pip install 'rs2rdf[test]')")


def _several_years(site: Path) -> bool:
    """Whether the build summary counts sheets of more than one review year (unknown: assume so,
    and let the split find out)."""
    try:
        years = json.loads((site / "data" / "build-summary.json").read_text(encoding="utf-8"))["sheets_by_year"]
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return not isinstance(years, dict) or len(years) > 1


@main.command()
@click.argument("site", required=False, default="site", type=click.Path(path_type=Path, file_okay=False))
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Folder of SHACL shapes (*.ttl) instead of the shipped ones.")
@click.option("--base-iri", help="Base IRI the graph was built with (default: from build-summary.json).")
@click.option("--engine", type=click.Choice(["rs2rdf", "pyshacl"]), default="rs2rdf", show_default=True,
              help="pyshacl: run pySHACL, the reference engine, on the same shapes and print its report "
                   "(slow: for small graphs; the site's reports are left as they are).")
@click.pass_context
def validate(ctx: click.Context, site: Path, shapes_dir: Path | None, base_iri: str | None, engine: str) -> None:
    """Validate SITE/data/rs2rdf.nq against the shapes and rewrite the validation reports.

    Exits 0 when the graph conforms (warnings allowed), 1 when it has violations and 2 when the
    shapes use a SHACL construct rs2rdf's evaluator does not implement (it names it).
    """
    import pyoxigraph as ox

    from rs2rdf.pipeline.gcpause import bulk_allocation
    from rs2rdf.validation.shacl import ShapeError
    from rs2rdf.validation.validate import load, summary, validate_dump, write_reports

    ui: Ui = ctx.obj["ui"]

    def go() -> int:
        nq = site / "data" / "rs2rdf.nq"
        if not nq.is_file():
            raise Rs2rdfError(f"{nq}: not found; build the site first (rs2rdf build --out {site})")
        from rs2rdf.mapping.iris import DEFAULT_BASE
        from rs2rdf.sparql.store import site_base

        base = base_iri or site_base(site) or DEFAULT_BASE
        if engine == "pyshacl":
            return _pyshacl(ui, nq, base, shapes_dir)
        try:
            # before the dump is read: a construct the evaluator would skip stops the run here
            load(base, shapes_dir)
        except ShapeError as exc:
            raise UsageError(f"{shapes_dir or 'shapes'}: {exc}") from exc
        ui.progress(f"reading {nq}")
        try:
            # A strict pass first, holding nothing: an edited or damaged dump is reported here. The
            # validator then reads the file as the build does (rs2rdf.quads.nquads), only the predicates
            # its shapes name; a year as pyoxigraph quads in a list took several GB.
            for _ in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
                pass
            with bulk_allocation():
                result = validate_dump(nq, base, shapes_dir, by_year=_several_years(site))
        except (OSError, SyntaxError, ValueError) as exc:
            raise Rs2rdfError(f"{nq}: {exc}") from exc
        write_reports(result, site, base)
        s = summary(result)
        if ui.verbosity >= 0:
            for f in result.findings[: None if ui.verbosity >= 3 else 20]:
                src = f.source
                where = f"{src.file}:r{src.row}:{f.field}" if src and src.row is not None else (src.file if src else f.result.focus.value)
                click.echo(f"{f.severity.lower()}: {where} {f.message('en')}"
                           + (f" ({f.result.value.value!r})" if f.result.value is not None else ""), err=True)
            click.echo(f"{'conforms' if s['conforms'] else 'does not conform'}: {s['violations']} violation(s), "
                       f"{s['warnings']} warning(s) in {result.seconds:.1f}s → {site / 'validation' / 'index.html'}", err=True)
        return EXIT_OK if result.conforms else EXIT_PROBLEMS

    run(ui, go)


def _pyshacl(ui: Ui, nq: Path, base: str, shapes_dir: Path | None) -> int:
    """pySHACL on the dump's union graph (as rs2rdf validates it) with ``inference='none'`` and
    warnings allowed, as the shape tests run it; its text report goes to stdout."""
    try:
        import rdflib
        from pyshacl import validate as pyshacl_validate
    except ImportError as exc:
        raise UsageError(PYSHACL_MISSING) from exc
    import pyoxigraph as ox

    from rs2rdf.validation.validate import shapes_triples

    ui.progress(f"reading {nq} into rdflib")
    try:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
        data = rdflib.Graph()
        data.parse(data=_n_triples(triples), format="nt")
    except (OSError, SyntaxError, ValueError) as exc:
        raise Rs2rdfError(f"{nq}: {exc}") from exc
    shapes = rdflib.Graph()
    shapes.parse(data=_n_triples(shapes_triples(base, shapes_dir)), format="nt")
    ui.progress(f"validating {len(data)} triples with pySHACL")
    conforms, _, text = pyshacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    click.echo(text, nl=False)
    return EXIT_OK if conforms else EXIT_PROBLEMS


def _n_triples(triples: Iterable[ox.Triple]) -> str:
    """Terms handed to rdflib as N-Triples, the one syntax both read the same way."""
    import pyoxigraph as ox

    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
