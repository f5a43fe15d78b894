"""An organ published under a name-keyed IRI keeps it resolvable once its 法人番号 is on file.

The scenario is built, not assumed: the sample is built with a ministry table in which 法務省
has no number (so its sheets point at ``id/org/name-…``), then with the table as committed, in
which it has one, and the retired-key table that tools/retire_ministry_keys.py derives from the
first table. The old IRI must then be ``owl:sameAs`` and ``dcterms:isReplacedBy`` the new one,
its page must send browsers on, and ``rs2rdf serve`` and the generated Apache/nginx rules must
answer 301 for it, its page and its twins. The committed retired table must cover the table's
git history (every key that was ever published and has since gained a number).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf
from rs2rdf.sources.normalize import ministries as ministries_module
from rs2rdf.sources.normalize.ministries import DEFAULT_PATH, MinistryTable, name_key, retired_keys
from tests.test_serve_lod import _serve, get
from tools.retire_ministry_keys import ROOT, history, read_retired, render

BASE = "https://example.org/rs2rdf/"
MOJ = "1000012030001"  # 法務省, which the sample's sheets name
OLD = BASE + "id/org/" + name_key("法務省")
NEW = BASE + "id/org/" + MOJ
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _without_number(text: str, number: str) -> str:
    """The table with ``number`` blanked: the organ as the table knew it before its number was found."""
    lines = text.splitlines(keepends=True)
    out = [lines[0]] + [line[len(number):] if line.startswith(number + ",") else line for line in lines[1:]]
    assert out != lines
    return "".join(out)


def _use_table(monkeypatch: pytest.MonkeyPatch, folder: Path, table: str, retired: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ministries.csv").write_text(table, encoding="utf-8")
    monkeypatch.setattr(ministries_module, "DEFAULT_PATH", folder / "ministries.csv")
    monkeypatch.setattr(ministries_module, "RETIRED_PATH", folder / "ministries_retired.csv")
    if retired is not None:
        (folder / "ministries_retired.csv").write_text(retired, encoding="utf-8")


def _objects(site: Path, s: str, p: str) -> set[str]:
    store = ox.Store()
    store.bulk_load(path=str(site / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(site built while 法務省 had no number, site built after it gained one)."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("retired")
    committed = DEFAULT_PATH.read_text(encoding="utf-8")
    earlier = _without_number(committed, MOJ)
    try:
        _use_table(mp, root / "earlier", earlier, "former_key,corporate_number,name_ja\n")
        before = root / "before"
        assert rs2rdf.build(rs2rdf.sample_dir(), out=before, validate=False).exit_code == 0
        # what tools/retire_ministry_keys.py writes for this history
        current = MinistryTable(MinistryTable.load(DEFAULT_PATH, retired=root / "none.csv").all())
        retired = render(retired_keys([_rows(earlier)], current))
        _use_table(mp, root / "later", committed, retired)
        after = root / "after"
        assert rs2rdf.build(rs2rdf.sample_dir(), out=after, validate=False).exit_code == 0
        yield before, after
    finally:
        mp.undo()


@pytest.mark.slow
def test_the_old_build_published_the_name_keyed_iri(builds: tuple[Path, Path]) -> None:
    before, _ = builds
    assert (before / "id" / "org" / OLD.rsplit("/", 1)[1] / "index.html").is_file()
    assert not (before / "id" / "org" / MOJ).exists()


@pytest.mark.slow
def test_the_old_iri_is_the_same_as_and_replaced_by_the_new(builds: tuple[Path, Path]) -> None:
    _, after = builds
    assert _objects(after, OLD, SAME_AS) == {NEW}
    assert _objects(after, OLD, REPLACED_BY) == {NEW}
    assert _objects(after, OLD, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == set()
    assert _objects(after, NEW, "http://purl.org/dc/terms/replaces") == {OLD}


@pytest.mark.slow
def test_the_old_page_sends_the_browser_to_the_new_one(builds: tuple[Path, Path]) -> None:
    _, after = builds
    old = OLD.rsplit("/", 1)[1]
    page = (after / "id" / "org" / old / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)
    assert refresh and refresh.group(1) == f"../{MOJ}/index.html"
    assert f'<link rel="canonical" href="../{MOJ}/index.html">' in page
    assert (after / "data" / "redirects.tsv").read_text(encoding="utf-8").splitlines().count(f"id/org/{old}\tid/org/{MOJ}") == 1
    htaccess = (after / ".htaccess").read_text(encoding="utf-8")
    assert f"RewriteRule ^id/org/{old}(/|\\.ttl|\\.jsonld|\\.nt|\\.rdf)?$ id/org/{MOJ}$1 [R=301,L]" in htaccess
    nginx = (after / "nginx.conf").read_text(encoding="utf-8")
    assert f"return 301 /rs2rdf/id/org/{MOJ}$1;" in nginx
    assert nginx.index(f"id/org/{old}") < nginx.index('location ~ "^/rs2rdf/(?:id|')  # the first regex location wins


@pytest.mark.slow
def test_serve_answers_301_for_the_old_iri_page_and_twins(builds: tuple[Path, Path]) -> None:
    _, after = builds
    old = OLD.rsplit("/", 1)[1]
    for url in _serve(after):
        for tail in ("", "/", ".ttl", ".jsonld"):
            status, headers, _ = get(f"{url}/id/org/{old}{tail}", "text/turtle")
            assert (status, headers["Location"]) == (301, f"/id/org/{MOJ}{tail}"), tail
        # the new IRI answers as any organisation does
        status, headers, _ = get(f"{url}/id/org/{MOJ}", "text/turtle")
        assert (status, headers["Location"]) == (303, f"/id/org/{MOJ}.ttl")
        status, _, body = get(f"{url}/id/org/{MOJ}.ttl")
        assert status == 200 and any(t.object.value == OLD for t in ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=NEW))


def test_retired_keys_need_their_organ_in_the_table(tmp_path: Path) -> None:
    (tmp_path / "ministries.csv").write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ministries_retired.csv").write_text("former_key,corporate_number,name_ja\nname-0000000000,9999999999999,x\n",
                                                     encoding="utf-8")
    with pytest.raises(ValueError, match="9999999999999"):
        MinistryTable.load(tmp_path / "ministries.csv")


def test_a_still_blank_organ_is_not_retired() -> None:
    committed = DEFAULT_PATH.read_text(encoding="utf-8")
    current = MinistryTable.load(DEFAULT_PATH)
    found = retired_keys([_rows(committed)], current)
    assert found == {}  # nothing in the committed table gained a number against itself
    earlier = _without_number(committed, MOJ)
    assert retired_keys([_rows(earlier)], current) == {name_key("法務省"): (MOJ, "法務省")}


def test_the_committed_retired_table_covers_the_tables_history() -> None:
    """Every organ that an earlier commit of rs2rdf/data/ministries.csv listed without a number and
    that has one now is in ministries_retired.csv (run tools/retire_ministry_keys.py after editing)."""
    if shutil.which("git") is None or subprocess.run(["git", "rev-parse", "--git-dir"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("not a git checkout: the table's history is not at hand")
    past = history()
    if not past:
        pytest.skip("git has no history of rs2rdf/data/ministries.csv here (a shallow clone)")
    wanted = retired_keys(past, MinistryTable.load())
    missing = sorted(set(wanted) - set(read_retired()))
    assert not missing, f"run python tools/retire_ministry_keys.py: missing {missing}"
