"""The Frictionless Data Package: site/data/datapackage.json, describing every CSV the build writes.

Nothing here is written by hand per collection: each resource is derived from the collection's
model (its CSV columns, `csv_export.columns`) and its JSON Schema (`schemas.schema_for`: titles,
descriptions, allowed values, patterns, bounds, `x-references`). A field added to a model appears in
the package at the next build.

Choices (also stated on the open-data page):

- Partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, as precise as the source) are `string` fields with
  the pattern of the models. No Table Schema type holds mixed precision: `date` would have to invent
  a month and a day, `year` would throw the month away. The text sorts correctly, and its first four
  characters are the year in every tool (`str[:4]`, `substr(x, 1, 4)`, `substr(x, 1, 4)` in R).
- Multi-valued cells (` | `-joined ids, phone numbers, languages…) are `list` fields with the
  delimiter ` | `. Table Schema cannot declare a foreign key on a list, so each list that points at
  another table also has a link table with one row per item, whose foreign keys a validator checks:
  `citations.csv` (every citation in every record, nested ones included: record, place in the record,
  source id, locator, quote) and `<collection>-<field>.csv` for other lists of ids (a consulate's
  district -> provinces).
- Single-valued references (`city`, a city's `province`, a sign term's `standard.ref`,
  a figure's `source.ref`…) are foreign keys of the table itself.
- Lists of mappings (editions, steps, conflicts…) stay compact JSON: `array` fields.
- An empty cell is a missing value (`missingValues: [""]`).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Optional

from functools import lru_cache

from .collections import BY_NAME, COLLECTIONS
from .csv_export import SEP, Column, columns, flatten
from .exports import collection_json
from .field_docs import split_bilingual
from .fields import PARTIAL_DATE_PATTERN, SourceRef, values_of
from .schemas import schema_for
from .version import data_version

PACKAGE_NAME = "chinese-cities-international-reference"
CITATIONS = "citations"
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 International"}
DATE_NOTE = ("ISO 8601 date, as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD (the first four characters are the year). "
             "ISO 8601 日期，精确程度与来源一致：YYYY、YYYY-MM 或 YYYY-MM-DD（前四位为年份）。")


# ---- the JSON Schema behind each column -------------------------------------------------------------
def _resolve(node: dict, defs: dict) -> dict:
    """A property's schema with $ref followed and Optional (anyOf [x, null]) unwrapped."""
    while True:
        if "$ref" in node:
            node = defs.get(node["$ref"].split("/")[-1], {})
        elif "anyOf" in node:
            alts = [a for a in node["anyOf"] if a.get("type") != "null"]
            if len(alts) != 1:
                return {}
            node = alts[0]
        else:
            return node


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    return schema_for(BY_NAME[name])


def _record_schema(coll) -> tuple[dict, dict]:
    schema = _schema(coll.name)
    defs = schema.get("$defs", {})
    if coll.shape == "single":
        return schema, defs
    return _resolve(schema["properties"][coll.list_key]["items"], defs), defs


def _chain(coll, path: tuple) -> list[tuple[dict, dict]]:
    """(property as written, property resolved) for each key of a column's path."""
    record, defs = _record_schema(coll)
    if path == ("city",) and "city" not in record.get("properties", {}):
        top = _schema(coll.name)["properties"].get("city", {
            "title": "City / 城市",
            "description": "The city the record belongs to (an id in cities.csv). 记录所属城市（cities.csv 中的编号）。"})
        return [(top, _resolve(top, defs))]
    out, node = [], record
    for key in path:
        prop = node.get("properties", {}).get(key, {})
        node = _resolve(prop, defs)
        out.append((prop, node))
    return out


def _bilingual_title(chain, path) -> str:
    en, zh = [], []
    for (prop, node), key in zip(chain, path):
        e, z = split_bilingual(prop.get("title") or node.get("title") or key)
        en.append(e)
        zh.append(z)
    return " › ".join(en) + " / " + " › ".join(zh)


def _references(chain, defs) -> Optional[str]:
    prop, node = chain[-1]
    ref = prop.get("x-references") or node.get("x-references")
    if ref is None and isinstance(node.get("items"), dict):
        ref = _resolve(node["items"], defs).get("x-references")
    return ref


def _refers_to(coll, path: tuple) -> Optional[str]:
    """The collection a column's values are ids of, from the model's RefersTo metadata (the loader's
    cross-record check), when that is exactly one collection with no other allowed values."""
    from pydantic import BaseModel

    from .csv_export import _unwrap
    from .fields import RefersTo
    model, info = coll.model, None
    for key in path:
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or key not in model.model_fields:
            return None
        info = model.model_fields[key]
        tp, _is_list, item = _unwrap(info.annotation)
        model = item if item is not None else tp
    if info is None:
        return None
    ref = next((x for x in info.metadata if isinstance(x, RefersTo)), None)
    if ref is None or len(ref.collections) != 1 or ref.also:
        return None
    return ref.collections[0]


# ---- fields -----------------------------------------------------------------------------------------
def _field(coll, col: Column) -> dict:
    chain = _chain(coll, col.path)
    _, defs = _record_schema(coll)
    prop, node = chain[-1]
    descriptions = [p.get("description") or n.get("description") for p, n in chain]
    field = {"name": col.name, "title": _bilingual_title(chain, col.path)}
    constraints: dict = {}
    if col.kind == "str":
        field["type"] = "string"
        if node.get("enum"):
            constraints["enum"] = node["enum"]
        if node.get("pattern"):
            constraints["pattern"] = node["pattern"]
        if node.get("pattern") == PARTIAL_DATE_PATTERN:
            descriptions.append(DATE_NOTE)
    elif col.kind in ("int", "float"):
        field["type"] = "integer" if col.kind == "int" else "number"
        for key in ("minimum", "maximum"):
            if key in node:
                constraints[key] = node[key]
        if node.get("enum"):
            constraints["enum"] = node["enum"]
    elif col.kind == "bool":
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif col.kind in ("strlist", "cites"):
        field.update(type="list", delimiter=SEP, itemType="string")
        descriptions.append(f"List: items separated by “{SEP}” (a cell starting with “[” is a JSON array instead, "
                            f"used only when an item would contain the separator). 多个值以“{SEP}”分隔（以“[”开头的单元格为 JSON 数组）。")
        if col.kind == "cites":
            descriptions.append("Each item is a source id (sources.csv), then “@” and the place in the source when given; "
                                "one row per citation in citations.csv. 每项为来源编号（sources.csv），有位置时后接“@位置”；"
                                "citations.csv 中每条引用一行。")
    elif col.kind == "quotes":
        field["type"] = "array"
        descriptions = ["The quotes of the citations in the column before, as a JSON array in the same order (null where a citation "
                        "has no quote). 前一列各条引用的引文，JSON 数组，顺序相同（无引文处为 null）。"]
    elif col.kind == "textjson":
        field["type"] = "string"
        descriptions.append("JSON: a string as the original writes it (e.g. \"§4.1.2\"), or an object {\"zh\", \"en\"} when the data "
                            "gives both languages. JSON：按原文写的字符串，或同时给出中英文时的 {\"zh\", \"en\"} 对象。")
    else:  # json
        field["type"] = "array"
        descriptions.append("Compact JSON array, as in the JSON export. 紧凑 JSON 数组，与 JSON 导出相同。")
    description = " ".join(dict.fromkeys(d for d in descriptions if d))
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    target = _references(chain, defs) or _refers_to(coll, col.path)
    if target:
        field["x-references"] = target
    return field


def primary_key(coll) -> list[str]:
    names = [c.name for c in columns(coll)]
    if coll.key not in names:
        return []
    return ["city", coll.key] if coll.city_key else [coll.key]


def _city_ids(ds) -> set:
    return {c.id for c in ds.of("cities")}


def _link_tables(coll) -> list[Column]:
    """List columns of plain ids that point at another collection (each gets a link table)."""
    _, defs = _record_schema(coll)
    return [c for c in columns(coll) if c.kind == "strlist" and _references(_chain(coll, c.path), defs)]


def link_name(coll, col: Column) -> str:
    return f"{coll.name}-{col.name}"


def link_tables() -> list[tuple[str, str, str]]:
    """(name, description zh, description en) of every link table, citations last."""
    out = [(link_name(coll, col), f"{coll.title_zh}：{col.name} 每项一行。", f"{coll.title_en}: one row per item of {col.name}.")
           for coll in COLLECTIONS for col in _link_tables(coll)]
    out.append((CITATIONS, "每条记录的每一条引用一行（来源编号、位置、引文）。", "One row per citation of every record (source id, locator, quote)."))
    return out


# ---- resources ---------------------------------------------------------------------------------------
def _csv_resource(name: str, title: str, description: str, fields: list, pk: list, fks: list) -> dict:
    schema = {"fields": fields, "missingValues": [""]}
    if pk:
        schema["primaryKey"] = pk
        for f in fields:
            if f["name"] in pk:
                f.setdefault("constraints", {})["required"] = True
    if fks:
        schema["foreignKeys"] = fks
    return {"name": name, "type": "table", "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "title": title, "description": description,
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True, "header": True},
            "schema": schema}


def collection_resource(ds, coll) -> dict:
    cols = columns(coll)
    fields = [_field(coll, c) for c in cols]
    fks = []
    for f in fields:
        target = f.get("x-references")
        if target and f["type"] == "string":
            fks.append({"fields": [f["name"]], "reference": {"resource": target, "fields": ["id"]}})
    city = next((f for f in fields if f["name"] == "city"), None)
    if coll.city_key and city:
        # The file's city: a foreign key to cities.csv unless the model also allows other values
        # (services: `national`), which the description then names.
        others = sorted(set(coll.city_also) | (set(city.get("constraints", {}).get("enum", [])) - _city_ids(ds)))
        if not others:
            fks.append({"fields": ["city"], "reference": {"resource": "cities", "fields": ["id"]}})
        else:
            city["description"] = (city.get("description", "") + f" A city id (cities.csv) or {', '.join(others)}. "
                                   f"城市编号（cities.csv）或 {'、'.join(others)}。").strip()
    description = f"{coll.description_en} {coll.description_zh} One row per record, in the order of {coll.name}.json. " \
                  f"每条记录一行，顺序与 {coll.name}.json 相同。"
    return _csv_resource(coll.name, f"{coll.title_en} / {coll.title_zh}", description, fields,
                         primary_key(coll), fks)


def _key_fields(coll) -> list[dict]:
    out = []
    if coll.city_key:
        out.append({"name": "city", "type": "string", "title": "City / 城市",
                    "description": f"With id, the record's key in {coll.name}.csv. 与 id 一起构成 {coll.name}.csv 中记录的键。"})
    out.append({"name": "id", "type": "string", "title": "Record id / 记录编号",
                "description": f"The record's id in {coll.name}.csv. {coll.name}.csv 中的记录编号。"})
    return out


def link_resource(coll, col: Column) -> dict:
    target = _field(coll, col)["x-references"]
    fields = _key_fields(coll) + [
        {"name": "position", "type": "integer", "title": "Position / 序号", "description": "1 for the first item of the list. 列表中的序号（从 1 起）。",
         "constraints": {"minimum": 1}},
        {"name": col.name, "type": "string", "title": _field(coll, col)["title"],
         "description": f"One item of {coll.name}.csv's `{col.name}`: an id in {target}.csv. {coll.name}.csv 的 `{col.name}` 中的一项：{target}.csv 中的编号。"},
    ]
    key = primary_key(coll)
    fks = [{"fields": key, "reference": {"resource": coll.name, "fields": key}},
           {"fields": [col.name], "reference": {"resource": target, "fields": ["id"]}}]
    name = link_name(coll, col)
    return _csv_resource(name, f"{coll.title_en}: {col.name} (one row per item) / {coll.title_zh}：{col.name}（每项一行）",
                         f"Link table: one row per item of the list `{col.name}` in {coll.name}.csv. 链接表：{coll.name}.csv 中 `{col.name}` 列表的每一项一行。",
                         fields, key + ["position"], fks)


def citations_resource() -> dict:
    ref = SourceRef.model_fields
    fields = [
        {"name": "collection", "type": "string", "title": "Collection / 数据集", "description": "The table the record is in (its resource name). 记录所在的表。",
         "constraints": {"enum": [c.name for c in COLLECTIONS]}},
        {"name": "city", "type": "string", "title": "City / 城市", "description": "The record's city, for tables kept per city (their key is city + id); empty otherwise. 按城市分文件的表中记录所属城市；其他表为空。"},
        {"name": "id", "type": "string", "title": "Record id / 记录编号", "description": "The record's id in its table. 记录编号。"},
        {"name": "field", "type": "string", "title": "Where in the record / 记录中的位置",
         "description": "Path of the citation in the record's JSON, 0-based: `sources.0`, `indicators.2.source`, `steps.1.sources.0`. 引用在记录 JSON 中的路径（从 0 起）。"},
        {"name": "source", "type": "string", "title": ref["ref"].title, "description": ref["ref"].description},
        {"name": "locator", "type": "string", "title": ref["locator"].title, "description": ref["locator"].description},
        {"name": "quote", "type": "string", "title": ref["quote"].title, "description": ref["quote"].description},
    ]
    return _csv_resource(CITATIONS, "Citations (one row per citation) / 引用（每条引用一行）",
                         "Every citation of every record, nested ones (figures, steps, editions, conflicts…) included. "
                         "所有记录的每一条引用，包括嵌套的引用（数字、步骤、届次、分歧等）。",
                         fields, [],  # unique by collection, city, id and field; city is empty outside per-city tables
                         [{"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}])


# ---- rows of the link tables -------------------------------------------------------------------------
def _locator_text(locator):
    """A locator as one string: as the original writes it, or "zh / en" when the data gives both."""
    if locator is None or isinstance(locator, str):
        return locator
    return f"{locator.zh} / {locator.en}"


def citation_rows(ds) -> list[dict]:
    rows = []
    for coll in COLLECTIONS:
        for rec in ds.of(coll.name):
            rid = getattr(rec, "id", None)
            if rid is None:
                continue
            for path, cite in values_of(rec, SourceRef):
                rows.append({"collection": coll.name, "city": rec.city_id if coll.city_key else None, "id": rid,
                             "field": ".".join(map(str, path)), "source": cite.ref, "locator": _locator_text(cite.locator), "quote": cite.quote})
    return rows


def link_rows(ds, coll, col: Column) -> list[dict]:
    rows = []
    for record in collection_json(ds, coll)["records"]:
        value = record
        for key in col.path:
            value = value.get(key) if isinstance(value, dict) else None
        for i, item in enumerate(value or [], start=1):
            row = {"city": record["city"]} if coll.city_key else {}
            row.update(id=record["id"], position=i)
            row[col.name] = item
            rows.append(row)
    return rows


def tables(ds) -> list[tuple[dict, list[dict]]]:
    """(resource, rows as {field: value}) for every table of the package, collections first.
    The collections' rows are their CSV cells; link tables' rows are typed values."""
    out = []
    for coll in COLLECTIONS:
        cols = columns(coll)
        out.append((collection_resource(ds, coll), [flatten(r, cols) for r in collection_json(ds, coll)["records"]]))
    for coll in COLLECTIONS:
        for col in _link_tables(coll):
            out.append((link_resource(coll, col), link_rows(ds, coll, col)))
    out.append((citations_resource(), citation_rows(ds)))
    return out


def _csv(resource: dict, rows: list[dict]) -> str:
    names = [f["name"] for f in resource["schema"]["fields"]]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else str(row[n]) for n in names])
    return buf.getvalue()


# ---- the package ---------------------------------------------------------------------------------------
def descriptor(ds, site_url: str = "", resources: Optional[list] = None) -> dict:
    version = data_version(ds.root)
    if resources is None:
        resources = [resource for resource, _rows in tables(ds)]
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": "Chinese Cities International Reference / 城市国际交往参考",
        "description": (f"International ties of {', '.join(c.name.en for c in ds.cities)} and the services foreign residents "
                        "need there: every record cites its sources (sources.csv) and an as-of date. "
                        f"{'、'.join(c.name.zh for c in ds.cities)}的国际交往与外籍人士服务数据：每条记录均注明来源（sources.csv）与日期。"),
        "version": version.version,
        "x-version-date": version.date,
        "x-version-basis": version.basis,
        "licenses": [LICENCE],
        "sources": [{"title": f"Source register: {len(ds.of('sources'))} sources, each record cites its own / "
                              f"来源登记表：{len(ds.of('sources'))} 个来源，每条记录注明各自来源", "path": "sources.csv"}],
        "keywords": ["sister cities", "consulates", "国际友好城市", "领事机构"]
                    + [name for c in ds.cities for name in (c.name.en, c.name.zh)],
        "resources": resources,
    }
    if version.commit:
        package["x-version-commit"] = version.commit
    if site_url.startswith("https://"):
        package["homepage"] = site_url
    return package


def write_datapackage(ds, out_dir: Path, site_url: str = "", all_tables: Optional[list] = None) -> list[Path]:
    """Write datapackage.json and the link tables beside the collections' CSVs (written by csv_export)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    all_tables = all_tables if all_tables is not None else tables(ds)
    for resource, rows in all_tables:
        if resource["name"] in {c.name for c in COLLECTIONS}:
            continue  # csv_export writes these (a public contract)
        target = out_dir / resource["path"]
        with open(target, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(_csv(resource, rows))
        written.append(target)
    target = out_dir / "datapackage.json"
    target.write_text(json.dumps(descriptor(ds, site_url, [r for r, _ in all_tables]), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written.append(target)
    return written
