"""The static site, checked structurally: pages, anchors, twins, links, escaping, labels.

Built once per module from the bundled sample and the committed real extract (tests/data/real,
always present) and, when ../shared is there, from the real 31-project cut of RS 2024 (slow).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
from hypothesis import given, settings
from hypothesis import strategies as st
import rdflib
from bs4 import BeautifulSoup

from rs2rdf.pipeline.build import Stage
from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config
from rs2rdf.sources.rs_tables import BY_ID, official_stem
from rs2rdf.core.resources import sample_dir
from tools.rs_format import write_rs_zip
from rs2rdf.site.build import site_stage
from rs2rdf.site.index import GraphIndex, assign_documents
from rs2rdf.site.paths import page_file, twin_file

XSS = "<script>alert(1)</script>"


def _build(inputs: list[Path], out: Path):
    result = build(inputs, Config(out=out), stages=[Stage("site", site_stage)])
    assert result.summary["sheets"], result.problems[:5]
    return result


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory):
    return _build([sample_dir()], tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, real_extract: Path):
    return _build([real_extract], tmp_path_factory.mktemp("real") / "site")


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory: pytest.TempPathFactory, shared_rs2024: Path):
    return _build([shared_rs2024], tmp_path_factory.mktemp("shared") / "site")


@pytest.fixture(params=["sample", pytest.param("real", marks=pytest.mark.slow), pytest.param("shared", marks=pytest.mark.slow)])
def site(request: pytest.FixtureRequest):
    return request.getfixturevalue(f"{request.param}_site")


def _target(site, page: Path, href: str) -> str:
    """Site-relative path a relative href points to."""
    return str((page.parent / unquote(urlsplit(href).path)).resolve().relative_to(site.out.resolve()))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_every_resource_has_a_page_or_anchor_and_twins(site) -> None:
    graph = site.graph
    idx = GraphIndex.build(graph.iter_triples(), graph.iris.base)
    docs = assign_documents(idx, graph.iris.vocab)
    subjects = [s for s in idx.out if s.startswith(graph.iris.base)]
    assert len(subjects) > 100
    ids_cache: dict[str, set[str]] = {}
    twin_subjects: dict[str, set[str]] = {}
    for s in subjects:
        doc, anchor = docs.locate(s)
        path = docs.paths[doc]
        page = site.out / page_file(path)
        assert page.is_file(), s
        if anchor:
            if path not in ids_cache:
                ids_cache[path] = {t["id"] for t in _soup(page).find_all(id=True)}
            assert anchor in ids_cache[path], (s, anchor)
        if path not in twin_subjects:
            g = rdflib.Graph().parse(site.out / twin_file(path, "ttl"), format="turtle")
            twin_subjects[path] = {str(x) for x in g.subjects()}
        assert s in twin_subjects[path], s
    # the JSON-LD twins parse too and hold the same triples as the Turtle ones (checked on a spread)
    for path in sorted(twin_subjects)[::7]:
        ttl = rdflib.Graph().parse(site.out / twin_file(path, "ttl"), format="turtle")
        jsonld = rdflib.Graph().parse(site.out / twin_file(path, "jsonld"), format="json-ld")
        assert len(ttl) == len(jsonld) > 0, path


@pytest.mark.slow
def test_no_broken_internal_links(site) -> None:
    pages = sorted(site.out.rglob("*.html"))
    assert len(pages) > 20
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages:
        soup = _soup(page)
        ids.setdefault(page, {t["id"] for t in soup.find_all(id=True)})
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or urlsplit(ref).scheme or ref.startswith("//"):
                continue
            parts = urlsplit(ref)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append((str(page.relative_to(site.out)), ref))
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {t["id"] for t in _soup(target).find_all(id=True)}
                if unquote(parts.fragment) not in ids[target]:
                    broken.append((str(page.relative_to(site.out)), ref))
    assert not broken, broken[:20]


@pytest.mark.slow
def test_pages_have_twin_links_json_ld_and_language_switch(sample_site) -> None:
    sheet = sorted((sample_site.out / "id" / "sheet" / "2024").glob("*/index.html"))[0].parent
    soup = _soup(sheet / "index.html")
    assert soup.html["lang"] == "ja"
    alternates = {l["type"]: l["href"] for l in soup.find_all("link", rel="alternate")}
    assert set(alternates) == {"text/turtle", "application/ld+json"}
    assert (sheet / "index.html").parent.joinpath(alternates["text/turtle"]).resolve().is_file()
    data = soup.find("script", type="application/ld+json")
    assert '"@type": "Project"' in data.string
    assert soup.find("input", id="lang-en") and soup.find("label", attrs={"for": "lang-en"})
    assert soup.select(".l-ja") and soup.select(".l-en")


@pytest.mark.slow
def test_sheet_page_shows_budget_flow_logic_laws_and_provenance(site) -> None:
    sheets = sorted((site.out / "id" / "sheet").glob("*/*/index.html"))
    seen = {"budget": 0, "flow": 0, "logic": 0, "laws": 0}
    for page in sheets:
        soup = _soup(page)
        assert soup.find("h2", id="prov-h")
        assert all(th.get("scope") for th in soup.select("table.data th"))
        if soup.select("#budget-h ~ .chart-box svg rect.bar-budget"):
            seen["budget"] += 1
        if soup.select("svg.sankey path.sankey-band"):
            seen["flow"] += 1
        if soup.select(".logic .card"):
            seen["logic"] += 1
        if any(_target(site, page, a["href"]).startswith("id/law/") for a in soup.select("#laws-h ~ ul a[href]")):
            seen["laws"] += 1
        labels = [th.get_text(" ", strip=True) for th in soup.select("table.props th")]
        assert labels and not any(l.startswith("rs:") for l in labels), labels
    assert all(seen.values()), seen


def test_flow_listed_twice_is_drawn_once(sample_site) -> None:
    """Sample 90005 lists 経済産業省 → A twice (補助金, and no note): one band carrying the money
    that moves once, and both rows in the table."""
    soup = _soup(sample_site.out / "id" / "sheet" / "2024" / "90005" / "index.html")
    bands = [(p["data-source"], p["data-target"]) for p in soup.select("svg.sankey path.sankey-band")]
    assert bands and len(bands) == len(set(bands)), bands
    labels = {g["data-node"]: g.find("title").get_text() for g in soup.select("svg.sankey g.sankey-node")}
    block_a = next(k for k, t in labels.items() if t.startswith("A "))
    ministry = next(k for k, t in labels.items() if t.startswith("経済産業省"))
    to_a = [p for p in soup.select("svg.sankey path.sankey-band") if (p["data-source"], p["data-target"]) == (ministry, block_a)]
    assert len(to_a) == 1
    block_yen = soup.select_one("#block-A .money")["data-yen"]
    assert to_a[0]["data-amount"] == block_yen
    flows = soup.select_one("#flow-h ~ details")  # the flows table; blocks' 5-3 lines follow in their own
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in flows.select("table tbody tr")]
    to_a_rows = [r for r in rows if r[0] == "経済産業省" and r[1].startswith("A ")]
    assert sorted(r[3] for r in to_a_rows) == ["", "補助金"]
    assert all(a["href"].startswith("index.html#flow/") for a in flows.select("table tbody a"))


@pytest.mark.slow
def test_corporation_page_lists_what_it_received(site) -> None:
    found = 0
    for page in (site.out / "id" / "org").glob("*/index.html"):
        soup = _soup(page)
        rows = soup.select("#recv-h ~ div table tbody tr")
        if rows:
            found += 1
            assert soup.find(string=re.compile("法人番号"))
            assert any(_target(site, page, a["href"]).startswith("id/sheet/") for a in soup.select("#recv-h ~ div table a"))
    assert found


def test_law_page_groups_citing_projects_by_article(site) -> None:
    pages = [p for p in (site.out / "id" / "law").glob("*/index.html")]
    assert pages
    assert any(_target(site, p, a["href"]).startswith("id/sheet/") for p in pages for a in _soup(p).select("#cite-h ~ div table a"))
    assert any(a["href"].startswith("https://laws.e-gov.go.jp/") for p in pages for a in _soup(p).select("a[rel=external]"))


def test_dataset_page_has_licence_attribution_sources_and_downloads(site) -> None:
    soup = _soup(site.out / "about" / "index.html")
    text = soup.get_text()
    assert "公共データ利用規約（第1.0版）" in text and "行政事業レビュー見える化サイトのデータを加工して作成" in text
    assert "政府の公表物ではありません" in text
    assert any(re.fullmatch(r"[0-9a-f]{64}", c.get_text()) for c in soup.select("code.hash"))
    assert {a.get_text() for a in soup.select("a[download]")} >= {"rs2rdf.ttl", "rs2rdf.nq"}
    assert not soup.find("a", href=re.compile("validation/"))  # no report was built


@pytest.mark.slow
def test_logic_model_tables_are_the_3_1_rows(sample_site) -> None:
    """Each indicator card of sample 90002 lists one row per year with the 目標値 and 実績値 of the
    3-1 rows (it listed an empty row for the sheet and each year again for every data-cube observation)."""
    with zipfile.ZipFile(next(sample_dir().glob("3-1_RS_2024_*.zip"))) as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(z.namelist()[0]), encoding="utf-8-sig")))
    kinds = {"アクティビティ": "activity", "アウトプット": "output", "アウトカム": "outcome"}
    expected: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for r in rows:
        if r["予算事業ID"] != "90002" or not r["目標年度／目標値／実績値／達成率"]:
            continue
        what = {"2.目標値": "target", "3.実績値": "actual"}.get(r["目標年度／目標値／実績値／達成率"])
        card = expected.setdefault((kinds[r["種別（アクティビティ・アウトプット・アウトカム）"]], r["アクティビティ・アウトプット・アウトカムの番号"]), {})
        for year in (k for k, v in r.items() if k.isdigit() and v and what):
            card.setdefault(year, {"target": "", "actual": ""})[what] = r[year]
    soup = _soup(sample_site.out / "id" / "sheet" / "2024" / "90002" / "index.html")
    shown = {}
    for card in soup.select(".logic .card"):
        anchor = card.find("a")["href"].split("#", 1)[1]
        key = (anchor.split("/", 1)[0], anchor.rsplit("/", 1)[1])
        shown[key] = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in card.select("table.mini tbody tr")]
    assert {k for k, v in expected.items() if v} <= set(shown)
    for key, years in expected.items():
        assert shown[key] == [[y, v["target"], v["actual"]] for y, v in sorted(years.items())], key


def test_every_field_shown_has_a_label(sample_site) -> None:
    """A property row names its field in words in both languages, never by CURIE or IRI (the dataset,
    source and Data Cube pages showed qb:order, dcat:downloadURL and http://spdx.org/rdf/terms#checksum)."""
    raw = re.compile(r"^(?:[a-z][\w-]*:[A-Za-z]\w*|https?://\S+)$")
    head = re.compile(r'<th scope="row"><span title="[^"]*">(.*?)</th>|<h3>(.*?) <span class="count">')  # property rows, backlink groups
    unlabelled: set[str] = set()
    for page in sample_site.out.rglob("index.html"):
        for row, group in head.findall(page.read_text(encoding="utf-8")):
            words = re.split(r"<[^>]+>", row or group)
            unlabelled.update(w.strip() for w in words if raw.match(w.strip()))
    assert not unlabelled, sorted(unlabelled)
    # the values that are terms of other vocabularies read as words too: the Data Cube's unit, the checksum's algorithm
    for page, term in (("dataset/budget", "http://dbpedia.org/resource/Japanese_yen"),
                       ("source/rs/2024/6-1", "http://spdx.org/rdf/terms#checksumAlgorithm_sha256")):
        shown = [a.get_text(" ", strip=True) for a in _soup(sample_site.out / page / "index.html").find_all("a", href=term)]
        assert shown and not any(t.startswith("http") for t in shown), (page, shown)


def test_an_organisations_identifier_reads_as_its_corporate_number(sample_site) -> None:
    """The IMI identifier node (ic:ID型, no rdfs:label) is named by its ic:識別値, not by its IRI's
    fragment 「corporate-number」."""
    pages = [p for p in (sample_site.out / "id" / "org").glob("*/index.html") if re.fullmatch(r"\d{13}", p.parent.name)]
    named = 0
    for page in pages:
        for a in _soup(page).select('a[href$="#corporate-number"]:not(.anchor)'):
            assert a.get_text() == page.parent.name, (page, a)
            named += 1
    assert named


@pytest.fixture(scope="module")
def workbook_site(tmp_path_factory: pytest.TempPathFactory):
    from tools.make_database_fixture import generate

    books = tmp_path_factory.mktemp("workbooks")
    truth = generate(books / "database-2023.xlsx", 2023, 3, seed=2023)
    return _build([books], tmp_path_factory.mktemp("workbook") / "site"), truth


def test_sheet_page_shows_the_review_section_of_a_workbook_row(workbook_site) -> None:
    """点検・評価 of a 主要事項 workbook row is a section of its sheet page: each checklist item with its
    mark and explanation, the check result and the 単位当たりコスト lines as the generator wrote them
    (they were only in the collapsed raw RDF at the foot of the page)."""
    result, truth = workbook_site
    checked = 0
    for row in truth["projects"]:
        (page,) = (result.out / "id" / "sheet" / "2023").glob(f"*/{row['number']}/index.html")
        soup = _soup(page)
        heading = soup.find(id="review-h")
        assert heading is not None, page
        section = heading.find_parent("section")
        for hidden in section.select(".l-en"):
            hidden.decompose()
        shown = {tuple(td.get_text(strip=True) for td in tr.find_all("td")) for tr in section.select("table.data tbody tr")}
        assert shown == {(c["item"], c["mark"] or "—", c["explanation"] or "—") for c in row["checklist"]}, page
        facts = dict(zip((dt.get_text(strip=True) for dt in section.select("dl.facts dt")),
                         (dd.get_text(strip=True) for dd in section.select("dl.facts dd"))))
        if row["evaluation"]["check_result"]:
            assert facts["点検結果"] == row["evaluation"]["check_result"]
        assert [li.get_text() for li in section.select("ul li")] == [f"{k}: {v}" for k, v in row["unit_cost"]]
        checked += bool(row["checklist"])
        if row["outcomes"]:  # the workbook prints no term: its outcomes are 「アウトカム」, not 「その他」
            columns = [h.select_one(".l-ja").get_text() for h in soup.select(".logic .logic-col > h3")]
            assert "アウトカム" in columns and "その他" not in columns, columns
    assert checked


def test_backlink_groups_are_named_like_the_property_rows(sample_site) -> None:
    """「Links to this resource」 names each group as the property rows name the field (English started
    lower-case: 「project (4)」 under 「Sheet」)."""
    soup = _soup(next((sample_site.out / "id" / "project").glob("*/index.html")))
    groups = [h.select_one(".l-en").get_text() for h in soup.select("section.backlinks h3")]
    assert groups and all(g[:1].isupper() for g in groups), groups


def test_fiscal_year_totals_print_no_exact_figure_when_unknown(sample_site) -> None:
    """FY2025's 執行額 is not known yet: the facts read 「— · うち 6 件未確定」, not 「— — · …」 (a dash for the
    exact yen beside the dash for the amount)."""
    soup = _soup(sample_site.out / "id" / "fy" / "2025" / "index.html")
    cells = soup.select("dl.facts dd")
    assert cells and any(dd.select_one(".unknown") for dd in cells)
    for dd in cells:
        assert "— —" not in dd.get_text(" ", strip=True), dd
        if not dd.select_one(".unknown"):
            assert dd.select_one("small.muted").get_text().endswith("円")


def _shown(svg, hidden: str) -> str:
    """The chart's text as one language's reader sees it (the switch hides ``hidden``)."""
    svg = BeautifulSoup(str(svg), "html.parser")
    for el in svg.select("." + hidden) + svg.find_all(["title", "desc", "style"]):  # drawn text only, no tooltips
        el.decompose()
    return svg.get_text(" ")


@pytest.mark.parametrize("page", ["id/sheet/2024/90005/index.html", "index.html"])
def test_chart_amounts_follow_the_language_switch(sample_site, page: str) -> None:
    """The bar charts' axis and the Sankey's node amounts read 「2億円」 in Japanese and 「¥200.00m」 in
    English, like the tables beside them (the English page showed 億円 and 万円)."""
    soup = _soup(sample_site.out / page)
    charts = soup.select("svg.budget-chart, svg.sankey")
    assert charts
    units = re.compile(r"[\d,.]+(?:兆|億|万)?円")
    for svg in charts:
        en, ja = _shown(svg, "l-ja"), _shown(svg, "l-en")
        assert re.search(r"¥[\d,.]+(?:tn|bn|m|k)?", en) and not units.search(en), en[:300]
        assert units.search(ja) and "¥" not in ja, ja[:300]


def test_vocabulary_page_documents_every_rs_term(sample_site) -> None:
    soup = _soup(sample_site.out / "def" / "rs" / "index.html")
    terms = {c.get_text() for c in soup.select("table.vocab code")}
    assert {"rs:Project", "rs:amount", "rs:ReviewSheet"} <= terms
    assert soup.find(id="amount")


def test_linked_data_files(sample_site) -> None:
    out = sample_site.out
    for name in ("void.ttl", "catalog.ttl"):
        assert len(rdflib.Graph().parse(out / name, format="turtle")) > 10
    assert "Sitemap:" in (out / "robots.txt").read_text()
    assert "<loc>https://example.org/rs2rdf/id/project/" in (out / "sitemap.xml").read_text()
    assert "text/turtle" in (out / ".htaccess").read_text() and "location" in (out / "nginx.conf").read_text()
    index = (out / "search" / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith("window.RS2RDF_SEARCH=") and '"sheet"' in index and '"law"' in index and (out / "search" / "recipients-0.js").is_file()


def _xss_inputs(folder: Path) -> Path:
    """The 2024 sample with project 90001's 事業名 and one payee name replaced by a script tag."""
    folder.mkdir(parents=True)
    for src in sorted(sample_dir().glob("*_RS_2024_*.zip")):
        table = src.name.split("_", 1)[0]
        spec = BY_ID[table]
        with zipfile.ZipFile(src) as zf:
            text = zf.read(f"{official_stem(spec, 2024)}.csv").decode("utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(text, newline="")))
        mapping = spec.header_map()
        records = [{mapping[h]: v for h, v in zip(header, row)} for row in rows]
        name_field = mapping["事業名"]
        payee_field = mapping.get("支出先名")
        for rec in records:
            if rec.get(mapping["予算事業ID"]) == "90001":
                rec[name_field] = XSS
                if payee_field and rec.get(payee_field):
                    rec[payee_field] = XSS
        write_rs_zip(folder / src.name, spec, 2024, records)
    return folder


@pytest.mark.slow
def test_values_from_the_data_are_escaped(tmp_path: Path) -> None:
    result = _build([_xss_inputs(tmp_path / "in")], tmp_path / "site")
    page = result.out / "id" / "sheet" / "2024" / "90001" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert XSS not in html
    soup = BeautifulSoup(html, "html.parser")
    assert XSS in soup.find("h1").get_text()
    assert not any("alert(1)" in (s.string or "") for s in soup.find_all("script") if s.get("type") != "application/ld+json")
    ld = soup.find("script", type="application/ld+json").string
    assert "</script" not in ld
    for other in result.out.rglob("*.html"):
        assert XSS not in other.read_text(encoding="utf-8"), other
    assert XSS not in (result.out / "search" / "search-index.js").read_text(encoding="utf-8")


@pytest.mark.slow
def test_build_is_deterministic(sample_site, tmp_path: Path) -> None:
    again = _build([sample_dir()], tmp_path / "site")
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and "store" not in p.parts and p.name != "build-summary.json"}
    a, b = files(sample_site.out), files(again.out)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


@pytest.mark.slow
def test_validation_report_is_linked_only_when_present(tmp_path: Path) -> None:
    def with_report(graph, staging, config, progress):
        (staging / "validation").mkdir()
        (staging / "validation" / "index.html").write_text("<!DOCTYPE html><title>report</title>", encoding="utf-8")
    result = build([sample_dir()], Config(out=tmp_path / "site"), stages=[Stage("validate", with_report), Stage("site", site_stage)])
    soup = _soup(result.out / "index.html")
    assert soup.find("a", href="validation/index.html")


@pytest.mark.slow
def test_user_templates_override_shipped_ones(tmp_path: Path) -> None:
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "home.html").write_text('{% extends "base.html" %}{% block main %}<p id="custom">{{ page.counts.sheets }}</p>{% endblock %}', encoding="utf-8")
    result = build([sample_dir()], Config(out=tmp_path / "site", templates=custom), stages=[Stage("site", site_stage)])
    assert _soup(result.out / "index.html").find(id="custom")
    shutil.rmtree(result.out)


def _build_with_macro(tmp_path: Path, binding: str, macro: str):
    """The sample built with a user _macros.html: the shipped one with ``binding`` replaced by ``macro``."""
    custom = tmp_path / "tpl"
    custom.mkdir()
    shipped = (Path(__file__).resolve().parents[1] / "templates" / "_macros.html").read_text(encoding="utf-8")
    assert binding in shipped
    (custom / "_macros.html").write_text(shipped.replace(binding, macro), encoding="utf-8")
    return build([sample_dir()], Config(out=tmp_path / "site", templates=custom), stages=[Stage("site", site_stage)])


@pytest.mark.slow
def test_a_custom_macros_file_can_redefine_a_building_block(tmp_path: Path) -> None:
    """The shipped _macros.html binds the Python fragments by name; a user's file may define macros instead."""
    result = _build_with_macro(tmp_path, "{% set tt = html_tt %}",
                               '{% macro tt(ja, en) %}<b class="custom-tt">{{ ja }}</b>{% endmacro %}')
    soup = _soup(result.out / "index.html")
    assert soup.find("b", class_="custom-tt"), "the user's macro is used"
    shutil.rmtree(result.out)


def test_property_rows_behave_as_the_rows_they_stand_for(sample_site) -> None:
    """view.PropertyRows is a lazy stand-in for values_of's list: truth, length, items and markup agree."""
    from rs2rdf.site import html
    from rs2rdf.site.view import PropertyRows, Site, values_of

    graph = sample_site.graph
    idx = GraphIndex.build(graph.iter_triples(), graph.iris.base)
    site = Site(idx, assign_documents(idx, graph.iris.vocab), graph.iris.vocab, "t", False)
    here = "id/sheet/2024/90001/index.html"
    checked = 0
    for subject in sorted(idx.out)[::25]:
        predicates = frozenset(p for p, _ in idx.pairs(subject))
        for skip in (frozenset(), frozenset({"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}), predicates):
            lazy = PropertyRows(site, here, subject, skip)
            rows = values_of(site, here, idx.props(subject), skip)
            assert bool(lazy) == bool(rows) and len(lazy) == len(rows)
            assert html.props(lazy) == html.props(rows)  # rows_html against the dicts
            assert list(lazy) == rows and (not rows or lazy[-1] == rows[-1])
            checked += 1
    assert checked > 100


@pytest.mark.slow
def test_property_rows_read_as_data_give_the_same_pages(sample_site, tmp_path: Path) -> None:
    """Property tables are written straight from the index (view.PropertyRows.rows_html); a
    template that reads the rows as data (here: a props macro over ``rows|list``, which takes
    html.props' dict path) must get exactly the same pages."""
    result = _build_with_macro(tmp_path, "{% set props = html_props %}",
                               "{% macro props(rows) %}{% set listed = rows|list %}{{ html_props(listed) }}{% endmacro %}")
    pages = sorted(p.relative_to(sample_site.out) for p in (sample_site.out / "id").rglob("index.html"))
    assert len(pages) > 100
    differ = [str(p) for p in pages if (sample_site.out / p).read_bytes() != (result.out / p).read_bytes()]
    assert differ == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fragment_escape_equals_markupsafe(text: str) -> None:
    """The fast escape of rs2rdf.site.html writes exactly what jinja2's autoescape would."""
    import markupsafe

    from rs2rdf.site.html import escape

    assert escape(text) == str(markupsafe.escape(text))
    assert escape(markupsafe.Markup("<b>")) == "<b>"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "store" not in p.relative_to(root).parts}


@pytest.mark.slow
def test_pages_read_back_from_the_dump_on_forked_workers_are_the_held_pages(sample_site, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Large dumps have the index read subjects' pairs back on demand, through one descriptor shared
    by the forked render workers; not one byte of the site may change."""
    import rs2rdf.site.build as site_build
    import rs2rdf.site.index as site_index

    monkeypatch.setattr(site_index, "HELD_BYTES", 0)
    monkeypatch.setattr(site_build, "PARALLEL_MIN_PAGES", 1)
    again = _build([sample_dir()], tmp_path / "site")
    expected, actual = _files(sample_site.out), _files(again.out)
    assert sorted(expected) == sorted(actual)
    assert [name for name in expected if expected[name] != actual[name]] == []


@pytest.mark.slow
def test_a_block_of_thousands_of_payees_is_paginated(tmp_path: Path) -> None:
    """The sheet page shows a block's largest payees and links to list pages holding every one, each once."""
    import importlib.util
    import re as _re

    from rs2rdf.pipeline.build import build as run_build
    from rs2rdf.core.config import Config
    from rs2rdf.site.build import site_stage

    spec = importlib.util.spec_from_file_location("bad_inputs_make", ROOT / "tests" / "bad_inputs" / "make.py")
    assert spec and spec.loader
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    n = 2_500
    rows = [make._block(9301, "A", payee_count=str(n), block_amount=str(sum(range(1, n + 1)) * 1000))]
    for i in range(1, n + 1):
        row = make.common(9301)
        row.update({"block": "A", "payee": f"支出先{i:05}", "payee_amount": str(i * 1000), "corporate_number": ""})
        rows.append(row)
    src = tmp_path / "in"
    src.mkdir()
    (src / make.name("5-1")).write_bytes(make.csv_text("5-1", rows))
    (src / make.name("1-2")).write_bytes(make.csv_text("1-2", [make.overview(9301)]))
    out = tmp_path / "site"
    run_build([src], Config(out=out), stages=[Stage("site", site_stage)])
    sheet = out / "id" / "sheet" / "2024" / "9301" / "index.html"
    html = sheet.read_text(encoding="utf-8")
    assert "支出先02500" in html and "支出先02401" in html and "支出先02400" not in html.split('id="block/A"')[0]
    assert 'href="payments-A/1.html"' in html
    pages = sorted((sheet.parent / "payments-A").glob("*.html"), key=lambda p: int(p.stem))
    assert [p.stem for p in pages] == ["1", "2", "3"]
    seen: list[str] = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        seen += _re.findall(r"支出先(\d{5})", text)
        assert "../index.html" in text  # back to the sheet
    assert sorted(seen) == [f"{i:05}" for i in range(1, n + 1)]
    assert seen[:3] == ["02500", "02499", "02498"]  # largest first
    # the block's own property list is capped too, with the count of the rest
    assert "ほか 2,400 件" in html
    assert sheet.stat().st_size < 1_000_000
