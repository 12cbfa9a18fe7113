"""Every internal link and #fragment in both languages resolves to a built file / element id; external
links are well-formed http(s)/mailto/tel (never fetched).

Internal means relative, root-relative, or absolute on the site's own site_url (canonical, hreflang,
sitemap). Directory URLs resolve to index.html.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

URL_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
             ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("form", "action"),
             ("object", "data"), ("embed", "src"), ("track", "src")}
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
                  r"(:\d{1,5})?$", re.I)
EMAIL = re.compile(r"^[^@\s/]+@[a-z0-9.-]+\.[a-z]{2,}(\?.*)?$", re.I)
TEL = re.compile(r"^\+?[0-9][0-9\-.() ]{1,30}$")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []  # (tag.attr, url, line)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr, value in attrs:
            if (tag, attr) in URL_ATTRS and value is not None:
                self.links.append((f"{tag}.{attr}", value, self.getpos()[0]))
            elif attr == "srcset" and value:
                for part in value.split(","):
                    if part.strip():
                        self.links.append((f"{tag}.srcset", part.split()[0], self.getpos()[0]))

    handle_startendtag = handle_starttag


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.html = sorted(root.rglob("*.html"))
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (root / "index.html").read_text("utf-8"))
        assert canonical, "the home page has no canonical link: cannot tell the site_url"
        self.site_url = urlsplit(canonical.group(1))
        self.base = f"{self.site_url.scheme}://{self.site_url.netloc}{self.site_url.path}"

    @lru_cache(maxsize=None)
    def parse(self, file: Path) -> Page:
        page = Page()
        page.feed(file.read_text(encoding="utf-8"))
        return page

    def url_of(self, file: Path) -> str:
        return self.base + file.relative_to(self.root).as_posix()

    def target(self, url) -> Path | None:
        """The built file for an absolute URL on the site, or None."""
        parts = urlsplit(url)
        if not parts.path.startswith(self.site_url.path):
            return None
        rel = unquote(parts.path[len(self.site_url.path):])
        path = self.root / rel
        if rel == "" or rel.endswith("/"):
            path = path / "index.html"
        elif path.is_dir():
            path = path / "index.html"
        try:
            path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return path if path.is_file() else None

    def is_internal(self, absolute) -> bool:
        p = urlsplit(absolute)
        return p.scheme in ("http", "https") and p.netloc == self.site_url.netloc


def external_problem(url: str) -> str | None:
    if url != url.strip() or any(c in url for c in " \t\n<>\"'`"):
        return "contains spaces or quotes"
    p = urlsplit(url)
    scheme = p.scheme.lower()
    if scheme in ("http", "https"):
        host = p.netloc.split("@")[-1]
        if host.split(":")[0].endswith("."):
            return f"host {host!r} ends with a dot (a typo?)"
        if not p.netloc or not HOST.match(host):
            return "no valid host"
        return None
    if scheme == "mailto":
        return None if EMAIL.match(unquote(url[7:])) else "not an e-mail address"
    if scheme == "tel":
        return None if TEL.match(unquote(url[4:])) else "not a phone number"
    return f"scheme {scheme or '(none)'!r} is not http(s), mailto or tel"


def check(site: Site, files=None):
    problems = []
    for file in files or site.html:
        page = site.parse(file)
        here = site.url_of(file)
        rel = file.relative_to(site.root).as_posix()
        for what, url, line in page.links:
            where = f"{rel}:{line} {what}={url!r}"
            if url.strip() == "":
                problems.append(f"{where}: empty URL")
                continue
            absolute = urljoin(here, url)
            scheme = urlsplit(absolute).scheme.lower()
            if scheme == "data" and what in ("img.src", "link.href"):
                continue
            if not site.is_internal(absolute):
                reason = external_problem(url if urlsplit(url).scheme else absolute)
                if reason:
                    problems.append(f"{where}: external link {reason}")
                continue
            target = site.target(absolute)
            if target is None:
                problems.append(f"{where}: no built file for {urlsplit(absolute).path}")
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment and target.suffix == ".html" and fragment not in site.parse(target).ids:
                problems.append(f"{where}: no element id={fragment!r} in {target.relative_to(site.root).as_posix()}")
    return problems


@pytest.fixture(scope="module")
def site(real_site):
    return Site(real_site)


def test_both_languages_are_checked(site):
    rels = [f.relative_to(site.root).as_posix() for f in site.html]
    assert any(r.startswith("en/") for r in rels) and any(not r.startswith("en/") for r in rels)
    assert sum(len(site.parse(f).links) for f in site.html) > 1000


def test_internal_links_and_fragments_resolve_and_external_links_are_well_formed(site):
    problems = check(site)
    assert not problems, f"{len(problems)} broken links:\n  " + "\n  ".join(problems[:80])


def test_sitemap_urls_resolve(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site.root / "sitemap.xml")
    urls = [e.text for e in tree.iterfind(".//s:loc", ns)] + [e.get("href") for e in tree.iterfind(".//x:link", ns)]
    assert urls
    missing = [u for u in urls if not site.is_internal(u) or site.target(u) is None]
    assert not missing, f"sitemap.xml lists URLs with no built page: {missing[:20]}"


def test_the_checker_catches_broken_links(site, tmp_path):
    """The check can fail: a copy of the home page with a dead link, a dead fragment and a bad external link."""
    probe = site.root / "_links_probe.html"
    html = (site.root / "index.html").read_text(encoding="utf-8")
    probe.write_text(html.replace("</article>", '<a href="cities/nowhere/">x</a><a href="sources/#no-such-id">y</a>'
                                  '<a href="htps//example.org">z</a><a href="mailto:nobody">m</a></article>', 1),
                     encoding="utf-8")
    try:
        found = "\n".join(check(site, [probe]))
    finally:
        probe.unlink()
    for expected in ("cities/nowhere/", "no-such-id", "htps//example.org", "mailto:nobody"):
        assert expected in found, found
