"""Adapting generated pages to MkDocs 1.6 + mkdocs-static-i18n 1.3.1 (internals: pinned versions).

static-i18n builds once per language and re-creates every File in its on_files (priority -100),
so generated pages are added after it (-110), once per language, dressed with the attributes the
plugin gives its own files (locale, alternates) so the language switcher and sitemap keep them."""
from __future__ import annotations

import fnmatch
import json
import posixpath
import re

from mkdocs.structure.files import File, Files

from .view import DEFAULT_LANG, LANGS


def i18n_plugin(config):
    return config.plugins.get("i18n")


def current_language(config) -> str:
    plugin = i18n_plugin(config)
    return (plugin.current_language if plugin else None) or DEFAULT_LANG


def is_final_build(config) -> bool:
    """True in the outer (default-language) build once every language has been built."""
    plugin = i18n_plugin(config)
    return plugin is None or not plugin.building


def repo_base(config) -> str:
    """https://github.com/OWNER/REPO from edit_uri (…/edit/BRANCH/docs/)."""
    edit_uri = config.get("edit_uri") or ""
    match = re.match(r"^(https?://.+?)/edit/[^/]+/", edit_uri)
    return match.group(1) if match else ""


def expand_nav(nav, uris: list[str]):
    """Replace each nav entry that is a glob (e.g. `cities/*.md`) with the generated pages it matches,
    in the given (data) order: the nav of data-made pages follows the data, not mkdocs.yml."""
    if isinstance(nav, list):
        out = []
        for item in nav:
            if isinstance(item, str) and "*" in item:
                out += [u for u in uris if fnmatch.fnmatchcase(u, item)]
            else:
                out.append(expand_nav(item, uris))
        return out
    if isinstance(nav, dict):
        return {key: expand_nav(value, uris) for key, value in nav.items()}
    return nav


def _virtual(config, src_uri: str, lang: str, content: str) -> File:
    file = File.generated(config, src_uri, content=content)
    if lang != DEFAULT_LANG:
        # Must happen before anything reads url/abs_dest_path (cached properties).
        file.dest_uri = f"{lang}/{file.dest_uri}"
    file.locale = lang
    file.localization = None if lang == DEFAULT_LANG else lang
    file.locale_alternate_of = lang
    file.norm_src_uri = src_uri
    return file


def add_pages(files: Files, config, pages: list[tuple[str, str, str | None]]) -> Files:
    """pages: (src_uri, markdown, edit path relative to the project root or None)."""
    lang = current_language(config)
    for src_uri, markdown, edit_path in pages:
        existing = files.get_file_from_path(src_uri)
        if existing is not None and getattr(existing, "generated_by", None) is None:
            raise ValueError(f"{src_uri} is generated from data/ and must not also exist in docs/")
        file = _virtual(config, src_uri, lang, markdown)
        file.alternates = {code: (file if code == lang else _virtual(config, src_uri, code, "")) for code in LANGS}
        # The edit button opens the YAML the page is built from (relative to docs_dir).
        file.edit_uri = posixpath.join("..", edit_path) if edit_path and not edit_path.endswith("/") else None
        files.append(file)
    plugin = i18n_plugin(config)
    if plugin is not None:
        plugin.i18n_files_per_language[lang] = files.documentation_pages()
    return files


_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def point_search_at_language(html: str, lang: str) -> str:
    """Make a non-default-language page use its own search index (en/search/…)."""
    if lang == DEFAULT_LANG:
        return html

    def fix(match):
        cfg = json.loads(match.group(2))
        base = cfg.get("base", ".").rstrip("/")
        cfg["base"] = posixpath.join(base, lang) + "/"
        return match.group(1) + json.dumps(cfg, ensure_ascii=False, separators=(",", ":")) + match.group(3)

    return _CONFIG_SCRIPT.sub(fix, html, count=1)


def point_edit_button(files: Files, src_uri: str, edit_uri: str) -> None:
    """A page that only includes another file: its edit button opens that file."""
    for file in files:
        if getattr(file, "norm_src_uri", file.src_uri) == src_uri or file.src_uri == src_uri:
            file.edit_uri = edit_uri


def drop_theme_files(files: Files, prefix: str) -> None:
    """Theme folders are copied into the site; keep our page templates (overrides/site/) out."""
    for file in list(files):
        if file.src_uri.startswith(prefix) and not file.is_documentation_page() and file.src_dir and "overrides" in file.src_dir:
            files.remove(file)


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str, label: str) -> str:
    """Material's search dialog has no accessible name (axe/Lighthouse aria-dialog-name)."""
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)


def norm_src_uri(file) -> str:
    """The page's source path without its language suffix (index.en.md -> index.md), as static-i18n sets it."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")([^"]*)(")')


def localise_permalinks(html: str, title: str) -> str:
    """The `toc` extension's permalink_title is one string for every language (mkdocs.yml):
    give each heading anchor the page's language instead (ui.yml `permalink`)."""
    from html import escape
    return _PERMALINK.sub(lambda m: m.group(1) + escape(title, quote=True) + m.group(3), html)
