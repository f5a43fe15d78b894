"""Time every shipped query on a built site's store.

    python benchmarks/queries.py SITE [--repeat N] [--json]

Opens the persisted store (``SITE/data/store``; falls back to loading the N-Quads), runs
each query ``--repeat`` times after one warm-up run, and prints the best and median wall
time and the row count. Run it on a full-year synthetic build (benchmarks/generate.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rs2rdf.sparql.query import run_query, shipped_queries
from rs2rdf.sparql.store import open_store, site_base


def time_queries(site: Path, repeat: int = 3) -> list[dict[str, object]]:
    t0 = time.perf_counter()
    store = open_store(site)
    opened = time.perf_counter() - t0
    base = site_base(site)
    out: list[dict[str, object]] = [{"query": "(open store)", "best_s": round(opened, 4), "median_s": round(opened, 4), "rows": len(store)}]
    for name, q in shipped_queries().items():
        rows = 0
        times = []
        for i in range(repeat + 1):
            t = time.perf_counter()
            rows = sum(1 for _ in run_query(store, q.text, base))
            if i:  # the first run warms caches
                times.append(time.perf_counter() - t)
        out.append({"query": name, "best_s": round(min(times), 4), "median_s": round(statistics.median(times), 4), "rows": rows})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    results = time_queries(args.site, max(1, args.repeat))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(f"{'query':22} {'best s':>9} {'median s':>9} {'rows':>9}")
        for r in results:
            print(f"{r['query']:22} {r['best_s']:>9} {r['median_s']:>9} {r['rows']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
