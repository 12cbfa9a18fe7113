"""Long lists split into parts a phone can load: the source register by register file (group), the
sister-city and consulate directories by city, the sign table by sector. The old page of each list
stays as an overview that lists its parts (links, no JavaScript needed) and maps every anchor it
used to hold to the part that holds it now, so old links with a #hash still reach their record.

Which parts exist comes from the data (cities, register files, sectors that have terms); nothing
here names a city, group or sector."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .view import pinyin_of, search_keys_for

# Anchor prefixes of the records on each list (the same as the templates write: _macros.html, …).
ANCHOR = {"sister-cities": "sc", "consulates": "co", "sources": "src", "sign-terms": "term"}
BY_CITY = ("sister-cities", "consulates")


@dataclass(frozen=True)
class Part:
    slug: str  # folder under the list's page: sources/<slug>/
    records: tuple
    city: object = None  # the city record, for lists split by city


def source_group(source) -> str:
    """A source's group: the register file it is kept in (data/sources/<group>.yml)."""
    return PurePosixPath(source.place[0]).stem


def record_anchor(name: str, record) -> str:
    prefix = ANCHOR[name]
    if name in BY_CITY:
        return f"{prefix}-{record.city_id}-{record.id}"
    return f"{prefix}-{record.id}"


def parts(ds, name: str, sectors=()) -> list[Part]:
    if name in BY_CITY:
        return [Part(c.id, tuple(ds.of(name, c.id)), c) for c in ds.cities]
    if name == "sources":
        groups: dict[str, list] = {}
        for s in sorted(ds.of("sources"), key=lambda s: s.id):
            groups.setdefault(source_group(s), []).append(s)
        cities = [c.id for c in ds.cities]
        order = sorted(groups, key=lambda g: (cities.index(g) if g in cities else len(cities), g))
        return [Part(g, tuple(groups[g]), next((c for c in ds.cities if c.id == g), None)) for g in order]
    if name == "sign-terms":
        terms = ds.of("sign-terms")
        return [Part(s, tuple(t for t in terms if t.sector == s)) for s in sectors if any(t.sector == s for t in terms)]
    raise KeyError(name)


def moved_anchors(name: str, list_parts: list[Part]) -> dict[str, list[str]]:
    """Part (slug) -> every anchor of the undivided page that it holds now. A part's own slug (the
    old section heading, e.g. #chongqing or #transport) stands for the part itself."""
    return {part.slug: [record_anchor(name, r) for r in part.records] for part in list_parts}


def sign_lookup(ds, sectors=()) -> list[list[str]]:
    """The sign lookup's data, all sectors: [id, sector, zh, pinyin, en, search keys] per term,
    in the order of the sector pages. Loaded by overrides/assets/lookup.js on first use."""
    rows = []
    for part in parts(ds, "sign-terms", sectors):
        for t in part.records:
            py = t.pinyin or pinyin_of(t.zh)
            rows.append([t.id, t.sector, t.zh, py, t.en, search_keys_for(t, py)])
    return rows
