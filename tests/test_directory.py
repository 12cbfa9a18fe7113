"""Issue 14 and issue 16 item 4: the services directory against the official lists, guides that refer
to directory records (one fact, one place), and the first-week pages."""
import json
import re
from html import unescape

import pytest

from citysite import directory
from citysite.loader import load


from conftest import problems_of, write  # noqa: E402  (shared helpers)


GUIDE = """
id: moving-in
scope: national
title: {zh: 搬家, en: Moving in}
summary: {zh: 测试。, en: Test.}
steps:
  - title: {zh: 去出入境, en: Go to the office}
    do: {zh: 去办理。, en: Go there.}
    sources: [test-web]
    refs:
      - {city: chongqing, id: %s}
city_notes:
  - city: chongqing
    text: {zh: 重庆。, en: Chongqing.}
    sources: [test-web]
    refs:
      - {city: %s, id: police}
sources: [test-web]
"""

MOVED = """
  - id: old-hall
    kind: exit-entry
    name: {zh: 旧大厅, en: Old hall}
    status: moved
    status_date: '2023-02-06'
    successor: exit-entry-bureau
    sources: [test-web]
"""


# ---- loader: references resolve, with file, line, field and a fix ----------------------------
def test_a_guide_reference_resolves_to_the_record(data_dir):
    write(data_dir, "guides/moving-in.yml", GUIDE % ("exit-entry-bureau", "national"))
    ds = load(data_dir)
    guide = ds.by_id("guides")["moving-in"]
    target = directory.resolve(ds, guide.steps[0].refs[0])
    assert target is not None and target.name.zh == "重庆市公安局出入境管理局"
    assert directory.resolve(ds, guide.city_notes[0].refs[0]).phone == ["110"]


def test_an_unresolved_reference_names_file_line_field_and_a_fix(data_dir):
    write(data_dir, "guides/moving-in.yml", GUIDE % ("exit-entry-bureu", "national"))
    found = [p for p in problems_of(data_dir) if p.path == "data/guides/moving-in.yml"]
    assert len(found) == 1
    p = found[0]
    assert (p.line, p.field) == (10, "steps[0].refs[0].id")
    assert "exit-entry-bureau" in p.en and "data/services/chongqing.yml" in p.en  # did-you-mean and where
    assert "exit-entry-bureau" in p.zh and "请修改" in p.zh


def test_a_city_note_may_not_refer_to_another_citys_record(data_dir):
    write(data_dir, "services/chengdu.yml", """
        city: chengdu
        records:
          - id: police
            kind: hotline
            name: {zh: 成都测试, en: Chengdu test}
            phone: ['110']
            sources: [test-web]
    """)
    write(data_dir, "guides/moving-in.yml", GUIDE % ("exit-entry-bureau", "chengdu"))
    fields = [p.field for p in problems_of(data_dir) if p.path == "data/guides/moving-in.yml"]
    assert fields == ["city_notes[0].refs[0].city"]


def test_a_reference_to_a_moved_record_is_refused_and_points_to_its_successor(data_dir):
    path = data_dir / "services/chongqing.yml"
    path.write_text(path.read_text(encoding="utf-8") + MOVED.lstrip("\n"), encoding="utf-8")
    write(data_dir, "guides/moving-in.yml", GUIDE % ("old-hall", "national"))
    found = [p for p in problems_of(data_dir) if p.path == "data/guides/moving-in.yml"]
    assert [p.field for p in found] == ["steps[0].refs[0].id"]
    assert "moved" in found[0].en and "exit-entry-bureau" in found[0].en
    assert "迁址" in found[0].zh and "exit-entry-bureau" in found[0].zh


def test_a_moved_record_needs_its_date_and_a_real_successor(data_dir):
    path = data_dir / "services/chongqing.yml"
    broken = MOVED.replace("    status_date: '2023-02-06'\n", "").replace("successor: exit-entry-bureau", "successor: nowhere")
    path.write_text(path.read_text(encoding="utf-8") + broken.lstrip("\n"), encoding="utf-8")
    found = {p.field: p for p in problems_of(data_dir) if p.path == "data/services/chongqing.yml"}
    assert "records[1]" in found or "records[1].status_date" in found  # the missing date
    problem = next(iter(found.values()))
    assert "status_date" in problem.en and "status_date" in problem.zh


def test_official_list_members_must_be_entries_of_that_kind(data_dir):
    path = data_dir / "official-lists.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("members: [exit-entry-bureau]", "members: [police]"), encoding="utf-8")
    found = [p for p in problems_of(data_dir) if p.path == "data/official-lists.yml"]
    assert [p.field for p in found] == ["records[0].members[0]"]
    assert "exit-entry" in found[0].en


def test_an_official_count_needs_its_date_and_source(data_dir):
    path = data_dir / "official-lists.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    as_of: '2016-12'\n", ""), encoding="utf-8")
    found = [p for p in problems_of(data_dir) if p.path == "data/official-lists.yml"]
    assert len(found) == 1 and "`as_of`" in found[0].en and "`as_of`" in found[0].zh


# ---- the real data: one fact, one place ------------------------------------------------------
def _guide_texts(guide):
    yield guide.title
    yield guide.summary
    for step in guide.steps:
        yield step.title
        yield step.do
        if step.where:
            yield step.where
    for note in guide.city_notes:
        yield note.text


def test_no_guide_names_a_moved_or_closed_record_as_current(real_dataset):
    gone = [s for s in real_dataset.of("services") if s.status != "open"]
    assert gone, "expected at least one moved or closed record (the Guangzhou Eighth People's Hospital Dongfeng campus)"
    offenders = []
    for guide in real_dataset.of("guides"):
        for text in _guide_texts(guide):
            for s in gone:
                if s.name.zh in text.zh or s.name.en in text.en:
                    offenders.append((guide.id, s.id))
        for _, ref in directory._walk_refs(guide):
            target = directory.resolve(real_dataset, ref)
            assert target is not None and target.status == "open", (guide.id, ref)
    assert offenders == []


def test_guides_that_mention_a_directory_entry_refer_to_it(real_dataset):
    """Where a guide's text names a directory entry by its full Chinese name, it carries a ref to it."""
    services = [s for s in real_dataset.of("services") if s.city_id != "national"]
    missing = []
    for guide in real_dataset.of("guides"):
        parts = [(step.do.zh, step.refs) for step in guide.steps] + [(n.text.zh, n.refs) for n in guide.city_notes]
        for text, refs in parts:
            referred = {(r.city, r.id) for r in refs}
            for s in services:
                if s.name.zh in text and (s.city_id, s.id) not in referred:
                    missing.append((guide.id, s.city_id, s.id))
    assert missing == []


# ---- the built site --------------------------------------------------------------------------
def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_first_week_pages_list_the_guides_in_order_with_the_citys_phones(real_site, real_dataset, prefix):
    order = [g.id for g in directory.first_week_guides(real_dataset)]
    assert len(order) >= 8
    for city in real_dataset.cities:
        html = (real_site / f"{prefix}first-week/{city.id}/index.html").read_text(encoding="utf-8")
        shown = re.findall(r'<li id="fw-([a-z0-9-]+)"><strong>', html)
        assert shown == order, city.id
        for s in real_dataset.of("services", city.id):
            if s.kind in ("exit-entry", "hotline") and s.phone and s.status == "open":
                for phone in s.phone:
                    assert f'href="tel:{re.sub(r"[^0-9+]", "", phone)}"' in html, (city.id, s.id, phone)
        assert 'href="tel:110"' in html and 'href="tel:12367"' in html
        lang = re.search(r'<html lang="([^"]+)"', html).group(1)
        assert lang.startswith("en" if prefix else "zh")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_city_pages_and_home_link_to_the_first_week_and_the_citys_services(real_site, real_dataset, prefix):
    home = (real_site / f"{prefix}index.html").read_text(encoding="utf-8")
    for city in real_dataset.cities:
        assert f'href="first-week/{city.id}/"' in home, city.id
        page = (real_site / f"{prefix}cities/{city.id}/index.html").read_text(encoding="utf-8")
        assert f'href="../../first-week/{city.id}/"' in page
        assert f'href="../../services/#{city.id}"' in page
        services = (real_site / f"{prefix}services/index.html").read_text(encoding="utf-8")
        for s in real_dataset.of("services", city.id):
            assert f'id="sv-{city.id}-{s.id}"' in services  # the link target holds every entry


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_services_sections_claim_only_what_their_entries_are(real_site, real_dataset, prefix):
    html = (real_site / f"{prefix}services/index.html").read_text(encoding="utf-8")
    lang = "en" if prefix else "zh"
    for rec in real_dataset.of("official-lists"):
        section = re.search(rf'<h3 id="{rec.city}-{rec.kind}">(.*?)</h3>(.*?)(?=<h[23] |</article>)', html, re.S)
        assert section, (rec.city, rec.kind)
        heading, body = _text(section.group(1)), _text(section.group(2))
        if rec.heading:
            assert getattr(rec.heading, lang) in heading
        if rec.count is None:
            # No official list: the heading must not claim a designation, and the gap is explained.
            assert ("定点" not in heading) if lang == "zh" else ("esignated" not in heading), heading
        else:
            listed = len(rec.members)
            assert re.search(rf"\b{listed}\b\D+\b{rec.count}\b", body), (rec.id, body[:300])
        assert getattr(rec.gap, lang)[:20] in body


def test_every_entry_with_a_phone_has_a_tel_link_and_json_ld(real_site, real_dataset):
    html = (real_site / "services/index.html").read_text(encoding="utf-8")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    names = {item["name"] for item in ld["@graph"]}
    for s in real_dataset.of("services"):
        card = re.search(rf'<article [^>]*id="sv-{s.city_id}-{s.id}"(.*?)</article>', html, re.S)
        assert card, s.id
        for phone in s.phone:
            assert f'href="tel:{re.sub(r"[^0-9+]", "", phone)}"' in card.group(1), (s.id, phone)
        if s.kind in ("hospital", "school", "exit-entry", "hotline") and s.status == "open":
            assert s.name.zh in names, s.id
    for city in real_dataset.cities:
        page = (real_site / f"first-week/{city.id}/index.html").read_text(encoding="utf-8")
        graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))["@graph"]
        offices = [s for s in real_dataset.of("services", city.id) if s.kind == "exit-entry"]
        assert {s.name.zh for s in offices} <= {item["name"] for item in graph}


def test_guide_pages_render_the_referenced_record_from_the_directory(real_site, real_dataset):
    for guide in real_dataset.of("guides"):
        refs = [ref for _, ref in directory._walk_refs(guide)]
        if not refs:
            continue
        for prefix, lang in (("", "zh"), ("en/", "en")):
            html = (real_site / f"{prefix}guides/{guide.id}/index.html").read_text(encoding="utf-8")
            for ref in refs:
                record = directory.resolve(real_dataset, ref)
                card = re.search(rf'data-ref="services/{ref.city}/{ref.id}">(.*?)</span>\s*(?:<br>|</p>)', html, re.S)
                assert card, (guide.id, ref)
                text = _text(card.group(1))
                assert getattr(record.name, lang) in text
                if record.address:
                    assert getattr(record.address, lang) in text
