"""Field types shared by all collections, with bilingual errors that say how to fix the value."""
from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal, Optional, Union

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


def fail(code: str, en: str, zh: str, field: Optional[str] = None):
    """A validation error whose English and Chinese texts reach the editor unchanged. From a model
    validator, `field` names the field the error is about: the editor is sent to that field's own
    line (or, when it is missing, to the record), not to the record's first line."""
    ctx = {"en": en, "zh": zh}
    if field:
        ctx["field"] = field
    return PydanticCustomError(code, en, ctx)


class Strict(BaseModel):
    # Unknown fields are errors (a typo must not silently drop data).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---- ids -------------------------------------------------------------------------------------
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-record"
        raise fail(
            "bad_id",
            f"id {value!r} must be lowercase ASCII letters, digits and single hyphens — e.g. {suggestion!r}",
            f"id {value!r} 只能由小写英文字母、数字和单个连字符组成 — 例如 {suggestion!r}",
        )
    return value


Id = Annotated[str, Field(min_length=1, max_length=80, examples=["toulouse"]), AfterValidator(_check_id)]


class RefersTo:
    """Field metadata: the value must be the id of a record in one of `collections`, or one of `also`.
    The loader checks it across records (an unknown id is an error at the field's own line)."""

    def __init__(self, *collections: str, also: tuple = ()):
        self.collections = collections
        self.also = also


# Cities are data: a city id is the name of a file in data/cities/ (order set by its `order:`).
_ID_SCHEMA = {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
PlaceId = Annotated[str, Field(min_length=1, max_length=80, json_schema_extra=_ID_SCHEMA), AfterValidator(_check_id)]
CityId = Annotated[PlaceId, Field(title="City / 城市", description="A city id: the name of a file in data/cities/. 城市编号：data/cities/ 中的文件名。"),
                   RefersTo("cities")]
Scope = Annotated[PlaceId, Field(title="Scope / 适用范围", description="national, or a city id (a file name in data/cities/). national 或城市编号（data/cities/ 中的文件名）。"),
                  RefersTo("cities", also=("national",))]


# ---- text in both languages ---------------------------------------------------------------------
class Text(Strict):
    """Reader-visible text in Simplified Chinese and English."""

    zh: str = Field(min_length=1, title="Chinese / 中文", description="Simplified Chinese text. 简体中文文本（权威版本）。")
    en: str = Field(min_length=1, title="English / 英文", description="English text. 英文文本。")
    en_official: bool = Field(
        False,
        title="English is official / 英文为官方译文",
        description="true when the English is the publisher's own wording; otherwise it is the site's translation. "
        "英文为发布机构自己的译文时填 true，否则视为本站译文。",
    )


# ---- dates -------------------------------------------------------------------------------------
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # in the JSON Schemas and the data package


def _date_text(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_date(value: str) -> str:
    m = _DATE.match(value)
    ok = bool(m)
    if m:
        year, month, day = m.groups()
        try:
            if day:
                _dt.date(int(year), int(month), int(day))
            elif month and not 1 <= int(month) <= 12:
                ok = False
        except ValueError:
            ok = False
        if not 1800 <= int(year) <= 2100:
            ok = False
    if not ok:
        raise fail(
            "bad_date",
            f"{value!r} is not a valid date — write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (e.g. '2022-07-12'), "
            "only as precise as the source",
            f"{value!r} 不是有效日期 — 请写成 'YYYY'、'YYYY-MM' 或 'YYYY-MM-DD'（如 '2022-07-12'），精确程度与来源一致",
        )
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_date_text),
    AfterValidator(_check_date),
    Field(examples=["2022-07-12", "2022-07", "2022"], json_schema_extra={"pattern": PARTIAL_DATE_PATTERN}),
]


def date_key(value: Optional[str]) -> str:
    return value or ""


def values_of(value, kind, path=()):
    """(path, value) for every instance of `kind` inside a record: through its fields and lists."""
    if isinstance(value, kind):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from values_of(getattr(value, name), kind, path + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from values_of(item, kind, path + (i,))


def date_before(a: Optional[str], b: Optional[str]) -> bool:
    """True when a is certainly after b (compared at the precision both share)."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def year_of(value: Optional[str]) -> Optional[int]:
    return int(value[:4]) if value else None


def newest_date(dates) -> Optional[str]:
    """The latest of some partial dates ('2019' < '2019-05' < '2019-05-02': at equal prefix, the more precise)."""
    found = [d for d in dates if d]
    return max(found) if found else None


def date_start(value: str) -> _dt.date:
    """First day a partial date can mean ('2019' -> 2019-01-01)."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return _dt.date(parts[0], parts[1], parts[2])


def date_end(value: str) -> _dt.date:
    """Last day a partial date can mean ('2019' -> 2019-12-31): used for 'is it older than …' tests."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return _dt.date(*parts)
    if len(parts) == 2:
        nxt = _dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - _dt.timedelta(days=1)
    return _dt.date(parts[0], 12, 31)


def build_date() -> _dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds (the loader's 'future' and the pages' 'overdue')."""
    import os
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date() if epoch else _dt.date.today()


# ---- countries -------------------------------------------------------------------------------------
def _check_country(value: str) -> str:
    if not (len(value) == 2 and value.isupper() and pycountry.countries.get(alpha_2=value)):
        guess = None
        try:
            guess = pycountry.countries.search_fuzzy(value)[0].alpha_2
        except (LookupError, AttributeError):
            pass
        hint_en = f" (did you mean {guess!r}?)" if guess else ""
        hint_zh = f"（是否应为 {guess!r}？）" if guess else ""
        raise fail(
            "bad_country",
            f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint_en} — use two capital letters such as 'FR'",
            f"{value!r} 不是 ISO 3166-1 两位国家代码{hint_zh} — 请使用两个大写字母，如 'FR'",
        )
    return value


Country = Annotated[str, AfterValidator(_check_country), Field(examples=["FR"], pattern=r"^[A-Z]{2}$")]


# ---- links -------------------------------------------------------------------------------------------
_URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+|tel:\+?[0-9][0-9\-\s]*)$", re.I)


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise fail(
            "bad_url",
            f"{value!r} is not an allowed link — only http(s)://, mailto: and tel: links are accepted",
            f"{value!r} 不是允许的链接 — 只接受 http(s)://、mailto: 和 tel: 链接",
        )
    return value


Url = Annotated[str, AfterValidator(_check_url), Field(examples=["https://www.gov.cn/"], json_schema_extra={"format": "uri"})]

_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{1,30}$")


def _check_phone(value) -> str:
    value = str(value)
    if not _PHONE.match(value):
        raise fail(
            "bad_phone",
            f"{value!r} is not a phone number — use digits, spaces, '-' and a leading '+' only (e.g. '023-63961944')",
            f"{value!r} 不是电话号码 — 只能包含数字、空格、'-' 和开头的 '+'（如 '023-63961944'）",
        )
    return value


Phone = Annotated[str, BeforeValidator(_check_phone), Field(examples=["023-63961944"])]


# ---- citations -------------------------------------------------------------------------------------
def _source_ref(value):
    if isinstance(value, str):
        return {"ref": value}
    return value


class SourceRef(Strict):
    """A citation: an entry of the source register, with where in it."""

    ref: str = Field(min_length=1, title="Source id / 来源编号", description="id of an entry in data/sources/*.yml. 来源登记表中的编号。", examples=["cq-npc-report-2022"],
                     json_schema_extra={"x-references": "sources"})
    locator: Optional[Union[str, Text]] = Field(
        None, title="Where / 位置",
        description="Section, page or clause: {zh, en} (e.g. {zh: 第2段, en: para. 2}), or as the original writes it (§一, 4.1.2, How to apply), shown with its language marked. "
        "章节、页码或条款：写成 {zh, en}，或按原文写（§一、4.1.2），页面会标明其语言。", examples=["§一", {"zh": "第2段", "en": "para. 2"}])
    quote: Optional[str] = Field(None, title="Quote / 引文", description="A short quote supporting the fact. 支持该事实的简短引文。")


Cite = Annotated[SourceRef, BeforeValidator(_source_ref)]
Sources = Annotated[list[Cite], Field(min_length=1, title="Sources / 来源", description="Where this record comes from (source register ids). 本条记录的来源（来源登记表编号）。")]


class Conflict(Strict):
    """What another source says, kept visible next to the value we chose."""

    field: str = Field(title="Field / 字段", description="Which field the sources disagree on. 存在分歧的字段。")
    value: Union[str, Text] = Field(title="Other value / 其他说法", description="The value the other source gives: as the field writes it (a date, a status…), or {zh, en} text. 其他来源给出的值：按字段格式填写，或用 {zh, en} 文字。")
    sources: Sources
    note: Text = Field(title="Why we chose ours / 取舍说明", description="Why the record keeps its own value. 说明本站采用现值的理由。")


class Figure(Strict):
    """A figure is a claim of a body at a date: value, unit, as-of date and source."""

    id: Id
    label: Text
    value: float = Field(title="Value / 数值")
    unit: Union[Id, Text] = Field(title="Unit / 单位", description="Id of a unit in data/units.yml (e.g. hundred-million-yuan for 亿元, port for 个/ports). 单位编号，见 data/units.yml。", examples=["port"])
    as_of: PartialDate = Field(title="As of / 截至", description="Date the figure refers to. 数据所指日期。")
    kind: Literal["reported", "target"] = Field("reported", title="Kind / 类型", description="reported (a stated figure) or target (a plan's goal). reported 为已报告数值，target 为规划目标。")
    target_year: Optional[PartialDate] = Field(None, title="Target year / 目标年份")
    source: Cite
    scope: Optional[Text] = Field(None, title="Scope / 统计口径", description="What exactly is counted. 统计范围。")
    note: Optional[Text] = None
    conflicts: list[Conflict] = []

    @model_validator(mode="after")
    def _target_has_year(self):
        if self.kind == "target" and not self.target_year:
            raise fail("target_year", "a target needs `target_year` — add the year the plan aims for",
                       "目标值需要填写 `target_year` — 请补上规划目标年份", field="kind")
        if self.kind == "reported" and self.target_year:
            raise fail("target_year", "`target_year` is only for kind: target — remove it or set kind: target",
                       "`target_year` 仅用于 kind: target — 请删除或将 kind 改为 target", field="target_year")
        return self
