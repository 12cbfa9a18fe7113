"""The registry of collections: where each lives under data/, its file shape and its model.
Adding a collection = one entry here + its model (+ templates for its pages)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from pydantic import Field, create_model

from . import models as m
from .directory import OfficialList
from .fields import PlaceId, Strict


@dataclass(frozen=True)
class Collection:
    name: str  # public name: export file site/data/<name>.json, schema data/schemas/<name>.schema.json
    path: str  # folder (ends with /) or file under data/
    model: type
    shape: Literal["list", "single"] = "list"
    list_key: str = "records"
    # Kept per city: one file per city, whose `city:` key equals the file name and is a city id of
    # data/cities/ (checked by the loader) or one of `city_also` (e.g. national).
    per_city: bool = False
    city_also: tuple = ()
    key: str = "id"  # the field that identifies a record (within its city, for per-city collections)
    title_zh: str = ""
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""

    @property
    def city_key(self) -> bool:
        """True for collections kept per city (records carry their file's city)."""
        return self.per_city

    @property
    def is_folder(self) -> bool:
        return self.path.endswith("/")

    def file_model(self):
        """The pydantic model of one whole file (also the committed JSON Schema)."""
        cached = _FILE_MODELS.get(self.name)
        if cached:
            return cached
        doc = f"{self.title_en} / {self.title_zh}: {self.description_en} {self.description_zh}".strip()
        if self.shape == "single":
            model = self.model
        else:
            fields = {}
            if self.per_city:
                also = "".join(f" or {v}" for v in self.city_also)
                also_zh = "".join(f"或 {v}" for v in self.city_also)
                fields["city"] = (PlaceId, Field(title="City / 城市", description=f"A city id (a file name in data/cities/){also}; must equal this file's name. "
                                            f"城市编号（data/cities/ 中的文件名）{also_zh}，须与本文件名一致。"))
            fields[self.list_key] = (list[self.model], Field(title="Records / 记录"))
            model = create_model(self.model.__name__ + "File", __base__=Strict, __doc__=doc, **fields)
        _FILE_MODELS[self.name] = model
        return model


_FILE_MODELS: dict = {}

COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", "sources/", m.Source, list_key="sources",
               title_zh="来源登记", title_en="Source register",
               description_zh="本站引用的所有来源。", description_en="Every source the site cites."),
    Collection("official-domains", "official-domains.yml", m.OfficialDomain, list_key="domains", key="suffix",
               title_zh="官方域名", title_en="Official domains",
               description_zh="来源等级 official 所需的政府或官方机构域名后缀。",
               description_en="Domain suffixes of governments and official bodies, which `quality: official` needs."),
    Collection("provinces", "provinces.yml", m.Province, list_key="provinces",
               title_zh="省级行政区", title_en="Provinces",
               description_zh="用于领区等字段的省级行政区编号。", description_en="Province ids used by consular districts."),
    Collection("units", "units.yml", m.Unit, list_key="units",
               title_zh="计量单位", title_en="Units",
               description_zh="数字的单位：中文写法、英文单复数或货币符号、倍数（亿、万）。",
               description_en="Units of figures: the Chinese form, English singular/plural or currency sign, and scale (亿, 万)."),
    Collection("glossary", "glossary.yml", m.GlossaryTerm, list_key="terms",
               title_zh="术语表", title_en="Glossary",
               description_zh="反复出现的术语：本站采用的中英文写法及其替换的变体。",
               description_en="Recurring terms: the one Chinese and one English form the site writes, and the variants they replace."),
    Collection("cities", "cities/", m.City, shape="single",
               title_zh="城市概况", title_en="City profiles",
               description_zh="城市概况与主要指标。", description_en="City profiles and headline indicators."),
    Collection("sister-cities", "sister-cities/", m.SisterCity, per_city=True,
               title_zh="国际友好城市", title_en="Sister cities",
               description_zh="国际友好城市与友好交流城市。", description_en="Sister cities and friendly-exchange cities."),
    Collection("consulates", "consulates/", m.Consulate, per_city=True,
               title_zh="外国领事机构", title_en="Foreign consulates",
               description_zh="设在城市的外国领事机构。", description_en="Foreign consular posts located in the city."),
    Collection("channels", "channels/", m.Channel, per_city=True,
               title_zh="开放通道", title_en="Channels",
               description_zh="铁路、海运、航空与数据通道。", description_en="Rail, sea, air and data corridors."),
    Collection("platforms", "platforms/", m.Platform, per_city=True,
               title_zh="开放平台", title_en="Open platforms",
               description_zh="自贸区、合作园区、国际中心等。", description_en="Free trade zones, cooperation parks, centres."),
    Collection("events", "events/", m.Event, per_city=True,
               title_zh="国际活动", title_en="International events",
               description_zh="定期举办的国际会展、论坛和赛事。", description_en="Recurring international fairs, forums and races."),
    Collection("plans", "plans/", m.Plan, per_city=True,
               title_zh="规划与目标", title_en="Plans and targets",
               description_zh="文件中的规划、目标与年份。", description_en="The documents' plans, goals and targets."),
    Collection("rankings", "rankings.yml", m.Ranking,
               title_zh="城市排名", title_en="Rankings",
               description_zh="来源文件引用的城市排名。", description_en="City rankings the sources cite."),
    Collection("services", "services/", m.Service, per_city=True, city_also=("national",),
               title_zh="服务名录", title_en="Services directory",
               description_zh="医院、学校、出入境与热线。", description_en="Hospitals, schools, exit-entry offices, hotlines."),
    Collection("official-lists", "official-lists.yml", OfficialList,
               title_zh="官方名单", title_en="Official lists",
               description_zh="服务名录各栏目对照的官方名单：名称、数量、日期、来源及名录中已列条目。",
               description_en="The official lists behind each section of the services directory: designation, count, date, source and the entries listed."),
    Collection("guides", "guides/", m.Guide, shape="single",
               title_zh="办事指南", title_en="Guides",
               description_zh="外籍人士分步办事指南。", description_en="Step-by-step guides for foreign residents."),
    Collection("standards", "standards.yml", m.Standard,
               title_zh="译写标准", title_en="Translation standards",
               description_zh="公共服务领域英文译写标准与规定。", description_en="Standards and rules for English in public services."),
    Collection("sign-terms", "sign-terms/", m.SignTerm,
               title_zh="标识译法", title_en="Sign translations",
               description_zh="公共标识的标准英文译法。", description_en="Standard English for public signs."),
    Collection("recommendations", "recommendations/", m.Recommendation,
               title_zh="建议与跟进", title_en="Recommendations",
               description_zh="文件中的建议、问题及后续进展。", description_en="The documents' recommendations, gaps and follow-up."),
    Collection("report-channels", "report-channels.yml", m.ReportChannel,
               title_zh="标识纠错渠道", title_en="Report a wrong sign",
               description_zh="各地报告错误标识的官方渠道。", description_en="Official channels to report a wrong sign."),
)

BY_NAME = {c.name: c for c in COLLECTIONS}
