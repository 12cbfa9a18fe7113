"""Per-language, per-page helpers that templates call: text in the page's language, labels,
country names, dates, links and citations. Markup stays in the templates."""
from __future__ import annotations

import datetime as _dt
import gettext
import os
import posixpath
import re
from functools import lru_cache
from typing import Optional

import pycountry

from . import quantities
from .field_docs import fields_of, split_bilingual
from .fields import Text, build_date, date_end
from .pinyin import pinyin_of, strip_tones, term_pinyin  # noqa: F401  (pinyin_of, strip_tones: re-exported)

LANGS = ("zh", "en")
HELP_KINDS = ("hotline", "exit-entry", "immigration-centre")  # the numbers a newcomer needs first
# A cross-reference written in data text: [[standards:bj-language-environment-regulation-2021]].
REF = re.compile(r"\[\[(standards|sources|recommendations|guides):([a-z0-9][a-z0-9-]*)\]\]")
DEFAULT_LANG = "zh"

# pycountry's short names differ from the usual Chinese/English forms for a few countries.
_COUNTRY_NAME_FIXES = {
    "KR": {"zh": "韩国", "en": "Republic of Korea"},
    "KP": {"zh": "朝鲜", "en": "DPR Korea"},
    "RU": {"zh": "俄罗斯", "en": "Russia"},
    "IR": {"zh": "伊朗", "en": "Iran"},
    "VN": {"zh": "越南", "en": "Viet Nam"},
    "LA": {"zh": "老挝", "en": "Laos"},
    "SY": {"zh": "叙利亚", "en": "Syria"},
    "TZ": {"zh": "坦桑尼亚", "en": "Tanzania"},
    "BO": {"zh": "玻利维亚", "en": "Bolivia"},
    "VE": {"zh": "委内瑞拉", "en": "Venezuela"},
    "MD": {"zh": "摩尔多瓦", "en": "Moldova"},
    "TR": {"zh": "土耳其", "en": "Türkiye"},
    "CZ": {"zh": "捷克", "en": "Czechia"},
    "GB": {"zh": "英国", "en": "United Kingdom"},
    "US": {"zh": "美国", "en": "United States"},
}


@lru_cache(maxsize=None)
def _zh_countries():
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


def country_name(code: str, lang: str) -> str:
    if code in _COUNTRY_NAME_FIXES:
        return _COUNTRY_NAME_FIXES[code][lang]
    country = pycountry.countries.get(alpha_2=code)
    if not country:
        return code
    if lang == "zh":
        return _zh_countries().gettext(country.name)
    return getattr(country, "common_name", None) or country.name


def page_dir(src_uri: str) -> str:
    """Directory URL of a page (use_directory_urls): 'cities/chongqing.md' -> 'cities/chongqing/'."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


class View:
    """What a template sees as `v`."""

    def __init__(self, dataset, lang: str, src_uri: str, repo_url: str = "", branch: str = "main"):
        self.ds = dataset
        self.lang = lang
        self.other_lang = "en" if lang == "zh" else "zh"
        self.src_uri = src_uri
        self.repo_url = repo_url.rstrip("/")
        self.branch = branch
        depth = page_dir(src_uri).count("/")
        self.to_lang_root = "../" * depth  # from this page to its language's home
        self.to_site_root = self.to_lang_root + ("../" if lang != DEFAULT_LANG else "")
        self._sources = dataset.sources

    # -- text --------------------------------------------------------------------------------
    def t(self, text: Optional[Text]) -> str:
        """Text in the page's language; a cross-reference [[collection:id]] reads as the record's title."""
        if text is None:
            return ""
        if isinstance(text, str):  # written once, as the original has it (a locator such as §4.1.2)
            return text
        value = getattr(text, self.lang)
        return "".join(seg["text"] for seg in self.prose(value)) if "[[" in value else value

    def prose(self, text) -> list[dict]:
        """Text split into segments for _prose.html: {"text"} or {"text", "href"} for a cross-reference
        [[standards:id]], [[sources:id]], [[recommendations:id]] or [[guides:id]] (link with the title)."""
        value = getattr(text, self.lang) if isinstance(text, Text) else (text or "")
        out, pos = [], 0
        for match in REF.finditer(value):
            if match.start() > pos:
                out.append({"text": value[pos:match.start()], "href": ""})
            out.append(self.ref(match.group(1), match.group(2)))
            pos = match.end()
        if pos < len(value):
            out.append({"text": value[pos:], "href": ""})
        return out

    def ref(self, coll: str, rid: str) -> dict:
        """A record named in text: its title in the page's language and a link to it."""
        rec = self.ds.by_id(coll).get(rid)
        if rec is None:  # the loader reports it; never show the id
            return {"text": "", "href": ""}
        if coll == "standards":
            return {"text": f"{rec.code} {self.t(rec.title)}", "href": self.page("standards.md", f"st-{rid}")}
        if coll == "sources":
            when = self.date(rec.date) if rec.date else self.label("undated")
            return {"text": f"{self.t(rec.publisher)}, {when}", "href": self.source_href(rid)}
        if coll == "recommendations":
            text = self.t(rec.text)
            short = text if len(text) <= 40 else text[:38].rstrip() + "…"
            return {"text": f"{self.label('rkind_recommendation')}: {short}", "href": self.page("recommendations.md", f"rec-{rid}")}
        if coll == "guides":
            return {"text": self.t(rec.title), "href": self.page(f"guides/{rid}.md")}
        return {"text": "", "href": ""}

    def foreign_lang(self, text: Optional[str]) -> str:
        """The language of a string written as the original has it, when it is not the page's:
        'zh' for Chinese on an English page, 'en' for Latin words on a Chinese page, '' otherwise
        (numbers such as §4.1.2 read the same in both)."""
        if not text or not isinstance(text, str):  # {zh, en} text is always in the page's language
            return ""
        if re.search(r"[\u3400-\u9fff]", text):
            lang = "zh"
        elif re.search(r"[A-Za-z]{2,}", text):
            lang = "en"
        else:
            return ""
        return "" if lang == self.lang else lang

    def jurisdiction(self, jid: str) -> str:
        """Where a standard applies, as a place name (labels jur_<id> in data/ui.yml)."""
        key = f"jur_{jid}"
        return self.label(key) if key in self.ds.labels else self.city_name(jid)

    def standard(self, sid: str):
        return self.ds.by_id("standards").get(sid)

    def t_other(self, text: Optional[Text]) -> str:
        return "" if text is None else getattr(text, self.other_lang)

    def is_translation(self, text: Optional[Text]) -> bool:
        """English that the site wrote itself (the Chinese is authoritative)."""
        return self.lang == "en" and text is not None and not text.en_official

    def label(self, key: str) -> str:
        text = self.ds.labels.get(key)
        if text is None:
            raise KeyError(f"UI label {key!r} is missing from data/ui.yml")
        return getattr(text, self.lang)

    def field_title(self, name: str) -> str:
        """A field name as readers see it ('parts.X.title' -> 'title' -> 标题 / Title)."""
        parts = [p for p in re.split(r"[.\[\]]+", name) if p and not p.isdigit()]
        titles = [_field_titles().get(p) for p in parts]
        if not titles or not titles[-1]:
            return name
        if len(titles) > 1 and titles[0]:  # editions.start -> 届次 · 开始 / Editions · Start
            titles = [titles[0], titles[-1]]
        else:
            titles = titles[-1:]
        pick = 1 if self.lang == "zh" else 0
        return " · ".join(split_bilingual(t)[pick] for t in titles)

    def conflict_value(self, conflict) -> str:
        """The other source's value, in the reader's language where it is a date, status or district."""
        value, key = conflict.value, conflict.field.rsplit(".", 1)[-1]
        if isinstance(value, Text):
            return self.t(value)
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
            return self.date(value)
        if key == "status":
            for prefix in ("status_", "cstatus_", "sstatus_"):
                if prefix + value in self.ds.labels:
                    return self.label(prefix + value)
        if key == "relation" and "rel_" + value in self.ds.labels:
            return self.label("rel_" + value)
        if key == "level" and "level_" + value in self.ds.labels:
            return self.label("level_" + value)
        if key == "district":
            return self.provinces(p.strip() for p in value.split(","))
        return value

    def country(self, code: str) -> str:
        return country_name(code, self.lang)

    def province(self, pid: str) -> str:
        prov = self.ds.by_id("provinces").get(pid)
        return self.t(prov.name) if prov else pid

    def provinces(self, ids) -> str:
        return ("、" if self.lang == "zh" else ", ").join(self.province(pid) for pid in ids)

    def city_name(self, cid: str) -> str:
        """A city's name; also 'national' and province ids (places such as a standard's jurisdiction)."""
        for city in self.ds.cities:
            if city.id == cid:
                return self.t(city.name)
        if cid == "national":
            return "全国" if self.lang == "zh" else "Nationwide"
        prov = self.ds.by_id("provinces").get(cid)
        return self.t(prov.name) if prov else cid

    def month(self, n: Optional[int]) -> str:
        return self.label("months").split(",")[n - 1] if n else ""

    def date(self, value: Optional[str]) -> str:
        if not value:
            return ""
        parts = value.split("-")
        if self.lang == "zh":
            suffix = ["年", "月", "日"]
            return "".join(str(int(p)) + s for p, s in zip(parts, suffix)) if len(parts) > 1 else parts[0] + "年"
        months = self.label("months").split(",")
        if len(parts) == 3:
            return f"{int(parts[2])} {months[int(parts[1]) - 1][:3]} {parts[0]}"
        if len(parts) == 2:
            return f"{months[int(parts[1]) - 1][:3]} {parts[0]}"
        return parts[0]

    def number(self, value: float) -> str:
        return quantities.quantity(value, None, self.lang)

    def quantity(self, figure) -> str:
        """A figure's value with its unit, as the page's language writes it (templates use only this):
        17,951亿元 / RMB 1.7951 trillion, 1个 / 1 port (hooks/citysite/quantities.py, data/units.yml)."""
        return quantities.figure_quantity(self.ds, figure, self.lang)

    def unit_name(self, figure) -> str:
        """The unit alone, e.g. for a table header: 亿元 / RMB (scale words go with the numbers)."""
        unit = quantities.unit_of(self.ds, figure)
        if unit is None:
            return ""
        if self.lang == "zh":
            return unit.zh
        return unit.currency or unit.en.other

    # -- links -------------------------------------------------------------------------------
    def page(self, src_uri: str, anchor: str = "") -> str:
        """Relative link from this page to another page of the same language."""
        target = self.to_lang_root + page_dir(src_uri)
        target = target or "./"
        return target + (f"#{anchor}" if anchor else "")

    def data_file(self, name: str) -> str:
        return f"{self.to_site_root}data/{name}"

    # -- open data: version, citation, examples --------------------------------------------------
    def data_version(self):
        """The data version (tag, else the date of the last data commit; see citysite.version)."""
        from .version import data_version
        return data_version(self.ds.root)

    def citation(self) -> dict:
        """What the "how to cite" block needs: CITATION.cff's title, authors and repository."""
        from .open_data import citation_metadata
        return citation_metadata()

    def link_tables(self) -> list[tuple[str, str]]:
        """(file name, description in the page's language) of the data package's link tables."""
        from .datapackage import link_tables
        return [(f"{name}.csv", zh if self.lang == "zh" else en) for name, zh, en in link_tables()]

    def example_path(self, name: str) -> str:
        """Path of an example file for the snippets extension (the page includes the file itself)."""
        from .open_data import EXAMPLES_DIR, PROJECT_ROOT
        path = EXAMPLES_DIR / name
        if not path.is_file():
            raise FileNotFoundError(f"example {name!r} is not in {EXAMPLES_DIR}")
        return path.relative_to(PROJECT_ROOT).as_posix()

    def issue_url(self, record, anchor: str = "") -> str:
        if not self.repo_url:
            return ""
        from urllib.parse import urlencode
        file, line = record.place
        title = f"[data] {file} · {getattr(record, 'id', '')}"
        body = (f"Page / 页面: {page_dir(self.src_uri)}{('#' + anchor) if anchor else ''} ({self.lang})\n"
                f"Record / 记录: {getattr(record, 'id', '')} — {file}:{line}\n\n"
                "What is wrong, and the source that shows it / 哪里有误？请附上依据的来源：\n")
        return f"{self.repo_url}/issues/new?" + urlencode({"title": title, "body": body, "labels": "data"})

    def edit_url(self, record) -> str:
        file, _line = record.place
        return f"{self.repo_url}/edit/{self.branch}/{file}" if self.repo_url else ""

    def source_href(self, sid: str) -> str:
        """Link to a source's entry on its part of the source register (sources/<group>/#src-<id>)."""
        from .lists import source_group
        src = self._sources.get(sid)
        return self.page(f"sources/{source_group(src)}.md" if src else "sources.md", f"src-{sid}")

    def record_line(self, record) -> int:
        return record.place[1]

    def cite(self, ref) -> dict:
        src = self._sources.get(ref.ref)
        return {
            "title": src.title if src else "",
            "title_lang": (src.title_lang.split("-")[0] if src else self.lang),
            "id": ref.ref,
            "href": self.source_href(ref.ref),
            "label": (self.t(src.publisher) if src else ref.ref),
            "date": (self.date(src.date) if src.date else self.label("undated")) if src else "",
            "locator": self.t(ref.locator) if isinstance(ref.locator, Text) else (ref.locator or ""),
            "locator_lang": "" if isinstance(ref.locator, Text) else self.foreign_lang(ref.locator),
            "quote": ref.quote or "",
            "quality": src.quality if src else "",
            "url": (src.url if src else None) or "",
        }

    def footnotes(self, section: str, targets_anchor: str = ""):
        """A numbered-footnote collector for one section of this page (see footnotes.py)."""
        from .footnotes import Footnotes
        return Footnotes(self, section, targets_anchor)

    def lang_of(self, text: str) -> str:
        """'zh' for text with Chinese characters, else 'en': marks runs of the other language (WCAG 3.1.2)."""
        return "zh" if _CJK.search(text or "") else "en"

    # -- derived views of the data (computed at build time, never written back) -------------------
    def profile(self, city) -> dict:
        """The city profile's computed parts: headline tiles, other indicator series, target checks."""
        from . import profile
        tiles = profile.headline_tiles(self.ds, city, self.ds.headline_tiles)
        checks = profile.target_checks(self.ds, city, build_date())
        return {"tiles": tiles, "others": profile.other_series(city, [t.figure.id for t in tiles]),
                "checks": checks, "counts": profile.verdict_counts(checks)}

    def spark(self, series, width: int = 96, height: int = 28) -> dict:
        """Polyline geometry of a dated series (evenly spaced by date order) for a small inline chart."""
        values = [f.value for f in series]
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = (width - 4) / max(len(values) - 1, 1)
        points = [(2 + i * step, height - 2 - (value - low) / span * (height - 4)) for i, value in enumerate(values)]
        return {"width": width, "height": height, "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                "last": points[-1]}

    def first_sentence(self, text) -> str:
        """The first sentence of a text in the page's language (never cut mid-sentence)."""
        body = self.t(text)
        match = (re.match(r"^(.+?[。！？])", body) if self.lang == "zh"
                 else re.match(r'^(.+?[.!?]["”’)]?)(?=\s+["“(]?[A-Z0-9]|$)', body, re.S))
        return match.group(1) if match else body

    def latest(self, city, indicator_id: str, kind: str = "reported"):
        found = [f for f in city.indicators if f.id == indicator_id and f.kind == kind]
        return max(found, key=lambda f: f.as_of) if found else None

    def serving(self, city) -> list:
        """Open or approved consulates located in another city whose consular district covers this city."""
        return [c for c in self.ds.of("consulates")
                if c.city_id != city.id and city.province in c.district and c.status != "closed"]

    def sorted_by_date(self, records, attr: str):
        return sorted(records, key=lambda r: (getattr(r, attr) or "9999", r.id))

    # -- freshness: a date states what happened on it (issue 13) ----------------------------------
    def collection_of(self, record) -> str:
        from .collections import COLLECTIONS
        return next(c.name for c in COLLECTIONS if isinstance(record, c.model))

    def freshness(self, entry) -> dict:
        """checked: last_checked against named sources; else the newest cited source's date ('as of')."""
        from .due import review_of
        item = review_of(entry, self.collection_of(entry), self.ds)
        checked = getattr(entry, "last_checked", None)
        return {
            "checked": bool(checked),
            "date": item.basis_date if item else checked,
            "next_review": item.due.isoformat() if item and item.due else "",
            "overdue": bool(item) and (item.due is None or item.due < build_date()),
        }

    def next_review(self, entry) -> str:
        return self.freshness(entry)["next_review"]

    def overdue(self, entry) -> bool:
        """Computed at build time, so a stale entry is flagged without anyone remembering."""
        return self.freshness(entry)["overdue"]

    def unconfirmed_since(self, record) -> Optional[str]:
        """'' when the record has no status_as_of, the year of its newest evidence when that is older
        than data/review.yml's status_confirm_years before the build date, else None (confirmed)."""
        as_of = getattr(record, "status_as_of", None)
        if not as_of:
            return ""
        years = self.ds.status_confirm_years
        today = build_date()
        try:
            limit = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year - years, day=28)
        return as_of[:4] if date_end(as_of) < limit else None

    def due(self) -> list:
        """The review queue, the same list `make due` prints (citysite.due.due_records)."""
        from .due import due_records
        return due_records(self.ds)

    def collection_title(self, name: str) -> str:
        from .collections import BY_NAME
        coll = BY_NAME[name]
        return coll.title_zh if self.lang == "zh" else coll.title_en

    def record_name(self, record) -> str:
        from .due import record_name
        zh, en = record_name(record)
        return zh if self.lang == "zh" else en

    def feed_href(self) -> str:
        """This language's Atom feed of data changes (citysite.feed), relative to the page."""
        from .feed import feed_file
        return self.to_site_root + feed_file(self.lang)

    def paren(self, text: str) -> str:
        """A parenthesis in the page's language: full-width in Chinese."""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def tel(self, phone: str) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", phone)

    def lang_name(self, code: str) -> str:
        key = f"lang_{code}"
        return self.label(key) if key in self.ds.labels else code

    def services_by_kind(self, city: str) -> list[tuple[str, list]]:
        order = ["hotline", "exit-entry", "immigration-centre", "hospital", "school", "community", "other"]
        items = self.ds.of("services", city)
        return [(k, [s for s in items if s.kind == k]) for k in order if any(s.kind == k for s in items)]

    def help_hotlines(self, city_id: Optional[str]) -> list:
        cities = [city_id] if city_id else [c.id for c in self.ds.cities]
        return [(cid, [s for s in self.ds.of("services", cid) if s.kind in HELP_KINDS and s.phone and s.status == "open"])
                for cid in cities]

    def page_city(self) -> Optional[str]:
        """The city a page is about: its profile or its first-week page."""
        match = re.match(r"^(?:cities|first-week)/([a-z0-9-]+)\.md$", self.src_uri)
        return match.group(1) if match else None

    # -- the services directory in depth (citysite.directory): official lists, refs, first week ------
    def official_list(self, city: str, kind: str):
        from . import directory
        return directory.official_list(self.ds, city, kind)

    def resolve(self, ref):
        from . import directory
        return directory.resolve(self.ds, ref)

    def successor(self, record):
        from . import directory
        return directory.successor(self.ds, record)

    def record_href(self, record) -> str:
        """Where a directory record is shown: its card on the services page."""
        return self.page("services.md", f"sv-{record.city_id}-{record.id}")

    def ref_to(self, record):
        from .refs import Ref
        return Ref(city=record.city_id, id=record.id)

    def first_week_guides(self) -> list:
        from . import directory
        return directory.first_week_guides(self.ds)

    def first_week_offices(self, guide, city: str) -> list:
        from . import directory
        return directory.first_week_offices(self.ds, guide, city)

    def first_week_numbers(self, city: str) -> list:
        from . import directory
        return directory.first_week_numbers(self.ds, city, HELP_KINDS)

    def related_guides(self, guide) -> list:
        by_id = self.ds.by_id("guides")
        return [by_id[g] for g in guide.related if g in by_id]

    def fields(self, coll) -> list:
        return collection_fields(coll, self.lang)

    # -- sign terms ----------------------------------------------------------------------------
    def pinyin(self, term) -> str:
        return term_pinyin(term)

    def search_keys(self, term) -> str:
        """Lower-case, tone-free search text for the lookup (zh, en, pinyin with and without spaces)."""
        return search_keys_for(term, self.pinyin(term))

    # -- comparison -----------------------------------------------------------------------------
    def comparison(self) -> list[dict]:
        """Rows of indicators reported by at least two cities; cells flag different years or scopes."""
        cities = self.ds.cities
        ids = []
        for city in cities:
            for f in city.indicators:
                if f.kind == "reported" and f.id not in ids:
                    ids.append(f.id)
        rows = []
        for iid in ids:
            cells = {c.id: self.latest(c, iid) for c in cities}
            present = [f for f in cells.values() if f]
            if len(present) < 2:
                continue
            years = [f.as_of[:4] for f in present]
            # Ties: the latest year / the first scope in sort order (a bare set's order changes with the hash seed).
            common_year = max(sorted(set(years), reverse=True), key=years.count)
            scopes = [f.scope.zh if f.scope else "" for f in present]
            common_scope = max(sorted(set(scopes)), key=scopes.count)
            row = {"id": iid, "label": present[0].label, "cells": []}
            for city in cities:
                f = cells[city.id]
                reasons = []
                if f and f.as_of[:4] != common_year:
                    reasons.append(self.label("nc_year") + f" ({f.as_of[:4]} / {common_year})")
                if f and (f.scope.zh if f.scope else "") != common_scope:
                    reasons.append(self.label("nc_scope"))
                row["cells"].append({"city": city, "figure": f, "reasons": reasons})
            rows.append(row)
        return rows


def search_keys_for(term, py: str) -> str:
    plain = strip_tones(py)
    parts = [term.zh, term.en.lower(), py.lower(), plain, plain.replace(" ", ""), *[v.lower() for v in term.variants]]
    return " ".join(parts)



_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

def save_caches() -> None:
    """Write what this build computed for later builds (called once at the end of a build)."""
    from .pinyin import save_pinyin
    save_pinyin()


def collection_fields(coll, lang: str) -> list[tuple[str, str, str]]:
    """The data page's field table: (field, title, description) in the page's language."""
    from .schemas import schema_for
    pick = 0 if lang == "en" else 1
    return [(name, split_bilingual(title)[pick], split_bilingual(desc)[pick]) for name, title, desc in fields_of(schema_for(coll))]


@lru_cache(maxsize=1)
def _field_titles() -> dict[str, str]:
    """'Title / 标题' per field name, from the committed schemas' titles (models + field_docs)."""
    from .collections import COLLECTIONS
    from .schemas import schema_for
    titles: dict[str, str] = {}
    # Records' own fields first: the source register's `title` means "title as published".
    for coll in sorted(COLLECTIONS, key=lambda c: c.name == "sources"):
        for path, title, _description in fields_of(schema_for(coll)):
            if " / " in title:
                titles.setdefault(path.rsplit(".", 1)[-1], title)
    return titles
