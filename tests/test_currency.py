"""Issue 13: dates that mean what they say, statuses with a date, honest grades, the review queue.
Each loader rule is shown failing on a tmp copy of the fixture data, with file, line, field and fix."""
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from citysite.loader import load
from citysite.problems import DataInvalid

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, request):
    if "real_site" in request.fixturenames:  # the shared site is built with the real build date
        return
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc).timestamp())))


from conftest import problems_of, write  # noqa: E402  (shared helpers)


def only_problem(data_dir):
    problems = problems_of(data_dir)
    assert len(problems) == 1, [p.as_text() for p in problems]
    return problems[0]


SERVICE = """
city: chongqing
records:
  - id: exit-entry-bureau
    kind: exit-entry
    name: {{zh: 出入境管理局, en: Exit-Entry Bureau}}
{extra}
    sources: [test-web]
"""


def service(extra: str) -> str:
    return SERVICE.format(extra=textwrap.indent(textwrap.dedent(extra).strip("\n"), "    "))


# ---- freshness -------------------------------------------------------------------------------------
@pytest.mark.parametrize("extra, line, field, en_part, zh_part", [
    ("last_checked: '2026-11-01'", 6, "records[0].last_checked", "`checked_against` is empty", "`checked_against` 为空"),
    ("checked_against: [test-web]", 6, "records[0].checked_against", "needs `last_checked`", "需要 `last_checked`"),
    ("last_checked: '2026-12-08'\nchecked_against: [test-web]", 6, "records[0].last_checked", "is in the future (today is 2026-12-07)", "晚于今天"),
    ("last_checked: '2024-02-28'\nchecked_against: [test-web]", 6, "records[0].last_checked",
     "older than the newest cited source (2024-03)", "早于所引最新来源的日期（2024-03）"),
    ("last_checked: '2026-11-01'\nchecked_against: [test-wep]", 7, "records[0].checked_against[0]", "not in the source register", "不在来源登记表中"),
])
def test_freshness_rules(data_dir, extra, line, field, en_part, zh_part):
    write(data_dir, "services/chongqing.yml", service(extra))
    p = only_problem(data_dir)
    assert (p.path, p.line, p.field) == ("data/services/chongqing.yml", line, field)
    assert en_part in p.en and zh_part in p.zh
    assert "—" in p.en and "—" in p.zh  # every message carries its fix


def test_an_older_check_stands_with_a_note(data_dir):
    write(data_dir, "services/chongqing.yml", service("""
        last_checked: '2024-02-28'
        checked_against: [test-report]
        check_note: {zh: 新来源只涉及地址以外的内容。, en: The newer source is about something else.}
    """))
    ds = load(data_dir)
    assert ds.of("services", "chongqing")[0].last_checked == "2024-02-28"


def test_same_month_check_is_not_older_than_its_source(data_dir):
    # test-web is dated 2024-03: a check on 2024-03-05 is not known to be older.
    write(data_dir, "services/chongqing.yml", service("last_checked: '2024-03-05'\nchecked_against: [test-web]"))
    load(data_dir)


# ---- status_as_of ---------------------------------------------------------------------------------
TIE = """
city: chongqing
records:
  - id: toulouse
    partner: {{name: {{zh: 图卢兹, en: Toulouse}}, country: FR}}
    relation: sister-city
    level: municipal
    established: '1982-12'
    status_as_of: '{as_of}'
    sources: [{sources}]
"""


@pytest.mark.parametrize("as_of, sources, en_part, zh_part", [
    ("2027-01", "test-web", "is in the future (today is 2026-12-07)", "晚于今天"),
    ("1980", "test-web", "is before `established` 1982-12", "早于 `established` 1982-12"),
    ("2025-01-01", "test-web, test-report", "later than every source in `sources` (newest: 2024-03)", "晚于 `sources` 中所有来源"),
])
def test_status_as_of_rules(data_dir, as_of, sources, en_part, zh_part):
    write(data_dir, "sister-cities/chongqing.yml", TIE.format(as_of=as_of, sources=sources))
    p = only_problem(data_dir)
    assert (p.path, p.line, p.field) == ("data/sister-cities/chongqing.yml", 8, "records[0].status_as_of")
    assert en_part in p.en and zh_part in p.zh


def test_status_as_of_before_opening_is_refused(data_dir):
    write(data_dir, "consulates/chongqing.yml", """
    city: chongqing
    records:
      - id: japan
        country: JP
        name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
        status: open
        opened: '2024-03'
        status_as_of: '2023'
        sources: [test-web]
    """)
    p = only_problem(data_dir)
    assert (p.line, p.field) == (8, "records[0].status_as_of")
    assert "before `opened` 2024-03" in p.en


# ---- grades -----------------------------------------------------------------------------------------
def source(quality: str, url: str = "https://www.example.com/release", extra: str = "") -> str:
    return f"""
sources:
  - id: test-extra
    title: Extra
    title_lang: en
    publisher: {{zh: 某机构, en: Some body}}
    date: '2024-01'
    url: {url}
    quality: {quality}{extra}
"""


def test_official_on_a_commercial_domain_is_refused(data_dir):
    write(data_dir, "sources/extra.yml", source("official"))
    p = only_problem(data_dir)
    assert (p.path, p.line, p.field) == ("data/sources/extra.yml", 8, "sources[0].quality")
    assert "www.example.com" in p.en and "data/official-domains.yml" in p.en and "repost" in p.en and "press-release" in p.en
    assert "data/official-domains.yml" in p.zh and "repost" in p.zh


@pytest.mark.parametrize("url", ["https://gov.example/a", "https://www.city.gov.example/a", "HTTPS://WWW.GOV.EXAMPLE/a"])
def test_official_on_a_listed_domain_or_its_subdomains_is_accepted(data_dir, url):
    write(data_dir, "sources/extra.yml", source("official", url))
    load(data_dir)


def test_a_lookalike_domain_is_not_official(data_dir):
    write(data_dir, "sources/extra.yml", source("official", "https://notgov.example/a"))
    assert "notgov.example" in only_problem(data_dir).en


def test_repost_and_press_release_grades_with_the_original_named(data_dir):
    write(data_dir, "sources/extra.yml", source("repost", extra="\n    original: {zh: 某政府, en: Some government}"))
    ds = load(data_dir)
    assert ds.sources["test-extra"].original.en == "Some government"
    write(data_dir, "sources/extra.yml", source("press-release"))
    assert load(data_dir).sources["test-extra"].quality == "press-release"


@pytest.mark.parametrize("text, line, field, en_part", [
    ("domains:\n  - suffix: .gov.example\n    note: {zh: 甲, en: A}\n", 2, "domains[0].suffix", "does not have the expected form"),
    ("domains:\n  - suffix: gov.example\n    note: {zh: 甲, en: A}\n  - suffix: gov.example\n    note: {zh: 乙, en: B}\n", 4, "domains[1].suffix", "already listed at line 2"),
    ("domains:\n  - suffix: gov.example\n", 2, "domains[0].note", "required field `note` is missing"),
])
def test_official_domains_file_is_validated(data_dir, text, line, field, en_part):
    write(data_dir, "official-domains.yml", text)
    with pytest.raises(DataInvalid) as exc:
        load(data_dir)
    p = exc.value.problems[0]
    assert (p.path, p.line, p.field) == ("data/official-domains.yml", line, field)
    assert en_part in p.en


def test_review_file_names_only_collections(data_dir):
    write(data_dir, "review.yml", "review_days:\n  guides: 90\n  guidez: 90\n")
    p = only_problem(data_dir)
    assert (p.path, p.line, p.field) == ("data/review.yml", 3, "review_days.guidez")
    assert "not a collection" in p.en and "不是数据集合" in p.zh


def test_every_official_source_in_the_register_follows_the_rule(real_dataset):
    """The real register: each `official` source is a document or on a listed official domain."""
    from citysite.loader import host_of, official_domain
    domains = real_dataset.of("official-domains")
    for src in real_dataset.of("sources"):
        if src.quality == "official":
            assert src.document or official_domain(host_of(src.url), domains), src.id


# ---- review queue --------------------------------------------------------------------------------------
def test_due_records_oldest_first_with_the_right_basis(fixture_ds):
    from citysite.due import due_records
    items = due_records(fixture_ds, TODAY)
    keys = [(d.collection, d.record.id) for d in items]
    # services/national police: never checked, newest source 2024-03 (+90 days) → due 2024-06-29.
    # services/chongqing: checked 2026-11-01 (+90) → not due. Guide: checked 2026-11-01 → not due.
    assert ("services", "police") in keys
    assert ("services", "exit-entry-bureau") not in keys and ("guides", "accommodation-registration") not in keys
    police = next(d for d in items if d.record.id == "police")
    assert (police.basis, police.basis_date, police.review_days) == ("source", "2024-03", 365)  # its own review_days
    assert police.due == dt.date(2025, 3, 31)  # a month counts from its last day: 2024-03-31 + 365
    dates = [d.due or dt.date.min for d in items]
    assert dates == sorted(dates)
    # A later "today" brings the checked records into the queue.
    later = {(d.collection, d.record.id) for d in due_records(fixture_ds, dt.date(2027, 3, 1))}
    assert ("services", "exit-entry-bureau") in later and ("guides", "accommodation-registration") in later


def test_make_due_prints_file_line_in_both_languages(data_dir):
    env = {"PYTHONPATH": str(ROOT / "hooks"), "SOURCE_DATE_EPOCH": "1796601600", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "citysite.due", str(data_dir)], capture_output=True, text=True, env=env, check=True).stdout
    first = out.splitlines()[0]
    assert "due for review" in first and "已到复核日期" in first
    lines = out.splitlines()[1:]
    police = next(i for i, l in enumerate(lines) if "services/police" in l)
    assert lines[police].startswith("data/services/national.yml:3 ")
    assert "never checked; newest source 2024-03" in lines[police]
    assert "从未核对；最新来源 2024-03" in lines[police + 1]


def test_makefile_has_a_due_target():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^due: .*\n\t\$\(BIN\)/python -m citysite\.due$", text, re.M)


# ---- pages and exports (the real site, built once per session) ---------------------------------------
def test_pages_never_call_an_unchecked_date_a_check(real_site, real_dataset):
    checked = [r for n in ("services", "guides") for r in real_dataset.of(n) if r.last_checked]
    for lang_dir, label in (("", "最近核对"), ("en/", "Last checked")):
        page = (real_site / lang_dir / "guides" / "visa-free-transit-240h" / "index.html").read_text(encoding="utf-8")
        if not [r for r in checked if r.id == "visa-free-transit-240h"]:
            assert label not in page
            assert ("资料截至" if lang_dir == "" else "As of (date of the newest source)") in page
    # The source register shows no "accessed" date at all (it is when a copy was read, not a check).
    for lang_dir in ("", "en/"):
        register = (real_site / lang_dir / "sources" / "index.html").read_text(encoding="utf-8")
        assert "2026-11-22" not in register and "22 Nov 2026" not in register and "2026年11月22日" not in register


def test_status_dates_on_pages(real_site, real_dataset):
    from citysite.fields import build_date, date_end
    ties = real_dataset.of("sister-cities", "chengdu")
    stale = next(t for t in ties if t.status_as_of and date_end(t.status_as_of).year < build_date().year - 3)
    fresh = next(t for t in ties if t.status_as_of and t.status_as_of[:4] >= str(build_date().year - 1))
    for lang_dir, as_of, since in (("", "截至", "自{}年起未获确认"), ("en/", "as of", "not confirmed since {}")):
        page = (real_site / lang_dir / "cities" / "chengdu" / "index.html").read_text(encoding="utf-8")
        def row(rec):
            m = re.search(rf'<tr id="sc-chengdu-{rec.id}"[^>]*>(.*?)</tr>', page, re.S)
            assert m, rec.id
            return m.group(1)
        assert f'class="status-as-of">{as_of} ' in row(stale)
        assert since.format(stale.status_as_of[:4]) in row(stale)
        assert 'class="unconfirmed"' not in row(fresh)


def test_status_as_of_is_exported(real_site, real_dataset):
    data = json.loads((real_site / "data" / "sister-cities.json").read_text(encoding="utf-8"))
    by_key = {(r["city"], r["id"]): r for r in data["records"]}
    for rec in real_dataset.of("sister-cities"):
        assert by_key[(rec.city_id, rec.id)].get("status_as_of") == rec.status_as_of
    rows = list(csv.DictReader(io.StringIO((real_site / "data" / "consulates.csv").read_text(encoding="utf-8-sig"))))
    assert "status_as_of" in rows[0]
    expected = {(c.city_id, c.id): c.status_as_of or "" for c in real_dataset.of("consulates")}
    assert {(r["city"], r["id"]): r["status_as_of"] for r in rows} == expected


def test_changelog_lists_the_same_queue_as_make_due(real_site, real_dataset):
    from citysite.due import due_records
    expected = [f"{d.file}:{d.line}" for d in due_records(real_dataset)]
    assert expected, "the real data has records due (never-checked records with old sources)"
    for lang_dir, heading in (("", "待复核"), ("en/", "Awaiting review")):
        page = (real_site / lang_dir / "changelog" / "index.html").read_text(encoding="utf-8")
        section = page[page.index('id="awaiting-review"'):]
        assert heading in page
        assert re.findall(r"<code>(data/[^<]+:\d+)</code>", section) == expected
        assert f"<strong>{len(expected)}</strong>" in section


# ---- the change feeds ----------------------------------------------------------------------------------
def test_change_feeds_parse_as_atom_with_entries_per_data_commit(real_site, real_dataset):
    import feedparser
    from citysite.history import history_for
    history = history_for(real_dataset.root)
    assert history.available, "the test runs in a git checkout"
    index = json.loads((real_site / "data" / "index.json").read_text(encoding="utf-8"))
    listed = {f["lang"]: f["file"] for f in index["feeds"]}
    assert set(listed) == {"zh", "en"}
    commits = [c.commit for c in history.changes[:100]]
    for lang, prefix in (("zh", ""), ("en", "en/")):
        raw = (real_site / listed[lang]).read_bytes()
        feed = feedparser.parse(raw)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        assert feed.feed.language == lang
        assert feed.feed.title and feed.feed.updated
        from citysite.version import data_version
        ver = data_version(real_dataset.root)
        assert ver.date, "a git checkout has a data version"
        assert f"{ver.version} ({ver.date})" in feed.feed.subtitle  # the feed names the data version
        self_links = [l.href for l in feed.feed.links if l.rel == "self"]
        assert self_links and self_links[0].endswith("/" + listed[lang])
        assert [e.link.rsplit("#change-", 1)[1] for e in feed.entries] == commits  # newest first, one per commit
        ids = [e.id for e in feed.entries]
        assert len(set(ids)) == len(ids)
        assert all(e.link.split("#")[0].endswith(f"/{prefix}changelog/") for e in feed.entries)
        updated = [e.updated_parsed for e in feed.entries]
        assert updated == sorted(updated, reverse=True)
        assert feed.feed.updated_parsed == updated[0]  # the newest change, not the build time
        first = history.changes[0]
        assert feed.entries[0].title == first.subject
        assert all(f in feed.entries[0].content[0].value for f in first.files)
        # Linked from the changelog page, visibly and for autodiscovery; the link resolves to the file.
        page_path = real_site / prefix / "changelog" / "index.html"
        page = page_path.read_text(encoding="utf-8")
        m = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', page)
        assert m and (page_path.parent / m.group(1)).resolve() == (real_site / listed[lang]).resolve()
        assert re.search(r'<a class="feed-link" href="[^"]+" type="application/atom\+xml">', page)
