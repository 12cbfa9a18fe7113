"""`make audit` (optional, not part of `make test`): page weight and Lighthouse mobile scores per page type.

Builds the site with SITE_URL on a local port and serves it with gzip (as any real host does; Python's
http.server does not compress, which would distort both figures). Then, for every page type in both
languages (home, a city, compare, each directory and the largest part of each split list, a guide,
the sign lookup and its largest sector, the source register and its largest part):

- weight, in Debian's chromium through Playwright: the bytes transferred (encoded body sizes, as
  gzip-served) when the page loads — HTML, CSS, JavaScript, SVG, anything else it fetches — and,
  separately, what opening search and running one query adds (search worker, lunr, the index);
- Lighthouse mobile (the npm `lighthouse` CLI fetched with npx) with the same chromium: performance,
  accessibility, best practices, SEO.

Results: bench-results/audit.json (weights + scores) and bench-results/lighthouse.json (scores).
Options: --weights-only (no Lighthouse: a minute instead of ~15), --pages type,… (only these types),
--site DIR (measure an existing build made with SITE_URL=http://127.0.0.1:PORT/, with --port PORT),
--out NAME (results file name under bench-results/, default audit.json).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "hooks")]
LIGHTHOUSE = "lighthouse@13.5.0"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
CHROMIUM = "/usr/bin/chromium"
TARGETS = {"first_load_kb_city": 150, "first_load_kb_max": 200, "performance": 98, "accessibility": 100,
           "best-practices": 100, "seo": 100}
KB = 1000


class GzipHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


def page_types(site: Path) -> list[tuple[str, str]]:
    """(type, path) for every page type, Chinese then English; parts of split lists: the largest."""
    from citysite.loader import load
    from citysite.pages import DIRECTORIES
    ds = load()

    def largest(folder: str) -> str | None:
        parts = sorted(site.glob(f"{folder}/*/index.html"), key=lambda p: p.stat().st_size)
        return f"{folder}/{parts[-1].parent.name}/" if parts else None

    types = [("home", ""), ("city", f"cities/{ds.cities[0].id}/"), ("compare", "compare/")]
    for name in DIRECTORIES:
        types.append((f"directory {name}", f"{name}/"))
        part = largest(name)
        if part:
            types.append((f"directory {name} (largest part)", part))
    guides = ds.of("guides")
    if guides:
        types.append(("guide", f"guides/{guides[0].id}/"))
    types.append(("sign lookup", "sign-terms/"))
    if largest("sign-terms"):
        types.append(("sign terms (largest sector)", largest("sign-terms")))
    types.append(("source register", "sources/"))
    if largest("sources"):
        types.append(("source register (largest part)", largest("sources")))
    return [(t, p) for t, p in types if (site / p / "index.html").exists()] + \
           [(t + " · en", "en/" + p) for t, p in types if (site / "en" / p / "index.html").exists()]


def weigh(url: str, pages: list[tuple[str, str]]) -> dict:
    """Bytes transferred (encoded bodies) on load, and what opening search + one query adds."""
    from playwright.sync_api import sync_playwright
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
        for kind, path in pages:
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
            page = ctx.new_page()
            got = []
            page.on("requestfinished", lambda r: got.append(r))
            page.goto(url + path)
            page.wait_for_load_state("networkidle")

            def total(reqs):
                by = {}
                for r in reqs:
                    kind_ = r.resource_type if not r.url.endswith(".json") else "json"
                    by[kind_] = by.get(kind_, 0) + r.sizes()["responseBodySize"]
                return by
            load = total(got)
            loaded_urls = [r.url[len(url):] for r in got]
            n = len(got)
            page.click("label[for=__search]")  # the magnifier on a phone opens search
            page.click(".md-search__input")
            page.keyboard.insert_text("chongqing")
            page.keyboard.press("End")
            try:
                page.wait_for_function("() => document.querySelectorAll('.md-search-result__list a').length > 0", timeout=15_000)
                found = True
            except Exception:  # noqa: BLE001 - reported, not fatal
                found = False
            page.wait_for_load_state("networkidle")
            search = total(got[n:])
            out[path or "/"] = {"type": kind, "first_load": sum(load.values()), "first_load_by_type": load,
                                "requests": loaded_urls, "search_on_open": sum(search.values()),
                                "search_by_type": search, "search_works": found}
            print(f"{path or '/':45s} load {sum(load.values()) / KB:6.1f} kB  search on open +{sum(search.values()) / KB:6.1f} kB", flush=True)
            ctx.close()
        browser.close()
    return out


def lighthouse(url: str, pages: list[tuple[str, str]], work: Path) -> dict:
    results = {}
    for _kind, page in pages:
        out = work / "report.json"
        subprocess.run(["npx", "--yes", LIGHTHOUSE, url + page, f"--chrome-path={CHROMIUM}", f"--chrome-flags={FLAGS}",
                        "--quiet", "--output=json", f"--output-path={out}",
                        "--only-categories=performance,accessibility,best-practices,seo"], check=True)
        report = json.loads(out.read_text(encoding="utf-8"))
        scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        failed = {k: [a for a in v["auditRefs"] if a.get("weight") and (report["audits"][a["id"]].get("score") or 0) < 1]
                  for k, v in report["categories"].items() if k != "performance"}
        scores["failing"] = sorted({a["id"] for refs in failed.values() for a in refs})
        scores["metrics"] = {m: round(report["audits"][m]["numericValue"]) for m in
                             ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index")
                             if m in report["audits"]}
        scores["metrics"]["cls"] = round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3)
        results[page or "/"] = scores
        print(f"{page or '/':45s} {({k: v for k, v in scores.items() if k not in ('metrics',)})} {scores['metrics']}", flush=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights-only", action="store_true")
    ap.add_argument("--pages", default="", help="comma-separated page paths to keep (e.g. ',cities/chongqing/,sources/')")
    ap.add_argument("--site", default="", help="an existing build (made with SITE_URL=http://127.0.0.1:PORT/)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--out", default="audit.json")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists() or (not args.weights_only and not shutil.which("npx")):
        print("make audit needs Debian chromium (and node/npm for npx lighthouse): apt-get install chromium nodejs npm")
        return 1
    work = Path(tempfile.mkdtemp(prefix="citysite-audit-"))
    site = Path(args.site) if args.site else work / "site"
    server = ThreadingHTTPServer(("127.0.0.1", args.port), lambda *a, **k: GzipHandler(*a, directory=str(site), **k))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    if not args.site:
        env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
        subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = page_types(site)
    if args.pages:
        keep = set(args.pages.split(","))
        pages = [(k, p) for k, p in pages if p in keep]
    results = {"url": url, "targets": TARGETS, "weights": weigh(url, pages)}
    if not args.weights_only:
        results["lighthouse"] = lighthouse(url, pages, work)
    server.shutdown()
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if "lighthouse" in results and args.out == "audit.json":
        (out / "lighthouse.json").write_text(json.dumps(results["lighthouse"], indent=1), encoding="utf-8")
    heaviest = max(results["weights"].values(), key=lambda w: w["first_load"], default=None)
    if heaviest:
        print(f"heaviest first load: {heaviest['type']} {heaviest['first_load'] / KB:.1f} kB (target ≤ {TARGETS['first_load_kb_max']} kB)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
