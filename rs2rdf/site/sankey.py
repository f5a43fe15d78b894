"""A Sankey diagram of money flow as one static SVG string, made at build time.

The pages carry no JavaScript, so the layout (columns, band stacking, label wrapping) is done
here once and frozen into the markup. Three rules shape the code:

* Every text from the data is XML-escaped, because templates insert the SVG with ``|safe``.
* Every number is printed with fixed decimals and every ordering has a key tie-break, so the
  same input gives byte-identical output and rebuilding an unchanged site changes no file.
* Money stays ``int`` (yen) until it is turned into pixels; one px-per-yen factor serves the
  whole diagram, so the widths of two bands can be compared by eye.

The ``data-*`` attributes on bands and nodes exist so tests (and anyone checking the picture)
can verify the geometry without re-parsing path strings.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rs2rdf.site.amounts import english

__all__ = ["Sankey", "SankeyLink", "SankeyNode", "oku_yen", "sankey"]


@dataclass(frozen=True)
class SankeyNode:
    """``amount`` is the node's own stated figure, kept apart from its bands because a budget
    is often larger than what the review sheet traces onward, and the box should show that."""

    key: str
    label: str
    href: str | None = None
    kind: str = ""
    amount: int | None = None


@dataclass(frozen=True)
class SankeyLink:
    """``amount`` is ``None`` when the sheet names a payee without a sum: the band is still
    drawn (thin, dashed) because who was paid matters even when how much is missing."""

    source: str
    target: str
    amount: int | None


@dataclass(frozen=True)
class Sankey:
    """The size travels with the markup so a page can reserve the scrolling box before it loads."""

    svg: str
    width: int
    height: int


# Geometry, in px. The target height is for the stacked nodes of the tallest column alone;
# gaps, labels and the caption come on top of it.
TARGET_HEIGHT = 420.0
MIN_BAND = 2.0
MIN_NODE = 4.0
NODE_WIDTH = 12.0
NODE_GAP = 8.0
COLUMN_SPACING = 260
MIN_COLUMN_SPACING = 160
FONT = 11.0
LINE = 13.0
LABEL_PAD = 4.0
TOP_PAD = 8.0
CAPTION_FONT = 12.0
CAPTION_HEIGHT = 16.0
BOTTOM_PAD = 8.0
BACK_LANE = 6.0
BACK_LANES = 8
BACK_REACH = 24.0

_STYLE = (
    "svg.sankey text{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    "svg.sankey .sankey-caption{font-size:12px;fill:#444}"
    "svg.sankey .sankey-amount{fill:#555}"
    "svg.sankey .sankey-band{fill:#5b8db8;fill-opacity:.4;outline:none}"
    "svg.sankey .sankey-unknown{fill:#999;stroke:#777;stroke-width:1px;stroke-dasharray:3 2}"
    "svg.sankey .sankey-back{fill:none;stroke:#b0582e;stroke-width:2px;stroke-dasharray:5 3;stroke-opacity:.7}"
    "svg.sankey .sankey-band:hover,svg.sankey .sankey-band:focus{fill-opacity:.8}"
    "svg.sankey .sankey-band:focus{stroke:#111;stroke-width:1.5px;stroke-dasharray:none}"
    "svg.sankey .sankey-back:hover,svg.sankey .sankey-back:focus{stroke:#b0582e;stroke-opacity:1;stroke-width:3px;stroke-dasharray:5 3}"
    "svg.sankey .sankey-node rect{fill:#3b6e99}"
    "svg.sankey .sankey-budget rect{fill:#1f4e79}"
    "svg.sankey .sankey-block rect{fill:#4f8a3c}"
    "svg.sankey .sankey-recipient rect{fill:#c27c0e}"
    "svg.sankey .sankey-other rect{fill:#8a8a8a}"
    "svg.sankey a:hover rect,svg.sankey a:focus rect{stroke:#000;stroke-width:2px}"
    "svg.sankey a:hover text,svg.sankey a:focus text{text-decoration:underline}"
    "svg.sankey a:focus{outline:none}"
)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _f(value: float) -> str:
    """Two decimals, and never "-0.00": a sign flip from float noise would break byte equality."""
    out = f"{value:.2f}"
    return "0.00" if out == "-0.00" else out


def _round_div(value: int, unit: int) -> int:
    """Integer round-half-up, so amounts are never routed through a float."""
    return (2 * value + unit) // (2 * unit)


def oku_yen(value: int | None) -> str:
    """Amounts as Japanese budget documents print them, from an exact integer.

    Works on ``int`` because float division turns 2兆3,277億 into "23,277.0億" or worse; the
    unit is chosen after rounding, so 9,999.6万円 becomes 1.0億円 rather than 10,000万円.
    """
    if value is None:
        return "金額不明"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v < 10**4:
        return f"{sign}{v:,}円"
    man = _round_div(v, 10**4)
    if man < 10**4:
        return f"{sign}{man:,}万円"
    tenths = _round_div(v, 10**7)
    if tenths < 1000:
        return f"{sign}{tenths // 10}.{tenths % 10}億円"
    oku = _round_div(v, 10**8)
    if oku < 10**4:
        return f"{sign}{oku:,}億円"
    cho, rest = divmod(oku, 10**4)
    return f"{sign}{cho:,}兆{rest:,}億円" if rest else f"{sign}{cho:,}兆円"


def _english_yen(value: int | None) -> str:
    """The English reader's short form (「¥4.00m」), as the page's tables print it."""
    return "amount unknown" if value is None else english(value)


def _exact_yen(value: int | None) -> str:
    return "金額不明" if value is None else f"{value:,}円"


# Line breaking. A browser would measure glyphs; at build time an estimate in em is enough as
# long as it errs wide, because a line that runs long would overlap the next column's nodes.
_NO_LINE_START = set("、。，．,.)）]］}｝」』】〕〉》・ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ！？!?:：;；")
_NO_LINE_END = set("(（[［{｛「『【〔〈《")


def _char_em(ch: str) -> float:
    o = ord(ch)
    if o < 0x80:
        return 0.62
    if 0xFF61 <= o <= 0xFF9F:  # half-width katakana
        return 0.62
    if o < 0x1100:
        return 0.72
    return 1.0


def _text_px(text: str, font: float = FONT) -> float:
    return sum(_char_em(ch) for ch in text) * font


def wrap(text: str, max_px: float, font: float = FONT) -> list[str]:
    """Greedy line breaking that never drops a character (labels are names; cutting one hides who got paid).

    Latin words break at spaces when they can; Japanese breaks anywhere except before closing
    punctuation or after an opening bracket (a light 禁則).
    """
    text = " ".join(text.split())
    lines: list[str] = []
    cur = ""
    cur_px = 0.0  # the width of ``cur``, kept as it grows: measuring it per character was quadratic
    for ch in text:
        w = _char_em(ch) * font
        if cur and cur_px + w > max_px:
            if ch == " ":
                lines.append(cur)
                cur, cur_px = "", 0.0
                continue
            space = cur.rfind(" ")
            if ch.isascii() and ch.isalnum() and space > 0 and cur[space + 1:].isascii():
                lines.append(cur[:space])
                cur = cur[space + 1:]
                cur_px = _text_px(cur, font)
            elif len(cur) > 1 and (ch in _NO_LINE_START or cur[-1] in _NO_LINE_END):
                lines.append(cur[:-1])
                cur = cur[-1]
                cur_px = _text_px(cur, font)
            else:
                lines.append(cur)
                cur, cur_px = "", 0.0
            if cur and cur_px + w > max_px:
                lines.append(cur)
                cur, cur_px = "", 0.0
        cur += ch
        cur_px += w
    if cur:
        lines.append(cur)
    return lines or [""]


_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def _safe_href(href: str | None) -> str | None:
    """Relative and http(s) links only: a ``javascript:`` URL in the data must not become a live link."""
    if not href:
        return None
    m = _SCHEME.match(href)
    if m and m.group(1).lower() not in ("http", "https"):
        return None
    return href


def _name(node: SankeyNode) -> str:
    """A blank label would leave an anonymous box; the key at least says which one it is."""
    return " ".join(node.label.split()) or node.key


def _kind_class(kind: str) -> str:
    safe = re.sub(r"[^a-z0-9-]", "", kind.lower())
    return f"sankey-node sankey-{safe}" if safe else "sankey-node"


def _columns(keys: list[str], links: list[SankeyLink]) -> tuple[dict[str, int], list[bool]]:
    """Longest-path depth from the nodes nobody pays, and which links point backwards.

    Longest path (not breadth-first distance) puts a block that is paid both by the ministry
    and by another block after that block, so re-delegation reads left to right. A depth-first
    search from the roots marks every link into a node still on the stack as a back link;
    without those the graph is acyclic, so every remaining link goes to a strictly later column.
    """
    out_links: dict[str, list[int]] = {k: [] for k in keys}
    has_inflow: set[str] = set()
    for i, link in enumerate(links):
        out_links[link.source].append(i)
        has_inflow.add(link.target)
    back = [False] * len(links)
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    starts = [k for k in keys if k not in has_inflow] + [k for k in keys if k in has_inflow]
    for start in starts:
        if start in state:
            continue
        state[start] = 1
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, pos = stack[-1]
            edges = out_links[node]
            if pos == len(edges):
                state[node] = 2
                stack.pop()
                continue
            stack[-1] = (node, pos + 1)
            i = edges[pos]
            target = links[i].target
            seen = state.get(target)
            if seen == 1:
                back[i] = True
            elif seen is None:
                state[target] = 1
                stack.append((target, 0))
    indegree = {k: 0 for k in keys}
    for i, link in enumerate(links):
        if not back[i]:
            indegree[link.target] += 1
    depth = {k: 0 for k in keys}
    ready = [k for k in keys if indegree[k] == 0]
    while ready:
        node = ready.pop()
        for i in out_links[node]:
            if back[i]:
                continue
            target = links[i].target
            depth[target] = max(depth[target], depth[node] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return depth, back


def _yen(amount: int | None) -> int:
    """Drawing treats unknown and negative amounts as nothing (the title still states them)."""
    return max(0, amount or 0)


def _band_px(amount: int | None, scale: float) -> float:
    return max(MIN_BAND, _yen(amount) * scale)


def _node_heights(keys: list[str], own: dict[str, int], ins: dict[str, list[SankeyLink]],
                  outs: dict[str, list[SankeyLink]], scale: float) -> dict[str, float]:
    return {k: max(MIN_NODE, own[k] * scale,
                   sum(_band_px(link.amount, scale) for link in ins[k]),
                   sum(_band_px(link.amount, scale) for link in outs[k]))
            for k in keys}


class _Bands:
    """One end of a node's bands, sorted with suffix sums, so the drawn thickness at any scale
    costs a bisection instead of a pass over every band (the scale search asks ~40 times)."""

    def __init__(self, links: list[SankeyLink]) -> None:
        self.amounts = sorted(_yen(link.amount) for link in links)
        self.suffix = [0] * (len(self.amounts) + 1)
        for i in range(len(self.amounts) - 1, -1, -1):
            self.suffix[i] = self.suffix[i + 1] + self.amounts[i]

    def thickness(self, scale: float) -> float:
        if scale <= 0:
            return MIN_BAND * len(self.amounts)
        thin = bisect_right(self.amounts, MIN_BAND / scale)
        return MIN_BAND * thin + scale * self.suffix[thin]


def _choose_scale(columns: list[list[str]], own: dict[str, int], ins: dict[str, list[SankeyLink]],
                  outs: dict[str, list[SankeyLink]], value: dict[str, int]) -> float:
    """The px-per-yen that makes the tallest column's nodes about TARGET_HEIGHT tall.

    Minimum thicknesses make column height a piecewise-linear function of the scale, so there
    is no closed form; bisection on that monotone function is exact enough and deterministic.
    A column of hundreds of tiny nodes already spends its height on minimums, so the target is
    counted on top of what the minimums alone need.
    """
    biggest = max(value.values(), default=0)
    if biggest <= 0:
        return 0.0
    ends = {k: (own[k], _Bands(ins[k]), _Bands(outs[k])) for col in columns for k in col}

    def tallest(scale: float) -> float:
        return max(sum(max(MIN_NODE, ends[k][0] * scale, ends[k][1].thickness(scale), ends[k][2].thickness(scale))
                       for k in col)
                   for col in columns)

    goal = TARGET_HEIGHT + tallest(0.0)
    lo, hi = 0.0, goal / biggest
    for _ in range(40):  # 2**-40 of the scale: far below the 0.01 px the output can show
        mid = (lo + hi) / 2
        if tallest(mid) <= goal:
            lo = mid
        else:
            hi = mid
    return lo


def sankey(nodes: Sequence[SankeyNode], links: Sequence[SankeyLink], *, title: str, caption: str = "",
           max_width: int = 1100, lang_en_title: str = "", caption_en: str = "") -> Sankey:
    """Draw money flowing from the ministry (left) to recipients (right).

    Links naming an unknown node are skipped and a repeated node key keeps its first node, so
    a data slip costs one band rather than the page. With no link left there is nothing to
    draw and the SVG is "".
    """
    by_key: dict[str, SankeyNode] = {}
    for node in nodes:
        by_key.setdefault(node.key, node)
    keys = list(by_key)
    drawn = [link for link in links if link.source in by_key and link.target in by_key]
    if not drawn:
        return Sankey("", 0, 0)

    depth, back = _columns(keys, drawn)
    forward = [link for link, b in zip(drawn, back) if not b]
    backward = [link for link, b in zip(drawn, back) if b]
    ins: dict[str, list[SankeyLink]] = {k: [] for k in keys}
    outs: dict[str, list[SankeyLink]] = {k: [] for k in keys}
    in_ids: dict[str, list[int]] = {k: [] for k in keys}
    out_ids: dict[str, list[int]] = {k: [] for k in keys}
    for i, link in enumerate(forward):
        outs[link.source].append(link)
        ins[link.target].append(link)
        out_ids[link.source].append(i)
        in_ids[link.target].append(i)
    own = {k: _yen(by_key[k].amount) for k in keys}
    value = {k: max(own[k], sum(_yen(x.amount) for x in ins[k]), sum(_yen(x.amount) for x in outs[k])) for k in keys}

    n_cols = max(depth.values()) + 1
    columns: list[list[str]] = [[] for _ in range(n_cols)]
    for k in keys:
        columns[depth[k]].append(k)
    for col in columns:
        col.sort(key=lambda k: (-value[k], k))

    scale = _choose_scale(columns, own, ins, outs, value)
    height = _node_heights(keys, own, ins, outs, scale)

    spacing = max(MIN_COLUMN_SPACING, min(COLUMN_SPACING, max_width // n_cols))
    width = n_cols * spacing
    label_px = spacing - NODE_WIDTH - 3 * LABEL_PAD

    def shown_amount(k: str) -> int | None:
        """The node's own figure if stated, else what the bands say flowed through it."""
        node = by_key[k]
        if node.amount is not None:
            return node.amount
        known_in = [x.amount for x in ins[k] if x.amount is not None]
        known_out = [x.amount for x in outs[k] if x.amount is not None]
        if not known_in and not known_out:
            return None
        return max(sum(known_in), sum(known_out))

    label_lines = {k: wrap(_name(by_key[k]), label_px) for k in keys}
    # Each node reserves room for its label as well, so wrapped labels in one column never
    # run into each other; only the nodes themselves are scaled to the target height.
    slot = {k: max(height[k], (len(label_lines[k]) + 1) * LINE + 2) for k in keys}
    col_total = [sum(slot[k] for k in col) + NODE_GAP * (len(col) - 1) for col in columns]
    content = max(col_total)
    # A caption wider than a narrow diagram wraps rather than running out of the viewBox.
    # The English caption (shown by the site's language switch instead of the Japanese one)
    # wraps on its own; the diagram starts below the longer of the two.
    caption_lines = wrap(caption, width - 2 * LABEL_PAD, CAPTION_FONT) if caption.strip() else []
    caption_en_lines = wrap(caption_en, width - 2 * LABEL_PAD, CAPTION_FONT) if caption_en.strip() else []
    top = TOP_PAD + CAPTION_HEIGHT * max(len(caption_lines), len(caption_en_lines))
    x: dict[str, float] = {}
    y: dict[str, float] = {}
    for c, col in enumerate(columns):
        cursor = top + (content - col_total[c]) / 2
        for k in col:
            x[k] = c * spacing + LABEL_PAD
            y[k] = cursor
            cursor += slot[k] + NODE_GAP
    bottom = top + content
    lanes = min(len(backward), BACK_LANES)
    total_height = bottom + (BACK_REACH / 2 + lanes * BACK_LANE if lanes else 0.0) + BOTTOM_PAD
    svg_height = math.ceil(total_height)

    # Stack the bands at both ends in the order of the node at the other end, so neighbours
    # leave and arrive in the same order and do not cross on the way.
    # (Indices, not the links: the same SankeyLink object may legitimately be passed twice.)
    order = {k: (y[k], k) for k in keys}
    src_y: dict[int, float] = {}
    dst_y: dict[int, float] = {}
    for k in keys:
        cursor = y[k]
        for i in sorted(out_ids[k], key=lambda i: (order[forward[i].target], i)):
            src_y[i] = cursor
            cursor += _band_px(forward[i].amount, scale)
        cursor = y[k]
        for i in sorted(in_ids[k], key=lambda i: (order[forward[i].source], i)):
            dst_y[i] = cursor
            cursor += _band_px(forward[i].amount, scale)

    def band_label(link: SankeyLink) -> str:
        return f"{_name(by_key[link.source])} → {_name(by_key[link.target])}: {_exact_yen(link.amount)}"

    def hooks(link: SankeyLink, w: float, y0: float, y1: float) -> str:
        amount = "" if link.amount is None else str(link.amount)
        return (f'data-source="{_e(link.source)}" data-target="{_e(link.target)}" data-amount="{amount}" '
                f'data-width="{_f(w)}" data-y0="{_f(y0)}" data-y1="{_f(y1)}"')

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart sankey" role="group" aria-label="{_e(title)}" '
           f'viewBox="0 0 {width} {svg_height}" width="{width}" height="{svg_height}" style="max-width:none" '
           f'data-px-per-yen="{scale:.9e}"><title>{_e(title)}</title>']
    if lang_en_title:
        out.append(f'<desc lang="en">{_e(lang_en_title)}</desc>')
    out.append(f"<style>{_STYLE}</style>")
    for lines, lang in ((caption_lines, ""), (caption_en_lines, "en")):
        if lines:
            caption_spans = "".join(f'<tspan x="{_f(LABEL_PAD)}" y="{_f(TOP_PAD + CAPTION_FONT + j * CAPTION_HEIGHT)}">{_e(line)}</tspan>'
                                    for j, line in enumerate(lines))
            marks = ' l-ja" lang="ja' if lang == "" and caption_en_lines else (' l-en" lang="en' if lang else "")
            out.append(f'<text class="sankey-caption{marks}">{caption_spans}</text>')

    out.append('<g class="sankey-bands">')
    for i, link in enumerate(forward):
        w = _band_px(link.amount, scale)
        x0 = x[link.source] + NODE_WIDTH
        x1 = x[link.target]
        mx = (x0 + x1) / 2
        s0, t0 = src_y[i], dst_y[i]
        s1, t1 = s0 + w, t0 + w
        cls = "sankey-band sankey-unknown" if link.amount is None else "sankey-band"
        label = _e(band_label(link))
        out.append(f'<path class="{cls}" tabindex="0" aria-label="{label}" {hooks(link, w, s0 + w / 2, t0 + w / 2)} '
                   f'd="M{_f(x0)},{_f(s0)}C{_f(mx)},{_f(s0)} {_f(mx)},{_f(t0)} {_f(x1)},{_f(t0)}'
                   f'L{_f(x1)},{_f(t1)}C{_f(mx)},{_f(t1)} {_f(mx)},{_f(s1)} {_f(x0)},{_f(s1)}Z">'
                   f"<title>{label}</title></path>")
    # Return arcs leave a node's bottom-right corner and come back in at the target's
    # bottom-left corner, looping under the whole diagram, clear of the stacked bands.
    for i, link in enumerate(backward):
        x0 = x[link.source] + NODE_WIDTH
        y0 = y[link.source] + height[link.source]
        x1 = x[link.target]
        y1 = y[link.target] + height[link.target]
        lane = bottom + BACK_REACH / 2 + (i % BACK_LANES + 1) * BACK_LANE
        mx = (x0 + x1) / 2
        back_in = max(0.0, x1 - BACK_REACH)  # the first column's arcs would leave the viewBox
        label = _e(band_label(link))
        cls = "sankey-band sankey-back sankey-unknown" if link.amount is None else "sankey-band sankey-back"
        out.append(f'<path class="{cls}" tabindex="0" aria-label="{label}" {hooks(link, MIN_BAND, y0, y1)} '
                   f'd="M{_f(x0)},{_f(y0)}C{_f(x0 + BACK_REACH)},{_f(y0)} {_f(x0 + BACK_REACH)},{_f(lane)} {_f(mx)},{_f(lane)}'
                   f'C{_f(back_in)},{_f(lane)} {_f(back_in)},{_f(y1)} {_f(x1)},{_f(y1)}">'
                   f"<title>{label}</title></path>")
    out.append("</g>")

    out.append('<g class="sankey-nodes">')
    for col in columns:
        for k in col:
            node = by_key[k]
            name = _name(node)
            amount = shown_amount(k)
            tx = x[k] + NODE_WIDTH + LABEL_PAD
            spans = [f'<tspan x="{_f(tx)}" y="{_f(y[k] + FONT - 1 + j * LINE)}">{_e(line)}</tspan>'
                     for j, line in enumerate(label_lines[k])]
            at = f'x="{_f(tx)}" y="{_f(y[k] + FONT - 1 + len(label_lines[k]) * LINE)}"'
            if caption_en_lines:  # a page with the language switch: the amount in the reader's units too
                spans.append(f'<tspan {at} class="sankey-amount l-ja" lang="ja">{_e(oku_yen(amount))}</tspan>'
                             f'<tspan {at} class="sankey-amount l-en" lang="en">{_e(_english_yen(amount))}</tspan>')
            else:
                spans.append(f'<tspan {at} class="sankey-amount">{_e(oku_yen(amount))}</tspan>')
            group = (f'<g class="{_e(_kind_class(node.kind))}" data-node="{_e(k)}" data-y="{_f(y[k])}" '
                     f'data-height="{_f(height[k])}"><title>{_e(name)}: {_e(_exact_yen(amount))}</title>'
                     f'<rect x="{_f(x[k])}" y="{_f(y[k])}" width="{_f(NODE_WIDTH)}" height="{_f(height[k])}"/>'
                     f'<text class="sankey-label">{"".join(spans)}</text></g>')
            href = _safe_href(node.href)
            out.append(f'<a href="{_e(href)}">{group}</a>' if href else group)
    out.append("</g></svg>")
    return Sankey("".join(out), width, svg_height)
