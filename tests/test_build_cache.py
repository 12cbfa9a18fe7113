"""Build-time caches (hooks/citysite/buildcache.py) save work without changing the output."""
import collections
import json

import jinja2
import pytest

from citysite import buildcache


def test_no_template_is_compiled_twice_in_a_build(tmp_path, data_dir, monkeypatch):
    """static-i18n builds each language with its own theme environment: Material's templates used to
    be compiled once per language (94 compilations per build); now each at most once per process."""
    from sitebuild import build_site
    compiled = collections.Counter()
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled[name] += 1
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    build_site(tmp_path / "site", data_dir)
    assert (tmp_path / "site" / "en" / "index.html").is_file()
    twice = {name: n for name, n in compiled.items() if n > 1 and name is not None}
    assert not twice, twice


def test_bytecode_is_not_shared_between_different_syntaxes(tmp_path):
    cache = buildcache.SharedBytecodeCache(str(tmp_path))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.txt").write_text("{# c #}x", encoding="utf-8")
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), bytecode_cache=cache)
    ours = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), bytecode_cache=cache,
                              comment_start_string="{%#", comment_end_string="#%}")
    assert plain.get_template("page.txt").render() == "x"  # a comment in Jinja's default syntax
    assert ours.get_template("page.txt").render() == "{# c #}x"  # text in ours
    again = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")),
                               bytecode_cache=buildcache.SharedBytecodeCache(str(tmp_path)))  # from disk
    assert again.get_template("page.txt").render() == "x"


def test_pinyin_memo_computes_once_and_survives_a_broken_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CITYSITE_BUILD_CACHE", str(tmp_path))
    calls = []

    def compute(text):
        calls.append(text)
        return {"银行": "yín háng"}[text]

    memo = buildcache.PinyinMemo(compute)
    assert memo("银行") == "yín háng" and memo("银行") == "yín háng" and calls == ["银行"]
    memo.save()
    assert buildcache.PinyinMemo(compute)("银行") == "yín háng" and calls == ["银行"]  # read back, not recomputed
    (tmp_path / memo.path.split("/")[-1]).write_text("{broken", encoding="utf-8")
    assert buildcache.PinyinMemo(compute)("银行") == "yín háng" and calls == ["银行", "银行"]


def test_memoised_segmentation_gives_jiebas_tokens():
    jieba = pytest.importorskip("jieba")
    memo = buildcache._MemoJieba(jieba)
    text = "重庆市外事办公室发布外籍人士服务指南".encode("utf-8")  # Material passes bytes
    assert list(memo.cut(text)) == list(jieba.cut(text)) == list(memo.cut(text))
    assert json.dumps(list(memo.cut(text)), ensure_ascii=False)
