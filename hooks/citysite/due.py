"""The review queue: records whose review date has passed, oldest first.

review date = `last_checked` (a real comparison with a named source) or, when the record was never
checked, the date of its newest cited source — plus `review_days` (the record's own, else its
collection's in data/review.yml). Collections not in data/review.yml have no queue.

One function (`due_records`) feeds both `make due` / `python -m citysite.due` and the changelog
page's "awaiting review" section.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import sys
from dataclasses import dataclass
from typing import Optional

from .fields import build_date, date_end, date_start
from .loader import Dataset, load, newest_source_date
from .problems import DataInvalid


@dataclass(frozen=True)
class Due:
    collection: str
    record: object
    basis: str  # "checked" (last_checked) | "source" (newest cited source) | "none" (no dated source)
    basis_date: Optional[str]
    review_days: int
    due: Optional[_dt.date]  # None: no dated source, so it was due from the start

    @property
    def file(self) -> str:
        return self.record._file

    @property
    def line(self) -> int:
        return self.record._line


def review_days_of(record, collection: str, ds: Dataset) -> Optional[int]:
    own = getattr(record, "review_days", None)
    return own if own else ds.review_days.get(collection)


def review_basis(record, ds: Dataset) -> tuple[str, Optional[str]]:
    checked = getattr(record, "last_checked", None)
    if checked:
        return "checked", checked
    newest = newest_source_date(record, ds.sources)
    return ("source", newest) if newest else ("none", None)


def review_of(record, collection: str, ds: Dataset) -> Optional[Due]:
    days = review_days_of(record, collection, ds)
    if not days:
        return None
    basis, when = review_basis(record, ds)
    # A partial date counts from its last possible day ('2024' → 2024-12-31): never flags too early.
    due = date_end(when) + _dt.timedelta(days=days) if when else None
    return Due(collection, record, basis, when, days, due)


def due_records(ds: Dataset, today: Optional[_dt.date] = None) -> list[Due]:
    """Every record of a reviewed collection whose review date has passed, oldest first."""
    today = today or build_date()
    out = []
    for collection in ds.review_days:
        for record in ds.of(collection):
            item = review_of(record, collection, ds)
            if item and (item.due is None or item.due < today):
                out.append(item)
    return sorted(out, key=lambda d: (d.due or _dt.date.min, d.file, d.line))


def record_name(record) -> tuple[str, str]:
    """(zh, en) name of a record, for lists of records of different collections."""
    for attr in ("name", "title"):
        text = getattr(record, attr, None)
        if text is not None and hasattr(text, "zh"):
            return text.zh, text.en
    partner = getattr(record, "partner", None)
    if partner is not None:
        return partner.name.zh, partner.name.en
    return record.id, record.id


def report(items: list[Due], today: _dt.date) -> str:
    lines = [f"{len(items)} record(s) due for review on {today} — {len(items)} 条记录已到复核日期（{today}）"]
    for d in items:
        zh, en = record_name(d.record)
        if d.basis == "checked":
            why_en, why_zh = f"last checked {d.basis_date}", f"最近核对 {d.basis_date}"
        elif d.basis == "source":
            why_en, why_zh = f"never checked; newest source {d.basis_date}", f"从未核对；最新来源 {d.basis_date}"
        else:
            why_en, why_zh = "never checked; no dated source", "从未核对；无注明日期的来源"
        due = d.due.isoformat() if d.due else "—"
        lines.append(f"{d.file}:{d.line} {d.collection}/{d.record.id} due {due} ({why_en}, every {d.review_days} days) — {en}")
        lines.append(f"{' ' * len(f'{d.file}:{d.line}')} {d.collection}/{d.record.id} 应于 {due} 复核（{why_zh}，每 {d.review_days} 天）— {zh}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citysite.due",
                                     description="List records whose review date has passed, oldest first — 列出已到复核日期的记录（最早的在前）")
    parser.add_argument("data_dir", nargs="?", default=None, help="data folder (default: the project's data/)")
    parser.add_argument("--today", default=None, help="YYYY-MM-DD (default: today or SOURCE_DATE_EPOCH)")
    args = parser.parse_args(argv)
    try:
        ds = load(args.data_dir)
    except DataInvalid as exc:
        print(exc.report())
        return 1
    today = date_start(args.today) if args.today else build_date()
    print(report(due_records(ds, today), today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
