"""An on-disk pyoxigraph store beside the dumps, so ``query`` and ``serve`` load the graph
once (at build time) instead of parsing ``rs2rdf.nq`` for every query.

The store keeps the named graphs (one per source table) and is opened read-only
afterwards, which RocksDB allows for several processes at once: ``serve`` relies on
this to run each query in a worker process it can kill on timeout.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pyoxigraph as ox

from rs2rdf.core.errors import Rs2rdfError

if TYPE_CHECKING:
    from rs2rdf.pipeline.graph import Graph
    from rs2rdf.core.config import Config

STORE_DIR = Path("data") / "store"
NQUADS = Path("data") / "rs2rdf.nq"
SUMMARY = Path("data") / "build-summary.json"
#: RocksDB's informational logs name the absolute build folder; they are not needed to read.
_LOG_PREFIXES = ("LOG",)


def write_store(nquads: Path, folder: Path) -> int:
    """Bulk-load the N-Quads dump into a fresh store in ``folder`` and close it; returns the quad count.

    pyoxigraph parses and loads the file itself (in Rust, on all cores), which is several
    times faster than handing it Python quad objects.

    The store object is dropped before returning because RocksDB keeps the folder locked
    while it is open, and the build renames the staging folder right after its stages.
    """
    if folder.exists() and any(folder.iterdir()):
        raise Rs2rdfError(f"{folder}: store folder is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(folder))
    try:
        # lenient: the build's own dump, written from terms pyoxigraph already checked
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        store.optimize()
        count = len(store)
    finally:
        del store
        gc.collect()
    for entry in folder.iterdir():
        if entry.is_file() and entry.name.startswith(_LOG_PREFIXES):
            entry.unlink()
    return count


def store_stage(graph: "Graph", staging: Path, config: "Config", progress: Callable[[str], None]) -> dict[str, object]:
    """Build stage: persist the graph under ``data/store/`` (relative paths only)."""
    progress("writing the query store")
    count = write_store(staging / NQUADS, staging / STORE_DIR)
    from rs2rdf.sparql.answers import precompute

    store = ox.Store.read_only(str(staging / STORE_DIR))
    try:
        rows = precompute(store, staging, graph.iris.base, progress)
    finally:
        del store
        gc.collect()
    return {"store": {"path": STORE_DIR.as_posix(), "quads": count}, "shipped_query_rows": rows}


def open_store(site: Path) -> ox.Store:
    """The site's graph, read-only when the persisted store exists, else loaded from N-Quads.

    The fallback keeps sites built without the store stage (or copied without
    ``data/store/``) queryable, at the cost of parsing the dump on every open.
    """
    folder = site / STORE_DIR
    if (folder / "CURRENT").is_file():
        try:
            return ox.Store.read_only(str(folder))
        except OSError as exc:
            raise Rs2rdfError(f"{folder}: cannot open the query store ({exc}); rebuild the site") from exc
    dump = site / NQUADS
    if not dump.is_file():
        raise Rs2rdfError(f"{site}: no graph found (neither {STORE_DIR.as_posix()}/ nor {NQUADS.as_posix()}); "
                          "run `rs2rdf build` first or pass --site")
    store = ox.Store()
    try:
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    except (OSError, SyntaxError) as exc:
        raise Rs2rdfError(f"{dump}: cannot load ({exc})") from exc
    return store


def site_base(site: Path) -> str | None:
    """The base IRI the site was built with (``build-summary.json``), if recorded."""
    try:
        data = json.loads((site / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    base = data.get("base_iri") if isinstance(data, dict) else None
    return base if isinstance(base, str) and base else None
