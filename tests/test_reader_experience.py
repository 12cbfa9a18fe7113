"""What a reader feels (issue: reader experience): the city profile answers first, citations are numbered
footnotes that lose nothing, target verdicts are computed from the data, every run of the other language
is marked with `lang`, and nothing is wider than a phone."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from citysite import profile
from citysite.fields import Figure
from citysite.langmark import mark_language_runs
from langparts import wrong_language_runs
from sitebuild import html_pages


# ---- language of parts ---------------------------------------------------------------------------------
def test_no_run_of_the_other_language_lacks_its_lang_on_any_page(real_site):
    found = {}
    for rel in html_pages(real_site) + ["404.html", "en/404.html"]:
        bad = wrong_language_runs((real_site / rel).read_text(encoding="utf-8"))
        if bad:
            found[rel] = bad[:3]
    assert found == {}


def test_the_marker_wraps_only_unmarked_runs():
    en = mark_language_runs('<p>Source: 重庆日报 · §三（五） and <span lang="zh">成都</span></p><title>重庆</title>', "en")
    assert '<span lang="zh">重庆日报</span>' in en and '<span lang="zh">§三（五）</span>' not in en  # § is not Chinese
    assert '<span lang="zh">三（五）</span>' in en
    assert en.count('lang="zh"') == 3  # the marked 成都 is left as it is; <title> cannot hold a span
    zh = mark_language_runs("<p>原文：“Chongqing is a sister city of Toulouse.” 见 https://example.org/a-b-c-d-e</p>", "zh")
    assert '<span lang="en">Chongqing is a sister city of Toulouse.</span>' in zh
    assert "https://example.org/a-b-c-d-e</p>" in zh
    assert wrong_language_runs(en) == [] and wrong_language_runs(zh) == []
    assert wrong_language_runs('<html lang="en"><p>Police 报警</p></html>') != []


# ---- numbered footnotes ----------------------------------------------------------------------------------
class Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.markers, self.backs, self.sources = set(), [], [], set()
        self._in_fn = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        href = a.get("href") or ""
        if tag == "sup" and "fnref" in (a.get("class") or ""):
            self._in_fn = a.get("id")
        elif tag == "a" and self._in_fn:
            self.markers.append((self._in_fn, href))
            self._in_fn = None
        if tag == "a" and "fnback" in (a.get("class") or ""):
            self.backs.append(href)
        match = re.search(r"#src-([a-z0-9-]+)$", href)
        if tag == "a" and match:
            self.sources.add(match.group(1))


def parse(site, rel):
    p = Anchors()
    p.feed((site / rel).read_text(encoding="utf-8"))
    return p


def cited_ids(record) -> set:
    """Every source id a record cites, anywhere in it (figures, conflicts, editions …)."""
    from citysite.fields import SourceRef, values_of
    return {ref.ref for _path, ref in values_of(record, SourceRef)}


@pytest.mark.parametrize("lang", ["", "en/"])
def test_city_footnotes_link_both_ways_and_lose_no_source(real_site, real_dataset, lang):
    for city in real_dataset.cities:
        page = parse(real_site, f"{lang}cities/{city.id}/index.html")
        assert len(page.markers) > 20
        for marker_id, href in page.markers:
            assert href.startswith("#") and href[1:] in page.ids, (city.id, href)
            assert marker_id in page.ids
        assert page.backs and all(b[1:] in page.ids for b in page.backs)
        expected = cited_ids(city)
        for name in ("sister-cities", "consulates", "channels", "platforms", "events", "plans"):
            for record in real_dataset.of(name, city.id):
                expected |= cited_ids(record)
        assert expected - page.sources == set(), f"{city.id}: sources cited by its records but not on its page"


# ---- targets against outcomes ------------------------------------------------------------------------------
def fig(value, as_of, kind="reported", unit="条", target_year=None, label="国际航线", scope=None):
    data = {"id": "routes", "label": {"zh": label, "en": "Routes"}, "value": value, "unit": {"zh": unit, "en": "routes"},
            "as_of": as_of, "kind": kind, "source": {"ref": "s"}}
    if target_year:
        data["target_year"] = target_year
    if scope:
        data["scope"] = {"zh": scope, "en": scope}
    return Figure.model_validate(data)


class FakeCity:
    id = "x"

    def __init__(self, *figures):
        self.indicators = list(figures)


class NoPlans:
    def of(self, name, city=None):
        return []


@pytest.mark.parametrize("figures, today, verdict", [
    ([fig(130, "2022")], 2026, "met"),
    ([fig(100, "2022-12"), fig(140, "2025")], 2026, "not-met"),  # only the target year decides
    ([fig(100, "2021")], 2022, "not-yet-due"),
    ([fig(125, "2021")], 2022, "met"),  # met early
    ([fig(140, "2025")], 2026, "not-comparable"),  # no figure for the target year
    ([fig(130, "2022", unit="个")], 2026, "not-comparable"),  # another unit
    ([fig(130, "2022", label="国际客运航线")], 2026, "not-comparable"),  # another definition
    ([], 2026, "not-comparable"),
])
def test_verdicts_are_computed_from_the_figures(figures, today, verdict):
    target = fig(120, "2018-06", kind="target", target_year="2022")
    checks = profile.target_checks(NoPlans(), FakeCity(target, *figures), dt.date(today, 6, 1))
    assert [c.verdict for c in checks] == [verdict]


def test_city_pages_show_every_dated_target_with_a_verdict(real_site, real_dataset):
    for city in real_dataset.cities:
        targets = {(f.id, f.value, f.target_year) for f in city.indicators if f.kind == "target" and f.target_year}
        for plan in real_dataset.of("plans", city.id):
            targets |= {(f.id, f.value, f.target_year) for f in plan.targets if f.target_year}
        html = (real_site / f"en/cities/{city.id}/index.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr id="target-[^"]+">.*?class="verdict verdict-([a-z-]+)"', html, re.S)
        assert len(rows) == len(targets), city.id
        assert set(rows) <= set(profile.VERDICTS)


# ---- links stay in the reader's language ------------------------------------------------------------------
class Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href") and not a.get("hreflang"):  # hreflang: the language switcher
            self.hrefs.append(a["href"])


def test_links_on_english_pages_stay_on_english_pages(real_site):
    from urllib.parse import urljoin, urlsplit
    leaks = {}
    for rel in html_pages(real_site):
        if not rel.startswith("en/"):
            continue
        parser = Hrefs()
        parser.feed((real_site / rel).read_text(encoding="utf-8"))
        for href in parser.hrefs:
            url = urljoin("http://site/" + rel, href)
            path = urlsplit(url).path
            last = path.rsplit("/", 1)[-1]
            if not url.startswith("http://site/") or ("." in last and not last.endswith(".html")):
                continue  # other sites, and files (downloads, feeds, assets) that are not pages
            if not path.startswith("/en/"):
                leaks.setdefault(rel, []).append(href)
    assert leaks == {}


def test_site_css_blocks_are_balanced():
    """A stray brace (easy to leave behind when merging CSS) silently drops every rule after it."""
    from pathlib import Path
    css = re.sub(r"/\*.*?\*/", "", (Path(__file__).resolve().parents[1] / "overrides/assets/site.css").read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for ch in css:
        depth += (ch == "{") - (ch == "}")
        assert depth >= 0, "a closing brace without its block"
    assert depth == 0
