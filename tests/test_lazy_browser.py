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
