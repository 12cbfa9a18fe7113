"""Reader experience in a real browser (Debian chromium + Playwright): nothing wider than a phone on any
page, and the reader tasks, each from the home page at 390 px in at most three taps."""
from __future__ import annotations

import re

import pytest

from sitebuild import html_pages
from test_browser import browser, new_page, site  # noqa: F401  (shared fixtures)

PHONE_390 = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('.md-content table, .md-content .table-wrap, .md-content figure')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > width + 1 || el.scrollWidth > el.clientWidth + 1)) wide.push(el.tagName + '.' + el.className);
  }
  return {page: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def test_no_page_and_no_table_is_wider_than_a_360px_screen(site, new_page):  # noqa: F811
    page = new_page(NARROW)
    too_wide = {}
    pages = html_pages(site.root)
    for rel in pages:
        page.goto(site.url + rel.replace("index.html", ""), wait_until="load")
        found = page.evaluate(OVERFLOW)
        if found["page"] > found["width"] or found["wide"]:
            too_wide[rel] = found
    assert len(pages) > 50
    assert too_wide == {}


def taps(page):
    """Count the taps a reader makes (clicks that navigate or open something)."""
    count = {"n": 0}

    def tap(selector_or_locator):
        locator = page.locator(selector_or_locator) if isinstance(selector_or_locator, str) else selector_or_locator
        assert locator.is_visible(), f"not visible to tap: {selector_or_locator}"
        locator.click()
        page.wait_for_load_state("load")
        count["n"] += 1
    return tap, count


def test_task_a_phone_of_a_chengdu_exit_entry_office(site, new_page):  # noqa: F811
    from citysite.loader import load
    offices = [s for s in load().of("services", "chengdu") if s.kind == "exit-entry" and s.phone]
    assert offices
    page = new_page(PHONE_390)
    page.goto(site.url + "en/")
    tap, count = taps(page)
    tap(page.locator(".front-door a[href$='services/#chengdu']"))
    phone = page.locator(f"#sv-chengdu-{offices[0].id} a[href^='tel:']").first
    assert phone.is_visible() and phone.get_attribute("href").startswith("tel:")
    assert count["n"] <= 3


def test_task_b_guangzhou_official_sister_city_count_and_its_source(site, new_page):  # noqa: F811
    page = new_page(PHONE_390)
    page.goto(site.url + "en/")
    tap, count = taps(page)
    tap(page.locator(".city-card h3 a[href$='cities/guangzhou/']"))
    tile = page.locator("#tile-sister-cities")
    assert tile.is_visible() and re.search(r"\d", tile.locator(".tile-value").inner_text())
    marker = tile.locator("sup.fnref a")
    target = marker.get_attribute("href")
    tap(marker)
    note = page.locator(target)
    assert note.is_visible()  # the footnote list opened itself
    assert note.locator("a[href*='sources/']").count() >= 1  # the source register entry is one more tap
    assert count["n"] <= 3


def test_task_c_english_for_exit_in_the_sign_lookup(site, new_page):  # noqa: F811
    page = new_page(PHONE_390)
    page.goto(site.url + "en/")
    tap, count = taps(page)
    tap(page.locator(".front-door a[href$='sign-terms/']"))
    box = page.locator("#sign-q")
    box.fill("出口")
    exit_term = page.locator("#sign-results li[data-term='exit']")
    exit_term.wait_for(state="visible")
    assert "Exit" in exit_term.inner_text() and "出口" in exit_term.inner_text()
    assert count["n"] <= 3


def test_task_d_which_chengdu_2022_targets_were_met(site, new_page):  # noqa: F811
    page = new_page(PHONE_390)
    page.goto(site.url + "en/")
    tap, count = taps(page)
    tap(page.locator(".city-card h3 a[href$='cities/chengdu/']"))
    tap(page.locator(".verdict-line a[href='#targets']"))
    rows = page.locator("tr[id^='target-'][id$='-2022']")
    assert rows.count() > 0
    verdicts = rows.locator(".verdict").all_inner_texts()
    assert verdicts and all(v in ("Met", "Not met", "Not yet due", "Not comparable") for v in verdicts), verdicts
    assert rows.first.is_visible()
    assert count["n"] <= 3


def test_task_e_first_week_page_from_home_gives_the_exit_entry_phone(site, new_page):  # noqa: F811
    """Issue 14: a newcomer opens the city's first-week page from the home page (390 px) and finds the
    city's exit-entry office phone as a tel: link, in both languages."""
    from citysite.loader import load
    ds = load()
    for city in ds.cities:
        offices = [s for s in ds.of("services", city.id) if s.kind == "exit-entry" and s.phone and s.status == "open"]
        if not offices:
            continue
        for lang in ("", "en/"):
            page = new_page(PHONE_390)
            page.goto(site.url + lang)
            tap, count = taps(page)
            tap(page.locator(f".front-door a[href$='first-week/{city.id}/']"))
            assert page.url.endswith(f"first-week/{city.id}/")
            for phone in offices[0].phone:
                tel = "tel:" + re.sub(r"[^0-9+]", "", phone)
                link = page.locator(f".fw-numbers a[href='{tel}']")
                assert link.count() == 1 and link.is_visible(), (city.id, lang, tel)
                assert link.inner_text().strip() == phone
            assert count["n"] <= 3
            page.close()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_first_week_pages_print_on_one_a4_page(site, new_page, lang):  # noqa: F811
    from citysite.loader import load
    page = new_page()
    for city in load().cities:
        page.goto(site.url + f"{lang}first-week/{city.id}/", wait_until="load")
        pdf = page.pdf(format="A4", print_background=False)
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
        assert pages == 1, (city.id, lang, pages)
