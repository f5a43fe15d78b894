"""Coded values as SKOS concepts, printed values outside their code list included.

A property that takes codes (実施方法, 会計区分, シート種別, 反映状況 …) is an
``owl:ObjectProperty`` whose every value is a concept of its scheme. A printed value the
list in :mod:`rs2rdf.mapping.codes` does not know gets a concept of its own, ``x-{hash}`` of the
NFKC-normalised text (the same in every build, like every code), labelled with the text as
printed and listed in the scheme; it is reported as ``unknown-code`` so the list can be extended.
Writing such a value as text instead would make the property sometimes an IRI and sometimes a
literal, which no range can describe.
"""

from __future__ import annotations

from rs2rdf.core.errors import Problem
from rs2rdf.core.location import SourceLocation
from rs2rdf.mapping.codes import code_for
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash
from rs2rdf.sources.normalize.text import key


def concept(ctx: Context, scheme: str, printed: str | None, src: SourceLocation) -> str | None:
    """The concept IRI of ``printed`` in ``scheme``; None for a blank value."""
    if not printed or not printed.strip():
        return None
    code = code_for(scheme, printed)
    if code is None:
        code = "x-" + content_hash(key(printed))
        ctx.problems.append(Problem("unknown-code", f"not in the {scheme} code list; a concept labelled with "
                                    "the printed value was added to the scheme", src, printed))
        ctx.codes.setdefault((scheme, code), printed.strip())
    return ctx.iris.concept(scheme, code)
