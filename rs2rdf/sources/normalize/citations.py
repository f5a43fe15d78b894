"""Law citations: 条/項/号 numbers and free-text 根拠法令 cells (FORMATS §1.5 1-3, §6.3, §6.4).

RS 1-3 gives the provision in three columns, in kanji or arabic; pre-RS sheets give one
free-text cell that may name several laws with their provisions glued on
(「総務省設置法第４条・総務省組織令第７条第１項第27号」). Laws are linked through
:class:`LawIndex` by title, so the title must be separated from the provision exactly.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rs2rdf.sources.normalize.ids import parse_law_id

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def kanji_to_int(text: str) -> int:
    """Integer value of a number written in kanji (八十五, 百二, 二〇二三) or in (full-width) digits.

    >>> kanji_to_int("三十六"), kanji_to_int("百二"), kanji_to_int("１２")
    (36, 102, 12)
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise ValueError("empty number")
    if s.isascii() and s.isdigit():
        return int(s)
    if "万" in s:
        high, _, low = s.partition("万")
        return (kanji_to_int(high) if high else 1) * 10000 + (kanji_to_int(low) if low else 0)
    if not any(ch in _KANJI_UNITS for ch in s):
        digits = [_digit(ch) for ch in s]
        return int("".join(str(d) for d in digits))
    total, current = 0, None
    last_unit = 10_000
    for ch in s:
        if ch in _KANJI_UNITS:
            unit = _KANJI_UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"malformed kanji number {text!r}")
            total += (1 if current is None else current) * unit
            current, last_unit = None, unit
        else:
            if current is not None:
                raise ValueError(f"malformed kanji number {text!r}")
            current = _digit(ch)
    return total + (current or 0)


def _digit(ch: str) -> int:
    if ch in _KANJI_DIGITS:
        return _KANJI_DIGITS[ch]
    if ch.isascii() and ch.isdigit():
        return int(ch)
    raise ValueError(f"not a digit: {ch!r}")


# ---------------------------------------------------------------------------
# Provisions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Provision:
    """A provision with arabic numbers: 条 ``"70-6"`` (第七十条の六), 項 ``"1"``, 号 ``"1イ"``.

    附則 articles are ``"sp-2"`` (LOD4ALL style); a 附則 paragraph without an article
    (附則第８項) has article ``"sp"``.
    """

    article: str | None = None
    paragraph: str | None = None
    item: str | None = None

    def path_segments(self) -> list[str]:
        """IRI path parts. An item cited without its paragraph belongs to paragraph 1,
        as in LOD4ALL's ``{条}_{項}_{号}``; nothing is addressable without an article."""
        if not self.article:
            return []
        parts = [self.article]
        if self.paragraph:
            parts.append(self.paragraph)
        elif self.item:
            parts.append("1")
        if self.item:
            parts.append(self.item)
        return parts


_NUM = r"[0-9〇零一二三四五六七八九十百千]+"
_BRANCHED = rf"{_NUM}(?:の{_NUM})*"
#: Divisions above the article (章, 節 …) end a title but are not part of a Provision.
_STRUCTURE = "編|章|節|款|目|部"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_TOKEN = re.compile(
    rf"(?P<sp>附則)?第?(?P<nums>{_BRANCHED}(?:(?:[・、,]|及び)第?{_BRANCHED}|[~～〜\-]第?{_BRANCHED})*)(?P<unit>条|項|号)"
    rf"(?P<branch>(?:の{_NUM})*)(?P<sub>[{_IROHA}](?![ァ-ヶー]))?"
    rf"|(?P<iroha>[{_IROHA}])(?![ァ-ヶー])"
    rf"|(?P<structure>(?:第{_NUM}(?:{_STRUCTURE})(?:の{_NUM})*)+|附属書{_NUM}?)"
)
_PROVISION_START = re.compile(
    rf"(?:附則)?第?{_NUM}(?:の{_NUM})*(?:(?:[・、,~～〜\-]|及び)第?{_NUM}(?:の{_NUM})*)*(?:条|項|号)|附則第|第{_NUM}(?:{_STRUCTURE})|附属書"
)
_AFTER_PROVISION = re.compile(rf"[条項号][{_IROHA}]$")
_LONE_IROHA = re.compile(rf"[{_IROHA}](?![ァ-ヶー])")
_LINK = re.compile(r"(?:[\s、・,/_;:]|及び|並びに|又は|若しくは|から|まで|[~～〜])+")
_LEVELS = {"条": 0, "項": 1, "号": 2, "sub": 3}


def _arabic(branched: str) -> str:
    return "-".join(str(kanji_to_int(part)) for part in branched.split("の"))


def _expand(nums: str) -> list[str]:
    """「二・三」 → two numbers; 「21～25」 → its two ends (the range itself is not expanded)."""
    out: list[str] = []
    for part in re.split(r"[・、,~～〜\-]|及び", nums):
        part = part.lstrip("第")
        if part:
            out.append(_arabic(part))
    return out


def _read_tokens(text: str, pos: int = 0) -> tuple[list[tuple[str, list[str], bool]], int]:
    """Provision tokens from ``pos`` on, as (level, numbers, 附則?) plus where reading stopped."""
    tokens: list[tuple[str, list[str], bool]] = []
    while pos < len(text):
        link = _LINK.match(text, pos)
        start = link.end() if link else pos
        match = _TOKEN.match(text, start)
        if not match:
            break
        if match.group("structure"):
            pos = match.end()
            continue
        if match.group("iroha"):
            if not tokens or tokens[-1][0] not in ("項", "号", "sub"):
                break
            tokens.append(("sub", [match.group("iroha")], False))
        else:
            try:
                numbers = _expand(match.group("nums"))
                if match.group("branch"):  # 第七十条の六: the branch follows the unit
                    numbers[-1] += "-" + _arabic(match.group("branch")[1:])
            except ValueError:
                break
            tokens.append((match.group("unit"), numbers, bool(match.group("sp"))))
            if match.group("sub"):
                tokens.append(("sub", [match.group("sub")], False))
        pos = match.end()
    return tokens, pos


def _tokens_to_provisions(tokens: list[tuple[str, list[str], bool]]) -> list[Provision]:
    """Each number starts a reference at its level, inherits the levels above it and
    clears those below; a number at the same or a higher level closes the previous one."""
    state: list[str | None] = [None, None, None, None]  # article, paragraph, item, sub-item
    out: list[Provision] = []
    pending = False
    for level_name, numbers, supplementary in tokens:
        level = _LEVELS[level_name]
        for number in numbers:
            if pending and level <= _last_level(state):
                out.append(_provision(state))
            if level == 0 and supplementary:
                number = f"sp-{number}"
            elif level == 1 and supplementary:
                state[0] = "sp"
            state[level] = number
            for lower in range(level + 1, 4):
                state[lower] = None
            pending = True
    if pending:
        out.append(_provision(state))
    return _dedupe(out)


def _last_level(state: list[str | None]) -> int:
    return max((i for i, v in enumerate(state) if v is not None), default=-1)


def _provision(state: list[str | None]) -> Provision:
    article, paragraph, item, sub = state
    if sub:
        item = (item or "") + sub
    return Provision(article, paragraph, item)


def _dedupe(provisions: list[Provision]) -> list[Provision]:
    seen: set[Provision] = set()
    out = []
    for p in provisions:
        if p not in seen and (p.article or p.paragraph or p.item):
            seen.add(p)
            out.append(p)
    return out


def _column_text(raw: str | None, unit: str) -> str:
    """One RS 1-3 column as provision text; bare numbers (項 ``2``, 号 ``14``) get their unit."""
    if raw is None:
        return ""
    text = _prepare(raw)
    if not text or re.fullmatch(r"[-ー―‐−]+", text):
        return ""
    if not re.search("[条項号]", text):
        text = re.sub(rf"(?<![0-9〇零一二三四五六七八九十百千の])({_BRANCHED})", rf"\1{unit}", text)
    return text


def parse_rs_provisions(article: str | None, paragraph: str | None, item: str | None) -> list[Provision]:
    """Provisions from the RS 1-3 条, 項 and 号・号の細分 columns; one per listed item.

    The three columns are read as one chain (第八十五条 + 2 + 第１号、第７号 →
    85/2/1 and 85/2/7), so lists and sub-items (第１号ロ、ハ) inherit the levels above.
    """
    text = " ".join(t for t in (_column_text(article, "条"), _column_text(paragraph, "項"), _column_text(item, "号")) if t)
    if not text:
        return []
    tokens, _ = _read_tokens(text)
    return _tokens_to_provisions(tokens)


# ---------------------------------------------------------------------------
# Free-text citations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One cited law in a free-text cell: its title without provision, and the provisions."""

    title: str
    provisions: tuple[Provision, ...]
    printed: str
    back_reference: bool = False


_BULLET = re.compile(r"^(?:[・･\s○●◎■□◆◇▪※\-]|[①-⑳]|\(\d+\)|\d+[.)]|[ア-ン][.)])+")
_TITLE_END = "法律令則約定程針綱領"
_SPLIT = re.compile(r"\n|/|・|、|,|;|\s|及び|並びに")
_BRACKETS = re.compile(r"\(([^()]*)\)|「([^「」]*)」|『([^『』]*)』|【([^【】]*)】|\[([^\[\]]*)\]")
_TRAILING = re.compile(r"(?:[\s_・、,.。:]|等|ほか|他|など)+$")
_NOT_A_LAW = frozenset({"なし", "該当なし", "特になし", "無し", "-", "ー", "--"})


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\r", "\n").strip()


#: A 法令番号 as printed (era year, kind, number).
_LAW_NO = r"(?:明治|大正|昭和|平成|令和)(?:元|[0-9〇一二三四五六七八九十百]+)年[^\s()第、,・]{1,20}?第[0-9〇一二三四五六七八九十百千]+号"
#: A law starting right after a provision with nothing between (a line break lost in a PDF, or none typed):
#: a 法令番号, or a title ending like a law's before a bracket, a provision or the end. Not text such as
#: 「に規定する法」 that goes on about the provision before it.
_GLUED_LAW = re.compile(
    rf"{_LAW_NO}|(?![にのをでがはとへも及並又若])[^\W\d_][^\s()、,・第]{{0,40}}?(?:法律|法|政令|省令|府令|規則|条例|令)(?=[(第]|\s|$)"
)


_PROVISION_END = re.compile(rf"{_NUM}(?:条|項|号)(?:の{_NUM})*(?:[{_IROHA}])?$")


def _split_laws(text: str) -> list[str]:
    """Split where one law ends and the next begins.

    「・」「、」 and spaces also occur inside titles (科学技術・イノベーション基本法,
    医薬品、医療機器等…), so a separator splits only after a provision, a bracket or a
    law-like ending, and only when no provision follows it.
    """
    parts: list[str] = []
    start = 0
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "(「『【[":
            depth += 1
        elif ch in ")」』】]":
            depth = max(0, depth - 1)
        if depth == 0 and i > start and ch not in ")」』】]" and _PROVISION_END.search(text, start, i) \
                and not _PROVISION_START.match(text, i) and not _LONE_IROHA.match(text, i) and _GLUED_LAW.match(text, i):
            parts.append(text[start:i])  # 「…第百十八条社会福祉法第百二十条」: the next law follows the provision directly
            start = i
        if depth == 0:
            match = _SPLIT.match(text, i)
            if match:
                before = text[start:i].rstrip()
                after = text[match.end():]
                prev = before[-1:] if before else ""
                hard = ch == "\n" or ch == "/"
                ends_law = (
                    prev in _TITLE_END or prev in ")」』】]" or prev in "条項号" or bool(_AFTER_PROVISION.search(before))
                )
                follows = after.lstrip(" ・、,_")
                continues = _PROVISION_START.match(follows) or _LONE_IROHA.match(follows)
                if hard or (ends_law and not continues):
                    parts.append(text[start:i])
                    start = match.end()
                    i = match.end()
                    continue
        i += 1
    parts.append(text[start:])
    return [p for p in (part.strip() for part in parts) if p]


def _strip_brackets(text: str) -> tuple[str, list[str]]:
    """Remove bracketed notes; return the text and the bracket contents that hold provisions."""
    inside: list[str] = []

    def drop(match: re.Match[str]) -> str:
        content = next(g for g in match.groups() if g is not None)
        if _PROVISION_START.search(content) and "年" not in content:  # not a 法令番号
            inside.append(content)
        return " "

    previous = None
    while previous != text:
        previous, text = text, _BRACKETS.sub(drop, text)
    return text, inside


def _parse_segment(segment: str) -> tuple[str, list[Provision]]:
    text = _BULLET.sub("", segment)
    quoted = re.fullmatch(r"[^「」]*「([^「」]+)」(.*)", text)
    if quoted and quoted.group(1)[-1:] in _TITLE_END:
        text = quoted.group(1) + quoted.group(2)
    text, bracket_provisions = _strip_brackets(text)
    first = _PROVISION_START.search(text)
    title_part = text[: first.start()] if first else text
    tokens, _ = _read_tokens(text, first.start()) if first else ([], 0)
    for content in bracket_provisions:
        inner_start = _PROVISION_START.search(content)
        if inner_start:
            tokens += _read_tokens(content, inner_start.start())[0]
    title = _TRAILING.sub("", re.sub(r"[\s_]+", "", title_part))
    title = _BULLET.sub("", title).strip("「」『』")
    if len(re.findall(r"[^\W\d_]", title)) < 2 and quoted:
        title = quoted.group(1)  # 「…交換公文」_Ⅰ: the quoted name is the title
    return title, _tokens_to_provisions(tokens)


_IMPLEMENTING = re.compile(r"施行(?:令|規則|細則)$")


def _resolve_back_reference(title: str, previous: str | None) -> tuple[str, bool]:
    """「同法第5条」「同法施行令」「同施行令」 name the law cited just before."""
    if not title.startswith("同") or title.startswith("同一"):
        return title, False
    rest = title[1:]
    if previous is None:
        return title, True
    parent = _IMPLEMENTING.sub("", previous)
    if rest.startswith("法") and not rest.startswith("法人"):
        return parent + rest[1:], True
    if rest in ("施行令", "施行規則", "施行細則"):
        return parent + rest, True
    if rest in ("令", "規則", "省令", "条約", "協定") and previous.endswith(rest):
        return previous, True
    return title, False


#: Where a law starts in a cell: its beginning, or after a line break, a space or a list separator.
_AT_LAW_START = r"(?:(?<=^)|(?<=[\n\s、,・/;条項号]))"
_NUMBER_FIRST = re.compile(rf"{_AT_LAW_START}(?P<number>{_LAW_NO})\s*[(（](?P<title>[^()（）]+)[)）]")
_NUMBER_BEFORE_TITLE = re.compile(
    rf"{_AT_LAW_START}(?P<number>{_LAW_NO})[\s:：]*(?P<title>[^\s()（）第、,・/;\n\d][^\s()（）、,/;\n]*?)"
    rf"(?=(?:附則)?第[0-9〇零一二三四五六七八九十百千]+(?:条|項|号|{_STRUCTURE})|[\s()（）、,・/;\n]|$)"
)


def numbers_before_titles(text: str | None) -> list[tuple[str, str]]:
    """(法令番号, title) for each law in a cell whose number is printed before its title (for the extraction report)."""
    if not text:
        return []
    prepared = _prepare(text)
    return [(m["number"], m["title"]) for pattern in (_NUMBER_FIRST, _NUMBER_BEFORE_TITLE) for m in pattern.finditer(prepared)]


def _number_first(text: str) -> str:
    """A 法令番号 printed before its law's title, put after it as in 「健康増進法（平成十四年法律第百三号）」.

    Cells print 「平成十四年法律第百三号（健康増進法）第十条」 (the number in the title column with the
    title in brackets) and 「平成十四年法律第百三号　健康増進法第十条」; read as they stand, the number
    becomes a law titled 「平成十四年法律」 and the title loses its number. Moved behind the title, the
    number is a bracketed note: the title is what names the law, and the number stays in the citation.
    """
    text = _NUMBER_FIRST.sub(lambda m: f"{m['title']}({m['number']})", text)
    return _NUMBER_BEFORE_TITLE.sub(lambda m: f"{m['title']}({m['number']})", text)


def parse_citations(text: str | None) -> list[Citation]:
    """Laws and provisions cited in a free-text 根拠法令 cell; never raises.

    >>> [(c.title, c.provisions) for c in parse_citations("外務省設置法第四条第一項")]
    [('外務省設置法', (Provision(article='4', paragraph='1', item=None),))]
    """
    if not text:
        return []
    citations: list[Citation] = []
    for segment in _split_laws(_number_first(_prepare(text))):
        try:
            title, provisions = _parse_segment(segment)
        except (ValueError, StopIteration):  # pragma: no cover - defensive: parsing must not fail a build
            continue
        if title in _NOT_A_LAW or not re.search(r"[^\W\d_]", title):
            if provisions and citations:
                last = citations[-1]
                merged = tuple(_dedupe(list(last.provisions) + provisions))
                citations[-1] = Citation(last.title, merged, f"{last.printed}・{segment}", last.back_reference)
            elif provisions:
                citations.append(Citation("", tuple(provisions), segment))
            continue
        previous = citations[-1].title if citations and citations[-1].title else None
        title, back = _resolve_back_reference(title, previous)
        citations.append(Citation(title, tuple(provisions), segment, back))
    return citations


# ---------------------------------------------------------------------------
# Title → 法令ID
# ---------------------------------------------------------------------------

_NORMALIZE_DROP = re.compile(r"[\s\u3000・、,。.「」『』()\[\]【】<>〈〉《》\"'_\-ー－‐―:：;]+")


def normalize_title(title: str) -> str:
    """Matching key for law titles: NFKC, no white space or punctuation. Never published."""
    return _NORMALIZE_DROP.sub("", unicodedata.normalize("NFKC", title))


#: Well-known short names (略称) that sheets use instead of the title.
LAW_ALIASES: dict[str, str] = {
    "特会法": "特別会計に関する法律",
    "特会法施行令": "特別会計に関する法律施行令",
    "補助金適正化法": "補助金等に係る予算の執行の適正化に関する法律",
    "補助金等適正化法": "補助金等に係る予算の執行の適正化に関する法律",
    "独法通則法": "独立行政法人通則法",
    "番号法": "行政手続における特定の個人を識別するための番号の利用等に関する法律",
    "マイナンバー法": "行政手続における特定の個人を識別するための番号の利用等に関する法律",
}


class LawIndex:
    """Offline title → 法令ID index (RS 1-3 triples or the e-Gov law list)."""

    def __init__(self) -> None:
        from rs2rdf.sources.normalize.lawnumbers import LawNumberIndex

        self._exact: dict[str, Counter[str]] = defaultdict(Counter)
        self._normalized: dict[str, Counter[str]] = defaultdict(Counter)
        #: 法令番号 → 法令ID from the same rows (the build's and --law-index's), for law numbers in the 法令ID column
        self.numbers = LawNumberIndex()

    def __len__(self) -> int:
        return len(self._normalized)

    def add(self, title: str, law_id: str) -> bool:
        """Index a printed title; revision IDs count for their base ID. False if the ID is not usable."""
        parsed = parse_law_id(law_id)
        if parsed.law_id is None or not title or not title.strip():
            return False
        exact = title.strip()
        self._exact[exact][parsed.law_id] += 1
        keys = {normalize_title(exact)}
        citations = parse_citations(exact)
        if citations and citations[0].title and not citations[0].back_reference:
            keys.add(normalize_title(citations[0].title))
        for key in keys:
            if key:
                self._normalized[key][parsed.law_id] += 1
        return True

    @classmethod
    def from_csv(cls, path: str | Path) -> "LawIndex":
        """Read a CSV with columns 法令名 and 法令ID (or law_title and law_id)."""
        index = cls()
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            title_col = "法令名" if "法令名" in fields else "law_title"
            id_col = "法令ID" if "法令ID" in fields else "law_id"
            if title_col not in fields or id_col not in fields:
                raise ValueError(f"{path}: needs columns 法令名 and 法令ID (or law_title and law_id)")
            number_col = "法令番号" if "法令番号" in fields else "law_number"
            for row in reader:
                index.add(row.get(title_col) or "", row.get(id_col) or "")
                index.numbers.add(row.get(number_col), row.get(id_col))
        return index

    def resolve(self, title: str) -> tuple[str | None, str]:
        """(法令ID, method): method is exact, normalized, stripped, alias or none, with
        ``-ambiguous`` appended when the title has several IDs (the most frequent wins,
        ties go to the smallest ID)."""
        if not title or not title.strip():
            return None, "none"
        exact = title.strip()
        if exact in self._exact:
            return self._pick(self._exact[exact], "exact")
        key = normalize_title(exact)
        if key in self._normalized:
            return self._pick(self._normalized[key], "normalized")
        for citation in parse_citations(exact):
            stripped = normalize_title(citation.title)
            if stripped in self._normalized:
                return self._pick(self._normalized[stripped], "stripped")
            break
        for citation in parse_citations(exact)[:1]:
            full = LAW_ALIASES.get(normalize_title(citation.title))
            if full and normalize_title(full) in self._normalized:
                return self._pick(self._normalized[normalize_title(full)], "alias")
        return None, "none"

    @staticmethod
    def _pick(counts: Counter[str], method: str) -> tuple[str, str]:
        best = min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        return best, method if len(counts) == 1 else f"{method}-ambiguous"
