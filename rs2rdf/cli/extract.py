"""``rs2rdf extract``: show what rs2rdf reads from one per-project sheet."""

from __future__ import annotations

from pathlib import Path

import click

from rs2rdf.cli.main import EXIT_OK, EXIT_PROBLEMS, Ui, main, run
from rs2rdf.core.errors import ERROR


@main.command()
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True, help="Output format on stdout.")
@click.option("--debug-dir", type=click.Path(path_type=Path, file_okay=False), help="Write per-page images (PDF) or the cell grid (xlsx) showing what was detected.")
@click.pass_context
def extract(ctx: click.Context, sheet: Path, fmt: str, debug_dir: Path | None) -> None:
    """Print the record extracted from one pre-2024 review sheet (.xlsx or .pdf)."""
    from rs2rdf.sources.sheet import extract_command

    ui: Ui = ctx.obj["ui"]

    def go() -> int:
        text, problems = extract_command(sheet, fmt, debug_dir)
        click.echo(text)
        ui.problems(problems)
        return EXIT_PROBLEMS if any(p.severity == ERROR for p in problems) else EXIT_OK

    run(ui, go)
