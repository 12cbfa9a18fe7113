"""Calendar feeds (RFC 5545) of the known event editions: site/data/events.ics (all cities) and
site/data/events-<city>.ics, built with the `icalendar` library.

Rules (also on the open-data page):
- One VEVENT per edition whose dates are known to the day: `start` is 'YYYY-MM-DD' and `end` is
  'YYYY-MM-DD' or absent (then the event spans the first day only and its DESCRIPTION says that the
  end date is not known). An edition known only to the month or year is NOT put
  in the calendar (we never invent a day); `calendar_editions()` returns those as `skipped`.
- All-day events: DTSTART;VALUE=DATE and DTEND;VALUE=DATE = last day + 1 (DTEND is exclusive).
  All-day dates are floating dates, so no VTIMEZONE is needed and none is written.
- UID `<city>-<event id>-<YYYYMMDD start>@intl-cities.example`: stable across builds and site moves.
- DTSTAMP is deterministic: the latest `accessed` (or, if absent, publication `date`) of the
  sources cited by the edition and its event, at 00:00:00Z — never the build time, so builds are
  byte-identical.
- STATUS CONFIRMED or TENTATIVE from the edition's status; SUMMARY "中文 / English"; LOCATION from
  the edition's venue (else the event's); URL from the event's website; DESCRIPTION names the event,
  the city and every cited source.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from icalendar import Calendar, Event, vText

UID_DOMAIN = "intl-cities.example"
PRODID = "-//Chinese Cities International Reference//citysite events//ZH"
_FULL = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TENTATIVE = ("待定", "tentative")


@dataclass(frozen=True)
class Entry:
    event: object  # models.Event
    edition: object  # models.Edition
    index: int  # position of the edition in event.editions

    @property
    def city(self) -> str:
        return self.event.city_id

    @property
    def dated(self) -> bool:
        e = self.edition
        return bool(_FULL.match(e.start)) and (e.end is None or bool(_FULL.match(e.end)))


def _city_order(ds) -> dict:
    return {c.id: k for k, c in enumerate(ds.cities)}


def calendar_editions(ds, city: Optional[str] = None) -> tuple[list[Entry], list[Entry]]:
    """(dated, skipped): the editions that go in the calendar (sorted by start, city, event id) and
    those left out because their date is not known to the day (in file order)."""
    order = _city_order(ds)
    dated, skipped = [], []
    for ev in ds.of("events", city):
        for k, ed in enumerate(ev.editions):
            entry = Entry(ev, ed, k)
            (dated if entry.dated else skipped).append(entry)
    dated.sort(key=lambda e: (e.edition.start, order.get(e.city, 99), e.event.id, e.index))
    return dated, skipped


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _pad(text: str) -> dt.date:
    """A partial date at its first day: '2024' -> 2024-01-01, '2024-08' -> 2024-08-01."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _both(text) -> str:
    if text is None:
        return ""
    return text.zh if text.zh == text.en else f"{text.zh} / {text.en}"


def dtstamp(ds, entry: Entry) -> dt.datetime:
    sources = ds.sources
    days = []
    for ref in list(entry.edition.sources) + list(entry.event.sources):
        src = sources.get(ref.ref)
        if src is not None and (src.accessed or src.date):
            days.append(_pad(src.accessed or src.date))
    day = max(days) if days else _date(entry.edition.start)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _cite_line(ds, ref) -> str:
    src = ds.sources.get(ref.ref)
    if src is None:
        return f"- {ref.ref}"
    bits = [_both(src.publisher), src.title, src.date]
    if ref.locator:
        bits.append(ref.locator if isinstance(ref.locator, str) else _both(ref.locator))
    line = "- " + ", ".join(b for b in bits if b)
    return line + (f" <{src.url}>" if src.url else "")


def _description(ds, entry: Entry, city_names: dict) -> str:
    ev, ed = entry.event, entry.edition
    lines = [_both(ev.name), city_names.get(entry.city, entry.city)]
    if ev.organiser:
        lines.append(f"主办 / Organiser: {_both(ev.organiser)}")
    status = "已确认 / confirmed" if ed.status == "confirmed" else "待定 / tentative"
    lines.append(f"状态 / Status: {status}")
    if ed.end is None:
        lines.append("来源只给出开始日期，结束日期未知 / The sources give the first day only; the end date is not known")
    lines.append("来源 / Sources:")
    seen = []
    for ref in list(ed.sources) + list(ev.sources):
        key = (ref.ref, ref.locator)
        if key not in seen:
            seen.append(key)
            lines.append(_cite_line(ds, ref))
    return "\n".join(lines)


def _uid(entry: Entry) -> str:
    return f"{entry.city}-{entry.event.id}-{entry.edition.start.replace('-', '')}@{UID_DOMAIN}"


def events_calendar(ds, city: Optional[str] = None) -> bytes:
    """The calendar of all dated editions (of one city, or of every city) as iCalendar bytes."""
    city_names = {c.id: _both(c.name) for c in ds.cities}
    dated, skipped = calendar_editions(ds, city)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    where = city_names.get(city, city) if city else "重庆、成都、广州 / Chongqing, Chengdu, Guangzhou"
    name = f"国际活动 · {where.split(' / ')[0]} / International events · {where.split(' / ')[-1]}"
    cal.add("x-wr-calname", vText(name))
    cal.add("name", vText(name))
    note_zh, note_en = "按来源列出日期已知的活动届次。", "Event editions with known dates, as the sources give them."
    if skipped:
        note_zh += f"另有 {len(skipped)} 届仅知年月，未列入。"
        note_en += f" {len(skipped)} more known only to the month or year are not included."
    note = f"{note_zh} / {note_en}"
    cal.add("x-wr-caldesc", vText(note))
    cal.add("description", note)
    cal.add("refresh-interval", dt.timedelta(days=7), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vText("P1W"))
    used: dict = {}
    for entry in dated:
        ev, ed = entry.event, entry.edition
        uid = _uid(entry)
        used[uid] = used.get(uid, 0) + 1
        if used[uid] > 1:  # two editions of one event starting the same day (should not happen)
            uid = uid.replace("@", f"-{used[uid]}@")
        item = Event()
        item.add("uid", uid)
        item.add("dtstamp", dtstamp(ds, entry))
        item.add("dtstart", _date(ed.start))
        item.add("dtend", _date(ed.end or ed.start) + dt.timedelta(days=1))
        summary = _both(ed.name)
        if ed.status == "tentative":
            summary += f"（{_TENTATIVE[0]}）/ ({_TENTATIVE[1]})"
        item.add("summary", summary)
        item.add("status", "CONFIRMED" if ed.status == "confirmed" else "TENTATIVE")
        item.add("transp", "TRANSPARENT")
        venue = ed.venue or ev.venue
        if venue:
            item.add("location", _both(venue))
        if ev.website:
            item.add("url", ev.website)
        item.add("categories", [ev.kind])
        item.add("description", _description(ds, entry, city_names))
        cal.add_component(item)
    return cal.to_ical()


def calendar_files(ds) -> dict:
    """The calendars write_calendars writes, without writing them: {file name: {"city", "events",
    "skipped"}} — events.ics first, then events-<city>.ics for each city with a dated edition (a
    calendar without any event is not written: RFC 5545 requires at least one component)."""
    files = {}
    for city in [None] + [c.id for c in ds.cities]:
        dated, skipped = calendar_editions(ds, city)
        if dated:
            name = "events.ics" if city is None else f"events-{city}.ics"
            files[name] = {"city": city, "events": len(dated), "skipped": len(skipped)}
    return files


def write_calendars(ds, out_dir: Path) -> dict:
    """Write events.ics and events-<city>.ics into out_dir (site/data/); returns calendar_files(ds)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = calendar_files(ds)
    for name, info in files.items():
        (out_dir / name).write_bytes(events_calendar(ds, info["city"]))
    return files
