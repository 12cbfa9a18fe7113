"""Titles and descriptions, in both languages, for fields the models do not describe themselves.
Used for the committed JSON Schemas (editors' autocompletion) and the open-data page."""
from __future__ import annotations

D = {
    "accessed": ("Accessed / 读取日期", "When the stored copy of the source was read; not a check of any record. 读取来源副本的日期，不表示核对了任何记录。"),
    "address": ("Address / 地址", "Street address in both languages. 中英文地址。"),
    "adopted": ("Adopted / 发布日期", "When the plan was adopted or published. 规划通过或发布的日期。"),
    "approved": ("Approved / 批准日期", "When the post was approved. 批准设立的日期。"),
    "area": ("Area / 领域", "What the recommendation is about. 建议所属领域。"),
    "avoid": ("Avoid / 应避免", "Wrong translations a source names. 来源指出的错误译法。"),
    "city": ("City / 城市", "City id: a file name in data/cities/ (national for nationwide). 城市编号：data/cities/ 中的文件名（全国性为 national）。"),
    "city_notes": ("City notes / 各城市说明", "City-specific steps with sources. 各城市的具体说明及来源。"),
    "clause": ("Clause / 条款", "Clause or annex of the standard. 标准的条款或附录。"),
    "closed": ("Closed / 闭馆日期", "When the post closed. 闭馆日期。"),
    "code": ("Code / 编号", "Official code of the standard. 标准编号。"),
    "conflicts": ("Conflicts / 来源分歧", "What other sources say, with why we chose our value. 其他来源的不同说法及取舍理由。"),
    "coords_source": ("Coordinates source / 坐标来源", "Source id of lat/lon. 经纬度的来源编号。"),
    "country": ("Country / 国家", "ISO 3166-1 alpha-2 code. ISO 3166-1 两位国家代码。"),
    "date": ("Date / 日期", "As precise as the source: YYYY, YYYY-MM or YYYY-MM-DD. 日期，精确程度与来源一致。"),
    "description": ("Description / 说明", "What it is, in both languages. 中英文简介。"),
    "district_as_of": ("District as of / 领区截至", "Date the consular district refers to. 领区信息所指日期。"),
    "do": ("What to do / 做什么", "The action of this step. 本步骤要做的事。"),
    "documents": ("Documents / 材料", "Documents to bring. 需携带的材料。"),
    "editions": ("Editions / 届次", "Known editions with dates (for the calendar). 已知届次及日期（用于日历）。"),
    "effective": ("Effective / 实施日期", "When it took effect. 实施日期。"),
    "en": ("English / 英文", "English text. 英文文本。"),
    "end": ("End / 结束", "Last day. 结束日期。"),
    "ended": ("Ended / 终止日期", "When the relation ended. 关系终止日期。"),
    "entries": ("Entries / 名次", "Each city's rank or tier. 各城市的排名或梯队。"),
    "established": ("Established / 缔结日期", "When the relation was established. 缔结日期。"),
    "fees": ("Fees / 费用", "Fees, if any. 费用。"),
    "figures": ("Figures / 数据", "Figures with value, unit, as-of date and source. 数字（含数值、单位、日期和来源）。"),
    "follow_up": ("Follow-up / 后续进展", "Later sourced reports bearing on it; empty = none found. 此后有来源的进展；为空表示未找到。"),
    "frequency": ("Frequency / 频率", "annual, biennial, irregular or one-off. 举办频率。"),
    "goals": ("Goals / 目标任务", "The plan's goals in both languages. 规划目标。"),
    "hours": ("Hours / 时间", "Opening or service hours. 开放或服务时间。"),
    "how": ("How / 方式", "How to use the channel. 使用方式。"),
    "id": ("Id / 编号", "Lowercase ASCII letters, digits and hyphens; unique; used in anchors and exports. 小写字母、数字和连字符组成的唯一编号。"),
    "indicators": ("Indicators / 指标", "Headline figures with value, unit, as-of date and source. 主要指标。"),
    "issued": ("Issued / 发布日期", "When it was issued. 发布日期。"),
    "issuer": ("Issuer / 发布机构", "Who issued it. 发布机构。"),
    "jurisdiction": ("Jurisdiction / 适用范围", "Where it applies. 适用地区。"),
    "kind": ("Kind / 类型", "The record's type (see the allowed values). 记录类型（见允许值）。"),
    "label": ("Label / 名称", "What the figure measures. 指标名称。"),
    "last_checked": ("Last checked / 最近核对", "Only the day an editor compared the entry with the sources named in checked_against. 仅为编辑对照 checked_against 所列来源核对的日期。"),
    "lat": ("Latitude / 纬度", "Decimal degrees. 十进制度。"),
    "location": ("Location / 位置", "Where it is. 所在位置。"),
    "lon": ("Longitude / 经度", "Decimal degrees. 十进制度。"),
    "measures": ("Measures / 衡量内容", "What the ranking measures. 排名衡量的内容。"),
    "mode": ("Mode / 方式", "rail, rail-sea, sea, river, air, road, data or multimodal. 运输方式。"),
    "name": ("Name / 名称", "Official name in both languages. 中英文正式名称。"),
    "note": ("Note / 说明", "Anything a reader should know. 读者需要了解的说明。"),
    "opened": ("Opened / 开馆日期", "When the post opened. 开馆日期。"),
    "organiser": ("Organiser / 主办方", "Who organises it. 主办单位。"),
    "part": ("Part / 部分", "Part code of the standard, e.g. GB/T 30240.2-2017. 标准分部分编号。"),
    "partner": ("Partner / 友城", "The partner city or region. 友好城市或地区。"),
    "parts": ("Parts / 分部分", "The standard's parts. 标准的各部分。"),
    "period": ("Period / 期限", "Years the plan covers. 规划期限。"),
    "phone": ("Phone / 电话", "Digits, spaces, '-' and a leading '+'. 电话号码。"),
    "languages": ("Languages / 语言", "ISO 639-1 codes of the languages served. 提供服务的语言（ISO 639-1 代码）。"),
    "pinyin": ("Pinyin / 拼音", "Only when the computed pinyin is wrong (polyphones). The exports always give pinyin: this one, else the computed one. 仅在自动拼音有误时填写。导出数据总会给出拼音：有此值用此值，否则为自动拼音。"),
    "provinces": ("Provinces / 省级行政区", "Province ids and names. 省级行政区编号与名称。"),
    "publisher": ("Publisher / 发布者", "Who published it, in both languages. 发布机构。"),
    "rank": ("Rank / 名次", "Position in the ranking. 名次。"),
    "records": ("Records / 记录", "The file's records. 文件中的记录。"),
    "review_days": ("Review every (days) / 复核周期（天）", "Days after last_checked (or else the newest source's date) until the entry is due; overrides data/review.yml. 自 last_checked（或最新来源日期）起的复核天数；覆盖 data/review.yml。"),
    "route": ("Route / 线路", "Endpoints or coverage. 起讫点或覆盖范围。"),
    "scope": ("Scope / 口径", "What exactly is counted. 统计口径。"),
    "sector": ("Sector / 领域", "Sector of public service. 公共服务领域。"),
    "since": ("Since / 始于", "When it started. 开始时间。"),
    "source": ("Source / 来源", "Source id in the register, with locator. 来源登记表编号及位置。"),
    "sources": ("Sources / 来源", "Source ids in the register. 来源登记表编号。"),
    "standard": ("Standard / 出处标准", "Standard id, part and clause. 标准编号、部分和条款。"),
    "start": ("Start / 开始", "First day. 开始日期。"),
    "status": ("Status / 状态", "Current status (see the allowed values). 当前状态（见允许值）。"),
    "steps": ("Steps / 步骤", "The steps, each with its sources. 各步骤及其来源。"),
    "summary": ("Summary / 概述", "Short overview in both languages. 中英文概述。"),
    "superseded_by": ("Superseded by / 替代标准", "Id of the standard that replaced it. 替代标准的编号。"),
    "target_year": ("Target year / 目标年份", "The year a target aims for. 目标年份。"),
    "targets": ("Targets / 目标值", "Targets with years. 目标值及年份。"),
    "text": ("Text / 内容", "Chinese original and English (site's translation unless official). 中文原文及英文。"),
    "tier": ("Tier / 梯队", "Tier in the ranking. 梯队。"),
    "time": ("Time / 办理时间", "How long it takes. 办理时限。"),
    "title": ("Title / 标题", "Title (in both languages, or as published for sources). 标题。"),
    "title_lang": ("Title language / 标题语言", "Language code of the title. 标题语言代码。"),
    "unit": ("Unit / 单位", "Unit in both languages. 中英文单位。"),
    "url": ("Link / 链接", "http(s), mailto or tel link. 链接。"),
    "usual_month": ("Usual month / 通常月份", "Month it is usually held, 1-12. 通常举办月份（1-12）。"),
    "value": ("Value / 数值", "The number as the source states it. 来源所述数值。"),
    "variants": ("Variants / 可接受变体", "Acceptable alternatives a source gives. 来源认可的其他译法。"),
    "venue": ("Venue / 地点", "Where it is held. 举办地点。"),
    "website": ("Website / 官方网站", "Official website (http/https). 官方网站。"),
    "where": ("Where / 地点", "Where to go. 办理地点。"),
    "who": ("Who / 适用对象", "Who the guide is for. 适用对象。"),
    "wikidata": ("Wikidata / 维基数据", "Wikidata item, e.g. Q7880. 维基数据条目编号。"),
    "year": ("Year / 年份", "Year or date of the ranking. 排名年份。"),
    "zh": ("Chinese / 中文", "Simplified Chinese text (authoritative). 简体中文文本（权威版本）。"),
}


def fill(schema: dict) -> dict:
    """Add missing titles/descriptions to every property of the schema and its $defs (in place)."""
    def walk(node):
        for name, prop in node.get("properties", {}).items():
            if name in D:
                title, description = D[name]
                if " / " not in prop.get("title", ""):  # pydantic's auto title is English only
                    prop["title"] = title
                prop.setdefault("description", description)
        for sub in node.get("$defs", {}).values():
            walk(sub)
    walk(schema)
    return schema


def fields_of(schema: dict) -> list[tuple[str, str, str]]:
    """(field path, title, description) for the fields of one record, one level of nesting deep."""
    defs = schema.get("$defs", {})

    def resolve(prop):
        for key in ("$ref",):
            if key in prop:
                return defs.get(prop[key].split("/")[-1], {})
        for alt in prop.get("anyOf", []) + ([prop["items"]] if isinstance(prop.get("items"), dict) else []):
            found = resolve(alt)
            if found:
                return found
        return {}

    record = schema
    props = schema.get("properties", {})
    for key in ("records", "sources", "provinces"):
        if key in props and len(props) <= 2:
            record = resolve(props[key])
            break
    out = []
    for name, prop in record.get("properties", {}).items():
        out.append((name, prop.get("title", ""), prop.get("description", "")))
        sub = resolve(prop)
        if sub and set(sub.get("properties", {})) not in ({"zh", "en", "en_official"},):
            for child, cprop in sub.get("properties", {}).items():
                out.append((f"{name}.{child}", cprop.get("title", ""), cprop.get("description", "")))
    return out


def split_bilingual(text: str) -> tuple[str, str]:
    """'English. 中文。' / 'Title / 标题' -> (english, chinese)."""
    if " / " in text:
        en, _, zh = text.partition(" / ")
        return en.strip(), zh.strip()
    for i, ch in enumerate(text):
        if "\u4e00" <= ch <= "\u9fff" or ch in "（“":
            return text[:i].strip(), text[i:].strip()
    return text.strip(), text.strip()
