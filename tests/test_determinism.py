"""Two builds of the same commit produce identical files (sha256 per file), except what must differ.

The second build goes into another directory and runs in the same process after other builds, so
state that leaks between builds (module globals, caches, dict/set order, the build directory's path,
the clock) shows up as a difference.
"""
from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")

# What may differ between two builds of the same commit, and why: compared after this normalisation.
MAY_DIFFER = {
    # <lastmod> is the build *date* (MkDocs: today, or SOURCE_DATE_EPOCH): two builds either side of
    # midnight differ there, and only there.
    "sitemap.xml": ("lastmod is the build date", lambda b: LASTMOD.sub(b"<lastmod/>", b)),
    # The same XML gzipped; the gzip header's mtime is that build date too.
    "sitemap.xml.gz": ("gzip mtime and lastmod are the build date",
                       lambda b: LASTMOD.sub(b"<lastmod/>", gzip.decompress(b))),
}


def digests(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            rel = p.relative_to(root).as_posix()
            data = p.read_bytes()
            if rel in MAY_DIFFER:
                data = MAY_DIFFER[rel][1](data)
            out[rel] = hashlib.sha256(data).hexdigest()
    return out


def test_two_builds_are_identical(real_site, tmp_path):
    from sitebuild import build_site

    again = build_site(tmp_path / "site-again")
    first, second = digests(real_site), digests(again)
    assert len(first) > 50
    assert sorted(first) == sorted(second), (
        f"files only in the first build: {sorted(set(first) - set(second))[:20]}; "
        f"only in the second: {sorted(set(second) - set(first))[:20]}")
    differ = [rel for rel in first if first[rel] != second[rel]]
    assert not differ, f"{len(differ)} files differ between two builds of the same commit: {differ[:30]}"


def test_build_does_not_embed_its_own_path(real_site):
    """A build must not depend on where it is written (the temporary directory's path)."""
    needle = str(real_site).encode()
    leaks = [p.relative_to(real_site).as_posix() for p in real_site.rglob("*")
             if p.is_file() and needle in p.read_bytes()]
    assert not leaks, f"the build directory's path is written into: {leaks[:20]}"


def test_comparison_catches_a_difference(tmp_path):
    """The comparison can fail: one changed byte in a page is a difference; a new lastmod is not."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        root.mkdir()
        (root / "index.html").write_text("<p>same</p>")
    (a / "sitemap.xml").write_bytes(b"<url><lastmod>2026-01-01</lastmod></url>")
    (b / "sitemap.xml").write_bytes(b"<url><lastmod>2026-01-02</lastmod></url>")
    assert digests(a) == digests(b)
    (b / "index.html").write_text("<p>Same</p>")
    assert digests(a) != digests(b)


def test_comparison_does_not_depend_on_the_hash_seed():
    """Same-process builds share one hash seed; separate builds do not. The compare table's
    'not comparable' flags once broke ties by set order, which changes with PYTHONHASHSEED."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    script = ("import json; from citysite.loader import load; from citysite.view import View; "
              "rows = View(load(), 'en', 'compare.md').comparison(); "
              "print(json.dumps([[r['id']] + [c['reasons'] for c in r['cells']] for r in rows]))")
    outs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(root / "hooks"))
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        outs.append(json.loads(done.stdout))
    assert outs[0] and outs[0] == outs[1] == outs[2]
