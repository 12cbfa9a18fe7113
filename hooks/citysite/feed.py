"""Atom feeds of the data changes, one per language, built from the git history of data/ (the same
history as the changelog page, citysite.history) with feedgen.

Public contract: site/changes.atom (Chinese) and site/changes.en.atom (English), listed in
site/data/index.json under "feeds". They sit at the site root on purpose: Material for MkDocs
fetches "sitemap.xml" next to every <link rel="alternate"> of a page, and only the root has one.

The feeds are deterministic: <updated> is the newest change's commit time, never the build time.
The subtitle names the data version (citysite.version) the feed was built from.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from feedgen.feed import FeedGenerator

from .collections import COLLECTIONS
from .fields import build_date
from .history import History
from .version import data_version

FEEDS = {"zh": "changes.atom", "en": "changes.en.atom"}
LIMIT = 100  # entries per feed (the changelog page shows the same 100)


def feed_file(lang: str) -> str:
    return FEEDS[lang]


def _collections_of(files) -> list:
    out = []
    for coll in COLLECTIONS:
        prefix = f"data/{coll.path}"
        if any(f == prefix or (coll.is_folder and f.startswith(prefix)) for f in files) and coll not in out:
            out.append(coll)
    return out


def _when(change) -> _dt.datetime:
    if change.time:
        return _dt.datetime.fromisoformat(change.time)
    return _dt.datetime.fromisoformat(change.date + "T00:00:00+00:00")


def build_feed(ds, history: History, lang: str, site_url: str, version: str = "") -> bytes:
    label = lambda key: getattr(ds.labels[key], lang)  # noqa: E731
    base = (site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
    lang_base = base if lang == "zh" else base + "en/"
    changelog = lang_base + "changelog/"
    fg = FeedGenerator()
    fg.id(base + FEEDS[lang])
    fg.title(label("feed_title"))
    fg.subtitle(label("feed_subtitle") + (f" {label('data_version')}: {version}" if version else ""))
    fg.language(lang)
    fg.author({"name": label("site_name")})
    fg.link(href=base + FEEDS[lang], rel="self", type="application/atom+xml")
    fg.link(href=changelog, rel="alternate", type="text/html", hreflang=lang)
    fg.rights(label("feed_rights"))
    changes = history.changes[:LIMIT] if history.available else []
    for change in changes:
        fe = fg.add_entry(order="append")  # history is newest first; keep that order
        fe.id(f"{changelog}#change-{change.commit}")
        fe.title(change.subject)
        fe.link(href=f"{changelog}#change-{change.commit}", rel="alternate", type="text/html")
        fe.updated(_when(change))
        fe.published(_when(change))
        colls = _collections_of(change.files)
        lines = [f"{label('collections_changed')}: " + ("、" if lang == "zh" else ", ").join(
                     c.title_zh if lang == "zh" else c.title_en for c in colls)] if colls else []
        lines.append(f"{label('files_changed')}: " + ", ".join(change.files))
        lines.append(f"{label('commit')}: {change.commit}")
        fe.content("\n".join(lines), type="text")
    newest = _when(changes[0]) if changes else _dt.datetime.combine(build_date(), _dt.time(), _dt.timezone.utc)
    fg.updated(newest)
    return fg.atom_str(pretty=True)


def version_text(ds) -> str:
    """The data version the feed names (citysite.version): 'v1.0 (2026-12-01)', '2026.12.07 (2026-12-07)' or ''."""
    ver = data_version(ds.root)
    return f"{ver.version} ({ver.date})" if ver.date else ""


def write_feeds(ds, history: History, site_dir: Path, site_url: str, version: str | None = None) -> list[Path]:
    version = version_text(ds) if version is None else version
    written = []
    for lang, name in FEEDS.items():
        target = Path(site_dir) / name
        target.write_bytes(build_feed(ds, history, lang, site_url, version))
        written.append(target)
    return written
