"""Keep rs2rdf/data/ministries_retired.csv up to date from the ministry table's git history.

An organ that rs2rdf/data/ministries.csv lists without a 法人番号 is published as
``id/org/name-{hash of its name}``. When its number is filled in, its IRI becomes
``id/org/{法人番号}``; the old one must keep resolving. Run this after editing the table (and
commit both files)::

    python tools/retire_ministry_keys.py            # rewrite the retired table
    python tools/retire_ministry_keys.py --check    # exit 1 if it misses a key (tests run this)

It reads every committed version of the table (``git log``), plus the working copy's, takes the
name keys of the rows that had no number, and keeps those whose organ (same name or alias) has
one now. Rows already in the retired table are kept, so a key once retired stays retired.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rs2rdf.sources.normalize.ministries import DEFAULT_PATH, RETIRED_PATH, MinistryTable, retired_keys  # noqa: E402

FIELDS = ("former_key", "corporate_number", "name_ja")


def history(table: Path = DEFAULT_PATH, root: Path = ROOT) -> list[list[dict[str, str]]]:
    """Every committed version of ``table`` (oldest first). Empty outside a git checkout."""
    rel = table.resolve().relative_to(root.resolve()).as_posix()
    try:
        revs = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=root, capture_output=True,
                              text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return []
    out = []
    for rev in reversed(revs):
        shown = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=root, capture_output=True)
        if shown.returncode == 0:
            out.append(list(csv.DictReader(io.StringIO(shown.stdout.decode("utf-8-sig")))))
    return out


def read_retired(path: Path = RETIRED_PATH) -> dict[str, tuple[str, str]]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {r["former_key"]: (r["corporate_number"], r["name_ja"]) for r in csv.DictReader(handle) if r.get("former_key")}


def render(rows: dict[str, tuple[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for key in sorted(rows):
        writer.writerow((key, *rows[key]))
    return buf.getvalue()


def wanted(table: Path = DEFAULT_PATH, retired: Path = RETIRED_PATH, root: Path = ROOT) -> dict[str, tuple[str, str]]:
    """The retired table as it should be: what it holds, and every key the history retires."""
    with open(table, encoding="utf-8-sig", newline="") as handle:
        working = list(csv.DictReader(handle))
    current = MinistryTable.load(table, retired=retired)
    return {**read_retired(retired), **retired_keys([*history(table, root), working], current)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing keys; exit 1 if any")
    args = parser.parse_args(argv)
    rows = wanted()
    text = render(rows)
    if args.check:
        missing = sorted(set(rows) - set(read_retired()))
        for key in missing:
            print(f"{RETIRED_PATH.name}: missing {key} → {rows[key][0]} ({rows[key][1]})")
        return 1 if missing else 0
    RETIRED_PATH.write_text(text, encoding="utf-8")
    print(f"{RETIRED_PATH}: {len(rows)} retired key(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
