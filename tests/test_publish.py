"""``rs2rdf publish`` into a real Oxigraph server: PUT per graph, re-publish never duplicates."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from rs2rdf.pipeline.build import Stage
from rs2rdf.pipeline.build import build
from rs2rdf.core.config import Config
from rs2rdf.core.errors import Rs2rdfError
from rs2rdf.sparql.publish import Auth, publish_site
from rs2rdf.sparql.store import store_stage

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "rs2rdf" / "data" / "sample"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def oxigraph(tmp_path: Path):  # type: ignore[no-untyped-def]
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("oxigraph server binary not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?" + urlencode({"query": "ASK {}"}), timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def count(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    req = urllib.request.Request(f"{url}/query?" + urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"})
    data = json.loads(urllib.request.urlopen(req, timeout=30).read())
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}


@pytest.mark.slow
def test_publish_twice_same_count(oxigraph: str, tmp_path: Path, real_extract: Path) -> None:
    inputs = SAMPLE if any(SAMPLE.glob("*.zip")) else real_extract
    site = tmp_path / "site"
    build([inputs], Config(out=site), stages=[Stage("store", store_stage)])
    report = publish_site(site, f"{oxigraph}/store")
    assert len(report) > 1 and all(n > 0 for n in report.values())
    first = count(oxigraph)
    assert first == report
    again = publish_site(site, f"{oxigraph}/store", Auth(token="ignored-by-an-open-server"))
    assert again == report and count(oxigraph) == first


@pytest.mark.slow
def test_unreachable_endpoint(tmp_path: Path, real_extract: Path) -> None:
    inputs = SAMPLE if any(SAMPLE.glob("*.zip")) else real_extract
    site = tmp_path / "site"
    build([inputs], Config(out=site), stages=[Stage("store", store_stage)])
    with pytest.raises(Rs2rdfError, match="cannot reach"):
        publish_site(site, f"http://127.0.0.1:{free_port()}/store", timeout=5)


def test_auth_headers() -> None:
    assert Auth(user="u", password="p").header() == "Basic dTpw"
    assert Auth(token="t").header() == "Bearer t"
    assert Auth().header() is None
