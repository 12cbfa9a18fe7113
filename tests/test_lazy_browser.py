"""Weight in a real browser: search costs nothing until it is used, and the long lists' old
addresses still reach their records after the split (Debian Chromium + Playwright)."""
from __future__ import annotations

import pytest

from test_browser import PHONE, browser, new_page, search, site, sister_city  # noqa: F401  (shared fixtures)

SEARCH_FILES = ("search_index.json", "/workers/search.", "/javascripts/lunr/")


def _watch(page):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


@pytest.mark.parametrize("lang, query", [("", "zh"), ("en/", "en"), ("", "pinyin")])
def test_search_index_loads_only_when_search_is_opened(site, new_page, sister_city, lang, query):  # noqa: F811
    page = new_page(PHONE) if query == "pinyin" else new_page()
    seen = _watch(page)
    page.goto(site.url + lang + "cities/chongqing/")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 600)  # reading the page is not using search
    page.wait_for_timeout(300)
    early = [u for u in seen if any(s in u for s in SEARCH_FILES)]
    assert not early, f"search files fetched before search was opened: {early}"
    if query == "pinyin":
        page.click("label[for=__search]")  # the magnifier on a phone
        words = "chongqing"  # pinyin in the Chinese pages' URLs and records
    else:
        words = sister_city.zh if query == "zh" else sister_city.en
    hrefs = search(page, words)
    index = [u for u in seen if u.endswith("search/search_index.json")]
    assert index == [site.url + lang + "search/search_index.json"], index  # its own language's index, once
    assert hrefs, f"{words!r} found nothing after the index loaded on demand"
    other = [h for h in hrefs if h.startswith(site.url + "en/")] if lang == "" else [h for h in hrefs if not h.startswith(site.url + "en/")]
    assert not other, f"results from the other language: {other}"


# --- old addresses of the split lists --------------------------------------------------------------

def _old_links():
    """One record per list (the last in the data, so not the first part) and one old section heading."""
    from citysite.loader import load
    ds = load()
    s, sc, co, t = ds.of("sources")[-1], ds.of("sister-cities")[-1], ds.of("consulates")[-1], ds.of("sign-terms")[-1]
    return [("sources/", f"src-{s.id}"), ("sister-cities/", f"sc-{sc.city_id}-{sc.id}"),
            ("consulates/", f"co-{co.city_id}-{co.id}"), ("sign-terms/", f"term-{t.id}"),
            ("consulates/", ds.cities[-1].id), ("sign-terms/", t.sector)]


@pytest.mark.parametrize("lang, phone", [("", False), ("en/", False), ("", True)])
def test_old_list_addresses_with_a_hash_reach_the_record(site, new_page, lang, phone):  # noqa: F811
    page = new_page(PHONE) if phone else new_page()
    for old, anchor in _old_links():
        page.goto(f"{site.url}{lang}{old}#{anchor}")
        page.wait_for_url(lambda url: url.rstrip("/") != f"{site.url}{lang}{old}".rstrip("/") and not url.endswith(f"{old}#{anchor}"))
        page.wait_for_load_state("load")
        assert page.url.startswith(f"{site.url}{lang}{old}"), page.url  # a part of the same list
        if page.url.endswith("/") and "#" not in page.url:  # a section heading: the part itself
            assert page.url.rstrip("/").endswith(anchor), page.url
        else:
            assert page.url.endswith("#" + anchor), page.url
            target = page.locator(f"[id='{anchor}']")
            assert target.count() == 1, f"{page.url}: no element #{anchor}"
            assert target.is_visible()
            assert target.evaluate("el => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"), \
                f"{page.url}: #{anchor} is not scrolled into view"


def test_list_overviews_without_javascript_link_every_part(browser, site):  # noqa: F811
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        for old, anchor in _old_links()[:4]:
            page.goto(site.url + old + "#" + anchor)
            assert page.url.endswith(old + "#" + anchor)  # no script, no forwarding
            links = page.locator(".list-parts a")
            assert links.count() >= 2
            hrefs = links.evaluate_all("els => els.map(e => e.href)")
            # Following the listed parts by hand finds the record.
            found = []
            for href in hrefs:
                page.goto(href)
                if page.locator(f"[id='{anchor}']").count():
                    found.append(href)
            assert len(found) == 1, (old, anchor, found)
    finally:
        ctx.close()
