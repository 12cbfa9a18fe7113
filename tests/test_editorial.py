"""One voice in two languages (issue 16): numbers and units by language, no internal code on a page,
the glossary check, interface strings and locators in the page's language."""
import re
from html.parser import HTMLParser

import pytest

from citysite.fields import Figure
from citysite.loader import _walk, load
from citysite.quantities import quantity
from citysite.view import View
from sitebuild import html_pages


def all_figures(ds):
    for name, records in ds.records.items():
        for rec in records:
            for _path, value, _info in _walk(rec):
                if isinstance(value, Figure):
                    yield rec, value


# ---- 1. numbers and units ------------------------------------------------------------------------
# "17,951 100 million yuan", "1,007 ten thousand users": a number glued to a Chinese scale word.
# ("100 million passengers" on its own is good English for 1亿人次.)
CALQUES = re.compile(r"\d 100 million|100 million (?:yuan|US|USD|dollars)|ten thousand|\d 10,000 |hundred million|[亿万]", re.I)


def _noun_after_number(text):
    """'1 port' -> ('1', 'port'); 'RMB 1.2 billion' -> None (no noun)."""
    match = re.match(r"^([\d.,]+)(?: (million|billion|trillion))? ?(\D.*)?$", text)
    return match.groups() if match else None


def test_every_figure_reads_naturally_in_both_languages(real_dataset):
    units = real_dataset.by_id("units")
    views = {lang: View(real_dataset, lang, "compare.md") for lang in ("zh", "en")}
    checked = 0
    for rec, fig in all_figures(real_dataset):
        assert isinstance(fig.unit, str) and fig.unit in units, f"{rec.place}: unit {fig.unit!r} is not a data/units.yml id"
        unit = units[fig.unit]
        en, zh = views["en"].quantity(fig), views["zh"].quantity(fig)
        where = f"{rec.place} {fig.id}: {en!r}"
        assert not CALQUES.search(en), where
        assert not re.search(r"[\u4e00-\u9fff]", en), where
        assert (unit.zh_base or unit.zh) in zh and not re.search(r"\d [\u4e00-\u9fff]|百万", zh), f"{rec.place} {fig.id}: {zh!r}"
        if unit.currency:
            assert en.startswith(unit.currency), where  # currency first: RMB 1.7951 trillion, US$15 billion
        else:
            number, word, noun = _noun_after_number(en)
            if number == "1" and not word:
                assert noun == unit.en.one, where
            elif unit.en.one != unit.en.other:
                assert noun == unit.en.other, where
        checked += 1
    assert checked > 100


def test_every_unit_at_one_and_at_two(real_dataset):
    """'1 ports' and '2 port' are both wrong, for every unit in the registry."""
    for unit in real_dataset.of("units"):
        if unit.currency:
            continue
        one, two = quantity(1 / unit.scale, unit, "en"), quantity(2 / unit.scale, unit, "en")
        assert one.endswith(unit.en.one) and one.startswith("1"), one
        assert two.endswith(unit.en.other) and two.startswith("2"), two
        if unit.en.one != unit.en.other:
            assert not one.endswith(unit.en.other), one
            assert not two.endswith(" " + unit.en.one), two


@pytest.mark.parametrize("value, unit_zh, scale, currency, en_words, want_en, want_zh", [
    # the examples of /work/shared/STYLE.md (a bilingual editor's read), not of the code
    (17951, "亿元", 10**8, "RMB", None, "RMB 1.7951 trillion", "17,951亿元"),
    (238.9, "亿美元", 10**8, "US$", None, "US$23.89 billion", "238.9亿美元"),
    (150, "亿美元", 10**8, "US$", None, "US$15 billion", "150亿美元"),
    (1007, "万", 10**4, None, ("user", "users"), "10.07 million users", "1,007万"),
    (11.24, "万标箱", 10**4, None, ("TEU", "TEU"), "112,400 TEU", "11.24万标箱"),
    (1, "个", 1, None, ("port", "ports"), "1 port", "1个"),
    (3, "个", 1, None, ("port", "ports"), "3 ports", "3个"),
])
def test_style_examples(value, unit_zh, scale, currency, en_words, want_en, want_zh):
    from citysite.models import Unit
    unit = Unit(id="u", zh=unit_zh, scale=scale, currency=currency,
                en={"one": en_words[0], "other": en_words[1]} if en_words else None)
    assert quantity(value, unit, "en") == want_en
    assert quantity(value, unit, "zh") == want_zh


def test_english_pages_have_no_unit_calques(real_site):
    bad = []
    for rel in html_pages(real_site):
        if not rel.startswith("en/") or rel.removeprefix("en/").startswith(CODE_PAGES):
            continue
        text = visible_text((real_site / rel).read_text(encoding="utf-8"))
        for m in re.finditer(r"ten thousand|100 million (?:yuan|US dollars|USD)|\b1 (?:ports|cities|routes|pairs|posts|companies|hospitals|schools)\b", text):
            bad.append(f"{rel}: {m.group(0)}")
    assert bad == []


def test_old_unit_form_is_a_clear_error_or_a_warning(data_dir):
    from citysite.problems import DataInvalid
    city = data_dir / "cities" / "chongqing.yml"
    # {zh: 个, en: cities} names the registry's `city` unit exactly: loads, with a warning giving the new form.
    ds = load(data_dir)
    assert any("unit: city" in w.en and w.level == "warning" for w in ds.warnings)
    # A scaled calque cannot be written in English: an error that names the new form and the candidates.
    city.write_text(city.read_text(encoding="utf-8").replace("unit: {zh: 个, en: cities}", "unit: {zh: 亿元, en: 100 million yuan}"), encoding="utf-8")
    with pytest.raises(DataInvalid) as exc:
        load(data_dir)
    messages = [p for p in exc.value.problems if p.field.endswith("unit")]
    assert messages and "hundred-million-yuan" in messages[0].en and "data/units.yml" in messages[0].zh
    unit_line = next(i for i, line in enumerate(city.read_text(encoding="utf-8").splitlines(), 1) if "亿元" in line)
    assert messages[0].line == unit_line


# ---- visible text of built pages -----------------------------------------------------------------------
class VisibleText(HTMLParser):
    """Text a reader sees: no <script>/<style>/<code>/<svg> internals, no attributes, no hidden search data."""

    # <q>: a source's words quoted verbatim (lowercase place names and all) are not the site's text.
    SKIP = {"script", "style", "code", "pre", "template", "noscript", "kbd", "samp", "q"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "param", "track"}

    def __init__(self, skip_classes=(), skip_lang=None):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.parts = []
        self.skip_classes = set(skip_classes)
        self.skip_lang = skip_lang

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        hidden = (tag in self.SKIP or bool(classes & self.skip_classes) or "hidden" in a
                  or (self.skip_lang and tag != "html" and (a.get("lang") or "").startswith(self.skip_lang)))
        self.stack.append((tag, hidden or (self.stack[-1][1] if self.stack else False)))

    def handle_endtag(self, tag):
        while self.stack:
            top, _ = self.stack.pop()
            if top == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html: str, skip_classes=(), skip_lang=None) -> str:
    """skip_lang="en": leave out text marked as English (lang="en"), e.g. on a Chinese page."""
    parser = VisibleText(skip_classes, skip_lang)
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


# ---- 2. no internal code reaches a reader -------------------------------------------------------------
# Pages whose subject is the data format itself: field names and ids are what they document.
# (open data: the field documentation; contribute: the editors' guide; changelog: commit messages;
# performance: the build benchmark.)
CODE_PAGES = ("open-data/", "contribute/", "changelog/", "performance/")
# A lowercase ASCII word or code, not part of a longer Latin word (pinyin zhàn), a path (data/…),
# a domain (chinadaily.com.cn), an e-mail or an anchor; Chinese characters around it are fine.
_LATIN = "A-Za-z0-9_\u00c0-\u024f"
_TOKEN = re.compile(rf"(?<![{_LATIN}./@:#?=&%-])[a-z0-9]+(?:[-_][a-z0-9]+)*(?![{_LATIN}@/=&-]|\.[a-z])")
_QUOTE = re.compile(r"“([^”]*)”|\"([^\"]*)\"")


def _in_prose(text: str, start: int, end: int) -> bool:
    """Part of a Latin phrase (an English gloss, a quoted sentence, a title), not a lone code: the word
    next to it is Latin, or it sits inside a longer quotation."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    if (before[-1:].isascii() and before[-1:].isalpha()) or (after[:1].isascii() and after[:1].isalpha()):
        return True
    for q in _QUOTE.finditer(text, max(0, start - 300), min(len(text), end + 300)):
        if q.start() < start and end < q.end():
            return (q.group(1) or q.group(2) or "").strip() != text[start:end]
    return False


def internal_codes(ds):
    """(codes never shown on any page, codes never shown on a Chinese page)."""
    from typing import Literal, get_args, get_origin
    from pydantic import BaseModel
    from citysite import models
    from citysite.collections import COLLECTIONS
    ids, enums, fields = set(), set(), set()
    for coll in COLLECTIONS:
        for rec in ds.of(coll.name):
            rid = getattr(rec, "id", None)
            if rid:
                ids.add(rid)
    for cls in vars(models).values():
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            for name, info in cls.model_fields.items():
                fields.add(name)
                stack = [info.annotation]
                while stack:
                    tp = stack.pop()
                    if get_origin(tp) is Literal:
                        enums.update(a for a in get_args(tp) if isinstance(a, str))
                    stack.extend(get_args(tp))
    # Anywhere: ids that are codes by their form (a hyphen or a digit), and place ids, which prose
    # would capitalise (beijing, shaanxi).
    places = {p.id for p in ds.of("provinces")} | set(get_args(models.Standard.model_fields["jurisdiction"].annotation))
    everywhere = {i for i in ids if re.search(r"[-\d]", i)} | places
    everywhere -= {"sister-city", "friendly-exchange", "exit-entry", "national"}  # also plain English
    # On Chinese pages a lowercase Latin word can only be a code: ids, enum values, field names.
    zh_only = {c for c in ids | enums | fields if len(c) > 2}
    return everywhere, zh_only


def code_leaks(site, ds):
    everywhere, zh_only = internal_codes(ds)
    leaks = []
    for rel in html_pages(site):
        if rel.removeprefix("en/").startswith(CODE_PAGES):
            continue
        zh = not rel.startswith("en/")
        # On a Chinese page, English marked lang="en" (a sign's translation, an English title) is
        # English prose, where a lowercase word is just a word.
        text = visible_text((site / rel).read_text(encoding="utf-8"), skip_classes=("md-search", "md-footer-meta"),
                            skip_lang="en" if zh else None)
        for m in _TOKEN.finditer(text):
            token = m.group(0)
            if token in everywhere or (zh and token in zh_only and not _in_prose(text, m.start(), m.end())):
                leaks.append(f"{rel}: {token!r} in …{text[max(0, m.start() - 30):m.end() + 20]}…")
    return leaks


def test_no_internal_code_in_visible_text(real_site, real_dataset):
    leaks = code_leaks(real_site, real_dataset)
    assert leaks == [], f"{len(leaks)} internal codes shown to readers:\n" + "\n".join(leaks[:60])


def test_the_code_check_can_fail():
    """The check finds a leak in a page like those it reads (it is not vacuous)."""
    html = '<html><body><p>替代标准：db11-t-334-2020；适用范围 shaanxi；故未列入parts。</p><a href="#db11-t-334-2020">ok</a><code>parts</code></body></html>'
    text = visible_text(html)
    tokens = {m.group(0) for m in _TOKEN.finditer(text)}
    assert {"db11-t-334-2020", "shaanxi", "parts"} <= tokens
    assert "ok" in text and text.count("db11-t-334-2020") == 1 and "parts" in text


# ---- 4. interface strings and headings in the page's language ------------------------------------------
class Headings(HTMLParser):
    """Heading text outside elements marked lang="zh" (or any lang other than the page's), and the
    heading anchors' titles."""

    def __init__(self, page_lang):
        super().__init__(convert_charrefs=True)
        self.page_lang, self.depth, self.marked, self.texts, self.permalinks = page_lang, 0, [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4"):
            self.depth += 1
            self.texts.append("")
        if tag == "a" and "headerlink" in (a.get("class") or ""):
            self.permalinks.append(a.get("title") or "")
        if self.depth and tag not in VisibleText.VOID:
            lang = a.get("lang")
            self.marked.append(bool(lang) and not lang.startswith(self.page_lang))

    def handle_endtag(self, tag):
        if self.depth and self.marked:
            self.marked.pop()
        if tag in ("h1", "h2", "h3", "h4"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not any(self.marked):
            self.texts[-1] += data


def test_headings_and_anchor_titles_in_the_page_language(real_site):
    leaks = []
    for rel in html_pages(real_site):
        lang = "en" if rel.startswith("en/") else "zh"
        parser = Headings(lang)
        parser.feed((real_site / rel).read_text(encoding="utf-8"))
        if lang == "en":
            leaks += [f"{rel}: heading {t.strip()!r}" for t in parser.texts if re.search(r"[\u3400-\u9fff]", t)]
        leaks += [f"{rel}: anchor title {t!r}" for t in set(parser.permalinks)
                  if (lang == "zh") == (not re.search(r"[\u3400-\u9fff]", t))]
    assert leaks == [], "\n".join(leaks[:40])


# ---- 3. the glossary -----------------------------------------------------------------------------------
def test_glossary_variants_are_warnings_with_place_and_preferred_form(data_dir):
    import subprocess
    import sys
    from conftest import ROOT
    services = data_dir / "services" / "chongqing.yml"
    text = services.read_text(encoding="utf-8")
    assert "en: Mon–Fri 9:00–12:00}" in text
    services.write_text(text.replace("en: Mon–Fri 9:00–12:00}", "en: 'Mon–Fri 9:00–12:00 at the Entry-Exit office'}"), encoding="utf-8")
    line = 1 + text[:text.index("Mon–Fri 9:00–12:00}")].count("\n")
    done = subprocess.run([sys.executable, "-m", "citysite.check", str(data_dir)], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": ""}, timeout=120)
    assert done.returncode == 0, done.stdout  # warnings do not fail the check
    warning = next(l for l in done.stdout.splitlines() if l.startswith(f"data/services/chongqing.yml:{line}:"))
    assert "hours.en" in warning and "'Entry-Exit'" in warning and "'exit-entry'" in warning
    assert "术语表" in done.stdout and re.search(r"\d+ warnings? in data/", done.stdout)


def test_real_data_glossary_warnings_are_few(real_dataset):
    """The data was fixed to the glossary; a few variants remain where no source-checked fix exists."""
    found = [w for w in real_dataset.warnings if "glossary" in w.en]
    assert len(found) <= 15, "\n".join(w.as_text() for w in found)


def test_cross_references_render_as_titled_links_and_bad_ones_are_errors(data_dir):
    from citysite.problems import DataInvalid
    standards = data_dir / "standards.yml"
    text = standards.read_text(encoding="utf-8")
    note = "    note: {zh: '见[[standards:gbt-30240]]。', en: 'See [[standards:gbt-30240]].'}\n"
    standards.write_text(text.replace("    sources: [test-web]", note + "    sources: [test-web]"), encoding="utf-8")
    ds = load(data_dir)
    std = ds.by_id("standards")["gbt-30240"]
    for lang, title in (("zh", std.title.zh), ("en", std.title.en)):
        v = View(ds, lang, "standards.md")
        segments = v.prose(std.note)
        link = next(s for s in segments if s["href"])
        assert title in link["text"] and "gbt-30240" not in link["text"] and link["href"].endswith("#st-gbt-30240")
        assert "gbt-30240" not in v.t(std.note) and "[[" not in v.t(std.note)
    standards.write_text(text.replace("    sources: [test-web]", note.replace("standards:gbt-30240]]。", "standards:gbt-3024]]。") + "    sources: [test-web]"), encoding="utf-8")
    with pytest.raises(DataInvalid) as exc:
        load(data_dir)
    assert any("[[standards:gbt-3024]]" in p.en and p.field.endswith("note.zh") for p in exc.value.problems)


def test_a_near_miss_cross_reference_is_an_error_and_plain_brackets_are_text(data_dir):
    from citysite.problems import DataInvalid
    standards = data_dir / "standards.yml"
    text = standards.read_text(encoding="utf-8")
    note = "    note: {zh: '见[[standard:gbt-30240]]。', en: 'Plain [[brackets]] stay text.'}\n"
    standards.write_text(text.replace("    sources: [test-web]", note + "    sources: [test-web]"), encoding="utf-8")
    with pytest.raises(DataInvalid) as exc:
        load(data_dir)
    found = [p for p in exc.value.problems if "[[" in p.en]
    assert [p.field.rsplit(".", 1)[-1] for p in found] == ["zh"] and "[[standard:gbt-30240]]" in found[0].en


def test_chinese_keeps_wan_and_yi_for_large_numbers():
    """Chinese writes 万/亿, never 百万 or a long row of digits (8,000万人次, 2,541万标箱, 1.12万亿元人民币)."""
    from citysite.models import Unit
    trips_m = Unit(id="m", zh="百万人次", scale=10**6, zh_base="人次", en={"one": "passenger", "other": "passengers"})
    teu = Unit(id="t", zh="标箱", en={"one": "TEU", "other": "TEU"})
    rmb = Unit(id="y", zh="元人民币", currency="RMB")
    assert (quantity(80, trips_m, "zh"), quantity(80, trips_m, "en")) == ("8,000万人次", "80 million passengers")
    assert (quantity(25410000, teu, "zh"), quantity(25410000, teu, "en")) == ("2,541万标箱", "25.41 million TEU")
    assert (quantity(1.12e12, rmb, "zh"), quantity(1.12e12, rmb, "en")) == ("1.12万亿元人民币", "RMB 1.12 trillion")
    assert quantity(14246, teu, "zh") == "14,246标箱"  # under 100,000: digits
