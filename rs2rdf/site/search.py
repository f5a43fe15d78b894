"""A prebuilt search index, loaded as scripts so search works on any static host and offline.

``fetch()`` of a JSON file fails under ``file://``, a ``<script src>`` does not: the index is
JavaScript that assigns a global. It comes in two parts so the first search stays light: the
*names* (projects, recipients with and without 法人番号, laws, ministries, units, each with its
ministry, year and amount) in one file, and the long texts (purpose, current issues, overview)
in shards the page loads only once someone searches. Entries hold site-root-relative links.
"""

from __future__ import annotations

from pathlib import Path

from rs2rdf.mapping.vocab import ELI, ORG
from rs2rdf.site.html import json_for_html
from rs2rdf.site.money import Total
from rs2rdf.site.paths import page_file
from rs2rdf.site.rankings import recipient_totals
from rs2rdf.site.view import Site

INDEX_FILE = "search/search-index.js"
TEXT_FILE = "search/text-{n}.js"
RECIPIENT_FILE = "search/recipients-{n}.js"
#: Recipient entries per shard (a full review year has ~30,000 recipients, most of the index).
RECIPIENT_SHARD = 10_000
#: Characters of long text per shard (about 0.5–1.5 MB of UTF-8 each).
SHARD_CHARS = 400_000

#: [kind, name ja, name en, link, extra, ministry, review year, amount in yen]
Entry = list[str]


def search_entries(site: Site) -> tuple[list[Entry], list[tuple[int, str]]]:
    """The name entries, and (entry number, long text) for the sheets that have text."""
    idx, V = site.idx, site.V
    money = site.money
    rows: list[tuple[Entry, str]] = []

    def label(iri: str | None) -> str:
        return idx.label(iri)["ja"] if iri else ""
    for s in money.sheets.values():
        if s.iri not in site.docs.paths:
            continue
        b = s.settled
        amount = "" if b is None or b.current is None else str(b.current)
        text = "\n".join(t for term in (V.purpose, V.currentIssues, V.overview) if (t := idx.text(s.iri, term)))
        name = idx.label(s.iri)
        rows.append(([("sheet"), name["ja"], name["en"] if name["en"] != name["ja"] else "", page_file(site.docs.paths[s.iri]),
                      f"{s.number} {label(s.unit)}".strip(), label(s.ministry), str(s.review_year or ""), amount], text))
    for r in recipient_totals(money):
        if site.docs.locate(r.key) is None:
            continue
        href = site.href("index.html", r.key) or ""
        rows.append((["recipient", r.name if not r.corporate_number else label(r.key) or r.name, "", href,
                      r.corporate_number, "\n".join(sorted({label(m) for m in r.ministries})),
                      " ".join(str(y) for y in sorted(r.years)), _amount(r.total)], ""))
    for doc in site.docs.members:
        if idx.is_a(doc, V.Ministry):
            kind, extra = "ministry", idx.text(doc, V.corporateNumber) or ""
        elif idx.is_a(doc, ORG + "OrganizationalUnit"):
            kind, extra = "unit", idx.text(doc, V.unitPath) or ""
        elif idx.is_a(doc, ELI + "LegalResource"):
            kind, extra = "law", idx.text(doc, ELI + "id_local") or ""
        else:
            continue
        name = idx.label(doc)
        rows.append(([kind, name["ja"], name["en"] if name["en"] != name["ja"] else "", page_file(site.docs.paths[doc]),
                      extra, "", "", ""], ""))
    rows.sort(key=lambda r: (r[0][0], r[0][1], r[0][3]))
    entries = [e for e, _ in rows]
    texts = [(n, t) for n, (_, t) in enumerate(rows) if t]
    return entries, texts


def _amount(t: Total) -> str:
    v = t.shown
    return "" if v is None else str(v)


def _short(link: str) -> str:
    """``…/index.html`` → ``…/`` (the page adds it back): a fifth of the index was that suffix."""
    page, hash_, anchor = link.partition("#")
    if page.endswith("index.html"):
        page = page[: -len("index.html")]
    return page + hash_ + anchor


def write_search_index(site: Site, root: Path) -> int:
    """The main index (projects, ministries, units, laws) loads with the page; recipients and
    long texts come in shards once someone types, so a full review year's first page stays light."""
    entries, texts = search_entries(site)
    ministries = sorted({e[5] for e in entries if e[5] and e[0] == "sheet"} |
                        {m for e in entries if e[0] == "recipient" for m in e[5].split("\n") if m})
    number = {m: str(i) for i, m in enumerate(ministries)}
    packed = []
    for e in entries:
        ms = e[5].split("\n") if e[0] == "recipient" else ([e[5]] if e[5] else [])
        packed.append([e[0], e[1], e[2], _short(e[3]), e[4], " ".join(number[m] for m in ms if m in number), e[6], e[7]])
    main = [(n, e) for n, e in enumerate(packed) if e[0] != "recipient"]
    recipients = [(n, e) for n, e in enumerate(packed) if e[0] == "recipient"]
    shards: list[list[tuple[int, str]]] = [[]]
    size = 0
    for item in texts:
        if size >= SHARD_CHARS:
            shards.append([])
            size = 0
        shards[-1].append(item)
        size += len(item[1])
    shards = [s for s in shards if s]
    out = root / INDEX_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    parts = [recipients[i:i + RECIPIENT_SHARD] for i in range(0, len(recipients), RECIPIENT_SHARD)]
    payload = json_for_html({"count": len(packed), "ministries": ministries, "entries": main, "shards": len(shards),
                             "recipients": len(parts)}, separators=(",", ":"))
    out.write_text(f"window.RS2RDF_SEARCH={payload};\n", encoding="utf-8")
    for n, part in enumerate(parts):
        data = json_for_html(part, separators=(",", ":"))
        (root / RECIPIENT_FILE.format(n=n)).write_text(
            f"(window.RS2RDF_RECIPIENTS=window.RS2RDF_RECIPIENTS||{{}})[{n}]={data};\n", encoding="utf-8")
    for n, shard in enumerate(shards):
        data = json_for_html(shard, separators=(",", ":"))
        (root / TEXT_FILE.format(n=n)).write_text(
            f"(window.RS2RDF_TEXT=window.RS2RDF_TEXT||{{}})[{n}]={data};\n", encoding="utf-8")
    return len(entries)
