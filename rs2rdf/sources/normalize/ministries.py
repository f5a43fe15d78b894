"""The ministries and agencies that own review sheets, from a committed table.

Sheets name a ministry in many ways (「国土交通省　気象庁」, 事業番号 abbreviations such
as 経産, 政策所管府省庁 vs 府省庁); all of them must reach one resource, keyed by the
organ's 法人番号 where it has one (FORMATS §4.4, VOCABULARIES §6).
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "ministries.csv"
#: Name-keyed IRIs retired when their organ's 法人番号 was added to the table (``former_key``,
#: ``corporate_number``, ``name_ja``): written by tools/retire_ministry_keys.py from the table's
#: git history, so an IRI published once keeps resolving (README "Organisations without a 法人番号").
RETIRED_PATH = DEFAULT_PATH.with_name("ministries_retired.csv")

_SPACES = re.compile(r"[\s\u3000]+")
_NUMBER_PARTS = re.compile(r"[\d\s\u3000\-ー－ｰ‐―−:：,、]+")


def _key(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Ministry:
    """A 府省庁 or 外局. ``parent`` is the parent's 法人番号 (外局 → ministry)."""

    corporate_number: str | None
    name_ja: str
    name_en: str
    parent: str | None = None
    abbreviation: str | None = None
    kenseijun: int | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """IRI key: the 法人番号, or a stable hash of the name when the organ has none on file."""
        if self.corporate_number:
            return self.corporate_number
        return name_key(self.name_ja)


def name_key(name_ja: str) -> str:
    """The IRI key of an organ the table gives no 法人番号: a stable hash of its name."""
    digest = hashlib.sha256(unicodedata.normalize("NFKC", name_ja).encode("utf-8")).hexdigest()
    return f"name-{digest[:10]}"


def retired_keys(earlier: list[list[dict[str, str]]], current: "MinistryTable") -> dict[str, tuple[str, str]]:
    """Name keys of earlier versions of the table (rows as :class:`csv.DictReader` gives them)
    whose organ now has a 法人番号: former key → (法人番号, name). An organ is the same when its
    name or one of its aliases is a name of the current row."""
    out: dict[str, tuple[str, str]] = {}
    for rows in earlier:
        for row in rows:
            name = (row.get("name_ja") or "").strip()
            if not name or _blank(row.get("corporate_number")):
                continue
            found = current.resolve_exact(name)
            if found is not None and found.corporate_number:
                out[name_key(name)] = (found.corporate_number, found.name_ja)
    return out


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


class MinistryTable:
    """Lookup of every spelling of a ministry name."""

    def __init__(self, ministries: list[Ministry], retired: dict[str, str] | None = None) -> None:
        self._ministries = list(ministries)
        #: former name key → the 法人番号 its organ has now
        self.retired = dict(retired or {})
        self._by_key: dict[str, Ministry] = {}
        self._by_number: dict[str, Ministry] = {}
        for ministry in self._ministries:
            if ministry.corporate_number:
                if ministry.corporate_number in self._by_number:
                    raise ValueError(f"法人番号 {ministry.corporate_number} appears twice in the ministry table")
                self._by_number[ministry.corporate_number] = ministry
            names = [ministry.name_ja, *ministry.aliases]
            if ministry.abbreviation:
                names.append(ministry.abbreviation)
            for name in names:
                key = _key(name)
                other = self._by_key.get(key)
                if other is not None and other is not ministry:
                    raise ValueError(f"{name!r} names both {other.name_ja} and {ministry.name_ja}")
                self._by_key[key] = ministry
        self._prefixes = sorted(
            ((_key(m.name_ja), m) for m in self._ministries if len(m.name_ja) >= 3), key=lambda item: -len(item[0])
        )
        for former, number in self.retired.items():
            if number not in self._by_number:
                raise ValueError(f"retired key {former} names 法人番号 {number}, which the ministry table does not have")
            if any(m.key == former for m in self._ministries):
                raise ValueError(f"retired key {former} is still the key of an organ in the ministry table")

    @classmethod
    def load(cls, path: str | Path | None = None, retired: str | Path | None = None) -> "MinistryTable":
        """Read the bundled table (or a CSV with the same columns) and its retired name keys
        (``retired``, by default ministries_retired.csv beside the table, when there is one)."""
        table = Path(path or DEFAULT_PATH)
        with open(table, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        retired_path = Path(retired) if retired else (RETIRED_PATH if path is None else table.with_name(RETIRED_PATH.name))
        former: dict[str, str] = {}
        if retired_path.is_file():
            with open(retired_path, encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    key, number = (row.get("former_key") or "").strip(), (row.get("corporate_number") or "").strip()
                    if key and number:
                        former[key] = number
        ministries = []
        for row in rows:
            kenseijun = _blank(row.get("kenseijun"))
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a.strip())
            ministries.append(
                Ministry(
                    corporate_number=_blank(row.get("corporate_number")),
                    name_ja=row["name_ja"].strip(),
                    name_en=(row.get("name_en") or "").strip(),
                    parent=_blank(row.get("parent_corporate_number")),
                    abbreviation=_blank(row.get("abbreviation")),
                    kenseijun=int(kenseijun) if kenseijun else None,
                    wikidata=_blank(row.get("wikidata")),
                    aliases=aliases,
                )
            )
        return cls(ministries, former)

    def all(self) -> list[Ministry]:
        """Every ministry in protocol order (建制順), then by name."""
        return sorted(
            self._ministries,
            key=lambda m: (m.kenseijun is None, m.kenseijun or 0, m.parent is not None, m.name_ja),
        )

    def retired_for(self, ministry: Ministry) -> list[str]:
        """The name keys ``ministry`` was published under before its 法人番号 was on file."""
        return sorted(k for k, n in self.retired.items() if ministry.corporate_number and n == ministry.corporate_number)

    def resolve_exact(self, name: str) -> Ministry | None:
        """The ministry one of whose names (name, alias, abbreviation) is exactly ``name`` (NFKC, no spaces)."""
        return self._by_key.get(_key(name))

    def by_corporate_number(self, number: str) -> Ministry | None:
        return self._by_number.get(number)

    def parent_of(self, ministry: Ministry) -> Ministry | None:
        return self._by_number.get(ministry.parent) if ministry.parent else None

    def resolve(self, name: str | None) -> Ministry | None:
        """The ministry a printed name means, or None.

        Tries the name itself (NFKC, no spaces), then its space-separated parts from the
        last (「国土交通省　気象庁」 → 気象庁), then the parts of a 事業番号
        (「2023-総務省-22-0100」, 「2023警察220059」), then the longest known name the text
        starts with (「国土交通省航空局」 → 国土交通省).
        """
        if not name or not name.strip():
            return None
        text = unicodedata.normalize("NFKC", name).strip()
        found = self._by_key.get(_key(text))
        if found:
            return found
        for part in reversed(_SPACES.split(text)):
            if part and part != text and (found := self._by_key.get(_key(part))):
                return found
        for part in _NUMBER_PARTS.split(text):
            if part and part != text and (found := self._by_key.get(_key(part.removeprefix("新")))):
                return found
        compact = _key(text)
        for prefix, ministry in self._prefixes:
            if compact.startswith(prefix):
                return ministry
        return None
