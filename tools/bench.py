#!/usr/bin/env python3
"""`make bench`: how fast the data pipeline builds the site, and how heavy the result is.

What it does (all in temporary folders; the only files it writes in the project are
bench-results/latest.json, docs/performance.md and docs/performance.en.md):

1. Data sets: the real data/ folder, and synthetic copies with ×1, ×3 and ×10 records. A synthetic
   copy repeats every record of the record collections (sister cities, consulates, channels,
   platforms, events, plans, services, guides, standards, sign terms, recommendations, rankings,
   report channels) with ids suffixed -x2, -x3 …; sources, provinces, cities and ui.yml stay as they are.
2. Each data set is built with the project's strict in-process build (tests/sitebuild.py), each build
   in its own subprocess, so that its peak memory (ru_maxrss of that child, from os.wait4) and its
   time are its own.
3. The same pages are dumped as plain Markdown (citysite.pages.write_pages: page.md + page.en.md,
   markers of the hand-written pages expanded) and built with the same stack and theme config
   (mkdocs + material + static-i18n, overrides/) but without the hooks: the difference is the cost
   of the data pipeline (load + validate YAML, render templates, split search, write exports).
4. Sizes are measured on the built site: total, search index per language (raw and gzip -9), and the
   weight of the Chongqing city page (its HTML + the CSS/JS it references + the search worker and
   search index it loads, each gzip -9 compressed, summed).

The bench runs on a snapshot of the project (copied to a temporary folder), so edits made while it
runs cannot break or skew it; if the snapshot's data/ does not validate or build, it retries a few
times, then falls back to the test fixture data set and says so in the results.
Targets are judged on CPU time (the build is single-threaded; CPU time is not inflated when other
processes share the cores); wall time is reported beside it.

Options: --runs N (timed runs per build, default 3), --budget S (repeat builds only while the bench
stays under S seconds, default 480; fewer runs are noted), --quick (1 run each, no ×1 synthetic),
--no-write (print only). Run with `make bench`.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

KB = 1000  # kB = 1000 bytes throughout (the stricter reading of the targets)
TARGETS = {
    "overhead_pct": 15.0,  # issue 15: the data pipeline costs at most 1.15× the same pages written by hand (real data, median CPU)
    "ratio_x10_x1": 10.5,  # build time ×10 / ×1
    "search_gz_kb": 150.0,  # gzip -9 search index of each language, real data
    "city_first_load_kb": 150.0,  # issue 12: a city page's first load, all in (gzip), real data
    "max_first_load_kb": 200.0,  # issue 12: no page's first load over this
    "list_html_gz_kb": 100.0,  # issue 12: each page of the long lists, HTML gzip
}
# Collections whose records are repeated in the synthetic data sets. Everything else is kept as is.
KEEP = {"sources", "provinces", "cities", "official-lists"}
CHILD_TIMEOUT = 600


# --------------------------------------------------------------------------------------------
# Child processes: one build each
# --------------------------------------------------------------------------------------------

def child(kind: str, src: str, site: str) -> None:
    import logging
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stdout)
    site_dir = Path(site)
    shutil.rmtree(site_dir, ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "breakdown":
        print("BENCH-RESULT " + json.dumps(pipeline_steps(Path(src), site_dir)))
        return
    calls = {}
    if kind == "data":
        from citysite import loader, pages
        from sitebuild import build_site

        def counted(module, name):  # how often the hooks load the data / make a Jinja env per build
            original = getattr(module, name)

            def wrapper(*a, **k):
                calls[name] = calls.get(name, 0) + 1
                return original(*a, **k)
            setattr(module, name, wrapper)
        counted(loader, "load")
        counted(pages, "make_env")
        build_site(site_dir, data_dir=Path(src))
    else:  # plain Markdown in `src`, same config, no hooks, not strict (links to the exports dangle)
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from citysite.loader import city_order
        from citysite.mkdocs_glue import expand_nav
        from citysite.pages import city_page
        config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=src, site_dir=str(site_dir), strict=False, hooks=[])
        # The same nav as the data build: `cities/*.md` expanded in the cities' data order (the hook's job).
        config.nav = expand_nav(config.nav, [city_page(c) for c in city_order()])
        build(config)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print("BENCH-RESULT " + json.dumps({"wall": wall, "cpu": cpu, "calls": calls}))


def pipeline_steps(data_dir: Path, out_dir: Path) -> dict:
    """The data pipeline's own steps, timed (CPU seconds) outside MkDocs: import, load + validate,
    render the generated pages of each language (one Jinja environment, as the hooks keep it for
    the whole build), exports (+ calendars where the project has them)."""
    clock = time.process_time
    steps = {}
    t = clock()
    from citysite import loader, pages
    from citysite.exports import write_exports
    steps["import"] = clock() - t
    t = clock()
    ds = loader.load(data_dir)
    steps["load_validate"] = clock() - t
    specs = pages.page_specs(ds)
    env = pages.make_env()
    for lang in ("zh", "en"):
        t = clock()
        for spec in specs:
            pages.render_page(env, spec, ds, lang)
        steps[f"render_{lang}"] = clock() - t
    out_dir.mkdir(parents=True, exist_ok=True)
    t = clock()
    write_exports(ds, out_dir)
    try:
        from citysite.ics import write_calendars
    except ImportError:
        write_calendars = None
    if write_calendars:
        write_calendars(ds, out_dir / "data")
    steps["exports"] = clock() - t
    steps["generated_pages_per_language"] = len(specs)
    return steps


def run_child(kind: str, src: Path | str, site: Path, log: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(src), str(site)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "hooks"), os.environ.get("PYTHONPATH", "")]))
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        deadline = start + CHILD_TIMEOUT
        while True:  # os.wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max over all)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    process_wall = time.perf_counter() - start
    text = log.read_text(errors="replace")
    found = re.findall(r"^BENCH-RESULT (.*)$", text, re.M)
    if proc.returncode != 0 or not found:
        tail = "\n".join(text.splitlines()[-30:])
        raise RuntimeError(f"{kind} build of {src} failed (exit {proc.returncode}):\n{tail}")
    result = json.loads(found[-1])
    result.update(process_wall=process_wall, maxrss_mb=usage.ru_maxrss / 1024,  # Linux: KiB
                  process_cpu=usage.ru_utime + usage.ru_stime,
                  warnings=len(re.findall(r"^WARNING", text, re.M)))
    return result


# --------------------------------------------------------------------------------------------
# Data sets
# --------------------------------------------------------------------------------------------

def _dumper():
    import yaml

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data):  # the project's reader refuses aliases
            return True

    return NoAliases


def _dump(data) -> str:
    import yaml
    return yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100_000)


def _suffixed(record, suffix: str):
    rec = copy.deepcopy(record)
    if isinstance(rec, dict) and isinstance(rec.get("id"), str):
        rec["id"] += suffix
    return rec


def make_scaled(src: Path, dst: Path, factor: int) -> Path:
    """A copy of `src` (a data/ folder) where every record of the record collections appears `factor` times."""
    from citysite.collections import COLLECTIONS
    from citysite.loader import collection_files
    from citysite.yamlsafe import MAX_FILE_BYTES, read_yaml

    shutil.copytree(src, dst)
    for coll in COLLECTIONS:
        if coll.name in KEEP or getattr(coll, "key", "id") != "id":
            continue  # reference lists keyed by something else (official-domains by suffix) stay as they are
        for file in collection_files(dst, coll):
            data, _, problems = read_yaml(file, str(file))
            if problems or data is None:
                raise RuntimeError(f"cannot read {file}: {problems}")
            if coll.shape == "single":
                for i in range(2, factor + 1):
                    copy_ = _suffixed(data, f"-x{i}")
                    (file.parent / f"{copy_.get('id', file.stem)}.yml").write_text(_dump(copy_), encoding="utf-8")
                continue
            records = data.get(coll.list_key) or []
            copies = [[_suffixed(r, f"-x{i}") for r in records] for i in range(2, factor + 1)]
            data[coll.list_key] = records + [r for batch in copies for r in batch]
            text = _dump(data)
            if len(text.encode()) <= MAX_FILE_BYTES or not coll.is_folder or coll.city_key:
                file.write_text(text, encoding="utf-8")  # over the limit here, the loader says so
                continue
            data[coll.list_key] = records  # too big for one file: one file per copy
            file.write_text(_dump(data), encoding="utf-8")
            for i, batch in enumerate(copies, start=2):
                (file.parent / f"{file.stem}-x{i}.yml").write_text(_dump(dict(data, **{coll.list_key: batch})), encoding="utf-8")
    return dst


_MARKER = re.compile(r"<!--\s*site:([a-z][a-z0-9-]*)\s*-->")


_REPO: list = []


def _repo_url() -> str:
    if not _REPO:
        from citysite import mkdocs_glue
        from mkdocs.config import load_config
        _REPO.append(mkdocs_glue.repo_base(load_config(str(ROOT / "mkdocs.yml"))))
    return _REPO[0]


def make_plain_docs(data_dir: Path, dst: Path) -> int:
    """The same pages as plain Markdown files: generated pages + hand-written pages with markers expanded."""
    from citysite import loader, pages

    ds = loader.load(data_dir)
    env = pages.make_env()
    shutil.copytree(ROOT / "docs", dst)
    for md in dst.rglob("*.md"):
        lang = "en" if md.name.endswith(".en.md") else "zh"
        src_uri = md.relative_to(dst).as_posix().replace(".en.md", ".md")
        text = md.read_text(encoding="utf-8")
        expanded = _MARKER.sub(lambda m: pages.render_fragment(env, f"marker-{m.group(1)}.md.j2", ds, lang, src_uri), text)
        md.write_text(expanded, encoding="utf-8")
    # As citysite.pages.write_pages, but with the repository URL the hooks pass (edit/report links),
    # so that the plain pages carry exactly the text the data build generates.
    repo = _repo_url()
    for lang in ("zh", "en"):
        for spec in pages.page_specs(ds):
            rel = spec.src_uri if lang == "zh" else spec.src_uri[:-3] + f".{lang}.md"
            target = dst / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pages.render_page(env, spec, ds, lang, repo), encoding="utf-8")
    return sum(len(r) for r in ds.records.values())


def count_records(data_dir: Path) -> int:
    from citysite import loader
    return sum(len(r) for name, r in loader.load(data_dir).records.items() if name not in KEEP)


# --------------------------------------------------------------------------------------------
# Measuring a built site
# --------------------------------------------------------------------------------------------

def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js, self.img, self.config, self._in_config = [], [], [], "", False
        self.lazy_search = False  # overrides/partials/lazy-search.html holds the index until search is opened

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.css.append(a["href"])
        if tag == "link" and "icon" in rel and a.get("href"):
            self.img.append(a["href"])
        if tag == "img" and a.get("src"):
            self.img.append(a["src"])
        if tag == "script":
            if a.get("src"):
                self.js.append(a["src"])
            self._in_config = a.get("id") == "__config"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config += data
        if "__lazyIndex" in data:
            self.lazy_search = True


def page_weight(site: Path, rel: str) -> dict:
    """gzip -9 bytes of a page's first load — its HTML and the CSS, JS and images (SVG icon) it
    references — and of the search worker + index: part of the first load when the page fetches
    them at once (Material's default), in `on_search_gz` when the page holds them until search
    is opened (overrides/partials/lazy-search.html)."""
    page = site / rel
    html = page.read_bytes()
    parser = Assets()
    parser.feed(html.decode("utf-8"))
    base_url = "http://site/" + rel
    parts = {"html": gz(html)}
    external = []

    def local(href: str):
        url = urljoin(base_url, href)
        if not url.startswith("http://site/"):
            external.append(href)
            return None
        path = site / urlparse(url).path.lstrip("/")
        return path if path.is_file() else None

    for kind, hrefs in (("css", parser.css), ("js", parser.js), ("img", parser.img)):
        for href in hrefs:
            path = local(href)
            if path:
                parts[f"{kind}:{path.relative_to(site).as_posix()}"] = _gz_file(path)
    search = {}
    if parser.config:
        cfg = json.loads(parser.config)
        base = cfg.get("base", ".").rstrip("/") + "/"
        for href in (cfg.get("search"), base + "search/search_index.json"):
            path = local(href) if href else None
            if path:
                search[f"search:{path.relative_to(site).as_posix()}"] = _gz_file(path)
    if not parser.lazy_search:
        parts.update(search)
        search = {}
    return {"total_gz": sum(parts.values()), "parts_gz": parts, "html_gz": parts["html"],
            "on_search_gz": sum(search.values()), "search_parts_gz": search, "external": external}


_GZ_CACHE: dict = {}


def _gz_file(path: Path) -> int:
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _GZ_CACHE:
        _GZ_CACHE[key] = gz(path.read_bytes())
    return _GZ_CACHE[key]


LISTS = ("sources", "sign-terms", "sister-cities", "consulates")  # issue 12: each page's HTML ≤ 100 kB gzip


def page_type_weights(site: Path) -> dict:
    """First-load weight of one page of each type, both languages (tools/audit.py's list), the
    heaviest page of the whole site, and the heaviest page of the long lists (HTML only)."""
    from sitebuild import html_pages
    sys.path.insert(0, str(ROOT / "tools"))
    from audit import page_types
    out = {"types": {}}
    for kind, path in page_types(site):
        w = page_weight(site, path + "index.html")
        out["types"][path or "/"] = {"type": kind, "html_gz": w["html_gz"], "first_load_gz": w["total_gz"], "on_search_gz": w["on_search_gz"]}
    heaviest, lists = None, None
    for rel in html_pages(site):
        w = page_weight(site, rel)
        if heaviest is None or w["total_gz"] > heaviest["first_load_gz"]:
            heaviest = {"page": rel, "first_load_gz": w["total_gz"]}
        if rel.split("/")[1 if rel.startswith("en/") else 0] in LISTS and (lists is None or w["html_gz"] > lists["html_gz"]):
            lists = {"page": rel, "html_gz": w["html_gz"]}
    out["heaviest"], out["heaviest_list"] = heaviest, lists
    return out


def measure_site(site: Path) -> dict:
    from sitebuild import html_pages

    files = [p for p in site.rglob("*") if p.is_file()]
    out = {
        "pages": len(html_pages(site)),
        "files": len(files),
        "site_bytes": sum(p.stat().st_size for p in files),
        "html_bytes": sum((site / rel).stat().st_size for rel in html_pages(site)),
        "search": {},
    }
    for lang, rel in (("zh", "search/search_index.json"), ("en", "en/search/search_index.json")):
        path = site / rel
        if path.exists():
            raw = path.read_bytes()
            out["search"][lang] = {"raw": len(raw), "gz": gz(raw), "docs": len(json.loads(raw).get("docs", []))}
    out["city_page"] = {}
    for lang, rel in (("zh", "cities/chongqing/index.html"), ("en", "en/cities/chongqing/index.html")):
        if (site / rel).exists():
            out["city_page"][lang] = page_weight(site, rel)
    try:
        out["page_types"] = page_type_weights(site)
    except Exception as exc:  # noqa: BLE001 - a synthetic data set may lack a page type; say so, do not fail the bench
        out["page_types"] = {"error": str(exc)}
    return out


# --------------------------------------------------------------------------------------------
# Machine
# --------------------------------------------------------------------------------------------

def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pydantic", "jieba"):
        try:
            from importlib.metadata import version
            versions[dist] = version(dist)
        except Exception:
            versions[dist] = None
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": model or platform.processor() or platform.machine(),
        "memory": mem,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
    }


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def fmt_kb(n) -> str:
    return "–" if n is None else f"{n / KB:,.1f}"


def tables(results: dict, lang: str) -> str:
    zh = lang == "zh"
    head = (["数据集", "记录数", "页面数", "构建秒数 墙钟 / CPU", "CPU 秒/页", "纯 Markdown 秒数 墙钟 / CPU", "数据管线开销 CPU", "开销 墙钟", "峰值内存 MB（数据 / 纯 Markdown）"]
            if zh else ["Data set", "Records", "Pages", "Build s wall / CPU", "CPU s per page", "Plain Markdown s wall / CPU", "Pipeline overhead (CPU)", "Overhead (wall)", "Peak memory MB (data / plain)"])
    rows = []
    for row in results["rows"]:
        b, p = row["build"], row.get("plain")
        runs = f" ({b['runs']}×)"
        rows.append([
            row["label"], f"{row['records']:,}", str(row["site"]["pages"]),
            f"{b['wall']:.2f} / {b['cpu']:.2f}{runs}", f"{b['cpu'] / row['site']['pages']:.3f}",
            f"{p['wall']:.2f} / {p['cpu']:.2f}" if p else "–",
            f"{row['overhead_cpu_pct']:+.0f} %" if p else "–",
            f"{row['overhead_pct']:+.0f} %" if p else "–",
            f"{b['maxrss_mb']:.0f}" + (f" / {p['maxrss_mb']:.0f}" if p else ""),
        ])
    head2 = (["数据集", "网站总大小 MB", "中文搜索索引 kB（原始 / gzip）", "英文搜索索引 kB（原始 / gzip）", "重庆页面 gzip kB（中 / 英）"]
             if zh else ["Data set", "Site size MB", "Search index zh kB (raw / gzip)", "Search index en kB (raw / gzip)", "Chongqing page gzip kB (zh / en)"])
    rows2 = []
    for row in results["rows"]:
        s = row["site"]
        si = lambda l: f"{fmt_kb(s['search'][l]['raw'])} / {fmt_kb(s['search'][l]['gz'])}" if l in s["search"] else "–"
        cp = lambda l: fmt_kb(s["city_page"][l]["total_gz"]) if l in s["city_page"] else "–"
        rows2.append([row["label"], f"{s['site_bytes'] / 1e6:.2f}", si("zh"), si("en"), f"{cp('zh')} / {cp('en')}"])

    n_load = results["rows"][0]["build"].get("calls", {}).get("load", 2) if results["rows"] else 2
    head3 = (["数据集（CPU 秒）", "生成页面数（每种语言）", "导入", f"读取与校验（一次；每次构建运行 {n_load} 次）", "渲染中文", "渲染英文", "导出与日历", "合计估计", "实测差值（数据 − 纯 Markdown）"]
             if zh else ["Data set (CPU s)", "Generated pages (per language)", "Import", f"Load + validate (once; runs {n_load}× per build)", "Render zh", "Render en", "Exports + calendars", "Estimated total", "Measured difference (data − plain)"])
    rows3 = []
    for row in results["rows"]:
        st = row.get("pipeline_steps")
        if not st:
            continue
        rows3.append([row["label"], str(st["generated_pages_per_language"]), f"{st['import']:.2f}", f"{st['load_validate']:.2f}",
                      f"{st['render_zh']:.2f}", f"{st['render_en']:.2f}", f"{st['exports']:.2f}", f"{st['per_build_estimate']:.2f}",
                      f"{row['build']['cpu'] - row['plain']['cpu']:.2f}"])

    def md(h, rs):
        lines = ["| " + " | ".join(h) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(h))) + "|"]
        return focusable("\n".join(lines + ["| " + " | ".join(r) + " |" for r in rs]), lang)

    pt = results["rows"][0]["site"].get("page_types", {}) if results["rows"] else {}
    before = _weights_before()
    head4 = (["页面类型（真实数据）", "页面", "HTML gzip kB", "首次加载 gzip kB", "打开搜索时再加载 kB", "改版前首次加载 kB"]
             if zh else ["Page type (real data)", "Page", "HTML gzip kB", "First load gzip kB", "On opening search kB", "First load before kB"])
    rows4 = [[t["type"], f"`/{path.lstrip('/')}`", fmt_kb(t["html_gz"]), fmt_kb(t["first_load_gz"]), fmt_kb(t["on_search_gz"]),
              fmt_kb(before.get(path, {}).get("first_load_gz"))] for path, t in pt.get("types", {}).items()]
    return (md(head, rows) + "\n\n" + md(head2, rows2) + ("\n\n" + md(head3, rows3) if rows3 else "")
            + ("\n\n" + md(head4, rows4) if rows4 else ""))


def _weights_before() -> dict:
    """tools/weights-before.json: the page types measured on the site before issue 12's
    changes (`tools/bench.py --weights SITE --save weights-before.json`, then moved here: bench-results/ is not committed)."""
    path = ROOT / "tools" / "weights-before.json"
    return json.loads(path.read_text(encoding="utf-8")).get("types", {}) if path.exists() else {}


def focusable(table: str, lang: str) -> str:
    """Wide tables scroll on phones: put them in a keyboard-focusable region (WCAG 2.1.1)."""
    label = "基准测试结果表" if lang == "zh" else "Benchmark results table"
    return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}" markdown>\n\n{table}\n\n</div>'


def targets_table(results: dict, lang: str) -> str:
    zh = lang == "zh"
    lines = (["| 指标 | 目标 | 结果 | 是否达标 |", "|---|---:|---:|:---:|"] if zh
             else ["| Measure | Target | Result | Met |", "|---|---:|---:|:---:|"])
    names = {
        "overhead_pct": ("数据管线开销（真实数据，CPU 时间中位数）", "Data pipeline overhead (real data, median CPU time)", "≤ {t:.0f} %", "{v:+.1f} %"),
        "ratio_x10_x1": ("×10 / ×1 构建时间比（CPU 时间）", "Build time ×10 / ×1 (CPU time)", "≤ {t}", "{v:.2f}"),
        "search_gz_zh": ("中文搜索索引 gzip（真实数据）", "Search index zh, gzip (real data)", "≤ {t:.0f} kB", "{v:.1f} kB"),
        "search_gz_en": ("英文搜索索引 gzip（真实数据）", "Search index en, gzip (real data)", "≤ {t:.0f} kB", "{v:.1f} kB"),
        "city_first_load": ("重庆页面首次加载（gzip，含 HTML、CSS、JS、SVG 及加载时取得的任何索引）", "Chongqing page first load (gzip, all in: HTML, CSS, JS, SVG, any index fetched on load)", "≤ {t:.0f} kB", "{v:.1f} kB"),
        "max_first_load": ("最重页面的首次加载（gzip）", "Heaviest page's first load (gzip)", "≤ {t:.0f} kB", "{v:.1f} kB"),
        "list_html_gz": ("长列表（来源、标识、友城、领事机构）单页 HTML gzip 最大值", "Long lists (sources, signs, sister cities, consulates): largest page HTML, gzip", "≤ {t:.0f} kB", "{v:.1f} kB"),
    }
    for key, check in results["targets"].items():
        label_zh, label_en, t_fmt, v_fmt = names[key]
        ok = check["met"]
        mark = "—" if ok is None else (("✅ 达标" if ok else "❌ 未达标") if zh else ("✅ yes" if ok else "❌ no"))
        value = "–" if check["value"] is None else v_fmt.format(v=check["value"])
        if check.get("wall") is not None:
            value += f"（墙钟 {v_fmt.format(v=check['wall'])}）" if zh else f" (wall {v_fmt.format(v=check['wall'])})"
        if check.get("page"):
            value += f"（{check['page']}）" if zh else f" ({check['page']})"
        lines.append(f"| {label_zh if zh else label_en} | {t_fmt.format(t=check['target'])} | {value} | {mark} |")
    return focusable("\n".join(lines), lang)


PAGE_ZH = """---
description: 本站构建性能与页面体积的基准测试结果：构建时间、内存、搜索索引与页面大小。
---
# 性能

本页记录 `make bench` 的最近一次结果。这些数字说明：由 YAML 数据生成网站的额外开销有多大，记录增加时构建时间如何增长，以及读者需要下载多少数据。

## 测量内容

- **数据集**：真实的 `data/` 目录，以及合成数据 ×1、×3、×10——把各记录集合（友城、领事机构、通道、平台、活动、规划、服务、指南、标准、标识译法、建议、排名、纠错渠道）的每条记录复制若干份，编号加后缀 `-x2`、`-x3`……；来源、省份、城市概况和界面文字保持不变。按记录生成的页面（如办事指南）随之增多，其余页面变长。
- **构建时间**：与 `make build` 相同的严格构建（两种语言），每次构建在独立子进程中运行，取 {runs_zh}的中位数；不含 Python 解释器启动时间。同时记录墙钟时间和 CPU 时间：构建是单线程的，机器空闲时两者相等；其他进程占用 CPU 时墙钟时间会虚高，而 CPU 时间不受影响，因此目标按 CPU 时间判断。
- **纯 Markdown 对照**：把同样的页面（生成页面与手写页面，标记已展开）写成普通 Markdown 文件（`页面.md` 与 `页面.en.md`），用同一套 MkDocs + Material + static-i18n 配置但不加钩子构建。两者的差就是数据管线（读取并校验 YAML、渲染模板、拆分搜索索引、导出数据）的开销。
- **管线各步骤**：在 MkDocs 之外单独计时数据管线的各步骤（导入、读取并校验 YAML、按语言渲染页面、导出数据与日历），按钩子在一次构建中的运行方式估计其总耗时（每次构建读取数据的次数在数据构建中实际计数）。
- **峰值内存**：构建子进程的最大常驻内存（`ru_maxrss`），格式为“数据构建 / 纯 Markdown 构建”。
- **体积**：网站总大小；每种语言的搜索索引（原始与 `gzip -9`）；重庆城市页面及每种页面类型的首次加载量——HTML、它引用的 CSS、JavaScript 和图像（SVG 图标），以及页面加载时就取得的搜索程序与索引，各自 `gzip -9` 压缩后相加；读者打开搜索时才加载的部分单列。1 kB = 1000 字节。

## 如何重新运行

```sh
make bench            # 约 5–10 分钟；结果写入 bench-results/latest.json 与本页
.venv/bin/python tools/bench.py --quick   # 每项只构建一次
```

## 结果

测量日期：{date}；机器：{nproc} 核，{cpu}，内存 {memory}；Python {python}，MkDocs {mkdocs}，Material {material}，static-i18n {i18n}。运行期间系统平均负载 {load}{load_note_zh}。

{tables}

## 目标

{targets}
{notes_zh}
"""

PAGE_EN = """---
description: Benchmark of the site build and page weight — build time, memory, search index and page sizes.
---
# Performance

This page holds the latest results of `make bench`. The numbers show what generating the site from the YAML data costs on top of plain Markdown, how the build time grows with the number of records, and how much a reader downloads.

## What is measured

- **Data sets**: the real `data/` folder, and synthetic data at ×1, ×3 and ×10 — every record of the record collections (sister cities, consulates, channels, platforms, events, plans, services, guides, standards, sign terms, recommendations, rankings, report channels) repeated, with ids suffixed `-x2`, `-x3` …; sources, provinces, city profiles and interface labels unchanged. Pages made per record (such as guides) multiply; the other pages get longer.
- **Build time**: the same strict build as `make build` (both languages), each build in its own subprocess, median of {runs_en}; Python interpreter start-up is not counted. Both wall time and CPU time are recorded: the build is single-threaded, so on an idle machine they are equal; when other processes share the cores the wall time is inflated and the CPU time is not, so the targets are judged on CPU time.
- **Plain Markdown baseline**: the same pages (generated and hand-written, markers expanded) written as ordinary Markdown files (`page.md` and `page.en.md`) and built with the same MkDocs + Material + static-i18n configuration without the hooks. The difference is the cost of the data pipeline (reading and validating the YAML, rendering the templates, splitting the search index, writing the exports).
- **Pipeline steps**: the pipeline's own steps timed outside MkDocs (import, load and validate the YAML, render the pages per language, exports and calendars), added up the way the hooks run them in one build (how often a build loads the data is counted during the data builds).
- **Peak memory**: the largest resident set (`ru_maxrss`) of the build subprocess, as "data build / plain Markdown build".
- **Weight**: total site size; the search index of each language (raw and `gzip -9`); the first load of the Chongqing city page and of one page of each type — its HTML, the CSS, JavaScript and images (SVG icon) it references, and the search worker and index if the page fetches them on load — each compressed with `gzip -9`, summed; what opening search adds is listed apart. 1 kB = 1000 bytes.

## How to rerun

```sh
make bench            # about 5–10 minutes; writes bench-results/latest.json and this page
.venv/bin/python tools/bench.py --quick   # one build of each
```

## Results

Measured {date} on {nproc} cores, {cpu}, {memory} memory; Python {python}, MkDocs {mkdocs}, Material {material}, static-i18n {i18n}. System load average during the run: {load}{load_note_en}.

{tables}

## Targets

{targets}
{notes_en}
"""


def write_pages(results: dict, project: Path) -> None:
    m = results["machine"]
    v = m["versions"]
    load = results["load_average"]
    busy = max(load["start"][0], load["end"][0]) > m["nproc"]
    default = results["runs"]
    odd = [(r["label"], r["build"]["runs"]) for r in results["rows"] if r["build"]["runs"] != default]
    runs_zh = f"{default} 次" + (f"（{'，'.join(f'{l}：{n} 次' for l, n in odd)}）" if odd else "")
    runs_en = f"{default} run{'s' if default > 1 else ''}" + (f" ({', '.join(f'{l}: {n} run' + ('s' if n > 1 else '') for l, n in odd)})" if odd else "")
    common = dict(
        date=results["date"], nproc=m["nproc"], cpu=m["cpu"], memory=m["memory"], python=m["python"],
        mkdocs=v.get("mkdocs"), material=v.get("mkdocs-material"), i18n=v.get("mkdocs-static-i18n"),
        load=f"{load['start'][0]:.1f} → {load['end'][0]:.1f}",
    )
    notes_zh = "\n".join(f"- {n['zh']}" for n in results["notes"])
    notes_en = "\n".join(f"- {n['en']}" for n in results["notes"])
    (project / "docs" / "performance.md").write_text(PAGE_ZH.format(
        **common, runs_zh=runs_zh, tables=tables(results, "zh"), targets=targets_table(results, "zh"),
        load_note_zh="（高于核数：其他进程同时运行，墙钟时间偏高，请参考 CPU 开销）" if busy else "",
        notes_zh=("\n## 说明\n\n" + notes_zh + "\n") if notes_zh else ""), encoding="utf-8")
    (project / "docs" / "performance.en.md").write_text(PAGE_EN.format(
        **common, runs_en=runs_en, tables=tables(results, "en"), targets=targets_table(results, "en"),
        load_note_en=" (above the core count: other processes ran at the same time, so wall times are inflated; see the CPU overhead)" if busy else "",
        notes_en=("\n## Notes\n\n" + notes_en + "\n") if notes_en else ""), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def summarize(runs: list[dict]) -> dict:
    return {
        "runs": len(runs),
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "process_wall": statistics.median(r["process_wall"] for r in runs),
        "min_wall": min(r["wall"] for r in runs),
        "min_cpu": min(r["cpu"] for r in runs),
        "maxrss_mb": max(r["maxrss_mb"] for r in runs),
        "warnings": max(r["warnings"] for r in runs),
        "all_wall": [round(r["wall"], 3) for r in runs],
        "all_cpu": [round(r["cpu"], 3) for r in runs],
        "calls": runs[-1].get("calls", {}),
    }


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


SNAPSHOT_SKIP = {".git", ".venv", "node_modules", "site", "bench-results", ".pytest_cache"}  # top level only


def snapshot(dst: Path) -> Path:
    """Copy the project (without .git, .venv, node_modules, site/ …), so that edits made while the
    bench runs neither break nor skew it."""
    def ignore(folder, names):
        top = Path(folder).resolve() == ROOT
        return [n for n in names if (top and n in SNAPSHOT_SKIP) or n == "__pycache__" or n.endswith((".pyc", ".whl"))]
    shutil.copytree(ROOT, dst, ignore=ignore, symlinks=True)
    return dst


NOT_READY = 3  # exit code of the inner run when the snapshot does not validate or build


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", nargs=3, metavar=("KIND", "SRC", "SITE"), help=argparse.SUPPRESS)
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--fixtures", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--project", default=str(ROOT), help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per build (median); default 3")
    ap.add_argument("--runs-x10", type=int, default=None, help="timed runs for ×10, whatever the time budget (default: --runs, fewer if over --budget)")
    ap.add_argument("--budget", type=float, default=480, help="seconds: stop repeating builds when the next pair would end past this (default 480)")
    ap.add_argument("--quick", action="store_true", help="one run of each build, skip the ×1 synthetic set")
    ap.add_argument("--retries", type=int, default=4, help="if data/ does not validate or build, retry this many times (default 4)")
    ap.add_argument("--retry-wait", type=float, default=30, help="seconds between retries (default 30)")
    ap.add_argument("--pages-only", action="store_true", help="rewrite docs/performance*.md from bench-results/latest.json, without measuring")
    ap.add_argument("--no-write", action="store_true", help="print the table only; do not write bench-results/ or docs/")
    ap.add_argument("--weights", metavar="SITE", help="only measure the page types of an existing build (no builds); print them")
    ap.add_argument("--save", metavar="NAME", help="with --weights: also write bench-results/NAME (e.g. weights-before.json)")
    args = ap.parse_args()
    if args.weights:
        pt = page_type_weights(Path(args.weights))
        for path, t in pt["types"].items():
            print(f"{t['type']:38s} /{path.lstrip('/'):40s} html {t['html_gz'] / KB:6.1f}  first load {t['first_load_gz'] / KB:6.1f}  on search {t['on_search_gz'] / KB:6.1f} kB")
        print(f"heaviest page: {pt['heaviest']}; heaviest list page (HTML): {pt['heaviest_list']}")
        if args.save:
            (ROOT / "bench-results").mkdir(exist_ok=True)
            (ROOT / "bench-results" / args.save).write_text(json.dumps(pt, indent=1), encoding="utf-8")
        return 0
    if args.child:
        child(*args.child)
        return 0
    if args.inner:
        return inner(args)
    if args.pages_only:
        write_pages(json.loads((ROOT / "bench-results" / "latest.json").read_text(encoding="utf-8")), ROOT)
        return 0

    # Outer run: snapshot the project, run the bench inside the snapshot; if the snapshot caught
    # data/ or the templates half-edited by someone, take a new one a little later.
    passthrough = ["--runs", str(args.runs), "--budget", str(args.budget), "--project", str(ROOT)]
    if args.runs_x10 is not None:
        passthrough += ["--runs-x10", str(args.runs_x10)]
    passthrough += ["--quick"] * args.quick + ["--no-write"] * args.no_write
    with tempfile.TemporaryDirectory(prefix="citysite-bench-snapshot-") as tmp:
        for attempt in range(args.retries + 2):
            fixtures = attempt == args.retries + 1
            snap = snapshot(Path(tmp) / f"project-{attempt}")
            env = dict(os.environ, PYTHONPATH=str(snap / "hooks"))
            env.pop("CITYSITE_DATA", None)
            rc = subprocess.call([sys.executable, str(snap / "tools" / "bench.py"), "--inner"] + ["--fixtures"] * fixtures + passthrough,
                                 cwd=snap, env=env)
            shutil.rmtree(snap, ignore_errors=True)
            if rc != NOT_READY:
                return rc
            if attempt < args.retries:
                log(f"the snapshot of data/ + templates does not validate or build (attempt {attempt + 1}/{args.retries + 1}); retrying in {args.retry_wait:.0f} s")
                time.sleep(args.retry_wait)
            elif not fixtures:
                log("giving up on data/: benchmarking the test fixture data set instead")
    return NOT_READY


def inner(args) -> int:
    runs = 1 if args.quick else max(1, args.runs)
    started = time.perf_counter()
    load_start = os.getloadavg()
    notes = []
    from citysite.problems import DataInvalid

    with tempfile.TemporaryDirectory(prefix="citysite-bench-") as tmp:
        tmp = Path(tmp)
        real, real_label = ROOT / "data", "data/"
        if args.fixtures:
            from conftest import make_data_dir
            real, real_label = make_data_dir(tmp / "fixture"), "fixtures"
            notes.append({"en": "data/ did not validate or build while the bench ran: the test fixture data set (tests/fixtures/valid) was used instead of the real data.",
                          "zh": "运行基准测试时 data/ 未能通过校验或构建：改用测试用的样例数据（tests/fixtures/valid），而不是真实数据。"})
        try:
            real_records = count_records(real)
        except DataInvalid as exc:
            log("data/ does not validate: " + exc.report().splitlines()[0])
            return NOT_READY
        # Warm-up (jieba's dictionary cache, the file cache, .pyc files), not timed; it also checks
        # that the snapshot builds at all.
        log("warm-up build (not timed)")
        try:
            run_child("data", real, tmp / "site-warmup", tmp / "warmup.log")
        except RuntimeError as exc:
            log(str(exc))
            return NOT_READY
        shutil.rmtree(tmp / "site-warmup", ignore_errors=True)

        sets = [(real_label, real)]
        factors = (3, 10) if args.quick else (1, 3, 10)
        for factor in factors:
            try:
                sets.append((f"×{factor}", make_scaled(real, tmp / f"data-x{factor}", factor)))
            except RuntimeError as exc:
                notes.append({"en": f"×{factor} could not be generated: {exc}", "zh": f"×{factor} 无法生成：{exc}"})

        def one(label: str, data_dir: Path) -> dict:
            records = real_records if data_dir == real else count_records(data_dir)
            src = data_dir
            docs = tmp / f"plain-{label.strip('/').replace('×', 'x')}"
            shutil.rmtree(docs, ignore_errors=True)
            make_plain_docs(data_dir, docs)
            n = runs
            if label == "×10" and args.runs_x10 is not None:
                n = max(1, args.runs_x10)
            data_runs, plain_runs = [], []
            site = tmp / "site-data"
            plain_site = tmp / "site-plain"
            for i in range(n):
                # Data and plain builds alternate, so drift in the machine's load hits both alike.
                log(f"{label}: data build {i + 1}/{n}")
                data_runs.append(run_child("data", src, site, tmp / "build.log"))
                log(f"{label}: plain Markdown build {i + 1}/{n}  ({data_runs[-1]['wall']:.2f} s)")
                plain_runs.append(run_child("plain", docs, plain_site, tmp / "plain.log"))
                log(f"{label}:   ({plain_runs[-1]['wall']:.2f} s)")
                pair = data_runs[-1]["process_wall"] + plain_runs[-1]["process_wall"]
                elapsed = time.perf_counter() - started
                if i + 1 < n and args.runs_x10 is None and elapsed + 1.5 * pair > args.budget:
                    notes.append({"en": f"{label} was built {i + 1} time(s) instead of {n}, to keep the bench within {args.budget:.0f} s "
                                        f"(one data + plain pair took {pair:.0f} s): its times are single measurements.",
                                  "zh": f"{label} 只构建了 {i + 1} 次（而非 {n} 次），以便基准测试在 {args.budget:.0f} 秒内完成"
                                        f"（一对数据 + 纯 Markdown 构建需 {pair:.0f} 秒）：其时间为单次测量值。"})
                    break
            log(f"{label}: timing the pipeline steps")
            steps = run_child("breakdown", data_dir, tmp / "exports", tmp / "breakdown.log")
            shutil.rmtree(tmp / "exports", ignore_errors=True)
            build, plain = summarize(data_runs), summarize(plain_runs)
            n_load = build["calls"].get("load", 1)  # how often the hooks loaded the data in one build
            steps["per_build_estimate"] = (steps["import"] + n_load * steps["load_validate"] + steps["render_zh"]
                                           + steps["render_en"] + steps["exports"])
            site_stats = measure_site(site)
            plain_stats = measure_site(plain_site)
            if plain_stats["pages"] != site_stats["pages"]:
                notes.append({"en": f"{label}: the plain Markdown site has {plain_stats['pages']} pages, the data site {site_stats['pages']}.",
                              "zh": f"{label}：纯 Markdown 网站有 {plain_stats['pages']} 个页面，数据网站有 {site_stats['pages']} 个。"})
            return {
                "label": label, "records": records, "build": build, "plain": plain,
                "pipeline_steps": {k: v for k, v in steps.items() if k not in ("wall", "cpu", "process_wall", "process_cpu", "warnings")},
                "overhead_pct": 100 * (build["wall"] / plain["wall"] - 1),
                "overhead_cpu_pct": 100 * (build["cpu"] / plain["cpu"] - 1),
                "overhead_cpu_min_pct": 100 * (build["min_cpu"] / plain["min_cpu"] - 1),
                "site": site_stats, "plain_site": {k: plain_stats[k] for k in ("pages", "files", "site_bytes", "html_bytes", "search")},
            }

        rows = []
        for label, data_dir in sets:
            try:
                rows.append(one(label, data_dir))
            except (RuntimeError, DataInvalid) as exc:
                if data_dir == real:
                    log(str(exc))
                    return NOT_READY
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                log(f"{label} failed, skipped: {exc}")
                notes.append({"en": f"{label} could not be built and is missing from the table: {first}",
                              "zh": f"{label} 无法构建，未列入表格：{first}"})

    by = {r["label"]: r for r in rows}
    real = rows[0]
    x1 = by.get("×1", real)
    ratio = by["×10"]["build"]["cpu"] / x1["build"]["cpu"] if "×10" in by else None
    ratio_wall = by["×10"]["build"]["wall"] / x1["build"]["wall"] if "×10" in by else None
    # Targets are judged on CPU time: the build is single-threaded, so on an idle machine wall ≈ CPU,
    # and CPU time is not inflated when other processes share the cores. Wall values are kept beside.
    targets = {
        "overhead_pct": {"target": TARGETS["overhead_pct"], "value": real["overhead_cpu_pct"], "wall": real["overhead_pct"]},
        "ratio_x10_x1": {"target": TARGETS["ratio_x10_x1"], "value": ratio, "wall": ratio_wall},
        "search_gz_zh": {"target": TARGETS["search_gz_kb"], "value": real["site"]["search"].get("zh", {}).get("gz", 0) / KB or None},
        "search_gz_en": {"target": TARGETS["search_gz_kb"], "value": real["site"]["search"].get("en", {}).get("gz", 0) / KB or None},
    }
    pt = real["site"].get("page_types") or {}
    city_zh = real["site"]["city_page"].get("zh")
    targets["city_first_load"] = {"target": TARGETS["city_first_load_kb"], "value": city_zh["total_gz"] / KB if city_zh else None}
    targets["max_first_load"] = {"target": TARGETS["max_first_load_kb"], "value": pt["heaviest"]["first_load_gz"] / KB if pt.get("heaviest") else None,
                                 "page": (pt.get("heaviest") or {}).get("page")}
    targets["list_html_gz"] = {"target": TARGETS["list_html_gz_kb"], "value": pt["heaviest_list"]["html_gz"] / KB if pt.get("heaviest_list") else None,
                               "page": (pt.get("heaviest_list") or {}).get("page")}
    for check in targets.values():
        check["met"] = None if check["value"] is None else check["value"] <= check["target"]
    for row in rows:
        a, b = row["site"]["html_bytes"], row["plain_site"]["html_bytes"]
        if abs(a / max(1, b) - 1) > 0.10:
            notes.append({"en": f"{row['label']}: the HTML pages of the plain Markdown site differ from the data site's by more than 10 % in size ({b / 1e6:.1f} MB vs {a / 1e6:.1f} MB): the text volumes are not quite comparable.",
                          "zh": f"{row['label']}：纯 Markdown 网站的 HTML 页面总大小与数据网站相差超过 10%（{b / 1e6:.1f} MB 对 {a / 1e6:.1f} MB），文本量不完全可比。"})
    st = real.get("pipeline_steps") or {}
    diff = real["build"]["cpu"] - real["plain"]["cpu"]
    if st and not targets["overhead_pct"]["met"]:
        calls = real["build"].get("calls", {})
        n_load, n_env = calls.get("load", 2), calls.get("make_env", 2)
        load2 = n_load * st["load_validate"]
        render = st["render_zh"] + st["render_en"]
        fixed = (st["import"] + st["load_validate"]) / real["plain"]["cpu"]
        rest = diff - st["per_build_estimate"]
        notes.append({
            "en": (f"Why the overhead target is missed ({real['label']}): the data build costs {diff:.2f} s of CPU more than the plain build "
                   f"({real['plain']['cpu']:.2f} s). Timed separately, loading and validating the YAML takes {st['load_validate']:.2f} s and runs "
                   f"{n_load} time(s) per build{' — on_pre_build fires for each language build' if n_load > 1 else ''} ({load2:.2f} s); rendering the generated pages takes "
                   f"{render:.2f} s ({n_env} Jinja environment(s) per build{', so the templates are compiled once per language' if n_env > 1 else ''}); importing the pipeline "
                   f"{st['import']:.2f} s; exports and calendars {st['exports']:.2f} s; the remaining {max(0.0, rest):.2f} s are the per-page hooks "
                   f"(JSON-LD, hreflang, search config), the search split and the garbage collector walking the larger heap "
                   f"(peak {real['build']['maxrss_mb']:.0f} MB vs {real['plain']['maxrss_mb']:.0f} MB). Importing the pipeline and one load alone are "
                   f"{100 * fixed:.0f} % of the plain build, and rendering the pages {100 * render / real['plain']['cpu']:.0f} %: "
                   + (f"together they exceed {TARGETS['overhead_pct']:.0f} %, so the target is out of reach unless the pages' rendering gets several times faster or is reused between builds." if fixed + render / real["plain"]["cpu"] > TARGETS["overhead_pct"] / 100 else "")),
            "zh": (f"开销未达标的原因（{real['label']}）：数据构建比纯 Markdown 构建（{real['plain']['cpu']:.2f} 秒）多用 {diff:.2f} 秒 CPU。单独计时："
                   f"读取并校验 YAML 需 {st['load_validate']:.2f} 秒，每次构建运行 {n_load} 次{'（每种语言的构建都会触发 on_pre_build）' if n_load > 1 else ''}，共 {load2:.2f} 秒；"
                   f"渲染生成页面需 {render:.2f} 秒（每次构建新建 {n_env} 个 Jinja 环境{'，模板按语言各编译一次' if n_env > 1 else ''}）；导入管线 {st['import']:.2f} 秒；导出与日历 {st['exports']:.2f} 秒；"
                   f"其余 {max(0.0, rest):.2f} 秒为逐页钩子（JSON-LD、hreflang、搜索配置）、搜索索引拆分以及垃圾回收遍历更大的堆（峰值 {real['build']['maxrss_mb']:.0f} MB 对 {real['plain']['maxrss_mb']:.0f} MB）。"
                   f"仅导入管线和读取一次数据就占纯 Markdown 构建的 {100 * fixed:.0f}%，渲染页面占 {100 * render / real['plain']['cpu']:.0f}%："
                   + ("两者合计已超过目标开销，除非页面渲染快数倍或在多次构建之间复用，否则无法达标。" if fixed + render / real["plain"]["cpu"] > TARGETS["overhead_pct"] / 100 else "")),
        })
    for lang in ("zh", "en"):
        check = targets[f"search_gz_{lang}"]
        over = [r["label"] for r in rows[1:] if r["site"]["search"].get(lang, {}).get("gz", 0) / KB > check["target"]]
        if check["met"] and (check["value"] > 0.9 * check["target"] or over):
            notes.append({"en": f"Search index {lang}: {check['value']:.1f} kB leaves {100 * (1 - check['value'] / check['target']):.0f} % headroom"
                                + (f"; it is over {check['target']:.0f} kB at {', '.join(over)}." if over else "."),
                          "zh": f"{lang} 搜索索引：{check['value']:.1f} kB，余量 {100 * (1 - check['value'] / check['target']):.0f}%"
                                + (f"；在 {'、'.join(over)} 时超过 {check['target']:.0f} kB。" if over else "。")})
    cp = real["site"]["city_page"].get("zh")
    if cp:
        groups = {"HTML": 0, "CSS": 0, "JS": 0, "images": 0, "search worker": 0, "search index": 0}
        for key, n in cp["parts_gz"].items():
            g = ("HTML" if key == "html" else "CSS" if key.startswith("css:") else "JS" if key.startswith("js:")
                 else "images" if key.startswith("img:") else "search index" if key.endswith(".json") else "search worker")
            groups[g] += n
        zh_names = {"HTML": "HTML", "CSS": "CSS", "JS": "JavaScript", "images": "图像", "search worker": "搜索程序", "search index": "搜索索引"}
        shown = {k: v for k, v in groups.items() if v}
        later = cp.get("on_search_gz", 0)
        notes.append({"en": f"Chongqing page ({real['label']}, zh), first load, gzip: " + " + ".join(f"{k} {v / KB:.1f} kB" for k, v in shown.items())
                            + f" = {cp['total_gz'] / KB:.1f} kB" + (f"; opening search then loads the search worker and index ({later / KB:.1f} kB)" if later else "")
                            + (f"; external: {', '.join(cp['external'])}" if cp["external"] else "; nothing from other hosts."),
                      "zh": f"重庆页面（{real['label']}，中文）首次加载，gzip 后：" + " + ".join(f"{zh_names[k]} {v / KB:.1f} kB" for k, v in shown.items())
                            + f" = {cp['total_gz'] / KB:.1f} kB" + (f"；打开搜索时才加载搜索程序和索引（{later / KB:.1f} kB）" if later else "")
                            + (f"；外部资源：{', '.join(cp['external'])}" if cp["external"] else "；不从其他主机加载任何内容。")})
    if "×1" in by and rows[0] is not by["×1"]:
        a, b = rows[0], by["×1"]
        spread = abs(a["build"]["cpu"] - b["build"]["cpu"]) / ((a["build"]["cpu"] + b["build"]["cpu"]) / 2)
        notes.append({"en": f"{a['label']} and ×1 hold the same records (×1 is data/ rewritten by the generator): their build times differ by "
                            f"{100 * spread:.0f} % and their overheads are {a['overhead_cpu_pct']:+.0f} % and {b['overhead_cpu_pct']:+.0f} % — that is the run-to-run noise on this machine. "
                            f"With the fastest run of each build instead of the median, the overheads are {a['overhead_cpu_min_pct']:+.0f} % and {b['overhead_cpu_min_pct']:+.0f} %.",
                      "zh": f"{a['label']} 与 ×1 的记录相同（×1 是经生成器重写的 data/）：两者构建时间相差 {100 * spread:.0f}%，开销分别为 "
                            f"{a['overhead_cpu_pct']:+.0f}% 和 {b['overhead_cpu_pct']:+.0f}%——这就是本机上多次运行之间的波动。"
                            f"若取每项最快的一次而非中位数，开销为 {a['overhead_cpu_min_pct']:+.0f}% 和 {b['overhead_cpu_min_pct']:+.0f}%。"})
    if "×1" not in by:
        notes.append({"en": "Quick run: the ×10/×1 ratio uses the real data as ×1.", "zh": "快速运行：×10/×1 比值以真实数据作为 ×1。"})
    results = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_average": {"start": load_start, "end": os.getloadavg()},
        "bench_seconds": round(time.perf_counter() - started, 1),
        "runs": runs,
        "kb": KB,
        "rows": rows,
        "targets": targets,
        "notes": notes,
    }

    print()
    print(tables(results, "en"))
    print()
    print(targets_table(results, "en"))
    for n in notes:
        print("- " + n["en"])
    print(f"\nbench took {results['bench_seconds']:.0f} s; load average {load_start[0]:.1f} → {results['load_average']['end'][0]:.1f}")
    if not args.no_write:
        out = Path(args.project) / "bench-results"
        out.mkdir(exist_ok=True)
        (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        write_pages(results, Path(args.project))
        print("wrote bench-results/latest.json, docs/performance.md, docs/performance.en.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
