"""The real site, built in-process with --strict: both languages, switcher, sitemap, search, exports."""
import json
import re
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from citysite.collections import COLLECTIONS
from sitebuild import html_pages


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.switcher = {}
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.switcher[a.get("hreflang")] = a.get("href")


def parse(site, rel):
    p = Links()
    p.feed((site / rel).read_text(encoding="utf-8"))
    return p


def counterpart(rel):
    return rel[3:] if rel.startswith("en/") else "en/" + rel


def test_every_page_exists_in_both_languages(real_site):
    pages = html_pages(real_site)
    zh = [p for p in pages if not p.startswith("en/")]
    en = [p for p in pages if p.startswith("en/")]
    assert len(zh) == len(en) >= 15
    assert sorted(counterpart(p) for p in zh) == en
    for needed in ("cities/chongqing/index.html", "sister-cities/index.html", "consulates/index.html", "sources/index.html"):
        assert needed in zh


def test_html_lang_and_switcher_land_on_the_same_page(real_site):
    for rel in html_pages(real_site):
        page = parse(real_site, rel)
        lang = "en" if rel.startswith("en/") else "zh"
        assert page.html_lang == lang, rel
        other = "zh" if lang == "en" else "en"
        target = urljoin("http://x/" + rel, page.switcher[other])
        assert target == "http://x/" + counterpart(rel).replace("index.html", ""), rel


def test_sitemap_lists_both_languages_with_alternates(real_site):
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any(l.endswith("/cities/chongqing/") and "/en/" not in l for l in locs)
    assert any(l.endswith("/en/cities/chongqing/") for l in locs)
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/cities/chongqing/"' in sitemap


def test_root_404_is_chinese_and_english_404_is_under_en(real_site):
    assert parse(real_site, "404.html").html_lang == "zh"
    assert parse(real_site, "en/404.html").html_lang == "en"


def test_each_language_searches_only_its_own_pages(real_site, real_dataset):
    zh = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((real_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    zh_locations = {d["location"].split("#")[0] for d in zh["docs"]}
    en_locations = {d["location"].split("#")[0] for d in en["docs"]}
    assert not any(loc.startswith("en/") for loc in zh_locations | en_locations)
    zh_text = " ".join(d["title"] + d["text"] for d in zh["docs"]).replace("\u200b", "")
    en_text = " ".join(d["title"] + d["text"] for d in en["docs"])
    chongqing = next(c for c in real_dataset.cities if c.id == "chongqing")
    assert chongqing.name.zh in zh_text and chongqing.name.en in en_text
    # The English site's page texts are English: its headings carry no Chinese UI labels.
    heading = real_dataset.labels["targets_vs_outcomes"]  # a city-page heading
    assert heading.zh in zh_text and heading.zh not in en_text
    assert heading.en in en_text and heading.en not in zh_text
    # English pages use their own index: __config base points into en/.
    html = (real_site / "en/cities/chongqing/index.html").read_text(encoding="utf-8")
    assert '"base":"../../../en/"' in html


# Where each collection's records must appear (anchor prefix, pages), in both languages.
RECORD_PAGES = {
    "sister-cities": ("sc", ["sister-cities/{city}/index.html", "cities/{city}/index.html"]),  # long lists: one page per city
    "consulates": ("co", ["consulates/{city}/index.html", "cities/{city}/index.html"]),
    "channels": ("ch", ["channels/index.html", "cities/{city}/index.html"]),
    "platforms": ("pl", ["platforms/index.html", "cities/{city}/index.html"]),
    "events": ("ev", ["events/index.html", "cities/{city}/index.html"]),
    "plans": ("pn", ["cities/{city}/index.html"]),
    "services": ("sv", ["services/index.html"]),
}
# Collections not kept per city: (anchor pattern, pages).
GLOBAL_RECORD_PAGES = {
    "guides": ("gd-{id}", ["guides/index.html"]),
    "standards": ("st-{id}", ["standards/index.html"]),
    "sign-terms": ("term-{id}", ["sign-terms/{sector}/index.html"]),  # long lists: one page per part
    "recommendations": ("rec-{id}", ["recommendations/index.html"]),
    "report-channels": ("rc-{id}", ["standards/index.html"]),
    "rankings": ("rk-{id}", ["compare/index.html"]),
    "sources": ("src-{id}", ["sources/{group}/index.html"]),  # group: the register file
}


def test_every_record_appears_on_its_pages_in_both_languages(real_site, real_dataset):
    cache = {}
    missing = []
    for name, (prefix, pages) in RECORD_PAGES.items():
        for rec in real_dataset.of(name):
            anchor = f"{prefix}-{rec.city_id}-{rec.id}"
            for lang in ("", "en/"):
                for page in pages:
                    rel = lang + page.format(city=rec.city_id)
                    if rel not in cache:
                        cache[rel] = parse(real_site, rel).ids
                    if anchor not in cache[rel]:
                        missing.append(f"{rel}#{anchor}")
    for name, (pattern, pages) in GLOBAL_RECORD_PAGES.items():
        for rec in real_dataset.of(name):
            anchor = pattern.format(id=rec.id)
            for lang in ("", "en/"):
                for page in pages:
                    rel = lang + page.format(sector=getattr(rec, "sector", ""), group=Path(rec.place[0]).stem)
                    if rel not in cache:
                        cache[rel] = parse(real_site, rel).ids
                    if anchor not in cache[rel]:
                        missing.append(f"{rel}#{anchor}")
    for guide in real_dataset.of("guides"):  # each guide also has its own page, every step anchored
        for lang in ("", "en/"):
            rel = f"{lang}guides/{guide.id}/index.html"
            ids = parse(real_site, rel).ids
            missing += [f"{rel}#step-{i}" for i in range(1, len(guide.steps) + 1) if f"step-{i}" not in ids]
    assert missing == []


def test_exports_hold_every_record_with_the_contract_fields(real_site, real_dataset):
    index = json.loads((real_site / "data/index.json").read_text(encoding="utf-8"))
    listed = {c["name"]: c for c in index["collections"]}
    assert set(listed) == {c.name for c in COLLECTIONS}
    for coll in COLLECTIONS:
        payload = json.loads((real_site / listed[coll.name]["json"]).read_text(encoding="utf-8"))
        assert payload["collection"] == coll.name
        assert len(payload["records"]) == listed[coll.name]["records"] == len(real_dataset.of(coll.name))
    sisters = json.loads((real_site / "data/sister-cities.json").read_text(encoding="utf-8"))["records"]
    for rec in sisters:
        assert rec["city"] in {"chongqing", "chengdu", "guangzhou"}
        assert rec["partner"]["name"]["zh"] and rec["partner"]["name"]["en"]
        assert re.fullmatch(r"[A-Z]{2}", rec["partner"]["country"])
        for key in ("id", "relation", "level", "established", "status", "sources"):
            assert key in rec
    consulates = json.loads((real_site / "data/consulates.json").read_text(encoding="utf-8"))["records"]
    for rec in consulates:
        for key in ("country", "status", "opened", "closed", "sources"):
            assert key in rec
        assert rec["name"]["zh"] and rec["name"]["en"]
    cities = json.loads((real_site / "data/cities.json").read_text(encoding="utf-8"))["records"]
    for city in cities:
        for ind in city["indicators"]:
            assert {"id", "label", "value", "unit", "as_of", "source"} <= set(ind)


def test_generated_pages_edit_button_points_to_the_yaml(real_site):
    html = (real_site / "cities/chongqing/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/docs/\.\./data/cities/chongqing\.yml"', html)


def test_nothing_is_loaded_from_other_hosts(real_site):
    offenders = []
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(https?:)?//([^"/]+)', html):
            tag = m.group(0)
            if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
                continue  # links to this site's own pages, not loaded resources
            offenders.append(f"{path.relative_to(real_site)}: {tag[:80]}")
    assert offenders == []


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_city_pages_show_listed_beside_official_counts(real_site, real_dataset, lang):
    """Issue 3: each city page puts the number of records listed beside the latest official count."""
    prefix = "" if lang == "zh" else "en/"
    for city in real_dataset.cities:
        html = (real_site / prefix / "cities" / city.id / "index.html").read_text(encoding="utf-8")
        blocks = [_text(b) for b in re.findall(r'<div class="count-compare">(.*?)</div>', html, re.S)]
        assert len(blocks) == 2, city.id  # sister cities, consulates located in the city
        sisters_block, consulates_block = blocks
        ties = real_dataset.of("sister-cities", city.id)
        sister_count = sum(1 for t in ties if t.relation == "sister-city")
        friendly_count = sum(1 for t in ties if t.relation == "friendly-exchange")
        assert f" {sister_count}" in sisters_block and f" {friendly_count}" in sisters_block, (city.id, sisters_block)
        official = max((f for f in city.indicators if f.id == "sister-cities" and f.kind == "reported"), key=lambda f: f.as_of)
        assert str(int(official.value)) in sisters_block.replace(",", ""), (city.id, sisters_block)
        open_posts = sum(1 for c in real_dataset.of("consulates", city.id) if c.status == "open")
        assert re.search(rf"\b{open_posts}\b", consulates_block), (city.id, consulates_block)


def test_conflicts_speak_the_readers_language(real_site):
    """A conflict names its field and the other value in the page's language, not as raw data keys."""
    zh = " ".join(_text(p.read_text(encoding="utf-8")) for p in sorted((real_site / "sister-cities").glob("*/index.html")))
    en = " ".join(_text(p.read_text(encoding="utf-8")) for p in sorted((real_site / "en" / "sister-cities").glob("*/index.html")))
    for page in (zh, en):
        assert "established —" not in page and "status —" not in page
    assert "缔结日期 —" in zh and "Established —" in en
    # A date another source gives is written as a date of the page's language.
    assert re.search(r"另一来源称 “\d{4}年", zh) and re.search(r"Another source says “\d{4}”", en)
