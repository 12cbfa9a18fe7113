"""Language of parts (WCAG 2.2, 3.1.2), applied to every finished page: a run of Chinese text on an English
page, or a run of English prose on a Chinese page, that is not already inside an element with the right
`lang` gets wrapped in <span lang="…">. Data text often quotes the other language (a Chinese title inside an
English note), so marking it where it is rendered would need markup in the data; the script tells them apart
without doubt for Chinese, and by a run of four or more Latin words for English prose."""
from __future__ import annotations

import re

_CJK_CLASS = r"\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
CJK_RUN = re.compile(rf"[{_CJK_CLASS}]+(?:[\s\d.,:;·/()\-]*[{_CJK_CLASS}]+)*")
# Four or more Latin words in a row; URLs and e-mail addresses are not prose.
ENGLISH_RUN = re.compile(r"(?<![\w/.@:&#-])[A-Za-z][a-z’']*(?:[ ,;:’'()–-]+[A-Za-z][a-z’']*){3,}[.!?)]?")
_URLISH = re.compile(r"^(?:https?://|www\.|[\w.+-]+@)")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.S)
_LANG_ATTR = re.compile(r"""\blang\s*=\s*["']?([A-Za-z-]+)""")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Text inside these is not marked: raw text, attribute-like content, or elements that may not hold a <span>.
RAW = {"script", "style", "svg", "code", "pre", "textarea", "title", "option", "template"}


def mark_language_runs(html: str, page_lang: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (tag, effective lang)
    raw = 0
    for piece in _TOKEN.split(html):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            match = _TAG.match(piece)
            if not match or piece.startswith("<!"):
                continue
            closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if closing:
                while stack:
                    t, _ = stack.pop()
                    if t in RAW:
                        raw -= 1
                    if t == tag:
                        break
            elif tag not in VOID and not attrs.rstrip().endswith("/"):
                lang = _LANG_ATTR.search(attrs)
                current = stack[-1][1] if stack else page_lang
                stack.append((tag, lang.group(1).split("-")[0].lower() if lang else current))
                if tag in RAW:
                    raw += 1
            continue
        lang = stack[-1][1] if stack else page_lang
        if raw or not piece.strip():
            out.append(piece)
        elif lang == "en":
            out.append(CJK_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', piece))
        elif lang == "zh":
            out.append(ENGLISH_RUN.sub(_wrap_english, piece))
        else:
            out.append(piece)
    return "".join(out)


def _wrap_english(match: re.Match) -> str:
    text = match.group(0)
    if _URLISH.match(text):
        return text
    return f'<span lang="en">{text}</span>'
