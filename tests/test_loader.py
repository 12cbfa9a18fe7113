"""The loader against editors' typical mistakes: each gives the exact file, line, field and a fix."""
import textwrap

import pytest

from citysite.collections import COLLECTIONS
from citysite.loader import load
from citysite.problems import DataInvalid


def write(data_dir, rel, text):
    path = data_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def problems_of(data_dir):
    with pytest.raises(DataInvalid) as exc:
        load(data_dir)
    return exc.value.problems


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
""", 3, "records[0]", "a closed post needs `closed`", "需要填写 `closed`"),
    ("undated source without a note", "sources/extra.yml", """
sources:
  - id: test-undated
    title: Undated page
    title_lang: en
    publisher: {zh: 某网站, en: Some website}
    url: https://example.org/undated
    quality: media
""", 2, "sources[0]", "needs a `note` saying it is undated", "须在 `note` 中说明"),
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
