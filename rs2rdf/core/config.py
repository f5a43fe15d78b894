"""``rs2rdf.toml``: the few settings a publisher sets once (base IRI, output, law index)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from typing import TYPE_CHECKING

from rs2rdf.core.errors import UsageError
from rs2rdf.mapping.iris import DEFAULT_BASE, normalize_base

if TYPE_CHECKING:
    from rs2rdf.pipeline.bounded import Limits

CONFIG_NAME = "rs2rdf.toml"
KEYS = {"base_iri", "out", "law_index", "templates", "site_title", "sheet_timeout", "sheet_memory", "sparql_endpoint",
        "publisher"}


@dataclass(frozen=True)
class Config:
    base_iri: str = DEFAULT_BASE
    out: Path = Path("site")
    law_index: Path | None = None
    templates: Path | None = None
    site_title: str = "rs2rdf 行政事業レビュー Linked Open Data"
    #: Public URL of a SPARQL endpoint serving this data (``rs2rdf serve`` or another store):
    #: void:sparqlEndpoint and a dcat:DataService in the dataset's description.
    sparql_endpoint: str | None = None
    #: foaf:name of the dataset's publisher (dcterms:publisher); the site title when not given.
    publisher: str | None = None
    #: Wall-clock seconds one per-project sheet may take to extract.
    sheet_timeout: float = 120.0
    #: MiB of memory one per-project sheet's extraction may use.
    sheet_memory: int = 1024

    @property
    def sheet_limits(self) -> "Limits":
        from rs2rdf.pipeline.bounded import Limits

        return Limits(self.sheet_timeout, self.sheet_memory)

    def override(self, **kwargs: object) -> "Config":
        values = {k: v for k, v in kwargs.items() if v is not None}
        if "base_iri" in values:
            values["base_iri"] = _base(str(values["base_iri"]), "--base-iri")
        return replace(self, **values)  # type: ignore[arg-type]  # keyword values of mixed types; replace() checks the names


def positive(value: object, where: str, kind: type = float) -> float:
    """A number above zero, or a usage error naming where it came from."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)) or value <= 0:
        raise UsageError(f"{where}: expected a positive {'whole number' if kind is int else 'number'}, got {value!r}")
    return value


def _base(value: str, where: str) -> str:
    try:
        return normalize_base(value)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from exc


def load_config(path: Path | None = None) -> Config:
    """Read the given file, or ./rs2rdf.toml when present; unknown keys are an error."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return Config()
    try:
        # utf-8-sig: editors on Windows save a BOM, which TOML itself does not allow
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read config ({exc})") from exc
    if "rs2rdf" in data:
        others = sorted(k for k in data if k != "rs2rdf")
        if others:
            raise UsageError(f"{path}: key(s) {', '.join(others)} outside the [rs2rdf] section; "
                             "put every setting in [rs2rdf] or none in a section")
        section = data["rs2rdf"]
    else:
        section = data
    if not isinstance(section, dict):
        raise UsageError(f"{path}: [rs2rdf] must be a table of settings")
    nested = sorted(k for k, v in section.items() if isinstance(v, dict))
    if nested:
        raise UsageError(f"{path}: unknown section(s) {', '.join(nested)}; known keys: {', '.join(sorted(KEYS))}")
    unknown = set(section) - KEYS
    if unknown:
        raise UsageError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KEYS))}")
    for key in ("base_iri", "out", "law_index", "templates", "site_title", "sparql_endpoint", "publisher"):
        if key in section and (not isinstance(section[key], str) or not section[key].strip()):
            raise UsageError(f"{path}: {key} must be a non-empty string, got {section[key]!r}")
    cfg = Config()
    base = path.parent
    if "base_iri" in section:
        cfg = replace(cfg, base_iri=_base(str(section["base_iri"]), f"{path}: base_iri"))
    if "out" in section:
        cfg = replace(cfg, out=base / str(section["out"]))
    if "law_index" in section:
        cfg = replace(cfg, law_index=base / str(section["law_index"]))
    if "templates" in section:
        cfg = replace(cfg, templates=base / str(section["templates"]))
    if "site_title" in section:
        cfg = replace(cfg, site_title=str(section["site_title"]))
    if "sparql_endpoint" in section:
        endpoint = str(section["sparql_endpoint"]).strip()
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", endpoint):
            raise UsageError(f"{path}: sparql_endpoint must be an http(s) URL, got {endpoint!r}")
        cfg = replace(cfg, sparql_endpoint=endpoint)
    if "publisher" in section:
        cfg = replace(cfg, publisher=str(section["publisher"]).strip())
    if "sheet_timeout" in section:
        cfg = replace(cfg, sheet_timeout=positive(section["sheet_timeout"], f"{path}: sheet_timeout", float))
    if "sheet_memory" in section:
        cfg = replace(cfg, sheet_memory=int(positive(section["sheet_memory"], f"{path}: sheet_memory", int)))
    return cfg
