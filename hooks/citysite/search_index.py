"""static-i18n merges every language into one search index; split it so each language searches
only its own pages, and write it as UTF-8 (Material writes ASCII escapes, ~40% larger)."""
from __future__ import annotations

import json
from pathlib import Path

from .view import DEFAULT_LANG, LANGS


def split_search_index(site_dir: Path) -> dict[str, Path]:
    site_dir = Path(site_dir)
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.exists():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    others = [lang for lang in LANGS if lang != DEFAULT_LANG]
    per_lang: dict[str, list] = {lang: [] for lang in LANGS}
    for doc in merged.get("docs", []):
        lang = next((code for code in others if doc["location"].startswith(f"{code}/")), DEFAULT_LANG)
        if lang != DEFAULT_LANG:
            doc = dict(doc, location=doc["location"][len(lang) + 1:])
        per_lang[lang].append(doc)
    written = {}
    for lang, docs in per_lang.items():
        config = dict(merged.get("config", {}))
        if lang != DEFAULT_LANG:
            config["lang"] = [lang]
        target = site_dir / ("" if lang == DEFAULT_LANG else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written[lang] = target
    return written
