"""The built site in a real browser: Debian's headless Chromium driven by Playwright, the site served
by a local http.server on 127.0.0.1 (random port) and built with SITE_URL pointing at it.

Skips with a one-line reason when Chromium or Playwright is missing; under CI=true it fails instead.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tools import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM, ROOT, has_chromium, require, served_site

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

# One page of each kind, both languages (relative to the site root).
CITY = "cities/chongqing/"
DIRECTORY = "sister-cities/"
KINDS = ["", CITY, DIRECTORY]
PAGES = KINDS + ["en/" + p for p in KINDS]
# At phone width also a directory of record cards (channels), besides the tables of sister-cities.
PHONE_PAGES = PAGES + ["channels/", "en/channels/"]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    require(has_chromium(), NEEDS_CHROMIUM)
    return served_site(str(tmp_path_factory.getbasetemp() / "served-site"))


@pytest.fixture(scope="module")
def browser():
    require(has_chromium(), NEEDS_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # launch() without a user data dir: a fresh temporary profile every run.
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=DESKTOP):
        ctx = browser.new_context(viewport=viewport, service_workers="block")
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def sister_city():
    """A Chongqing sister city from the dataset the site is built from (data/, as sitebuild.build_site)."""
    from citysite.loader import load

    records = load(ROOT / "data").of("sister-cities", "chongqing")
    assert records, "no Chongqing sister city in the data"
    return records[0].partner.name


# --- (a) language switcher ----------------------------------------------------------------------

def switch_language(page, lang):
    page.click(".md-header .md-select > button")
    with page.expect_navigation():
        page.click(f".md-header .md-select__link[hreflang='{lang}']")
    page.wait_for_load_state("load")


def test_language_switcher_lands_on_the_same_page_both_ways(site, new_page):
    page = new_page()
    page.goto(site.url + CITY)
    assert page.get_attribute("html", "lang") == "zh"
    switch_language(page, "en")
    assert page.url == site.url + "en/" + CITY
    assert page.get_attribute("html", "lang") == "en"
    switch_language(page, "zh")
    assert page.url == site.url + CITY
    assert page.get_attribute("html", "lang") == "zh"


# --- (b) search per language --------------------------------------------------------------------

def search(page, query):
    """Type `query` into Material's search box the way a user does and return the result links.

    Chinese arrives through an input method: the text is inserted, then a key is released
    (Material listens for keyup). insert_text + End reproduces that for Chinese and English alike.
    """
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__list a').length > 0"
        " || /(没有|No matching)/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10_000,
    )
    return page.eval_on_selector_all(".md-search-result__list a", "els => els.map(e => e.href)")


def page_paths(site, hrefs):
    return {urlsplit(h).path for h in hrefs if h.startswith(site.url)}


def test_chinese_search_finds_a_chinese_record_on_chinese_pages_only(site, new_page, sister_city):
    page = new_page()
    page.goto(site.url, wait_until="networkidle")
    hrefs = search(page, sister_city.zh)
    assert hrefs, f"searching {sister_city.zh!r} on the Chinese site found nothing"
    foreign = [h for h in hrefs if not h.startswith(site.url)]
    assert not foreign, f"results outside the site: {foreign}"
    english = [h for h in hrefs if urlsplit(h).path.startswith("/en/")]
    assert not english, f"Chinese search returned English pages: {english}"
    assert page_paths(site, hrefs) & {"/" + CITY, "/" + DIRECTORY}, (
        f"{sister_city.zh!r} should be found on the Chongqing page or the sister-city directory: {hrefs}")


def test_english_search_finds_an_english_record_on_english_pages_only(site, new_page, sister_city):
    page = new_page()
    page.goto(site.url + "en/", wait_until="networkidle")
    hrefs = search(page, sister_city.en)
    assert hrefs, (f"searching the whole word {sister_city.en!r} on the English site found nothing "
                   f"(a stemmed index and Material's wildcard query miss whole words whose stem differs)")
    chinese = [h for h in hrefs if not urlsplit(h).path.startswith("/en/")]
    assert not chinese, f"English search returned Chinese pages: {chinese}"
    assert page_paths(site, hrefs) & {"/en/" + CITY, "/en/" + DIRECTORY}, (
        f"{sister_city.en!r} should be found on the Chongqing page or the sister-city directory: {hrefs}")


# --- (c) phone width ----------------------------------------------------------------------------

OVERFLOW_JS = """() => {
  const w = window.innerWidth;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= w + 1) continue;
    if (el.closest('.table-wrap, .md-sidebar, .md-search, [hidden]')) continue;
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const p = el.parentElement, gp = p && p.parentElement;
    culprits.push(name(el) + ' right=' + Math.round(r.right) + ' in ' + (p ? name(p) : '') + (gp ? ' < ' + name(gp) : ''));
    if (culprits.length >= 8) break;
  }
  return {scroll: document.documentElement.scrollWidth, inner: w, culprits};
}"""


@pytest.mark.parametrize("path", PHONE_PAGES, ids=lambda p: p or "home")
def test_no_horizontal_scroll_at_360px(site, new_page, path):
    page = new_page(PHONE)
    page.goto(site.url + path, wait_until="load")
    m = page.evaluate(OVERFLOW_JS)
    assert m["scroll"] <= m["inner"] + 1, (
        f"/{path} scrolls sideways at 360px: scrollWidth {m['scroll']} > {m['inner']}; "
        f"wider elements outside .table-wrap: {m['culprits']}")
    # Wide tables may scroll inside their wrapper, which must then be reachable by keyboard.
    stuck = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')]
        .filter(el => el.scrollWidth > el.clientWidth + 1 && el.tabIndex < 0)
        .map(el => el.outerHTML.slice(0, 80))""")
    assert not stuck, f"/{path}: scrolling table wrappers not focusable: {stuck}"


# --- (d) keyboard -------------------------------------------------------------------------------

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const ring = !!cs.boxShadow && cs.boxShadow !== 'none';
  const search = document.getElementById('__search');
  return {
    tag: el.tagName.toLowerCase(),
    cls: typeof el.className === 'string' ? el.className : '',
    text: (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    inMain: !!el.closest('.md-content'),
    isSearch: el.matches('.md-search__input'),
    visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && r.bottom > 0 && r.right > 0
             && r.top < window.innerHeight && r.left < window.innerWidth,
    // An outline or a ring; for the search box, Material opens the search dialog on focus.
    indicator: outline || ring || (el.matches('.md-search__input') && !!search && search.checked),
  };
}"""


@pytest.mark.parametrize("path", [CITY, "en/" + CITY], ids=["zh", "en"])
def test_keyboard_reaches_search_and_main_links_with_visible_focus(site, new_page, path):
    page = new_page()
    page.goto(site.url + path, wait_until="load")
    seen, search, main_link = [], None, None
    for _ in range(150):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUS_JS)
        if f is None:
            continue
        seen.append(f"{f['tag']}.{f['cls'].split(' ')[0]} {f['text']!r}")
        if f["isSearch"] and search is None:
            page.wait_for_timeout(300)  # Material opens the search dialog on focus, asynchronously
            search = page.evaluate(FOCUS_JS)
        if f["inMain"] and f["tag"] == "a" and main_link is None:
            main_link = f
        if search and main_link:
            break
    trail = " → ".join(seen[:40])
    assert search, f"Tab never reached the search box: {trail}"
    assert main_link, f"Tab never reached a link in the main content: {trail}"
    for what, f in (("search box", search), ("main content link", main_link)):
        assert f["visible"], f"focused {what} is not visible: {f}"
        assert f["indicator"], f"focused {what} shows no focus indicator (outline or ring): {f}"


def test_first_tab_is_a_visible_skip_link(site, new_page):
    page = new_page()
    page.goto(site.url + CITY, wait_until="load")
    page.keyboard.press("Tab")
    f = page.evaluate(FOCUS_JS)
    assert f and "md-skip" in f["cls"], f"first Tab should land on the skip link, got {f}"
    assert f["visible"], f"the focused skip link is not visible: {f}"


# --- (e) nothing from other hosts; no errors ----------------------------------------------------

@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_only_local_requests_and_no_errors(site, new_page, path):
    page = new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(site.url + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # late requests of Material's integrations
    other_hosts = sorted({u for u in requests if urlsplit(u).scheme not in ("data", "blob")
                          and urlsplit(u).netloc != site.host})
    assert not other_hosts, f"/{path} loads from other hosts: {other_hosts}"
    assert not problems, f"/{path}:\n  " + "\n  ".join(problems)


def test_request_recording_catches_an_external_script(site, new_page):
    """The check above can fail: a page copy with an external <script> is caught."""
    broken = site.root / "_quality_probe.html"
    html = (site.root / "index.html").read_text(encoding="utf-8")
    broken.write_text(re.sub("</head>", '<script src="http://203.0.113.9/x.js"></script></head>', html, count=1),
                      encoding="utf-8")
    try:
        page = new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.route("http://203.0.113.9/**", lambda route: route.abort())  # never leave the machine
        page.goto(site.url + "_quality_probe.html", wait_until="domcontentloaded")
        assert any(urlsplit(u).netloc == "203.0.113.9" for u in requests), requests
    finally:
        broken.unlink()
