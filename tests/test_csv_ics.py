"""CSV exports round-trip to the JSON exports; the iCalendar feeds hold every dated edition.

Round trip, precisely: for every collection, `read_csv_records(<collection>.csv)` (the documented
reverse mapping in citysite.csv_export) == `collection_json(ds, coll)["records"]`, and the raw
rows of the file == `flatten(record)` of each JSON record, column for column.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import textwrap

import pytest
from icalendar import Calendar

from citysite import csv_export, ics
from citysite.collections import BY_NAME, COLLECTIONS
from citysite.exports import collection_json
from citysite.loader import load
from conftest import make_data_dir

BOM = b"\xef\xbb\xbf"


# ---- CSV ----------------------------------------------------------------------------------------------
def test_every_collection_round_trips(any_ds, tmp_path):
    written = csv_export.write_csv(any_ds, tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{c.name}.csv" for c in COLLECTIONS)
    for coll in COLLECTIONS:
        path = tmp_path / f"{coll.name}.csv"
        raw = path.read_bytes()
        assert raw.startswith(BOM), f"{coll.name}.csv has no UTF-8 byte-order mark"
        assert raw.count(BOM) == 1
        expected = collection_json(any_ds, coll)["records"]
        cols = csv_export.columns(coll)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [c.name for c in cols]
        assert len(rows) - 1 == len(expected), coll.name
        for record, row in zip(expected, rows[1:]):
            flat = csv_export.flatten(record, cols)
            assert row == [flat[c.name] for c in cols], f"{coll.name}/{record.get('id')}"
        assert csv_export.read_csv_records(path, coll.name) == expected, coll.name


def test_columns_are_bilingual_and_dotted(fixture_ds, tmp_path):
    csv_export.write_csv(fixture_ds, tmp_path)
    with open(tmp_path / "sister-cities.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    assert header[:2] == ["id", "city"]
    for name in ("partner.name.zh", "partner.name.en", "partner.lat", "partner.lon", "sources", "sources.quotes", "note.zh", "note.en"):
        assert name in header
    toulouse = next(r for r in rows if r["id"] == "toulouse")
    assert (toulouse["partner.name.zh"], toulouse["partner.name.en"], toulouse["city"]) == ("图卢兹", "Toulouse", "chongqing")
    assert toulouse["partner.lat"] and float(toulouse["partner.lat"]) == pytest.approx(43.6045)
    # An empty collection still gets its header row (columns come from the model).
    assert csv_export.records_csv_text([], BY_NAME["events"]).startswith("id,city,name.zh,name.en,")


def _edge_records():
    cite = lambda ref, locator=None, quote=None: {"ref": ref, "locator": locator, "quote": quote}
    text = lambda zh, en, official=False: {"zh": zh, "en": en, "en_official": official}
    base = {
        "id": "t", "zh": "出口", "en": "Exit", "pinyin": None, "sector": "general",
        "standard": {"ref": "gb", "part": None, "clause": "4.1"},
        "variants": [], "avoid": [], "note": None, "sources": [cite("a")],
    }
    return [
        base,
        {**base, "id": "t2", "en": 'Way "out", =1+1\nsecond line', "pinyin": "chūkǒu",
         "variants": ["A | B", "C"], "avoid": ["[bracket first]"],
         "note": text("说明，含逗号", "Note, with comma; and “quotes”", True),
         "sources": [cite("a", "§1 | p.2"), cite("b")]},
        {**base, "id": "t3", "variants": ["", "x"], "avoid": ["ends with |", "| starts"],
         "sources": [cite("a", "§一", 'He said "yes" | no'), cite("b", ""), cite("c", "p@3")]},
        {**base, "id": "t4", "variants": ["plain", "list"], "sources": [cite("a", "§2"), cite("b", None, "q")]},
    ]


def test_round_trip_edge_cases(tmp_path):
    coll = BY_NAME["sign-terms"]
    records = _edge_records()
    path = tmp_path / "sign-terms.csv"
    path.write_text(csv_export.records_csv_text(records, coll), encoding="utf-8-sig", newline="")
    assert csv_export.read_csv_records(path, "sign-terms") == records
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["t"]["sources"] == "a" and rows["t"]["sources.quotes"] == ""
    assert rows["t4"]["variants"] == "plain | list"
    assert rows["t4"]["sources"] == "a@§2 | b"
    assert json.loads(rows["t4"]["sources.quotes"]) == [None, "q"]
    assert rows["t2"]["variants"].startswith("[")  # an item holds ' | ': the cell falls back to JSON
    assert rows["t2"]["sources"].startswith("[")  # a locator holds ' | '


def test_numbers_and_booleans_in_cells(fixture_ds):
    coll = BY_NAME["sister-cities"]
    cols = csv_export.columns(coll)
    record = collection_json(fixture_ds, coll)["records"][0]
    record = {**record, "partner": {**record["partner"], "lat": 30.0, "lon": -1.25}}
    flat = csv_export.flatten(record, cols)
    assert flat["partner.lat"] == "30" and flat["partner.lon"] == "-1.25"
    assert flat["partner.name.en_official"] in ("true", "false")
    assert csv_export.unflatten(flat, cols) == record


# ---- iCalendar -------------------------------------------------------------------------------------------
EVENTS = textwrap.dedent("""\
    city: chongqing
    records:
      - id: smart-china-expo
        name: {zh: 中国国际智能产业博览会, en: Smart China Expo, en_official: true}
        kind: expo
        frequency: annual
        venue: {zh: 重庆国际博览中心, en: Chongqing International Expo Center}
        website: https://example.org/sce
        editions:
          - {name: {zh: 2024智博会, en: SCE 2024}, start: '2024-08-22', end: '2024-08-24', status: confirmed, sources: [test-web]}
          - {name: {zh: 2025智博会, en: SCE 2025}, start: '2025-08', status: tentative, sources: [test-web]}
          - {name: {zh: 2026智博会, en: SCE 2026}, start: '2026-08-27', status: tentative, venue: {zh: 悦来, en: "Yuelai, Chongqing"}, sources: [test-web]}
          - {name: {zh: 2019智博会, en: SCE 2019}, start: '2019', sources: [test-web]}
        sources: [test-web]
    """)


@pytest.fixture(scope="module")
def events_ds(tmp_path_factory):
    data = make_data_dir(tmp_path_factory.mktemp("events"))
    (data / "events" / "chongqing.yml").write_text(EVENTS, encoding="utf-8")
    return load(data)


def _events(cal_bytes: bytes) -> dict:
    cal = Calendar.from_ical(cal_bytes)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_has_every_dated_edition(any_ds, tmp_path):
    written = ics.write_calendars(any_ds, tmp_path)
    assert "events.ics" in written or not ics.calendar_editions(any_ds)[0]
    dated, skipped = ics.calendar_editions(any_ds)
    cities = {e.city for e in dated}
    assert set(written) == ({"events.ics"} if dated else set()) | {f"events-{c}.ics" for c in cities}
    for name, info in written.items():
        raw = (tmp_path / name).read_bytes()
        events = _events(raw)
        expected, _ = ics.calendar_editions(any_ds, info["city"])
        assert len(events) == len(expected) == info["events"], name
        for entry in expected:
            ev = events[ics._uid(entry)]
            assert ev.decoded("DTSTART") == dt.date.fromisoformat(entry.edition.start)
            last = dt.date.fromisoformat(entry.edition.end or entry.edition.start)
            assert ev.decoded("DTEND") == last + dt.timedelta(days=1)  # exclusive end
            assert str(ev["STATUS"]) == entry.edition.status.upper()
            assert entry.edition.name.zh in str(ev["SUMMARY"]) and entry.edition.name.en in str(ev["SUMMARY"])
            assert ev.decoded("DTSTAMP") == ics.dtstamp(any_ds, entry)
        print(f"{name}: {len(raw)} bytes, {info['events']} events, {info['skipped']} left out (partial dates)")


def test_calendar_format(events_ds):
    raw = ics.events_calendar(events_ds, "chongqing")
    assert raw == ics.events_calendar(events_ds, "chongqing"), "output must be deterministic"
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "lines must end in CRLF"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets
        line.decode("utf-8")  # folding never splits a UTF-8 character
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    assert "重庆" in str(cal["X-WR-CALNAME"]) and "Chongqing" in str(cal["X-WR-CALNAME"])
    assert not list(cal.walk("VTIMEZONE")), "all-day events need no VTIMEZONE"
    events = _events(raw)
    assert set(events) == {"chongqing-smart-china-expo-20240822@intl-cities.example",
                           "chongqing-smart-china-expo-20260827@intl-cities.example"}
    first = events["chongqing-smart-china-expo-20240822@intl-cities.example"]
    assert str(first["SUMMARY"]) == "2024智博会 / SCE 2024"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(first["LOCATION"]) == "重庆国际博览中心 / Chongqing International Expo Center"
    assert str(first["URL"]) == "https://example.org/sce"
    assert "Test Website" in str(first["DESCRIPTION"]) and "https://example.org/page" in str(first["DESCRIPTION"])
    assert first["DTSTART"].params.get("VALUE") == "DATE"
    assert first.decoded("DTSTAMP") == dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)  # source test-web: 2024-03
    later = events["chongqing-smart-china-expo-20260827@intl-cities.example"]
    assert str(later["STATUS"]) == "TENTATIVE"
    assert later.decoded("DTEND") == dt.date(2026, 8, 28)  # no end given: the first day only …
    assert "end date is not known" in str(later["DESCRIPTION"])  # … and it says so
    assert str(later["LOCATION"]) == "悦来 / Yuelai, Chongqing"  # the edition's venue wins


def test_partial_dates_are_left_out_and_counted(events_ds, tmp_path):
    dated, skipped = ics.calendar_editions(events_ds)
    assert [e.edition.start for e in skipped] == ["2025-08", "2019"]
    assert [e.edition.start for e in dated] == ["2024-08-22", "2026-08-27"]
    written = ics.write_calendars(events_ds, tmp_path)
    assert written["events-chongqing.ics"] == {"city": "chongqing", "events": 2, "skipped": 2}
    assert "events-chengdu.ics" not in written  # no dated edition: no (invalid, empty) calendar
    cal = Calendar.from_ical((tmp_path / "events.ics").read_bytes())
    assert "2" in str(cal["X-WR-CALDESC"])
