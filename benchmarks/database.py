"""主要事項データベース read speed: a generated workbook of full size, read as a build reads it,
and the same file read by python-calamine and by openpyxl (read-only) for comparison.

The 2023 edition is 5,442 rows × 14,298 columns with 67 MB of sheet XML and 46 MB of shared
strings. ``--full`` writes that shape: 5,400 rows, 14,276 columns (48 payee blocks A–Z a–v × 28
ranks × 10 fields, 15 outcomes, 5 outputs, every section), about 15 payees a row in 1–6 blocks
(real: 80,319 payees in 5,441 rows), long texts so the shared strings reach the real size, and
formatted blank cells (``<c r=".." s="1"/>``) as Excel writes them, so the sheet XML does too.
Without ``--full`` the older narrower case runs (10,000 rows × 2,922 columns, about the real
XML size). Target (issue #20): ≤ 60 s and ≤ 2 GiB. Each read runs in a fresh process, so its
peak resident memory (VmHWM) is its own; the other readers run under an 8 GiB address-space
limit so that one reader cannot take the shared machine's memory.

    python benchmarks/database.py --full [--compare] [--openpyxl-rows 300] [--work DIR] [--json out.json]
    python benchmarks/database.py [--rows 10000] [--blocks 26]

``--compare`` also times python-calamine (``pip install python-calamine``; not a dependency of
rs2rdf) over every row, and openpyxl read-only over the first ``--openpyxl-rows`` rows,
extrapolated to the whole sheet (load time + rows × time per row; said so in the output).
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.make_database_fixture import FULL_SIZE, generate  # noqa: E402

_PEAK = """
def peak_mib():  # VmHWM: ru_maxrss would carry over the generating parent's peak across exec
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return None
"""

_OURS = _PEAK + """
import json, sys, time
from pathlib import Path
from rs2rdf.sources.database import is_database_workbook, read_database
path = Path(sys.argv[1])
t0 = time.perf_counter()
found = is_database_workbook(path)
t1 = time.perf_counter()
ex = read_database(path)
t2 = time.perf_counter()
print(json.dumps({"quick_look_s": round(t1 - t0, 3), "read_s": round(t2 - t1, 2), "is_database": found, "rows": ex.rows,
                  "records": len(ex.records), "problems": len(ex.problems), "peak_rss_mib": peak_mib()}))
"""

#: The streaming reader alone (cells as text, no records): what the comparison with the other readers is about.
_STREAM = _PEAK + """
import json, sys, time
from pathlib import Path
from rs2rdf.sources.database.xlsxstream import Worksheet
t0 = time.perf_counter()
rows = cells = 0
with Worksheet(Path(sys.argv[1])) as ws:
    for _row, values in ws.rows():
        rows += 1
        cells += len(values)
print(json.dumps({"read_s": round(time.perf_counter() - t0, 2), "rows": rows, "cells": cells, "peak_rss_mib": peak_mib()}))
"""

_LIMIT = """
import resource
resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))
"""

_CALAMINE = _PEAK + _LIMIT + """
import json, sys, time
from importlib.metadata import version
from python_calamine import CalamineWorkbook
t0 = time.perf_counter()
wb = CalamineWorkbook.from_path(sys.argv[1])
sheet = wb.get_sheet_by_index(0)
t1 = time.perf_counter()
rows = cells = 0
for row in sheet.iter_rows():
    rows += 1
    cells += sum(1 for v in row if v != "")
print(json.dumps({"version": version("python-calamine"), "load_s": round(t1 - t0, 2),
                  "read_s": round(time.perf_counter() - t0, 2), "rows": rows, "cells": cells, "peak_rss_mib": peak_mib()}))
"""

_OPENPYXL = _PEAK + _LIMIT + """
import json, sys, time
import openpyxl
t0 = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
ws = wb.worksheets[0]
t1 = time.perf_counter()
limit, total = int(sys.argv[2]), int(sys.argv[3])
rows = cells = 0
for row in ws.iter_rows(values_only=True):
    rows += 1
    cells += sum(1 for v in row if v is not None)
    if rows >= limit:
        break
t2 = time.perf_counter()
per_row = (t2 - t1) / rows
whole = rows >= total  # every row read: the time is measured, not extrapolated
print(json.dumps({"version": openpyxl.__version__, "load_s": round(t1 - t0, 2), "rows_read": rows, "rows_s": round(t2 - t1, 2),
                  "per_row_s": round(per_row, 4), ("read_s" if whole else "extrapolated_read_s"): round(t1 - t0 + per_row * total, 1),
                  "peak_rss_mib": peak_mib()}))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        return {"failed": f"exit {out.returncode} after {time.perf_counter() - t0:.1f} s: {out.stderr.strip()[-300:]}"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="the 2023 edition's shape: 5,400 rows × 14,276 columns, real part sizes")
    ap.add_argument("--rows", type=int)
    ap.add_argument("--blocks", type=int, default=26)
    ap.add_argument("--ranks", type=int, default=15)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--compare", action="store_true", help="also python-calamine and openpyxl read-only on the same file")
    ap.add_argument("--openpyxl-rows", type=int, default=300, help="rows openpyxl reads before the time is extrapolated")
    ap.add_argument("--work", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="rs2rdf-db-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.full:
        rows = args.rows or 5_400
        shape: dict[str, Any] = dict(FULL_SIZE)
    else:
        rows = args.rows or 10_000
        shape = {"blocks": args.blocks, "ranks": args.ranks, "outcomes": 15}
    path = work / f"database-{args.year}-{rows}{'-full' if args.full else ''}.xlsx"
    t0 = time.perf_counter()
    truth = generate(path, args.year, rows, seed=11, **shape)
    generated = time.perf_counter() - t0
    with zipfile.ZipFile(path) as zf:
        xml = zf.getinfo("xl/worksheets/sheet1.xml").file_size
        strings = zf.getinfo("xl/sharedStrings.xml").file_size
    result: dict[str, Any] = {
        "machine": platform.platform(), "python": platform.python_version(), "rows": rows, "columns": truth["columns"],
        "sheet_xml_mb": round(xml / 1e6, 1), "shared_strings_mb": round(strings / 1e6, 1), "file_mb": round(path.stat().st_size / 1e6, 1),
        "generate_s": round(generated, 1), "rs2rdf": _child(_OURS, str(path))}
    if args.compare:
        result["rs2rdf_stream_only"] = _child(_STREAM, str(path))
        result["python_calamine"] = _child(_CALAMINE, str(path))
        result["openpyxl_read_only"] = _child(_OPENPYXL, str(path), str(args.openpyxl_rows), str(rows + truth["header_rows"]))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
