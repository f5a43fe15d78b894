"""Federated ``SERVICE`` calls found in a query's text, so an endpoint can refuse them.

pyoxigraph evaluates ``SERVICE <url>`` by sending the sub-query to that URL from the
machine that runs the store, and it has no switch to turn that off. An endpoint that lets
anyone run ``SERVICE`` is a request forwarder into its own network (and, with ``SILENT``,
a port scanner). So queries are scanned before they are run.

The scan is a lexer, not a parser: it skips comments, string literals and ``<IRI>``s and
reports every bare ``SERVICE`` keyword. It errs on the side of refusing: a query in which
it finds the word where a parser would not is refused too (e.g. a prefixed name such as
``ex:a.SERVICE``), never the other way round. Codepoint escapes (``\\u0053ERVICE``) are
decoded before a second scan, as SPARQL allows them anywhere in a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
               |'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
               |"(?:[^"\\\n\r]|\\.)*(?:"|$)
               |'(?:[^'\\\n\r]|\\.)*(?:'|$))
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]*)
    | (?P<word>[^\s{}()<>"'\#,;=!&|+*/^\[\]?$]+)
    | (?P<other>.)
    """,
    re.X | re.S,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Service:
    """One ``SERVICE`` clause: its target IRI when it is a constant, else the text found there."""

    target: str | None
    text: str


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(one, text)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment")]


def _scan(text: str, prefixes: dict[str, str]) -> list[Service]:
    tokens = _tokens(text)
    declared = dict(prefixes)
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value.upper() == "PREFIX" and i + 2 < len(tokens):
            name, iri = tokens[i + 1], tokens[i + 2]
            if name[0] == "word" and name[1].endswith(":") and iri[0] == "iri":
                declared[name[1][:-1]] = iri[1][1:-1]
    found: list[Service] = []
    for i, (kind, value) in enumerate(tokens):
        if kind != "word" or not any(p == "SERVICE" or p.startswith("SERVICE:") for p in value.upper().split(".")):
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
            j += 1
        nxt = tokens[j] if j < len(tokens) else ("other", "")
        target: str | None = None
        if value.upper().strip(".") != "SERVICE":  # "SERVICE:x", "ex:a.SERVICE": refused whatever follows
            pass
        elif nxt[0] == "iri":
            target = nxt[1][1:-1]
        elif nxt[0] == "word" and ":" in nxt[1]:
            prefix, local = nxt[1].split(":", 1)
            if prefix in declared:
                target = declared[prefix] + local
        found.append(Service(target, nxt[1]))
    return found


def services(text: str, prefixes: dict[str, str] | None = None) -> list[Service]:
    """Every ``SERVICE`` clause the query may hold (see the module's note on erring)."""
    prefixes = prefixes or {}
    found = _scan(text, prefixes)
    if "\\u" in text or "\\U" in text:
        found += [s for s in _scan(_unescape(text), prefixes) if s not in found]
    return found


def refusal(text: str, allowed: tuple[str, ...] = (), prefixes: dict[str, str] | None = None) -> str | None:
    """Why the query may not run here, or None: SERVICE only to IRIs under an ``allowed`` prefix."""
    for service in services(text, prefixes):
        if not allowed:
            return ("SERVICE (federated query) is disabled here: the server would fetch the URL itself. "
                    "Start it with --allow-service PREFIX to allow endpoints under PREFIX.")
        if service.target is None:
            return f"SERVICE target {service.text!r} is not a fixed IRI; only IRIs under --allow-service prefixes may be called"
        if not any(service.target.startswith(prefix) for prefix in allowed):
            return f"SERVICE <{service.target}> is not under an allowed prefix ({', '.join(allowed)})"
    return None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, whichever keyword comes first, or None.

    The endpoint needs the form before running the query, to answer 406 when the client
    accepts no format that form can be written in instead of running the query for nothing.
    """
    for kind, value in _tokens(text):
        if kind == "word" and value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return value.upper()
    return None


def names_dataset(text: str) -> bool:
    """Whether the query has a ``FROM`` or ``FROM NAMED`` clause, which then defines its dataset.

    pyoxigraph ignores those clauses when told to use the union of all graphs as the default
    graph, so the caller asks for the union only for queries without them. As with SERVICE,
    erring means asking for the query's own dataset (an empty default graph), never ignoring it.
    """
    return any(kind == "word" and value.upper() == "FROM" for kind, value in _tokens(text))
