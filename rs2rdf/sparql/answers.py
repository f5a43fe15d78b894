"""Shipped queries evaluated once at build time and published with the site.

A full review year is millions of triples, where some shipped queries take seconds on
the on-disk store. The build runs each of them once, right after writing the store, and
writes the answer as SPARQL JSON, CSV (also a download on the dataset page) and the
aligned table that ``rs2rdf query NAME`` prints by default. Each answer records the
SHA-256 of the exact query text it answers, so an edited or upgraded query is never
answered from a stale result.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import BinaryIO, Callable

import pyoxigraph as ox

from rs2rdf.sparql.query import rebase, run_query, shipped_queries, write_results

RESULTS_DIR = Path("data") / "queries"
INDEX = "index.json"


def _key(text: str, base: str) -> str:
    """What the answer depends on: the query as run and the base (its predeclared ``id:`` prefix,
    and the data's IRIs). The base is hashed on its own because the shipped queries name only the
    vocabulary, which no base moves, so rebasing leaves their text unchanged."""
    return hashlib.sha256(f"{base}\n{rebase(text, base)}".encode("utf-8")).hexdigest()


def precompute(store: ox.Store, site: Path, base: str, progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Run every shipped SELECT query; returns rows per query."""
    folder = site / RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, object]] = {}
    counts: dict[str, int] = {}
    for name, nq in sorted(shipped_queries().items()):
        progress(f"precomputing query {name}")
        result = run_query(store, nq.text, base)
        if not isinstance(result, ox.QuerySolutions):
            continue
        result.serialize(str(folder / f"{name}.srj"), format=ox.QueryResultsFormat.JSON)
        # CSV and table are written from the stored JSON, so a stored answer is the same in every format
        _parse(site, name).serialize(str(folder / f"{name}.csv"), format=ox.QueryResultsFormat.CSV)
        with open(folder / f"{name}.txt", "wb") as table:  # the `rs2rdf query` default, aligned for people
            rows = write_results(_parse(site, name), "table", table, base)
        index[name] = {"sha256": _key(nq.text, base), "rows": rows}
        counts[name] = rows
    (folder / INDEX).write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return counts


def _current(site: Path, name: str, text: str, base: str) -> dict[str, object] | None:
    """The index entry of the precomputed answer to this exact query text, or None."""
    try:
        index = json.loads((site / RESULTS_DIR / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = index.get(name) if isinstance(index, dict) else None
    if not entry or entry.get("sha256") != _key(text, base) or not (site / RESULTS_DIR / f"{name}.srj").is_file():
        return None
    return entry


def _parse(site: Path, name: str) -> ox.QuerySolutions:
    answer = ox.parse_query_results(path=str(site / RESULTS_DIR / f"{name}.srj"), format=ox.QueryResultsFormat.JSON)
    if not isinstance(answer, ox.QuerySolutions):  # only SELECT answers are stored
        raise ValueError(f"{name}.srj: not the answer to a SELECT query")
    return answer


def stored_answer(site: Path, name: str, text: str, base: str) -> ox.QuerySolutions | None:
    """The precomputed answer to this exact query text, or None."""
    return None if _current(site, name, text, base) is None else _parse(site, name)


#: Formats whose precomputed file is the answer as ``write_results`` would write it.
_AS_STORED = {"json": ".srj", "csv": ".csv", "table": ".txt"}


def write_stored_answer(site: Path, name: str, text: str, base: str, fmt: str, out: BinaryIO) -> int | None:
    """Write the precomputed answer in ``fmt``; returns its rows, or None when there is none.

    Table, CSV and JSON are the files the build wrote: a year's largest answer is 73,000
    rows, which take a second to lay out as a table and most of one to parse and write as
    CSV again, but milliseconds to copy. A site built before the table file existed falls
    back to formatting the stored JSON.
    """
    entry = _current(site, name, text, base)
    if entry is None:
        return None
    suffix = _AS_STORED.get(fmt)
    stored = site / RESULTS_DIR / f"{name}{suffix}" if suffix else None
    if stored is not None and stored.is_file():
        with open(stored, "rb") as f:
            shutil.copyfileobj(f, out, 1 << 20)
        rows = entry.get("rows")
        return rows if isinstance(rows, int) else -1
    return write_results(_parse(site, name), fmt, out, base)
