"""Sheet extraction speed: our time per PDF page against pdfplumber's own parsing of the same pages.

The baseline is what any pdfplumber-based reader must pay: open, ``extract_words`` and the
ruling lines/rects of every page. Target: extraction ≤ 1.5× the baseline, in CPU time of this
process (the two measured in turns, so that other jobs on a shared machine do not decide it), on the
fixtures and on the committed sample of the varied corpus (unruled pages included). Then a rebuild of
many sheets on all cores (ProcessPoolExecutor), cold and with the content-hash cache warm.

    python benchmarks/sheets.py [--repeat 5] [--copies 8] [--out benchmarks/out/sheets.json]

Not a timed test: it prints and writes a JSON result for the record.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from rs2rdf.sources.sheet import extract_sheet  # noqa: E402
from rs2rdf.sources.sheet.cache import cached_extract  # noqa: E402
from rs2rdf.sources.sheet.pdf import WORD_SETTINGS  # noqa: E402

DATA = ROOT / "tests" / "data" / "sheets"


def baseline(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words(**WORD_SETTINGS)
            page.lines, page.rects  # noqa: B018 - parsing them is the cost being measured
        return len(pdf.pages)


def best_of(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn(path)
        times.append(time.process_time() - t)
    return min(times)


def paired(path: Path, repeat: int) -> tuple[float, float]:
    """Baseline and extraction, best CPU seconds of ``repeat`` runs taken in turns.

    CPU time of this process, not wall time, and the two taken alternately: on a machine shared
    with other jobs, the load then weighs on both alike instead of on whichever ran while it peaked.
    """
    base, ours = [], []
    for _ in range(repeat):
        base.append(best_of(baseline, path, 1))
        ours.append(best_of(extract_sheet, path, 1))
    return min(base), min(ours)


def _extract(path: str) -> int:
    return len(extract_sheet(Path(path)).records)


def _cached(args: tuple[str, str]) -> bool:
    return cached_extract(Path(args[0]), Path(args[1]))[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=8, help="copies of each fixture in the parallel rebuild")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "sheets.json")
    args = parser.parse_args(argv)
    pdfs = sorted(DATA.glob("*.pdf"))
    rows = []
    for path in pdfs + sorted((DATA / "corpus").glob("*.pdf")):  # the fixtures, and the varied corpus sample (unruled pages too)
        pages = baseline(path)
        base, ours = paired(path, args.repeat)
        rows.append({"file": path.name, "pages": pages, "baseline_ms_per_page": round(base / pages * 1000, 2),
                     "extract_ms_per_page": round(ours / pages * 1000, 2), "ratio": round(ours / base, 2)})
        print(f"{path.name:32} {pages} pages  pdfplumber {rows[-1]['baseline_ms_per_page']:7.2f} ms/page  "
              f"extract {rows[-1]['extract_ms_per_page']:7.2f} ms/page  ratio {rows[-1]['ratio']:.2f}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for i in range(args.copies):
            for path in pdfs + sorted(DATA.glob("*.xlsx")):
                target = Path(tmp) / f"{i}-{path.name}"
                shutil.copyfile(path, target)
                inputs.append(str(target))
        t = time.perf_counter()
        for p in inputs:
            _extract(p)
        serial = time.perf_counter() - t
        t = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(_extract, inputs, chunksize=2))
        parallel = time.perf_counter() - t
        cache = Path(tmp) / "cache"
        timings = {}
        for run in ("cold", "warm"):
            t = time.perf_counter()
            with ProcessPoolExecutor(max_workers=args.workers) as pool:
                hits = list(pool.map(_cached, [(p, str(cache)) for p in inputs], chunksize=2))
            timings[run] = (time.perf_counter() - t, sum(hits))
    result = {
        "python": platform.python_version(), "pdfplumber": pdfplumber.__version__, "cpus": os.cpu_count(),
        "per_file": rows, "median_ratio": round(statistics.median(r["ratio"] for r in rows), 2), "max_ratio": max(r["ratio"] for r in rows),
        "target_ratio": 1.5,
        "rebuild": {"files": len(inputs), "workers": args.workers, "serial_s": round(serial, 2),
                    "parallel_s": round(parallel, 2), "cold_cache_s": round(timings["cold"][0], 2),
                    "warm_cache_s": round(timings["warm"][0], 2), "warm_cache_hits": timings["warm"][1]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["rebuild"]), f"median ratio {result['median_ratio']}, max {result['max_ratio']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
