"""The loader against editors' typical mistakes: each gives the exact file, line, field and a fix."""
import textwrap

import pytest

from citysite.collections import COLLECTIONS
from citysite.loader import load


from conftest import problems_of, write  # noqa: E402  (shared helpers)


def test_valid_fixture_has_a_record_in_every_collection(data_dir):
    ds = load(data_dir)
    empty = [c.name for c in COLLECTIONS if not ds.of(c.name)]
    assert empty == []
    sister = ds.of("sister-cities", "chongqing")
    assert [r.id for r in sister] == ["toulouse", "jiangjin-miyakonojo"]
    assert sister[1].established == "1999"  # a bare year is read as text, not a number
    assert sister[0].place == ("data/sister-cities/chongqing.yml", 3)
    assert ds.by_id("consulates")["japan"].opened == "1998-03-22"  # YAML dates stay text


CONSULATE_HEAD = """
city: chongqing
records:
  - id: japan
    country: JP
"""


@pytest.mark.parametrize("case, rel, text, line, field, en_part, zh_part", [
    ("yaml syntax", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan
    status: open
    sources: [test-web]
""", 7, "", "YAML syntax error", "YAML 语法错误"),
    ("wrong type", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: 日本国驻重庆总领事馆
    status: open
    sources: [test-web]
""", 6, "records[0].name", "expected a mapping", "此处应为映射"),
    ("missing language", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆}
    status: open
    sources: [test-web]
""", 6, "records[0].name.en", "the English text is missing", "缺少英文文本"),
    ("unknown field", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: open
    opend: '1998-03-22'
    sources: [test-web]
""", 8, "records[0].opend", "did you mean `opened`", "是否应为 `opened`"),
    ("bad date", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: open
    opened: '1998-13-22'
    sources: [test-web]
""", 8, "records[0].opened", "'1998-13-22' is not a valid date", "不是有效日期"),
    ("bad country", "consulates/chongqing.yml", """
city: chongqing
records:
  - id: japan
    country: JPN
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: open
    sources: [test-web]
""", 4, "records[0].country", "not an ISO 3166-1 alpha-2 country code", "两位国家代码"),
    ("norway is not false", "consulates/chongqing.yml", """
city: chongqing
records:
  - id: norway
    country: NO
    name: {zh: 挪威驻重庆总领事馆, en: Consulate General of Norway in Chongqing}
    status: open
    sources: [test-web]
""", 4, "records[0].country", "put the value in quotes, e.g. 'NO'", "请给该值加上引号"),
    ("javascript url", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: open
    website: javascript:alert(1)
    sources: [test-web]
""", 8, "records[0].website", "only http(s)://, mailto: and tel: links", "只接受 http(s)://、mailto: 和 tel: 链接"),
    ("dangling reference", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: open
    sources: [test-wep]
""", 8, "records[0].sources[0]", "'test-wep' is not in the source register (did you mean 'test-web'?)", "不在来源登记表中"),
    ("bad enum", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: opened
    sources: [test-web]
""", 7, "records[0].status", "'opened' is not allowed here — use one of: 'approved', 'open' or 'closed'", "请使用以下之一"),
    ("comma in flow text", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan, Chongqing}
    status: open
    sources: [test-web]
""", 6, "records[0].name.Chongqing", "put the whole text in quotes", "加上引号"),
    ("closed without date", "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: closed
    sources: [test-web]
""", 7, "records[0].status", "a closed post needs `closed`", "需要填写 `closed`"),
    ("undated source without a note", "sources/extra.yml", """
sources:
  - id: test-undated
    title: Undated page
    title_lang: en
    publisher: {zh: 某网站, en: Some website}
    url: https://example.org/undated
    quality: media
""", 2, "sources[0].id", "needs a `note` saying it is undated", "须在 `note` 中说明"),
    ("city mismatch", "consulates/chongqing.yml", """
city: chengdu
records: []
""", 1, "city", "the file is named 'chongqing.yml'", "文件名"),
])
def test_editor_mistake_is_reported_with_place_and_fix(data_dir, case, rel, text, line, field, en_part, zh_part):
    write(data_dir, rel, text)
    problems = problems_of(data_dir)
    assert len(problems) == 1, [p.as_text() for p in problems]
    p = problems[0]
    assert (p.path, p.line, p.field) == (f"data/{rel}", line, field)
    assert en_part in p.en
    assert zh_part in p.zh


def test_duplicate_id_names_both_places(data_dir):
    write(data_dir, "consulates/chongqing.yml", """
    city: chongqing
    records:
      - {id: japan, country: JP, name: {zh: 甲, en: A}, status: open, sources: [test-web]}
      - {id: japan, country: JP, name: {zh: 乙, en: B}, status: open, sources: [test-web]}
    """)
    (p,) = problems_of(data_dir)
    assert (p.path, p.line, p.field) == ("data/consulates/chongqing.yml", 4, "records[1].id")
    assert "already used in data/consulates/chongqing.yml:3" in p.en


def test_all_problems_are_reported_at_once(data_dir):
    write(data_dir, "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆}
    status: nope
    sources: [missing-source]
""")
    write(data_dir, "platforms/chongqing.yml", "city: chongqing\nrecords:\n  - id: Bad Id\n")
    problems = problems_of(data_dir)
    files = {p.path for p in problems}
    assert files == {"data/consulates/chongqing.yml", "data/platforms/chongqing.yml"}
    assert len(problems) >= 5  # name.en, status, and the platform's id, name, kind, description, sources


def test_duplicate_key_is_not_silently_overwritten(data_dir):
    write(data_dir, "consulates/chongqing.yml", CONSULATE_HEAD + """
    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
    status: open
    status: closed
    sources: [test-web]
""")
    (p,) = problems_of(data_dir)
    assert (p.line, p.field) == (8, "records[0].status")
    assert "appears twice" in p.en


def test_billion_laughs_fails_fast_with_a_clear_error(data_dir):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i-1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    write(data_dir, "rankings.yml", "\n".join(lines) + "\n")
    import time
    started = time.perf_counter()
    problems = problems_of(data_dir)
    assert time.perf_counter() - started < 5
    assert any("anchors and aliases" in p.en and p.path == "data/rankings.yml" for p in problems)


def test_python_tags_are_refused(data_dir):
    write(data_dir, "rankings.yml", "records: !!python/object/apply:os.system ['echo pwned']\n")
    (p,) = problems_of(data_dir)
    assert "tag" in p.en and p.line == 1


def test_oversized_file_is_refused(data_dir):
    write(data_dir, "rankings.yml", "records: []\n# " + "x" * 1_100_000 + "\n")
    (p,) = problems_of(data_dir)
    assert "over the 1,000,000-byte limit" in p.en and "上限" in p.zh


def test_wrong_extension_is_not_ignored(data_dir):
    (data_dir / "events" / "chengdu.yaml").write_text("city: chengdu\nrecords: []\n", encoding="utf-8")
    (p,) = problems_of(data_dir)
    assert p.path == "data/events/chengdu.yaml" and ".yml" in p.en


def test_check_command_prints_github_annotations(data_dir, capsys):
    from citysite.check import main
    write(data_dir, "consulates/chongqing.yml", CONSULATE_HEAD + "    name: {zh: 甲}\n    status: open\n    sources: [test-web]\n")
    assert main([str(data_dir), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=data/consulates/chongqing.yml,line=5,col=5,title=records[0].name.en::" in out
    assert "1 problem in data/" in out
    assert main([str(make_valid(data_dir))]) == 0


def make_valid(data_dir):
    from conftest import make_data_dir
    return make_data_dir(data_dir.parent / "again")


def test_committed_schemas_match_the_models():
    from citysite.schemas import main
    assert main([]) == 0, "run `make schemas` and commit data/schemas/"


# ---- every error at the offending field's own line ------------------------------------------------
# Each case marks the line the error must point at with `# <-` (a YAML comment); the field is the
# path the editor sees. Model checks (lifecycle, date order, coordinates, targets) and cross-record
# checks (references, duplicates, city ids and order) alike name the field's line, not the record's.
SC_HEAD = """
city: chongqing
records:
  - id: toulouse
    partner:
      name: {zh: 图卢兹, en: Toulouse}
      country: FR
"""
CONSULATE = CONSULATE_HEAD + """    name: {zh: 日本国驻重庆总领事馆, en: Consulate-General of Japan in Chongqing}
"""
CITY = """
id: chongqing
order: 1
name: {zh: 重庆, en: Chongqing}
province: chongqing
summary: {zh: 测试城市概况。, en: Test city summary.}
sources: [test-report]
"""
FIELD_LINE_CASES = [
    ("date order: established after ended", "sister-cities/chongqing.yml", SC_HEAD + """
    relation: sister-city
    level: municipal
    established: '2021-05'  # <-
    status: ended
    ended: '2020'
    sources: [test-web]
""", "records[0].established", "established 2021-05 is after ended 2020"),
    ("ended date on an active relation", "sister-cities/chongqing.yml", SC_HEAD + """
    relation: sister-city
    level: municipal
    ended: '2020'  # <-
    sources: [test-web]
""", "records[0].ended", "status is active"),
    ("ended relation without its date", "sister-cities/chongqing.yml", SC_HEAD + """
    relation: sister-city
    level: municipal
    status: ended  # <-
    sources: [test-web]
""", "records[0].status", "needs `ended`"),
    ("district relation without local party", "sister-cities/chongqing.yml", SC_HEAD + """
    relation: friendly-exchange
    level: district  # <-
    sources: [test-web]
""", "records[0].level", "needs `local_party`"),
    ("latitude without longitude", "sister-cities/chongqing.yml", """
city: chongqing
records:
  - id: toulouse
    partner:
      name: {zh: 图卢兹, en: Toulouse}
      country: FR
      lat: 43.6  # <-
      coords_source: test-web
    relation: sister-city
    level: municipal
    sources: [test-web]
""", "records[0].partner.lat", "give both `lat` and `lon`"),
    ("coordinates without their source", "sister-cities/chongqing.yml", """
city: chongqing
records:
  - id: toulouse
    partner:
      name: {zh: 图卢兹, en: Toulouse}
      country: FR
      lon: 1.44
      lat: 43.6  # <-
    relation: sister-city
    level: municipal
    sources: [test-web]
""", "records[0].partner.lat", "need `coords_source`"),
    ("date order: opened after closed", "consulates/chongqing.yml", CONSULATE + """
    status: closed
    opened: '2010'  # <-
    closed: '2009-05'
    sources: [test-web]
""", "records[0].opened", "opened 2010 is after closed 2009-05"),
    ("date order: approved after opened", "consulates/chongqing.yml", CONSULATE + """
    status: open
    approved: '1999-01'  # <-
    opened: '1998-03-22'
    sources: [test-web]
""", "records[0].approved", "approved 1999-01 is after opened 1998-03-22"),
    ("opened date on an approved post", "consulates/chongqing.yml", CONSULATE + """
    status: approved
    opened: '1998-03-22'  # <-
    sources: [test-web]
""", "records[0].opened", "status: open"),
    ("closed date on an open post", "consulates/chongqing.yml", CONSULATE + """
    status: open
    sources: [test-web]
    closed: '2020'  # <-
""", "records[0].closed", "status is not closed"),
    ("date order: edition start after end", "events/chongqing.yml", """
city: chongqing
records:
  - id: smart-china-expo
    name: {zh: 智博会, en: Smart China Expo}
    kind: expo
    frequency: annual
    editions:
      - name: {zh: 2024智博会, en: SCE 2024}
        end: '2024-08-24'
        start: '2024-08-25'  # <-
        sources: [test-web]
    sources: [test-web]
""", "records[0].editions[0].start", "start 2024-08-25 is after end 2024-08-24"),
    ("target without target year", "cities/chongqing.yml", CITY + """
indicators:
  - id: intl-air-routes
    label: {zh: 国际航线, en: International air routes}
    value: 120
    unit: {zh: 条, en: routes}
    as_of: '2022-07'
    kind: target  # <-
    source: test-report
""", "indicators[0].kind", "needs `target_year`"),
    ("target year on a reported figure", "cities/chongqing.yml", CITY + """
indicators:
  - id: intl-air-routes
    label: {zh: 国际航线, en: International air routes}
    value: 120
    unit: {zh: 条, en: routes}
    as_of: '2022-07'
    target_year: '2025'  # <-
    source: test-report
""", "indicators[0].target_year", "only for kind: target"),
    ("undated source without a note", "sources/extra.yml", """
sources:
  - title: Undated page
    id: test-undated  # <-
    title_lang: en
    publisher: {zh: 某网站, en: Some website}
    url: https://example.org/undated
    quality: media
""", "sources[0].id", "needs a `note` saying it is undated"),
    ("source without url or document", "sources/extra.yml", """
sources:
  - title: Nowhere
    id: test-nowhere  # <-
    title_lang: en
    publisher: {zh: 某网站, en: Some website}
    date: '2024'
    quality: media
""", "sources[0].id", "needs `url`"),
    ("duplicate source id across files", "sources/zz-extra.yml", """
sources:
  - title: Again
    id: test-web  # <-
    title_lang: en
    publisher: {zh: 某网站, en: Some website}
    date: '2024'
    url: https://example.org/again
    quality: media
""", "sources[0].id", "source id 'test-web' is already used in data/sources/test.yml:"),
    ("duplicate id", "consulates/chongqing.yml", CONSULATE + """
    status: open
    sources: [test-web]
  - country: JP
    name: {zh: 乙, en: B}
    status: open
    id: japan  # <-
    sources: [test-web]
""", "records[1].id", "id 'japan' is already used in data/consulates/chongqing.yml:3"),
    ("dangling source in a nested figure", "cities/chongqing.yml", CITY + """
indicators:
  - id: sister-cities
    label: {zh: 国际友好城市, en: Sister cities}
    value: 52
    unit: {zh: 个, en: cities}
    as_of: '2022-07'
    source:
      locator: '§一'
      ref: test-reprot  # <-
""", "indicators[0].source.ref", "'test-reprot' is not in the source register (did you mean 'test-report'?)"),
    ("unknown province in a consular district", "consulates/chongqing.yml", CONSULATE + """
    status: open
    district:
      - chongqing
      - sichaun  # <-
    sources: [test-web]
""", "records[0].district[1]", "'sichaun' is not a province id"),
    ("unknown province of a city", "cities/chongqing.yml", CITY.replace("province: chongqing", "province: chungking  # <-"),
     "province", "'chungking' is not a province id"),
    ("unknown standard", "sign-terms/transport.yml", """
records:
  - id: railway-station
    zh: 火车站
    en: Railway Station
    sector: transport
    standard:
      part: GB/T 30240.2-2017
      ref: gbt-30241  # <-
    sources: [test-web]
""", "records[0].standard.ref", "standard 'gbt-30241' is not in data/standards.yml"),
    ("unknown city in a ranking", "rankings.yml", """
records:
  - id: test-ranking
    name: {zh: 测试排名, en: Test ranking}
    publisher: {zh: 测试机构, en: Test Office}
    year: '2022'
    measures: {zh: 对外交往影响力, en: External-exchange influence}
    entries:
      - {city: chongqing, rank: 5}
      - rank: 6
        city: chongdu  # <-
    sources: [test-report]
""", "records[0].entries[1].city", "unknown city 'chongdu' (did you mean 'chengdu'?)"),
    ("unknown city in a guide's city note", "guides/accommodation-registration.yml", """
id: accommodation-registration
scope: national
title: {zh: 住宿登记, en: Registering your stay}
summary: {zh: 测试指南。, en: Test guide.}
steps:
  - title: {zh: 入住酒店, en: At a hotel}
    do: {zh: 酒店为您登记。, en: The hotel registers you.}
    sources: [test-web]
city_notes:
  - text: {zh: 测试。, en: Test.}
    city: wuhan  # <-
    sources: [test-web]
last_checked: '2026-11-01'
checked_against: [test-web]
sources: [test-web]
""", "city_notes[0].city", "a new city needs data/cities/wuhan.yml first"),
    ("two cities in the same position", "cities/chengdu.yml", """
id: chengdu
name: {zh: 成都, en: Chengdu}
province: sichuan
summary: {zh: 成都测试概况。, en: Chengdu test summary.}
sources: [test-web]
order: 1  # <-
""", "order", "order 1 is also used by data/cities/chongqing.yml:2"),
]


@pytest.mark.parametrize("case, rel, text, field, en_part", FIELD_LINE_CASES, ids=[c[0] for c in FIELD_LINE_CASES])
def test_error_points_at_the_fields_own_line(data_dir, case, rel, text, field, en_part):
    write(data_dir, rel, text)
    lines = textwrap.dedent(text).lstrip("\n").splitlines()
    marked = [n for n, line in enumerate(lines, 1) if line.endswith("# <-")]
    assert len(marked) == 1, "mark exactly one line with `# <-`"
    problems = problems_of(data_dir)
    mine = [p for p in problems if p.path == f"data/{rel}"]
    assert len(mine) == 1, [p.as_text() for p in problems]
    # Only a clash has a second side (two cities with one order): the same field, in the other file.
    assert all(p.field == field for p in problems), [p.as_text() for p in problems]
    p = mine[0]
    assert (p.path, p.line, p.field) == (f"data/{rel}", marked[0], field), p.as_text()
    assert en_part in p.en, p.en
    assert p.zh and p.zh != p.en and any("\u4e00" <= ch <= "\u9fff" for ch in p.zh), p.zh  # bilingual
    assert "—" in p.en and "—" in p.zh  # problem — fix, in both languages
