"""Law-article pages: citations point at the provision they name, and the site lists them by it.

* The graph: each ``rs:LawCitation`` that names an article (paragraph, item) points with
  ``rs:provision`` at the most specific provision, and every provision is linked into its chain
  (item → paragraph → article → law) and carries its article (and paragraph/item) numbers.
* The site: a law page groups its citations by article, then paragraph, then item, with
  headings 「第4条」 linking to the provision pages; 「条の指定なし」 holds only citations that
  name no article; each provision page lists the projects citing it or one of its parts.
* Reading the 条・項・号 columns (or the title) in kanji, full-width and mixed forms.

Checked on the committed real extract (tests/data/real, always present) and, when ../shared is
there, on the 31-project cut of RS 2024, whose 特別会計に関する法律 citations are the ones the
law page used to file under 「条の指定なし」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin

import pyoxigraph as ox
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.core.config import Config
from rs2rdf.core.location import SourceLocation
from rs2rdf.core.records import LawRef, SheetKey
from rs2rdf.mapping.iris import Iris
from rs2rdf.mapping.law_rdf import provisions_of
from rs2rdf.pipeline.build import Stage, build
from rs2rdf.site.build import site_stage
from rs2rdf.site.law_pages import number_key
from rs2rdf.sources.normalize.citations import Provision

BASE = "https://example.org/rs2rdf/"
RS = Iris(BASE).vocab  # the rs: namespace (one for every base)
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RS = Iris(BASE).vocab  # the rs: namespace, wherever the vocabulary lives
ELI = "http://data.europa.eu/eli/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

DIGITAL = "503AC0000000036"  # デジタル庁設置法: project 4 cites 第四条 2項 第17号 and 第18号
NEDO = "414AC0000000145"  # 国立研究開発法人新エネルギー・産業技術総合開発機構法: 第十五条 1項 第2号、第3号及び第9号
TOURISM = "418AC1000000117"  # 観光立国推進基本法: 第十七条, no 項
TOKKAI = "419AC0000000023"  # 特別会計に関する法律: 第八十五条 6項 (three projects), 3項 第１号ヘ (one)
TOKKAI_REI = "419CO0000000124"  # 特別会計に関する法律施行令: 第五十一条 (four projects), 第五十条 (one)


# ---------------------------------------------------------------- builds


def _site(inputs: Path, out: Path) -> Path:
    result = build([inputs], Config(out=out), stages=[Stage("site", site_stage)])
    assert result.summary["sheets"], result.problems[:5]
    return out


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, real_extract: Path) -> Path:
    return _site(real_extract, tmp_path_factory.mktemp("law-real") / "site")


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory: pytest.TempPathFactory, shared_rs2024: Path) -> Path:
    return _site(shared_rs2024, tmp_path_factory.mktemp("law-shared") / "site")


def _store(folder: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(folder / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def _objects(store: ox.Store, s: str, p: str) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)
                  if isinstance(q.object, (ox.NamedNode, ox.Literal)))


def _subjects(store: ox.Store, p: str, o: str) -> list[str]:
    return sorted(q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(p), ox.NamedNode(o))
                  if isinstance(q.subject, ox.NamedNode))


def _law(law_id: str, *parts: str) -> str:
    return BASE + "id/law/" + law_id + "".join("/" + p for p in parts)


# ---------------------------------------------------------------- the graph


def _check_chains(store: ox.Store) -> tuple[int, int]:
    """Every citation with a law and a parsed article points at its provision, whose chain is
    complete; returns (citations with a parsed article and a law, of them pointing at a provision)."""
    named = pointing = 0
    for cit in _subjects(store, RDF_TYPE, RS + "LawCitation"):
        laws = _objects(store, cit, RS + "law")
        refs = _objects(store, cit, RS + "citedProvision")
        expected = {p for ref in refs for p in _objects(store, ref, RS + "provision")}
        if laws and any(_objects(store, ref, RS + "article") for ref in refs):
            named += 1
            targets = set(_objects(store, cit, RS + "provision"))
            pointing += bool(targets)
            assert targets == expected, cit  # the most specific provision of each reference
            for target in targets:
                _check_chain(store, target, laws[0])
    return named, pointing


def _check_chain(store: ox.Store, provision: str, law: str) -> None:
    parts = provision[len(law) + 1:].split("/")
    assert provision.startswith(law + "/") and 1 <= len(parts) <= 3, provision
    node = provision
    for depth in range(len(parts), 0, -1):
        assert ELI + "LegalResourceSubdivision" in _objects(store, node, RDF_TYPE), node
        numbers = dict(zip(("article", "paragraph", "item"), (unquote(p) for p in parts[:depth])))
        for name in ("article", "paragraph", "item"):
            assert _objects(store, node, RS + name) == ([numbers[name]] if name in numbers else []), (node, name)
        parent = law if depth == 1 else law + "/" + "/".join(parts[: depth - 1])
        assert _objects(store, node, ELI + "is_part_of") == [parent], node
        assert node in _objects(store, parent, ELI + "has_part"), node
        node = parent


def test_citations_point_at_the_provision_they_name_on_the_real_extract(real_build: Path) -> None:
    store = _store(real_build)
    citing_4_2_17 = _subjects(store, RS + "provision", _law(DIGITAL, "4", "2", "17"))
    assert any(BASE + "id/sheet/2024/4/law-citation/" in c for c in citing_4_2_17), citing_4_2_17
    assert _objects(store, _law(DIGITAL, "4", "2", "17"), RS + "article") == ["4"]
    assert _objects(store, _law(DIGITAL, "4", "2"), RS + "article") == ["4"]
    assert _subjects(store, RS + "provision", _law(TOURISM, "17"))  # an article without 項
    named, pointing = _check_chains(store)
    assert named == pointing >= 6


@pytest.mark.slow
def test_citations_point_at_the_provision_they_name_on_the_shared_subset(shared_build: Path) -> None:
    store = _store(shared_build)
    named, pointing = _check_chains(store)
    assert named == pointing == 60
    tokkai = [c for c in _subjects(store, RS + "law", _law(TOKKAI)) if RS + "LawCitation" in _objects(store, c, RDF_TYPE)]
    assert len(tokkai) == 4
    for cit in tokkai:
        (target,) = _objects(store, cit, RS + "provision")
        assert target.startswith(_law(TOKKAI, "85") + "/"), target


# ---------------------------------------------------------------- the pages


@dataclass
class Heading:
    level: int
    text: str
    href: str | None  # the linked page, as a path under the site folder
    rows: list[list[str]]  # the table right under the heading, cell texts


def _page(site: Path, *parts: str) -> Path:
    return site.joinpath("id", "law", *parts, "index.html")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _target(site: Path, page: Path, href: str) -> str:
    """Site-relative path of a link on ``page`` (``id/law/…/index.html``)."""
    rel = page.relative_to(site).as_posix()
    return unquote(urljoin("/" + rel, href.split("#")[0]))[1:]


def _ja(tag: Tag) -> str:
    """The Japanese text of a tag (bilingual labels carry both languages)."""
    for en in tag.select(".l-en"):
        en.decompose()
    return re.sub(r"\s+", " ", tag.get_text(" ", strip=True))


def _headings(site: Path, page: Path) -> list[Heading]:
    section = _soup(page).find("section", attrs={"aria-labelledby": "cite-h"})
    assert isinstance(section, Tag), page
    out: list[Heading] = []
    for el in section.find_all(["h3", "h4", "h5", "table"]):
        if el.name == "table":
            assert out, "a table before any heading"
            out[-1].rows = [[_ja(td) for td in tr.find_all("td")] for tr in el.select("tbody tr")]
            continue
        a = el.find("a")
        small = el.find("small")
        if small:
            small.decompose()
        out.append(Heading(int(el.name[1]) - 2, _ja(el), _target(site, page, str(a["href"])) if a else None, []))
    return out


def _cite_count(page: Path) -> int:
    h2 = _soup(page).find(id="cite-h")
    assert h2 is not None
    m = re.search(r"\((\d+)\)\s*$", h2.get_text(strip=True))
    assert m, h2
    return int(m.group(1))


def _sheet_links(site: Path, page: Path) -> set[str]:
    section = _soup(page).find("section", attrs={"aria-labelledby": "cite-h"})
    assert isinstance(section, Tag)
    return {t for a in section.select("table a") if (t := _target(site, page, str(a["href"]))).startswith("id/sheet/")}


def test_law_page_groups_citations_by_article_paragraph_and_item(real_site: Path) -> None:
    page = _page(real_site, DIGITAL)
    heads = _headings(real_site, page)
    assert [(h.level, h.text, h.href) for h in heads] == [
        (1, "第4条", f"id/law/{DIGITAL}/4/index.html"),
        (2, "第4条第2項", f"id/law/{DIGITAL}/4/2/index.html"),
        (3, "第4条第2項第17号", f"id/law/{DIGITAL}/4/2/17/index.html"),
        (3, "第4条第2項第18号", f"id/law/{DIGITAL}/4/2/18/index.html"),
    ]
    for h in heads[2:]:
        assert len(h.rows) == 1
        year, ministry, project, sheet, printed = h.rows[0]
        assert (year, ministry) == ("令和6年度", "デジタル庁")
        assert project and sheet and printed.startswith("デジタル庁設置法第4条第2項")
    assert _cite_count(page) == 2

    heads = _headings(real_site, _page(real_site, NEDO))
    assert [h.text for h in heads] == ["第15条", "第15条第1項", "第15条第1項第2号", "第15条第1項第3号", "第15条第1項第9号"]
    assert "条の指定なし" not in [h.text for h in heads]

    heads = _headings(real_site, _page(real_site, TOURISM))
    assert [(h.text, len(h.rows)) for h in heads] == [("第17条", 1)]


def test_provision_pages_list_the_projects_citing_them_or_their_parts(real_site: Path) -> None:
    for parts, count in ((("4",), 2), (("4", "2"), 2), (("4", "2", "17"), 1), (("4", "2", "18"), 1)):
        page = _page(real_site, DIGITAL, *parts)
        assert _cite_count(page) == count, parts
        assert _sheet_links(real_site, page) == {"id/sheet/2024/4/index.html"}, parts
        heads = _headings(real_site, page)
        assert heads[0].href == f"id/law/{DIGITAL}/{'/'.join(parts)}/index.html"  # the page's own provision first
        rows = [r for h in heads for r in h.rows]
        assert len(rows) == count and all(r[0] == "令和6年度" and r[1] == "デジタル庁" and r[2] for r in rows)
        # up the chain to the law, down to the parts
        soup = _soup(page)
        crumbs = soup.select_one("nav.crumbs")
        assert crumbs is not None
        ups = [_target(real_site, page, str(a["href"])) for a in crumbs.find_all("a")]
        assert ups == [f"id/law/{DIGITAL}/index.html"] + [f"id/law/{DIGITAL}/{'/'.join(parts[:i])}/index.html" for i in range(1, len(parts))]
        downs = {_target(real_site, page, str(a["href"])) for a in soup.select("#parts-h ~ ul a")}
        expected = {"4": {"4/2"}, "4/2": {"4/2/17", "4/2/18"}}.get("/".join(parts), set())
        assert downs == {f"id/law/{DIGITAL}/{d}/index.html" for d in expected}
    page = _page(real_site, TOURISM, "17")
    assert _cite_count(page) == 1 and _sheet_links(real_site, page) == {"id/sheet/2024/6201/index.html"}


@pytest.mark.slow
def test_special_accounts_law_is_listed_by_article_on_the_shared_subset(shared_site: Path) -> None:
    page = _page(shared_site, TOKKAI)
    heads = _headings(shared_site, page)
    assert [(h.level, h.text) for h in heads if h.level == 1] == [(1, "第85条")]
    assert heads[0].href == f"id/law/{TOKKAI}/85/index.html"
    assert "条の指定なし" not in [h.text for h in heads]
    assert sum(len(h.rows) for h in heads) == 4 == _cite_count(page)
    article = _page(shared_site, TOKKAI, "85")
    assert _cite_count(article) == 4 and len(_sheet_links(shared_site, article)) == 4
    assert _cite_count(_page(shared_site, TOKKAI, "85", "6")) == 3

    page = _page(shared_site, TOKKAI_REI)
    assert [h.text for h in _headings(shared_site, page) if h.level == 1] == ["第50条", "第51条"]
    assert len(_sheet_links(shared_site, _page(shared_site, TOKKAI_REI, "51"))) == 4
    assert len(_sheet_links(shared_site, _page(shared_site, TOKKAI_REI, "50"))) == 1

    # articles in the law's order (第15条 < 第15条の2 < 第15条の3 < 第16条), not the IRIs' string order
    heads = _headings(shared_site, _page(shared_site, "322AC0000000054"))
    assert [h.text for h in heads] == ["第1条", "第9条", "第10条", "第11条", "第13条", "第14条", "第15条", "第15条の2",
                                       "第15条の3", "第16条", "第17条", "第17条の2", "第18条"]

    # 「条の指定なし」 only where the sheet names no article (沖縄振興特別措置法: project 185 names none)
    heads = _headings(shared_site, _page(shared_site, "414AC0000000014"))
    assert [(h.text, len(h.rows)) for h in heads] == [("第105条", 1), ("条の指定なし", 1)]


# ---------------------------------------------------------------- reading the columns


def _ref(title: str = "", article: str | None = None, paragraph: str | None = None, item: str | None = None) -> LawRef:
    return LawRef(sheet=SheetKey(2024, 1), src=SourceLocation("t.csv", "1-3", 2), number="1", title=title,
                  article=article, paragraph=paragraph, item=item)


@pytest.mark.parametrize(("title", "article", "paragraph", "item", "expected"), [
    ("特別会計に関する法律", "第五十一条", None, None, [("51", None, None)]),
    ("特別会計に関する法律", "第51条", None, None, [("51", None, None)]),
    ("特別会計に関する法律", "第５１条", None, None, [("51", None, None)]),
    ("特別会計に関する法律", "第八十五条第一項", None, None, [("85", "1", None)]),
    ("特別会計に関する法律", "第八十五条", "6", None, [("85", "6", None)]),
    ("特別会計に関する法律", "第八十五条", "３", "第１号ヘ", [("85", "3", "1ヘ")]),
    ("特別会計に関する法律施行令", "第五十一条", "7", "第１号ロ、ハ", [("51", "7", "1ロ"), ("51", "7", "1ハ")]),
    ("特別会計に関する法律施行令", "第五十一条", "7", "18号", [("51", "7", "18")]),
    ("特別会計に関する法律施行令", "第五十一条", "1", "14", [("51", "1", "14")]),
    # a bare number in the 条 column: the 項 and 号 columns are still read
    ("特別会計に関する法律", "51", "第２項", None, [("51", "2", None)]),
    ("特別会計に関する法律", "51", None, "第１号ロ、ハ", [("51", None, "1ロ"), ("51", None, "1ハ")]),
    ("特別会計に関する法律", "85", "二", "第三号", [("85", "2", "3")]),
    ("特別会計に関する法律", "51", "2", "14", [("51", "2", "14")]),
    ("科学技術・イノベーション創出の活性化に関する法律", "第二十七条の二", "1", None, [("27-2", "1", None)]),
    ("科学技術・イノベーション創出の活性化に関する法律", "第27条の２", "1項", None, [("27-2", "1", None)]),
    # the provision printed in the title when the columns are empty
    ("特別会計に関する法律第51条", None, None, None, [("51", None, None)]),
    ("特別会計に関する法律第八十五条第一項", "", "", "", [("85", "1", None)]),
    ("株式会社日本政策金融公庫法（平成19年法律第57号）第４条第１項及び第11条第１項第３号", None, None, None,
     [("4", "1", None), ("11", "1", "3")]),
    # already normalised (free-text 根拠法令 cells of older sheets)
    ("国家公務員法", "70-6", "1", "2", [("70-6", "1", "2")]),
    ("地方自治法", "sp-2", None, None, [("sp-2", None, None)]),
])
def test_provisions_of_a_citation(title: str, article: str | None, paragraph: str | None, item: str | None,
                                  expected: list[tuple[str | None, str | None, str | None]]) -> None:
    assert provisions_of(_ref(title, article, paragraph, item)) == [Provision(*e) for e in expected]


def _kanji(n: int) -> str:
    digits = "〇一二三四五六七八九"
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else digits[q]) + unit
    return out + (digits[n] if n else "")


def _write(n: int, form: str) -> str:
    if form == "kanji":
        return _kanji(n)
    if form == "full":
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return str(n)


forms = st.sampled_from(["arabic", "full", "kanji"])


@settings(max_examples=300, deadline=None)
@given(article=st.integers(1, 999), branch=st.one_of(st.none(), st.integers(2, 9)),
       paragraph=st.one_of(st.none(), st.integers(1, 30)), item=st.one_of(st.none(), st.integers(1, 40)),
       sub=st.sampled_from(["", "イ", "ロ", "ヘ"]), f1=forms, f2=forms, f3=forms, f4=forms,
       units=st.booleans(), layout=st.sampled_from(["columns", "article-column", "title"]))
def test_provisions_read_in_any_numeral_form(article: int, branch: int | None, paragraph: int | None, item: int | None,
                                             sub: str, f1: str, f2: str, f3: str, f4: str, units: bool, layout: str) -> None:
    """条・項・号 in arabic, full-width or kanji numerals, mixed, with or without 第/条/項/号 (bare
    numbers in all three columns), in their own columns, all in the 条 column, or printed after
    the title."""
    art = "第" + _write(article, f1) + "条" + (f"の{_write(branch, f2)}" if branch else "")
    if not units and layout == "columns":  # a bare number in the 条 column (51, ５１, 五十一, 51の2)
        art = _write(article, f1) + (f"の{_write(branch, f2)}" if branch else "")
    par = _write(paragraph, f3) if paragraph else None
    itm = _write(item, f4) + sub if item else None
    if units or layout != "columns":
        par = f"第{par}項" if par else None
        itm = f"第{itm}号" if itm else None
        if item and sub:
            itm = "第" + _write(item, f4) + "号" + sub  # 第1号イ: the sub-item follows the unit
    if layout == "columns":
        ref = _ref("特別会計に関する法律", art, par, itm)
    elif layout == "article-column":
        ref = _ref("特別会計に関する法律", art + (par or "") + (itm or ""))
    else:
        ref = _ref("特別会計に関する法律" + art + (par or "") + (itm or ""))
    expected_item = f"{item}{sub}" if item else None
    if item and not paragraph:
        expected = Provision(f"{article}-{branch}" if branch else str(article), None, expected_item)
    else:
        expected = Provision(f"{article}-{branch}" if branch else str(article), str(paragraph) if paragraph else None, expected_item)
    assert provisions_of(ref) == [expected]


def test_article_order_is_numeric() -> None:
    assert sorted(["10-2", "2", "sp", "10", "sp-1", "11", "1ロ", "1イ"], key=number_key) == [
        "1イ", "1ロ", "2", "10", "10-2", "11", "sp", "sp-1"]


# ---------------------------------------------------------------- e-Gov article links

def _check_egov_links(store: ox.Store) -> int:
    """Every provision with a numbered article links (rdfs:seeAlso) to the e-Gov anchor spelled
    from its own rs:article / rs:paragraph / rs:item the way e-Gov's law viewer writes its ids
    (``Mp-At_2_2-Pr_1-It_1``: 第2条の2第1項第1号; a 号の細分 such as 第1号ヘ is inside ``It_1``);
    附則 provisions link nothing of their own."""
    linked = 0
    for prov in _subjects(store, RDF_TYPE, ELI + "LegalResourceSubdivision"):
        law_id = unquote(prov.split("/id/law/")[1].split("/")[0])
        links = [o for o in _objects(store, prov, RDFS + "seeAlso") if o.startswith("https://laws.e-gov.go.jp/")]
        article = _objects(store, prov, _RS + "article")[0]
        if article.startswith("sp"):
            assert links == [], prov
            continue
        anchor = "Mp-At_" + article.replace("-", "_")
        for paragraph in _objects(store, prov, _RS + "paragraph"):
            anchor += "-Pr_" + paragraph
        for item in _objects(store, prov, _RS + "item"):
            m = re.fullmatch(r"(\d+(?:-\d+)*)\D*", item)
            assert m, item
            anchor += "-It_" + m.group(1).replace("-", "_")
        assert links == [f"https://laws.e-gov.go.jp/law/{law_id}#{anchor}"], prov
        linked += 1
    return linked


def test_provisions_link_to_their_e_gov_article(real_build: Path, real_site: Path) -> None:
    assert _check_egov_links(_store(real_build)) >= 10
    # the provision page reads its own article on e-Gov; the law page reads the law
    for parts, anchor in ((("4",), "Mp-At_4"), (("4", "2"), "Mp-At_4-Pr_2"), (("4", "2", "17"), "Mp-At_4-Pr_2-It_17")):
        soup = _soup(_page(real_site, DIGITAL, *parts))
        links = {a["href"] for a in soup.select("a[rel=external]") if str(a["href"]).startswith("https://laws.e-gov.go.jp/")}
        assert links == {f"https://laws.e-gov.go.jp/law/{DIGITAL}#{anchor}"}, parts
        assert any("e-Gov" in a.get_text() for a in soup.select("a[rel=external]")), parts
    links = {a["href"] for a in _soup(_page(real_site, DIGITAL)).select("a[rel=external]")
             if str(a["href"]).startswith("https://laws.e-gov.go.jp/")}
    assert links == {f"https://laws.e-gov.go.jp/law/{DIGITAL}"}


@pytest.mark.slow
def test_provisions_link_to_their_e_gov_article_on_the_shared_subset(shared_build: Path) -> None:
    store = _store(shared_build)
    assert _check_egov_links(store) >= 50
    # 第85条第3項第1号ヘ: a 号の細分 is reached through its 号
    assert f"https://laws.e-gov.go.jp/law/{TOKKAI}#Mp-At_85-Pr_3-It_1" in _objects(
        store, _law(TOKKAI, "85", "3", "1%E3%83%98"), RDFS + "seeAlso")


@pytest.mark.parametrize(("parts", "anchor"), [
    (["2"], "#Mp-At_2"),
    (["70-6"], "#Mp-At_70_6"),  # 第七十条の六
    (["2-2", "1", "1"], "#Mp-At_2_2-Pr_1-It_1"),
    (["85", "3", "1ヘ"], "#Mp-At_85-Pr_3-It_1"),  # a 号の細分 is inside its 号
    (["2", "1", "9-2"], "#Mp-At_2-Pr_1-It_9_2"),  # 第九号の二
    (["sp-2"], None),  # 附則: e-Gov's id carries the amending law's number
    (["sp"], None),
])
def test_e_gov_anchor_of_a_provision(parts: list[str], anchor: str | None) -> None:
    from rs2rdf.mapping.egov_links import egov_provision_url

    url = egov_provision_url(TOKKAI, parts)
    assert url == (f"https://laws.e-gov.go.jp/law/{TOKKAI}{anchor}" if anchor else None)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rs2rdf.core.resources import sample_dir

    return _site(sample_dir(), tmp_path_factory.mktemp("law-sample") / "site")


def test_review_years_read_in_both_languages_and_in_order(sample_site: Path) -> None:
    """The citing tables' review year is 「令和6年度」 / 「FY2024」 by the language switch (English pages
    printed the Japanese era), rows in year order; the sample's RS 2024 and 2025 both cite 327AC0000000165."""
    eras = {"令和6年度": "FY2024", "令和7年度": "FY2025"}
    pages = sorted((sample_site / "id" / "law").glob("*/index.html"))
    seen = set()
    for page in pages:
        for table in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("table.data"):
            years = []
            for cell in (tr.find("td") for tr in table.select("tbody tr")):
                ja, en = cell.select_one(".l-ja"), cell.select_one(".l-en")
                assert ja is not None and en is not None, (page, cell)
                assert eras[ja.get_text()] == en.get_text(), (page, cell)
                years.append(en.get_text())
            assert years == sorted(years), page
            seen.update(years)
    assert seen == {"FY2024", "FY2025"}
