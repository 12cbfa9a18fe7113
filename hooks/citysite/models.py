"""The collections: one pydantic model per record and per file. These models ARE the schema
(committed as data/schemas/*.schema.json) and the typed records the pages are built from."""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import Field, PrivateAttr, model_validator

from .fields import (CityId, Cite, Conflict, Country, Figure, Id, PartialDate, Phone, PlaceId, RefersTo, Scope, Sources,
                     Strict, Text, Url, date_before, fail)
from .refs import FirstWeek, Ref, ServiceKind, ServiceStatus
Quality = Literal["official", "official-media", "partner-official", "repost", "press-release", "media", "secondary", "weak"]


class Record(Strict):
    """Fields every record may carry; the loader fills the private place attributes."""

    _file: str = PrivateAttr("")
    _line: int = PrivateAttr(1)
    _city: Optional[str] = PrivateAttr(None)
    _positions: object = PrivateAttr(None)
    _path: tuple = PrivateAttr(())

    @property
    def place(self) -> tuple[str, int]:
        return self._file, self._line

    @property
    def city_id(self) -> Optional[str]:
        """The city whose file holds this record (None for collections not kept per city)."""
        return self._city

    def export_values(self) -> dict:
        """Values the exports (JSON, CSV, SQLite) show in place of the stored ones: what the pages
        compute from the record, so that a reader of the data sees what a reader of the page sees."""
        return {}


# ---- source register ----------------------------------------------------------------------------
class Source(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$", title="Id / 编号", examples=["cq-npc-report-2022"])
    title: str = Field(min_length=1, title="Title as published / 原标题", description="In its own language. 保留原语言。")
    title_lang: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$", title="Title language / 标题语言", examples=["zh", "en"])
    publisher: Text
    # Optional because some pages carry no date at all: an undated source says so (note) rather than
    # borrowing the year it was read.
    date: Optional[PartialDate] = Field(None, title="Published / 发布日期", description="Leave out only when the source is undated, and say so in `note`. 仅在来源未注明日期时省略，并在 note 中说明。")
    url: Optional[Url] = None
    document: Optional[str] = Field(None, pattern=r"^\d{3}$", title="Commissioning document / 委托文件编号", description="000-004 for the five commissioning documents. 五份委托文件编号 000-004。")
    quality: Quality = Field(title="Quality / 来源等级", description=(
        "official (a government or official body's own domain, listed in data/official-domains.yml, or a commissioning `document`), "
        "official-media, partner-official, repost (a copy of someone else's text on another site; name the original in `original`), "
        "press-release (a press-release wire, or a party's own press release), media, secondary or weak. "
        "来源可靠程度：official 须为 data/official-domains.yml 所列政府或官方机构域名，或委托文件；repost 为转载（在 original 中注明原文）；press-release 为新闻稿通讯社或当事方自己的新闻稿。"))
    original: Optional[Text] = Field(None, title="Original / 原文出处", description="For a repost: who published the original text, and where, if known. 转载来源：原文的发布者及出处（如已知）。")
    accessed: Optional[PartialDate] = Field(None, title="Accessed / 读取日期", description="When the stored copy was read. Not a check of any record. 读取来源副本的日期，不表示核对了任何记录。")
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _locatable(self):
        if self.date is None and self.note is None:
            raise fail("source_undated", "a source without `date` needs a `note` saying it is undated — add `date: 'YYYY-MM-DD'` (or 'YYYY'), or a note",
                       "没有 `date` 的来源须在 `note` 中说明其未注明日期 — 请补上 `date`，或加 note 说明", field="id")
        if not self.url and not self.document:
            raise fail("source_unlocatable", "a source needs `url` (or `document` for a commissioning document) — add where a reader can check it",
                       "来源需要 `url`（委托文件可填 `document`）— 请补上读者可核查的位置", field="id")
        return self


class OfficialDomain(Record):
    """A domain suffix that marks a government or official body's own site: `quality: official` needs one."""

    suffix: str = Field(pattern=r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)+$", title="Domain suffix / 域名后缀",
                        description="Lowercase, without a leading dot: 'gov.cn' matches gov.cn and every *.gov.cn host. 小写，不带前导点；'gov.cn' 匹配 gov.cn 及所有 *.gov.cn。",
                        examples=["gov.cn", "mzv.cz"])
    note: Text = Field(title="Whose / 归属", description="Whose domain it is and why it counts as official. 域名归属及其属于官方的理由。")

    def matches(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host == self.suffix or host.endswith("." + self.suffix)


class SourcesFile(Strict):
    sources: list[Source] = Field(min_length=1)


# ---- units and glossary ----------------------------------------------------------------------------
class UnitNames(Strict):
    one: str = Field(min_length=1, title="Singular / 单数", description="English after the number 1: route, port, % … 数字 1 之后的英文。", examples=["port"])
    other: str = Field(min_length=1, title="Plural / 复数", description="English after any other number: routes, ports … 其他数字之后的英文。", examples=["ports"])


class Unit(Record):
    """A unit of measure: how each language writes it after (or before) a number."""

    id: Id
    zh: str = Field(min_length=1, title="Chinese unit / 中文单位", description="Written right after the number on Chinese pages, with 亿/万 as the source has it: 亿元, 万标箱, 个. 中文页面上紧随数字的单位，保留来源中的亿、万。", examples=["亿元"])
    scale: int = Field(1, ge=1, title="Scale / 倍数", description="What 1 of this unit counts in English base units: 100000000 for 亿, 10000 for 万, 1000000 for 百万. 该单位的 1 相当于多少个英文基本单位：亿 = 100000000，万 = 10000。", examples=[100000000])
    en: Optional[UnitNames] = Field(None, title="English unit / 英文单位", description="Singular and plural English, for counted things and measures (leave out for money). 英文单数与复数（货币不填）。")
    currency: Optional[str] = Field(None, min_length=1, title="Currency sign / 货币符号", description="For money: the sign English writes before the number (RMB, US$). 货币：英文写在数字前的符号。", examples=["RMB", "US$"])
    zh_base: Optional[str] = Field(None, min_length=1, title="Chinese base unit / 中文基本单位", description="When Chinese does not write numbers in this unit's scale (百万 is not a Chinese scale word): the base unit, and Chinese pages then write the whole number with 万/亿 (80 百万人次 -> 8,000万人次). 中文不按该倍数书写时（如“百万”），填写基本单位，中文页面改用万、亿书写完整数值。", examples=["人次"])
    joined: bool = Field(False, title="No space / 不留空格", description="true when the unit follows the number without a space in both languages (5%). 单位与数字之间不留空格时填 true（如 5%）。")
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _one_english_form(self):
        if (self.en is None) == (self.currency is None):
            raise fail("unit_en", "a unit needs either `en: {one: …, other: …}` (counted things, measures) or `currency:` (money), not both",
                       "单位须填写 `en: {one: …, other: …}`（计数或度量）或 `currency:`（货币）之一，不能同时填写")
        return self


class UnitsFile(Strict):
    units: list[Unit]


class Variant(Strict):
    """A form the glossary replaces."""

    form: str = Field(min_length=1, title="Variant / 变体", description="The replaced form as it appears in text (English: whole words, any case). 被替换的写法（英文按整词、不区分大小写匹配）。")
    lang: Literal["zh", "en"] = Field(title="Language / 语言", description="Which side of {zh, en} text it is looked for in. 在中文还是英文文本中查找。")
    pattern: bool = Field(False, title="Regular expression / 正则表达式", description="true when `form` is a regular expression (e.g. an ISO date in body text). form 为正则表达式时填 true。")
    kept_for: list[CityId] = Field([], title="Kept for / 保留于", description="Cities whose own official term this is: not flagged in their files. 该写法为其正式用语的城市：其数据文件中不提示。")
    kept_in: list[str] = Field([], title="Kept inside / 保留于名称", description="Official names that contain the variant and are kept as they are. 含有该变体但按原样保留的正式名称。")


class GlossaryTerm(Record):
    """One recurring term: the one Chinese and one English form the site writes, and the variants they replace."""

    id: Id
    zh: str = Field(min_length=1, title="Chinese form / 中文写法", description="The form the site writes. 本站采用的中文写法。")
    en: str = Field(min_length=1, title="English form / 英文写法", description="The form the site writes. 本站采用的英文写法。")
    replaces: list[Variant] = Field([], title="Replaces / 替换的写法", description="Forms `make check` flags in data text, with the preferred form. `make check` 在数据文本中提示的变体。")
    keep: Optional[Text] = Field(None, title="When the official term is kept / 何时保留正式用语", description="When a city's or body's own official term is kept. 何时保留城市或机构自己的正式用语。")
    note: Optional[Text] = None


# ---- cities ---------------------------------------------------------------------------------------
class City(Record):
    id: PlaceId = Field(title="Id / 编号", description="The city id, equal to the file name; other files refer to the city by it. 城市编号，与文件名相同。")
    order: int = Field(ge=1, title="Order / 顺序", description="Position of the city in menus, tables, charts and exports (1 = first); unique. 城市在菜单、表格、图表和导出中的位置（1 为第一），不可重复。")
    name: Text
    province: Id = Field(title="Province / 所在省级行政区", description="Id in data/provinces.yml. 省级行政区编号。",
                         json_schema_extra={"x-references": "provinces"})
    summary: Text
    indicators: list[Figure] = []
    sources: Sources


class Province(Strict):
    id: Id
    name: Text


class ProvincesFile(Strict):
    provinces: list[Province]


# ---- sister cities ------------------------------------------------------------------------------------
class Partner(Strict):
    name: Text
    country: Country
    kind: Literal["city", "province", "state", "region", "county", "district", "prefecture"] = "city"
    wikidata: Optional[str] = Field(None, pattern=r"^Q[0-9]+$")
    lat: Optional[float] = Field(None, ge=-90, le=90)
    lon: Optional[float] = Field(None, ge=-180, le=180)
    coords_source: Optional[str] = Field(None, json_schema_extra={"x-references": "sources"})

    @model_validator(mode="after")
    def _coords(self):
        if (self.lat is None) != (self.lon is None):
            raise fail("coords", "give both `lat` and `lon`, or neither — add the missing one or remove both", "`lat` 与 `lon` 须同时填写或同时省略 — 请补上缺少的一项，或两项都删除",
                       field="lat" if self.lat is not None else "lon")
        if self.lat is not None and not self.coords_source:
            raise fail("coords", "`lat`/`lon` need `coords_source` — add the source id of the coordinates (e.g. wikidata)",
                       "`lat`/`lon` 需要 `coords_source` — 请填写坐标来源编号（如 wikidata）", field="lat")
        return self


class SisterCity(Record):
    id: Id
    partner: Partner
    relation: Literal["sister-city", "friendly-exchange"] = Field(title="Relation / 关系类型", description="sister-city (国际友好城市) or friendly-exchange (友好交流/合作城市).")
    level: Literal["municipal", "district"] = Field(title="Level / 级别", description="municipal (市级) or district (区县级).")
    local_party: Optional[Text] = Field(None, title="Chinese party / 中方缔结单位", description="The district or county, for level: district. 区县级关系的中方区县。")
    established: Optional[PartialDate] = Field(None, title="Established / 缔结日期")
    status: Literal["active", "ended"] = "active"
    ended: Optional[PartialDate] = None
    status_as_of: Optional[PartialDate] = Field(None, title="Status as of / 状态截至", description=(
        "Date of the newest cited source that shows this status. Not in the future, not before `established`. "
        "显示该状态的最新来源的日期；不得晚于今天，不得早于缔结日期。"))
    review_days: Optional[int] = Field(None, ge=1, le=3650, title="Review every (days) / 复核周期（天）", description="Overrides the collection's value in data/review.yml. 覆盖 data/review.yml 中该集合的复核周期。")
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _lifecycle(self):
        if self.status == "ended" and not self.ended:
            raise fail("ended", "an ended relation needs `ended` (its end date) — add it", "已终止的关系需要填写 `ended`（终止日期）— 请补上", field="status")
        if self.status == "active" and self.ended:
            raise fail("ended", "`ended` is set but status is active — set status: ended or remove `ended`", "填写了 `ended` 但状态为 active — 请改为 status: ended 或删除 `ended`", field="ended")
        if date_before(self.established, self.ended):
            raise fail("date_order", f"established {self.established} is after ended {self.ended} — check both dates", f"缔结日期 {self.established} 晚于终止日期 {self.ended} — 请核对", field="established")
        if self.level == "district" and not self.local_party:
            raise fail("local_party", "a district-level relation needs `local_party` (the district or county) — add it", "区县级关系需要填写 `local_party`（中方区县）— 请补上", field="level")
        return self


# ---- consulates ------------------------------------------------------------------------------------
class Consulate(Record):
    id: Id
    country: Country
    name: Text
    kind: Literal["consulate-general", "consulate", "consular-office", "honorary-consulate"] = "consulate-general"
    status: Literal["approved", "open", "closed"] = Field(title="Status / 状态", description="approved (批准设立), open (已开馆) or closed (已闭馆).")
    approved: Optional[PartialDate] = None
    opened: Optional[PartialDate] = None
    closed: Optional[PartialDate] = None
    status_as_of: Optional[PartialDate] = Field(None, title="Status as of / 状态截至", description=(
        "Date of the newest cited source that shows this status. Not in the future, not before `approved`/`opened`/`closed`. "
        "显示该状态的最新来源的日期；不得晚于今天，不得早于批准、开馆或闭馆日期。"))
    review_days: Optional[int] = Field(None, ge=1, le=3650, title="Review every (days) / 复核周期（天）", description="Overrides the collection's value in data/review.yml. 覆盖 data/review.yml 中该集合的复核周期。")
    district: list[Id] = Field([], title="Consular district / 领区", description="Province ids. 省级行政区编号。",
                               json_schema_extra={"x-references": "provinces"})
    district_as_of: Optional[PartialDate] = None
    address: Optional[Text] = None
    website: Optional[Url] = None
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _lifecycle(self):
        if self.status == "closed" and not self.closed:
            raise fail("closed", "a closed post needs `closed` (the closing date) — add it", "已闭馆的领馆需要填写 `closed`（闭馆日期）— 请补上", field="status")
        if self.status != "closed" and self.closed:
            raise fail("closed", "`closed` is set but status is not closed — set status: closed or remove `closed`", "填写了 `closed` 但状态不是 closed — 请修改状态或删除 `closed`", field="closed")
        if self.status == "approved" and self.opened:
            raise fail("opened", "an opened post has status: open — change the status or remove `opened`", "已开馆的领馆状态应为 open — 请修改状态或删除 `opened`", field="opened")
        if date_before(self.opened, self.closed):
            raise fail("date_order", f"opened {self.opened} is after closed {self.closed} — check both dates", f"开馆日期 {self.opened} 晚于闭馆日期 {self.closed} — 请核对", field="opened")
        if date_before(self.approved, self.opened):
            raise fail("date_order", f"approved {self.approved} is after opened {self.opened} — check both dates", f"批准日期 {self.approved} 晚于开馆日期 {self.opened} — 请核对", field="approved")
        return self


# ---- channels, platforms, events -------------------------------------------------------------------
class Channel(Record):
    id: Id
    name: Text
    mode: Literal["rail", "rail-sea", "sea", "river", "air", "road", "data", "multimodal"]
    route: Optional[Text] = None
    since: Optional[PartialDate] = None
    description: Text
    figures: list[Figure] = []
    website: Optional[Url] = None
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None


class Platform(Record):
    id: Id
    name: Text
    kind: Literal["free-trade-zone", "cooperation-park", "centre", "initiative", "expo", "port", "other"]
    location: Optional[Text] = None
    since: Optional[PartialDate] = None
    description: Text
    figures: list[Figure] = []
    website: Optional[Url] = None
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None


class Edition(Strict):
    name: Text
    start: PartialDate
    end: Optional[PartialDate] = None
    status: Literal["confirmed", "tentative"] = "confirmed"
    venue: Optional[Text] = None
    sources: Sources

    @model_validator(mode="after")
    def _order(self):
        if date_before(self.start, self.end):
            raise fail("date_order", f"start {self.start} is after end {self.end} — check both dates", f"开始日期 {self.start} 晚于结束日期 {self.end} — 请核对", field="start")
        return self


class Event(Record):
    id: Id
    name: Text
    kind: Literal["expo", "fair", "forum", "conference", "sports", "culture"]
    frequency: Literal["annual", "biennial", "irregular", "one-off"]
    usual_month: Optional[int] = Field(None, ge=1, le=12)
    venue: Optional[Text] = None
    organiser: Optional[Text] = None
    since: Optional[PartialDate] = None
    website: Optional[Url] = None
    editions: list[Edition] = []
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None


class Period(Strict):
    start: PartialDate
    end: PartialDate


class Plan(Record):
    id: Id
    title: Text
    period: Optional[Period] = None
    adopted: Optional[PartialDate] = None
    goals: list[Text] = []
    targets: list[Figure] = []
    sources: Sources
    note: Optional[Text] = None


class RankingEntry(Strict):
    city: CityId
    rank: Optional[int] = None
    tier: Optional[Text] = None
    note: Optional[Text] = None


class Ranking(Record):
    id: Id
    name: Text
    publisher: Text
    year: PartialDate
    measures: Text
    entries: list[RankingEntry]
    sources: Sources


# ---- services ---------------------------------------------------------------------------------------
# Freshness: a date a reader sees states what happened on it (issue 13). `last_checked` is only the
# day the record was compared with the source(s) named in `checked_against`; otherwise the pages say
# "as of <date of the newest cited source>". The loader enforces the rest (loader._currency_checks).
_LAST_CHECKED = Field(None, title="Last checked / 最近核对", description=(
    "Only the day an editor compared this record with the source(s) in `checked_against`; leave out otherwise "
    "(the page then shows the date of the newest cited source). Not in the future. "
    "仅填写编辑对照 checked_against 所列来源核对本记录的日期；未核对则省略（页面显示最新来源的日期）。不得晚于今天。"))
_CHECKED_AGAINST = Field([], title="Checked against / 核对依据", description=(
    "The source(s) compared with the record on `last_checked` (source register ids). Required with last_checked. "
    "last_checked 当天用来核对的来源（来源登记表编号）；填写 last_checked 时必填。"))
_CHECK_NOTE = Field(None, title="Check note / 核对说明", description=(
    "Why the record was checked before its newest cited source's date, if so. "
    "若核对日期早于所引最新来源的日期，说明原因。"))
_REVIEW_DAYS = Field(None, ge=1, le=3650, title="Review every (days) / 复核周期（天）", description=(
    "Overrides the collection's value in data/review.yml. 覆盖 data/review.yml 中该集合的复核周期。"))


class Service(Record):
    id: Id
    kind: ServiceKind
    name: Text
    address: Optional[Text] = None
    phone: list[Phone] = []
    hours: Optional[Text] = None
    languages: list[str] = Field([], description="ISO 639-1 codes. ISO 639-1 语言代码。")
    website: Optional[Url] = None
    last_checked: Optional[PartialDate] = _LAST_CHECKED
    checked_against: list[Cite] = _CHECKED_AGAINST
    check_note: Optional[Text] = _CHECK_NOTE
    review_days: Optional[int] = _REVIEW_DAYS
    status: ServiceStatus = Field("open", title="Status / 状态", description=(
        "open, moved (the service now operates elsewhere: give `successor`) or closed. Guides may not refer to a moved or closed record. "
        "open（开放）、moved（已迁址，须填 successor）或 closed（已关闭）。指南不得引用已迁址或关闭的记录。"))
    status_date: Optional[PartialDate] = Field(None, title="Status date / 状态日期", description=(
        "When it moved or closed (required for moved and closed). 迁址或关闭的日期（moved、closed 时必填）。"))
    successor: Optional[Id] = Field(None, title="Successor / 接替记录", description=(
        "For moved: the id of the record in the same file that replaced it. 迁址时：同一文件中接替它的记录的 id。"))
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _lifecycle(self):
        if self.status != "open" and not self.status_date:
            raise fail("status_date", f"a {self.status} record needs `status_date` (when it {self.status}) — add it",
                       f"状态为 {self.status} 的记录须填写 `status_date`（迁址或关闭日期）— 请补上")
        if self.status == "open" and (self.status_date or self.successor):
            raise fail("status", "`status_date`/`successor` are set but the status is open — set status: moved or closed, or remove them",
                       "填写了 `status_date`/`successor`，但状态为 open — 请改为 moved 或 closed，或删除这两项")
        if self.status == "moved" and not self.successor:
            raise fail("successor", "a moved record needs `successor` (the id of the record that replaced it) — add it",
                       "已迁址的记录须填写 `successor`（接替它的记录的 id）— 请补上")
        if self.successor == self.id:
            raise fail("successor", "a record cannot be its own successor — use the id of the record that replaced it",
                       "记录不能以自己为 successor — 请填写接替它的记录的 id")
        return self


_REFS = Field([], title="Directory records / 名录条目", description=(
    "Directory records this text mentions: the page shows their current name, address, phones and status. "
    "Do not repeat those in the text. 本段提到的名录条目：页面显示其现行名称、地址、电话和状态，正文不必重复。"))


class Step(Strict):
    title: Text
    do: Text
    documents: list[Text] = []
    where: Optional[Text] = None
    fees: Optional[Text] = None
    time: Optional[Text] = None
    sources: Sources
    refs: list[Ref] = _REFS


class CityNote(Strict):
    city: CityId
    text: Text
    sources: Sources
    refs: list[Ref] = _REFS


class Guide(Record):
    id: Id
    scope: Scope
    title: Text
    summary: Text
    who: Optional[Text] = None
    steps: list[Step] = Field(min_length=1)
    city_notes: list[CityNote] = []
    last_checked: Optional[PartialDate] = _LAST_CHECKED
    checked_against: list[Cite] = _CHECKED_AGAINST
    check_note: Optional[Text] = _CHECK_NOTE
    review_days: Optional[int] = _REVIEW_DAYS
    sources: Sources
    conflicts: list[Conflict] = []
    first_week: Optional[FirstWeek] = Field(None, title="First week / 第一周", description=(
        "Puts the guide on every city's first-week page, in this order. 将本指南列入各城市“第一周”页面及其顺序。"))
    related: list[Id] = Field([], title="Related guides / 相关指南", description=(
        "ids of other guides to link from this one. 本指南链接的其他指南的 id。"))


# ---- language environment -------------------------------------------------------------------------
StandardStatus = Literal["current", "superseded", "repealed", "expired", "unverified"]


class StandardPart(Strict):
    code: str
    title: Text
    sector: Optional[str] = None
    issued: Optional[PartialDate] = None
    effective: Optional[PartialDate] = None
    status: Optional[StandardStatus] = None
    note: Optional[Text] = None


class Standard(Record):
    id: Id
    code: str
    title: Text
    jurisdiction: Literal["national", "beijing", "shanghai", "xian", "shaanxi", "chongqing", "chengdu", "sichuan", "guangzhou", "guangdong"]
    kind: Literal["standard", "rule", "plan", "opinion"] = "standard"
    issuer: Optional[Text] = None
    issued: Optional[PartialDate] = None
    effective: Optional[PartialDate] = None
    status: StandardStatus
    superseded_by: Optional[str] = Field(None, json_schema_extra={"x-references": "standards"})
    sector: Optional[str] = None
    parts: list[StandardPart] = []
    sources: Sources
    conflicts: list[Conflict] = []
    note: Optional[Text] = None


Sector = Literal["transport", "tourism", "culture", "sports", "education", "medical", "post-telecom",
                 "catering-accommodation", "commerce-finance", "general"]


class StandardCite(Strict):
    ref: str = Field(title="Standard id / 标准编号", description="id in data/standards.yml.", json_schema_extra={"x-references": "standards"})
    part: Optional[str] = Field(None, examples=["GB/T 30240.2-2017"])
    clause: Optional[Union[str, Text]] = Field(None, examples=["4.1.2", {"zh": "摘要 §1.3.1", "en": "summary §1.3.1"}])


class SignTerm(Record):
    id: Id
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    pinyin: Optional[str] = None
    sector: Sector
    standard: StandardCite
    variants: list[str] = []
    avoid: list[str] = []
    note: Optional[Text] = None
    sources: Sources

    def export_values(self) -> dict:
        from .pinyin import term_pinyin
        return {"pinyin": term_pinyin(self)}  # the lookup's pinyin: the editor's, else computed


class FollowUp(Strict):
    text: Text
    date: PartialDate
    source: Cite


class Recommendation(Record):
    id: Id
    kind: Literal["gap", "recommendation", "measure"]
    area: Literal["coordination", "people-to-people", "publicity", "city-environment", "language-environment",
                  "services", "chengdu-chongqing", "economy", "channels", "other"]
    text: Text
    source: Cite
    follow_up: list[FollowUp] = []


class ReportChannel(Record):
    id: Id
    city: Annotated[PlaceId, Field(title="Place / 地方", description="national, a city id (data/cities/) or a province id (data/provinces.yml, e.g. beijing). national、城市编号或省级行政区编号。"),
                    RefersTo("cities", "provinces", also=("national",))]
    name: Text
    how: Text
    url: Optional[Url] = None
    phone: Optional[Phone] = None
    sources: Sources
