"""Data history from git: when each data file last changed, and the recent changes to data/.
One `git log` per build; without git (or without history) everything degrades to 'unknown'."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Change:
    commit: str
    date: str
    subject: str
    files: tuple = field(default_factory=tuple)
    time: str = ""  # committer date, strict ISO 8601 with offset (for the Atom feed's <updated>)


@dataclass
class History:
    available: bool
    last_changed: dict  # path relative to the repository root -> YYYY-MM-DD
    changes: list  # newest first

    def updated(self, path: str):
        return self.last_changed.get(path)


@lru_cache(maxsize=8)
def read_history(repo_root: str, folder: str = "data", limit: int = 400) -> History:
    try:
        out = subprocess.run(
            ["git", "-C", repo_root, "log", f"-{limit}", "--format=%x1e%h%x1f%cs%x1f%cI%x1f%s", "--name-only", "--", folder],
            capture_output=True, text=True, timeout=20, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return History(False, {}, [])
    changes, last = [], {}
    for block in out.split("\x1e")[1:]:
        head, _, names = block.partition("\n")
        commit, date, time, subject = head.split("\x1f", 3)
        files = tuple(n for n in names.splitlines() if n.strip())
        changes.append(Change(commit, date, subject, files, time))
        for name in files:
            last.setdefault(name, date)
    return History(bool(changes), last, changes)


def history_for(data_root: Path) -> History:
    return _history_for(str(data_root))


@lru_cache(maxsize=8)
def _history_for(data_root: str) -> History:  # templates ask once per record: resolve the path once
    root = Path(data_root).resolve().parent
    return read_history(str(root), Path(data_root).name)
