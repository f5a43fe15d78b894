"""The site stage: one page (or anchor) and two twins per resource, plus home, search, dataset.

Pages are rendered by forked worker processes when there are many: the indexes are built once
in the parent and shared copy-on-write, each worker renders a slice and writes its files.
"""

from __future__ import annotations

from rs2rdf.pipeline.bounded import ignore_interrupts

import multiprocessing
import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import jinja2

from rs2rdf.pipeline.background import WORKER_CPU, WORKER_PEAK, cpu_seconds, peak_rss_mib
from rs2rdf.quads.dump import prefixes
from rs2rdf.pipeline.gcpause import bulk_allocation
from rs2rdf.site.index import GraphIndex, assign_documents
from rs2rdf.site.money import build_money
from rs2rdf.site.money_pages import contract_views, explorer_views, recipient_views
from rs2rdf.site.linkeddata import write_conneg, write_context, write_robots, write_sitemap, write_twins, write_void_and_dcat
from rs2rdf.site.redirects import retired, write_redirects
from rs2rdf.site.pages import about_view, count_pages, home_view, search_view, source_rows
from rs2rdf.site.paths import page_file, published
from rs2rdf.site.render import environment, static_dirs
from rs2rdf.site.search import write_search_index
from rs2rdf.site.view import Site, nav
from rs2rdf.site.view_kinds import page_view

if TYPE_CHECKING:
    from rs2rdf.pipeline.graph import Graph
    from rs2rdf.core.config import Config

#: Below this many pages the fork costs more than it saves.
PARALLEL_MIN_PAGES = 1500
CHUNK = 64

_STATE: dict[str, Any] = {}


def _render_docs(docs: list[str]) -> tuple[int, float, float]:
    """Render a slice of the pages; returns how many, the CPU seconds it took and the process's peak MiB."""
    cpu = cpu_seconds(children=False)
    site: Site = _STATE["site"]
    env: jinja2.Environment = _STATE["env"]
    root: Path = _STATE["root"]
    px: dict[str, str] = _STATE["prefixes"]
    for doc in docs:
        view = page_view(site, doc)
        write_page(env, root, view)
        for extra in view["sections"].get("extra_pages", ()) if isinstance(view.get("sections"), dict) else ():
            write_page(env, root, {**extra, "nav": nav(site, extra["file"])})  # a long list split over pages
        write_twins(site.idx, site.docs, doc, root, px)
    return len(docs), cpu_seconds(children=False) - cpu, peak_rss_mib()


def write_page(env: jinja2.Environment, root: Path, view: dict[str, Any]) -> None:
    out = root / view["file"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(env.get_template(view["template"]).render(page=view), encoding="utf-8")


def write_money_pages(site: Site, env: jinja2.Environment, root: Path) -> int:
    """The explorer (pages, CSV, data script), the recipient rankings and the contracts list."""
    views, table_csv, table_js = explorer_views(site)
    (root / "explore").mkdir(parents=True, exist_ok=True)
    (root / "explore" / "projects.csv").write_text(table_csv, encoding="utf-8", newline="")
    (root / "explore" / "projects.js").write_text(table_js, encoding="utf-8")
    contracts, contracts_js = contract_views(site)
    (root / "contracts").mkdir(parents=True, exist_ok=True)
    (root / "contracts" / "contracts.js").write_text(contracts_js, encoding="utf-8")
    views += recipient_views(site) + contracts
    for view in views:
        write_page(env, root, view)
    return len(views)


def _workers() -> int:
    try:
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, min(os.cpu_count() or 1, 8))


def build_site(graph: "Graph", staging: Path, config: "Config", progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Render the whole site into ``staging`` (which already holds ``data/``)."""
    t0 = time.perf_counter()
    base = graph.iris.base
    nt = graph.ntriples()
    with bulk_allocation():
        idx = GraphIndex.from_ntriples(nt, base) if nt else GraphIndex.build(graph.iter_triples(), base)
    try:
        return _render(idx, graph, staging, config, progress, t0)
    finally:
        idx.close()


def _render(idx: GraphIndex, graph: "Graph", staging: Path, config: "Config", progress: Callable[[str], None],
            t0: float) -> dict[str, Any]:
    base = idx.base
    docs = assign_documents(idx, graph.iris.vocab)
    site = Site(idx, docs, graph.iris.vocab, config.site_title,
                "validate" in graph.stages or (staging / "validation" / "index.html").is_file())
    env = environment(config.templates)
    site.money = build_money(site)
    progress(f"site: {len(docs.members)} pages for {sum(1 for s in idx.out if published(s, base))} resources "
             f"(indexed in {time.perf_counter() - t0:.1f}s)")
    _STATE.update(site=site, env=env, root=staging, prefixes=prefixes(base))
    order = sorted(docs.members)
    chunks = [order[i:i + CHUNK] for i in range(0, len(order), CHUNK)]
    workers = _workers()
    try:
        worker_cpu = worker_peak = 0.0
        if workers > 1 and len(order) >= PARALLEL_MIN_PAGES and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers, initializer=ignore_interrupts) as pool:
                done = 0
                for n, cpu, peak in pool.imap_unordered(_render_docs, chunks):
                    done += n
                    worker_cpu += cpu
                    worker_peak = max(worker_peak, peak)
        else:
            done = sum(_render_docs(c)[0] for c in chunks)
    finally:
        _STATE.clear()
    counts = count_pages(site)
    for view in (home_view(site, counts), about_view(site, counts, staging), search_view(site)):
        write_page(env, staging, view)
    extra = write_money_pages(site, env, staging)
    entries = write_search_index(site, staging)
    for folder in static_dirs(config.templates):
        shutil.copytree(folder, staging / "static", dirs_exist_ok=True)
    write_robots(staging, base)
    write_context(staging, base)
    write_void_and_dcat(staging, base, config.site_title, counts, source_rows(site), idx, config.sparql_endpoint, config.publisher)
    redirects = retired(idx)
    write_redirects(staging, redirects)
    write_conneg(staging, base, redirects)
    urls = write_sitemap(staging, base, docs, ["about/", "search/", "explore/", "recipients/", "contracts/"])
    return {"pages": done + 3 + extra, "site_resources": counts["subjects"], "search_entries": entries, "sitemap_urls": urls,
            WORKER_CPU: worker_cpu, WORKER_PEAK: worker_peak}


def site_stage(graph: "Graph", staging: Path, config: "Config", progress: Callable[[str], None]) -> dict[str, Any]:
    """Build stage hook (see :func:`rs2rdf.pipeline.build.build`)."""
    site = build_site(graph, staging, config, progress)
    return {"site": site, WORKER_CPU: site.pop(WORKER_CPU), WORKER_PEAK: site.pop(WORKER_PEAK)}


__all__ = ["build_site", "site_stage", "page_file"]
