"""The site's HTML fragments escape exactly as jinja2's autoescape (markupsafe) does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from rs2rdf.site import html


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("&<>\"'ab 日本\u3000")) | st.characters(codec="utf-8")))
def test_escape_is_markupsafes_as_a_plain_str(text: str) -> None:
    out = html.escape(text)
    assert out == str(escape(text))
    assert type(out) is str  # a Markup would escape a plain str added to its left


def test_markup_and_other_values() -> None:
    assert html.escape(Markup("<b>x</b>")) == "<b>x</b>"
    assert html.escape(12) == "12"
    assert html.t({"ja": "A & B", "en": "A & B"}) == "A &amp; B"
    assert html.t({"ja": "<日本>", "en": "'x'"}) == '<span class="l-ja" lang="ja">&lt;日本&gt;</span><span class="l-en" lang="en">&#39;x&#39;</span>'
