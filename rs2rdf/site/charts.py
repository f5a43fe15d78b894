"""Charts as static SVG strings, made at build time so pages need no JavaScript.

Every text that comes from the data is XML-escaped here, because templates insert the SVG
with ``|safe``. Numbers are rounded to fixed decimals so the output is byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


def short_yen(value: float | None) -> str:
    """Amounts the way Japanese budget documents print them (億円 / 万円)."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e8:
        return f"{sign}{v / 1e8:,.1f}億円"
    if v >= 1e4:
        return f"{sign}{v / 1e4:,.0f}万円"
    return f"{sign}{v:,.0f}円"


def yen(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}円"


def _e(text: str) -> str:
    return escape(text, quote=True)


def budget_chart(rows: list[tuple[str, float | None, float | None]], title: str,
                 series: tuple[str, str] = ("予算額", "執行額")) -> str:
    """Grouped bars per fiscal year: (year label, budget, execution)."""
    rows = [r for r in rows if r[1] is not None or r[2] is not None]
    if not rows:
        return ""
    top = max(max(r[1] or 0, r[2] or 0) for r in rows) or 1.0
    bar, gap, left, height, pad_top = 22, 26, 8, 160, 28
    width = left * 2 + len(rows) * (2 * bar + gap)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height + 70}" '
             f'width="{width}" height="{height + 70}" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    parts.append(f'<line x1="0" y1="{pad_top + height}" x2="{width}" y2="{pad_top + height}" class="axis"/>')
    for i, (label, budget, execution) in enumerate(rows):
        x = left + i * (2 * bar + gap)
        for j, (value, cls) in enumerate(((budget, "bar-budget"), (execution, "bar-exec"))):
            if value is None:
                continue
            h = max(0.0, value) / top * height
            y = pad_top + height - h
            parts.append(f'<rect x="{x + j * bar}" y="{y:.1f}" width="{bar - 2}" height="{h:.1f}" class="{cls}">'
                         f'<title>{_e(label)} {_e(series[j])} {_e(yen(value))}</title></rect>')
        parts.append(f'<text x="{x + bar:.1f}" y="{pad_top + height + 16}" text-anchor="middle" class="tick">{_e(label)}</text>')
        shown = budget if budget is not None else execution
        parts.append(f'<text x="{x + bar:.1f}" y="{pad_top + height + 32}" text-anchor="middle" class="tick small">{_e(short_yen(shown))}</text>')
    parts.append(f'<rect x="{left}" y="4" width="10" height="10" class="bar-budget"/><text x="{left + 14}" y="13" class="tick">{_e(series[0])}</text>'
                 f'<rect x="{left + 90}" y="4" width="10" height="10" class="bar-exec"/><text x="{left + 104}" y="13" class="tick">{_e(series[1])}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class FlowNode:
    key: str
    label: str
    amount: float | None


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    amount: float | None


def _depths(nodes: list[FlowNode], edges: list[FlowEdge]) -> tuple[dict[str, int], set[int]]:
    """Column of each node by breadth-first search from the nodes nobody pays (the ministry).

    An edge that does not go to a later column closes a cycle (or re-delegates sideways); it is
    reported by index so it can be drawn as a dashed return arc instead of tangling the layout.
    """
    targets = {e.target for e in edges}
    roots = [n.key for n in nodes if n.key not in targets] or [nodes[0].key]
    depth = {k: 0 for k in roots}
    queue = list(roots)
    while queue:
        cur = queue.pop(0)
        for e in edges:
            if e.source == cur and e.target not in depth:
                depth[e.target] = depth[cur] + 1
                queue.append(e.target)
    for n in nodes:
        depth.setdefault(n.key, 0)
    back = {i for i, e in enumerate(edges) if depth[e.target] <= depth[e.source]}
    return depth, back


def flow_chart(nodes: list[FlowNode], edges: list[FlowEdge], title: str) -> str:
    """A Sankey-like diagram: columns by distance from the ministry, band width by amount."""
    if not nodes or not edges:
        return ""
    depth, back = _depths(nodes, edges)
    columns: dict[int, list[FlowNode]] = {}
    for n in nodes:
        columns.setdefault(depth[n.key], []).append(n)
    scale_max = max([n.amount or 0 for n in nodes] + [e.amount or 0 for e in edges]) or 1.0
    col_w, node_w, min_h, gap, max_h = 230, 14, 6.0, 30, 120.0
    pos: dict[str, tuple[float, float, float]] = {}
    height = 0.0
    for c, members in sorted(columns.items()):
        y = 34.0
        for n in members:
            h = max(min_h, (n.amount or 0) / scale_max * max_h)
            pos[n.key] = (20 + c * col_w, y, h)
            y += h + gap
        height = max(height, y)
    width = 20 + (max(columns) + 1) * col_w
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart flow" role="img" viewBox="0 0 {width} {height + 20:.0f}" '
           f'width="{width}" height="{height + 20:.0f}" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for i, e in enumerate(edges):
        if e.source not in pos or e.target not in pos:
            continue
        x1, y1, h1 = pos[e.source]
        x2, y2, h2 = pos[e.target]
        w = max(1.5, (e.amount or 0) / scale_max * max_h)
        label = f"{_e(e.source)} → {_e(e.target)} {_e(yen(e.amount))}"
        if i in back:
            sx, sy, tx, ty = x1 + node_w / 2, y1, x2 + node_w / 2, y2
            lift = min(sy, ty) - 26
            out.append(f'<path d="M{sx:.1f},{sy:.1f} C{sx:.1f},{lift:.1f} {tx:.1f},{lift:.1f} {tx:.1f},{ty:.1f}" class="flow-back">'
                       f'<title>{label}</title></path>')
            continue
        sy, ty = y1 + h1 / 2, y2 + h2 / 2
        sx, tx = x1 + node_w, x2
        mx = (sx + tx) / 2
        out.append(f'<path d="M{sx:.1f},{sy:.1f} C{mx:.1f},{sy:.1f} {mx:.1f},{ty:.1f} {tx:.1f},{ty:.1f}" '
                   f'class="flow-band" stroke-width="{w:.1f}"><title>{label}</title></path>')
    for n in nodes:
        x, y, h = pos[n.key]
        name = n.label if len(n.label) <= 16 else n.label[:15] + "…"
        out.append(f'<rect x="{x}" y="{y:.1f}" width="{node_w}" height="{h:.1f}" class="flow-node"><title>{_e(n.label)} {_e(yen(n.amount))}</title></rect>'
                   f'<text x="{x + node_w + 4}" y="{y + 11:.1f}" class="tick">{_e(name)}</text>'
                   f'<text x="{x + node_w + 4}" y="{y + 24:.1f}" class="tick small">{_e(short_yen(n.amount))}</text>')
    out.append("</svg>")
    return "".join(out)
