"""Japanese labels of law provisions, written the way laws print them."""

from __future__ import annotations

import re

_SUB = re.compile(r"^(\d+(?:-\d+)*)(.*)$")


def _numbered(value: str, unit: str) -> str:
    """``7-2`` + 条 → 第7条の2; ``1イ`` + 号 → 第1号イ."""
    m = _SUB.match(value)
    if not m:
        return f"第{value}{unit}"
    head, *branches = m.group(1).split("-")
    return f"第{head}{unit}" + "".join(f"の{b}" for b in branches) + m.group(2)


def provision_label(article: str | None, paragraph: str | None, item: str | None) -> str:
    """「第70条の6第1項第2号」; 附則 articles (``sp-2``) read 附則第2条."""
    out = ""
    if article:
        if article.startswith("sp"):
            rest = article[3:]
            out += "附則" + (_numbered(rest, "条") if rest else "")
        else:
            out += _numbered(article, "条")
    if paragraph:
        out += _numbered(paragraph, "項")
    if item:
        out += _numbered(item, "号")
    return out
