"""The glossary check: where data text uses a form that data/glossary.yml replaces, warn (never fail)
with file:line, the field and the preferred form, in both languages.

What is looked at: every `{zh, en}` text of every record, except
- words inside quotation marks (“…”, "…", 「…」): a quote keeps the source's wording;
- Chinese in names and titles (`name`, `title`, `publisher`): they are as published;
- English marked `en_official: true`: it is the publisher's own wording;
- a variant in the files of a city (its records, and register files named after it) for which it is that
  city's own official term (`kept_for`), or
  inside an official name listed in `kept_in`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath


from .fields import Text, values_of
from .problems import Problem

SKIP_COLLECTIONS = ("glossary", "units")
PROPER_NAME_FIELDS = ("name", "title", "publisher")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|‘[^’]*’")


@lru_cache(maxsize=256)
def _regex(form: str, lang: str, pattern: bool) -> re.Pattern:
    if pattern:
        return re.compile(form, re.I if lang == "en" else 0)
    if lang == "en":
        return re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", re.I)
    return re.compile(re.escape(form))


def find_variants(text: str, lang: str, terms, city=None):
    """(term, variant, matched words) for each replaced form found in `text` (quotes left out)."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for term in terms:
        for var in term.replaces:
            if var.lang != lang or (city and city in var.kept_for):
                continue
            for match in _regex(var.form, lang, var.pattern).finditer(unquoted):
                if any(name in text and _inside(text, name, match.start()) for name in var.kept_in):
                    continue
                yield term, var, match.group(0)
                break


def _inside(text: str, name: str, pos: int) -> bool:
    start = text.find(name)
    while start != -1:
        if start <= pos < start + len(name):
            return True
        start = text.find(name, start + 1)
    return False


_ISO = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _iso_date(found: str, lang: str, ds) -> str:
    """An ISO date found in body text, written as the pages write dates (the fix to copy)."""
    if not _ISO.match(found):
        return ""
    from .view import View
    return View(ds, lang, "index.md").date(found)


def glossary_warnings(ds) -> list[Problem]:
    from .collections import COLLECTIONS
    from .loader import _at
    terms = ds.records.get("glossary", [])
    if not terms:
        return []
    out = []
    for coll in COLLECTIONS:
        if coll.name in SKIP_COLLECTIONS:
            continue
        for rec in ds.records.get(coll.name, []):
            # A city's files: its records, and register files named after it (sources/guangzhou.yml).
            city = getattr(rec, "_city", None) or PurePosixPath(getattr(rec, "_file", "")).stem
            for sub, text in values_of(rec, Text):
                named = any(isinstance(p, str) and p in PROPER_NAME_FIELDS for p in sub[-1:])
                for lang in ("zh", "en"):
                    if (lang == "zh" and named) or (lang == "en" and text.en_official):
                        continue
                    for term, var, found in find_variants(getattr(text, lang), lang, terms, city):
                        keep_en = f" {term.keep.en}" if term.keep else ""
                        keep_zh = f"{term.keep.zh}" if term.keep else ""
                        want = _iso_date(found, lang, ds) or (term.en if lang == "en" else term.zh)
                        out.append(Problem(*_at(rec, sub + (lang,)),
                                           f"glossary ({term.id}): {found!r} — the site writes {want!r} ({term.zh} / {term.en}).{keep_en}",
                                           f"术语表（{term.id}）：{found!r} — 本站写作 {want!r}（{term.zh} / {term.en}）。{keep_zh}",
                                           level="warning"))
    return out
