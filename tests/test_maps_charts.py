"""The static SVG map and charts: well-formed, accessible, self-contained, escaped, small."""
from __future__ import annotations

import gzip
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from citysite import charts, worldmap
from citysite.loader import load
from citysite.pages import make_env
from citysite.view import View
from conftest import make_data_dir

try:  # the shared quality-gate helpers (skip locally, fail under CI=true)
    from tools import AXE_JS, CHROMIUM, NEEDS_AXE, NEEDS_CHROMIUM, NEEDS_JAVA, NEEDS_VNU, VNU_JAR, has_axe, has_chromium, has_java, has_vnu, require
except ImportError:  # pragma: no cover
    tools_missing = pytest.mark.skip(reason="tests/tools.py is missing")
else:
    def tools_missing(test):
        return test

NS = "{http://www.w3.org/2000/svg}"
MAP_BUDGET_GZIP = 40_000  # bytes per city page: shapes + dots + legend
NASTY = '<script>alert("x")</script> & \'q\' ]]> <!--'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == NS + "svg"
    return root


def assert_self_contained(svg: str, root: ET.Element) -> None:
    """No external references: no http(s) URL anywhere except the SVG namespace name (xmlns), no
    scripts, images, foreign objects or CSS imports/urls."""
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', ""), "external reference in SVG"
    for el in root.iter():
        assert el.tag.replace(NS, "") not in ("script", "image", "foreignObject", "use", "iframe"), el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}"
            assert "url(" not in value and "javascript:" not in value.lower()
    for style in root.iter(NS + "style"):
        assert "@import" not in style.text and "url(" not in style.text


def assert_labelled(root: ET.Element) -> None:
    first, second = list(root)[:2]
    assert first.tag == NS + "title" and first.text and first.text.strip()
    assert second.tag == NS + "desc" and second.text and second.text.strip()
    ids = root.get("aria-labelledby", "").split() + root.get("aria-describedby", "").split()
    assert first.get("id") in ids and second.get("id") in ids


# ---- the shapes --------------------------------------------------------------------------------------
def _inside(lon, lat, ring):
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def test_topojson_decoding():
    land = worldmap._topology()["objects"]["land"]["geometries"]
    polygons = [p for g in land for p in worldmap._polygons(g)]

    def on_land(lon, lat):
        return any(_inside(lon, lat, poly[0]) and not any(_inside(lon, lat, hole) for hole in poly[1:]) for poly in polygons)

    for name, lon, lat in [("Beijing", 116.4, 39.9), ("Chongqing", 106.55, 29.56), ("Toulouse", 1.44, 43.6),
                           ("Seattle", -122.33, 47.6), ("Nairobi", 36.8, -1.3), ("Sydney", 150.9, -33.8)]:
        assert on_land(lon, lat), name
    for name, lon, lat in [("mid-Atlantic", -30, 30), ("Pacific", -150, 0), ("Indian Ocean", 80, -20)]:
        assert not on_land(lon, lat), name
    x, y = worldmap.project(0, 0)
    assert x == pytest.approx(worldmap.WIDTH / 2)
    assert worldmap.project(-180, 0)[0] == pytest.approx(0) and worldmap.project(180, 0)[0] == pytest.approx(worldmap.WIDTH)


def _absolute_points(d: str):
    """Points of a path written as M x y l dx dy … z (the only commands we write)."""
    for sub in re.findall(r"M[^M]*", d):
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", sub)]
        x, y = nums[0], nums[1]
        yield x, y
        for dx, dy in zip(nums[2::2], nums[3::2]):
            x, y = x + dx, y + dy
            yield x, y


def test_shapes_stay_in_the_frame():
    """The antimeridian is cut: no ring wraps across the map (Russia, Fiji)."""
    d = worldmap.land_path()
    assert d == worldmap.land_path.__wrapped__()  # deterministic
    xs, ys = zip(*_absolute_points(d))
    assert min(xs) >= -0.5 and max(xs) <= worldmap.WIDTH + 0.5
    assert min(ys) >= -1 and max(ys) <= worldmap.HEIGHT + 25
    assert re.fullmatch(r"(M-?[\d.]+ -?[\d.]+l[-\d. ]+z)+", d)


# ---- the map ------------------------------------------------------------------------------------------
def test_map_per_city(any_ds):
    for city in [c.id for c in any_ds.cities] + [None]:
        fig = worldmap.map_figure(any_ds, city, "zh")
        svg = fig["svg"]
        root = parse(svg)
        assert_labelled(root)
        assert_self_contained(svg, root)
        assert root.get("role") == "group"
        located = [r for r in any_ds.of("sister-cities", city) if r.partner.lat is not None]
        links = root.findall(f".//{NS}a")
        assert [a.get("href") for a in links] and len(links) == len(located) or not located
        assert sorted(a.get("href") for a in links) == sorted(f"#sc-{r.city_id}-{r.id}" for r in located)
        for a in links:
            title = a.find(NS + "title")
            assert title is not None and title.text.strip(), "each dot needs a name for screen readers"
            assert a.find(NS + "circle") is not None
        assert fig["shown"] == len(located)
        assert fig["missing"] == len(any_ds.of("sister-cities", city)) - len(located)
        size = len(gzip.compress(svg.encode("utf-8"), 9))
        print(f"map {city or 'all'}: {len(located)} dots, {len(svg)} bytes, {size} bytes gzipped")
        assert size < MAP_BUDGET_GZIP


def test_map_in_english_and_static_mode(fixture_ds):
    fig = worldmap.map_figure(fixture_ds, "chongqing", "en")
    root = parse(fig["svg"])
    assert root.get("lang") == "en"
    assert "Toulouse" in "".join(root.itertext())
    points, _ = worldmap.partner_points(fixture_ds, "chongqing", "en")
    svg = worldmap.world_map_svg(points, "t", "d", "en", interactive=False)
    root = parse(svg)
    assert root.get("role") == "img" and not root.findall(f".//{NS}a")
    assert len(root.findall(f".//{NS}g[@class='wm-points']/{NS}circle")) == len(points)


def test_map_escapes_every_data_string():
    points = [{"href": '#sc-x-"><script>', "name": NASTY, "relation": "sister-city", "lat": 10, "lon": 10},
              {"href": "#sc-x-b", "name": "ok", "relation": "friendly-exchange", "status": "ended", "lat": -10, "lon": -10}]
    svg = worldmap.world_map_svg(points, NASTY, NASTY, "en", legend={"sister-city": NASTY}, id_prefix='a"b')
    root = parse(svg)
    assert "<script" not in svg and not root.findall(f".//{NS}script")
    assert root.find(NS + "title").text == NASTY and root.find(NS + "desc").text == NASTY
    first = next(a for a in root.findall(f".//{NS}a") if a.get("href") != "#sc-x-b")
    assert first.get("href") == '#sc-x-"><script>'
    assert first.find(NS + "title").text.startswith(NASTY)
    assert NASTY in "".join(root.itertext())


def test_partner_name_from_yaml_is_escaped(tmp_path):
    data = make_data_dir(tmp_path)
    path = data / "sister-cities" / "chongqing.yml"
    text = path.read_text(encoding="utf-8").replace("name: {zh: 图卢兹, en: Toulouse}",
                                                    "name: {zh: '图卢兹<script>alert(1)</script>', en: 'Tou\"louse'' & <b>'}")
    assert "<script>" in text
    path.write_text(text, encoding="utf-8")
    ds = load(data)
    for lang in ("zh", "en"):
        svg = worldmap.map_figure(ds, "chongqing", lang)["svg"]
        root = parse(svg)
        assert "<script>" not in svg and "<b>" not in svg
        names = [a.find(NS + "title").text for a in root.findall(f".//{NS}a")]
        assert any("图卢兹<script>alert(1)</script>" in n and "Tou\"louse' & <b>" in n for n in names)
        env = make_env()
        html = env.from_string('{% import "_map.html" as maps %}{{ maps.world(fig) }}').render(fig=worldmap.map_figure(ds, "chongqing", lang))
        assert "<script>" not in html and html.count("<svg") == 1


# ---- charts -------------------------------------------------------------------------------------------
def test_decades_chart(any_ds):
    names = {c.id: c.name.en for c in any_ds.cities}
    for city in [None] + [c.id for c in any_ds.cities]:
        records = any_ds.of("sister-cities", city)
        svg = charts.decades_chart_svg(records, "Sister cities per decade", "en", names=names, id_prefix=f"d-{city}")
        root = parse(svg)
        assert_labelled(root)
        assert_self_contained(svg, root)
        assert root.get("role") == "img"
        data = charts.decade_counts(records)
        texts = [t.text for t in root.iter(NS + "text")]
        for s in data["series"]:
            for n in s["counts"]:
                assert str(n) in texts  # the numbers are written on the bars
        desc = root.find(NS + "desc").text
        for d in data["decades"]:
            assert f"{d}s" in desc
        fig = charts.decades_figure(any_ds, city, "zh")
        assert parse(fig["svg"]) is not None
        total = sum(sum(s["counts"]) + s["undated"] for s in data["series"])
        assert total == sum(1 for r in records if r.relation == "sister-city")
        print(f"decades chart {city or 'all'}: {len(fig['svg'])} bytes, {len(gzip.compress(fig['svg'].encode(), 9))} gzipped")


def test_decade_counts_fill_gaps_and_keep_undated(fixture_ds):
    class R:
        def __init__(self, city, established, relation="sister-city"):
            self.city_id, self.established, self.relation = city, established, relation

    records = [R("chengdu", "1981-05"), R("chengdu", "2003"), R("chengdu", None),
               R("chongqing", "1999-12-31"), R("chongqing", "2024", "friendly-exchange")]
    assert [s["key"] for s in charts.decade_counts(records)["series"]] == ["chengdu", "chongqing"]  # no order given: by id
    data = charts.decade_counts(records, series_order=("chongqing", "chengdu"))  # the data's city order
    assert data["decades"] == [1980, 1990, 2000]
    assert [s["key"] for s in data["series"]] == ["chongqing", "chengdu"]
    assert data["series"][0]["counts"] == [0, 1, 0]
    assert data["series"][1] == {"key": "chengdu", "counts": [1, 0, 1], "undated": 1, "total": 3}
    assert charts.decade_counts([])["decades"] == []
    svg = charts.decades_chart_svg([], "empty", "zh")
    parse(svg)


def test_indicator_bars_and_escaping():
    values = [{"label": NASTY, "value": 52, "text": "52 个", "note": "2022-07"},
              {"label": "成都", "value": None}, {"label": "广州", "value": 38.5}]
    svg = charts.indicator_bars_svg(values, NASTY, "zh", id_prefix="i")
    root = parse(svg)
    assert_labelled(root)
    assert_self_contained(svg, root)
    assert "<script" not in svg
    texts = [t.text for t in root.iter(NS + "text")]
    assert NASTY in texts and "52 个 (2022-07)" in texts and "无数据" in texts and "38.5" in texts
    assert len(root.findall(f".//{NS}rect")) == 2  # no zero bar for missing data
    svg = charts.decades_chart_svg([], NASTY, "en", names={"x": NASTY}, labels={"decade": "<{}>"})
    assert "<script" not in svg and parse(svg).find(NS + "title").text == NASTY


def test_figures_render_through_the_partials(any_ds):
    env = make_env()
    template = env.from_string(
        '{% import "_map.html" as maps %}{% import "_charts.html" as ch %}'
        "{{ maps.world(mf) }}\n\n{{ ch.decades(df) }}\n\n{% if inf %}{{ ch.indicator(v, inf) }}{% endif %}\n")
    city = any_ds.cities[0].id
    for lang in ("zh", "en"):
        v = View(any_ds, lang, f"cities/{city}.md")
        html = template.render(v=v, mf=worldmap.map_figure(any_ds, city, lang),
                               df=charts.decades_figure(any_ds, city, lang),
                               inf=charts.indicator_figure(any_ds, "sister-cities", lang, date_format=v.date))
        assert html.count("<figure") == html.count("</figure>") >= 2
        assert "<figcaption>" in html and '<table class="records chart-data"' in html
        assert "&lt;svg" not in html  # the SVG is inserted as markup, not as text
        # Raw HTML blocks in Markdown must not contain blank lines.
        for block in re.findall(r"<figure.*?</figure>", html, re.S):
            assert "\n\n" not in block


# ---- a page with the figures passes the HTML validator and axe ----------------------------------------
def _standalone_page(ds, lang="en") -> str:
    city = ds.cities[0].id
    env = make_env()
    v = View(ds, lang, f"cities/{city}.md")
    body = env.from_string(
        '{% import "_map.html" as maps %}{% import "_charts.html" as ch %}{% import "_macros.html" as m %}'
        "<h1>t</h1>{{ maps.world(mf) }}{{ ch.decades(df) }}"
        "{{ m.sister_table(v, ds.of('sister-cities', city), 'table') }}").render(
        v=v, ds=ds, city=city, mf=worldmap.map_figure(ds, city, lang), df=charts.decades_figure(ds, city, lang))
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title></head><body><main>{body}</main></body></html>'


@tools_missing
def test_html_validator(any_ds, tmp_path):
    require(has_java(), NEEDS_JAVA)
    require(has_vnu(), NEEDS_VNU)
    page = tmp_path / "figures.html"
    page.write_text(_standalone_page(any_ds), encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", str(page)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@tools_missing
def test_axe(any_ds, tmp_path):
    require(has_chromium(), NEEDS_CHROMIUM)
    require(has_axe(), NEEDS_AXE)
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "figures.html"
    page_file.write_text(_standalone_page(any_ds, "zh").replace('lang="zh"', 'lang="zh-CN"'), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.add_script_tag(content=Path(AXE_JS).read_text(encoding="utf-8"))
            result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
        finally:
            browser.close()
    problems = [f"{v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})" for v in result["violations"]]
    assert not problems, "\n".join(problems)
