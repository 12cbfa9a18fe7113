"""Open data as CSV: site/data/<collection>.csv beside each <collection>.json (same records, same
order), for spreadsheets.

The layout, derived from the collection's model (so a collection always has the same columns,
even when it is empty):

- UTF-8 with a byte-order mark (Excel then reads Chinese correctly), comma-separated, CRLF line
  ends, RFC 4180 quoting; a header row, then one row per record in the order of the JSON export.
- Columns: `id`, then `city` (the file's city, as in the JSON export), then the model's fields in
  order. A nested mapping becomes dotted columns: `partner.name.zh`, `partner.name.en`,
  `partner.name.en_official`, `partner.lat`… A missing (null) mapping leaves all its cells empty.
- Cells: text as is; numbers as written in JSON (`52`, `43.6045`; a float that is a whole number is
  written without `.0`); booleans `true` / `false`; null -> empty cell.
- A list of plain values (phone, languages, district, variants…) is joined with ` | `.
  If that would be ambiguous (an item containing ` | `, an empty item, a first item starting
  with `[`), the cell holds the list as JSON instead (it then starts with `[`). Empty list -> empty cell.
- Citations (`sources`): `ref@locator` joined with ` | ` (`ref` alone when there is no locator);
  the quotes are in the next column, `sources.quotes`, as a JSON list aligned with the citations
  (`null` where a citation has no quote), empty when no citation has a quote. (JSON in the main
  cell, as above, when a locator contains ` | `.)
- A field that is either plain text or `{zh, en}` (a sign term's `standard.clause`) is JSON: `"4.1.2"`
  or `{"zh":"摘要 §1.3.1","en":"summary §1.3.1"}`.
- Any other list (of mappings or of texts: editions, indicators, conflicts, goals, steps…) is
  compact JSON, as in the JSON export. Empty list -> empty cell.

Round trip (tests/test_csv_ics.py): `read_csv_records(path, collection)` decodes a CSV with these
rules and the collection's model and returns exactly `collection_json(ds, coll)["records"]`.
Only `""` text cannot be told from null; the models do not allow empty text where it matters.
Cells are written as they are (no `'` prefix against spreadsheet formulas), so that the data stays
exact: a phone number like `+86 …` is data, not a formula, and data comes in through review.
"""
from __future__ import annotations

import csv
import io
import json
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .collections import BY_NAME, COLLECTIONS
from .exports import collection_json
from .fields import SourceRef

SEP = " | "


@dataclass(frozen=True)
class Column:
    path: tuple  # keys in the JSON record
    kind: str  # str | int | float | bool | strlist | cites | quotes | json | textjson (a string or {zh, en}, as JSON)

    @property
    def name(self) -> str:
        return ".".join(self.path) + (".quotes" if self.kind == "quotes" else "")


def _unwrap(tp):
    """Strip Annotated / Optional; return (type, is_list, item type)."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else str
        else:
            break
    if get_origin(tp) is list:
        item = get_args(tp)[0]
        while get_origin(item) is Annotated:
            item = get_args(item)[0]
        return tp, True, item
    return tp, False, None


def _scalar_kind(tp) -> str:
    if get_origin(tp) is Literal:
        values = get_args(tp)
        return "int" if all(isinstance(v, int) and not isinstance(v, bool) for v in values) else "str"
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    return "str"


def _text_or_mapping(annotation) -> bool:
    """Optional[Union[str, Text]] (a locator or clause written as the original has it, or {zh, en})."""
    args = set()
    stack = [annotation]
    while stack:
        tp = stack.pop()
        origin = get_origin(tp)
        if origin in (Union, types.UnionType, Annotated):
            stack.extend(get_args(tp)[:1] if origin is Annotated else get_args(tp))
        else:
            args.add(tp)
    args.discard(type(None))
    return str in args and any(isinstance(a, type) and issubclass(a, BaseModel) for a in args)


def _model_columns(model, prefix: tuple = ()) -> list[Column]:
    cols = []
    for name, info in model.model_fields.items():
        tp, is_list, item = _unwrap(info.annotation)
        path = prefix + (name,)
        if _text_or_mapping(info.annotation):
            cols.append(Column(path, "textjson"))
        elif is_list:
            if isinstance(item, type) and issubclass(item, SourceRef):
                cols += [Column(path, "cites"), Column(path, "quotes")]
            elif isinstance(item, type) and issubclass(item, BaseModel):
                cols.append(Column(path, "json"))
            else:
                cols.append(Column(path, "strlist"))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            cols += _model_columns(tp, path)
        else:
            cols.append(Column(path, _scalar_kind(tp)))
    return cols


def columns(coll) -> list[Column]:
    """The CSV columns of a collection, in order (mirrors exports.record_json)."""
    cols = _model_columns(coll.model)
    head = [c for c in cols if c.path == ("id",)]
    rest = [c for c in cols if c.path != ("id",)]
    if coll.city_key or coll.name == "cities":
        head.append(Column(("city",), "str"))
    return head + rest


# ---- encoding -----------------------------------------------------------------------------------
def _get(record: dict, path: tuple):
    value = record
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _num(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _split_cites(text: str) -> list:
    out = []
    for part in text.split(SEP):
        ref, sep, locator = part.partition("@")
        out.append({"ref": ref, "locator": locator if sep else None})
    return out


def _encode(col: Column, record: dict) -> str:
    value = _get(record, col.path)
    if value is None:
        return ""
    if col.kind == "strlist":
        if not value:
            return ""
        items = [str(v) for v in value]
        joined = SEP.join(items)
        if joined.split(SEP) != items or joined.startswith("[") or "" in items:
            return _json(value)
        return joined
    if col.kind == "cites":
        if not value:
            return ""
        joined = SEP.join(c["ref"] + (f"@{c['locator']}" if c.get("locator") is not None else "") for c in value)
        if _split_cites(joined) != [{"ref": c["ref"], "locator": c.get("locator")} for c in value]:
            return _json(value)
        return joined
    if col.kind == "quotes":
        main = _encode(Column(col.path, "cites"), record)
        if main.startswith("[") or not any(c.get("quote") is not None for c in value):
            return ""
        return _json([c.get("quote") for c in value])
    if col.kind in ("json", "textjson"):
        return _json(value) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _num(value)
    return str(value)


def flatten(record: dict, cols: list[Column]) -> dict:
    """One JSON record -> {column name: cell text}."""
    return {c.name: _encode(c, record) for c in cols}


def records_csv_text(records: list[dict], coll) -> str:
    """JSON-export records of one collection -> CSV text (without the BOM, which the file adds)."""
    cols = columns(coll)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for record in records:
        row = flatten(record, cols)
        writer.writerow([row[c.name] for c in cols])
    return buf.getvalue()


def csv_text(ds, coll) -> str:
    return records_csv_text(collection_json(ds, coll)["records"], coll)


def write_csv(ds, out_dir: Path) -> list[Path]:
    """Write <collection>.csv for every collection into out_dir (site/data/)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for coll in COLLECTIONS:
        target = out_dir / f"{coll.name}.csv"
        # utf-8-sig writes the BOM; newline="" keeps the CRLFs the csv module wrote.
        with open(target, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(csv_text(ds, coll))
        written.append(target)
    return written


# ---- decoding (the reverse mapping) --------------------------------------------------------------------
def _decode(col: Column, cell: str, row: dict):
    if col.kind == "strlist":
        if not cell:
            return []
        return json.loads(cell) if cell.startswith("[") else cell.split(SEP)
    if col.kind == "cites":
        if not cell:
            return []
        if cell.startswith("["):
            return json.loads(cell)
        cites = _split_cites(cell)
        quotes_cell = row.get(col.name + ".quotes", "")
        quotes = json.loads(quotes_cell) if quotes_cell else [None] * len(cites)
        return [{**c, "quote": q} for c, q in zip(cites, quotes)]
    if col.kind == "json":
        return json.loads(cell) if cell else []
    if col.kind == "textjson":
        return json.loads(cell) if cell else None
    if cell == "":
        return None
    if col.kind == "bool":
        return {"true": True, "false": False}[cell]
    if col.kind == "int":
        return int(cell)
    if col.kind == "float":
        return float(cell)
    return cell


def unflatten(row: dict, cols: list[Column]) -> dict:
    """{column name: cell text} -> the JSON record (a mapping whose cells are all empty -> null)."""
    record: dict = {}
    for col in cols:
        if col.kind == "quotes":
            continue
        node = record
        for key in col.path[:-1]:
            node = node.setdefault(key, {})
        node[col.path[-1]] = _decode(col, row.get(col.name, ""), row)
    # Nested mappings: null when every one of their cells is empty.
    prefixes = sorted({c.path[:k] for c in cols for k in range(1, len(c.path))}, key=len, reverse=True)
    for prefix in prefixes:
        cells = [row.get(c.name, "") for c in cols if c.path[:len(prefix)] == prefix]
        if all(cell == "" for cell in cells):
            parent = record
            for key in prefix[:-1]:
                parent = parent[key]
            parent[prefix[-1]] = None
    return record


def read_csv_records(path: Path, collection: str) -> list[dict]:
    """Read a CSV written by write_csv back into the JSON export's records."""
    cols = columns(BY_NAME[collection])
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        expected = [c.name for c in cols]
        if reader.fieldnames != expected:
            raise ValueError(f"{path}: columns {reader.fieldnames} differ from {expected}")
        return [unflatten(row, cols) for row in reader]
