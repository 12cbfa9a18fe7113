"""JSON Schema per collection, generated from the models; committed under data/schemas/ for editors.
`python -m citysite.schemas --write` regenerates them; a test fails when they drift."""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

from .collections import COLLECTIONS, Collection
from .field_docs import fill
from .loader import PROJECT_ROOT, ReviewFile, UiFile

SCHEMA_DIR = PROJECT_ROOT / "data" / "schemas"


@lru_cache(maxsize=None)
def schema_for(coll: Collection) -> dict:
    """The collection's JSON Schema (generated once per process: the models do not change while it
    runs; treat the result as read-only)."""
    schema = fill(coll.file_model().model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{coll.name}.schema.json"
    schema["title"] = f"{coll.title_en} / {coll.title_zh}"
    schema["description"] = f"{coll.description_en} {coll.description_zh} See data/README.md. 详见 data/README.md。"
    return schema


@lru_cache(maxsize=None)
def render(coll: Collection) -> str:
    return json.dumps(schema_for(coll), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def all_schemas() -> dict[str, str]:
    out = {coll.name: render(coll) for coll in COLLECTIONS}
    ui = UiFile.model_json_schema()
    ui.update({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "ui.schema.json",
               "title": "UI labels / 界面文字"})
    out["ui"] = json.dumps(ui, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    review = ReviewFile.model_json_schema()
    review.update({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "review.schema.json",
                   "title": "Review periods / 复核周期",
                   "description": "Days until a record of each collection is due for review, and after how many years a status is marked unconfirmed. "
                                  "各集合记录的复核周期（天），以及状态多少年未获确认即加标注。"})
    out["review"] = json.dumps(review, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citysite.schemas")
    parser.add_argument("--write", action="store_true", help="rewrite data/schemas/*.schema.json")
    args = parser.parse_args(argv)
    stale = []
    for name, text in all_schemas().items():
        target = SCHEMA_DIR / f"{name}.schema.json"
        if args.write:
            SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target.name)
    if stale:
        print("Out of date (run `make schemas`) — 需要更新（请运行 `make schemas`）: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
