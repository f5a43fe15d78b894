"""The jinja2 environment: user templates first, then the shipped ones; autoescape and strict."""

from __future__ import annotations

from pathlib import Path

import jinja2

from rs2rdf.core.resources import asset_dir
from rs2rdf.site.html import globals_for_jinja


def environment(user_dir: Path | None = None, *, trim: bool = True) -> jinja2.Environment:
    """``--templates`` overrides any shipped template by file name (datasette-style ChoiceLoader).

    StrictUndefined makes a typo in a template fail the build instead of printing nothing, and
    autoescape makes every value from the data text, never markup. ``trim=False`` keeps the
    template's white space as written (the validation report's template is written that way).
    """
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FileSystemLoader(str(asset_dir("templates"))))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=trim, lstrip_blocks=trim, keep_trailing_newline=not trim, auto_reload=False,
                             cache_size=-1)
    env.globals.update(globals_for_jinja())
    return env


def static_dirs(user_dir: Path | None = None) -> list[Path]:
    """Folders whose files are copied to ``static/``, later ones overriding earlier ones."""
    dirs = [asset_dir("templates") / "static"]
    if user_dir is not None and (user_dir / "static").is_dir():
        dirs.append(user_dir / "static")
    return [d for d in dirs if d.is_dir()]
