"""The generated .htaccess and nginx snippet negotiate like ``rs2rdf serve`` (rs2rdf/site/conneg.py).

* their Accept patterns are the ones :func:`rs2rdf.site.conneg.choose` uses, read back from the
  generated text, and that choice agrees with ``serve``'s RFC 9110 negotiation on every header
  below except the documented ones;
* structure: 303 (never 302), ``Vary: Accept``;
* a real nginx (Debian's ``nginx-light``) and a real Apache 2.4 (``apache2-bin``) serve the sample
  site with them (each skipped when not installed).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

import rs2rdf
from rs2rdf.sources.normalize.ministries import name_key
from rs2rdf.site import conneg
from rs2rdf.sparql.serve import choose as serve_choose

OFFERED = {"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld"}
AGREE = [
    None, "", "*/*", "text/turtle", "application/ld+json", "text/html",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",  # Firefox
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "text/turtle, text/html;q=0.5", "text/turtle;q=1.0, text/html;q=0.9", "application/ld+json, text/html;q=0.1",
    "text/html, text/turtle;q=0.9", "text/turtle;q=0", "text/turtle;q=0.0, text/html", "text/turtle; charset=utf-8",
    "application/ld+json;q=0.5, text/turtle;q=0", "text/turtle;q=0.5, application/ld+json",
    "text/turtle,application/ld+json", "TEXT/TURTLE", "application/xhtml+xml", "text/turtle, */*;q=0.1",
    "application/rdf+xml;q=0.9, text/turtle", "text/turtle;q=0.5",
]
#: Where the patterns cannot compare q-values as numbers (README "Static hosting"): the page wins.
DIFFER = {
    "text/turtle;q=0.9, text/html;q=0.8": ("ttl", "html"),
    "text/html;q=0.1, application/ld+json;q=0.5": ("jsonld", "html"),
}


def _serve(accept: str | None) -> str:
    media = serve_choose(accept, list(OFFERED))
    return OFFERED[media] if media else "html"  # 406 in serve; a static server sends its default, the page


@pytest.mark.parametrize("accept", AGREE)
def test_static_choice_agrees_with_serve(accept: str | None) -> None:
    assert conneg.choose(accept) == _serve(accept), accept


@pytest.mark.parametrize("accept", sorted(DIFFER))
def test_static_choice_differs_only_where_documented(accept: str) -> None:
    assert (_serve(accept), conneg.choose(accept)) == DIFFER[accept]


def test_both_files_use_the_same_patterns_as_choose() -> None:
    apache, nginx = conneg.htaccess("/rs/"), conneg.nginx("/rs/")
    wanted = set(conneg.PATTERNS.values())
    assert set(re.findall(r'RewriteCond %\{HTTP_ACCEPT\} "([^"]+)" \[NC\]', apache)) == wanted
    assert set(re.findall(r'if \(\$http_accept ~\* "([^"]+)"\)', nginx)) == wanted
    for variant in ("ttl", "jsonld"):
        keys = set(conneg.keys_for(variant))
        for text in (apache, nginx):
            (found,) = re.findall(r'"\^\(\?:([^)]*)\)\$"\S*\s*(?:\[?RewriteRule \^ - \[E=RS_VARIANT:|\{ set \$rs_variant ")'
                                  + variant, text)
            assert {k.replace("\\", "") for k in found.split("|")} == keys, (variant, text[:80])


def test_redirects_are_303_and_vary_on_accept() -> None:
    apache, nginx = conneg.htaccess("/"), conneg.nginx("/")
    assert "R=302" not in apache and "[R]" not in apache and "R=303" in apache
    assert "Header always merge Vary Accept" in apache
    directives = "\n".join(line for line in nginx.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\bredirect;|\b302\b|\bpermanent;", directives)
    assert "return 303" in nginx and "add_header Vary Accept always;" in nginx
    # nginx's types block replaces its default table: the site's own files keep their types
    assert "text/css css;" in nginx and "application/javascript js;" in nginx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _get(url: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept} if accept is not None else {})
    try:
        with opener.open(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def _wait(port: int, proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stdout.read().decode() if proc.stdout else ''}")
            time.sleep(0.05)
    pytest.fail("server did not start")


def _site(root: Path, base: str) -> Path:
    site = root / "site"
    assert rs2rdf.build(rs2rdf.sample_dir(), out=site, config=rs2rdf.Config(base_iri=base), validate=False).exit_code == 0
    return site


def _nginx(binary: str, root: Path):  # type: ignore[no-untyped-def]
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    site = _site(root, base)
    (root / "tmp").mkdir()
    conf = root / "nginx.conf"
    # run as root (CI containers), workers would drop to "nobody", who cannot read pytest's 0700 folders
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(f"""{user}worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/nginx.conf;
    }}
}}
""", encoding="utf-8")
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(root)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return base, proc, port


def _apache(binary: str, root: Path):  # type: ignore[no-untyped-def]
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    site = _site(root, base)
    modules = Path("/usr/lib/apache2/modules")
    load = "".join(f"LoadModule {m}_module {modules}/mod_{m}.so\n"
                   for m in ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers"))
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""  # Apache refuses to serve as root
    conf = root / "httpd.conf"
    conf.write_text(f"""ServerRoot {root}
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
{load}ServerName 127.0.0.1
{user}TypesConfig /dev/null
AddType text/html .html
AddType text/css .css
DocumentRoot {site}
DirectoryIndex index.html
<Directory {site}>
    AllowOverride All
    Require all granted
</Directory>
""", encoding="utf-8")
    proc = subprocess.Popen([binary, "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return base, proc, port


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The sample site served by a real nginx or Apache with the generated rules (skipped when not installed)."""
    if request.param == "nginx":
        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
        hint = "nginx is not installed (Debian: apt-get install nginx-light)"
    else:
        binary = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").is_file() else None)
        binary = binary if Path("/usr/lib/apache2/modules/mod_rewrite.so").is_file() else None
        hint = "Apache is not installed (Debian: apt-get install apache2-bin)"
    if binary is None:
        pytest.skip(hint)
    # a folder every user can read: Apache's workers run as "nobody" when started as root
    root = Path(tempfile.mkdtemp(prefix=f"rs2rdf-{request.param}-"))
    root.chmod(0o755)
    base, proc, port = (_nginx if request.param == "nginx" else _apache)(binary, root)
    try:
        _wait(port, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


HEADERS = ["text/turtle", "application/ld+json", "text/html,application/xhtml+xml,*/*;q=0.8", "text/turtle, text/html;q=0.5",
           "text/turtle;q=0", None, "text/turtle;q=0.9, text/html;q=0.8"]


@pytest.mark.slow
@pytest.mark.parametrize("accept", HEADERS)
def test_server_answers_a_thing_303_to_the_chosen_variant(server: str, accept: str | None) -> None:
    iri = server + "id/project/90001"
    status, headers, _ = _get(iri, accept)
    assert status == 303 and headers.get("vary") == "Accept"
    variant = conneg.choose(accept)
    assert headers["location"] == (iri + "/" if variant == "html" else f"{iri}.{variant}")
    status, headers, body = _get(headers["location"], None)
    assert status == 200
    if variant != "html":
        assert headers["content-type"].startswith(conneg.MEDIA[variant])
        fmt = ox.RdfFormat.TURTLE if variant == "ttl" else ox.RdfFormat.JSON_LD
        subjects = {t.subject.value for t in ox.parse(body, format=fmt, base_iri=iri)}
        assert iri in subjects
    else:
        assert headers["content-type"].startswith("text/html")


@pytest.mark.slow
def test_server_answers_a_document_with_its_twin_and_a_part_with_its_sheet(server: str) -> None:
    status, headers, body = _get(server + "def/rs", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and headers["vary"] == "Accept"
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) > 100
    status, headers, _ = _get(server + "dataset/latest", None)
    assert status == 303 and headers["location"] == server + "dataset/latest/"
    part = server + "id/sheet/2024/90001/budget/2023"
    status, headers, _ = _get(part, "text/turtle")
    assert (status, headers["location"], headers["vary"]) == (303, server + "id/sheet/2024/90001.ttl", "Accept")
    status, headers, _ = _get(part, None)
    assert (status, headers["location"]) == (303, server + "id/sheet/2024/90001/#budget/2023")
    assert _get(server + "id/project/99999", None)[0] == 404
    status, headers, body = _get(server + "catalog", None)  # the DCAT catalogue's IRI
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert any(t.object.value == "http://www.w3.org/ns/dcat#Catalog" for t in ox.parse(body, format=ox.RdfFormat.TURTLE))
    status, headers, _ = _get(server + "static/site.css", None)
    assert status == 200 and headers["content-type"].startswith("text/css") and "vary" not in headers


@pytest.mark.slow
def test_server_answers_301_for_a_retired_iri(server: str) -> None:
    """消防庁 was published as id/org/name-… before its 法人番号 was in the ministry table
    (rs2rdf/data/ministries_retired.csv); the sample names it, so its old IRI, page and twins move."""
    old, new = "id/org/" + name_key("消防庁"), "id/org/9000012020003"
    for tail in ("", "/", ".ttl", ".jsonld"):
        status, headers, _ = _get(server + old + tail, "text/turtle")
        assert (status, headers["location"]) == (301, server + new + tail), tail
    status, headers, _ = _get(server + new, "text/turtle")
    assert (status, headers["location"]) == (303, server + new + ".ttl")
