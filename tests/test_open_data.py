"""Open data for researchers (issue 17): the Frictionless Data Package, the SQLite file, pinyin in the
sign-terms export, the data version and CITATION.cff, and the open-data page's examples, run here
against the built exports so that they cannot rot."""
from __future__ import annotations

import csv
import json
import os
import re
import runpy
import shutil
import sqlite3
import subprocess
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
import yaml

from citysite.collections import BY_NAME, COLLECTIONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "overrides" / "site" / "examples"


def _json(site: Path, name: str) -> list[dict]:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))["records"]


def _csv_rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def package(real_site) -> dict:
    return json.loads((real_site / "data" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def collections() -> list[str]:
    from citysite.collections import COLLECTIONS
    return [c.name for c in COLLECTIONS]


# ---- the data package ------------------------------------------------------------------------------
def test_frictionless_validates_every_table_with_foreign_keys(real_site, package, collections):
    from frictionless import validate

    report = validate(str(real_site / "data" / "datapackage.json"))
    by_name = {task.name: task for task in report.tasks}
    problems = {name: [f"{e.type}: {e.note}" for e in task.errors[:3]] for name, task in by_name.items() if not task.valid}
    assert report.valid, f"invalid tables: {problems}; package errors: {[e.message for e in report.errors[:5]]}"
    assert set(collections) <= set(by_name), "every collection's CSV is a table of the package"
    assert sum(by_name[c].valid for c in collections) == len(collections) == len(COLLECTIONS) >= 16
    # Every table the package declares was validated, and every CSV in site/data/ is in the package.
    assert set(by_name) == {r["name"] for r in package["resources"]}
    on_disk = {p.name for p in (real_site / "data").glob("*.csv")}
    assert on_disk == {r["path"] for r in package["resources"]}
    fk_targets = {fk["reference"]["resource"] for r in package["resources"] for fk in r["schema"].get("foreignKeys", [])}
    assert {"sources", "cities", "provinces"} <= fk_targets


def test_validator_catches_a_broken_foreign_key(real_site, tmp_path):
    """The foreign keys are really checked: a citation of an unknown source and a district that is
    no province make the package invalid, in those two tables only."""
    from frictionless import validate

    data = tmp_path / "data"
    shutil.copytree(real_site / "data", data)
    for name, column, bad in (("citations", "source", "no-such-source"), ("consulates-district", "district", "atlantis")):
        fields, rows = _csv_rows(data / f"{name}.csv")
        rows[0][column] = bad
        with open(data / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
    report = validate(str(data / "datapackage.json"))
    failing = {task.name: {e.type for e in task.errors} for task in report.tasks if not task.valid}
    assert failing == {"citations": {"foreign-key"}, "consulates-district": {"foreign-key"}}


def test_package_describes_each_column_from_the_models(real_site, package, collections):
    """Columns in the CSV's order, bilingual titles, partial dates as patterned text, list separators,
    missing values, keys, licence and version."""
    from citysite.version import data_version

    resources = {r["name"]: r for r in package["resources"]}
    partial_date = r"^\d{4}(-\d{2}(-\d{2})?)?$"
    committed = {c: json.loads((ROOT / "data" / "schemas" / f"{c}.schema.json").read_text(encoding="utf-8")) for c in collections}
    for name in collections:
        header, _rows = _csv_rows(real_site / "data" / f"{name}.csv")
        fields = resources[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == header, name
        assert resources[name]["schema"]["missingValues"] == [""]
        assert BY_NAME[name].key in resources[name]["schema"]["primaryKey"]
        for f in fields:
            assert re.search(r"[A-Za-z].* / .*[\u4e00-\u9fff]", f["title"]), (name, f["name"], f["title"])
            assert re.search(r"[\u4e00-\u9fff]", f.get("description", "")) and re.search(r"[A-Za-z]", f["description"]), (name, f["name"])
        # A top-level date field of the committed JSON Schema is a patterned string in the package.
        schema = committed[name]
        record = schema if "records" not in schema["properties"] else schema["$defs"][schema["properties"]["records"]["items"]["$ref"].split("/")[-1]]
        for prop, spec in record["properties"].items():
            patterns = [s.get("pattern") for s in spec.get("anyOf", [spec])]
            if partial_date in patterns:
                f = next(f for f in fields if f["name"] == prop)
                assert f["type"] == "string" and f["constraints"]["pattern"] == partial_date, (name, prop)
    consulates = {f["name"]: f for f in resources["consulates"]["schema"]["fields"]}
    assert consulates["district"]["type"] == "list" and consulates["district"]["delimiter"] == " | "
    assert consulates["sources"]["type"] == "list" and consulates["opened"]["type"] == "string"
    assert resources["consulates"]["schema"]["primaryKey"] == ["city", "id"]
    version = data_version()
    assert package["version"] == version.version and package["x-version-date"] == version.date
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_link_tables_hold_every_item(real_site):
    """citations.csv has one row per citation of every record (nested ones too); consulates-district.csv
    one row per district item — counted here from the JSON exports, independently of the writer."""
    def count_cites(value) -> int:
        if isinstance(value, dict):
            own = 1 if set(value) == {"ref", "locator", "quote"} else 0
            return own + sum(count_cites(v) for v in value.values())
        if isinstance(value, list):
            return sum(count_cites(v) for v in value)
        return 0

    index = json.loads((real_site / "data" / "index.json").read_text(encoding="utf-8"))
    expected = sum(count_cites(_json(real_site, c["name"])) for c in index["collections"])
    _fields, rows = _csv_rows(real_site / "data" / "citations.csv")
    assert len(rows) == expected > 1000
    assert len({(r["collection"], r["city"], r["id"], r["field"]) for r in rows}) == len(rows)
    _fields, rows = _csv_rows(real_site / "data" / "consulates-district.csv")
    assert len(rows) == sum(len(c["district"]) for c in _json(real_site, "consulates"))


# ---- SQLite ---------------------------------------------------------------------------------------------
def test_sqlite_has_the_rows_of_the_json_and_working_keys(real_site, collections):
    path = real_site / "data" / "cities.sqlite"
    assert path.stat().st_size < 5 * 1024 * 1024
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for name in collections:
        assert conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(_json(real_site, name)), name
    _fields, citations = _csv_rows(real_site / "data" / "citations.csv")
    assert conn.execute('SELECT count(*) FROM citations').fetchone()[0] == len(citations)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    targets = {row[2] for row in conn.execute("""PRAGMA foreign_key_list("citations")""")}
    assert targets == {"sources"}
    assert {row[2] for row in conn.execute("""PRAGMA foreign_key_list("sister-cities")""")} >= {"cities"}
    # Typed cells: numbers, booleans, NULL for an empty cell.
    lat, official = conn.execute('SELECT "partner.lat", "partner.name.en_official" FROM "sister-cities" '
                                 'WHERE "partner.lat" IS NOT NULL LIMIT 1').fetchone()
    assert isinstance(lat, float) and official in (0, 1)
    # Full-text search on names finds a sister city by a piece of its English and of its Chinese name.
    partner = next(r for r in _json(real_site, "sister-cities") if len(r["partner"]["name"]["zh"]) >= 3)
    for term in (partner["partner"]["name"]["en"], partner["partner"]["name"]["zh"][:3]):
        found = conn.execute('SELECT city, id FROM "sister-cities" WHERE rowid IN '
                             '(SELECT rowid FROM "sister-cities_fts" WHERE "sister-cities_fts" MATCH ?)',
                             [json.dumps(term, ensure_ascii=False)]).fetchall()
        assert (partner["city"], partner["id"]) in found, term


# ---- pinyin -------------------------------------------------------------------------------------------
def test_every_sign_term_has_the_pinyin_the_lookup_shows(real_site, real_dataset):
    terms = _json(real_site, "sign-terms")
    assert terms and all(t["pinyin"] for t in terms)
    pages = "".join(p.read_text(encoding="utf-8") for p in (real_site / "sign-terms").rglob("index.html"))
    shown = {m.group(1): unescape(m.group(2)) for m in re.finditer(
        r'<tr id="term-([a-z0-9-]+)"[^>]*>\s*<th scope="row">.*?<small lang="zh-Latn-pinyin">(.*?)</small>', pages, re.S)}
    assert len(shown) == len(terms)
    assert {t["id"]: t["pinyin"] for t in terms} == shown
    overridden = [t for t in real_dataset.of("sign-terms") if t.pinyin]
    by_id = {t["id"]: t for t in terms}
    assert overridden and all(by_id[t.id]["pinyin"] == t.pinyin for t in overridden)
    _fields, rows = _csv_rows(real_site / "data" / "sign-terms.csv")
    assert all(r["pinyin"] for r in rows)


# ---- examples -----------------------------------------------------------------------------------------
def test_pandas_example_counts_sister_cities_per_decade(real_site, monkeypatch, capsys):
    monkeypatch.chdir(real_site / "data")
    result = runpy.run_path(str(EXAMPLES / "sister_cities_per_decade.py"))["per_decade"]
    expected = Counter((r["city"], int(r["established"][:4]) // 10 * 10) for r in _json(real_site, "sister-cities")
                       if r["relation"] == "sister-city" and r["established"])
    got = {(city, int(decade)): int(result.loc[decade, city]) for decade in result.index for city in result.columns
           if result.loc[decade, city]}
    assert got == dict(expected)
    assert "decade" in capsys.readouterr().out


def test_sql_example_ranks_provinces_by_consular_districts(real_site):
    conn = sqlite3.connect(f"file:{real_site / 'data' / 'cities.sqlite'}?mode=ro", uri=True)
    rows = conn.execute((EXAMPLES / "provinces_in_consular_districts.sql").read_text(encoding="utf-8")).fetchall()
    names = {p["id"]: p["name"]["en"] for p in _json(real_site, "provinces")}
    counts = Counter(names[d] for c in _json(real_site, "consulates") if c["status"] == "open" for d in c["district"])
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(r[0], r[1]) for r in rows] == expected and rows
    assert all(len(r[2].split()) == r[1] for r in rows)  # one country code per post


def test_examples_are_on_the_page(real_site):
    for lang_dir in (real_site, real_site / "en"):
        page = unescape((lang_dir / "open-data" / "index.html").read_text(encoding="utf-8"))
        for name in ("sister_cities_per_decade.py", "consulates_open_by_decade.R", "provinces_in_consular_districts.sql"):
            code = (EXAMPLES / name).read_text(encoding="utf-8")
            assert code.strip() in page, f"{lang_dir.name}: {name} not shown verbatim"


# ---- version and citation --------------------------------------------------------------------------------
def _git(repo: Path, *args, date="2024-03-05T12:00:00+00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_data_version_from_git_tags_and_data_commits(tmp_path, monkeypatch):
    from citysite.version import data_version

    monkeypatch.delenv("CITYSITE_DATA_VERSION", raising=False)
    repo, data = tmp_path / "repo", tmp_path / "repo" / "data"
    data.mkdir(parents=True)
    assert data_version(data).basis == "none" and data_version(data).version == "unversioned"  # no git: said so
    _git(repo, "init", "-q")
    (data / "a.yml").write_text("a: 1\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "data")
    data_version.cache_clear()
    v = data_version(data)
    assert (v.version, v.date, v.basis) == ("2024.03.05", "2024-03-05", "data-commit")
    (data / "ui.yml").write_text("labels: {}\n")  # interface labels are not data
    (repo / "README").write_text("x\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "labels", date="2024-04-01T12:00:00+00:00")
    data_version.cache_clear()
    assert data_version(data).date == "2024-03-05"
    _git(repo, "tag", "v1.0")
    data_version.cache_clear()
    v = data_version(data)
    assert (v.version, v.date, v.basis) == ("v1.0", "2024-04-01", "tag")
    (data / "a.yml").write_text("a: 2\n")
    _git(repo, "commit", "-qam", "more data", date="2024-05-06T12:00:00+00:00")
    data_version.cache_clear()
    assert (data_version(data).version, data_version(data).basis) == ("2024.05.06", "data-commit")
    monkeypatch.setenv("CITYSITE_DATA_VERSION", "v2.0")
    monkeypatch.setenv("CITYSITE_DATA_DATE", "2024-06-01")
    assert data_version(data).as_dict() == {"version": "v2.0", "date": "2024-06-01", "basis": "environment", "commit": None}


CFF_REQUIRED = {"cff-version", "message", "title", "authors"}


def _check_cff(cff: dict):
    """The CFF 1.2.0 rules this file relies on (required keys, their shapes, the formats of dates)."""
    assert CFF_REQUIRED <= set(cff), CFF_REQUIRED - set(cff)
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and isinstance(cff["title"], str)
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert cff.get("type", "software") in ("software", "dataset")
    assert re.match(r"^https://", cff.get("repository-code", "https://"))
    if "date-released" in cff:
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", str(cff["date-released"]))
    allowed = {"cff-version", "message", "title", "authors", "type", "abstract", "repository-code", "license", "keywords",
               "version", "date-released", "url", "doi", "identifiers", "contact", "references", "preferred-citation"}
    assert set(cff) <= allowed, set(cff) - allowed  # CFF forbids unknown keys


def test_citation_files_and_how_to_cite(real_site):
    from citysite.version import data_version

    _check_cff(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))
    built = yaml.safe_load((real_site / "data" / "CITATION.cff").read_text(encoding="utf-8"))
    _check_cff(built)
    version = data_version()
    assert (str(built["version"]), str(built["date-released"])) == (version.version, version.date)
    for lang_dir, cite_word in ((real_site, "引用"), (real_site / "en", "cite")):
        page = (lang_dir / "open-data" / "index.html").read_text(encoding="utf-8")
        block = page[page.index('id="cite"'):]
        assert cite_word in page and version.version in block and version.date in block
        changelog = (lang_dir / "changelog" / "index.html").read_text(encoding="utf-8")
        assert f"<strong>{version.version}</strong>" in changelog
    from citysite.feed import FEEDS
    for name in FEEDS.values():  # the Atom feeds name the version too
        assert version.version in (real_site / name).read_text(encoding="utf-8"), name


def test_index_lists_the_new_files_and_keeps_the_old(real_site, collections):
    index = json.loads((real_site / "data" / "index.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in index["collections"]] == collections
    for c in index["collections"]:
        assert {"name", "title", "records", "json", "csv", "schema"} <= set(c)
    listed = [index["datapackage"], index["sqlite"], index["citation"]] + [t["csv"] for t in index["link_tables"]]
    for rel in listed:
        assert (real_site / rel).is_file(), rel
    assert {t["name"] for t in index["link_tables"]} == {"citations", "consulates-district"}


def test_release_workflow_attaches_the_data(tmp_path):
    """The release workflow: on a pushed tag, build with full history, zip site/data, attach it with gh;
    only the allowed actions."""
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    on = flow.get("on", flow.get(True))
    assert "tags" in on["push"]
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert uses <= {"actions/checkout", "actions/setup-python"}
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the data version needs the tags and history
    script = "\n".join(s.get("run", "") for s in steps)
    assert re.search(r"\b(make build|mkdocs build)\b", script)
    assert re.search(r"cd site && zip .* data\b", script) and "gh release upload" in script
