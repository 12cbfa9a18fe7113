"""The one loader: data/ -> validated, typed records, or every problem at once."""
from __future__ import annotations

import difflib
import re
import os
from dataclasses import dataclass, field
from pathlib import Path
import types
from typing import Annotated, Iterator, Optional, Union, get_args, get_origin

from pydantic import BaseModel, Field, ValidationError

from . import directory, models as m
from urllib.parse import urlparse

from .collections import BY_NAME, COLLECTIONS, Collection
from .fields import Figure, RefersTo, SourceRef, Strict, Text, build_date, date_before, date_start, newest_date
from .problems import DataInvalid, Problem
from .yamlsafe import Positions, format_path, read_yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_pending_file_problems: list = []
_pending_city_files: list = []  # (file, (line, col) of its `city:`, city, values allowed besides city ids)


class ListedCount(Strict):
    """How a headline tile counts the records the site lists (e.g. consulates with status open)."""

    collection: str = Field(title="Collection / 数据集", examples=["consulates"])
    field: str = Field(title="Field / 字段", examples=["status"])
    equals: str = Field(title="Value / 取值", examples=["open"])
    label: str = Field(title="Label key / 标签键", description="Key in `labels` for the wording. `labels` 中的文字键。", examples=["listed_open"])


class HeadlineTile(Strict):
    indicator: str = Field(title="Indicator id / 指标编号", description="An indicator id used in data/cities/*.yml. 城市文件中的指标编号。")
    listed: Optional[ListedCount] = None


class UiFile(Strict):
    """data/ui.yml: every label the templates show, in both languages, and the city profile's headline tiles."""

    labels: dict[str, Text]
    headline_tiles: list[HeadlineTile] = Field([], title="Headline tiles / 主要指标卡片", description="Indicators shown first on every city profile, in order. 城市概况页首先显示的指标（按顺序）。")


class ReviewFile(Strict):
    """data/review.yml: how many days after its last check (or its newest source) a record is due for review."""

    review_days: dict[str, Annotated[int, Field(ge=1, le=3650)]]
    status_confirm_years: int = Field(3, ge=1, le=50)


@dataclass
class Dataset:
    root: Path
    records: dict[str, list] = field(default_factory=dict)  # collection name -> records in file order
    labels: dict = field(default_factory=dict)  # ui key -> Text
    review_days: dict = field(default_factory=dict)  # collection name -> days (data/review.yml)
    status_confirm_years: int = 3  # a status older than this shows "not confirmed since" (data/review.yml)
    warnings: list = field(default_factory=list)  # Problems that do not fail the check (glossary, old unit form)
    headline_tiles: list = field(default_factory=list)  # data/ui.yml headline_tiles
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def of(self, name: str, city: Optional[str] = None) -> list:
        items = self.records.get(name, [])
        return [r for r in items if city is None or r.city_id == city]

    def by_id(self, name: str) -> dict:
        """{id: record} of one collection (built once; rebuilt if the collection's list changes)."""
        items = self.records.get(name, [])
        key = (id(items), len(items))
        cached = self._by_id.get(name)
        if cached is None or cached[0] != key:
            cached = self._by_id[name] = (key, {r.id: r for r in items})
        return cached[1]

    @property
    def sources(self) -> dict:
        return self.by_id("sources")

    @property
    def cities(self) -> list:
        """The city profiles in the order data/cities/*.yml set (`order:`, then id)."""
        items = self.records.get("cities", [])
        key = (id(items), len(items))
        cached = self._by_id.get(" cities")
        if cached is None or cached[0] != key:
            cached = self._by_id[" cities"] = (key, sorted(items, key=lambda c: (c.order, c.id)))
        return list(cached[1])

    @property
    def city_ids(self) -> list[str]:
        return [c.id for c in self.cities]


def data_root(root=None) -> Path:
    return Path(root or os.environ.get("CITYSITE_DATA") or PROJECT_ROOT / "data")


def data_signature(root=None) -> tuple:
    """Names, sizes and modification times of every data file: equal signature, same data."""
    base = data_root(root)
    return (str(base),) + tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in base.rglob("*.y*ml")))


def city_order(root=None) -> list[str]:
    """City ids in their data order (`order:` in data/cities/<id>.yml, then id), read without full
    validation (for the nav, which MkDocs needs before the build loads and checks the data; a broken
    file is reported by load())."""
    found = []
    for file in sorted((data_root(root) / "cities").glob("*.yml")):
        data, _, problems = read_yaml(file, file.name)
        if problems or not isinstance(data, dict):
            continue
        order = data.get("order")
        found.append((order if isinstance(order, int) else 10**6, str(data.get("id", file.stem))))
    return [cid for _, cid in sorted(found)]


def collection_files(root: Path, coll: Collection) -> list[Path]:
    target = root / coll.path
    if coll.is_folder:
        return sorted(p for p in target.glob("*.yml")) if target.is_dir() else []
    return [target] if target.exists() else []


def load(root: Path | str = None) -> Dataset:
    """Load and check all data. Raises DataInvalid listing every problem."""
    root = data_root(root)
    problems: list[Problem] = []
    dataset = Dataset(root=root)
    _pending_city_files.clear()
    for coll in COLLECTIONS:
        dataset.records[coll.name] = []
        for file in collection_files(root, coll):
            records, file_problems = _load_file(root, file, coll)
            problems += file_problems
            dataset.records[coll.name] += records
    ui, rel, positions = _read_settings(root, "ui.yml", UiFile, problems)
    if ui is not None:
        dataset.labels, dataset.headline_tiles = dict(ui.labels), list(ui.headline_tiles)
        problems += _check_tiles(rel, positions, ui)
    review, rel, positions = _read_settings(root, "review.yml", ReviewFile, problems)
    if review is not None:
        dataset.review_days = dict(review.review_days)
        dataset.status_confirm_years = review.status_confirm_years
        known = {c.name for c in COLLECTIONS}
        for name in dataset.review_days:
            if name not in known:
                problems.append(Problem(rel, *positions.find(("review_days", name)), f"review_days.{name}",
                                        f"{name!r} is not a collection — use one of: {', '.join(sorted(known))}",
                                        f"{name!r} 不是数据集合 — 请使用以下之一：{', '.join(sorted(known))}"))
    # Files with the wrong extension would otherwise be ignored without a word.
    for stray in sorted(root.rglob("*.yaml")):
        problems.append(Problem(_rel(root, stray), 1, 1, "", "data files must end in .yml — rename the file",
                                "数据文件扩展名必须为 .yml — 请重命名该文件"))
    _pending_file_problems[:] = problems
    warnings: list[Problem] = []
    problems += _cross_checks(dataset, warnings)
    if not problems:
        from .glossary import glossary_warnings
        warnings += glossary_warnings(dataset)
    dataset.warnings = sorted(warnings, key=Problem.sort_key)
    if problems:
        raise DataInvalid(problems, dataset.warnings)
    return dataset


def _read_settings(root: Path, name: str, model, problems: list):
    """A settings file of data/ (ui.yml, review.yml): (validated model or None, its path, its line marks).
    A missing file is None without a problem; its problems are added to `problems`."""
    file = root / name
    if not file.exists():
        return None, "", None
    rel = _rel(root, file)
    data, positions, file_problems = read_yaml(file, rel)
    problems += file_problems
    if data is None:
        return None, rel, positions
    try:
        return model.model_validate(data), rel, positions
    except ValidationError as exc:
        problems += [_problem_from_error(rel, positions, err, model) for err in exc.errors()]
        return None, rel, positions


def _check_tiles(rel: str, positions: Positions, ui: UiFile) -> list[Problem]:
    """A headline tile's count must name a collection and a label that exist."""
    names = {c.name for c in COLLECTIONS}
    out = []
    for i, tile in enumerate(ui.headline_tiles):
        if not tile.listed:
            continue
        if tile.listed.collection not in names:
            at = ("headline_tiles", i, "listed", "collection")
            out.append(Problem(rel, *positions.find(at), format_path(at),
                               f"{tile.listed.collection!r} is not a collection — use one of: {', '.join(sorted(names))}",
                               f"{tile.listed.collection!r} 不是数据集名称 — 请使用：{', '.join(sorted(names))}"))
        if tile.listed.label not in ui.labels:
            at = ("headline_tiles", i, "listed", "label")
            out.append(Problem(rel, *positions.find(at), format_path(at),
                               f"label {tile.listed.label!r} is not in `labels` — add it (zh and en) or fix the key",
                               f"`labels` 中没有 {tile.listed.label!r} — 请添加（中英文）或修改键名"))
    return out


def _rel(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return file.as_posix()


def _load_file(root: Path, file: Path, coll: Collection):
    rel = _rel(root, file)
    data, positions, problems = read_yaml(file, rel)
    if problems:
        return [], problems
    file_model = coll.file_model()
    try:
        parsed = file_model.model_validate(data)
    except ValidationError as exc:
        return [], [_problem_from_error(rel, positions, err, file_model) for err in exc.errors()]
    records = [parsed] if coll.shape == "single" else list(getattr(parsed, coll.list_key))
    city = getattr(parsed, "city", None) if coll.shape == "list" and coll.per_city else None
    if coll.per_city:
        _pending_city_files.append((rel, positions.find(("city",)), city, coll.city_also))
    if coll.per_city and city != file.stem:
        problems.append(Problem(rel, *positions.find(("city",)), "city",
                                f"city is {city!r} but the file is named {file.name!r} — make them the same",
                                f"city 为 {city!r}，但文件名为 {file.name!r} — 两者必须一致"))
    if coll.shape == "single" and getattr(parsed, "id", file.stem) != file.stem:
        problems.append(Problem(rel, *positions.find(("id",)), "id",
                                f"id is {parsed.id!r} but the file is named {file.name!r} — rename the file to {parsed.id}.yml or change the id",
                                f"id 为 {parsed.id!r}，但文件名为 {file.name!r} — 请将文件改名为 {parsed.id}.yml 或修改 id"))
    for index, record in enumerate(records):
        path = () if coll.shape == "single" else (coll.list_key, index)
        record._file = rel
        record._line = positions.find(path)[0]
        record._city = city if coll.per_city else (record.id if coll.name == "cities" else None)
        record._positions = positions
        record._path = path
    return records, problems


# ---- pydantic errors -> editor messages ------------------------------------------------------------
_ALL_FIELDS: set[str] = set()


def _known_fields() -> set[str]:
    if not _ALL_FIELDS:
        def walk(model):
            for name, info in model.model_fields.items():
                _ALL_FIELDS.add(name)
        for cls in vars(m).values():
            if isinstance(cls, type) and issubclass(cls, BaseModel):
                walk(cls)
        from . import fields as f
        for cls in (f.Text, f.SourceRef, f.Conflict, f.Figure):
            walk(cls)
    return _ALL_FIELDS


_TYPE_NAMES = {
    "string_type": ("text", "文本"), "int_type": ("a whole number", "整数"), "int_parsing": ("a whole number", "整数"),
    "float_type": ("a number", "数字"), "float_parsing": ("a number", "数字"), "bool_type": ("true or false", "true 或 false"),
    "bool_parsing": ("true or false", "true 或 false"), "list_type": ("a list (lines starting with '- ')", "列表（以“- ”开头的行）"),
    "dict_type": ("a mapping (`key: value` lines)", "映射（“键: 值”形式）"), "model_type": ("a mapping (`key: value` lines)", "映射（“键: 值”形式）"),
    "model_attributes_type": ("a mapping (`key: value` lines)", "映射（“键: 值”形式）"),
}


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _unwrap(tp):
    """Optional[X] / list[X] / Annotated[X, …] -> X."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (list, Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp


def _model_at(model, loc):
    """The model class that validates the mapping at `loc` inside a file, if it can be resolved."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _problem_from_error(rel: str, positions: Positions, err: dict, file_model=None) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if ctx.get("field"):  # a model validator's error is about one field: point at its line
        loc = loc + (ctx["field"],)
    name = loc[-1] if loc else ""
    line, col = positions.find(loc)
    fieldname = format_path(loc)
    got = err.get("input")
    if "en" in ctx and "zh" in ctx:
        en, zh = ctx["en"], ctx["zh"]
    elif kind == "missing":
        if name in ("zh", "en"):
            lang_en, lang_zh = ("Chinese", "中文") if name == "zh" else ("English", "英文")
            en = f"the {lang_en} text is missing — add `{name}: …` (both languages are required)"
            zh = f"缺少{lang_zh}文本 — 请补上 `{name}: …`（中英文均为必填）"
        else:
            en = f"required field `{name}` is missing — add `{name}: …` to this record"
            zh = f"缺少必填字段 `{name}` — 请在该记录中补上 `{name}: …`"
    elif kind == "extra_forbidden":
        model = _model_at(file_model, loc[:-1]) if file_model else None
        allowed = sorted(model.model_fields) if model else sorted(_known_fields())
        close = difflib.get_close_matches(str(name), allowed, n=1)
        if close:
            hint_en, hint_zh = f" — did you mean `{close[0]}`? Otherwise remove it", f" — 是否应为 `{close[0]}`？否则请删除"
        elif model:
            hint_en = f" — remove it; allowed here: {', '.join(allowed)}"
            hint_zh = f" — 请删除；此处允许的字段：{', '.join(allowed)}"
        else:
            hint_en, hint_zh = " — remove it or check data/README.md for the allowed fields", " — 请删除，或查阅 data/README.md 中允许的字段"
        en, zh = f"unknown field `{name}`{hint_en}", f"未知字段 `{name}`{hint_zh}"
        parent = loc[:-1]
        if not str(name).replace("_", "").isalnum() or parent + ("zh",) in positions or parent + ("en",) in positions:
            # Typical cause: `{zh: …, en: A, B}` — a comma inside braces starts a new key.
            en += ". If this is part of a text inside { }, a comma or colon there splits it: put the whole text in quotes"
            zh += "。如果这是写在 { } 中的文本，其中的逗号或冒号会把文本拆开：请给整段文本加上引号"
    elif kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        en = f"{_show(got)} is not allowed here — use one of: {expected}"
        zh = f"此处不允许 {_show(got)} — 请使用以下之一：{expected}"
    elif kind in _TYPE_NAMES:
        t_en, t_zh = _TYPE_NAMES[kind]
        en = f"expected {t_en}, found {_show(got)} — write {t_en} here"
        zh = f"此处应为{t_zh}，实际为 {_show(got)} — 请改为{t_zh}"
        if kind == "string_type" and isinstance(got, bool):
            # YAML 1.1 reads NO, yes, on, off … as true/false (Norway's code 'NO' is the classic case).
            en += ". YAML reads NO/yes/on/off as true or false: put the value in quotes, e.g. 'NO'"
            zh += "。YAML 会把 NO、yes、on、off 等读成 true/false：请给该值加上引号，例如 'NO'"
        if kind in ("model_type", "dict_type") and isinstance(got, str) and name not in ("partner",):
            en += " (for text in two languages write `{zh: …, en: …}`)"
            zh += "（双语文本请写成 `{zh: …, en: …}`）"
    elif kind in ("string_too_short", "too_short"):
        en = "this must not be empty — fill it in"
        zh = "此项不能为空 — 请填写"
    elif kind == "string_pattern_mismatch":
        en = f"{_show(got)} does not have the expected form ({ctx.get('pattern')}) — see data/README.md"
        zh = f"{_show(got)} 格式不正确（{ctx.get('pattern')}）— 请参阅 data/README.md"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        en = f"{_show(got)} is out of range ({err['msg']}) — correct the number"
        zh = f"{_show(got)} 超出范围（{err['msg']}）— 请修改数值"
    else:
        en = f"{err['msg']} (found {_show(got)}) — correct this value"
        zh = f"取值无效：{err['msg']}（实际为 {_show(got)}）— 请修改"
    return Problem(rel, line, col, fieldname, en, zh)


# ---- cross-record checks ------------------------------------------------------------------------------
def _walk(value, path=(), info=None) -> Iterator[tuple[tuple, object, object]]:
    """(path, value, pydantic FieldInfo of the field holding it or None) for every value in a record."""
    yield path, value, info
    if isinstance(value, BaseModel):
        for name, field_info in type(value).model_fields.items():
            yield from _walk(getattr(value, name), path + (name,), field_info)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, path + (i,), None)


def _refers_to(info) -> Optional[RefersTo]:
    return next((x for x in info.metadata if isinstance(x, RefersTo)), None) if info is not None else None


def _at(record, sub: tuple, field_en: str = "") -> tuple:
    full = record._path + sub
    line, col = record._positions.find(full)
    return record._file, line, col, format_path(full)


def _unit_problem(rec, sub, unit, units: dict, warnings: list) -> Optional[Problem]:
    """A figure's unit must name data/units.yml; the old `{zh, en}` form is accepted (with a warning)
    only when it names a registry unit exactly, since `{zh: 亿元, en: 100 million yuan}` cannot be
    written in English without its scale."""
    from .quantities import match_legacy
    where = _at(rec, sub)
    if isinstance(unit, str):
        if unit in units:
            return None
        close = difflib.get_close_matches(unit, list(units), n=1)
        hint_en, hint_zh = (f" (did you mean {close[0]!r}?)", f"（是否应为 {close[0]!r}？）") if close else ("", "")
        return Problem(*where, f"unit {unit!r} is not in data/units.yml{hint_en} — use a unit id from data/units.yml, or add the unit there",
                       f"单位 {unit!r} 不在 data/units.yml 中{hint_zh} — 请使用 data/units.yml 中的单位编号，或在其中添加该单位")
    found = match_legacy(units.values(), unit)
    if found:
        warnings.append(Problem(*where, f"write the unit as `unit: {found.id}` (a data/units.yml id) instead of {{zh, en}} text",
                                f"单位请写成 `unit: {found.id}`（data/units.yml 中的编号），不要写 {{zh, en}} 文字", level="warning"))
        return None
    same = [u.id for u in units.values() if u.zh == unit.zh]
    ids = ", ".join(same) if same else "-"
    return Problem(*where, f"a unit is now an id from data/units.yml, not {{zh: {unit.zh}, en: {unit.en}}} text — write `unit: <id>` "
                   f"(units written {unit.zh}: {ids}), or add a unit there with its scale (亿 = 100000000, 万 = 10000) and English singular/plural or currency",
                   f"单位现在写成 data/units.yml 中的编号，而不是 {{zh: {unit.zh}, en: {unit.en}}} 文字 — 请写 `unit: <编号>`"
                   f"（中文写作 {unit.zh} 的单位：{ids}），或在该文件中添加单位，注明倍数（亿 = 100000000，万 = 10000）及英文单复数或货币符号")


_NEAR_REF = re.compile(r"\[\[\s*(?:standards?|sources?|recommendations?|guides?)\s*:[^\]]*\]\]", re.I)


def _ref_problems(ds: Dataset, rec, sub, text) -> list[Problem]:
    """[[collection:id]] in text must name a record, or the reader would see a code or nothing."""
    from .view import REF
    out = []
    for lang in ("zh", "en"):
        value = getattr(text, lang)
        if "[[" not in value:
            continue
        for match in REF.finditer(value):
            if match.group(2) not in ds.by_id(match.group(1)):
                out.append(Problem(*_at(rec, sub + (lang,)), f"{match.group(0)} names no record of {match.group(1)} — fix the id",
                                   f"{match.group(0)} 所指的 {match.group(1)} 记录不存在 — 请修改编号"))
        # A near miss ("[[standard:x]]", "[[ sources: x ]]") would show its brackets to readers.
        for near in _NEAR_REF.finditer(REF.sub("", value)):
            out.append(Problem(*_at(rec, sub + (lang,)), f"{near.group(0)} is not a cross-reference — write [[standards:id]], [[sources:id]], [[recommendations:id]] or [[guides:id]]",
                               f"{near.group(0)} 不是有效的交叉引用 — 请写 [[standards:编号]]、[[sources:编号]]、[[recommendations:编号]] 或 [[guides:编号]]"))
    return out


def _cross_checks(ds: Dataset, warnings: Optional[list] = None) -> list[Problem]:
    warnings = [] if warnings is None else warnings
    out: list[Problem] = []
    units = ds.by_id("units")
    sources = {}
    for src in ds.records.get("sources", []):
        if src.id in sources:
            first = sources[src.id]
            where = f"{first._file}:{_at(first, ('id',))[1]}"
            out.append(Problem(*_at(src, ("id",)), f"source id {src.id!r} is already used in {where} — give this source another id",
                               f"来源编号 {src.id!r} 已在 {where} 使用 — 请换一个编号"))
        else:
            sources[src.id] = src
    # When a register file itself failed, every citation of it would fail too: report the file only.
    register_broken = any(p.path.startswith("data/sources/") for p in _pending_file_problems)
    provinces = ds.by_id("provinces")
    standards = ds.by_id("standards")

    # When a city profile itself failed to load, references to it would fail too: report the file only.
    cities_broken = any(p.path.startswith("data/cities/") for p in _pending_file_problems)

    def unknown_ref(rec, sub, value, ref: RefersTo) -> None:
        ids = {name: ds.city_ids if name == "cities" else sorted(ds.by_id(name)) for name in ref.collections}
        if value in ref.also or any(value in v for v in ids.values()) or ("cities" in ids and cities_broken):
            return
        close = difflib.get_close_matches(value, list(ref.also) + [i for v in ids.values() for i in v], n=1)
        hint_en = f" (did you mean {close[0]!r}?)" if close else ""
        hint_zh = f"（是否应为 {close[0]!r}？）" if close else ""
        # Short lists are spelled out (the cities, national); long ones (provinces) are named by file.
        listed = list(ref.also) + [i for name, v in ids.items() if len(v) <= 12 for i in v]
        files = [f"data/{BY_NAME[name].path}" for name, v in ids.items() if len(v) > 12]
        use_en = ", ".join(listed) + (f" or an id from {' or '.join(files)}" if files else "")
        use_zh = "、".join(listed) + (f"，或 {'、'.join(files)} 中的编号" if files else "")
        what_en, what_zh = ("city", "城市") if "cities" in ids else ("id", "编号")
        add_en = f"; a new city needs data/cities/{value}.yml first" if "cities" in ids else ""
        add_zh = f"；新城市须先添加 data/cities/{value}.yml" if "cities" in ids else ""
        out.append(Problem(*_at(rec, sub), f"unknown {what_en} {value!r}{hint_en} — use {use_en}{add_en}",
                           f"未知{what_zh} {value!r}{hint_zh} — 请使用 {use_zh}{add_zh}"))

    # Cities are data: their order (menus, tables, charts) comes from `order:`, which must be unique.
    by_order: dict = {}
    for city in ds.records.get("cities", []):
        by_order.setdefault(city.order, []).append(city)
    for order, same in by_order.items():
        for city in same if len(same) > 1 else ():
            others = ", ".join(f"{c._file}:{_at(c, ('order',))[1]}" for c in same if c is not city)
            out.append(Problem(*_at(city, ("order",)), f"order {order} is also used by {others} — give each city its own position",
                               f"顺序 {order} 也被 {others} 使用 — 每个城市的顺序须不同"))

    for coll in COLLECTIONS:
        seen: dict = {}
        for rec in ds.records.get(coll.name, []):
            rid = getattr(rec, "id", None)
            scope_key = (rec.city_id if coll.city_key else None, rid)
            if coll.name != "sources" and rid is not None:
                if scope_key in seen:
                    first = seen[scope_key]
                    where = f"{first._file}:{_at(first, ('id',))[1]}"
                    out.append(Problem(*_at(rec, ("id",)), f"id {rid!r} is already used in {where} — ids must be unique; rename one",
                                       f"id {rid!r} 已在 {where} 使用 — id 必须唯一，请修改其中一个"))
                else:
                    seen[scope_key] = rec
            for sub, value, info in _walk(rec):
                ref = _refers_to(info)
                if ref is not None and isinstance(value, str):
                    unknown_ref(rec, sub, value, ref)
                if isinstance(value, Text):
                    out += _ref_problems(ds, rec, sub, value)
                if isinstance(value, Figure):
                    problem = _unit_problem(rec, sub + ("unit",), value.unit, units, warnings)
                    if problem:
                        out.append(problem)
                if isinstance(value, SourceRef) and value.ref not in sources and not register_broken:
                    close = difflib.get_close_matches(value.ref, list(sources), n=1)
                    hint_en = f" (did you mean {close[0]!r}?)" if close else ""
                    hint_zh = f"（是否应为 {close[0]!r}？）" if close else ""
                    at = sub + ("ref",) if rec._path + sub + ("ref",) in rec._positions else sub  # `{ref: …}` or a bare id
                    out.append(Problem(*_at(rec, at), f"source {value.ref!r} is not in the source register{hint_en} — add it to data/sources/ or fix the id",
                                       f"来源 {value.ref!r} 不在来源登记表中{hint_zh} — 请在 data/sources/ 中登记或修改编号"))
            if isinstance(rec, m.SisterCity) and rec.partner.coords_source and rec.partner.coords_source not in sources and not register_broken:
                out.append(Problem(*_at(rec, ("partner", "coords_source")), f"coords_source {rec.partner.coords_source!r} is not in the source register — add it or fix the id",
                                   f"坐标来源 {rec.partner.coords_source!r} 不在来源登记表中 — 请登记或修改编号"))
            if isinstance(rec, m.Consulate):
                for i, prov in enumerate(rec.district):
                    if prov not in provinces:
                        out.append(Problem(*_at(rec, ("district", i)), f"{prov!r} is not a province id — use an id from data/provinces.yml",
                                           f"{prov!r} 不是省级行政区编号 — 请使用 data/provinces.yml 中的编号"))
            if isinstance(rec, m.City) and rec.province not in provinces:
                out.append(Problem(*_at(rec, ("province",)), f"{rec.province!r} is not a province id — use an id from data/provinces.yml",
                                   f"{rec.province!r} 不是省级行政区编号 — 请使用 data/provinces.yml 中的编号"))
            if isinstance(rec, m.SignTerm) and rec.standard.ref not in standards:
                out.append(Problem(*_at(rec, ("standard", "ref")), f"standard {rec.standard.ref!r} is not in data/standards.yml — add it or fix the id",
                                   f"标准 {rec.standard.ref!r} 不在 data/standards.yml 中 — 请添加或修改编号"))
            if isinstance(rec, m.Standard) and rec.superseded_by and rec.superseded_by not in standards:
                out.append(Problem(*_at(rec, ("superseded_by",)), f"superseded_by {rec.superseded_by!r} is not a standard id — fix it",
                                   f"superseded_by {rec.superseded_by!r} 不是标准编号 — 请修改"))
    out += _official_checks(ds, register_broken)
    out += directory.check(ds)  # guide refs, moved/closed records, official lists (citysite.directory)
    if not register_broken:
        for name in ("services", "guides", "sister-cities", "consulates"):
            for rec in ds.records.get(name, []):
                out += _currency_checks(rec, sources)
    # Every city that a per-city file names must have a profile, or its pages would be missing.
    city_ids = set(ds.city_ids)
    for rel, (line, col), city, also in _pending_city_files:
        if city not in city_ids and city not in also and not cities_broken:
            also_en = "".join(f" (or `city: {v}`)" for v in also)
            out.append(Problem(rel, line, col, "city", f"there is no data/cities/{city}.yml for this file's city {city!r} — add the city profile first{also_en}",
                               f"缺少该城市 {city!r} 的概况文件 data/cities/{city}.yml — 请先添加城市概况"))
    return out


# ---- currency (issue 13): dates that mean what they say, grades that follow the rule -----------------
def cited_refs(record) -> list:
    """Every citation inside a record (steps, notes, figures…), except `checked_against` and conflicts'
    sources (those show another value, not this record's)."""
    out = []
    for sub, value, _info in _walk(record):
        if isinstance(value, SourceRef) and "checked_against" not in sub and "conflicts" not in sub:
            out.append(value)
    return out


def newest_source_date(record, sources: dict, top_level_only: bool = False) -> Optional[str]:
    """Date of the newest dated source the record cites (top_level_only: its own `sources` list)."""
    refs = list(record.sources) if top_level_only else cited_refs(record)
    return newest_date(sources[r.ref].date for r in refs if r.ref in sources)


def _currency_checks(rec, sources: dict) -> list[Problem]:
    out = []
    today = build_date()
    checked = getattr(rec, "last_checked", None)
    against = getattr(rec, "checked_against", [])
    if checked is not None or against:
        if checked and not against:
            out.append(Problem(*_at(rec, ("last_checked",)),
                               "`last_checked` says the record was compared with a source that day, but `checked_against` is empty — "
                               "add `checked_against: [source-id]` (the source you compared it with), or remove `last_checked` if no one did",
                               "`last_checked` 表示当天对照来源核对过本记录，但 `checked_against` 为空 — 请填写 `checked_against: [来源编号]`（核对所用来源）；如未核对，请删除 `last_checked`"))
        if against and not checked:
            out.append(Problem(*_at(rec, ("checked_against",)),
                               "`checked_against` needs `last_checked` (the day of the comparison) — add it, or remove `checked_against`",
                               "填写了 `checked_against` 就需要 `last_checked`（核对日期）— 请补上，或删除 `checked_against`"))
        if checked and date_start(checked) > today:
            out.append(Problem(*_at(rec, ("last_checked",)),
                               f"`last_checked` {checked} is in the future (today is {today}) — write the day the comparison was actually made",
                               f"`last_checked` {checked} 晚于今天（{today}）— 请填写实际核对的日期"))
        newest = newest_source_date(rec, sources)
        if checked and newest and date_before(newest, checked) and not getattr(rec, "check_note", None):
            out.append(Problem(*_at(rec, ("last_checked",)),
                               f"`last_checked` {checked} is older than the newest cited source ({newest}) — check the record against it and update "
                               "`last_checked`/`checked_against`, or add `check_note: {zh: …, en: …}` saying why the older check still stands",
                               f"`last_checked` {checked} 早于所引最新来源的日期（{newest}）— 请对照该来源重新核对并更新 `last_checked`/`checked_against`，"
                               "或填写 `check_note: {zh: …, en: …}` 说明旧的核对为何仍然有效"))
    as_of = getattr(rec, "status_as_of", None)
    if as_of:
        future = date_start(as_of) > today
        if future:
            out.append(Problem(*_at(rec, ("status_as_of",)),
                               f"`status_as_of` {as_of} is in the future (today is {today}) — use the date of the newest source that shows the status",
                               f"`status_as_of` {as_of} 晚于今天（{today}）— 请填写显示该状态的最新来源的日期"))
        # Not checked against `ended`/`closed`: an announcement made before the day can show the end.
        for other in ("established", "approved", "opened"):
            value = getattr(rec, other, None)
            if value and date_before(value, as_of):
                out.append(Problem(*_at(rec, ("status_as_of",)),
                                   f"`status_as_of` {as_of} is before `{other}` {value} — a status cannot be shown before it began: use the date of the newest source that shows it",
                                   f"`status_as_of` {as_of} 早于 `{other}` {value} — 状态不可能早于其开始：请填写显示该状态的最新来源的日期"))
        newest = newest_source_date(rec, sources, top_level_only=True)
        undated = any(r.ref in sources and not sources[r.ref].date for r in rec.sources)  # may be newer
        if newest and not undated and not future and date_before(as_of, newest):
            out.append(Problem(*_at(rec, ("status_as_of",)),
                               f"`status_as_of` {as_of} is later than every source in `sources` (newest: {newest}) — cite the source that shows the status on that date, or use {newest}",
                               f"`status_as_of` {as_of} 晚于 `sources` 中所有来源（最新：{newest}）— 请引用当天显示该状态的来源，或改为 {newest}"))
    return out


def host_of(url: Optional[str]) -> str:
    return (urlparse(url).hostname or "") if url else ""


def official_domain(host: str, domains: list):
    """The entry of data/official-domains.yml that this host falls under, or None."""
    return next((d for d in domains if host and d.matches(host)), None)


def _official_checks(ds: Dataset, register_broken: bool) -> list[Problem]:
    out = []
    domains = ds.records.get("official-domains", [])
    seen = {}
    for d in domains:
        if d.suffix in seen:
            first = seen[d.suffix]
            out.append(Problem(*_at(d, ("suffix",)), f"suffix {d.suffix!r} is already listed at line {first._line} — remove one",
                               f"后缀 {d.suffix!r} 已在第 {first._line} 行列出 — 请删除其中一条"))
        seen.setdefault(d.suffix, d)
    if register_broken:
        return out
    for src in ds.records.get("sources", []):
        if src.quality != "official" or src.document:
            continue
        host = host_of(src.url)
        if not official_domain(host, domains):
            out.append(Problem(*_at(src, ("quality",)),
                               f"`official` needs a government or official body's own domain (listed in data/official-domains.yml) or a commissioning `document`, "
                               f"but this source is on {host or 'no domain'!s} — grade it repost (a copy of an official text; name it in `original`), "
                               "press-release (a wire or a party's own release), official-media, media…; or, if the domain really is an official body's, add it to data/official-domains.yml with a note",
                               f"`official` 须为政府或官方机构自己的域名（列于 data/official-domains.yml）或委托文件 `document`，而该来源位于 {host or '（无域名）'} — "
                               "请改为 repost（官方文本的转载，在 `original` 中注明原文）、press-release（新闻稿通讯社或当事方新闻稿）、official-media、media 等；"
                               "如该域名确属官方机构，请将其加入 data/official-domains.yml 并注明归属"))
    return out
