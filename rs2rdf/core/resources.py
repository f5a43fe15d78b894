"""Find the shipped assets (ontology, shapes, templates, queries, sample data) both in an
installed wheel (``rs2rdf/_assets``) and in a source checkout (top-level folders)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def asset_dir(name: str) -> Path:
    """``ontology``, ``shapes``, ``templates`` or ``queries``."""
    installed = _PACKAGE / "_assets" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"rs2rdf asset folder {name!r} not found (broken installation?)")


def sample_dir() -> Path:
    return _PACKAGE / "data" / "sample"
