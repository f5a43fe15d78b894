"""Links into e-Gov 法令検索: a law's page, and the anchor of an article, paragraph or item in it.

e-Gov's law viewer gives each provision an element id written from the article down
(``Mp-At_{条}``, ``Mp-At_{条}-Pr_{項}``, ``Mp-At_{条}-Pr_{項}-It_{号}``; a branch number joins
with ``_``: 第2条の2 is ``At_2_2``, 第9号の2 ``It_9_2``), and the page scrolls to the fragment
``#Mp-At_…``. Only those forms are linked: a 附則 provision's id carries the number of the
amending law (which the sheets do not give) and a 号の細分 (イ, ロ …) is reached through its
号, so those anchors stop at the last level that is certain.
"""

from __future__ import annotations

import re

EGOV_LAW = "https://laws.e-gov.go.jp/law/{}"

#: An article, paragraph or item number as the mapping writes it: ``70``, ``70-6``, ``1イ``.
_NUMBER = re.compile(r"(\d+(?:-\d+)*)(.*)")


def _anchor_number(value: str) -> tuple[str, bool] | None:
    """``70-6`` → (``70_6``, exact); ``1イ`` → (``1``, not exact: a 号の細分 of item 1)."""
    m = _NUMBER.fullmatch(value)
    if not m:
        return None
    return m.group(1).replace("-", "_"), not m.group(2)


def egov_law_url(law_id: str) -> str:
    return EGOV_LAW.format(law_id)


def egov_provision_url(law_id: str, parts: tuple[str, ...] | list[str]) -> str | None:
    """The e-Gov URL of provision ``parts`` (条, 項, 号 as in its IRI) of law ``law_id``, or None
    when not even its article has a known anchor (附則).

    >>> egov_provision_url("325AC0000000201", ["2", "1", "5"])
    'https://laws.e-gov.go.jp/law/325AC0000000201#Mp-At_2-Pr_1-It_5'
    >>> egov_provision_url("326CO0000000319", ["2-2"])
    'https://laws.e-gov.go.jp/law/326CO0000000319#Mp-At_2_2'
    >>> egov_provision_url("326CO0000000319", ["4", "1", "1イ"])
    'https://laws.e-gov.go.jp/law/326CO0000000319#Mp-At_4-Pr_1-It_1'
    >>> egov_provision_url("326CO0000000319", ["sp-2"]) is None
    True
    """
    anchor = ""
    for prefix, value in zip(("At", "Pr", "It"), parts):
        number = _anchor_number(value)
        if number is None:
            break
        anchor += f"-{prefix}_{number[0]}"
        if not number[1]:
            break
    if not anchor:
        return None
    return f"{EGOV_LAW.format(law_id)}#Mp{anchor}"
