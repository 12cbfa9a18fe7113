"""Generated pages are mostly HTML that our templates wrote (escaped, validated). Python-Markdown
and MkDocs parse every raw HTML block of a page twice with Python's HTMLParser — md_in_html to find
where the block ends and keep it verbatim, MkDocs to collect its ids — which was the largest single
cost of a build (~30 % of it). For generated pages the hooks hand Markdown a one-line placeholder
per raw HTML block instead and put the block back, verbatim, into the HTML Markdown returns: the
same output, without the two parses.

Only blocks Markdown would keep verbatim are taken: a block-level element (md_in_html's block tags,
not raw-text ones like <pre> or <script>) that starts a line after a blank line, has no `markdown`
attribute, comment, CDATA or raw-text element inside, and whose matching end tag ends a line followed
by a blank line (or the end). Anything else is left to Markdown as before. The block's ids are added
to the page's anchors, as MkDocs' own raw-HTML scan would have done (link validation).
"""
from __future__ import annotations

import re
import secrets

from markdown.util import BLOCK_LEVEL_ELEMENTS

# Markdown keeps these verbatim when they start a block (its block-level elements minus md_in_html's
# raw-text and empty ones).
_RAW_TEXT = {"canvas", "math", "option", "pre", "script", "style", "textarea"}
_EMPTY = {"hr"}
BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS) - _RAW_TEXT - _EMPTY
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s>/])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>")
_UNSAFE = re.compile(r"<!|<\?|\smarkdown(?:[\s=>]|$)|<(?:pre|script|style|textarea|math|canvas|option)[\s>]", re.I)
_ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")


def stash(markdown: str) -> tuple[str, dict[str, str]]:
    """(markdown with placeholders, {placeholder: block})."""
    nonce = secrets.token_hex(4)
    blocks: dict[str, str] = {}
    out: list[str] = []
    pos = 0
    cursor = 0
    length = len(markdown)
    while True:
        start = markdown.find("<", cursor)
        if start < 0:
            break
        cursor = start + 1
        if not (start == 0 or markdown.startswith("\n\n", start - 2) or (start == 1 and markdown[0] == "\n")):
            continue
        head = _START.match(markdown, start)
        if not head or head.group(1).lower() not in BLOCK_TAGS:
            continue
        end = _block_end(markdown, start, head.group(1).lower())
        # Blocks on consecutive lines (`</div>` then `<details>` on the next line) go together.
        while end is not None and markdown.startswith("\n<", end):
            nxt = _START.match(markdown, end + 1)
            if not nxt or nxt.group(1).lower() not in BLOCK_TAGS:
                end = None
                break
            end = _block_end(markdown, end + 1, nxt.group(1).lower())
        if end is None:
            continue
        if not (end == length or markdown.startswith("\n\n", end) or markdown[end:].strip() == ""):
            continue
        block = markdown[start:end]
        if _UNSAFE.search(block):
            continue
        key = f"<!--citysite-{nonce}-{len(blocks)}-->"
        blocks[key] = block
        out.append(markdown[pos:start])
        out.append(key)
        pos = cursor = end
    out.append(markdown[pos:])
    return "".join(out), blocks


def _block_end(text: str, start: int, name: str):
    """Index just after the end tag matching the start tag at `start` (same-name nesting), or None."""
    depth = 0
    for m in _TAG.finditer(text, start):
        if m.group(2).lower() != name:
            continue
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.end()
        elif not m.group(0).endswith("/>"):
            depth += 1
    return None


def restore(html: str, blocks: dict[str, str]) -> str:
    for key, block in blocks.items():
        html = html.replace(key, block, 1)
    return html


def anchor_ids(blocks: dict[str, str]) -> set[str]:
    return {m.group(1) for block in blocks.values() for m in _ID.finditer(block)}
