"""Open-data exports: site/data/<collection>.json and site/data/index.json (a public contract),
plus the JSON Schemas under site/schemas/."""
from __future__ import annotations

import json
from pathlib import Path

from .collections import COLLECTIONS
from .loader import Dataset
from .feed import FEEDS
from .ics import calendar_files
from .schemas import all_schemas


def record_json(record, coll) -> dict:
    data = record.model_dump(mode="json")
    out = {"id": data.pop("id")} if "id" in data else {}
    if coll.city_key or coll.name == "cities":
        out["city"] = record.city_id
    out.update(data)
    out.update(getattr(record, "export_values", dict)())  # e.g. a sign term's pinyin, as the lookup shows it
    return out


def collection_json(ds: Dataset, coll) -> dict:
    return {"collection": coll.name, "records": [record_json(r, coll) for r in ds.of(coll.name)]}


def research_files() -> dict:
    """index.json's entries for the files of citysite.open_data (written after this index)."""
    from .datapackage import link_tables
    from .open_data import CITATION_FILE
    from .sqlite_export import DB_NAME
    return {
        "datapackage": "data/datapackage.json",
        "sqlite": f"data/{DB_NAME}",
        "citation": f"data/{CITATION_FILE}",
        "link_tables": [{"name": name, "csv": f"data/{name}.csv", "description": {"zh": zh, "en": en}}
                        for name, zh, en in link_tables()],
    }


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_exports(ds: Dataset, site_dir: Path) -> list[Path]:
    out_dir = Path(site_dir) / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    written, index = [], []
    for coll in COLLECTIONS:
        payload = collection_json(ds, coll)
        target = out_dir / f"{coll.name}.json"
        target.write_text(_dump(payload), encoding="utf-8")
        written.append(target)
        index.append({
            "name": coll.name,
            "title": {"zh": coll.title_zh, "en": coll.title_en},
            "records": len(payload["records"]),
            "json": f"data/{coll.name}.json",
            "csv": f"data/{coll.name}.csv",
            "schema": f"schemas/{coll.name}.schema.json",
        })
    (out_dir / "index.json").write_text(_dump({
        "licence": {"zh": "数据按 CC BY 4.0 提供，请注明本站及原始来源。", "en": "Data under CC BY 4.0: credit this site and the original sources."},
        "collections": index,
        "calendars": [{"file": f"data/{name}", **info} for name, info in calendar_files(ds).items()],
        "feeds": [{"file": name, "lang": lang, "format": "atom", "title": getattr(ds.labels["feed_title"], lang) if "feed_title" in ds.labels else ""}
                  for lang, name in FEEDS.items()],
        **research_files(),
    }), encoding="utf-8")
    written.append(out_dir / "index.json")
    schema_dir = Path(site_dir) / "schemas"
    schema_dir.mkdir(parents=True, exist_ok=True)
    for name, text in all_schemas().items():
        (schema_dir / f"{name}.schema.json").write_text(text, encoding="utf-8")
    return written
