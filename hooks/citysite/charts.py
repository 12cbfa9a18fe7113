"""Small static SVG charts built at build time (no JavaScript): sister-city relations per decade,
and horizontal bars comparing the cities on one indicator.

Each chart is role="img" with <title> and <desc> (the desc states every number), draws the
numbers as text on the bars, and is meant to sit in a <figure> next to a data table with the same
numbers (`decade_counts()` / the values given) — see overrides/site/_charts.html.
Every data string is XML-escaped.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

from .quantities import figure_quantity, unit_of


def unit_scale(ds, figure) -> int:
    """Bars compare base quantities, so 1.2亿 and 9,000万 are drawn to one scale."""
    unit = unit_of(ds, figure)
    return unit.scale if unit else 1

# Three colours with >= 4.5:1 contrast on white (also usable as text colours), told apart by
# position and the legend as well, never by colour alone.
PALETTE = ("#1a4f9c", "#b34700", "#2e7d32")

DEFAULT_LABELS = {
    "zh": {"decade": "{}年代", "undated": "未注明缔结日期", "empty": "暂无记录。", "count_unit": "对", "no_data": "无数据",
           "sep": "；", "list_sep": "、", "colon": "："},
    "en": {"decade": "{}s", "undated": "no date of establishment given", "empty": "No records yet.", "count_unit": "", "no_data": "no data",
           "sep": "; ", "list_sep": ", ", "colon": ": "},
}


def _labels(lang: str, labels: Optional[dict]) -> dict:
    return {**DEFAULT_LABELS.get(lang, DEFAULT_LABELS["en"]), **(labels or {})}


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ems(text: str) -> float:
    """Rough text width in ems (CJK 1 em, others ~0.56 em)."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.56 for ch in text)


def _open(width: float, height: float, title: str, desc: str, id_prefix: str, cls: str) -> list:
    tid, did = f"{id_prefix}-title", f"{id_prefix}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" viewBox="0 0 {_f(width)} {_f(height)}"'
        f' width="{_f(width)}" height="{_f(height)}" style="max-width:100%;height:auto" role="img" aria-labelledby={quoteattr(tid + " " + did)}>',
        f"<title id={quoteattr(tid)}>{escape(title)}</title>",
        f"<desc id={quoteattr(did)}>{escape(desc)}</desc>",
    ]


# ---- sister-city relations per decade ---------------------------------------------------------------
def decade_counts(records: Iterable, relation: Optional[str] = "sister-city",
                  series_order: Sequence[str] = ()) -> dict:
    """Counts per decade of `established`, one series per city found in `records`, in `series_order`
    (the data's city order, `ds.city_ids`), then any other city by id.
    relation=None counts every relation. Returns
    {"decades": [1980, 1990, …] (every decade from the first to the last, gaps included),
     "series": [{"key": city id, "counts": [n per decade], "undated": n, "total": n}, …]}."""
    per: dict = {}
    for r in records:
        if relation and r.relation != relation:
            continue
        key = r.city_id
        slot = per.setdefault(key, {"by": {}, "undated": 0})
        if r.established:
            decade = int(r.established[:4]) // 10 * 10
            slot["by"][decade] = slot["by"].get(decade, 0) + 1
        else:
            slot["undated"] += 1
    all_decades = sorted({d for s in per.values() for d in s["by"]})
    decades = list(range(all_decades[0], all_decades[-1] + 10, 10)) if all_decades else []
    keys = [k for k in series_order if k in per] + sorted(k for k in per if k not in series_order)
    series = []
    for key in keys:
        counts = [per[key]["by"].get(d, 0) for d in decades]
        series.append({"key": key, "counts": counts, "undated": per[key]["undated"],
                       "total": sum(counts) + per[key]["undated"]})
    return {"decades": decades, "series": series}


def decade_label(decade: int, lang: str, labels: Optional[dict] = None) -> str:
    return _labels(lang, labels)["decade"].format(decade)


def decades_desc(data: dict, lang: str, names: dict, labels: Optional[dict] = None) -> str:
    """The chart's numbers as a sentence (used as <desc>)."""
    lab = _labels(lang, labels)
    parts = []
    for s in data["series"]:
        items = [f"{decade_label(d, lang, labels)} {n}" for d, n in zip(data["decades"], s["counts"])]
        if s["undated"]:
            items.append(f"{lab['undated']} {s['undated']}")
        head = names.get(s["key"], s["key"])
        parts.append(head + lab["colon"] + lab["list_sep"].join(items))
    return lab["sep"].join(parts) or lab["empty"]


def decades_chart_svg(records: Iterable, title: str, lang: str, labels: Optional[dict] = None, *,
                      names: Optional[dict] = None, relation: Optional[str] = "sister-city",
                      id_prefix: str = "decades", desc: Optional[str] = None, series_order: Sequence[str] = ()) -> str:
    """Vertical bars of relations established per decade; grouped by city when `records` span
    several cities. `names`: city id -> display name (legend and desc). `labels`: overrides of
    DEFAULT_LABELS (e.g. {"decade": "{}年代"}). Relations without a date are stated in the desc and
    under the chart, not drawn."""
    lab = _labels(lang, labels)
    names = names or {}
    data = decade_counts(records, relation, series_order or tuple(names))
    decades, series = data["decades"], data["series"]
    n_series = max(len(series), 1)
    bar_w, gap_in, gap_out = 26.0, 4.0, 22.0
    group_w = n_series * bar_w + (n_series - 1) * gap_in
    left, right, top, plot_h = 16.0, 16.0, 24.0, 180.0
    axis_h = 34.0
    legend_h = 30.0 if len(series) > 1 else 0.0
    undated = sum(s["undated"] for s in series)
    note_h = 26.0 if undated else 0.0
    content_w = len(decades) * (group_w + gap_out)
    width = max(left + right + content_w, 320.0)
    shift = (width - left - right - content_w) / 2  # centre a narrow chart
    height = top + plot_h + axis_h + legend_h + note_h + 6
    vmax = max([n for s in series for n in s["counts"]] + [1])
    desc_text = desc if desc is not None else decades_desc(data, lang, names, labels)
    out = _open(width, height, title, desc_text, id_prefix, "chart-decades")
    base = top + plot_h
    out.append('<g class="chart-text" fill="currentColor" font-size="13" text-anchor="middle">')
    out.append(f'<line x1="{_f(left)}" x2="{_f(width - right)}" y1="{_f(base)}" y2="{_f(base)}" stroke="currentColor" stroke-width="1"/>')
    for i, decade in enumerate(decades):
        gx = left + shift + gap_out / 2 + i * (group_w + gap_out)
        for j, s in enumerate(series):
            n = s["counts"][i]
            h = plot_h * n / vmax
            x = gx + j * (bar_w + gap_in)
            if n:
                out.append(f'<rect x="{_f(x)}" y="{_f(base - h)}" width="{_f(bar_w)}" height="{_f(h)}" fill="{PALETTE[j % len(PALETTE)]}"/>')
            out.append(f'<text x="{_f(x + bar_w / 2)}" y="{_f(base - h - 4)}">{n}</text>')
        out.append(f'<text x="{_f(gx + group_w / 2)}" y="{_f(base + 20)}">{escape(decade_label(decade, lang, labels))}</text>')
    out.append("</g>")
    y = base + axis_h
    if len(series) > 1:
        x = left
        out.append('<g class="chart-legend" font-size="13" fill="currentColor">')
        for j, s in enumerate(series):
            name = names.get(s["key"], s["key"])
            out.append(f'<rect x="{_f(x)}" y="{_f(y + 4)}" width="14" height="14" fill="{PALETTE[j % len(PALETTE)]}"/>'
                       f'<text x="{_f(x + 20)}" y="{_f(y + 16)}">{escape(name)}</text>')
            x += 40 + 13 * _ems(name)
        out.append("</g>")
        y += legend_h
    if undated:
        parts = [f"{names.get(s['key'], s['key'])} {s['undated']}" if len(series) > 1 else str(s["undated"])
                 for s in series if s["undated"]]
        note = lab["undated"] + lab["colon"] + lab["list_sep"].join(parts)
        out.append(f'<text class="chart-note" x="{_f(left)}" y="{_f(y + 16)}" font-size="12" fill="currentColor">{escape(note)}</text>')
    out.append("</svg>")
    return "".join(out)


# ---- one indicator, several cities ----------------------------------------------------------------
def indicator_bars_svg(values: Sequence[dict], title: str, lang: str, *, id_prefix: str = "ind",
                       desc: Optional[str] = None, labels: Optional[dict] = None) -> str:
    """Horizontal bars. `values`: [{"label": city name, "value": number or None,
    "text": shown value (default the number), "note": optional (e.g. as-of date)}, …].
    None is drawn as the words "no data", never as a zero bar."""
    lab = _labels(lang, labels)
    values = list(values)
    label_w = max([_ems(str(v["label"])) * 14 for v in values] + [40.0]) + 12
    bar_max, row_h, top = 300.0, 30.0, 8.0
    texts = []
    for v in values:
        if v.get("value") is None:
            texts.append(lab["no_data"])
        else:
            t = str(v.get("text") or _num(v["value"]))
            if v.get("note"):
                t += f" ({v['note']})"
            texts.append(t)
    text_w = max([_ems(t) * 13 for t in texts] + [30.0]) + 10
    width = 8 + label_w + bar_max + text_w
    height = top * 2 + row_h * len(values)
    vmax = max([float(v["value"]) for v in values if v.get("value") is not None] + [0.0]) or 1.0
    desc_text = desc if desc is not None else lab["sep"].join(f"{v['label']}{lab['colon']}{t}" for v, t in zip(values, texts))
    out = _open(width, height, title, desc_text, id_prefix, "chart-indicator")
    out.append('<g font-size="14" fill="currentColor">')
    for k, (v, t) in enumerate(zip(values, texts)):
        y = top + k * row_h
        out.append(f'<text x="{_f(8 + label_w - 10)}" y="{_f(y + 20)}" text-anchor="end">{escape(str(v["label"]))}</text>')
        x0 = 8 + label_w
        if v.get("value") is None:
            out.append(f'<text x="{_f(x0)}" y="{_f(y + 20)}" font-size="13" font-style="italic">{escape(t)}</text>')
            continue
        w = bar_max * max(float(v["value"]), 0.0) / vmax
        out.append(f'<rect x="{_f(x0)}" y="{_f(y + 6)}" width="{_f(w)}" height="{_f(row_h - 12)}" fill="{PALETTE[0]}"/>'
                   f'<text x="{_f(x0 + w + 6)}" y="{_f(y + 20)}" font-size="13">{escape(t)}</text>')
    out.append("</g></svg>")
    return "".join(out)


def _num(value: float) -> str:
    from .quantities import number_zh
    return number_zh(value)


# ---- ready-made figures for the templates (overrides/site/_charts.html) ----------------------------
CHART_TEXTS = {
    "zh": {
        "decades_title_city": "{city}各年代缔结的国际友好城市数量",
        "decades_title_all": "{cities}各年代缔结的国际友好城市数量", "and": "、",
        "decades_caption": "按缔结日期所在年代统计本站已列出的国际友好城市（不含友好交流城市）；数据见下表。",
        "decade": "年代", "total": "合计", "count": "数量",
    },
    "en": {
        "decades_title_city": "Sister-city relations {city} established, per decade",
        "decades_title_all": "Sister-city relations established per decade: {cities}", "and": ", ",
        "decades_caption": "Sister cities listed on this site (not friendly-exchange cities), counted by the decade they were established; the numbers are in the table below.",
        "decade": "Decade", "total": "Total", "count": "Number",
    },
}


def decades_figure(ds, city: Optional[str], lang: str, *, id_prefix: Optional[str] = None) -> dict:
    """Everything _charts.html's `decades` macro needs: {"id", "svg", "caption", "table"} with
    table = {"caption", "head": [..], "rows": [[row header, cells…], …]} holding the same numbers."""
    t = CHART_TEXTS[lang]
    lab = _labels(lang, None)
    names = {c.id: getattr(c.name, lang) for c in ds.cities}
    records = ds.of("sister-cities", city)
    prefix = id_prefix or f"decades-{city or 'all'}"
    title = (t["decades_title_city"].format(city=names.get(city, city)) if city
             else t["decades_title_all"].format(cities=t["and"].join(names.values())))
    data = decade_counts(records, series_order=tuple(names))
    svg = decades_chart_svg(records, title, lang, names=names, id_prefix=prefix, series_order=tuple(names))
    series = data["series"]
    head = [t["decade"]] + ([names.get(s["key"], s["key"]) for s in series] if len(series) > 1 else [t["count"]])
    rows = [[decade_label(d, lang)] + [s["counts"][i] for s in series] for i, d in enumerate(data["decades"])]
    if any(s["undated"] for s in series):
        rows.append([lab["undated"]] + [s["undated"] for s in series])
    if len(series) > 1:
        rows.append([t["total"]] + [s["total"] for s in series])
    return {"id": prefix, "svg": svg, "caption": t["decades_caption"],
            "table": {"caption": title, "head": head, "rows": rows}}


def indicator_figure(ds, indicator_id: str, lang: str, *, id_prefix: Optional[str] = None,
                     date_format=None) -> Optional[dict]:
    """Compare the cities on one indicator (latest reported figure of each city with that id).
    Returns {"id", "title", "svg", "caption", "figures": [(city, Figure or None), …]} or None when no city
    has the indicator. `date_format`: e.g. View.date, to show as-of dates in the page's style."""
    fmt = date_format or (lambda d: d)
    figures = []
    for c in ds.cities:
        found = [f for f in c.indicators if f.id == indicator_id and f.kind == "reported"]
        figures.append((c, max(found, key=lambda f: f.as_of) if found else None))
    if not any(f for _, f in figures):
        return None
    label = next(f.label for _, f in figures if f)
    values = []
    for c, f in figures:
        if f is None:
            values.append({"label": getattr(c.name, lang), "value": None})
        else:
            values.append({"label": getattr(c.name, lang), "value": f.value * (unit_scale(ds, f)),
                           "text": figure_quantity(ds, f, lang), "note": fmt(f.as_of)})
    title = getattr(label, lang)
    prefix = id_prefix or f"ind-{indicator_id}"
    caption = ("各城市最新报告数值，截至日期与统计口径可能不同，比较时请核对下表中的来源和口径。" if lang == "zh" else
               "Each city's latest reported figure. As-of dates and scopes may differ: check the sources and scopes in the table before comparing.")
    return {"id": prefix, "title": title, "svg": indicator_bars_svg(values, title, lang, id_prefix=prefix),
            "caption": caption, "figures": figures}
