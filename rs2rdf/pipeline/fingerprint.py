"""What a build depends on, as one hash: unchanged inputs need no rebuild.

The fingerprint covers the rs2rdf version and its code (every ``.py`` file of the package,
so a changed mapping rebuilds even when the version number did not move), the settings
that change the output, the content (SHA-256) of every input file, and the shipped or user
templates and shapes. It is
stored in ``data/inputs.json``; a build whose fingerprint matches the published one is
skipped, which is what makes a rebuild of an unchanged year take a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rs2rdf import __version__
from rs2rdf.core.config import Config
from rs2rdf.sources.discover import discover
from rs2rdf.core.resources import asset_dir

FINGERPRINT_FILE = "inputs.json"


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tree(folder: Path | None) -> str | None:
    if folder is None or not folder.is_dir():
        return None
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode("utf-8") + b"\0" + _sha(p).encode("ascii"))
    return h.hexdigest()


def code_hash() -> str:
    """SHA-256 over the package's own Python files (names and contents)."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py")):
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0" + _sha(p).encode("ascii"))
    return h.hexdigest()


def fingerprint(inputs: list[Path], config: Config, stages: list[str]) -> dict[str, object]:
    files, _ = discover(inputs)
    return {
        "rs2rdf": __version__,
        "code": code_hash(),
        "base_iri": config.base_iri,
        "stages": sorted(stages),
        "site_title": config.site_title,
        "sparql_endpoint": config.sparql_endpoint,
        "publisher": config.publisher,
        "sheet_limits": [config.sheet_timeout, config.sheet_memory],
        "law_index": _sha(config.law_index) if config.law_index and config.law_index.is_file() else None,
        "templates": _tree(config.templates),
        "assets": {name: _tree(asset_dir(name)) for name in ("ontology", "shapes", "templates", "queries")},
        "inputs": sorted([f.path.name, _sha(f.path)] for f in files),
    }


def is_up_to_date(out: Path, current: dict[str, object]) -> bool:
    """True when ``out`` is a complete earlier build of exactly these inputs and settings."""
    stored = out / "data" / FINGERPRINT_FILE
    summary = out / "data" / "build-summary.json"
    if not stored.is_file() or not summary.is_file():
        return False
    try:
        return json.loads(stored.read_text(encoding="utf-8")) == json.loads(json.dumps(current))
    except (OSError, ValueError):
        return False


def write_fingerprint(folder: Path, current: dict[str, object]) -> None:
    (folder / FINGERPRINT_FILE).write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")
