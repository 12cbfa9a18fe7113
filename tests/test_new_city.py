"""Cities are data: adding data/cities/xian.yml (+ records in other collections) to a copy of the
fixture data, and nothing else, gives Xi'an its pages in both languages, its place in the nav (from
its `order:`), its map points and chart series, and its rows in the exports."""
import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_data_dir
from sitebuild import build_site

OVERLAY = FIXTURES / "new-city"


def add_xian(data: Path) -> Path:
    for src in OVERLAY.rglob("*.yml"):
        target = data / src.relative_to(OVERLAY)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, target)
    # Xi'an takes position 2: the others move down (order is data, not the alphabet or the code).
    for cid, order in (("chengdu", 3), ("guangzhou", 4)):
        path = data / "cities" / f"{cid}.yml"
        path.write_text(re.sub(r"(?m)^order: \d+$", f"order: {order}", path.read_text(encoding="utf-8")), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def xian_site(tmp_path_factory):
    data = add_xian(make_data_dir(tmp_path_factory.mktemp("xian-data")))
    return build_site(tmp_path_factory.mktemp("xian") / "site", data)


def read(site, rel):
    return (site / rel).read_text(encoding="utf-8")


def test_dataset_orders_cities_by_their_order_field(tmp_path):
    from citysite.loader import city_order, load
    data = add_xian(make_data_dir(tmp_path))
    assert [c.id for c in load(data).cities] == ["chongqing", "xian", "chengdu", "guangzhou"]
    assert city_order(data) == ["chongqing", "xian", "chengdu", "guangzhou"]


def test_pages_in_both_languages_and_nav_order(xian_site):
    zh, en = read(xian_site, "cities/xian/index.html"), read(xian_site, "en/cities/xian/index.html")
    assert re.search(r"<h1[^>]*>[^<]*西安", zh) and re.search(r"<h1[^>]*>[^<]*Xi&#39;an|<h1[^>]*>[^<]*Xi'an", en)
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    for home, prefix in ((read(xian_site, "index.html"), "cities/"), (read(xian_site, "en/index.html"), "cities/")):
        order = [m for m in re.findall(r'href="(?:\.\./)*' + prefix + r'([a-z]+)/"', home)]
        seen = list(dict.fromkeys(order))
        assert seen[:4] == ["chongqing", "xian", "chengdu", "guangzhou"], seen
    services = read(xian_site, "services/index.html")
    assert "西安测试出入境窗口" in services and 'id="xian"' in services


def test_map_and_chart_entries(xian_site):
    for rel in ("sister-cities/index.html", "en/sister-cities/index.html"):
        html = read(xian_site, rel)
        assert re.search(r'href="[^"]*#sc-xian-testville"', html), rel  # the partner's point on the all-cities map
        part = read(xian_site, rel.replace("sister-cities/", "sister-cities/xian/"))  # the city's part of the list
        assert 'id="sc-xian-testville"' in part and 'id="sc-xian-samplestadt"' in part  # its table rows
        chart = re.search(r'<svg[^>]*class="chart chart-decades".*?</svg>', html, re.S).group(0)
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
        assert ("西安" if not rel.startswith("en/") else "Xi&#x27;an" if "&#x27;" in desc else "Xi'an") in desc, desc
    city_map = read(xian_site, "en/cities/xian/index.html")
    assert 'href="#sc-xian-testville"' in city_map
    directory = read(xian_site, "en/sister-cities/index.html")
    bars = re.search(r'<svg[^>]*class="chart chart-indicator".*?</svg>', directory, re.S).group(0)
    labels = [re.sub("&#x27;|&#39;", "'", t) for t in re.findall(r'text-anchor="end">([^<]+)<', bars)]
    assert labels[:4] == ["Chongqing", "Xi'an", "Chengdu", "Guangzhou"], labels  # one bar per city, data order
    compare = read(xian_site, "compare/index.html")
    head = re.search(r"<thead>.*?</thead>", compare, re.S).group(0)
    assert re.findall(r'<th scope="col">([^<]+)</th>', head)[1:] == ["重庆", "西安", "成都", "广州"]


def test_export_rows(xian_site):
    sister = json.loads(read(xian_site, "data/sister-cities.json"))["records"]
    assert {r["id"] for r in sister if r["city"] == "xian"} == {"testville", "samplestadt"}
    cities = json.loads(read(xian_site, "data/cities.json"))["records"]
    assert [c["id"] for c in cities if c["id"] == "xian"] == ["xian"]
    rows = list(csv.DictReader(io.StringIO(read(xian_site, "data/services.csv").lstrip("\ufeff"))))
    assert [r["id"] for r in rows if r["city"] == "xian"] == ["xian-exit-entry-test"]
    assert (xian_site / "data" / "events-xian.ics").is_file()


def test_unknown_city_is_an_error_at_the_field_line(tmp_path):
    """A record naming a city that has no data/cities/ file: bilingual error at that field's line."""
    from citysite.loader import load
    from citysite.problems import DataInvalid
    data = make_data_dir(tmp_path)
    guide = data / "guides" / "accommodation-registration.yml"
    text = guide.read_text(encoding="utf-8")
    assert re.search(r"(?m)^scope: ", text)
    guide.write_text(re.sub(r"(?m)^scope: .*$", "scope: wuhan", text), encoding="utf-8")
    line = next(i for i, l in enumerate(guide.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("scope:"))
    (data / "sister-cities" / "wuhan.yml").write_text("city: wuhan\nrecords: []\n", encoding="utf-8")
    with pytest.raises(DataInvalid) as err:
        load(data)
    got = {(p.path, p.line, p.field): p for p in err.value.problems}
    p = got[("data/guides/accommodation-registration.yml", line, "scope")]
    assert "wuhan" in p.en and "data/cities/wuhan.yml" in p.en and "data/cities/wuhan.yml" in p.zh
    p = got[("data/sister-cities/wuhan.yml", 1, "city")]
    assert "data/cities/wuhan.yml" in p.en and "城市" in p.zh
