"""主要事項データベース read speed: a generated workbook of full size, read as a build reads it.

The 2023 edition is 5,442 rows × 14,298 columns with 67 MB of sheet XML; the generator's rows are
narrower than the real ones (every header family, but fewer blocks), so the default here is
10,000 rows × 2,922 columns, which gives about the real XML size. Target (issue #20): ≤ 60 s and
≤ 2 GiB. Each read runs in a fresh process so its peak resident memory is its own.

    python benchmarks/database.py [--rows 10000] [--blocks 26] [--work DIR] [--json out.json]

Not a timed test: it prints and writes a JSON result for the record.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.make_database_fixture import generate  # noqa: E402

_CHILD = """
import json, sys, time
from pathlib import Path
from rs2rdf.sources.database import is_database_workbook, read_database
def peak_mib():  # VmHWM: ru_maxrss would carry over the generating parent's peak across exec
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return None
path = Path(sys.argv[1])
t0 = time.perf_counter()
found = is_database_workbook(path)
t1 = time.perf_counter()
ex = read_database(path)
t2 = time.perf_counter()
print(json.dumps({"quick_look_s": round(t1 - t0, 3), "read_s": round(t2 - t1, 2), "is_database": found, "rows": ex.rows,
                  "records": len(ex.records), "problems": len(ex.problems),
                  "peak_rss_mib": peak_mib()}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--blocks", type=int, default=26)
    ap.add_argument("--ranks", type=int, default=15)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="rs2rdf-db-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"database-{args.year}-{args.rows}.xlsx"
    t0 = time.perf_counter()
    truth = generate(path, args.year, args.rows, seed=11, blocks=args.blocks, ranks=args.ranks, outcomes=15)
    generated = time.perf_counter() - t0
    with zipfile.ZipFile(path) as zf:
        xml = zf.getinfo("xl/worksheets/sheet1.xml").file_size
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True, cwd=ROOT)
    result = {"machine": platform.platform(), "python": platform.python_version(), "rows": args.rows,
              "columns": truth["columns"], "sheet_xml_mb": round(xml / 1e6, 1), "file_mb": round(path.stat().st_size / 1e6, 1),
              "generate_s": round(generated, 1), **json.loads(out.stdout.strip().splitlines()[-1])}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
