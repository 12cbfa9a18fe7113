"""Help card and sign-translation lookup in a real browser (Debian Chromium + Playwright)."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from test_browser import PHONE, DESKTOP, browser, new_page, site  # noqa: F401  (shared fixtures)
from sitebuild import html_pages


@pytest.fixture(scope="module")
def term():
    from citysite.loader import load
    from citysite.pinyin import strip_tones, term_pinyin

    terms = [t for t in load().of("sign-terms") if t.sector == "transport" and len(t.zh) >= 2 and t.zh.isalpha()]
    t = terms[0]
    py = term_pinyin(t)
    return {"id": t.id, "zh": t.zh, "en": t.en, "pinyin": py, "plain": strip_tones(py).replace(" ", ""), "sector": t.sector}


class HelpCard(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cards = 0
        self.tels = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "aside" and "help-card" in (a.get("class") or ""):
            self.cards += 1
            self._in = True
        if self._in and tag == "a" and (a.get("href") or "").startswith("tel:"):
            self.tels.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "aside":
            self._in = False


def test_help_card_is_on_every_page_in_both_languages(site):
    missing = []
    for rel in html_pages(site.root) + ["404.html", "en/404.html"]:
        card = HelpCard()
        card.feed((site.root / rel).read_text(encoding="utf-8"))
        if card.cards != 1 or not {"tel:110", "tel:119", "tel:120"} <= set(card.tels):
            missing.append(rel)
    assert missing == []


def test_help_card_works_without_javascript_and_by_keyboard(browser, site):  # noqa: F811
    # Phones: one line of numbers and a "more" link; wider screens: the full card, opened by keyboard.
    for viewport in (PHONE, DESKTOP):
        ctx = browser.new_context(java_script_enabled=False, viewport=viewport)
        try:
            page = ctx.new_page()
            page.goto(site.url + "en/cities/guangzhou/")
            card = page.locator("aside.help-card")
            assert card.is_visible()
            assert card.locator("a[href='tel:110']").is_visible()
            more = card.locator("details.help-card__more")
            if viewport is PHONE:
                assert card.bounding_box()["height"] <= 80  # one or two lines, not a third of the screen
                assert more.is_hidden()
                link = card.locator("a.help-card__more-link")
                assert link.is_visible()
                link.click()
                assert page.url.endswith("/en/services/")
                continue
            assert more.get_attribute("open") is None
            card.locator("summary").focus()
            page.keyboard.press("Enter")
            assert more.get_attribute("open") is not None
            # Guangzhou's multilingual hotline is listed with its city when the data has it.
            assert card.locator("a[href^='tel:']").count() >= 3
        finally:
            ctx.close()


def test_help_card_prints_with_all_hotlines(new_page, site):  # noqa: F811
    page = new_page()
    page.goto(site.url + "cities/chengdu/")
    page.emulate_media(media="print")
    card = page.locator("aside.help-card")
    assert card.is_visible()
    assert page.locator(".md-header").is_hidden()
    assert card.locator(".help-card__print ul").first.is_visible()  # the collapsed list is on paper
    assert card.locator("details").is_hidden()
    page.emulate_media(media="screen")
    assert card.locator(".help-card__print").is_hidden()


@pytest.mark.parametrize("lang, where", [("", ""), ("en/", ""), ("", "medical/")])
def test_sign_lookup_answers_chinese_english_and_pinyin_with_the_same_entry(new_page, site, term, lang, where):  # noqa: F811
    """The lookup searches every sector, from the overview and from another sector's page, and
    loads its terms only when used."""
    page = new_page(PHONE)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site.url + lang + "sign-terms/" + where)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if u.endswith("lookup.json")], "the terms loaded before the lookup was used"
    box = page.locator("#sign-q")
    assert box.is_visible()
    found = page.locator(f"#sign-results li[data-term='{term['id']}']")
    for query in (term["zh"], term["en"], term["pinyin"], term["plain"]):
        box.fill(query)
        found.wait_for()
        shown = page.locator("#sign-results li").count()
        assert 1 <= shown < 100, query
        assert page.locator("#sign-count").inner_text().startswith(str(shown))
        assert term["en"] in found.inner_text() and term["zh"] in found.inner_text()
    assert len([u for u in fetched if u.endswith("lookup.json")]) == 1
    found.locator("a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/sign-terms/{term['sector']}/#term-{term['id']}"), page.url
    assert page.locator(f"#term-{term['id']}").is_visible()
    page.go_back()
    box = page.locator("#sign-q")
    box.fill("zzzz-no-such-term")
    page.wait_for_function("() => document.getElementById('sign-count').textContent.startsWith('0')")
    assert page.locator("#sign-results li").count() == 0


def test_sign_lookup_by_keyboard_and_sector_filter(new_page, site, term):  # noqa: F811
    page = new_page()
    page.goto(site.url + "en/sign-terms/")
    page.locator("#sign-q").focus()
    page.keyboard.type(term["plain"])
    found = page.locator(f"#sign-results li[data-term='{term['id']}']")
    found.wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sign-sector"
    page.select_option("#sign-sector", "medical")
    assert found.count() == 0  # a transport term
    page.select_option("#sign-sector", "")
    assert found.is_visible()


def test_sign_lookup_without_javascript_lists_every_term(browser, site):  # noqa: F811
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site.url + "sign-terms/")
        assert page.locator(".sign-lookup").is_hidden()  # the search form needs the script
        sectors = page.locator(".list-parts li a").evaluate_all("els => els.map(e => e.href)")
        from citysite.loader import load
        seen = 0
        for href in sectors:
            page.goto(href)
            rows = page.locator("table.sign-terms tbody tr")
            seen += rows.count()
            assert rows.last.is_visible()
        assert seen == len(load().of("sign-terms"))
    finally:
        ctx.close()
