"""Pinyin of a sign term: the one function the lookup page and the sign-terms export both use.

The editor's `pinyin:` wins (polyphones the dictionary gets wrong); otherwise pypinyin computes it
with tone marks, one syllable per character, separated by spaces."""
from __future__ import annotations

from functools import lru_cache

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ", "aaaaeeeeiiiioooouuuuvvvvvnnn")


@lru_cache(maxsize=4096)
def pinyin_of(text: str) -> str:
    from pypinyin import Style, lazy_pinyin
    # Non-Chinese runs (" / ", digits, Latin) come back as they are: one space around each.
    return " ".join(p.strip() for p in lazy_pinyin(text, style=Style.TONE) if p.strip())


def term_pinyin(term) -> str:
    """The pinyin shown for a sign term: the editor's override, else computed from its Chinese."""
    return term.pinyin or pinyin_of(term.zh)


def strip_tones(text: str) -> str:
    return text.lower().translate(_TONES)
