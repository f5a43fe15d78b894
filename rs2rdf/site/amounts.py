"""How the site writes yen, rates and fiscal years: one way everywhere.

Reporters read 「2兆3,277億円」, not 23277000000000 and not 「3,277.0億円」; budget documents
write fiscal years as 「令和5年度」 and English readers expect "FY2023". Inputs are exact
(``int`` / ``Decimal``); rounding happens only here, for display, and the exact yen figure is
always one hover or one table cell away.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rs2rdf.site.money import Amount

DASH = "—"


def yen(value: Amount | float | None) -> str:
    """The exact figure: 「1,234,567円」 (「—」 when not stated)."""
    if value is None:
        return DASH
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,f}円"
    return f"{int(value):,}円"


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sign_and_size(value: Amount | float) -> tuple[str, Decimal]:
    v = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return ("-" if v < 0 else ""), abs(v)


def japanese(value: Amount | float | None) -> str:
    """Japanese units: 「2兆3,277億円」, 「15.3億円」, 「56万円」, 「800円」."""
    if value is None:
        return DASH
    sign, v = _sign_and_size(value)
    cho, oku, man = Decimal(10) ** 12, Decimal(10) ** 8, Decimal(10) ** 4
    if v >= cho:
        whole = int(_round(v / oku, 0))  # in 億, rounded once so 9,999.6億 becomes 1兆
        trillions, rest = divmod(whole, 10_000)
        return f"{sign}{trillions:,}兆{rest:,}億円" if rest else f"{sign}{trillions:,}兆円"
    if v >= oku:
        in_oku = _round(v / oku, 1)
        if in_oku >= 10_000:
            return f"{sign}1兆円"
        return f"{sign}{in_oku:,.1f}億円".replace(".0億", "億")
    if v >= man:
        m = int(_round(v / man, 0))
        if m >= 10_000:
            return f"{sign}1.0億円".replace(".0億", "億")
        return f"{sign}{m:,}万円"
    return f"{sign}{int(_round(v, 0)):,}円"


def english(value: Amount | float | None) -> str:
    """English short form: ¥2.33tn, ¥15.3bn, ¥560k."""
    if value is None:
        return DASH
    sign, v = _sign_and_size(value)
    for size, suffix in ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"), (Decimal(10) ** 3, "k")):
        if v >= size:
            return f"{sign}¥{_round(v / size, 2):,}{suffix}"
    return f"{sign}¥{int(v):,}"


def rate(value: Decimal | None) -> str:
    """執行率 as a percentage with one decimal (「70.7%」)."""
    if value is None:
        return DASH
    return f"{_round(value * 100, 1)}%"


_ERAS = ((2019, "令和"), (1989, "平成"), (1926, "昭和"))


def era_year(year: int) -> str:
    """「令和5年度」 for 2023: fiscal years are named after the era in force when they begin
    (FY2019 began in 平成31 but is published as 令和元年度, as the government does)."""
    for start, name in _ERAS:
        if year >= start:
            n = year - start + 1
            return f"{name}{'元' if n == 1 else n}年度"
    return f"{year}年度"


def fiscal_year(year: int | str | None) -> dict[str, str]:
    """{"ja": "令和5年度（2023）", "en": "FY2023"}; unknown years print as 「—」."""
    if year is None or year == "":
        return {"ja": DASH, "en": DASH}
    try:
        y = int(year)
    except ValueError:
        return {"ja": str(year), "en": str(year)}
    return {"ja": f"{era_year(y)}（{y}）", "en": f"FY{y}"}


def unknown_note(unknown: int) -> dict[str, str] | None:
    """The note beside a total with parts not stated: 「うち 3 件未確定」."""
    if not unknown:
        return None
    return {"ja": f"うち {unknown:,} 件未確定", "en": f"{unknown:,} not yet known"}
