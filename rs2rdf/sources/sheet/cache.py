"""Content-hash cache of sheet extractions, so a rebuild skips files that did not change.

Key = SHA-256 of the file bytes and name + :data:`EXTRACTOR_VERSION`; the value is the pickled
:class:`SheetExtraction` (records, problems, located fields; the grid is not kept). The
caller owns the directory; a damaged entry is treated as a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from rs2rdf.sources.sheet.reader import EXTRACTOR_VERSION, SheetExtraction, extract_sheet


def cache_key(data: bytes, version: str = EXTRACTOR_VERSION) -> str:
    return hashlib.sha256(data + b"\0rs2rdf-sheet-extractor-" + version.encode()).hexdigest()


def _load(entry: Path) -> SheetExtraction | None:
    try:
        with entry.open("rb") as fh:
            ex = pickle.load(fh)
        return ex if isinstance(ex, SheetExtraction) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def cached_extract(path: Path, cache_dir: Path, read_dirs: tuple[Path, ...] = ()) -> tuple[SheetExtraction, bool]:
    """The extraction of ``path`` and whether it came from the cache.

    Entries are written to ``cache_dir``; ``read_dirs`` are earlier caches that are only
    read (a hit there is copied into ``cache_dir``), so a published cache is never changed.
    """
    path = Path(path)
    # The name is part of the key: records and problems carry it in their locations.
    key = cache_key(path.read_bytes() + b"\0" + path.name.encode("utf-8"))
    entry = Path(cache_dir) / key[:2] / f"{key}.pickle"
    for where in (entry, *(Path(d) / key[:2] / f"{key}.pickle" for d in read_dirs)):
        if where.exists() and (ex := _load(where)) is not None:
            ex.path = path.name
            if where != entry:
                entry.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(where, entry)
            return ex, True
    ex = extract_sheet(path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(dataclasses.replace(ex, grid=None), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, entry)
    return ex, False
