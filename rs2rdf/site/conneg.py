"""Content negotiation for a static copy of the site: the Apache ``.htaccess`` and the nginx snippet.

They do what ``rs2rdf serve`` does, as far as each server's configuration language allows:

* a thing (``/id/…``) is answered **303 See Other** to its page (``…/``) or its Turtle or
  JSON-LD twin (``….ttl``, ``….jsonld``); a part of a sheet without a page of its own
  (``/id/sheet/2024/884/budget/2023``) to the sheet's twin or to its anchor in the sheet's page;
* a document (``/def/…``, ``/dataset/…``, ``/graph/…``, ``/source/…``) is answered 200 with
  the chosen twin (an internal rewrite), or 303 to its page;
* every answer about these paths carries ``Vary: Accept``; nginx never answers 302.

Neither server compares q-values as numbers, so the choice is made by PCRE patterns over the
``Accept`` header, the same in both servers and in :func:`choose` (which the tests compare with
``serve``'s full RFC 9110 negotiation):

* a type is *acceptable* when the header names it without ``q=0``; it is *lowered* when it
  names it with a q between 0 and 1;
* the RDF variant is Turtle, or JSON-LD when Turtle is not acceptable or is lowered while
  JSON-LD is not;
* it is chosen over HTML when HTML (``text/html`` or ``application/xhtml+xml``) is not
  acceptable, or is lowered while the RDF type is not; otherwise the page is the answer.

So ``text/turtle``, ``application/ld+json``, ``text/turtle, text/html;q=0.5`` and browsers'
headers get what ``serve`` gives them; ``text/turtle;q=0.9, text/html;q=0.8`` (two explicit
q-values below 1) gets the page, and ``*/*``-only or N-Triples/RDF-XML-only requests get the page
too (the static site has only Turtle and JSON-LD twins; ``serve`` converts, or answers 406).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "nq": "application/n-quads", "trig": "application/trig"}
#: Other static files the nginx ``types`` block must keep (it replaces nginx's default table).
STATIC_TYPES = {"html": "text/html", "css": "text/css", "js": "application/javascript", "json": "application/json",
                "csv": "text/csv", "svg": "image/svg+xml", "xml": "application/xml", "txt": "text/plain",
                "png": "image/png", "ico": "image/x-icon", "woff2": "font/woff2"}
#: Path tops of documents (answered 200 with the twin) and of things (answered 303).
DOCUMENT_TOPS = ("def", "dataset", "graph", "source")
THING_TOP = "id"

_TYPES = {"t": r"text/turtle", "j": r"application/ld\+json", "h": r"(?:text/html|application/xhtml\+xml)"}


def _acceptable(media: str) -> str:
    """The header names ``media`` with no ``q=0`` among its parameters."""
    return r"(?:^|,)\s*" + media + r"\s*(?:,|$|;(?![^,]*q=0(?:\.0*)?\s*(?:[,;]|$)))"


def _lowered(media: str) -> str:
    """The header names ``media`` with 0 < q < 1."""
    return r"(?:^|,)\s*" + media + r"\s*;[^,]*q=0\.\d*[1-9]"


#: (flag letter, level) → pattern; level "" acceptable, "l" lowered.
PATTERNS = {(k, lvl): (_acceptable(m) if not lvl else _lowered(m)) for k, m in _TYPES.items() for lvl in ("", "l")}
LEVELS = ("", "{k}", "{k}l")  # not named, acceptable, lowered


def decide(t: str, j: str, h: str) -> str:
    """The variant for the flags of Turtle, JSON-LD and HTML ("" / "t" / "tl" …): ``ttl``, ``jsonld`` or ``html``."""
    rdf, low = None, False
    if j and (not t or (t == "tl" and j == "j")):
        rdf, low = "jsonld", j == "jl"
    elif t:
        rdf, low = "ttl", t == "tl"
    if rdf and (not h or (h == "hl" and not low)):
        return rdf
    return "html"


def keys_for(variant: str) -> list[str]:
    """Every flag key ``t:j:h`` that :func:`decide` answers ``variant`` for."""
    out = []
    for t in ("", "t", "tl"):
        for j in ("", "j", "jl"):
            for h in ("", "h", "hl"):
                if decide(t, j, h) == variant:
                    out.append(f"{t}:{j}:{h}")
    return out


def flags(accept: str | None) -> tuple[str, str, str]:
    """The flags the server rules compute from ``Accept`` (each: "", "x" acceptable, "xl" lowered)."""
    header = accept or ""
    out = []
    for k in "tjh":
        flag = ""
        if re.search(PATTERNS[(k, "")], header, re.IGNORECASE):
            flag = k
        if re.search(PATTERNS[(k, "l")], header, re.IGNORECASE):
            flag = k + "l"
        out.append(flag)
    return out[0], out[1], out[2]


def choose(accept: str | None) -> str:
    """What the generated rules answer for ``accept``: ``ttl``, ``jsonld`` or ``html``."""
    return decide(*flags(accept))


def _key_pattern(variant: str) -> str:
    return "^(?:" + "|".join(re.escape(k) for k in keys_for(variant)) + ")$"


#: A retired path's variants that follow it to its replacement: the IRI, its page, its twins.
_RETIRED_TAIL = r"(/|\.ttl|\.jsonld|\.nt|\.rdf)?"


def _literal(path: str) -> str:
    """``path`` as a PCRE matching itself (only the metacharacters escaped, so rules stay readable)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", path)


def _retired_htaccess(redirects: Sequence[tuple[str, str]]) -> str:
    if not redirects:
        return ""
    rules = "".join(f"RewriteRule ^{_literal(old)}{_RETIRED_TAIL}$ {new}$1 [R=301,L]\n" for old, new in redirects)
    return "# retired IRIs (dcterms:isReplacedBy; rs2rdf/site/redirects.py): 301 to the replacement, page and twins alike\n" + rules


def _retired_nginx(prefix: str, redirects: Sequence[tuple[str, str]]) -> str:
    p = re.escape(prefix)
    return "".join(f'location ~ "^{p}{_literal(old)}{_RETIRED_TAIL}$" {{\n    add_header Vary Accept always;\n'
                   f'    return 301 {prefix}{new}$1;\n}}\n' for old, new in redirects)


def htaccess(prefix: str, redirects: Sequence[tuple[str, str]] = ()) -> str:
    """Apache 2.4 (mod_rewrite; mod_headers for ``Vary``), for the site folder served at ``prefix``.
    ``redirects``: (old folder, new folder) of retired IRIs (:func:`rs2rdf.site.redirects.retired`)."""
    types = "".join(f"AddType {MEDIA[e]} .{e}\n" for e in sorted(MEDIA))
    docs = "|".join(DOCUMENT_TOPS)
    tops = "|".join((THING_TOP, *DOCUMENT_TOPS))
    flag_rules = []
    for k in "tjh":
        for lvl in ("", "l"):
            flag_rules.append(f'RewriteCond %{{HTTP_ACCEPT}} "{PATTERNS[(k, lvl)]}" [NC]\n'
                              f'RewriteRule ^(?:{tops})(?:/|$) - [E=RS_{k.upper()}:{k}{lvl}]\n')
    return f"""# rs2rdf: content negotiation for a static copy of the site (Apache 2.4, mod_rewrite and mod_headers)
# Things (/id/…) answer 303 See Other to their page or Turtle/JSON-LD twin; documents (/{'/…, /'.join(DOCUMENT_TOPS)}/…)
# answer their twin (200) or 303 to their page; Vary: Accept on all of them. q-values are compared as far as
# patterns can: a type with q=0 is never chosen, and RDF beats HTML when HTML is absent or has a lower q written
# out while the RDF type has none (see rs2rdf/site/conneg.py and the README).
{types}AddCharset utf-8 .ttl .jsonld .nt .nq .trig .html
Options -MultiViews
# mod_dir would answer a folder without its slash with 301 before a rewrite to its twin takes effect:
# the last rule below adds the slash instead
DirectorySlash Off
RewriteEngine On
RewriteBase {prefix}
{_retired_htaccess(redirects)}# the Accept header is only looked at (and Vary: Accept only sent) for resource paths
RewriteRule ^(?:{tops})(?:/|$) - [E=RS_T:,E=RS_J:,E=RS_H:,E=RS_VARIANT:html]
{''.join(flag_rules)}
RewriteCond %{{ENV:RS_T}}:%{{ENV:RS_J}}:%{{ENV:RS_H}} "{_key_pattern('ttl')}"
RewriteRule ^ - [E=RS_VARIANT:ttl]
RewriteCond %{{ENV:RS_T}}:%{{ENV:RS_J}}:%{{ENV:RS_H}} "{_key_pattern('jsonld')}"
RewriteRule ^ - [E=RS_VARIANT:jsonld]
# the DCAT catalogue's IRI: its description, catalog.ttl (the one variant there is)
RewriteRule ^catalog$ catalog.ttl [L]
# a thing with its own page: 303 to the twin or the page
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{ENV:RS_VARIANT}} ^(ttl|jsonld)$
RewriteRule ^({THING_TOP}/.*[^/])$ $1.%{{ENV:RS_VARIANT}} [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteRule ^({THING_TOP}/.*[^/])$ $1/ [R=303,L]
# a document: its twin itself, or 303 to its page
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{ENV:RS_VARIANT}} ^(ttl|jsonld)$
RewriteCond %{{REQUEST_FILENAME}}.%{{ENV:RS_VARIANT}} -f
RewriteRule ^((?:{docs})/.*[^/])$ $1.%{{ENV:RS_VARIANT}} [L]
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteRule ^((?:{docs})/.*[^/])$ $1/ [R=303,L]
# a part of a sheet shown in the sheet's page (blocks, payments, budget rows, cube observations' rows…):
# 303 to the sheet's twin, or to the part's anchor in the sheet's page (sheets are id/sheet/Y/N or id/sheet/Y/M/N)
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}} !-d
RewriteCond %{{REQUEST_FILENAME}} ^(.*/{THING_TOP}/sheet/[^/]+/[^/]+/[^/]+)/.+$
RewriteCond %1 -d
RewriteCond %{{ENV:RS_VARIANT}} ^(ttl|jsonld)$
RewriteRule ^({THING_TOP}/sheet/[^/]+/[^/]+/[^/]+)/(.+)$ $1.%{{ENV:RS_VARIANT}} [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}} !-d
RewriteCond %{{REQUEST_FILENAME}} ^(.*/{THING_TOP}/sheet/[^/]+/[^/]+/[^/]+)/.+$
RewriteCond %1 -d
RewriteRule ^({THING_TOP}/sheet/[^/]+/[^/]+/[^/]+)/(.+)$ $1/#$2 [R=303,NE,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}} !-d
RewriteCond %{{ENV:RS_VARIANT}} ^(ttl|jsonld)$
RewriteRule ^({THING_TOP}/sheet/[^/]+/[^/]+)/(.+)$ $1.%{{ENV:RS_VARIANT}} [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}} !-d
RewriteRule ^({THING_TOP}/sheet/[^/]+/[^/]+)/(.+)$ $1/#$2 [R=303,NE,L]
# any other folder asked for without its slash (what DirectorySlash did)
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteRule ^(.*[^/])$ $1/ [R=301,L]
<IfModule mod_headers.c>
<If "%{{THE_REQUEST}} =~ m#^\\S+\\s+{re.escape(prefix)}(?:{tops})(?:[/?\\s]|$)#">
Header always merge Vary Accept
</If>
</IfModule>
"""


def nginx(prefix: str, redirects: Sequence[tuple[str, str]] = ()) -> str:
    """An nginx snippet for the ``server`` block whose ``root`` serves the site folder at ``prefix``.
    ``redirects``: as for :func:`htaccess` (their locations come first: nginx takes the first
    regular-expression location that matches)."""
    types = " ".join(f"{m} {e};" for e, m in sorted({**STATIC_TYPES, **MEDIA}.items()))
    docs = "|".join(DOCUMENT_TOPS)
    tops = "|".join((THING_TOP, *DOCUMENT_TOPS))
    p = re.escape(prefix)
    flag_rules = "".join(f'    if ($http_accept ~* "{PATTERNS[(k, lvl)]}") {{ set $rs_{k} "{k}{lvl}"; }}\n'
                         for k in "tjh" for lvl in ("", "l"))
    return f"""# rs2rdf: include inside the server block whose root serves this folder at {prefix}
# Things (/id/…) answer 303 See Other to their page or Turtle/JSON-LD twin; documents answer their twin (200) or 303
# to their page; Vary: Accept on all of them; never 302. q-values: see rs2rdf/site/conneg.py and the README.
types {{ {types} }}
charset utf-8;
charset_types text/turtle application/ld+json application/n-triples application/n-quads application/trig text/css application/javascript text/csv;
{_retired_nginx(prefix, redirects)}location ~ "^{p}(?:{tops})(?:/|$)" {{
    add_header Vary Accept always;
    set $rs_t ""; set $rs_j ""; set $rs_h "";
{flag_rules}    set $rs_key "$rs_t:$rs_j:$rs_h";
    set $rs_variant "html";
    if ($rs_key ~ "{_key_pattern('ttl')}") {{ set $rs_variant "ttl"; }}
    if ($rs_key ~ "{_key_pattern('jsonld')}") {{ set $rs_variant "jsonld"; }}
    set $rs_kind "";
    if ($uri ~ "^{p}{THING_TOP}/.*[^/]$") {{ set $rs_kind "thing"; }}
    if ($uri ~ "^{p}(?:{docs})/.*[^/]$") {{ set $rs_kind "doc"; }}
    if (-d $request_filename) {{ set $rs_kind "$rs_kind-dir"; }}
    set $rs_go "$rs_kind:$rs_variant";
    if ($rs_go ~ "^thing-dir:(ttl|jsonld)$") {{ return 303 $uri.$rs_variant; }}
    if ($rs_go = "thing-dir:html") {{ return 303 $uri/; }}
    if ($rs_go ~ "^doc-dir:(ttl|jsonld)$") {{ rewrite ^ $uri.$rs_variant last; }}
    if ($rs_go = "doc-dir:html") {{ return 303 $uri/; }}
    # (an "if" that matches runs the request in its own context, which try_files is not inherited into)
    error_page 404 = @rs_part;
}}
# the DCAT catalogue's IRI: its description, catalog.ttl (the one variant there is)
location = {prefix}catalog {{
    try_files {prefix}catalog.ttl =404;
}}
# a part of a sheet shown in the sheet's page: 303 to the sheet's twin, or to the part's anchor in its page
location @rs_part {{
    add_header Vary Accept always;
    set $rs_sheet ""; set $rs_part ""; set $rs_sheet3 ""; set $rs_part3 "";
    if ($uri ~ "^({p}{THING_TOP}/sheet/[^/]+/[^/]+)/(.+)$") {{ set $rs_sheet $1; set $rs_part $2; }}
    if ($uri ~ "^({p}{THING_TOP}/sheet/[^/]+/[^/]+/[^/]+)/(.+)$") {{ set $rs_sheet3 $1; set $rs_part3 $2; }}
    if (-d $document_root$rs_sheet3) {{ set $rs_sheet $rs_sheet3; set $rs_part $rs_part3; }}
    if ($rs_sheet = "") {{ return 404; }}
    if (!-d $document_root$rs_sheet) {{ return 404; }}
    if ($rs_variant ~ "^(ttl|jsonld)$") {{ return 303 $rs_sheet.$rs_variant; }}
    return 303 "$rs_sheet/#$rs_part";
}}
"""
