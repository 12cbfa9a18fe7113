"""Helpers for the quality-gate tests: external tools (skip locally, fail under CI=true) and a
served build of the site for browser tests.

A test that needs Chromium, Java or Node calls `require(...)`. On a developer's machine a missing
tool skips the test with a one-line reason saying how to get it; under `CI=true` nothing skips:
a missing tool fails the test, so CI can never go green by skipping.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

HOW = "or run `bash .ci/run`"
NEEDS_CHROMIUM = f"needs Debian chromium at /usr/bin/chromium and playwright: `apt-get install chromium`, {HOW}"
NEEDS_JAVA = f"needs java: `apt-get install default-jre-headless`, {HOW}"
NEEDS_AXE = f"needs axe-core from npm: `npm ci` (after `apt-get install nodejs npm`), {HOW}"
NEEDS_VNU = f"needs vnu.jar from npm: `npm ci` (after `apt-get install nodejs npm`), {HOW}"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(ok: bool, reason: str) -> None:
    """Skip with `reason` when a tool is missing; under CI=true fail instead (nothing skips in CI)."""
    if ok:
        return
    if in_ci():
        pytest.fail(f"CI=true, so this does not skip: {reason}", pytrace=False)
    pytest.skip(reason)


def has_chromium() -> bool:
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def has_java() -> bool:
    java = shutil.which("java")
    if not java:
        return False
    try:
        return subprocess.run([java, "-version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def has_axe() -> bool:
    return AXE_JS.is_file()


def has_vnu() -> bool:
    return VNU_JAR.is_file()


# ---------------------------------------------------------------------------------------------
# A build of the site served over HTTP on 127.0.0.1 (random free port), with site_url = that URL,
# so absolute links (canonical, hreflang, switcher) point at the local server. Built once per
# test process and shared by the browser and accessibility modules.

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class ServedSite:
    def __init__(self, root: Path, url: str, server: ThreadingHTTPServer):
        self.root = root
        self.url = url  # ends with "/"
        self.host = url.split("/")[2]
        self.server = server


@functools.lru_cache(maxsize=None)
def served_site(site_dir: str) -> ServedSite:
    """Bind a free port, build the site with SITE_URL pointing at it, then serve the build."""
    from sitebuild import build_site

    site = Path(site_dir)
    site.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    old = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = url  # mkdocs.yml: site_url: !ENV [SITE_URL, ...]
    try:
        build_site(site)
    except BaseException:
        server.server_close()
        raise
    finally:
        if old is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = old
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return ServedSite(site, url, server)


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
