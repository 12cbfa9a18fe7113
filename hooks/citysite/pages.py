"""Which pages the data produces, and how each is rendered (Markdown + HTML blocks from templates).
Pages are the same in every language; the nav does not grow with the number of records."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from typing import get_args

import jinja2

from .collections import BY_NAME, COLLECTIONS
from .history import history_for
from . import lists
from .loader import PROJECT_ROOT, Dataset
from .models import SignTerm
from .view import View, save_caches  # noqa: F401  (re-exported for the hooks)

TEMPLATE_DIR = PROJECT_ROOT / "overrides" / "site"


@dataclass(frozen=True)
class PageSpec:
    src_uri: str  # virtual source path, e.g. cities/chongqing.md
    template: str  # template under overrides/site/
    edit_path: str  # data file or folder the page is built from (for the edit button)
    context: dict = field(default_factory=dict, hash=False, compare=False)


DIRECTORIES = ("sister-cities", "consulates", "channels", "platforms", "events")
SECTORS = get_args(SignTerm.model_fields["sector"].annotation)


def city_page(city_id: str) -> str:
    return f"cities/{city_id}.md"


def first_week_page(city_id: str) -> str:
    return f"first-week/{city_id}.md"


def page_specs(ds: Dataset) -> list[PageSpec]:
    specs = []
    for city in ds.cities:
        specs.append(PageSpec(city_page(city.id), "city.md.j2", f"data/cities/{city.id}.yml", {"city": city}))
    for name in DIRECTORIES:
        coll = BY_NAME[name]
        if name in lists.BY_CITY:
            specs += _split(ds, name, f"directory-{name}.md.j2", {"collection": coll})
        else:
            specs.append(PageSpec(f"{name}.md", f"directory-{name}.md.j2", f"data/{coll.path}", {"collection": coll}))
    specs.append(PageSpec("compare.md", "compare.md.j2", "data/cities/"))
    specs.append(PageSpec("services.md", "services.md.j2", "data/services/"))
    specs.append(PageSpec("guides.md", "guides.md.j2", "data/guides/"))
    for guide in ds.of("guides"):
        specs.append(PageSpec(f"guides/{guide.id}.md", "guide.md.j2", guide.place[0], {"guide": guide}))
    for city in ds.cities:  # the guides a newcomer needs, in order, with the city's offices (issue 14)
        specs.append(PageSpec(first_week_page(city.id), "first-week.md.j2", "data/guides/", {"city": city}))
    specs.append(PageSpec("standards.md", "standards.md.j2", "data/standards.yml"))
    specs += _split(ds, "sign-terms", "sign-terms.md.j2", {"sectors": SECTORS})
    specs.append(PageSpec("recommendations.md", "recommendations.md.j2", "data/recommendations/"))
    specs += _split(ds, "sources", "sources.md.j2", {})
    specs.append(PageSpec("changelog.md", "changelog.md.j2", "data/", {"history": history_for(ds.root)}))
    specs.append(PageSpec("open-data.md", "open-data.md.j2", "data/schemas/", {"collections": COLLECTIONS}))
    return specs


def _split(ds: Dataset, name: str, template: str, context: dict) -> list[PageSpec]:
    """A long list as an overview page (name.md: its parts, and where each old anchor went) plus
    one page per part (name/<part>.md), all from one template that sees `part` (None: overview)."""
    folder = BY_NAME[name].path  # e.g. sources/
    list_parts = lists.parts(ds, name, context.get("sectors", ()))
    specs = [PageSpec(f"{name}.md", template, f"data/{folder}",
                      {**context, "part": None, "parts": list_parts, "moved": lists.moved_anchors(name, list_parts)})]
    for part in list_parts:
        data_file = f"{folder}{part.slug}.yml"
        edit = f"data/{data_file}" if (Path(ds.root) / data_file).is_file() else f"data/{folder}"
        specs.append(PageSpec(f"{name}/{part.slug}.md", template, edit, {**context, "part": part, "parts": list_parts}))
    return specs


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,  # every data string is escaped, whatever the file extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written `{#id}`, so Jinja comments use {%# … #%} instead of {# … #}.
        comment_start_string="{%#",
        comment_end_string="#%}",
    )
    from . import buildcache, charts, ics, worldmap
    buildcache.use_bytecode_cache(env)  # compiled once per process, and reused by later builds
    env.globals.update(world_map=worldmap.map_figure, decades_chart=charts.decades_figure,
                       indicator_chart=charts.indicator_figure, calendar_files=ics.calendar_files)
    env.tests["match_full_date"] = lambda value: isinstance(value, str) and len(value) == 10
    return env


def render_page(env: jinja2.Environment, spec: PageSpec, ds: Dataset, lang: str, repo_url: str = "") -> str:
    view = View(ds, lang, spec.src_uri, repo_url=repo_url)
    template = env.get_template(spec.template)
    return template.render(v=view, ds=ds, spec=spec, **spec.context)


def render_fragment(env: jinja2.Environment, template: str, ds: Dataset, lang: str, src_uri: str, repo_url: str = "", **context) -> str:
    view = View(ds, lang, src_uri, repo_url=repo_url)
    return env.get_template(template).render(v=view, ds=ds, **context)


def write_pages(ds: Dataset, out_dir: Path, lang: str) -> list[Path]:
    """Write the generated pages as Markdown files (for other static-site tools, or inspection)."""
    env = make_env()
    written = []
    for spec in page_specs(ds):
        target = Path(out_dir) / spec.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(env, spec, ds, lang), encoding="utf-8")
        written.append(target)
    return written


def write_sign_lookup(ds: Dataset, site_dir: Path) -> Path:
    """sign-terms/lookup.json: every term of every sector, for the lookup (loaded on first use)."""
    import json
    target = Path(site_dir) / "sign-terms" / "lookup.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(lists.sign_lookup(ds, SECTORS), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target


def marker_names() -> list[str]:
    return sorted(p.name[len("marker-"):-len(".md.j2")] for p in TEMPLATE_DIR.glob("marker-*.md.j2"))
