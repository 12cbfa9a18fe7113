"""Every built HTML page through the Nu Html Checker (node_modules/vnu-jar, run by java) in one JVM:
zero errors except those in tests/vnu-allowlist.txt: exactly the upstream Material messages, each a
regex of the whole message, the Material version it comes from and a one-line reason. Every message
is counted: one of a new kind fails, and so does an entry that matched nothing (an upgrade fixed it).

Skips with a one-line reason when java or vnu.jar is missing; under CI=true it fails instead.
"""
from __future__ import annotations

import json
import re
from importlib.metadata import version
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
        parts = [p.strip() for p in line.split("  ::  ")]
        assert len(parts) == 3 and all(parts), \
            f"{path.name}:{number}: write `^<regex of the whole message>$  ::  mkdocs-material==<version>  ::  <reason>`"
        pattern, origin, reason = parts
        assert pattern.startswith("^") and pattern.endswith("$"), f"{path.name}:{number}: anchor the regex (^…$): it must match the whole message"
        assert re.fullmatch(r"mkdocs-material==\d+(\.\d+)*", origin), f"{path.name}:{number}: record the version as mkdocs-material==X.Y.Z"
        entries.append((re.compile(pattern), reason, number, origin.split("==")[1]))
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


def classify(messages, allow, show=lambda m: m["message"]):
    """(allow-listed count per entry line, errors not allow-listed, entries that matched nothing)."""
    counts = {n: 0 for _, _, n, _ in allow}
    errors = []
    for m in messages:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        hit = next((e for e in allow if e[0].fullmatch(m["message"])), None)
        if hit:
            counts[hit[2]] += 1
        else:
            errors.append(show(m))
    unused = [f"line {n}: {p.pattern}" for p, _, n, _ in allow if not counts[n]]
    return counts, errors, unused


def test_classify_counts_new_kinds_and_unused_entries():
    allow = read_allowlist()
    tabindex = next(e for e in allow if "tabindex" in e[0].pattern)
    exact = "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer."
    longer = exact + " And something else."
    counts, errors, unused = classify([{"type": "error", "message": exact}] * 3 + [{"type": "error", "message": longer}], allow)
    assert counts[tabindex[2]] == 3
    assert errors == [longer], "a message that merely contains an allowed one is a new kind"
    assert len(unused) == len(allow) - 1 and all("tabindex" not in u for u in unused)


@pytest.fixture(scope="module")
def vnu_ready():
    require(has_java(), NEEDS_JAVA)
    require(has_vnu(), NEEDS_VNU)


def test_allowlist_is_narrow_and_current():
    """Exactly the two upstream Material messages, recorded with the installed Material version."""
    entries = read_allowlist()
    assert len(entries) <= 2, "the allow-list holds only the two upstream Material messages; fix our own markup instead"
    stale = [f"line {n}: recorded {v}" for _, _, n, v in entries if v != version("mkdocs-material")]
    assert not stale, (f"mkdocs-material is now {version('mkdocs-material')}: check whether each entry still occurs "
                       f"(delete it if not) and record the new version — {stale}")


def test_built_html_is_valid(vnu_ready, real_site):
    files = sorted(real_site.rglob("*.html"))
    assert len(files) >= 30, files
    allow = read_allowlist()
    counts, errors, unused = classify(vnu(files), allow, lambda m: describe(real_site, m))
    print(f"vnu: {len(files)} files; allow-listed messages per entry (line: count): {counts}; other errors: {len(errors)}")
    assert not errors, f"{len(errors)} HTML errors (fix them; only upstream Material messages go in {ALLOWLIST.name}):\n  " + \
        "\n  ".join(errors[:60])
    assert not unused, f"allow-list entries that match nothing any more (an upgrade fixed them?) — delete them: {unused}"


def test_vnu_catches_an_error(tmp_path, vnu_ready):
    """The check can fail: a page with a misnested element and a duplicate id is reported."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p id="a"><div id="a">x</div></p>',
                    encoding="utf-8")
    messages = [m["message"] for m in vnu([page]) if m.get("type") == "error"]
    assert any("Duplicate ID" in m for m in messages), messages
    assert not any(p.fullmatch(m) for m in messages for p, _, _, _ in read_allowlist()), messages
