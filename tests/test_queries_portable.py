"""The shipped queries are portable: on a real Oxigraph server loaded by ``rs2rdf publish``, whose
default graph is its own (empty) graph and not the union of the named graphs, they give the rows
``rs2rdf query`` gives; and they use no aggregate inside IF (Virtuoso 7 cannot compile that)."""

from __future__ import annotations

import json
import re
import urllib.request
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest

import rs2rdf
from rs2rdf.core.resources import asset_dir
from rs2rdf.sparql.publish import publish_site
from tests.test_publish import oxigraph as _oxigraph  # noqa: F401 - the fixture, by its name below

QUERIES = sorted(p.stem for p in asset_dir("queries").glob("*.rq"))
oxigraph = _oxigraph


def test_no_aggregate_inside_if() -> None:
    for name in QUERIES:
        text = (asset_dir("queries") / f"{name}.rq").read_text(encoding="utf-8")
        code = "\n".join(line.split("#")[0] for line in text.splitlines())
        for m in re.finditer(r"\bIF\s*\(", code, re.IGNORECASE):
            depth, i = 1, m.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(code[i], 0)
                i += 1
            inside = code[m.end():i - 1]
            assert not re.search(r"\b(SUM|COUNT|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", inside, re.IGNORECASE), (name, inside)
        assert "1/0" not in code.replace(" ", ""), name


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)


def _server_rows(url: str, text: str) -> list[dict[str, str | None]]:
    request = urllib.request.Request(f"{url}/query", data=urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    data = json.loads(urllib.request.urlopen(request, timeout=60).read())
    names = data["head"]["vars"]
    return [{n: b[n]["value"] if n in b else None for n in names} for b in data["results"]["bindings"]]


@pytest.fixture()
def published(oxigraph: str, tmp_path: Path, real_extract: Path) -> tuple[str, Path]:  # noqa: F811
    site = tmp_path / "site"
    result = rs2rdf.build([rs2rdf.sample_dir(), real_extract], out=site, validate=False, site=False)
    assert result.exit_code in (0, 1)
    publish_site(site, f"{oxigraph}/store")
    return oxigraph, site


@pytest.mark.slow
def test_shipped_queries_give_the_same_rows_on_an_oxigraph_server(published: tuple[str, Path]) -> None:
    url, site = published
    # the server's default graph is not the union: a plain pattern finds nothing there
    assert _server_rows(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == "0"
    for name in QUERIES:
        text = (asset_dir("queries") / f"{name}.rq").read_text(encoding="utf-8")
        ours = [{k: _plain(v) for k, v in row.items()} for row in rs2rdf.query(site, text)]
        theirs = _server_rows(url, text)
        assert len(ours) > 0, name
        assert theirs == ours, name
