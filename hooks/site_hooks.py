"""MkDocs hooks: thin adapters between MkDocs events and the citysite package."""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `mkdocs serve` without `make`

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from citysite import buildcache, loader, mkdocs_glue, pages, rawhtml
from citysite.langmark import mark_language_runs
from citysite.csv_export import write_csv
from citysite.exports import write_exports
from citysite.feed import write_feeds
from citysite.history import history_for
from citysite.ics import write_calendars
from citysite.open_data import write_open_data
from citysite.problems import DataInvalid
from citysite.search_index import split_search_index
from citysite.structured import jsonld_for

_state: dict = {}


def on_config(config, **kwargs):
    # The nav lists the city pages as `cities/*.md`: expanded here in the order data/cities/ sets,
    # so adding a city is adding data. (Before static-i18n's on_config, priority -100.)
    if config.nav:
        config.nav = mkdocs_glue.expand_nav(config.nav, [pages.city_page(cid) for cid in loader.city_order()])
    buildcache.memoise_search_segmentation()  # same tokens, each distinct Chinese run segmented once
    return config


def on_env(env, config, files, **kwargs):
    # static-i18n makes a theme environment per language: share compiled templates between them
    # (and with later builds) instead of compiling Material's templates once per language.
    return buildcache.use_bytecode_cache(env)


def on_pre_build(config, **kwargs):
    # static-i18n runs one build per language: load once, and again only when a data file changed
    # (mkdocs serve rebuilds after a YAML edit). A problem stops the build with the editor's
    # bilingual messages, not a traceback.
    signature = loader.data_signature()
    if _state.get("signature") != signature:
        try:
            _state["dataset"] = loader.load()  # data/ beside mkdocs.yml, or $CITYSITE_DATA (tests)
        except DataInvalid as exc:
            _state.pop("signature", None)
            raise PluginError("\n" + exc.report()) from None
        _state["signature"] = signature
        _state["env"] = pages.make_env()


@event_priority(-110)  # after mkdocs-static-i18n's on_files (-100), see citysite.mkdocs_glue
def on_files(files, config, **kwargs):
    ds, env = _state["dataset"], _state["env"]
    lang = mkdocs_glue.current_language(config)
    repo = mkdocs_glue.repo_base(config)
    mkdocs_glue.drop_theme_files(files, "site/")  # page templates are not site content
    mkdocs_glue.point_edit_button(files, "contribute.md", "../CONTRIBUTING.zh.md" if lang == "zh" else "../CONTRIBUTING.md")
    rendered = [(spec.src_uri, pages.render_page(env, spec, ds, lang, repo), spec.edit_path) for spec in pages.page_specs(ds)]
    return mkdocs_glue.add_pages(files, config, rendered)


_MARKER = re.compile(r"<!--\s*site:([a-z][a-z0-9-]*)\s*-->")


def on_page_markdown(markdown, page, config, files, **kwargs):
    if getattr(page.file, "generated_by", None):
        # Our templates' HTML blocks skip Markdown's two HTML parses (citysite.rawhtml): same output.
        markdown, page.citysite_raw_blocks = rawhtml.stash(markdown)
        return markdown
    # Hand-written pages ask for generated content with visible markers: <!-- site:cities -->.
    ds, env = _state["dataset"], _state["env"]
    lang = mkdocs_glue.current_language(config)

    def expand(match):
        try:
            return pages.render_fragment(env, f"marker-{match.group(1)}.md.j2", ds, lang, mkdocs_glue.norm_src_uri(page.file))
        except pages.jinja2.TemplateNotFound:
            raise PluginError(f"{page.file.src_path}: unknown marker <!-- site:{match.group(1)} --> — "
                              f"use one of: {', '.join(pages.marker_names())} / 未知标记") from None

    return _MARKER.sub(expand, markdown)


@event_priority(100)  # before anything else reads page.content
def on_page_content(html, page, config, files, **kwargs):
    blocks = getattr(page, "citysite_raw_blocks", None)
    if not blocks:
        return html
    page.citysite_raw_blocks = None
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= rawhtml.anchor_ids(blocks)  # as MkDocs' own raw-HTML scan would
    return rawhtml.restore(html, blocks)


def on_page_context(context, page, config, nav, **kwargs):
    lang = mkdocs_glue.current_language(config)
    view = pages.View(_state["dataset"], lang, mkdocs_glue.norm_src_uri(page.file))
    context["site_view"] = view
    context["jsonld"] = jsonld_for(view, mkdocs_glue.norm_src_uri(page.file), config.site_url or "")
    return context


def on_template_context(context, template_name, config, **kwargs):
    # Static templates (404.html) get the same help card and labels as pages.
    if template_name == "404.html" and "dataset" in _state:
        context["site_view"] = pages.View(_state["dataset"], mkdocs_glue.current_language(config), "404.md")
    return context


def on_post_page(output, page, config, **kwargs):
    lang = mkdocs_glue.current_language(config)
    labels = _state["dataset"].labels
    output = mkdocs_glue.name_search_dialog(output, getattr(labels["search"], lang))
    output = mkdocs_glue.localise_permalinks(output, getattr(labels["permalink"], lang))
    return mark_language_runs(mkdocs_glue.point_search_at_language(output, lang), lang)


@event_priority(0)  # before static-i18n builds the other languages (-100)
def _keep_404(config, **kwargs):
    site = Path(config.site_dir)
    lang = mkdocs_glue.current_language(config)
    not_found = site / "404.html"
    if not_found.exists():
        # Each language build writes the root 404.html; keep one per language.
        _state[f"404-{lang}"] = not_found.read_text(encoding="utf-8")


@event_priority(-110)  # after static-i18n has built every language and merged the search index
def _finish_site(config, **kwargs):
    if not mkdocs_glue.is_final_build(config):
        return
    site = Path(config.site_dir)
    for lang, folder in (("zh", site), ("en", site / "en")):
        html = _state.pop(f"404-{lang}", None)  # state must not leak into the next build
        if html and folder.is_dir():
            html = mkdocs_glue.name_search_dialog(html, getattr(_state["dataset"].labels["search"], lang))
            html = mark_language_runs(mkdocs_glue.point_search_at_language(html, lang), lang)
            (folder / "404.html").write_text(html, encoding="utf-8")
    split_search_index(site)
    pages.save_caches()
    pages.write_sign_lookup(_state["dataset"], site)
    write_exports(_state["dataset"], site)
    write_csv(_state["dataset"], site / "data")
    write_calendars(_state["dataset"], site / "data")
    write_feeds(_state["dataset"], history_for(_state["dataset"].root), site, config.site_url or "")  # names the data version
    write_open_data(_state["dataset"], site, config.site_url or "")


on_post_build = CombinedEvent(_keep_404, _finish_site)
