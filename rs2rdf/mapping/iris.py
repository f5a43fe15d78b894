"""The only place IRIs are minted (VOCABULARIES.md §6).

IRIs come from official keys (review year, 予算事業ID, block letter, 法人番号, 法令ID) and,
where no key exists, from a content hash of the key fields: never from row order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

DEFAULT_BASE = "https://example.org/rs2rdf/"

#: Where the vocabulary lives, whatever ``--base-iri`` the data is minted under: the ``rs:``
#: terms (``def/rs#…``), the shapes (``def/shapes#…``) and the SKOS code lists
#: (``def/{scheme}/{code}``). Two deployments publish one vocabulary, so their data can be
#: queried together and a term's IRI never changes when a site moves; a w3id.org redirect
#: sends it to the deployment that hosts the vocabulary page (README "The vocabulary").
VOCAB_BASE = "https://w3id.org/rs2rdf/def/"
#: The ``rs:`` namespace.
RS = VOCAB_BASE + "rs#"
#: The vocabulary's document (the owl:Ontology, and its page).
RS_DOC = VOCAB_BASE + "rs"

_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")


def content_hash(*parts: object) -> str:
    """First 10 hex digits of SHA-256 over the NFKC key fields joined with U+001F."""
    text = "\x1f".join("" if p is None else unicodedata.normalize("NFKC", str(p)) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


#: Longest segment kept as it is; longer keys keep a readable prefix and a hash of the whole,
#: so every segment stays a valid file name (255 bytes) on every file system.
MAX_SEGMENT = 180


def segment(text: str) -> str:
    """One path segment from a key that may hold anything (事業番号 `新29-0012`, junk IDs).

    ASCII-safe keys stay as they are; anything else is percent-encoded (NFKC first, lone
    surrogates as their raw code units), so every result is a valid IRI path segment and a
    safe file name. Distinct NFKC-normalised keys give distinct segments: the empty key is
    ``%7E`` (``~`` is never encoded), and over-long keys end in ``~`` + 16 hex digits of
    their SHA-256.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text:
        return "%7E"
    if _SAFE.fullmatch(text) and text not in (".", ".."):
        out = text
    else:
        out = quote(text.encode("utf-8", "surrogatepass"), safe="").replace(".", "%2E")
    if len(out) > MAX_SEGMENT:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        cut = out[: MAX_SEGMENT - 17]
        cut = cut[: cut.rfind("%")] if "%" in cut[-2:] else cut  # never split an escape
        out = f"{cut}~{digest}"
    return out


def normalize_base(base: str) -> str:
    """The base with a trailing slash, or ValueError saying what is wrong with it.

    Every minted IRI is the base plus a path, so the base may hold no query or fragment,
    needs a host, and must itself be a valid IRI (checked by pyoxigraph, which mints them).
    """
    from urllib.parse import urlsplit

    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", base):
        raise ValueError(f"base IRI must be an http(s) IRI without spaces: {base!r}")
    parts = urlsplit(base)
    if not parts.hostname:
        raise ValueError(f"base IRI has no host: {base!r}")
    if "#" in base or "?" in base:
        raise ValueError(f"base IRI may not hold '#' or '?' (every IRI is the base plus a path): {base!r}")
    if re.search(r"%(?![0-9A-Fa-f]{2})", base):
        raise ValueError(f"base IRI has a '%' not followed by two hex digits: {base!r}")
    base = base if base.endswith("/") else base + "/"
    try:
        import pyoxigraph

        pyoxigraph.NamedNode(base + "x")
    except ValueError as exc:
        raise ValueError(f"base IRI is not a valid IRI ({exc}): {base!r}") from None
    return base


class Iris:
    """IRI factory bound to one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = normalize_base(base)
        self.vocab = RS

    def term(self, name: str) -> str:
        return self.vocab + name

    def concept(self, scheme: str, code: str | None = None) -> str:
        """A SKOS code list or one of its concepts: vocabulary, so under :data:`VOCAB_BASE`, not the base."""
        return f"{VOCAB_BASE}{scheme}" + (f"/{segment(code)}" if code is not None else "")

    def project(self, budget_id: int) -> str:
        return f"{self.base}id/project/{budget_id}"

    def project_before_rs(self, review_year: int, ministry: str | None, number: str | None) -> str:
        """A project known only from pre-2024 sheets: named after its earliest sheet in the build."""
        return f"{self.base}id/project/{review_year}/{segment(ministry or 'unknown')}/{segment(number or 'unknown')}"

    def sheet(self, review_year: int, budget_id: int | None = None, ministry: str | None = None,
              number: str | None = None) -> str:
        if budget_id is not None:
            return f"{self.base}id/sheet/{review_year}/{budget_id}"
        return f"{self.base}id/sheet/{review_year}/{segment(ministry or 'unknown')}/{segment(number or 'unknown')}"

    def org(self, corporate_number: str) -> str:
        return f"{self.base}id/org/{segment(corporate_number)}"

    def unit(self, ministry_key: str, path: tuple[str, ...]) -> str:
        return f"{self.base}id/org/{segment(ministry_key)}/unit/{content_hash(*path)}"

    def law(self, law_id: str) -> str:
        return f"{self.base}id/law/{segment(law_id)}"

    def provision(self, law_id: str, parts: list[str]) -> str:
        return self.law(law_id) + "".join("/" + segment(p) for p in parts)

    def fiscal_year(self, year: int) -> str:
        return f"{self.base}id/fy/{year}"

    def graph(self, *parts: str) -> str:
        return f"{self.base}graph/" + "/".join(segment(p) for p in parts)

    def source(self, *parts: str) -> str:
        return f"{self.base}source/" + "/".join(segment(p) for p in parts)

    def dataset(self, *parts: str) -> str:
        return f"{self.base}dataset/" + "/".join(segment(p) for p in parts)
