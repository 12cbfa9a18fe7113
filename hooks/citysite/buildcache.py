"""Build-time caches that change nothing in the output, only how often work is repeated.

- Jinja bytecode: every Jinja environment of a build — MkDocs' theme environment (created once per
  language by static-i18n, so Material's ~36 templates were compiled twice per build) and ours for
  overrides/site/ — loads compiled templates from one bytecode cache. It keeps them in memory for
  the process (both languages, every `mkdocs serve` rebuild) and on disk in Jinja's own
  FileSystemBytecodeCache folder (the system temp folder), so a later build compiles only the
  templates whose source changed. Keys include the environment's syntax settings, so environments
  with different delimiters never share code; Jinja checks each template's source checksum.
- Pinyin of sign terms: pypinyin loads ~3 MB of dictionaries (~0.3 s) before its first answer. The
  pinyin of each term text is kept in the same folder (per pypinyin version), so a build whose sign
  terms are all known does not load pypinyin at all; a new or changed term is computed as before.
- Chinese segmentation for the search index: Material's search plugin segments every Chinese run
  with jieba, and the same runs (labels, dates, names) recur on every page and in both languages;
  the segmentation of each distinct run is memoised for the process. Same tokens, same index.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache

import jinja2
from jinja2.bccache import Bucket

_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized")


class SharedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """FileSystemBytecodeCache with an in-process layer, keyed by template, file and env syntax."""

    def __init__(self, directory=None):
        super().__init__(directory)
        self.memory: dict = {}

    def get_bucket(self, environment, name, filename, source):
        settings = repr([getattr(environment, a, None) for a in _SETTINGS] + [sorted(environment.extensions)])
        key = hashlib.sha1(f"{settings}|{name}|{filename}".encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        code = self.memory.get(key)
        if code is not None and code[0] == bucket.checksum:
            bucket.code = code[1]
        else:
            self.load_bytecode(bucket)
        return bucket

    def set_bucket(self, bucket):
        self.memory[bucket.key] = (bucket.checksum, bucket.code)
        try:
            self.dump_bytecode(bucket)
        except OSError:  # a read-only temp folder only costs the next build a compile
            pass


def _cache_dir() -> str | None:
    folder = os.environ.get("CITYSITE_BUILD_CACHE") or os.path.join(tempfile.gettempdir(), f"citysite-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        return folder
    except OSError:
        return None


@lru_cache(maxsize=1)
def bytecode_cache() -> SharedBytecodeCache:
    return SharedBytecodeCache(_cache_dir())


def use_bytecode_cache(env: jinja2.Environment) -> jinja2.Environment:
    env.bytecode_cache = bytecode_cache()
    return env


class PinyinMemo:
    """text -> pinyin with tone marks, computed by pypinyin on a miss and kept on disk."""

    def __init__(self, compute, tag: str = ""):
        # `tag` names the way `compute` writes its answer: change it when the format changes, so old answers are not reused.
        self.compute = compute
        self.path = None
        self.known: dict = {}
        self.dirty = False
        folder = _cache_dir()
        if folder:
            try:
                from importlib.metadata import version
                self.path = os.path.join(folder, f"pinyin-{version('pypinyin')}{'-' + tag if tag else ''}.json")
                with open(self.path, encoding="utf-8") as fh:
                    known = json.load(fh)
                if isinstance(known, dict):
                    self.known = {k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, str)}
            except (OSError, ValueError, ImportError):
                pass

    def __call__(self, text: str) -> str:
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = self.compute(text)
            self.dirty = True
        return found

    def save(self) -> None:
        if not (self.dirty and self.path):
            return
        try:
            tmp = f"{self.path}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(self.known, fh, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, self.path)  # atomic: concurrent builds never read half a file
            self.dirty = False
        except OSError:
            pass


class _MemoJieba:
    """Stands in for the `jieba` module inside Material's search plugin: cut() memoised per text."""

    def __init__(self, jieba):
        self._jieba = jieba
        self._cut = lru_cache(maxsize=65536)(lambda text: tuple(jieba.cut(text)))

    def cut(self, text, *args, **kwargs):
        if args or kwargs:
            return self._jieba.cut(text, *args, **kwargs)
        return iter(self._cut(text))

    def __getattr__(self, name):
        return getattr(self._jieba, name)


def memoise_search_segmentation() -> None:
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return
    jieba = getattr(search_plugin, "jieba", None)
    if jieba is not None and not isinstance(jieba, _MemoJieba):
        search_plugin.jieba = _MemoJieba(jieba)
