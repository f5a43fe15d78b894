"""Query result tables line up in a terminal: columns are measured the way terminals draw text
(wcwidth), not by code points (Japanese text is two columns a character)."""

from __future__ import annotations

import wcwidth

from rs2rdf.sparql.query import table_lines, width


def test_width_is_what_the_terminal_draws() -> None:
    assert width("abc") == 3
    assert width("行政事業") == 8
    assert width("ｱｲｳ") == 3, "half-width katakana take one column"
    assert width("e\u0301") == 1, "a combining accent takes none (it counted one)"
    assert width("a\u200bb") == 2, "a zero-width space takes none"
    assert width("👍🏽") == 2, "an emoji with a skin tone is one glyph (it counted four)"
    for text in ("デジタル庁 (1)", "株式会社ＡＢＣ", "Ⅰ期", "－"):
        assert width(text) == wcwidth.width(text)


def test_columns_line_up_with_wide_and_combining_text() -> None:
    def lit(v: str) -> dict[str, str]:
        return {"type": "literal", "value": v}

    lines = table_lines(["name", "n"], [[lit("デジタル庁"), lit("1")], [lit("Cafe\u0301"), lit("2")], [lit("ab"), lit("3")]])
    separators = {wcwidth.width(line.split(" | ")[0]) for line in lines if " | " in line}
    assert len(separators) == 1, lines
