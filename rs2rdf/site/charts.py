"""Charts as static SVG strings, made at build time so pages need no JavaScript.

Every text that comes from the data is XML-escaped here, because templates insert the SVG
with ``|safe``. Numbers are rounded to fixed decimals so the output is byte-stable.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape
from typing import Any

from rs2rdf.site.amounts import english, japanese, yen


def _tick(value: float) -> str:
    """An axis label in both languages (「2億円」 / 「¥200.00m」), shown by the page's language switch."""
    if not value:
        return "0"
    exact = Decimal(repr(value)).normalize()
    return (f'<tspan class="l-ja" lang="ja">{_e(japanese(exact))}</tspan>'
            f'<tspan class="l-en" lang="en">{_e(english(exact))}</tspan>')


def _e(text: str) -> str:
    return escape(text, quote=True)


def _nice_step(top: float, steps: int = 4) -> float:
    """A 1-2-5 step so that ``steps`` gridlines cover ``top`` (axis labels people can read)."""
    raw = top / steps
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for f in (1, 2, 2.5, 5, 10):
        if raw <= f * mag:
            return f * mag
    return 10 * mag


def budget_chart(rows: list[tuple[str, Any, Any]], title: str,
                 series: tuple[str, str] = ("歳出予算現額", "執行額"),
                 series_en: tuple[str, str] = ("Current budget", "Executed")) -> str:
    """Grouped bars per fiscal year, (year label, budget, execution), on a labelled yen axis.

    The SVG scales with its box (viewBox); the legend is in both languages, shown by the page's
    language switch like every other label. Exact amounts are in each bar's ``<title>``.
    """
    rows = [r for r in rows if r[1] is not None or r[2] is not None]
    if not rows:
        return ""
    top = float(max(max(r[1] or 0, r[2] or 0) for r in rows)) or 1.0
    step = _nice_step(top)
    ticks = [step * i for i in range(int(math.ceil(top / step)) + 1)]
    axis_top = ticks[-1] or 1.0
    left, height, pad_top, pad_bottom = 78, 170, 30, 26
    group = max(60, min(120, 520 // max(1, len(rows))))
    bar = group * 0.34
    width = left + len(rows) * group + 10
    total_h = pad_top + height + pad_bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart budget-chart" role="img" viewBox="0 0 {width} {total_h}" '
             f'width="{width}" height="{total_h}" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for v in ticks:
        y = pad_top + height - v / axis_top * height
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick small">{_tick(v)}</text>')
    parts.append(f'<line x1="{left}" y1="{pad_top + height}" x2="{width - 4}" y2="{pad_top + height}" class="axis"/>')
    for i, (label, budget, execution) in enumerate(rows):
        x = left + i * group + (group - 2 * bar) / 2
        for j, (value, cls) in enumerate(((budget, "bar-budget"), (execution, "bar-exec"))):
            if value is None:
                continue
            h = max(0.0, float(value)) / axis_top * height
            y = pad_top + height - h
            parts.append(f'<rect x="{x + j * bar:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" class="{cls}">'
                         f'<title>{_e(label)} {_e(series[j])} {_e(yen(value))}</title></rect>')
        parts.append(f'<text x="{x + bar:.1f}" y="{pad_top + height + 16}" text-anchor="middle" class="tick">{_e(label)}</text>')
    parts.append(f'<rect x="{left}" y="6" width="10" height="10" class="bar-budget"/><text x="{left + 14}" y="15" class="tick">'
                 f'<tspan class="l-ja">{_e(series[0])}</tspan><tspan class="l-en">{_e(series_en[0])}</tspan></text>'
                 f'<rect x="{left + 130}" y="6" width="10" height="10" class="bar-exec"/><text x="{left + 144}" y="15" class="tick">'
                 f'<tspan class="l-ja">{_e(series[1])}</tspan><tspan class="l-en">{_e(series_en[1])}</tspan></text>')
    parts.append("</svg>")
    return "".join(parts)
