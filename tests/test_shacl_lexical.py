"""Regressions of the fast SHACL evaluator against XPath/XSD rules that pySHACL shares."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from rs2rdf.validation.shacl import _datatype_ok, xpath_regex

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(("pattern", "value", "ok"), [
    (r"^[0-9]+$", "123", True),
    (r"^[0-9]+$", "123\n", False),      # XPath $ is the very end; Python's $ also matched before a final newline
    (r"^[A-Z]$", "A", True),
    (r"^[$]x$", "$x", True),            # $ inside a class is a character
    (r"^a\$$", "a$", True),             # an escaped $ is a character
])
def test_sh_pattern_follows_xpath_end_of_string(pattern: str, value: str, ok: bool) -> None:
    assert bool(re.search(xpath_regex(pattern), value)) is ok


@pytest.mark.parametrize(("lexical", "datatype", "ok"), [
    ("5", "decimal", True), ("5\n", "decimal", False), (" 5 ", "decimal", False),
    ("2024", "gYear", True), ("02024", "gYear", False), ("0000", "gYear", False), ("12024", "gYear", True),
    ("true", "boolean", True), ("true\n", "boolean", False),
])
def test_datatype_lexical_forms(lexical: str, datatype: str, ok: bool) -> None:
    value = ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))
    assert _datatype_ok(XSD + datatype, value) is ok
