"""The city profile's computed views: headline tiles and plan targets against reported outcomes.
Everything here is derived from the records at build time and never written back to data/."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Optional

VERDICTS = ("met", "not-met", "not-yet-due", "not-comparable")


@dataclass
class Tile:
    figure: object  # the latest reported Figure of the indicator
    history: list  # every reported figure of the same id, oldest first
    series: list  # those in the latest figure's unit (len > 1: drawn as a small chart)
    listed: Optional[int] = None  # how many records the site lists for it (e.g. sister cities), if defined
    listed_label: str = ""  # ui.yml key of the "listed here" wording


@dataclass
class TargetCheck:
    target: object  # the target Figure
    origins: list = field(default_factory=list)  # plan records (or the city) that state the target
    outcome: Optional[object] = None  # the reported Figure the verdict rests on, if any
    verdict: str = "not-comparable"
    reason: str = ""  # ui.yml key explaining the verdict
    nearest: Optional[object] = None  # the reported figure closest in time, shown when not comparable

    @property
    def year(self) -> int:
        return int(self.target.target_year[:4])


def _year(value: str) -> int:
    return int(value[:4])


def _scope_key(figure) -> str:
    return figure.scope.zh.strip() if figure.scope else ""


def reported_series(city, indicator_id: str) -> list:
    """All reported figures of one indicator, oldest first."""
    return sorted((f for f in city.indicators if f.id == indicator_id and f.kind == "reported"), key=lambda f: f.as_of)


def same_unit(history: list) -> list:
    """The figures that can share one chart with the latest: those in its unit."""
    return [f for f in history if f.unit == history[-1].unit] if history else []


def headline_tiles(ds, city, definitions) -> list[Tile]:
    """One tile per headline definition (data/ui.yml `headline_tiles`) that the city has a figure for."""
    tiles = []
    for d in definitions:
        history = reported_series(city, d.indicator)
        if not history:
            continue
        tile = Tile(figure=history[-1], history=history, series=same_unit(history))
        if d.listed:
            records = ds.of(d.listed.collection, city.id)
            tile.listed = sum(1 for r in records if getattr(r, d.listed.field, None) == d.listed.equals)
            tile.listed_label = d.listed.label
        tiles.append(tile)
    return tiles


def other_series(city, shown_ids) -> list[list]:
    """The reported indicators not shown as tiles: one series per id, in the order the file lists them."""
    out, seen = [], set(shown_ids)
    for f in city.indicators:
        if f.kind == "reported" and f.id not in seen:
            seen.add(f.id)
            out.append(reported_series(city, f.id))
    return out


def _comparable(target, figure) -> bool:
    """Same unit and the same name of what is counted; scopes, where both state one, must agree."""
    if figure.unit != target.unit or figure.label.zh != target.label.zh:
        return False
    return not (target.scope and figure.scope and _scope_key(target) != _scope_key(figure))


def target_checks(ds, city, today: _dt.date) -> list[TargetCheck]:
    """Each distinct target of the city (its own indicators and its plans) against the latest reported
    figure of the same id, unit and scope. Only a figure dated in the target year decides met / not met;
    a target whose year has not ended is 'not yet due' unless a figure already meets it."""
    checks: dict = {}
    stated = [(f, city) for f in city.indicators if f.kind == "target"]
    for plan in ds.of("plans", city.id):
        stated += [(f, plan) for f in plan.targets]
    for target, origin in stated:
        if not target.target_year:
            continue
        key = (target.id, target.value, target.target_year)
        check = checks.get(key)
        if check is None:
            check = checks[key] = TargetCheck(target=target)
        elif target.scope and not check.target.scope:
            check.target = target  # the same target stated twice: keep the statement that gives its scope
        if origin not in check.origins:
            check.origins.append(origin)
    for check in checks.values():
        _decide(check, city, today)
    order = {v: i for i, v in enumerate(VERDICTS)}
    return sorted(checks.values(), key=lambda c: (c.year, order[c.verdict]))


def _decide(check: TargetCheck, city, today: _dt.date) -> None:
    target = check.target
    same_id = [f for f in city.indicators if f.kind == "reported" and f.id == target.id]
    usable = sorted((f for f in same_id if _comparable(target, f)), key=lambda f: f.as_of)
    in_year = [f for f in usable if _year(f.as_of) == check.year]
    if in_year:
        check.outcome = in_year[-1]
        check.verdict = "met" if check.outcome.value >= target.value else "not-met"
        check.reason = "verdict_reason_same_year"
        return
    before = [f for f in usable if _year(f.as_of) < check.year]
    if today.year <= check.year:
        if before and before[-1].value >= target.value:
            check.outcome, check.verdict, check.reason = before[-1], "met", "verdict_reason_met_early"
        else:
            check.outcome, check.verdict, check.reason = (before[-1] if before else None), "not-yet-due", "verdict_reason_not_due"
        return
    check.verdict = "not-comparable"
    if usable:
        check.nearest = min(usable, key=lambda f: abs(_year(f.as_of) - check.year))
        check.reason = "verdict_reason_other_year"
    elif same_id:
        check.nearest = max(same_id, key=lambda f: f.as_of)
        check.reason = "verdict_reason_other_scope"
    else:
        check.reason = "verdict_reason_no_figure"


def verdict_counts(checks) -> dict:
    return {v: sum(1 for c in checks if c.verdict == v) for v in VERDICTS}
