"""Every built HTML page through the Nu Html Checker (node_modules/vnu-jar, run by java) in one JVM:
zero errors except those in tests/vnu-allowlist.txt (a regex of the message + a one-line reason).

Skips with a one-line reason when java or vnu.jar is missing; under CI=true it fails instead.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tools import NEEDS_JAVA, NEEDS_VNU, VNU_JAR, has_java, has_vnu, require

ALLOWLIST = Path(__file__).with_name("vnu-allowlist.txt")


def read_allowlist(path=ALLOWLIST):
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, sep, reason = line.partition("  ::  ")
        assert sep and pattern.strip() and reason.strip(), f"{path.name}:{number}: write `<regex>  ::  <reason>`"
        entries.append((re.compile(pattern.strip()), reason.strip(), number))
    return entries


def vnu(files):
    """Run vnu.jar once over `files`; return its messages (JSON goes to stderr)."""
    out = subprocess.run(["java", "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(out.stderr)["messages"]
    except ValueError:
        pytest.fail(f"vnu.jar did not answer in JSON (exit {out.returncode}):\n{out.stderr[:2000]}")


def describe(site, m):
    where = m.get("url", "").replace("file:", "")
    try:
        where = Path(where).relative_to(site).as_posix()
    except ValueError:
        pass
    extract = " ".join((m.get("extract") or "").split())[:160]
    return f"{where}:{m.get('lastLine', '?')}: {m['message']}\n      {extract}"


@pytest.fixture(scope="module")
def vnu_ready():
    require(has_java(), NEEDS_JAVA)
    require(has_vnu(), NEEDS_VNU)


def test_allowlist_entries_have_reasons():
    assert read_allowlist(), "tests/vnu-allowlist.txt is empty: delete the file's use or keep an entry"


def test_built_html_is_valid(vnu_ready, real_site):
    files = sorted(real_site.rglob("*.html"))
    assert len(files) >= 30, files
    allow = read_allowlist()
    used = set()
    errors = []
    for m in vnu(files):
        if m.get("type") not in ("error", "non-document-error"):
            continue
        hit = next((e for e in allow if e[0].search(m["message"])), None)
        if hit:
            used.add(hit[2])
        else:
            errors.append(describe(real_site, m))
    assert not errors, f"{len(errors)} HTML errors (fix them, or allow-list with a reason in {ALLOWLIST.name}):\n  " + \
        "\n  ".join(errors[:60])
    unused = [f"line {n}: {p.pattern}" for p, _, n in allow if n not in used]
    assert not unused, f"allow-list entries that match nothing any more — delete them: {unused}"


def test_vnu_catches_an_error(tmp_path, vnu_ready):
    """The check can fail: a page with a misnested element and a duplicate id is reported."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p id="a"><div id="a">x</div></p>',
                    encoding="utf-8")
    messages = [m["message"] for m in vnu([page]) if m.get("type") == "error"]
    assert any("Duplicate ID" in m for m in messages), messages
    assert not any(p.search(m) for m in messages for p, _, _ in read_allowlist()), messages
