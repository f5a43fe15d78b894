"""The built site in real headless Chromium: search, follow links, no console errors.

The site is built from the committed real extract (tests/data/real). Skipped when
/usr/bin/chromium is absent; ``slow``. Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from rs2rdf.api import default_stages
from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, real_extract: Path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium not installed")
    pytest.importorskip("playwright.sync_api")
    out = tmp_path_factory.mktemp("browser") / "site"
    build([real_extract], Config(out=out), stages=default_stages())  # the validation report is a page kind too
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _page(browser, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, errors


def test_search_a_purpose_phrase_then_a_recipient_without_corporate_number(served, browser) -> None:
    """Full-text search: a phrase from 884's 事業の目的, then 麹町税務署 (a 5-1 payee with no 法人番号)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _page(browser)
    page.goto(served + "search/index.html?q=" + "司法の国民的基盤")
    page.wait_for_selector("#search-results li a")
    assert "法教育の推進" in page.locator("#search-results li").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    page.click("#search-results li a >> nth=0")
    page.wait_for_load_state()
    assert "/id/sheet/2024/884/" in page.url
    page.goto(served + "index.html")
    page.fill("#q", "麹町税務署")
    page.click("form.search button")
    page.wait_for_selector("#search-results li a")
    item = page.locator("#search-results li").first
    assert "支出先" in item.inner_text() and "法務省" in item.inner_text()
    item.locator("a").click()
    page.wait_for_load_state()
    assert "/id/sheet/2024/884/" in page.url and "麹町税務署" in page.locator("h1").inner_text()
    assert errors == []


def test_sheet_to_recipient_to_payment(served, browser) -> None:
    page, errors = _page(browser)
    page.goto(served + "id/sheet/2024/884/index.html")
    page.screenshot(path=str(ARTIFACTS / "sheet.png"), full_page=True)
    # the summary names the largest recipient; its page lists the payment with the same yen
    first = page.locator(".summary ol.brief li").first
    amount = first.locator("[data-yen]").get_attribute("data-yen")
    first.locator("a").first.click()
    page.wait_for_load_state()
    assert "/id/org/" in page.url
    assert page.locator("#recv-h").count() == 1
    row = page.locator("#received tbody tr", has=page.locator(f"[data-yen='{amount}']"))
    assert row.count() == 1 and "法教育の推進" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "corporation.png"), full_page=True)
    row.locator("a[href*='#']").last.click()  # the payment, on its sheet page
    page.wait_for_load_state()
    assert "/id/sheet/2024/884/" in page.url and "#block/" in page.url
    assert errors == []


def test_law_article_page_lists_its_citing_project(served, browser) -> None:
    page, errors = _page(browser)
    page.goto(served + "id/law/503AC0000000036/index.html")  # デジタル庁設置法, cited by 4 (第4条)
    page.screenshot(path=str(ARTIFACTS / "law.png"), full_page=True)
    page.locator("a", has_text="第4条").first.click()
    page.wait_for_load_state()
    assert "情報システムの整備" in page.locator("main").inner_text()
    assert errors == []


def test_explorer_filter_and_export_csv(served, browser, real_extract: Path) -> None:
    """Filter the explorer to one ministry and export: the file's rows and amounts are the 2-1 rows."""
    import csv
    import io
    from decimal import Decimal

    from test_real_data import read_csv

    page, errors = _page(browser)
    page.goto(served + "explore/index.html")
    page.select_option("select[name=ministry]", "経済産業省")
    assert "ministry=" in page.url  # the view is in the URL
    shared = page.url
    with page.expect_download() as info:
        page.click("button.csv")
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    projects = {r["予算事業ID"]: r for _, r in read_csv(real_extract, "1-2") if r["府省庁"] == "経済産業省"}
    assert {r["projectNumber"] for r in rows} == set(projects) and rows
    totals = {(r["予算事業ID"], r["予算年度"]): r for _, r in read_csv(real_extract, "2-1") if r["当初予算（合計）"].strip()}
    for r in rows:
        src = totals[(r["projectNumber"], r["fiscalYear"])]
        assert int(r["total"]) == int(Decimal(src["計（歳出予算現額合計）"]))
        assert int(r["executed"]) == int(Decimal(src["執行額（合計）"]))
    page.screenshot(path=str(ARTIFACTS / "explore.png"), full_page=True)
    other, _ = _page(browser)
    other.goto(shared)  # a shared link opens the same view
    assert other.locator("select[name=ministry]").input_value() == "経済産業省"
    assert other.locator("#table-app tbody tr").count() == len(rows)
    assert errors == []


#: One page of each kind in the built extract (path under the site root).
PAGE_KINDS = {
    "home": "index.html", "explore": "explore/index.html", "recipients": "recipients/index.html",
    "contracts": "contracts/index.html", "search": "search/index.html?q=法", "about": "about/index.html",
    "sheet": "id/sheet/2024/3522/index.html", "project": "id/project/884/index.html",
    "ministry": "id/org/1000012030001/index.html", "corporation": "id/org/7010001128717/index.html",
    "law": "id/law/503AC0000000036/index.html", "fiscal-year": "id/fy/2024/index.html",
    "vocabulary": "def/rs/index.html", "validation": "validation/index.html",
}


def test_every_page_kind_fits_a_phone(served, browser) -> None:
    """At 390 px no page kind is wider than the screen (wide tables scroll in their own box);
    screenshots of each kind at desktop and phone width go to tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    wide = {}
    for width in (1280, 390):
        page, errors = _page(browser, width=width)
        for kind, path in PAGE_KINDS.items():
            response = page.goto(served + path)
            assert response is not None and response.ok, path
            page.wait_for_timeout(100)
            page.screenshot(path=str(ARTIFACTS / f"kind-{kind}-{width}.png"), full_page=False)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide[(kind, width)] = scroll
        assert errors == []
    assert not wide


def test_language_switch_and_phone_layout(served, browser) -> None:
    url = served
    page, errors = _page(browser, width=390)
    page.goto(url + "about/index.html")
    ja = page.locator("h1 .l-ja")
    assert ja.is_visible()
    page.click("label.lang-switch")
    assert page.locator("h1 .l-en").is_visible() and not ja.is_visible()
    page.goto(url)  # remembered across pages
    assert page.locator("#data-h .l-en").is_visible()
    page.screenshot(path=str(ARTIFACTS / "home-phone-en.png"), full_page=True)
    assert errors == []


def test_an_organisations_facts_fit_a_phone(served, browser) -> None:
    """Long IRIs in the facts box (the NTA page, the gBizINFO IRI) wrap instead of widening the page."""
    page, errors = _page(browser, width=390)
    page.goto(served + "id/org/1000012030001/index.html")
    right = page.evaluate("Math.max(...[...document.querySelectorAll('dl.facts, dl.facts dd')].map(e => e.getBoundingClientRect().right))")
    assert right <= 390, right
    assert page.locator("dl.facts").get_by_text("hojin-info.go.jp/data/basic/1000012030001").count() == 1
    assert errors == []


def test_a_corporations_facts_leave_room_for_the_values_on_a_phone(served, browser) -> None:
    """In English the longest fact label (「Received (sum of 5-1 payments)」) took the facts box's whole
    first column and squeezed the corporate number and links into a few characters a line."""
    page, errors = _page(browser, width=390)
    page.goto(served + "id/org/7010001128717/index.html")
    page.click("label.lang-switch")
    box, narrowest = page.evaluate("""[document.querySelector('dl.facts').getBoundingClientRect().width,
        Math.min(...[...document.querySelectorAll('dl.facts dd')].map(e => e.getBoundingClientRect().width))]""")
    assert narrowest >= box * 0.5, (narrowest, box)
    number = page.locator("dl.facts dd code").first
    assert number.bounding_box()["height"] < 30  # the 法人番号 on one line
    assert errors == []


def test_search_results_follow_the_language_switch(served, browser) -> None:
    """Results drawn in Japanese are drawn again in English when the reader flips the switch
    (they kept 「事業」, 「2024年度」 and 億円 until the next keystroke)."""
    page, errors = _page(browser)
    page.goto(served + "search/index.html?q=" + "法教育")
    page.wait_for_selector("#search-results li a")
    first = page.locator("#search-results li").first
    assert first.locator(".kind").inner_text() == "事業" and "2024年度" in first.inner_text()
    page.click("label.lang-switch")
    page.wait_for_function("document.querySelector('#search-results li .kind').textContent === 'Project'")
    first = page.locator("#search-results li").first
    assert "FY2024" in first.inner_text() and "年度" not in first.inner_text() and "億円" not in first.inner_text()
    assert errors == []


def _table_in_english(browser, url: str):
    """A table page drawn by table.js, switched to English once its rows are there."""
    page, errors = _page(browser)
    page.goto(url)
    page.wait_for_selector("#table-app table tbody tr")
    page.click("label.lang-switch")
    page.wait_for_timeout(300)
    return page, errors


def _has_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def test_contracts_table_follows_the_language_switch(served, browser) -> None:
    """The contracts table is drawn by table.js: in English its method column and its flags read
    「Negotiated contract (other)」 and 「negotiated」 / 「single bid」 (they stayed 随意契約（その他） and 随意契約)."""
    page, errors = _table_in_english(browser, served + "contracts/index.html")
    flags = page.locator("#table-app table tbody .flag").all_inner_texts()
    methods = page.locator("#table-app table tbody tr td:nth-child(7)").all_inner_texts()
    methods += page.locator("#table-app table tbody tr td:nth-child(2)").all_inner_texts()  # the ministry, too
    assert flags and set(flags) <= {"single bid", "negotiated"}, flags
    japanese = [m for m in methods if _has_japanese(m)]
    assert not japanese, japanese[:5]
    assert errors == []


def test_explorer_ministries_follow_the_language_switch(served, browser) -> None:
    """The explorer's rows carry each ministry's English name (column 11): the English table shows it."""
    page, errors = _table_in_english(browser, served + "explore/index.html")
    ministries = page.locator("#table-app table tbody tr td:nth-child(2)").all_inner_texts()
    assert ministries and not [m for m in ministries if _has_japanese(m)], ministries[:5]
    assert errors == []
