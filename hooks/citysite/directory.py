"""The services directory in depth: official lists (listed N of M), guide references to directory
records, and the first-week pages. Models, cross-record checks and the derived views live here;
markup is in overrides/site/ (first-week.md.j2, _refs.html, services.md.j2)."""
from __future__ import annotations

import difflib
from typing import Optional

from pydantic import Field, model_validator

from .fields import CityId, Cite, Id, PartialDate, Sources, Text, fail
from .models import Record
from .problems import Problem
from .refs import Ref, ServiceKind


class OfficialList(Record):
    """What one section of the services directory is, measured against the official list where one
    exists: for a city and a kind of service, the heading, the designation and its count (M), the
    directory entries on it (N) and why N and M differ."""

    id: Id
    city: CityId
    kind: ServiceKind = Field(title="Kind / 类型", description="The kind of directory entry this list is about. 名单对应的服务类型。")
    heading: Optional[Text] = Field(
        None, title="Heading / 栏目标题",
        description="The directory section's heading. Claim only what the entries are: a designation only where a source gives one. "
                    "名录栏目标题。只写条目确实是什么：有来源指定时才可用“定点”等名称。")
    designation: Optional[Text] = Field(None, title="Designation / 官方名称", description="The official list's or designation's name. 官方名单或指定的名称。")
    count: Optional[int] = Field(None, ge=0, title="Official count / 官方数量", description="Entries on the official list, as the source states. 来源所述的官方名单数量。")
    as_of: Optional[PartialDate] = Field(None, title="As of / 截至", description="Date the count refers to. 数量所指日期。")
    scope: Optional[Text] = Field(None, title="Scope / 统计口径", description="What exactly is counted. 统计范围。")
    source: Optional[Cite] = Field(None, title="Source of the count / 数量来源")
    members: list[Id] = Field([], title="On the list / 在名单上",
                              description="ids of this city's directory entries that are on the official list. 本市名录中在官方名单上的条目编号。")
    gap: Text = Field(title="Gap / 差距说明", description="Why the directory lists fewer (or no official list was found). 名录少于官方数量（或未找到官方名单）的原因。")
    sources: Sources

    @model_validator(mode="after")
    def _count_is_a_claim(self):
        parts = {"count": self.count is not None, "as_of": self.as_of is not None, "source": self.source is not None,
                 "designation": self.designation is not None}
        if any(parts.values()) and not all(parts.values()):
            missing = ", ".join(f"`{k}`" for k, present in parts.items() if not present)
            raise fail("official_count",
                       f"an official count needs `count`, `as_of`, `source` and `designation` together — add {missing}, or remove the others if no official list was found",
                       f"官方数量须同时填写 `count`、`as_of`、`source` 和 `designation` — 请补上 {missing}；如未找到官方名单，请删除其余几项")
        if self.members and self.count is None:
            raise fail("members", "`members` lists entries on an official list, but this record has no official count — remove `members` or add the count",
                       "`members` 用于列出官方名单上的条目，但本记录没有官方数量 — 请删除 `members` 或补上数量")
        if self.count is not None and len(self.members) > self.count:
            raise fail("members", f"{len(self.members)} members but the official count is {self.count} — check both",
                       f"`members` 有 {len(self.members)} 个，多于官方数量 {self.count} — 请核对")
        return self


# ---- cross-record checks (called by loader._cross_checks) ---------------------------------------
def _problem(rec, sub: tuple, en: str, zh: str) -> Problem:
    from .yamlsafe import format_path
    full = rec._path + sub
    line, col = rec._positions.find(full)
    return Problem(rec._file, line, col, format_path(full), en, zh)


def _service_index(ds) -> dict:
    return {(s.city_id, s.id): s for s in ds.records.get("services", [])}


def _walk_refs(guide):
    """(path inside the guide, Ref) for every reference in a guide's steps and city notes."""
    for i, step in enumerate(guide.steps):
        for j, ref in enumerate(step.refs):
            yield ("steps", i, "refs", j), ref
    for i, note in enumerate(guide.city_notes):
        for j, ref in enumerate(note.refs):
            yield ("city_notes", i, "refs", j), ref


def check(ds) -> list[Problem]:
    out: list[Problem] = []
    services = _service_index(ds)
    # A record's successor is a record of the same file; a successor must itself be current.
    for s in ds.records.get("services", []):
        if s.successor:
            succ = services.get((s.city_id, s.successor))
            if succ is None:
                ids = [sid for (cid, sid) in services if cid == s.city_id]
                close = difflib.get_close_matches(s.successor, ids, n=1)
                out.append(_problem(s, ("successor",),
                                    f"successor {s.successor!r} is not a record in this file{f' (did you mean {close[0]!r}?)' if close else ''} — use the id of the record that replaced it",
                                    f"successor {s.successor!r} 不是本文件中的记录{f'（是否应为 {close[0]!r}？）' if close else ''} — 请填写接替它的记录的 id"))
            elif succ.status != "open":
                out.append(_problem(s, ("successor",), f"successor {s.successor!r} is itself {succ.status} — point to the record that is open now",
                                    f"successor {s.successor!r} 本身状态为 {succ.status} — 请指向现在仍开放的记录"))
    # Every reference in a guide resolves, and never to a record that moved or closed.
    for guide in ds.records.get("guides", []):
        for sub, ref in _walk_refs(guide):
            target = services.get((ref.city, ref.id))
            if target is None:
                ids = [sid for (cid, sid) in services if cid == ref.city]
                close = difflib.get_close_matches(ref.id, ids, n=1)
                hint_en = f" (did you mean {close[0]!r}?)" if close else ""
                hint_zh = f"（是否应为 {close[0]!r}？）" if close else ""
                out.append(_problem(guide, sub + ("id",),
                                    f"no record {ref.id!r} in data/services/{ref.city}.yml{hint_en} — fix the id or the city",
                                    f"data/services/{ref.city}.yml 中没有记录 {ref.id!r}{hint_zh} — 请修改 id 或城市"))
            elif target.status != "open":
                succ = f"; it was replaced by {target.successor!r}" if target.successor else ""
                succ_zh = f"；接替它的是 {target.successor!r}" if target.successor else ""
                out.append(_problem(guide, sub + ("id",),
                                    f"{ref.id!r} is {target.status} since {target.status_date}{succ} — refer to the record that is current",
                                    f"{ref.id!r} 已于 {target.status_date} {'迁址' if target.status == 'moved' else '关闭'}{succ_zh} — 请改为引用现行记录"))
        # A city note refers to records of its own city (or nationwide ones).
        for i, note in enumerate(guide.city_notes):
            for j, ref in enumerate(note.refs):
                if ref.city not in (note.city, "national"):
                    out.append(_problem(guide, ("city_notes", i, "refs", j, "city"),
                                        f"a {note.city} note refers to a {ref.city} record — use a record of {note.city} or a national one",
                                        f"{note.city} 的城市说明引用了 {ref.city} 的记录 — 请引用本市或全国的记录"))
    # Official lists: one per city and kind; members are that city's entries of that kind.
    seen: dict = {}
    for rec in ds.records.get("official-lists", []):
        key = (rec.city, rec.kind)
        if key in seen:
            first = seen[key]
            out.append(_problem(rec, ("kind",), f"{rec.city} already has an official list for {rec.kind} at {first._file}:{first._line} — merge the two",
                                f"{rec.city} 的 {rec.kind} 已有官方名单记录（{first._file}:{first._line}）— 请合并"))
        seen.setdefault(key, rec)
        for i, mid in enumerate(rec.members):
            s = services.get((rec.city, mid))
            if s is None or s.kind != rec.kind:
                out.append(_problem(rec, ("members", i),
                                    f"{mid!r} is not a {rec.kind} entry in data/services/{rec.city}.yml — use the id of one",
                                    f"{mid!r} 不是 data/services/{rec.city}.yml 中类型为 {rec.kind} 的条目 — 请使用该类条目的 id"))
            elif s.status != "open":
                out.append(_problem(rec, ("members", i),
                                    f"{mid!r} is {s.status} — list the record that is open now{f' ({s.successor!r})' if s.successor else ''}",
                                    f"{mid!r} 状态为 {s.status} — 请改列现行记录{f'（{s.successor!r}）' if s.successor else ''}"))
    return out


# ---- derived views (View delegates here) -----------------------------------------------------
def official_list(ds, city: str, kind: str):
    return next((r for r in ds.records.get("official-lists", []) if r.city == city and r.kind == kind), None)


def resolve(ds, ref: Ref):
    return _service_index(ds).get((ref.city, ref.id))


def successor(ds, record):
    return _service_index(ds).get((record.city_id, record.successor)) if record.successor else None


def first_week_guides(ds) -> list:
    return sorted((g for g in ds.records.get("guides", []) if g.first_week), key=lambda g: (g.first_week.order, g.id))


def first_week_offices(ds, guide, city: str) -> list:
    """The city's current directory entries of the kinds the guide names that have a phone (the page is
    for calling and going; entries without a phone are one click away on the services page)."""
    kinds = guide.first_week.offices if guide.first_week else []
    found = [s for s in ds.records.get("services", [])
             if s.city_id == city and s.kind in kinds and s.status == "open" and s.phone]
    return sorted(found, key=lambda s: kinds.index(s.kind))


def first_week_numbers(ds, city: str, kinds: tuple) -> list:
    """Numbers to keep: nationwide hotlines, then the city's hotlines and offices of `kinds` that have a phone."""
    items = [s for s in ds.records.get("services", []) if s.city_id == "national" and s.kind == "hotline" and s.phone]
    items += [s for s in ds.records.get("services", [])
              if s.city_id == city and s.kind in kinds and s.phone and s.status == "open"]
    return items
