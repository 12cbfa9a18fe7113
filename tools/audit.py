"""`make audit` (optional, not part of `make test`): Lighthouse mobile scores for key pages.

Builds the site with SITE_URL on a local port, serves it with gzip (as any real host does; Python's
http.server does not compress, which would distort the performance score), and runs the npm
`lighthouse` CLI (fetched with npx) against Debian's chromium. Results: bench-results/lighthouse.json.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = "lighthouse@13.5.0"
PAGES = ["", "cities/chongqing/", "sister-cities/", "guides/visa-free-transit-240h/", "sign-terms/", "en/cities/chongqing/", "en/sign-terms/"]
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"


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
        from io import BytesIO
        return BytesIO(body)


def main() -> int:
    if not shutil.which("npx") or not Path("/usr/bin/chromium").exists():
        print("make audit needs node/npm (npx) and Debian chromium: apt-get install nodejs npm chromium")
        return 1
    site = Path(tempfile.mkdtemp(prefix="citysite-audit-")) / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: GzipHandler(*a, directory=str(site), **k))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = {}
    for page in PAGES:
        out = site.parent / "report.json"
        subprocess.run(["npx", "--yes", LIGHTHOUSE, url + page, "--chrome-path=/usr/bin/chromium", f"--chrome-flags={FLAGS}",
                        "--quiet", "--output=json", f"--output-path={out}",
                        "--only-categories=performance,accessibility,best-practices,seo"], check=True)
        report = json.loads(out.read_text(encoding="utf-8"))
        results[page or "/"] = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        print(f"{page or '/':40s} {results[page or '/']}", flush=True)
    server.shutdown()
    target = ROOT / "bench-results" / "lighthouse.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
