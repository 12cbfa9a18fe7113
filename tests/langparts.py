"""Language of parts (WCAG 2.2, 3.1.2): find runs of text whose language differs from the language the
page declares for them — Chinese on English pages, English prose on Chinese pages."""
from __future__ import annotations

import re
from html.parser import HTMLParser

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
# Prose: four or more Latin words in a row (names such as "Toulouse" or codes such as "GB/T 30240" are not prose).
ENGLISH_PROSE = re.compile(r"[A-Za-z][a-z’']+(?:[ ,;:’'()-]+[A-Za-z][a-z’']*){3,}")
URL = re.compile(r"^(https?://|www\.)\S+$")  # a bare link is not prose
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"script", "style", "svg", "code", "pre", "template"}


class LangRuns(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.skip = 0
        self.bad: list[tuple[str, str]] = []  # (declared lang, text)

    def lang(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang.split("-")[0]
        return ""

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        self.stack.append((tag, a.get("lang")))
        if tag in SKIP or "hidden" in a:
            self.skip += 1

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t in SKIP:
                self.skip -= 1
            if t == tag:
                break

    def handle_data(self, data):
        text = data.strip()
        if not text or self.skip:
            return
        lang = self.lang()
        if lang == "en" and CJK.search(text):
            self.bad.append((lang, text))
        elif lang == "zh" and not CJK.search(text) and ENGLISH_PROSE.search(text) and not URL.match(text):
            self.bad.append((lang, text))


def wrong_language_runs(html: str) -> list[tuple[str, str]]:
    parser = LangRuns()
    parser.feed(html)
    return parser.bad
