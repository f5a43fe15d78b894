"""Shipped queries evaluated once at build time and published with the site.

A full review year is millions of triples, where some shipped queries take seconds on
the on-disk store. The build runs each of them once, right after writing the store, and
writes the answer as SPARQL JSON (for ``rs2rdf query NAME``) and CSV (a download on the
dataset page). Each answer records the SHA-256 of the exact query text it answers, so an
edited or upgraded query is never answered from a stale result.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .query import rebase, run_query, shipped_queries

RESULTS_DIR = Path("data") / "queries"
INDEX = "index.json"


def _key(text: str, base: str) -> str:
    return hashlib.sha256(rebase(text, base).encode("utf-8")).hexdigest()


def precompute(store: ox.Store, site: Path, base: str, progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Run every shipped SELECT query; returns rows per query."""
    folder = site / RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, object]] = {}
    for name, nq in sorted(shipped_queries().items()):
        progress(f"precomputing query {name}")
        result = run_query(store, nq.text, base)
        if not isinstance(result, ox.QuerySolutions):
            continue
        json_path = folder / f"{name}.srj"
        result.serialize(str(json_path), format=ox.QueryResultsFormat.JSON)
        rows = list(ox.parse_query_results(path=str(json_path), format=ox.QueryResultsFormat.JSON))
        again = ox.parse_query_results(path=str(json_path), format=ox.QueryResultsFormat.JSON)
        again.serialize(str(folder / f"{name}.csv"), format=ox.QueryResultsFormat.CSV)
        index[name] = {"sha256": _key(nq.text, base), "rows": len(rows)}
    (folder / INDEX).write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return {name: int(v["rows"]) for name, v in index.items()}  # type: ignore[call-overload]


def stored_answer(site: Path, name: str, text: str, base: str) -> ox.QuerySolutions | None:
    """The precomputed answer to this exact query text, or None."""
    folder = site / RESULTS_DIR
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = index.get(name)
    path = folder / f"{name}.srj"
    if not entry or entry.get("sha256") != _key(text, base) or not path.is_file():
        return None
    result = ox.parse_query_results(path=str(path), format=ox.QueryResultsFormat.JSON)
    return result if isinstance(result, ox.QuerySolutions) else None
