"""iri_to_path is injective, stays inside the site, and relative_url finds the file again."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.mapping.iris import Iris, segment
from rs2rdf.site.paths import RESERVED_SUFFIXES, RESERVED_TOP, iri_to_path, page_file, relative_url, twin_file

import pytest

BASE = "https://example.org/rs2rdf/"
raw_segment = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/#"), max_size=12)
iri_paths = st.lists(raw_segment, min_size=1, max_size=5).map(lambda parts: BASE + "/".join(parts))


def _files(iri: str) -> set[str]:
    path = iri_to_path(iri, BASE)
    assert path is not None
    return {page_file(path), twin_file(path, "ttl"), twin_file(path, "jsonld")}


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(iri_paths, min_size=2, max_size=6, unique=True))
def test_distinct_iris_never_share_a_file(iris: list[str]) -> None:
    files = [_files(i) for i in iris]
    for i, a in enumerate(files):
        for b in files[i + 1:]:
            assert not (a & b)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(iri_paths)
def test_paths_stay_inside_the_site_and_avoid_reserved_names(iri: str) -> None:
    path = iri_to_path(iri, BASE)
    assert path is not None and not path.startswith("/")
    parts = path.split("/")
    assert all(p and p not in (".", "..") and not p.startswith(".") for p in parts)
    assert parts[0] not in RESERVED_TOP
    assert not any(p.lower().endswith(RESERVED_SUFFIXES) for p in parts)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(iri_paths, iri_paths)
def test_relative_url_resolves_back_to_the_target(a: str, b: str) -> None:
    src, dst = page_file(iri_to_path(a, BASE) or ""), page_file(iri_to_path(b, BASE) or "")
    href = relative_url(src, dst)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(href)))
    assert resolved == dst


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(iri_paths, iri_paths)
def test_relative_url_equals_posix_relpath(a: str, b: str) -> None:
    """The hand-written common-prefix walk gives what ``posixpath.relpath`` (the old way) gave."""
    from urllib.parse import quote

    src, dst = page_file(iri_to_path(a, BASE) or ""), page_file(iri_to_path(b, BASE) or "")
    rel = posixpath.relpath(dst, posixpath.dirname(src) or ".")
    expected = "/".join(quote(p, safe="") if p not in (".", "..") else p for p in rel.split("/"))
    assert relative_url(src, dst) == expected
    assert relative_url(src, dst, "x y") == expected + "#x%20y"


def test_minted_iris_map_to_the_path_a_static_server_looks_for() -> None:
    iris = Iris(BASE)
    assert iri_to_path(iris.sheet(2024, 884), BASE) == "id/sheet/2024/884"
    assert iri_to_path(iris.org("1000012030001") + "/unit/abc", BASE) == "id/org/1000012030001/unit/abc"
    assert iri_to_path(iris.term("amount"), BASE) == "def/rs"
    # a percent-encoded key is stored decoded, as servers decode request paths
    iri = iris.sheet(2017, None, "2000012020001", "新29-0012")
    assert iri_to_path(iri, BASE) == "id/sheet/2017/2000012020001/新29-0012"
    assert iri_to_path(BASE + "id/x%2Fy", BASE) != iri_to_path(BASE + "id/x/y", BASE)


def test_hash_iris_live_in_their_document_and_foreign_iris_have_no_path() -> None:
    assert iri_to_path(BASE + "id/fy/2023#begin", BASE) == iri_to_path(BASE + "id/fy/2023", BASE)
    assert iri_to_path("http://hojin-info.go.jp/data/1", BASE) is None


def test_reserved_and_suffix_names_are_escaped() -> None:
    assert iri_to_path(BASE + "static", BASE) != "static"
    assert iri_to_path(BASE + "id/a.ttl", BASE) != "id/a.ttl"
    assert not (_files(BASE + "id/a") & _files(BASE + "id/a.ttl"))
    assert segment("a.b") == "a.b" and iri_to_path(BASE + "id/a.b", BASE) == "id/a.b"
