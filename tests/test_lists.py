"""The long lists (source register, sign table, sister-city and consulate directories) after the
split: every page is light, and every anchor the undivided pages held still resolves — on the old
page itself, or on a part the old page forwards it to. The anchors are computed here from the data
(the public anchor format), not taken from the code that splits the lists."""
from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

LANG_DIRS = ["", "en/"]
MAX_HTML_GZ = 100_000  # issue 12: each page's HTML at most 100 KB gzip


class Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.moved, self._json = set(), None, False
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        self._json = tag == "script" and a.get("id") == "moved-anchors"

    def handle_data(self, data):
        if self._json:
            self.moved = json.loads(data)
            self._json = False


def parse(path: Path) -> Ids:
    p = Ids()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def old_anchors(ds) -> dict[str, set[str]]:
    """Every record anchor (and section heading) of the four undivided pages, from the data."""
    from citysite.pages import SECTORS
    cities = [c.id for c in ds.cities]
    return {
        "sources": {f"src-{s.id}" for s in ds.of("sources")},
        "sister-cities": {f"sc-{r.city_id}-{r.id}" for r in ds.of("sister-cities")} | set(cities),
        "consulates": {f"co-{r.city_id}-{r.id}" for r in ds.of("consulates")} | set(cities),
        "sign-terms": {f"term-{t.id}" for t in ds.of("sign-terms")}
                      | {s for s in SECTORS if any(t.sector == s for t in ds.of("sign-terms"))},
    }


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_old_anchor_resolves_on_the_old_page_or_the_part_it_forwards_to(real_site, real_dataset, lang):
    missing = []
    total = 0
    for name, anchors in old_anchors(real_dataset).items():
        folder = real_site / lang / name
        old = parse(folder / "index.html")
        assert old.moved is not None, f"{lang}{name}/ has no map of moved anchors"
        parts = {p.parent.name: parse(p) for p in folder.glob("*/index.html")}
        for anchor in sorted(anchors):
            total += 1
            if anchor in old.ids and anchor not in parts:  # still on the overview (and not a part's name)
                continue
            holders = [slug for slug, page in parts.items() if anchor in page.ids or anchor == slug]
            forwarded = [slug for slug, ids in old.moved.items() if anchor == slug or anchor in ids]
            if len(holders) != 1 or forwarded != holders:
                missing.append(f"{lang}{name}/#{anchor}: held by {holders}, forwarded to {forwarded}")
    assert total > 500, total  # the lists are not empty
    assert not missing, f"{len(missing)} of {total} old anchors do not resolve:\n" + "\n".join(missing[:20])


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_list_pages_are_at_most_100_kb_gzip_and_the_overview_links_every_part(real_site, lang):
    heavy = []
    for name in ("sources", "sister-cities", "consulates", "sign-terms"):
        folder = real_site / lang / name
        pages = [folder / "index.html", *sorted(folder.glob("*/index.html"))]
        assert len(pages) > 2, f"{lang}{name}/ is not split"
        for page in pages:
            size = len(gzip.compress(page.read_bytes(), 9))
            if size > MAX_HTML_GZ:
                heavy.append(f"{page.relative_to(real_site)}: {size} bytes gzip")
        overview = parse(folder / "index.html")
        linked = {h.rstrip("/").rsplit("/", 1)[-1] for h in overview.hrefs if re.search(rf"{name}/[^/#]+/$", h)}
        assert linked == {p.parent.name for p in pages[1:]}, f"{lang}{name}/ does not link every part (without JavaScript)"
    assert not heavy, heavy


def test_citations_link_straight_to_the_part_that_holds_the_source(real_site, real_dataset):
    """No citation goes through the overview's forwarding: every #src- link names the part."""
    through_overview, wrong = [], []
    holder = {}
    for page in real_site.glob("**/sources/*/index.html"):
        for i in parse(page).ids:
            holder[(page.parent.parent.parent.relative_to(real_site).as_posix(), i)] = page.parent.name
    for page in real_site.rglob("index.html"):
        rel = page.relative_to(real_site).as_posix()
        lang = "en" if rel.startswith("en/") else "."
        for href in parse(page).hrefs:
            m = re.search(r"sources/(?:([^/#]+)/)?#(src-[^\"]+)$", href)
            if not m:
                continue
            if m.group(1) is None:
                through_overview.append(f"{rel}: {href}")
            elif holder.get((lang, m.group(2))) != m.group(1):
                wrong.append(f"{rel}: {href}")
    assert not through_overview, through_overview[:10]
    assert not wrong, wrong[:10]
    assert holder, "no source parts found"


def test_sign_lookup_data_holds_every_term_once(real_site, real_dataset):
    rows = json.loads((real_site / "sign-terms" / "lookup.json").read_text(encoding="utf-8"))
    ids = [r[0] for r in rows]
    assert sorted(ids) == sorted(t.id for t in real_dataset.of("sign-terms"))
    by_id = {t.id: t for t in real_dataset.of("sign-terms")}
    for tid, sector, zh, _py, en, keys in rows:
        assert (by_id[tid].sector, by_id[tid].zh, by_id[tid].en) == (sector, zh, en)
        assert zh in keys and en.lower() in keys


def test_every_source_group_has_a_name_in_both_languages(real_dataset):
    """A new register file (data/sources/<group>.yml) needs its part's name in data/ui.yml."""
    from citysite.lists import source_group
    cities = {c.id for c in real_dataset.cities}
    unnamed = sorted({source_group(s) for s in real_dataset.of("sources")} - cities
                     - {k[len("source_group_"):] for k in real_dataset.labels if k.startswith("source_group_")})
    assert not unnamed, f"add source_group_<name>: {{zh: …, en: …}} to data/ui.yml for: {unnamed}"
