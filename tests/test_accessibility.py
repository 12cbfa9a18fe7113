"""axe-core (from npm, node_modules/axe-core) in headless Chromium over one page of every template in
both languages: zero serious or critical WCAG 2.2 AA violations.

Pages: the home page, one page per top-level section (one city page, each directory, sources,
open data, about, guides, ...: whatever the build produced, so new templates are covered
automatically) and the 404 page. Skips with a one-line reason when Chromium or axe-core is missing;
under CI=true it fails instead.
"""
from __future__ import annotations

import pytest

from tools import (AXE_JS, NEEDS_AXE, NEEDS_CHROMIUM, has_axe, has_chromium, require,
                   served_site)

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def template_pages(site_root):
    """One page per template: each top-level section's first page (cities/chongqing/ for cities), both languages."""
    chosen = {}
    for index in sorted(site_root.rglob("index.html")):
        rel = index.relative_to(site_root).parent.as_posix()
        rel = "" if rel == "." else rel + "/"
        parts = rel.split("/")
        lang = "en" if parts[0] == "en" else "zh"
        section_parts = parts[1:] if lang == "en" else parts
        if section_parts and section_parts[0] in ("search", "assets", "data", "schemas", "site"):
            continue
        key = (lang, section_parts[0] if section_parts and section_parts[0] else "", len(section_parts) > 2)
        if key not in chosen or "chongqing" in rel:
            chosen[key] = rel
    pages = sorted(chosen.values())
    pages += ["404.html", "en/404.html"]
    return pages


from test_browser import browser  # noqa: E402,F401  (one browser fixture for all browser tests)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require(has_chromium(), NEEDS_CHROMIUM)
    require(has_axe(), NEEDS_AXE)
    return served_site(str(tmp_path_factory.getbasetemp() / "served-site"))


AXE_START = """tags => { window.__axe = axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                 resultTypes: ['violations']}); }"""
AXE_COLLECT = """() => window.__axe.then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})))"""


def run_axe(browser, urls, viewport=DESKTOP, batch=4):
    """axe-core over `urls`; {url: violations}. Runs `batch` pages at once (each tab has its own renderer)."""
    results = {}
    ctx = browser.new_context(viewport=viewport, service_workers="block")
    try:
        for i in range(0, len(urls), batch):
            running = []
            for url in urls[i:i + batch]:
                page = ctx.new_page()
                page.goto(url, wait_until="load")
                # Long lists skip rendering off-screen rows (content-visibility: auto); axe reads colours
                # and sizes from the rendering, so render everything as a reader scrolling would see it.
                page.add_style_tag(content="* { content-visibility: visible !important; }")
                page.add_script_tag(path=str(AXE_JS))
                page.evaluate(AXE_START, TAGS)
                running.append((url, page))
            for url, page in running:
                results[url] = page.evaluate(AXE_COLLECT)
                page.close()
    finally:
        ctx.close()
    return results


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING]


def report(path, violations):
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']} on /{path}: {v['help']}")
        for n in v["nodes"][:6]:
            summary = " ".join((n["summary"] or "").split())[:240]
            lines.append(f"    {n['target']}  — {summary}")
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


def test_every_template_is_checked(site):
    pages = template_pages(site.root)
    for needed in ("", "cities/chongqing/", "sister-cities/", "consulates/", "sources/", "open-data/", "about/",
                   "404.html"):
        assert needed in pages and "en/" + needed in pages, (needed, pages)


@pytest.fixture(scope="module")
def pages(site):
    return template_pages(site.root)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_serious_or_critical_violations(site, browser, pages, lang):
    mine = [p for p in pages if p.startswith("en/") == (lang == "en")]
    found = []
    for path, violations in zip(mine, run_axe(browser, [site.url + p for p in mine]).values()):
        found += [(path, v) for v in blocking(violations)]
    # Phone width: the drawer, the search button and the wrapped tables change.
    phone = [p for p in mine if p.rstrip("/").endswith("chongqing")]
    for path, violations in zip(phone, run_axe(browser, [site.url + p for p in phone], PHONE).values()):
        found += [(path + " @360px", v) for v in blocking(violations)]
    assert not found, "axe-core found serious/critical WCAG 2.2 AA violations:\n" + "\n".join(
        report(path, [v]) for path, v in found)


def test_axe_catches_a_broken_page(site, browser):
    """The check can fail: an image without alt text and an unlabeled button are caught."""
    probe = site.root / "_axe_probe.html"
    html = (site.root / "index.html").read_text(encoding="utf-8")
    probe.write_text(html.replace("</article>", '<img src="assets/favicon.svg"><button></button></article>', 1),
                     encoding="utf-8")
    try:
        url = site.url + "_axe_probe.html"
        ids = {v["id"] for v in blocking(run_axe(browser, [url])[url])}
    finally:
        probe.unlink()
    assert {"image-alt", "button-name"} <= ids, ids
