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
            for _path, value in _walk(rec):
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
        assert unit.zh in zh and not re.search(r"\d [\u4e00-\u9fff]", zh), f"{rec.place} {fig.id}: {zh!r}"
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
        if not rel.startswith("en/"):
            continue
        text = visible_text((real_site / rel).read_text(encoding="utf-8"))
        for m in re.finditer(r"\d[\d,.]* (?:100 million|ten thousand)|100 million (?:yuan|US dollars|USD)|\b1 (?:ports|cities|routes|pairs|posts|companies|hospitals|schools)\b", text):
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
    assert messages[0].line == 9


# ---- visible text of built pages -----------------------------------------------------------------------
class VisibleText(HTMLParser):
    """Text a reader sees: no <script>/<style>/<code>/<svg> internals, no attributes, no hidden search data."""

    SKIP = {"script", "style", "code", "pre", "template", "noscript", "kbd", "samp"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "param", "track"}

    def __init__(self, skip_classes=()):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.parts = []
        self.skip_classes = set(skip_classes)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        hidden = tag in self.SKIP or bool(classes & self.skip_classes) or "hidden" in dict(attrs)
        self.stack.append((tag, hidden or (self.stack[-1][1] if self.stack else False)))

    def handle_endtag(self, tag):
        while self.stack:
            top, _ = self.stack.pop()
            if top == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html: str, skip_classes=()) -> str:
    parser = VisibleText(skip_classes)
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))
