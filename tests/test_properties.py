"""Property-based tests of the parsers every hostile cell goes through.

和暦, law citations and 法人番号 have their own property tests (test_eras, test_citations,
test_ids); these cover numbers, text clean-up, IRI minting and the CSV/ZIP reader.
"""

from __future__ import annotations

import csv
import io
import string
import tempfile
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from rs2rdf.sources.rs_csv import parse_table, read_tables
from rs2rdf.sources.rs_records import table_to_records
from rs2rdf.sources.rs_tables import TABLES, official_stem
from rs2rdf.mapping.iris import MAX_SEGMENT, VOCAB_BASE, Iris, content_hash, segment
from rs2rdf.sources.normalize import numbers
from rs2rdf.sources.normalize.text import clean, has_junk, value

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Text that includes lone surrogates and controls (hypothesis' default alphabet has no surrogates).
ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udc80", "\udfff", "\x00", "\x1b", "\u3000", "ｘ"])),
                   max_size=40)
#: What reaches IRI minting: values have been through clean(), which drops surrogates.
KEY_TEXT = ANY_TEXT.filter(lambda t: bool(t) and not any("\ud800" <= c <= "\udfff" for c in t))
DIGITISH = st.text(alphabet="0123456789０１２３４５６７８９,.-+ 　▲△%円百万e", max_size=20)


# ------------------------------------------------------------------ numbers


@FAST
@given(st.one_of(ANY_TEXT, DIGITISH))
def test_parse_yen_never_float_and_only_value_error(raw: str) -> None:
    try:
        result = numbers.parse_yen(raw)
    except ValueError:
        return
    assert result is None or type(result) is int


@FAST
@given(st.integers(min_value=-10**18, max_value=10**18))
def test_parse_yen_round_trips(n: int) -> None:
    assert numbers.parse_yen(str(n)) == n
    assert numbers.parse_yen(f"{n}.0") == n
    assert numbers.parse_yen(f"{n}.00 ") == n
    assert numbers.parse_yen(f"{n:,}") == n
    assert numbers.parse_yen(unicodedata.normalize("NFKC", str(n)).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


@FAST
@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=1, max_value=9))
def test_parse_yen_refuses_fractions(n: int, frac: int) -> None:
    with pytest.raises(ValueError):
        numbers.parse_yen(f"{n}.{frac}")


@FAST
@given(st.one_of(ANY_TEXT, DIGITISH))
def test_other_number_parsers_only_raise_value_error(raw: str) -> None:
    for fn in (numbers.parse_int, numbers.parse_decimal, numbers.parse_million_yen):
        try:
            result = fn(raw)
        except ValueError:
            continue
        assert not isinstance(result, float)


@FAST
@given(st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_parse_million_yen_exact(d: Decimal) -> None:
    text = format(d, "f")
    yen, printed = numbers.parse_million_yen(text)  # type: ignore[misc]
    assert type(yen) is int and yen == d * 1_000_000
    assert printed == d
    if d > 0:
        assert numbers.parse_million_yen("▲" + text) == (-yen, -d)
        grouped = f"{int(d):,}"
        assert numbers.parse_million_yen(grouped) == (int(d) * 1_000_000, Decimal(int(d)))


@FAST
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_parse_million_yen_refuses_sub_yen(n: int, digit: int) -> None:
    with pytest.raises(ValueError):
        numbers.parse_million_yen(f"{n}.000000{digit}")


@pytest.mark.parametrize("printed", ["###", "####", "＃＃＃"])
def test_a_number_printed_as_hashes_says_why(printed: str) -> None:
    """A value too wide for its column prints as ### in the PDF: the problem says so and where to look."""
    with pytest.raises(ValueError, match="wider than its column"):
        numbers.parse_million_yen(printed)


# ------------------------------------------------------------------ text


@FAST
@given(ANY_TEXT)
@example("a\x00b\ud800c\x1b")
@example("\u3000\x07 \u3000")
@example("支出先\u202eABC\u2066x\u2069")
def test_clean_idempotent_and_removes_junk(raw: str) -> None:
    once = clean(raw)
    assert once is None or not any(c in once for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert clean(once) == once
    if once is not None:
        assert not has_junk(once)
        assert once == once.strip(" \t\r\n\u3000")
        once.encode("utf-8")  # no lone surrogates left: always serialisable
    v = value(raw)
    assert v is None or v == once


# ------------------------------------------------------------------ IRIs

SEGMENT_CHARS = set(string.ascii_letters + string.digits + "-._~%")
IRIS = Iris()


@FAST
@given(KEY_TEXT)
@example("..")
@example(".")
@example("../x")
@example("A/B")
@example("%2F")
@example("\x00")
def test_segment_is_a_safe_decodable_segment(text: str) -> None:
    seg = segment(text)
    assert seg and set(seg) <= SEGMENT_CHARS
    assert seg not in (".", "..") and "/" not in seg and "\x00" not in seg
    # decodable back to the NFKC key (so segment is injective on NFKC-normalised keys),
    # except over-long keys, which keep a prefix and a hash of the whole
    key = unicodedata.normalize("NFKC", text)
    if len(seg) < MAX_SEGMENT - 17 and key:
        assert unquote(seg, errors="strict") == key
    assert len(seg.encode("utf-8")) <= MAX_SEGMENT
    ox.NamedNode(IRIS.base + "id/x/" + seg)


def _surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


@pytest.mark.slow
@FAST
@given(KEY_TEXT, KEY_TEXT)
def test_segment_injective_on_normalised_keys(a: str, b: str) -> None:
    a, b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    assume(a != b)
    assert segment(a) != segment(b)


@FAST
@given(KEY_TEXT, KEY_TEXT, st.integers(min_value=1868, max_value=2100))
def test_every_minted_iri_is_a_named_node(a: str, b: str, year: int) -> None:
    for iri in (IRIS.concept("scheme", a), IRIS.org(a), IRIS.unit(a, (a, b)), IRIS.law(a), IRIS.provision(a, [b, a]),
                IRIS.graph(a, b), IRIS.source(a, b), IRIS.dataset(a), IRIS.sheet(year, None, a, b), IRIS.sheet(year, None, None, None)):
        assert ox.NamedNode(iri).value == iri
        assert iri.startswith(VOCAB_BASE if iri == IRIS.concept("scheme", a) else IRIS.base)  # code lists are vocabulary


@pytest.mark.slow
@FAST
@given(st.lists(st.one_of(st.none(), ANY_TEXT.filter(lambda t: not _surrogates(t)), st.integers()), max_size=5))
def test_content_hash_stable(parts: list) -> None:  # type: ignore[type-arg]
    h = content_hash(*parts)
    assert h == content_hash(*parts) and len(h) == 10 and set(h) <= set("0123456789abcdef")
    assert content_hash(*[unicodedata.normalize("NFKC", p) if isinstance(p, str) else p for p in parts]) == h


def test_content_hash_pinned() -> None:
    """The hash is part of published IRIs: it may never change between releases."""
    assert content_hash("一般会計", "一般会計", None) == content_hash("一般会計", "一般会計", "")
    assert content_hash("一般会計", "一般会計", "東日本大震災復興特別会計") == "b0efdf9b7a"
    assert content_hash("a", "b") == content_hash("ａ", "ｂ")


def test_segment_total_on_lone_surrogates() -> None:
    assert set(segment("A\ud800")) <= SEGMENT_CHARS


def test_segment_empty_differs_from_nul() -> None:
    assert segment("") != segment("\x00")


def test_segment_fits_a_file_name() -> None:
    assert len(segment("あ" * 100).encode("utf-8")) <= 255


# ------------------------------------------------------------------ CSV / ZIP reader


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([official_stem(s, 2024) + ".csv" for s in TABLES] + ["x.csv"]))
def test_parse_table_never_raises_on_bytes(data: bytes, name: str) -> None:
    table = parse_table(name, data)
    table_to_records(table)


CELL = st.one_of(st.text(max_size=12), st.sampled_from(["", "-", "TRUE", "2024", "1", "1,000", "A", "#DIV/0!", "アウトカム",
                                                         "1.目標年度", "短期", "\x00", "\"", "\r\n"]))


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(TABLES), st.lists(st.lists(CELL, max_size=40), max_size=6), st.booleans())
def test_well_headed_tables_with_random_rows_never_raise(spec, rows, keyed) -> None:  # type: ignore[no-untyped-def]
    """The official header with junk rows: every parser of rs_records sees hostile cells."""
    header = spec.headers()
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for i, r in enumerate(rows):
        if keyed and len(r) > 3:
            r = r[:1] + ["2024", str(9000 + i)] + r[3:]
        w.writerow(r)
    table = parse_table(official_stem(spec, 2024) + ".csv", buf.getvalue().encode("utf-8-sig"))
    records, headers, problems = table_to_records(table)
    for p in problems:
        assert p.location is not None and p.location.file


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.booleans())
def test_read_tables_never_raises_on_a_damaged_zip(noise: bytes, keep_head: bool) -> None:
    """A real ZIP with a random part overwritten (or random bytes): problems, never exceptions."""
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("5-3_RS_2024_支出先_費目・使途.csv", "\ufeff事業年度,予算事業ID,金額\r\n2024,1,100\r\n" * 3)
    data = bytearray(good.getvalue())
    at = 30 if keep_head else 0
    data[at: at + len(noise)] = noise
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "5-3_RS_2024_支出先_費目・使途.zip"
        path.write_bytes(bytes(data))
        tables, problems = read_tables(path)
        for t in tables:
            table_to_records(t)


def test_segment_encodes_a_trailing_newline() -> None:
    # regression: `$` in the safe-key pattern matched before a final newline
    assert segment("0\n") == "0%0A"


def test_base_iri_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(ValueError):
        Iris("https://example.org/rs/\n")
