"""The small HTML fragments every page repeats hundreds of times, written in Python.

A sheet page shows every block, payment and contract it holds, each with its property
table: thousands of labels and links per page. As jinja2 macros (``t`` → ``link`` →
``value`` → ``props``) each costs a macro call, which made these tables most of the
site's render time. ``templates/_macros.html`` binds these functions under the macros'
names, so the markup is the same, a custom ``_macros.html`` can still define any of them
as a macro, and every value is escaped exactly as autoescape would.
"""

from __future__ import annotations

import json

from typing import Any, Iterable, Mapping

from markupsafe import Markup
from markupsafe import escape as markup_escape


_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_for_html(data: object, **kwargs: Any) -> str:
    """JSON that can stand inside ``<script>``: no ``<``, ``>`` or ``&`` left for the HTML parser to see.

    Escaping only ``</`` is not enough: ``<!--<script>`` in a string switches the parser
    into a state where the rest of the page becomes script text. The escapes are JSON's
    own, so the data parses back unchanged.
    """
    return json.dumps(data, ensure_ascii=False, **kwargs).translate(_JSON_IN_HTML)


def escape(value: object) -> str:
    """markupsafe.escape's output, as a plain str (a Markup would escape a str added to its left).

    markupsafe makes a Markup of every value, which doubles the cost of the many that need no
    change. CPU ns per call on the benchmark's labels and IRIs (200,000, of which 8 hold a
    character to escape), on the shared machine: markupsafe.escape 800; the five ``in`` tests
    with str.replace, as before, 405; the tests with markupsafe behind them, here, 395. On text
    with such a character: 1,100, 500 and 760, and that text is rare.
    """
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return str(markup_escape(text))
    return text


Value = Mapping[str, Any]


def t(label: Value) -> str:
    ja, en = label["ja"], label.get("en")
    if en and en != ja:
        return f'<span class="l-ja" lang="ja">{escape(ja)}</span><span class="l-en" lang="en">{escape(en)}</span>'
    return escape(ja)


def tt(ja: str, en: str) -> str:
    return f'<span class="l-ja" lang="ja">{escape(ja)}</span><span class="l-en" lang="en">{escape(en)}</span>'


def link(v: Value | None) -> str:
    if v is None:
        return "—"
    if v.get("href"):
        rel = ' rel="external"' if v.get("external") else ""
        return f'<a href="{escape(v["href"])}"{rel}>{t(v["label"])}</a>'
    return f'<span title="{escape(v["iri"])}">{t(v["label"])}</span>'


def value(v: Value) -> str:
    if "label" in v:
        return link(v)
    lang = v.get("lang")
    attr = f' lang="{escape(lang)}"' if lang else ""
    return f'<span{attr} class="lit">{escape(v["text"])}</span>'


def props(rows: Iterable[Value], caption: str | None = None) -> str:
    out = ['<table class="props">\n']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>\n")
    out.append("<tbody>\n")
    fast = getattr(rows, "rows_html", None)  # view.PropertyRows writes its rows without dicts
    if fast is not None:
        out.append(fast())
        rows = ()
    for row in rows:
        values = row["values"]
        more = row.get("more", 0)
        cell = value(values[0]) if len(values) == 1 and not more else \
            '<ul class="vals">' + "".join(f"<li>{value(v)}</li>" for v in values) + \
            (f'<li class="muted">{more_note(more)}</li>' if more else "") + "</ul>"
        out.append(f'<tr><th scope="row"><span title="{escape(row["curie"])}">{t(row["label"])}</span></th>\n<td>{cell}</td></tr>\n')
    out.append("</tbody>\n</table>")
    return "".join(out)


def more_note(n: int) -> str:
    """What stands for the values a page leaves out (all of them are in its .ttl twin)."""
    return tt(f"ほか {n:,} 件（全件は .ttl に）", f"and {n:,} more (all in the .ttl twin)")


def members(groups: Iterable[Value]) -> str:
    groups = list(groups)
    if not groups:
        return ""
    out = ['<section class="members" aria-labelledby="members-h">\n',
           f'<h2 id="members-h">{tt("このページに含まれるリソース", "Resources on this page")}</h2>\n']
    for g in groups:
        items = g["items"]
        opened = " open" if len(items) <= 12 else ""
        out.append(f'<details class="group"{opened}>\n<summary>{t(g["type"])} <span class="count">({len(items)})</span></summary>\n')
        compact = [m for m in items if "compact" in m]
        if compact:
            out.append('<ul class="compact">\n')
            for m in compact:
                out.append(f'<li id="{escape(m["id"])}"><a class="anchor" href="{escape(m["self"])}">{t(m["title"])}</a> '
                           f'{m["compact"]}</li>\n')
            out.append("</ul>\n")
        for m in items:
            if "compact" in m:
                continue
            out.append(f'<section class="member" id="{escape(m["id"])}">\n'
                       f'<h3><a class="anchor" href="{escape(m["self"])}" aria-label="link">#</a> {t(m["title"])}</h3>\n'
                       f'<p class="iri"><code>{escape(m["iri"])}</code></p>\n{props(m["props"])}\n</section>\n')
        out.append("</details>\n")
    out.append("</section>\n")
    return "".join(out)


def _backlink_items(items: Iterable[Value]) -> str:
    out = []
    for v in items:
        ctx = f'<span class="ctx">{t(v["context"])} › </span>' if "context" in v else ""
        out.append(f"<li>{ctx}{link(v)}</li>")
    return "".join(out)


def backlinks(groups: Iterable[Value]) -> str:
    groups = list(groups)
    out = ['<section class="backlinks" aria-labelledby="backlinks-h">\n',
           f'<h2 id="backlinks-h">{tt("このリソースを参照しているもの", "Links to this resource")}</h2>\n']
    if not groups:
        out.append(f'<p class="muted">{tt("なし", "None")}</p>\n')
    for g in groups:
        out.append(f'<h3>{t(g["label"])} <span class="count">({escape(g["total"])})</span></h3>\n'
                   f'<ul class="backlist">\n{_backlink_items(g["first"])}\n</ul>\n')
        for c in g["chunks"]:
            out.append(f'<details><summary>{escape(c["start"])}–{escape(c["end"])}</summary><ul class="backlist">\n'
                       f'{_backlink_items(c["items"])}\n</ul></details>\n')
        if g["omitted"]:
            n = g["omitted"]
            out.append(f'<p class="muted">{tt(f"ほか {n} 件は .ttl を参照", f"and {n} more in the .ttl twin")}</p>\n')
    out.append("</section>")
    return "".join(out)


def money(v: Any) -> str:
    """An amount cell's content: Japanese units (or the English short form) with the exact yen on hover.

    ``v`` is a :func:`rs2rdf.site.money_pages.cell` dict; a missing amount prints 「—」.
    """
    if not v or v.get("yen") is None:
        return '<span class="unknown" title="記載なし / not stated">—</span>'
    return (f'<span class="money" title="{escape(v["exact"])}" data-yen="{escape(v["yen"])}">'
            f'<span class="l-ja" lang="ja">{escape(v["ja"])}</span><span class="l-en" lang="en">{escape(v["en"])}</span></span>')


#: Registered as jinja2 globals under these names (``html_props`` …), each returning Markup.
FRAGMENTS = {"t": t, "tt": tt, "link": link, "value": value, "props": props, "members": members, "backlinks": backlinks,
             "money": money}


def globals_for_jinja() -> dict[str, Any]:
    def wrap(f: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Markup:
            return Markup(f(*args, **kwargs))
        call.__name__ = f.__name__
        return call
    return {f"html_{name}": wrap(f) for name, f in FRAGMENTS.items()}
