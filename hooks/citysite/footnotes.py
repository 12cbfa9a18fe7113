"""Numbered footnotes for one section of a page: each citation gets a marker [n] that links to the
section's source list, and the list links back to every marker (the Wikipedia pattern)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Note:
    n: int
    id: str
    cite: dict
    backs: list = field(default_factory=list)
    text: str = ""  # a note in words (e.g. why two values are not comparable) instead of a citation


class Footnotes:
    def __init__(self, view, section: str, targets_anchor: str = ""):
        self.view = view
        self.section = section
        self.targets_anchor = targets_anchor  # where a plan card's targets are checked (city page)
        self.items: list[Note] = []
        self._by_key: dict = {}

    def mark(self, ref) -> dict:
        """Register one citation (a SourceRef); the same source, locator and quote share a number."""
        key = (ref.ref, ref.locator or "", ref.quote or "")
        note = self._by_key.get(key)
        if note is None:
            n = len(self.items) + 1
            note = Note(n=n, id=f"fn-{self.section}-{n}", cite=self.view.cite(ref))
            self._by_key[key] = note
            self.items.append(note)
        return self._back(note)

    def mark_text(self, text: str) -> dict:
        """Register an explanatory note (already in the page's language); equal texts share a number."""
        key = ("text", text)
        note = self._by_key.get(key)
        if note is None:
            n = len(self.items) + 1
            note = Note(n=n, id=f"fn-{self.section}-{n}", cite={}, text=text)
            self._by_key[key] = note
            self.items.append(note)
        return self._back(note)

    def _back(self, note: Note) -> dict:
        back = f"fnref-{self.section}-{note.n}-{len(note.backs) + 1}"
        note.backs.append(back)
        return {"n": note.n, "id": note.id, "back": back, "cite": note.cite}
