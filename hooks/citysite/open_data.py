"""The researchers' files, written after the JSON and CSV exports: datapackage.json (+ link tables),
cities.sqlite and CITATION.cff (the repository's, with this build's data version). Returns how long
each took, so that the build can log what they add."""
from __future__ import annotations

import logging
import time
from pathlib import Path

import yaml

from .datapackage import tables, write_datapackage
from .loader import PROJECT_ROOT
from .sqlite_export import write_sqlite
from .version import data_version

log = logging.getLogger("mkdocs.plugins.citysite")
CITATION_FILE = "CITATION.cff"
EXAMPLES_DIR = PROJECT_ROOT / "overrides" / "site" / "examples"  # shown on the open-data page, run by the tests


def citation_metadata(root: Path = PROJECT_ROOT) -> dict:
    cff = yaml.safe_load((Path(root) / CITATION_FILE).read_text(encoding="utf-8"))
    authors = [a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))) for a in cff.get("authors", [])]
    return {"title": cff["title"], "authors": authors, "repository": cff.get("repository-code", ""),
            "license": cff.get("license", "")}


def citation_cff(ds, root: Path = PROJECT_ROOT) -> str:
    """The repository's CITATION.cff with `version` and `date-released` of this build's data."""
    cff = yaml.safe_load((Path(root) / CITATION_FILE).read_text(encoding="utf-8"))
    version = data_version(ds.root)
    if version.date:  # without git the version is unknown: say nothing rather than guess
        cff["version"] = version.version
        cff["date-released"] = version.date
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=120)


def write_open_data(ds, site_dir: Path, site_url: str = "") -> dict[str, float]:
    out_dir = Path(site_dir) / "data"
    seconds = {}
    start = time.perf_counter()
    all_tables = tables(ds)  # shared by both: the same tables, keys and rows
    write_datapackage(ds, out_dir, site_url, all_tables)
    seconds["datapackage"] = time.perf_counter() - start
    start = time.perf_counter()
    write_sqlite(ds, out_dir, all_tables)
    seconds["sqlite"] = time.perf_counter() - start
    (out_dir / CITATION_FILE).write_text(citation_cff(ds), encoding="utf-8")
    log.info("open data: datapackage.json + link tables %.2f s, cities.sqlite %.2f s",
             seconds["datapackage"], seconds["sqlite"])
    return seconds
