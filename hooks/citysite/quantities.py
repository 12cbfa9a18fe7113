"""Numbers with their units, one function per language (templates reach them through `v.quantity`,
charts and exports call them directly). The units themselves are data: data/units.yml.

- Chinese keeps the number as the source writes it, with 亿/万 in the unit: 17,951亿元, 11.24万标箱, 1个.
- English multiplies by the unit's scale and writes million/billion/trillion, the currency sign first
  and the noun singular after exactly 1: RMB 1.7951 trillion, US$15 billion, 112,400 TEU, 1 port.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

# Largest first. A word is used only when the number keeps at most MAX_DECIMALS decimals with it
# (1.7951 trillion); otherwise the next smaller word, and failing all, every digit (1,234,567).
_WORDS = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
MAX_DECIMALS = 4


def _exact(value) -> Decimal:
    """The number as written in the data (no binary float noise: 11.24 stays 11.24)."""
    if isinstance(value, float) and value.is_integer():
        return Decimal(int(value))
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _digits(d: Decimal) -> str:
    """1234.50 -> '1,234.5'; never scientific notation."""
    d = d.normalize()
    if d == d.to_integral_value():
        return f"{int(d):,}"
    whole, _, frac = f"{d:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}.{frac}"


def _decimals(d: Decimal) -> int:
    exponent = d.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_zh(value) -> str:
    return _digits(_exact(value))


def number_en(value, scale: int = 1) -> tuple[str, bool]:
    """(text, is_exactly_one) of value x scale: '1.7951 trillion', '112,400', '1'."""
    n = _exact(value) * scale
    for size, word in _WORDS:
        if abs(n) >= size:
            mantissa = n / size
            if _decimals(mantissa) <= MAX_DECIMALS:
                return f"{_digits(mantissa)} {word}", False
    return _digits(n), n == 1


# Chinese writes large amounts in 万亿/亿/万 (a number stored in base units, 1.12e12元, reads
# 1.12万亿元; 25,410,000标箱 reads 2,541万标箱). 万 only from 100,000 and with at most two decimals.
_WORDS_ZH = ((Decimal(10) ** 12, "万亿", MAX_DECIMALS), (Decimal(10) ** 8, "亿", MAX_DECIMALS), (Decimal(10) ** 5, "万", 2))


def _number_zh_words(value) -> str:
    n = _exact(value)
    for size, word, decimals in _WORDS_ZH:
        unit = Decimal(10) ** 4 if word == "万" else size
        if abs(n) >= size and _decimals(n / unit) <= decimals:
            return f"{_digits(n / unit)}{word}"
    return _digits(n)


def quantity_zh(value, unit) -> str:
    """17,951亿元 · 52个 · 8% · 25 Gbps (a Latin-letter unit keeps a space) · 1.12万亿元人民币."""
    if unit is None:
        return number_zh(value)
    if getattr(unit, "zh_base", None):  # 80 百万人次 -> 8,000万人次
        return f"{_number_zh_words(_exact(value) * unit.scale)}{unit.zh_base}"
    text = number_zh(value) if unit.scale > 1 else _number_zh_words(value)
    space = "" if unit.joined or not unit.zh[:1].isascii() or not unit.zh[:1].isalpha() else " "
    return f"{text}{space}{unit.zh}"


def quantity_en(value, unit) -> str:
    """RMB 1.7951 trillion · US$15 billion · 112,400 TEU · 1 port · 2 ports · 8% per year."""
    if unit is None:
        return number_en(value)[0]
    text, one = number_en(value, unit.scale)
    if unit.currency:
        sign = unit.currency
        return f"{sign}{text}" if not sign[-1:].isalpha() else f"{sign} {text}"
    noun = unit.en.one if one else unit.en.other
    return f"{text}{'' if unit.joined else ' '}{noun}"


def quantity(value, unit, lang: str) -> str:
    """The one entry point: a number with its unit (a data/units.yml record or None) in `lang`."""
    return quantity_zh(value, unit) if lang == "zh" else quantity_en(value, unit)


def unit_of(ds, figure) -> Optional[object]:
    """The registry unit of a figure: its id, or (old form) the unit whose zh and English agree."""
    units = ds.by_id("units")
    if isinstance(figure.unit, str):
        return units.get(figure.unit)
    return match_legacy(units.values(), figure.unit)


def match_legacy(units, text) -> Optional[object]:
    """A `{zh, en}` unit (the form before data/units.yml) that names a registry unit exactly."""
    for unit in units:
        if unit.scale == 1 and unit.zh == text.zh and (
                (unit.en and text.en in (unit.en.one, unit.en.other)) or (unit.currency and text.en == unit.currency)):
            return unit
    return None


def figure_quantity(ds, figure, lang: str) -> str:
    return quantity(figure.value, unit_of(ds, figure), lang)
