"""Pinyin of a sign term: the one function the lookup page and the sign-terms export both use.

The editor's `pinyin:` wins (polyphones the dictionary gets wrong); otherwise pypinyin computes it
with tone marks, one syllable per character, separated by spaces."""
from __future__ import annotations

import os
from functools import lru_cache

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ", "aaaaeeeeiiiioooouuuuvvvvvnnn")


def _compute_pinyin(text: str) -> str:
    # We never modify pypinyin's dictionaries: skip its defensive copies of them (~0.05 s per build).
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, lazy_pinyin
    # Non-Chinese runs (" / ", digits, Latin) come back as they are: one space around each.
    return " ".join(p.strip() for p in lazy_pinyin(text, style=Style.TONE) if p.strip())


@lru_cache(maxsize=1)
def _pinyin_memo():
    from .buildcache import PinyinMemo
    return PinyinMemo(_compute_pinyin, tag="spaced")  # pypinyin is loaded only for a text not seen before


@lru_cache(maxsize=4096)
def pinyin_of(text: str) -> str:
    return _pinyin_memo()(text)


def save_pinyin() -> None:
    """Keep the pinyin this build computed for later builds (see buildcache)."""
    if _pinyin_memo.cache_info().currsize:
        _pinyin_memo().save()


def term_pinyin(term) -> str:
    """The pinyin shown for a sign term: the editor's override, else computed from its Chinese."""
    return term.pinyin or pinyin_of(term.zh)


def strip_tones(text: str) -> str:
    return text.lower().translate(_TONES)
