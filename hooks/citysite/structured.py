"""schema.org JSON-LD for search engines: Dataset (open data), Event (events with dated editions),
GovernmentOffice / Hospital / School (services). Built from the same records as the pages."""
from __future__ import annotations

import json
from typing import Optional

from .collections import COLLECTIONS
from .view import DEFAULT_LANG, View


def _text(view: View, text) -> Optional[str]:
    return view.t(text) if text is not None else None


def _events(view: View, records) -> list[dict]:
    out = []
    for ev in records:
        for ed in ev.editions:
            if len(ed.start) != 10:
                continue  # schema.org needs a full date
            item = {
                "@type": "Event",
                "name": view.t(ed.name),
                "startDate": ed.start,
                "endDate": ed.end if ed.end and len(ed.end) == 10 else ed.start,
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": {"@type": "Place", "name": _text(view, ed.venue or ev.venue) or view.city_name(ev.city_id),
                             "address": view.city_name(ev.city_id)},
            }
            if ev.organiser:
                item["organizer"] = {"@type": "Organization", "name": view.t(ev.organiser)}
            if ev.website:
                item["url"] = ev.website
            out.append(item)
    return out


_SERVICE_TYPES = {"hospital": "Hospital", "school": "School", "exit-entry": "GovernmentOffice",
                  "immigration-centre": "GovernmentOffice", "hotline": "GovernmentService"}


def _services(view: View, records) -> list[dict]:
    out = []
    for s in records:
        kind = _SERVICE_TYPES.get(s.kind)
        if not kind or s.status != "open":  # a moved or closed office is not a place to go
            continue
        item = {"@type": kind, "name": view.t(s.name)}
        if kind == "GovernmentService":
            item["serviceOperator"] = {"@type": "GovernmentOrganization", "name": view.t(s.name)}
            if s.phone:
                item["availableChannel"] = {"@type": "ServiceChannel", "servicePhone": {"@type": "ContactPoint", "telephone": s.phone[0]}}
        else:
            if s.phone:
                item["telephone"] = s.phone[0]
            if s.address:
                item["address"] = view.t(s.address)
        if s.website:
            item["url"] = s.website
        out.append(item)
    return out


def _datasets(view: View, site_url: str) -> dict:
    return {
        "@type": "DataCatalog",
        "name": view.label("open_data"),
        "dataset": [{
            "@type": "Dataset",
            "name": c.title_zh if view.lang == "zh" else c.title_en,
            "description": c.description_zh if view.lang == "zh" else c.description_en,
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "distribution": [{"@type": "DataDownload", "encodingFormat": "application/json",
                              "contentUrl": f"{site_url}data/{c.name}.json"}],
        } for c in COLLECTIONS],
    }


def jsonld_for(view: View, src_uri: str, site_url: str) -> str:
    ds = view.ds
    site_url = site_url.rstrip("/") + "/"
    graph: list[dict] = []
    if src_uri == "open-data.md":
        graph.append(_datasets(view, site_url))
    elif src_uri == "events.md":
        graph += _events(view, ds.of("events"))
    elif src_uri.startswith("cities/"):
        city = src_uri[len("cities/"):-3]
        graph += _events(view, ds.of("events", city))
    elif src_uri == "services.md":
        graph += _services(view, ds.of("services"))
    elif src_uri.startswith("first-week/"):
        city = src_uri[len("first-week/"):-3]
        graph += _services(view, [s for s in ds.of("services") if s.city_id in (city, "national")])
    if not graph:
        return ""
    doc = {"@context": "https://schema.org", "@graph": graph, "inLanguage": "zh-CN" if view.lang == DEFAULT_LANG else "en"}
    # Safe inside <script>: no '</' can end the element early.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
