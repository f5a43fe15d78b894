"""The shipped queries on a real Virtuoso 7 (Debian's ``virtuoso-opensource``), loaded by
``rs2rdf publish`` over the Graph Store Protocol: each query compiles and gives the rows
``rs2rdf query`` gives. Virtuoso is the store most LOD portals in Japan run, and it rejects SPARQL
that Oxigraph accepts (an aggregate inside ``IF``, ``1/0``).

A fresh database in a temporary folder, on loopback ports; skipped when ``virtuoso-t`` is not
installed (``apt-get install virtuoso-opensource``; .ci/run installs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

import rs2rdf
from rs2rdf.core.resources import asset_dir
from rs2rdf.sparql.publish import publish_site
from tests.test_publish import free_port
from tests.test_queries_portable import QUERIES, _plain

pytestmark = pytest.mark.slow

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a fresh Virtuoso whose Graph Store endpoint (``/sparql-graph-crud``) accepts updates."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql-v")
    if binary is None or isql is None:
        pytest.skip("Virtuoso not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=folder, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/sparql?" + urlencode({"query": "ASK {}"}), timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"virtuoso-t exited {proc.returncode}: {(folder / 'virtuoso.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        else:
            pytest.fail("Virtuoso did not start in 60 s")
        # the Graph Store endpoint without authentication runs as the SPARQL user
        done = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _rows(url: str, text: str) -> list[dict[str, str | None]]:
    request = urllib.request.Request(f"{url}/sparql", data=urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        data = json.loads(urllib.request.urlopen(request, timeout=300).read())
    except urllib.error.HTTPError as e:  # a query Virtuoso cannot compile: show its message
        pytest.fail(f"Virtuoso answered {e.code}: {e.read().decode('utf-8', 'replace')[:1500]}\n{text}")
    names = data["head"]["vars"]
    return [{n: b[n]["value"] if n in b else None for n in names} for b in data["results"]["bindings"]]


def _graph_counts(url: str, base: str) -> dict[str, int]:
    rows = _rows(url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(r["g"]): int(str(r["n"])) for r in rows if str(r["g"]).startswith(base)}


def _update(url: str, text: str) -> None:
    request = urllib.request.Request(f"{url}/sparql", data=urlencode({"query": text}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    urllib.request.urlopen(request, timeout=300).read()


def _check(url: str, site: Path) -> None:
    report = publish_site(site, f"{url}/sparql-graph-crud")
    assert report and all(n > 0 for n in report.values())
    base = next(iter(report)).split("graph/")[0]
    for graph in set(_graph_counts(url, base)) - set(report):  # left by an earlier test's build
        _update(url, f"DROP SILENT GRAPH <{graph}>")
    assert _graph_counts(url, base) == report  # every quad arrived, in its own graph
    for name in QUERIES:
        text = (asset_dir("queries") / f"{name}.rq").read_text(encoding="utf-8")
        ours = [{k: _plain(v) for k, v in row.items()} for row in rs2rdf.query(site, text)]
        theirs = _rows(url, text)
        assert len(ours) > 0, name
        assert theirs == ours, name


def test_shipped_queries_on_virtuoso_sample_and_real_extract(virtuoso: str, tmp_path: Path, real_extract: Path) -> None:
    site = tmp_path / "site"
    result = rs2rdf.build([rs2rdf.sample_dir(), real_extract], out=site, validate=False, site=False)
    assert result.exit_code in (0, 1)
    _check(virtuoso, site)


def test_shipped_queries_on_virtuoso_shared_subset(virtuoso: str, shared_build: Path) -> None:
    _check(virtuoso, shared_build)


def test_virtuoso_rejects_an_aggregate_inside_if(virtuoso: str) -> None:
    """The harness sees a query Virtuoso cannot compile (the idiom the shipped queries once used,
    which tests/test_queries_portable.py now forbids)."""
    bad = ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
           "SELECT ?g (xsd:integer(IF(COUNT(?v) > 0, SUM(COALESCE(?v, 0)), 1/0)) AS ?n)\n"
           "WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s <urn:x:value> ?v } } } GROUP BY ?g")
    request = urllib.request.Request(f"{virtuoso}/sparql", data=urlencode({"query": bad}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=60).read()
