"""``rs2rdf query``, ``rs2rdf serve`` and ``rs2rdf publish``: SPARQL on a built site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rs2rdf.cli.main import EXIT_OK, Ui, main, run

SITE_HELP = "Built site folder (default: ./site)."


@main.command()
@click.argument("query")
@click.option("--site", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True, help=SITE_HELP)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table", show_default=True,
              help="table: aligned text; csv/tsv/json/xml: the W3C SPARQL results formats (CONSTRUCT: Turtle, N-Triples, JSON-LD, RDF/XML).")
@click.option("--list", "list_only", is_flag=True, help="List the shipped queries and exit (QUERY is ignored; pass -).")
@click.option("--fresh", is_flag=True, help="Run a shipped query on the store even though the build precomputed its answer.")
@click.option("--allow-service", multiple=True, metavar="PREFIX",
              help="Let SERVICE clauses call endpoints whose IRI starts with PREFIX (repeatable; none by default).")
@click.option("--default-graph-uri", "default_graphs", multiple=True, metavar="IRI",
              help="A graph of the default graph, as the protocol's default-graph-uri (repeatable; overrides FROM).")
@click.option("--named-graph-uri", "named_graphs", multiple=True, metavar="IRI",
              help="A named graph of the dataset, as the protocol's named-graph-uri (repeatable; overrides FROM NAMED).")
@click.pass_context
def query(ctx: click.Context, query: str, site: Path, fmt: str, list_only: bool, fresh: bool, allow_service: tuple[str, ...],
          default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> None:
    """Run a SPARQL query over the site's graph (the merge of all named graphs, unless FROM says otherwise).

    QUERY is the name of a shipped query (see --list), a .rq file, or the query text
    ("-" reads it from stdin). Results go to stdout, messages to stderr.
    """
    from rs2rdf.sparql import query as q
    from rs2rdf.sparql.answers import write_stored_answer
    from rs2rdf.sparql.store import site_base

    ui: Ui = ctx.obj["ui"]

    def go() -> int:
        if list_only:
            for nq in q.shipped_queries().values():
                click.echo(f"{nq.name:20} {nq.title}")
            return EXIT_OK
        name, text = (None, sys.stdin.read()) if query == "-" else q.load_query(query)
        base = site_base(site)
        out = sys.stdout.buffer
        dataset = q.Dataset(default_graphs, named_graphs)
        stored = not fresh and dataset == q.Dataset()  # the build answered over the default dataset
        n = write_stored_answer(site, name, text, base or q.DEFAULT_BASE, fmt, out) if name and stored else None
        if n is None:
            store, merged = q.open_query_store(site)
            n = q.write_results(q.run_query(store, text, base, allow_service, dataset, merged), fmt, out, base)
        else:
            ui.progress(f"answer of {name} precomputed by the build (use --fresh to run it again)")
        out.flush()
        if n >= 0:
            ui.progress(f"{n} result(s)")
        return EXIT_OK

    run(ui, go)


@main.command()
@click.option("--site", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True, help=SITE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind; only change it behind a proxy you trust.")
@click.option("--port", type=int, default=8000, show_default=True, help="TCP port (0 picks a free one).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds a query may run before it is stopped (503).")
@click.option("--limit", type=int, default=10000, show_default=True, help="Most rows (or triples) one answer holds; more are cut off.")
@click.option("--workers", type=int, default=2, show_default=True, help="Query worker processes.")
@click.option("--allow-service", multiple=True, metavar="PREFIX",
              help="Let SERVICE clauses call endpoints whose IRI starts with PREFIX (repeatable; none by default).")
@click.option("--allow-host", multiple=True, metavar="NAME",
              help="Host name clients may use besides IP addresses and localhost, e.g. the name a proxy forwards (repeatable; * for any).")
@click.option("--request-timeout", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True,
              help="Seconds a client has to send its request, and may stay idle between requests.")
@click.option("--max-connections", type=click.IntRange(min=1), default=64, show_default=True,
              help="Connections open at once; more are answered 503.")
@click.option("--query-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MIB",
              help="Memory one query worker may use (0: no cap); a query past it is stopped (503).")
@click.pass_context
def serve(ctx: click.Context, site: Path, host: str, port: int, timeout: float, limit: int, workers: int,
          allow_service: tuple[str, ...], allow_host: tuple[str, ...], request_timeout: float, max_connections: int,
          query_memory: int) -> None:
    """Serve the built site and a read-only SPARQL endpoint at /sparql."""
    from rs2rdf.sparql.serve import ServeOptions, serve_forever

    ui: Ui = ctx.obj["ui"]

    def go() -> int:
        opts = ServeOptions(site=site, host=host, port=port, timeout=timeout, limit=limit, workers=workers,
                            allow_service=allow_service, allow_hosts=allow_host, request_timeout=request_timeout,
                            max_connections=max_connections, query_memory=query_memory)
        serve_forever(opts, lambda msg: click.echo(msg, err=True) if ui.verbosity >= 0 else None)
        return EXIT_OK

    run(ui, go)


@main.command()
@click.option("--site", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True, help=SITE_HELP)
@click.option("--endpoint", required=True, help="Graph Store Protocol URL of the target store, e.g. http://host:7878/store.")
@click.option("--user", help="User for HTTP basic authentication.")
@click.option("--password", envvar="RS2RDF_PASSWORD", help="Password for basic authentication (or $RS2RDF_PASSWORD).")
@click.option("--token", envvar="RS2RDF_TOKEN", help="Bearer token (or $RS2RDF_TOKEN).")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds per HTTP request.")
@click.pass_context
def publish(ctx: click.Context, site: Path, endpoint: str, user: str | None, password: str | None, token: str | None,
            timeout: float) -> None:
    """Load the site's graph into a triple store, one named graph per source (PUT: re-publishing replaces)."""
    from rs2rdf.core.errors import UsageError
    from rs2rdf.sparql.publish import Auth, publish_site

    ui: Ui = ctx.obj["ui"]

    def go() -> int:
        if token and (user or password):
            raise UsageError("give either --user/--password or --token, not both")
        if (user is None) != (password is None):
            raise UsageError("--user and --password go together")
        auth = Auth(user=user, password=password, token=token)
        report = publish_site(site, endpoint, auth, timeout=timeout, progress=ui.progress)
        for graph, n in report.items():
            click.echo(f"{n}\t{graph}")
        ui.progress(f"published {sum(report.values())} triples in {len(report)} graph(s) to {endpoint}")
        return EXIT_OK

    run(ui, go)
