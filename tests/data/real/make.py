"""Cut the committed real-data extract (tests/data/real/rs2024/) out of ../shared/data/rs2024.

    python tests/data/real/make.py            # rewrite the extract from ../shared
    python tests/data/real/make.py --check    # exit 1 if the committed extract differs from what ../shared gives

The shared folder is ``../shared`` beside the checkout, or ``$RS2RDF_SHARED`` when set (the folder
that holds ``data/``). For each of the 15 official RS 2024 ZIPs the extract keeps the CSV's BOM,
its header record and the records of the projects in ``IDS``, each record's bytes exactly as in
the source (no decoding, re-quoting or re-normalising), in source order. The ZIP keeps the
source member's name (UTF-8 flag), timestamp, creator system and file mode; only the
compressed bytes differ. The standard library only: nothing from rs2rdf is used, so the extract
does not depend on the code it tests.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "rs2024"
ROOT = HERE.parents[2]

#: 予算事業IDs kept, with what each brings (see README.md).
IDS: dict[str, str] = {
    "4": "デジタル庁; one law cited for two 号; repeated 5-2 edges",
    "884": "法務省; the only project with 3-1 rows and many 5-1 payees with 法人番号; no 根拠法令",
    "1409": "財務省; law and provisions in free text; cyclic 5-2 money flow",
    "3522": "経済産業省; fund sheet, 677,292,895,000-yen block; laws with several 号; 1-5 links",
    "6201": "国土交通省　観光庁; blank duplicate 2-1 row; 5-3 payees with 法人番号",
    "18556": "国税庁; a 5-1 block with no execution amount",
}
ID_COLUMN = "予算事業ID"
BOM = b"\xef\xbb\xbf"
TABLE_COUNT = 15


def shared_rs2024() -> Path:
    shared = Path(os.environ["RS2RDF_SHARED"]) if os.environ.get("RS2RDF_SHARED") else ROOT.parent / "shared"
    return shared / "data" / "rs2024"


def records(data: bytes) -> list[bytes]:
    """Split CSV bytes into records, each with its CRLF, at line ends outside quotes.

    '"' and LF never occur inside a multi-byte UTF-8 sequence, so scanning bytes is safe.
    """
    out: list[bytes] = []
    start, quoted = 0, False
    for i, byte in enumerate(data):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            out.append(data[start:i + 1])
            start = i + 1
    if start < len(data):
        out.append(data[start:])
    assert b"".join(out) == data
    return out


def cut(data: bytes, ids: set[str]) -> bytes:
    """BOM + header + the records of `ids`, byte for byte."""
    assert data.startswith(BOM), "the official CSVs start with a BOM"
    header, *rows = records(data[len(BOM):])
    (fields,) = csv.reader(io.StringIO(header.decode("utf-8"), newline=""))
    column = fields.index(ID_COLUMN)
    kept = []
    for raw in rows:
        (cells,) = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
        if cells[column] in ids:
            kept.append(raw)
    return BOM + header + b"".join(kept)


def extract(source: Path) -> tuple[zipfile.ZipInfo, bytes]:
    """The ZipInfo and CSV bytes of the extract of one source ZIP."""
    with zipfile.ZipFile(source) as zf:
        (info,) = zf.infolist()
        data = zf.read(info)
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = info.compress_type
    new.create_system = info.create_system
    new.create_version = info.create_version
    new.extract_version = info.extract_version
    new.external_attr = info.external_attr
    return new, cut(data, set(IDS))


def zip_bytes(info: zipfile.ZipInfo, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(info, data, compresslevel=9)  # zipfile sets the UTF-8 flag for the Japanese name itself
    return out.getvalue()


def member(path: Path) -> tuple[tuple[object, ...], bytes]:
    """What the extract promises to keep of a ZIP: member attributes and CSV bytes."""
    with zipfile.ZipFile(path) as zf:
        (info,) = zf.infolist()
        return (info.filename, info.flag_bits, info.date_time, info.compress_type, info.create_system,
                info.external_attr), zf.read(info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=None, help="folder of the 15 RS 2024 ZIPs (default: ../shared/data/rs2024)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the extract goes (default: tests/data/real/rs2024)")
    parser.add_argument("--check", action="store_true", help="compare with the extract in --out instead of writing")
    args = parser.parse_args(argv)
    source = args.source or shared_rs2024()
    sources = sorted(source.glob("*_RS_2024_*.zip"))
    if len(sources) != TABLE_COUNT:
        print(f"expected {TABLE_COUNT} RS 2024 ZIPs in {source}, found {len(sources)}", file=sys.stderr)
        return 2
    differ = []
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    for path in sources:
        info, data = extract(path)
        target = args.out / path.name
        if args.check:
            made = io.BytesIO(zip_bytes(info, data))
            if not target.is_file() or member(target) != member(made):  # type: ignore[arg-type]
                differ.append(target.name)
        else:
            target.write_bytes(zip_bytes(info, data))
    if args.check:
        extra = sorted({p.name for p in args.out.glob("*.zip")} - {p.name for p in sources})
        for name in differ + extra:
            print(f"differs from {source}: {name}", file=sys.stderr)
        return 1 if differ or extra else 0
    total = sum(p.stat().st_size for p in args.out.glob("*.zip"))
    print(f"wrote {len(sources)} ZIPs, {total:,} bytes, projects {', '.join(IDS)} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
