"""Generated pages hand their HTML blocks past Markdown (citysite.rawhtml): the HTML must be exactly
what Markdown itself makes of the page, for every generated page in both languages."""
import markdown
import pytest

from citysite import pages, rawhtml

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def md_config():
    from mkdocs.config import load_config
    cfg = load_config(str(ROOT / "mkdocs.yml"))
    return lambda: markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"] or {})


def test_generated_pages_convert_the_same(any_ds, md_config):
    env = pages.make_env()
    stashed = total = 0
    for lang in ("zh", "en"):
        for spec in pages.page_specs(any_ds):
            text = pages.render_page(env, spec, any_ds, lang, "https://github.com/o/r")
            short, blocks = rawhtml.stash(text)
            assert rawhtml.restore(md_config().convert(short), blocks) == md_config().convert(text), (lang, spec.src_uri)
            stashed += sum(map(len, blocks.values()))
            total += len(text)
    assert stashed > total / 2, "most of the generated HTML should skip Markdown's HTML parses"


def test_only_blocks_markdown_keeps_verbatim_are_stashed(md_config):
    text = ("# Title\n\n<div class=\"a\" id=\"x1\"><p>one</p>\n\n<div>nested</div></div>\n<details><summary>s</summary></details>\n\n"
            "Text line\n<div>after a text line</div>\n\n<svg><text>inline element</text></svg>\n\n"
            "<div markdown>*md inside*</div>\n\n<div><script>var a = '<b>';</script></div>\n\n<p>last</p>")
    short, blocks = rawhtml.stash(text)
    kept = list(blocks.values())
    assert kept[0].startswith('<div class="a"') and kept[0].endswith("</details>")  # consecutive blocks go together
    assert kept[1] == "<p>last</p>" and len(kept) == 2
    for untouched in ("<div>after a text line</div>", "<svg>", "<div markdown>", "<script>"):
        assert untouched in short
    assert rawhtml.anchor_ids(blocks) == {"x1"}
    assert rawhtml.restore(md_config().convert(short), blocks) == md_config().convert(text)
