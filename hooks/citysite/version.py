"""The data version: which release (or which state of data/) a build shows, for citations, the
changelog, the Atom feed and the open-data package.

Rules, in order:

1. `CITYSITE_DATA_VERSION` (and optionally `CITYSITE_DATA_DATE`, `YYYY-MM-DD`) in the environment:
   for builds from a tarball, where a packager knows the release but there is no git history.
2. git, in the repository that holds the data folder:
   ("touching `data/`" leaves out `data/ui.yml`: interface labels are not data)
   - if the newest tag reachable from HEAD has no later commit touching `data/`, the version is the
     tag (`v1.0`) and the date is the tagged commit's date;
   - otherwise the version is the date of the last commit touching `data/` as `YYYY.MM.DD`
     (calendar versioning), the date that same day, and `commit` names that commit.
3. No git (a tarball, a copy): version `unversioned`, date None, basis `none` — said as it is, never
   guessed from file times.

A shallow clone (CI's default checkout) only knows its newest commit, so the last data commit
cannot be told: basis is then `shallow` and the date is HEAD's. The workflows fetch full history.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What counts as a change of the data: everything in data/ except the interface labels.
DATA_PATHS = (".", ":(exclude)ui.yml")


@dataclass(frozen=True)
class DataVersion:
    version: str  # "v1.0" (tag), "2026.11.22" (date of the last data commit) or "unversioned"
    date: Optional[str]  # ISO date "YYYY-MM-DD" of that release / data commit; None without git
    basis: str  # "tag" | "data-commit" | "shallow" | "environment" | "none"
    commit: Optional[str] = None  # short hash of the commit the version names

    def as_dict(self) -> dict:
        return asdict(self)


def _git(cwd: Path, *args: str) -> Optional[str]:
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, timeout=10,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _from_git(data_dir: Path) -> Optional[DataVersion]:
    top = _git(data_dir, "rev-parse", "--show-toplevel")
    if not top:
        return None
    rel = os.path.relpath(data_dir.resolve(), Path(top).resolve())
    if rel.startswith(".."):
        return None
    shallow = _git(data_dir, "rev-parse", "--is-shallow-repository") == "true"
    last = _git(data_dir, "log", "-1", "--format=%h %cs", "--", *DATA_PATHS)
    if not last:
        return None  # data/ not committed (a fixture copy inside the work tree, say)
    last_commit, last_date = last.split()
    tag = _git(data_dir, "describe", "--tags", "--abbrev=0")
    if tag:
        later = _git(data_dir, "rev-list", "--count", f"{tag}..HEAD", "--", *DATA_PATHS)
        if later == "0":
            tagged = _git(data_dir, "log", "-1", "--format=%h %cs", f"{tag}^{{commit}}")
            if tagged:
                commit, date = tagged.split()
                return DataVersion(tag, date, "tag", commit)
    if shallow:
        return DataVersion(last_date.replace("-", "."), last_date, "shallow", last_commit)
    return DataVersion(last_date.replace("-", "."), last_date, "data-commit", last_commit)


@lru_cache(maxsize=8)
def _cached(data_dir: str, env_version: Optional[str], env_date: Optional[str]) -> DataVersion:
    if env_version:
        date = env_date if env_date and _DATE.match(env_date) else None
        return DataVersion(env_version, date, "environment")
    return _from_git(Path(data_dir)) or DataVersion("unversioned", None, "none")


def data_version(data_dir: Path | str | None = None) -> DataVersion:
    """The version and date of the data in data_dir (default: the loader's data folder)."""
    if data_dir is None:
        from .loader import data_root
        data_dir = data_root()
    return _cached(str(Path(data_dir).resolve()), os.environ.get("CITYSITE_DATA_VERSION"),
                   os.environ.get("CITYSITE_DATA_DATE"))


data_version.cache_clear = _cached.cache_clear  # tests


if __name__ == "__main__":
    print(data_version())
