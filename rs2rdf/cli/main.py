"""Command line: options → library calls → messages and exit codes. No logic lives here.

Exit codes: 0 built; 1 built, but some inputs or values could not be read (or, with
``--strict``, the graph breaks a shape); 2 usage error; 3 nothing could be built.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from rs2rdf import __version__
from rs2rdf.core.config import Config, load_config
from rs2rdf.core.errors import ERROR, WARNING, InterruptedAfterPublish, Problem, Rs2rdfError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """A message as it may reach a terminal: control and bidi-override characters as escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


class Ui:
    """Where messages go: stderr only; stdout is for requested data."""

    def __init__(self, verbosity: int, debug: bool) -> None:
        self.verbosity = verbosity
        self.debug = debug

    def progress(self, message: str) -> None:
        if self.verbosity >= 1:
            click.echo(f"rs2rdf: {message}", err=True)

    def problems(self, problems: list[Problem], limit: int = 20) -> None:
        if self.verbosity < 0:
            shown = [p for p in problems if p.severity == ERROR]
        elif self.verbosity >= 3:
            shown = problems
        else:
            shown = [p for p in problems if p.severity in (ERROR, WARNING)]
        for p in shown[: None if self.verbosity >= 3 else limit]:
            click.echo(printable(f"{p.severity}: {p}"), err=True)
        hidden = len(shown) - limit
        if self.verbosity < 3 and hidden > 0:
            click.echo(f"… and {hidden} more (see problems.json, or use -vv)", err=True)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends a build like Ctrl-C does: staging folders removed, the published output untouched."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(ui: Ui, fn: Callable[[], int]) -> None:
    """Turn library errors into messages and exit codes; tracebacks only with --debug."""
    try:
        code = fn()
    except Rs2rdfError as exc:
        if ui.debug:
            traceback.print_exc()
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except InterruptedAfterPublish as exc:
        click.echo(f"interrupted; the new output was already published at {exc.out}", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("interrupted; the previous output was left as it was", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # stdout was closed early (e.g. `| head`): not an error worth a message.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except click.exceptions.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if ui.debug:
            traceback.print_exc()
        click.echo(f"error: internal error ({exc.__class__.__name__}: {exc}); rerun with --debug for details", err=True)
        sys.exit(EXIT_FAILED)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rs2rdf")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv lists every problem).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file (default: ./rs2rdf.toml if present).")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool, debug: bool, config_path: Path | None) -> None:
    """rs2rdf publishes Japan's 行政事業レビューシート as linked open data."""
    ctx.obj = {"ui": Ui(-1 if quiet else verbose + 1, debug), "config_path": config_path}


def _config(ctx: click.Context, **overrides: Any) -> Config:
    try:
        return load_config(ctx.obj["config_path"]).override(**overrides)
    except Rs2rdfError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), help="Output folder (default: ./site).")
@click.option("--base-iri", help="Base IRI of every minted resource (default: https://example.org/rs2rdf/).")
@click.option("--law-index", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="CSV of 法令名,法令ID used to link free-text law citations.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True), help="Folder of jinja2 templates overriding the shipped ones.")
@click.option("--strict", is_flag=True, help="Exit 1 when the graph violates a SHACL shape.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--no-site", is_flag=True, help="Write the graph only, no HTML site.")
@click.option("--summary-json", is_flag=True, help="Print the build summary as JSON on stdout.")
@click.option("--force", is_flag=True, help="Rebuild even when inputs and settings are unchanged since the last build.")
@click.option("--sheet-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Wall-clock seconds one per-project sheet may take (default 120).")
@click.option("--sheet-memory", type=click.IntRange(min=1), metavar="MIB", help="MiB of memory one per-project sheet may use (default 1024).")
@click.pass_context
def build(ctx: click.Context, inputs: tuple[Path, ...], out: Path | None, base_iri: str | None, law_index: Path | None,
          templates: Path | None, strict: bool, no_validate: bool, no_site: bool, summary_json: bool, force: bool,
          sheet_timeout: float | None, sheet_memory: int | None) -> None:
    """Build the graph, validation report and site from RS ZIPs/CSVs and review sheets.

    INPUTS are RS ZIPs, extracted CSVs, per-project .xlsx/.pdf sheets, or folders holding
    them. With no INPUTS the bundled sample is built.
    """
    from rs2rdf import api
    from rs2rdf.core.resources import sample_dir

    ui: Ui = ctx.obj["ui"]
    config = _config(ctx, out=out, base_iri=base_iri, law_index=law_index, templates=templates,
                     sheet_timeout=sheet_timeout, sheet_memory=sheet_memory)
    paths = list(inputs) or [sample_dir()]
    if not inputs:
        ui.progress(f"no input given: building the bundled sample ({sample_dir()})")

    def go() -> int:
        with terminate_as_interrupt():
            result = api.build(paths, config=config, validate=not no_validate, site=not no_site, force=force,
                               progress=ui.progress)
        ui.problems(result.problems)
        s = result.summary
        if summary_json:
            click.echo(json.dumps(s, ensure_ascii=False, indent=2, sort_keys=True))
        if ui.verbosity >= 0 and result.exit_code != EXIT_FAILED:
            sev = s.get("problems_by_severity")
            sev = sev if isinstance(sev, dict) else {}
            click.echo(f"built {s['sheets']} sheet(s) of {s['projects']} project(s), {s['triples']} triples "
                       f"→ {config.out}  (errors {sev.get('error', 0)}, warnings {sev.get('warning', 0)}, notes {sev.get('info', 0)})", err=True)
        code = result.exit_code
        if code == EXIT_FAILED:
            click.echo("error: nothing could be built from the inputs; the previous output was left as it was", err=True)
        if strict and code == EXIT_OK and s.get("conforms") is False:
            code = EXIT_PROBLEMS
        return code

    run(ui, go)


# Commands that live in their own modules register themselves on ``main`` when imported.
from rs2rdf.cli import extract as cli_extract, query as cli_query, validate as cli_validate  # noqa: E402,F401
