"""site/data/cities.sqlite: every table of the data package in one SQLite file (built with sqlite-utils).

The tables, their columns, keys and foreign keys are those of datapackage.json (`datapackage.tables`):
one table per collection with the same rows and cells as its CSV, plus the link tables. Cells are
typed: integers and numbers as such, booleans as 1/0, an empty cell as NULL; lists stay as in the CSV
(` | `-joined text) and JSON cells as JSON text (use SQLite's json_each on them).

Full-text search (FTS5, trigram tokenizer, so that Chinese matches inside words: a query needs three
characters or more) covers each table's names and titles, in `<table>_fts`.

Composite foreign keys (a link table's city + id) are declared in datapackage.json only: sqlite-utils
declares single-column foreign keys.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path


from .datapackage import tables


def _sqlite_utils():
    """sqlite-utils imports pandas and numpy whenever they are installed (here: test-only packages)
    just to map their scalar types, ~0.5 s per build; our rows are plain Python values, so import it
    with those two hidden (same database), and only when a build writes the file."""
    import sys
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import name` raises ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            sys.modules.pop(name, None)
    return sqlite_utils

DB_NAME = "cities.sqlite"
_SQL_TYPE = {"string": str, "integer": int, "number": float, "boolean": int, "list": str, "array": str}


def _value(field: dict, cell):
    if cell is None or cell == "":
        return None
    if not isinstance(cell, str):
        return cell  # link tables hold typed values already
    kind = field["type"]
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "boolean":
        return 1 if cell == "true" else 0
    return cell


def fts_columns(resource: dict) -> list[str]:
    """The name-like text columns of a table: `name.zh`, `partner.name.en`, `title`, a sign's `zh`/`en`…"""
    out = []
    for f in resource["schema"]["fields"]:
        parts = f["name"].split(".")
        if f["type"] != "string" or resource["name"] == "citations":
            continue
        if parts[-1] in ("zh", "en") and ("name" in parts or "title" in parts):
            out.append(f["name"])
        elif len(parts) == 1 and parts[0] in ("title", "zh", "en", "pinyin"):
            out.append(f["name"])
    return out


def write_sqlite(ds, out_dir: Path, all_tables: list | None = None) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / DB_NAME
    tmp = out_dir / (DB_NAME + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    # A scratch file until it replaces the old one: no journal, no fsync (the file format is unchanged).
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    db = _sqlite_utils().Database(conn)
    foreign_keys = []
    all_tables = all_tables if all_tables is not None else tables(ds)
    with conn:  # sqlite-utils commits each batch of 500 rows
        for resource, rows in all_tables:
            schema = resource["schema"]
            fields = schema["fields"]
            columns = {f["name"]: _SQL_TYPE[f["type"]] for f in fields}
            pk = schema.get("primaryKey") or None
            table = db.table(resource["name"])
            table.create(columns, pk=tuple(pk) if pk and len(pk) > 1 else (pk[0] if pk else None),
                         not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")})
            table.insert_all(({f["name"]: _value(f, row.get(f["name"])) for f in fields} for row in rows), batch_size=500)
            for fk in schema.get("foreignKeys", []):
                if len(fk["fields"]) == 1:
                    foreign_keys.append((resource["name"], fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]))
    db.add_foreign_keys(foreign_keys)
    db.index_foreign_keys()
    for resource, _rows in all_tables:
        cols = fts_columns(resource)
        if cols:
            db.table(resource["name"]).enable_fts(cols, fts_version="FTS5", tokenize="trigram", create_triggers=False)
    db.vacuum()
    conn.close()
    os.replace(tmp, target)
    return target
