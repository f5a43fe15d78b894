"""Characters a PDF's text layer gives in place of the ones printed: radicals for ideographs, and kin.

A CJK font draws 「行」 and the Kangxi radical 「⾏」 (U+2F8F) with one glyph. A producer that
writes a ToUnicode map from the font's cmap (Chromium's Skia, Word, some "print to PDF" drivers)
may name the radical, so the text layer reads 「⾏政事業レビューシート」, 「国⼟交通省」, 「⻘森県」:
the page looks right, every label match and every name comparison fails. Measured on 96 blind
sheets printed by headless Chromium: the title of 84 was not recognised until these were folded
(README, "Pre-2024 review sheets").

Folded here, once per word as the PDF is read (and in xlsx cells, where text pasted out of such
PDFs carries the same code points):

- Kangxi radicals U+2F00–U+2FD5 by their NFKC decomposition, except 「⼾」, whose decomposition
  「戶」 is the traditional form; Japanese fonts share the glyph of 「戸」, the form printed here;
- CJK Radicals Supplement U+2E81–U+2EF3 by Unicode's EquivalentUnifiedIdeograph.txt (NFKC leaves
  these alone: 「⺠」 stays, so 「国⺠」 would never equal 「国民」);
- U+2027 HYPHENATION POINT, which shares the glyph of 「・」 (U+30FB) and splits 「予算額‧執⾏額」
  and law lists joined by 「・」;
- EM and EN SPACE, which such producers write for the full-width space U+3000.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode's EquivalentUnifiedIdeograph.txt, U+2E81–U+2EF3 (U+2E80 and U+2E9A have no entry), as
#: radical + ideograph pairs; some ideographs lie outside the BMP, so pairs are split by code point.
_SUPPLEMENT_PAIRS = (
    "⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺇𠘨 ⺈刀 ⺉刂 ⺊卜 ⺋㔾 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ⺑𡯂 ⺒巳 ⺓幺 ⺔彑 ⺕𫜹 ⺖忄 ⺗心 "
    "⺘扌 ⺙攵 ⺛旡 ⺜日 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ⺩王 ⺪𤴔 ⺫目 ⺬示 ⺭礻 ⺮𥫗 "
    "⺯糹 ⺰纟 ⺱罓 ⺲罒 ⺳㓁 ⺴冗 ⺵𦉫 ⺶羊 ⺷𦍌 ⺸𦍋 ⺹耂 ⺺肀 ⺻聿 ⺼肉 ⺽𦥑 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 "
    "⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 ⻊𧾷 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏邑 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 "
    "⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 "
    "⻱龜 ⻲亀 ⻳龟"
)


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x2F00, 0x2FD6):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    table[0x2F3E] = "戸"  # NFKC gives 戶; Japanese type draws ⼾ as 戸
    for pair in _SUPPLEMENT_PAIRS.split():
        radical, ideograph = pair[0], pair[1:]
        table[ord(radical)] = ideograph
    table[0x2027] = "・"
    table[0x2002] = table[0x2003] = "\u3000"
    return table


_TABLE = _table()
#: Any character of the table (this runs for every word of every PDF page, so the test is one regex scan).
_ANY = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]")


def fold_lookalikes(text: str) -> str:
    """``text`` with radicals, U+2027 and em/en spaces as the characters they stand for."""
    if text.isascii() or not _ANY.search(text):
        return text
    return text.translate(_TABLE)
