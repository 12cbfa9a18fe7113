"""A static SVG world map of partner cities, drawn at build time.

Shapes: Natural Earth 1:110m (public domain) as redistributed by the npm package `world-atlas`
2.0.2 (`countries-110m.json`, ISC), committed as assets/countries-110m.json (see assets/LICENSE.md).
We decode the TopoJSON ourselves (quantized, delta-encoded arcs), cut rings at the antimeridian,
project with the Natural Earth I projection, simplify, round to 0.1 unit and write relative path
commands. No JavaScript, no tiles, no external requests.

What is drawn: by default the *land* (the merged countries) in light grey, without national borders.
A site published for readers in China should not draw borders it has not had reviewed (disputed
borders, Taiwan, South China Sea); `shapes="countries"` draws one path per country instead, for
the lead to choose knowingly.

Every data string is XML-escaped (text with `escape`, attributes with `quoteattr`).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

ASSET = Path(__file__).resolve().parent / "assets" / "countries-110m.json"

# Map frame: whole longitudes, latitudes from 84°N down to 57°S (Antarctica is left out: no partner
# lives there and it would be a third of the drawing).
WIDTH = 1000.0
LAT_TOP, LAT_BOTTOM = 84.0, -57.0
SIMPLIFY = 0.6  # Douglas-Peucker tolerance in map units (1000 = full width)
MIN_AREA = 4.0  # drop polygons smaller than this (map units²): tiny islands

RELATIONS = ("sister-city", "friendly-exchange")
DEFAULT_LEGEND = {
    "zh": {"sister-city": "国际友好城市", "friendly-exchange": "友好交流城市", "ended": "已终止"},
    "en": {"sister-city": "Sister city", "friendly-exchange": "Friendly-exchange city", "ended": "Ended"},
}


# ---- TopoJSON -------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _topology() -> dict:
    return json.loads(ASSET.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _arcs() -> tuple:
    """Absolute lon/lat arcs: undo the delta encoding, then the quantization."""
    topo = _topology()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(tuple(pts))
    return tuple(out)


def _ring(indexes: Sequence[int]) -> list:
    """A ring from arc indexes; ~i means arc i reversed; consecutive arcs share an end point."""
    arcs = _arcs()
    pts: list = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc[1:] if pts else arc)
    return pts


def _polygons(geometry: dict) -> list:
    """[[ring, …], …] (outer ring first) for a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [[_ring(r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_ring(r) for r in poly] for poly in geometry["arcs"]]
    return []


# ---- antimeridian ---------------------------------------------------------------------------------
def _unwrap(ring: list) -> list:
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    return out


def _clip(ring: list, lo: float, hi: float) -> list:
    """Sutherland-Hodgman against lo <= lon <= hi."""
    def cut(pts, inside, edge):
        res = []
        for k, cur in enumerate(pts):
            prev = pts[k - 1]
            if inside(cur):
                if not inside(prev):
                    res.append(_cross(prev, cur, edge))
                res.append(cur)
            elif inside(prev):
                res.append(_cross(prev, cur, edge))
        return res

    pts = cut(ring, lambda p: p[0] >= lo, lo)
    return cut(pts, lambda p: p[0] <= hi, hi) if pts else []


def _cross(a, b, lon):
    t = (lon - a[0]) / (b[0] - a[0])
    return (lon, a[1] + t * (b[1] - a[1]))


def _split_antimeridian(ring: list) -> list:
    """A ring crossing ±180° becomes its pieces on either side; others are returned unchanged."""
    if all(abs(ring[k][0] - ring[k - 1][0]) <= 180 for k in range(1, len(ring))):
        return [ring]
    flat = _unwrap(ring)
    pieces = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in flat]
        piece = _clip(moved, -180.0, 180.0)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


# ---- projection -----------------------------------------------------------------------------------
def _natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I (Šavrič et al. 2011), the polynomial d3-geo uses; radians in, unit sphere out."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


_HALF_W = _natural_earth(180, 0)[0]
SCALE = WIDTH / (2 * _HALF_W)
_Y_TOP = _natural_earth(0, LAT_TOP)[1]
HEIGHT = round((_Y_TOP - _natural_earth(0, LAT_BOTTOM)[1]) * SCALE, 1)


def project(lon: float, lat: float) -> tuple[float, float]:
    """lon/lat in degrees -> map units (x right, y down), origin at the top-left of the frame."""
    x, y = _natural_earth(lon, lat)
    return (x + _HALF_W) * SCALE, (_Y_TOP - y) * SCALE


# ---- simplification and path text ------------------------------------------------------------------
def _dp(pts: list, tol: float) -> list:
    """Douglas-Peucker on an open polyline (iterative)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for k in range(a + 1, b):
            px, py = pts[k]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, idx = d, k
        if idx > 0 and best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def _area(pts: list) -> float:
    return abs(sum(pts[k - 1][0] * p[1] - p[0] * pts[k - 1][1] for k, p in enumerate(pts))) / 2


def _num(tenths: int) -> str:
    """0.1-unit integer -> shortest decimal text ('12.3', '-4', '.5' is avoided for clarity)."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def _ring_path(pts: list) -> str:
    """Absolute first point, then relative `l` steps of the rounded coordinates (exact, no drift)."""
    q = [(round(x * 10), round(y * 10)) for x, y in pts]
    dedup = [q[0]]
    for p in q[1:]:
        if p != dedup[-1]:
            dedup.append(p)
    if len(dedup) > 1 and dedup[-1] == dedup[0]:
        dedup.pop()
    if len(dedup) < 3:
        return ""
    out = [f"M{_num(dedup[0][0])} {_num(dedup[0][1])}l"]
    steps = []
    for (x0, y0), (x1, y1) in zip(dedup, dedup[1:]):
        dx, dy = _num(x1 - x0), _num(y1 - y0)
        steps.append(dx + ("" if dy.startswith("-") else " ") + dy)
    out.append(" ".join(steps))
    return "".join(out).replace(" -", "-") + "z"


def _geometry_path(geometry: dict) -> str:
    parts = []
    for poly in _polygons(geometry):
        outer = poly[0]
        if max(lat for _, lat in outer) < -60:  # Antarctica
            continue
        for ring in poly:
            for piece in _split_antimeridian(ring):
                projected = [project(lon, max(min(lat, 89.9), -89.9)) for lon, lat in piece]
                if not projected:
                    continue
                closed = projected + [projected[0]]
                simple = _dp(closed, SIMPLIFY)
                if len(simple) < 4 or _area(simple) < MIN_AREA:
                    continue
                d = _ring_path(simple)
                if d:
                    parts.append(d)
    return "".join(parts)


@lru_cache(maxsize=None)
def land_path() -> str:
    """The merged land of the world (no national borders) as one SVG path `d`."""
    geoms = _topology()["objects"]["land"]["geometries"]
    return "".join(_geometry_path(g) for g in geoms)


@lru_cache(maxsize=None)
def country_paths() -> tuple:
    """((ISO 3166-1 numeric id, Natural Earth name, path d), …) — one path per country."""
    out = []
    for g in _topology()["objects"]["countries"]["geometries"]:
        d = _geometry_path(g)
        if d:
            out.append((g.get("id", ""), g.get("properties", {}).get("name", ""), d))
    return tuple(out)


# ---- the map --------------------------------------------------------------------------------------
def partner_points(ds, city: Optional[str], lang: str, href: str = "#sc-{city}-{id}") -> tuple[list[dict], int]:
    """Points for the sister-city records of `city` (all cities when None), in file order, and the
    number of records left off because they have no coordinates. Each point is
    {href, name, relation, status, lat, lon}; `name` is the readable label of the dot."""
    from .view import country_name

    points, missing = [], 0
    other = "en" if lang == "zh" else "zh"
    for r in ds.of("sister-cities", city):
        p = r.partner
        if p.lat is None or p.lon is None:
            missing += 1
            continue
        sep = "，" if lang == "zh" else ", "
        name = f"{getattr(p.name, lang)} ({getattr(p.name, other)}){sep}{country_name(p.country, lang)}"
        if city is None:
            home = next((c for c in ds.cities if c.id == r.city_id), None)
            if home is not None:
                name += (" — " + getattr(home.name, lang))
        if r.established:
            name += f"{sep}{r.established[:4]}"
        points.append({"href": href.format(city=r.city_id, id=r.id), "name": name, "relation": r.relation,
                       "status": r.status, "lat": p.lat, "lon": p.lon})
    return points, missing


_STYLE = (".wm-land{fill:#d4d4d4}.wm-sc{fill:#1a4f9c;stroke:#fff;stroke-width:1.5}"
          ".wm-fe{fill:#fff;stroke:#b34700;stroke-width:3}.wm-ended{opacity:.55}"
          ".wm-text{fill:currentColor;font-size:22px;font-family:inherit}"
          "a:focus .wm-sc,a:focus .wm-fe,a:hover .wm-sc,a:hover .wm-fe{stroke:#000;stroke-width:4}")


def world_map_svg(points: Iterable[dict], title: str, desc: str, lang: str, *,
                  legend: Optional[dict] = None, id_prefix: str = "wm", shapes: str = "land",
                  radius: float = 6.0, interactive: bool = True) -> str:
    """An accessible inline SVG map. `points`: dicts with href ('#sc-<city>-<id>'), name, relation
    ('sister-city' | 'friendly-exchange'), optional status ('ended' dims the dot), lat, lon.
    `legend`: relation/'ended' -> label (defaults in both languages). Returns the SVG element as text.

    interactive=True: each dot is a link named by its <title> (partner, relation); the root has
    role="group" + aria-labelledby/aria-describedby, because role="img" would make the links
    presentational (hidden from screen readers while still taking keyboard focus).
    interactive=False: role="img", no links — for places where the table beside it has the links."""
    labels = {**DEFAULT_LEGEND.get(lang, DEFAULT_LEGEND["en"]), **(legend or {})}
    points = list(points)
    legend_h = 44.0
    height = HEIGHT + legend_h
    tid, did = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="0 0 {_num(round(WIDTH * 10))} {_num(round(height * 10))}"'
        f' width="{_num(round(WIDTH * 10))}" height="{_num(round(height * 10))}" style="max-width:100%;height:auto"'
        + (f' role="group" aria-labelledby={quoteattr(tid)} aria-describedby={quoteattr(did)}' if interactive
         else f' role="img" aria-labelledby={quoteattr(tid + " " + did)}') + f' lang={quoteattr(lang)}>',
        f"<title id={quoteattr(tid)}>{escape(title)}</title>",
        f"<desc id={quoteattr(did)}>{escape(desc)}</desc>",
        f"<style>{_STYLE}</style>",
    ]
    if shapes == "countries":
        out.append('<g class="wm-land" aria-hidden="true">')
        out += [f"<path d={quoteattr(d)}/>" for _, _, d in country_paths()]
        out.append("</g>")
    else:
        out.append(f'<path class="wm-land" aria-hidden="true" d={quoteattr(land_path())}/>')
    out.append('<g class="wm-points">')
    # Friendly-exchange rings first, sister cities on top; otherwise file order (stable output).
    order = sorted(range(len(points)), key=lambda k: (points[k].get("relation") == "sister-city", k))
    r_txt = _num(round(radius * 10))
    for k in order:
        pt = points[k]
        x, y = project(float(pt["lon"]), float(pt["lat"]))
        cls = "wm-sc" if pt.get("relation") == "sister-city" else "wm-fe"
        if pt.get("status") == "ended":
            cls += " wm-ended"
        name = str(pt["name"])
        rel_label = labels.get(pt.get("relation"), "")
        if rel_label:
            name += (" — " if lang != "zh" else "——") + rel_label
        if pt.get("status") == "ended":
            name += f" ({labels['ended']})"
        dot = f'<circle class="{cls}" cx="{_num(round(x * 10))}" cy="{_num(round(y * 10))}" r="{r_txt}"/>'
        if interactive:
            out.append(f"<a href={quoteattr(pt['href'])}><title>{escape(name)}</title>{dot}</a>")
        else:
            out.append(dot[:-2] + f"><title>{escape(name)}</title></circle>")
    out.append("</g>")
    # Legend in text (shape + colour + words; not colour alone).
    ly = HEIGHT + legend_h / 2
    present = {p.get("relation") for p in points}
    x = 20.0
    out.append('<g class="wm-legend" aria-hidden="true">')
    for rel, cls in (("sister-city", "wm-sc"), ("friendly-exchange", "wm-fe")):
        if rel not in present and points:
            continue
        text = labels.get(rel, rel)
        out.append(f'<circle class="{cls}" cx="{_num(round(x * 10))}" cy="{_num(round(ly * 10))}" r="{r_txt}"/>'
                   f'<text class="wm-text" x="{_num(round((x + 14) * 10))}" y="{_num(round((ly + 7) * 10))}">{escape(text)}</text>')
        x += 36 + 22 * _text_width(text)
    if any(p.get("status") == "ended" for p in points):
        out.append(f'<circle class="wm-sc wm-ended" cx="{_num(round(x * 10))}" cy="{_num(round(ly * 10))}" r="{r_txt}"/>'
                   f'<text class="wm-text" x="{_num(round((x + 14) * 10))}" y="{_num(round((ly + 7) * 10))}">{escape(labels["ended"])}</text>')
    out.append("</g></svg>")
    return "".join(out)


def _text_width(text: str) -> float:
    """Rough width in ems: CJK characters are 1 em, others about 0.55 em."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in text)


# ---- ready-made figure for the templates (overrides/site/_map.html) -------------------------------
MAP_TEXTS = {
    "zh": {
        "title_city": "{city}的国际友好城市与友好交流城市分布图",
        "title_all": "重庆、成都、广州的国际友好城市与友好交流城市分布图",
        "desc": "世界地图（不显示国界），以圆点标出 {n} 个伙伴城市的位置：深蓝色实心圆点为国际友好城市（{sc} 个），橙色空心圆圈为友好交流城市（{fe} 个）。每个圆点链接到下表中的对应行。",
        "caption": "圆点可点击，跳转到表格中的对应行；完整信息（含来源）见表格。",
        "missing": "另有 {m} 个伙伴城市暂无坐标，未在图中标出。",
        "credit": "底图：Natural Earth 1:110m（公有领域），不显示国界，仅作位置示意；各点坐标来源见开放数据中的 partner.coords_source。",
    },
    "en": {
        "title_city": "Map of {city}'s sister cities and friendly-exchange cities",
        "title_all": "Map of the sister cities and friendly-exchange cities of Chongqing, Chengdu and Guangzhou",
        "desc": "World map (no borders drawn) with a dot at each of {n} partner cities: dark blue filled dots are sister cities ({sc}), orange rings are friendly-exchange cities ({fe}). Each dot links to its row in the table below.",
        "caption": "Select a dot to jump to its row in the table, which has the full details and sources.",
        "missing": "{m} more partner cities have no coordinates yet and are not on the map.",
        "credit": "Base map: Natural Earth 1:110m (public domain), without borders, to show positions only; the source of each position is partner.coords_source in the open data.",
    },
}


def map_figure(ds, city: Optional[str], lang: str, *, id_prefix: Optional[str] = None, href: str = "#sc-{city}-{id}") -> dict:
    """Everything _map.html needs: {"id", "svg", "caption", "missing_note", "credit", "shown", "missing"}.
    city=None maps the partners of every city (for the sister-cities directory page)."""
    t = MAP_TEXTS[lang]
    points, missing = partner_points(ds, city, lang, href)
    labels = {}
    for rel in RELATIONS:
        text = ds.labels.get(f"rel_{rel}")
        if text is not None:
            labels[rel] = getattr(text, lang)
    ended = ds.labels.get("status_ended")
    if ended is not None:
        labels["ended"] = getattr(ended, lang)
    if city:
        home = next((c for c in ds.cities if c.id == city), None)
        title = t["title_city"].format(city=getattr(home.name, lang) if home else city)
    else:
        title = t["title_all"]
    sc = sum(1 for p in points if p["relation"] == "sister-city")
    desc = t["desc"].format(n=len(points), sc=sc, fe=len(points) - sc)
    prefix = id_prefix or f"map-{city or 'all'}"
    return {
        "id": prefix,
        "svg": world_map_svg(points, title, desc, lang, legend=labels, id_prefix=prefix),
        "caption": t["caption"],
        "missing_note": t["missing"].format(m=missing) if missing else "",
        "credit": t["credit"],
        "shown": len(points),
        "missing": missing,
    }
