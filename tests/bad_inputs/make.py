"""Generate the bad-input corpus: one small folder per kind of bad input.

Run ``python tests/bad_inputs/make.py`` after changing a case; the output is committed and
``tests/test_bad_inputs.py`` checks that it matches this script byte for byte, so the corpus
can never drift from the hand-written content below. Everything is deterministic (fixed ZIP
timestamps, no randomness) and small on disk; the ZIP bomb inflates to 20 MB from ~20 KB.

``good/`` is a valid 1-2 table of two projects (9001, 9002). Every case is built together with
it, so a test can check that the rest of the input is still built. Each case uses its own
予算事業ID (91xx) so cases do not interfere when the whole corpus is built at once.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parents[1]))

from rs2rdf.sources.rs_tables import BY_ID  # noqa: E402
from tools.rs_format import DEFAULT_DATE_TIME, encode_rs_csv, official_zip_name, zip_bytes  # noqa: E402
from rs2rdf.sources.rs_tables import official_stem  # noqa: E402

YEAR = 2024
#: A valid 法人番号; case corporate-number-check-digit changes only its check digit.
CORP_OK = "7010401022916"


def common(bid: int, name: str = "不正入力検査事業", year: int = YEAR, ministry: str = "総務省") -> dict[str, str]:
    return {"sheet_type": "レビューシート", "review_year": str(year), "budget_id": str(bid), "name": name,
            "ministry_order": "15", "policy_ministry": ministry, "ministry": ministry, "bureau": "大臣官房", "division": "会計課"}


def overview(bid: int, **extra: str) -> dict[str, str]:
    row = common(bid, extra.pop("name", "不正入力検査事業"), int(extra.pop("year", YEAR)), extra.pop("ministry", "総務省"))
    row.update({"purpose": "検査のための事業。", "category": "前年度事業", "start_year": "2019", "start_unknown": "FALSE",
                "no_end": "TRUE", "major_expense": "その他の事項経費", "method_direct": "1"})
    row.update(extra)
    return row


def csv_text(table: str, rows: list[dict[str, str]]) -> bytes:
    return encode_rs_csv(BY_ID[table], rows)


def name(table: str, year: int = YEAR, suffix: str = ".csv") -> str:
    return official_stem(BY_ID[table], year) + suffix


def zip_of(members: list[tuple[str, bytes]], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for member, data in members:
            info = zipfile.ZipInfo(member, date_time=DEFAULT_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data, compresslevel=level)
    return out.getvalue()


def expense(bid: int, **extra: str) -> dict[str, str]:
    row = common(bid)
    row.update({"block": "A", "payee": "株式会社検査", "corporate_number": CORP_OK, "summary": "検査業務",
                "category": "外注費", "use": "検査", "amount": "1000000"})
    row.update(extra)
    return row


def with_header(table: str, header: list[str], rows: list[list[str]], bom: bool = True) -> bytes:
    """A CSV whose header is not the official one (for header cases)."""
    lines = [",".join(header)] + [",".join(r) for r in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def official_row(table: str, row: dict[str, str]) -> list[str]:
    from tools.rs_format import spec_fields

    return [row.get(f, "") for f in spec_fields(BY_ID[table])]


# ---------------------------------------------------------------------------------------------
# PDF and xlsx made by hand, so the corpus needs no PDF tool.


def pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1-based; object 1 is the catalogue), with a valid xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(b"(%s) '" % s.encode("latin-1") for s in lines) + b" ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def zero_page_pdf() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def image_only_pdf() -> bytes:
    pixels = bytes((x * 16 + y) % 256 for y in range(16) for x in range(16))
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"q 400 0 0 400 100 300 cm /Im1 Do Q"),
        stream(pixels, b"/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 "),
    ])


def encrypted_pdf() -> bytes:
    """Standard security handler with a user password nobody knows: /U matches no password."""
    o = bytes(range(32))
    u = bytes(range(100, 132))
    enc = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >>" % (o.hex().encode(), u.hex().encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(b"\x8a\x11\x93\x02garbled"),
        enc,
    ]
    return pdf(objects, b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ")


def xlsx(rows: list[list[object]], macros: bool = False) -> bytes:
    """A workbook saved by openpyxl with fixed document dates (byte-reproducible)."""
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in rows:
        ws.append(r)
    fixed = datetime.datetime(2025, 2, 17)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "rs2rdf tests"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    # Re-pack with fixed timestamps so the file is byte-reproducible.
    src = zipfile.ZipFile(io.BytesIO(data))
    members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    # openpyxl stamps the save time into docProps/core.xml whatever the properties say
    members = [(n, re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2025-02-17T00:00:00Z", d)) for n, d in members]
    if macros:
        members = [(n, d.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                 b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")) for n, d in members]
        ct = dict(members)["[Content_Types].xml"]
        ct = ct.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        members = [(n, ct if n == "[Content_Types].xml" else d) for n, d in members]
        members.append(("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\nShell \"calc\"\r\nEnd Sub\r\n"))
    return zip_of(members)


def review_sheet_rows(number: str) -> list[list[object]]:
    """Label/value pairs of the 平成29 template: enough labels to be recognised as a sheet."""
    return [
        ["平成29年度行政事業レビューシート"],
        ["事業番号", number],
        ["事業名", "不正な事業番号の検査事業"],
        ["担当部局庁", "大臣官房"],
        ["担当課室", "会計課"],
        ["作成責任者", "課長　検査太郎"],
        ["事業開始年度", "平成25年度"],
        ["事業終了（予定）年度", "終了予定なし"],
        ["会計区分", "一般会計"],
        ["事業の目的（目指す姿を簡潔に。3行程度以内）", "検査のため。"],
        ["事業概要（5行程度以内。別添可）", "検査を行う。"],
        ["実施方法", "直接実施"],
    ]


# ---------------------------------------------------------------------------------------------
# The cases. Each function returns {file name: bytes} for its folder.

Case = Callable[[], dict[str, bytes]]
CASES: dict[str, Case] = {}


def case(fn: Case) -> Case:
    CASES[fn.__name__.replace("_", "-")] = fn
    return fn


def good() -> dict[str, bytes]:
    rows = [overview(9001, name="正常な事業一"), overview(9002, name="正常な事業二", ministry="法務省")]
    return {official_zip_name(BY_ID["1-2"], YEAR): zip_bytes(BY_ID["1-2"], YEAR, rows)}


# --- archives


@case
def zip_truncated() -> dict[str, bytes]:
    data = zip_bytes(BY_ID["1-2"], YEAR, [overview(9101)])
    return {official_zip_name(BY_ID["1-2"], YEAR): data[: len(data) // 2]}


@case
def zip_garbage() -> dict[str, bytes]:
    return {official_zip_name(BY_ID["5-3"], YEAR): b"PK\x03\x04" + bytes(range(256)) * 4}


@case
def zip_corrupt_member() -> dict[str, bytes]:
    """Central directory intact, deflate stream damaged: fails only when inflated."""
    data = bytearray(zip_of([(name("5-3"), csv_text("5-3", [expense(9102)] * 1 + [expense(9102, amount=str(i)) for i in range(50)]))]))
    start = 30 + len(name("5-3").encode("utf-8"))
    for i in range(start + 10, start + 60):
        data[i] ^= 0x5A
    return {official_zip_name(BY_ID["5-3"], YEAR): bytes(data)}


@case
def zip_empty() -> dict[str, bytes]:
    return {official_zip_name(BY_ID["6-1"], YEAR): zip_of([])}


@case
def zip_slip_dotdot() -> dict[str, bytes]:
    """A legitimate member plus one that would land outside any extraction folder."""
    return {official_zip_name(BY_ID["5-3"], YEAR): zip_of([
        ("../../rs2rdf-evil.csv", csv_text("5-3", [expense(9103, payee="悪意")])),
        (name("5-3"), csv_text("5-3", [expense(9103)])),
    ])}


@case
def zip_slip_absolute() -> dict[str, bytes]:
    return {official_zip_name(BY_ID["6-1"], YEAR): zip_of([("/tmp/rs2rdf-evil.csv", csv_text("6-1", [dict(common(9104), remarks="悪意")]))])}


@case
def zip_slip_windows() -> dict[str, bytes]:
    return {official_zip_name(BY_ID["6-1"], 2025): zip_of([
        ("..\\..\\rs2rdf-evil.csv", csv_text("6-1", [dict(common(9105, year=2025), remarks="悪意")])),
        ("C:\\rs2rdf-evil.csv", csv_text("6-1", [dict(common(9105, year=2025), remarks="悪意2")])),
    ])}


@case
def zip_bomb() -> dict[str, bytes]:
    """20 MB of zeros in ~20 KB: refused from the central directory, before inflating."""
    return {official_zip_name(BY_ID["5-1"], YEAR): zip_of([(name("5-1"), b"0" * 20_000_000)], level=9)}


@case
def zip_bomb_lying() -> dict[str, bytes]:
    """The headers claim 100 bytes; the stream inflates to 20 MB. Reading must stop at the claim."""
    raw = b"0" * 20_000_000
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = comp.compress(raw) + comp.flush()
    member = name("5-2").encode("utf-8")
    crc = zlib.crc32(raw)
    dos_time, dos_date = 0, (2025 - 1980) << 9 | 2 << 5 | 17
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, dos_time, dos_date, crc, len(body), 100, len(member), 0) + member
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, 8, dos_time, dos_date, crc, len(body), 100,
                          len(member), 0, 0, 0, 0, 0o600 << 16, 0) + member
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    return {official_zip_name(BY_ID["5-2"], YEAR): local + body + central + end}


@case
def zip_encrypted_member() -> dict[str, bytes]:
    """The 'encrypted' flag set on the member (as a password-protected ZIP has it)."""
    data = bytearray(zip_of([(name("6-1"), csv_text("6-1", [dict(common(9107), remarks="暗号")]))]))
    data[6] |= 1  # local header general-purpose flags
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1
    return {official_zip_name(BY_ID["6-1"], YEAR): bytes(data)}


@case
def zip_member_not_csv() -> dict[str, bytes]:
    return {official_zip_name(BY_ID["6-1"], 2025): zip_of([
        ("readme.txt", "説明".encode("utf-8")),
        (name("6-1", 2025), csv_text("6-1", [dict(common(9106, year=2025), remarks="備考あり")])),
    ])}


# --- encodings


@case
def csv_cp932() -> dict[str, bytes]:
    text = csv_text("1-2", [overview(9110, name="シフトJISの事業")]).decode("utf-8-sig")
    return {name("1-2"): text.encode("cp932")}


@case
def csv_no_bom() -> dict[str, bytes]:
    return {name("1-2"): csv_text("1-2", [overview(9111, name="BOMなしの事業")])[3:]}


@case
def csv_bad_encoding() -> dict[str, bytes]:
    """Neither UTF-8 nor CP932 (0x81 0x20 is an illegal CP932 pair, 0xff illegal UTF-8)."""
    return {name("6-1"): csv_text("6-1", [dict(common(9112), remarks="x")])[3:-2] + b"\x81\x20\xff\r\n"}


@case
def csv_invalid_utf8() -> dict[str, bytes]:
    """UTF-8 with BOM, one encoded lone surrogate (CESU-8 ED A0 80) in line 3: not a CP932 file."""
    data = csv_text("1-2", [overview(9113, name="正しい事業名"), overview(9113, name="正しい事業名", major_expense="壊れた@@値")])
    return {name("1-2"): data.replace(b"@@", b"\xed\xa0\x80")}


# --- headers


@case
def header_garbage() -> dict[str, bytes]:
    return {name("1-2"): with_header("1-2", ["列1", "列2", "列3"], [["a", "b", "c"]])}


@case
def header_missing() -> dict[str, bytes]:
    """The header row was lost: the first data row is read as the header."""
    rows = [official_row("5-3", expense(9114)), official_row("5-3", expense(9114, amount="2000"))]
    return {name("5-3"): with_header("5-3", rows[0], rows[1:])}


@case
def header_unknown_table() -> dict[str, bytes]:
    return {"notes.csv": with_header("", ["name", "value"], [["a", "1"]])}


@case
def column_missing() -> dict[str, bytes]:
    from tools.rs_format import spec_fields

    spec = BY_ID["1-2"]
    headers = spec.headers()
    keep = [i for i, h in enumerate(headers) if h != "事業の目的"]
    row = overview(9115, name="目的列のない事業")
    cells = [row.get(f, "") for f in spec_fields(spec)]
    return {name("1-2"): with_header("1-2", [headers[i] for i in keep], [[cells[i] for i in keep]])}


@case
def column_missing_key() -> dict[str, bytes]:
    from tools.rs_format import spec_fields

    spec = BY_ID["5-3"]
    headers = spec.headers()
    keep = [i for i, h in enumerate(headers) if h != "予算事業ID"]
    cells = [expense(9116).get(f, "") for f in spec_fields(spec)]
    return {name("5-3"): with_header("5-3", [headers[i] for i in keep], [[cells[i] for i in keep]])}


@case
def column_extra() -> dict[str, bytes]:
    spec = BY_ID["5-3"]
    return {name("5-3"): with_header("5-3", spec.headers() + ["追加の列"], [official_row("5-3", expense(9117)) + ["余分"]])}


@case
def column_renamed() -> dict[str, bytes]:
    """A 2025 file in which 事業概要URL became 事業概要ＵＲＬ (full-width)."""
    spec = BY_ID["1-2"]
    headers = ["事業概要ＵＲＬ" if h == "事業概要URL" else h for h in spec.headers()]
    row = overview(9118, year="2025", overview_url="https://example.invalid/9118")
    return {name("1-2", 2025): with_header("1-2", headers, [official_row("1-2", row)])}


@case
def column_duplicated() -> dict[str, bytes]:
    spec = BY_ID["5-3"]
    return {name("5-3"): with_header("5-3", spec.headers() + ["金額"], [official_row("5-3", expense(9119)) + ["999"]])}


# --- rows


@case
def row_wrong_width() -> dict[str, bytes]:
    spec = BY_ID["5-3"]
    good_row = official_row("5-3", expense(9120))
    return {name("5-3"): with_header("5-3", spec.headers(), [good_row[:-3], good_row + ["x", "y"], official_row("5-3", expense(9120, amount="5"))])}


@case
def row_duplicate() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9121), expense(9121)])}


@case
def csv_unterminated_quote() -> dict[str, bytes]:
    """A stray opening quote would swallow every later line into one cell."""
    data = csv_text("6-1", [dict(common(9122), remarks="一行目"), dict(common(9122), remarks="@@"), dict(common(9122), remarks="三行目")])
    return {name("6-1"): data.replace(b"@@", b'"unterminated')}


@case
def key_missing() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9123), dict(expense(9123), budget_id=""), dict(expense(9123), budget_id="abc"),
                                          dict(expense(9123), budget_id="-5"), dict(expense(9123), review_year="")])}


# --- values


@case
def amount_not_numeric() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9130, amount="約100万円"), expense(9130, amount="1e6", use="指数")])}


@case
def amount_grouped() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9131, amount="1,234,000"), expense(9131, amount="１２３４５６７", use="全角")])}


@case
def number_excel_error() -> dict[str, bytes]:
    row = common(9132)
    row.update({"budget_year": "2023", "initial_total": "1000", "current_total": "1000", "executed_total": "0", "execution_rate": "#DIV/0!"})
    return {name("2-1"): csv_text("2-1", [row])}


@case
def year_out_of_range() -> dict[str, bytes]:
    return {name("1-2"): csv_text("1-2", [overview(9133, start_year="3024"), overview(9134, year="1800")])}


@case
def flag_junk() -> dict[str, bytes]:
    return {name("1-2"): csv_text("1-2", [overview(9135, start_unknown="たぶん")])}


@case
def corporate_number_short() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9140, corporate_number="701040102291")])}


@case
def corporate_number_letters() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9141, corporate_number="70104010229AB")])}


@case
def corporate_number_check_digit() -> dict[str, bytes]:
    return {name("5-3"): csv_text("5-3", [expense(9142, corporate_number="1010401022916")])}


def _block(bid: int, letter: str, **extra: str) -> dict[str, str]:
    row = common(bid)
    row.update({"block": letter, "block_name": f"ブロック{letter}", "payee_count": "1", "role": "検査", "block_amount": "100"})
    row.update(extra)
    return row


def _flow(bid: int, src: str | None, dst: str) -> dict[str, str]:
    row = common(bid)
    if src is None:
        row.update({"from_name": "総務省", "from_agency": "TRUE", "to_block": dst, "to_name": f"ブロック{dst}"})
    else:
        row.update({"from_block": src, "from_name": f"ブロック{src}", "from_agency": "FALSE", "to_block": dst, "to_name": f"ブロック{dst}"})
    return row


@case
def flow_cycle() -> dict[str, bytes]:
    return {
        name("5-1"): csv_text("5-1", [_block(9150, "A"), _block(9150, "B")]),
        name("5-2"): csv_text("5-2", [_flow(9150, None, "A"), _flow(9150, "A", "B"), _flow(9150, "B", "A"), _flow(9150, "B", "B")]),
    }


@case
def flow_dangling() -> dict[str, bytes]:
    return {
        name("5-1"): csv_text("5-1", [_block(9151, "A")]),
        name("5-2"): csv_text("5-2", [_flow(9151, None, "A"), _flow(9151, "A", "Z")]),
    }


@case
def ministry_unknown() -> dict[str, bytes]:
    return {name("1-2"): csv_text("1-2", [overview(9152, ministry="架空省")])}


# --- empty and unknown


@case
def csv_empty() -> dict[str, bytes]:
    return {name("1-2"): b""}


@case
def csv_header_only() -> dict[str, bytes]:
    return {name("5-4"): csv_text("5-4", [])}


@case
def folder_no_known_file() -> dict[str, bytes]:
    return {"notes.txt": "RSのファイルではない".encode("utf-8")}


# --- hostile text


@case
def huge_cell() -> dict[str, bytes]:
    """A 1.2-million-character cell (compressed to a few KB in the ZIP)."""
    rows = [dict(common(9160), remarks="あ" * 1_200_000), dict(common(9160), remarks="普通の備考")]
    return {official_zip_name(BY_ID["6-1"], YEAR): zip_bytes(BY_ID["6-1"], YEAR, rows)}


@case
def control_characters() -> dict[str, bytes]:
    return {name("1-2"): csv_text("1-2", [overview(9161, name="制御\x07文字\x1b[31m事業", purpose="NUL\x00を含む\x0b目的")])}


HTML_NAME = "<!--<script>alert('rs2rdf')</script>事業"
HTML_PURPOSE = "\"><img src=x onerror=alert(1)> & &amp; {{ 7*7 }} ${7*7} javascript:alert(1)"


@case
def html_in_text() -> dict[str, bytes]:
    return {name("1-2"): csv_text("1-2", [overview(9162, name=HTML_NAME, purpose=HTML_PURPOSE,
                                                    overview_url="javascript:alert(document.cookie)")])}


UNSAFE_LETTERS = ("../x", "A/B", "..", "%2F", "a b", "<>", "\\", "ｘ")


@case
def iri_unsafe_ids() -> dict[str, bytes]:
    blocks = [_block(9163, letter) for letter in UNSAFE_LETTERS]
    flows = [_flow(9163, None, UNSAFE_LETTERS[0])] + [_flow(9163, a, b) for a, b in zip(UNSAFE_LETTERS, UNSAFE_LETTERS[1:])]
    return {name("5-1"): csv_text("5-1", blocks), name("5-2"): csv_text("5-2", flows)}


@case
def iri_flow_collision() -> dict[str, bytes]:
    """Flows A-B→C and A→B-C: two different edges that must get two different IRIs."""
    blocks = [_block(9164, x) for x in ("A", "B", "C", "A-B", "B-C")]
    return {name("5-1"): csv_text("5-1", blocks), name("5-2"): csv_text("5-2", [_flow(9164, "A-B", "C"), _flow(9164, "A", "B-C")])}


# --- per-project sheets


@case
def sheet_not_a_sheet_pdf() -> dict[str, bytes]:
    return {"not-a-sheet.pdf": text_pdf(["Quarterly newsletter", "Nothing to see here"])}


@case
def sheet_encrypted_pdf() -> dict[str, bytes]:
    return {"encrypted.pdf": encrypted_pdf()}


@case
def sheet_zero_pages_pdf() -> dict[str, bytes]:
    return {"zero-pages.pdf": zero_page_pdf()}


@case
def sheet_image_only_pdf() -> dict[str, bytes]:
    return {"image-only.pdf": image_only_pdf()}


@case
def sheet_truncated_pdf() -> dict[str, bytes]:
    data = text_pdf(["truncated"])
    return {"truncated.pdf": data[: len(data) // 3]}


@case
def sheet_not_a_sheet_xlsx() -> dict[str, bytes]:
    return {"not-a-sheet.xlsx": xlsx([["売上表"], ["月", "金額"], ["4月", 100]])}


@case
def sheet_macro_xlsm() -> dict[str, bytes]:
    return {"macro.xlsm": xlsx([["マクロ付きメモ"], ["Sub AutoOpen()"]], macros=True)}


@case
def sheet_corrupt_xlsx() -> dict[str, bytes]:
    return {"corrupt.xlsx": b"PK\x03\x04 this is not a workbook"}


@case
def sheet_number_with_slash() -> dict[str, bytes]:
    return {"number-slash.xlsx": xlsx(review_sheet_rows("新29/../0012"))}


def _patch_sheet_xml(data: bytes, fn: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its first worksheet's XML passed through ``fn`` (members and order kept)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    return zip_of([(n, fn(d) if n == "xl/worksheets/sheet1.xml" else d) for n, d in members])


@case
def sheet_xlsx_far_cell() -> dict[str, bytes]:
    """A real sheet plus one cell at the last column of the last row: the used range is the whole grid."""
    rows = review_sheet_rows("0051")
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return {"far-cell.xlsx": _patch_sheet_xml(xlsx(rows), lambda d: d.replace(b"</sheetData>", far))}


@case
def sheet_xlsx_merge_bomb() -> dict[str, bytes]:
    """One merge A3:XFD1048576 (17 billion cells) in a 5 KB workbook."""
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'
    return {"merge-bomb.xlsx": _patch_sheet_xml(xlsx(review_sheet_rows("0052")), lambda d: d.replace(b"</sheetData>", merge))}


def drawing_bomb_pdf(operations: int = 2_000_000) -> bytes:
    """One page whose content stream draws ``operations`` lines: ~30 KB compressed, ~28 MB to parse."""
    import zlib

    content = b"0 0 m 1 1 l S\n" * operations
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(zlib.compress(content, 9), b"/Filter /FlateDecode "),
    ])


@case
def sheet_pdf_drawing_bomb() -> dict[str, bytes]:
    return {"drawing-bomb.pdf": drawing_bomb_pdf()}


@case
def year_mismatch() -> dict[str, bytes]:
    """A 2024 file holding two 2025 rows beside its own 2024 row."""
    rows = [overview(9170), overview(9171, year="2025"), overview(9172, year="2025")]
    return {name("1-2"): csv_text("1-2", rows)}


@case
def table_twice_same() -> dict[str, bytes]:
    """The good 1-2 table again, as the CSV extracted from its ZIP: read once."""
    (data,) = good().values()
    member = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    return {name("1-2"): zipfile.ZipFile(io.BytesIO(data)).read(member)}


@case
def table_twice_different() -> dict[str, bytes]:
    """Two CSVs of table 5-3 in one ZIP with different rows: their amounts must not be added up."""
    first = csv_text("5-3", [expense(9001)])
    second = csv_text("5-3", [expense(9001), expense(9002)])
    return {official_zip_name(BY_ID["5-3"], YEAR): zip_of([(name("5-3"), first), (name("5-3").replace(".csv", "_2.csv"), second)])}


def generate(out: Path) -> list[Path]:
    """Write good/ and every case folder under ``out``; returns the files written."""
    written = []
    folders = {"good": good}
    folders.update(CASES)
    for folder, fn in folders.items():
        target = out / folder
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for filename, data in fn().items():
            (target / filename).write_bytes(data)
            written.append(target / filename)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    files = generate(args.out)
    print(f"wrote {len(files)} files in {len(CASES)} cases under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
