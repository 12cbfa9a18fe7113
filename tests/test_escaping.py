"""Untrusted text renders as text: a name containing <script> is escaped on every page."""
import re

import yaml

from sitebuild import build_site


def test_script_in_a_name_renders_as_text(tmp_path, data_dir):
    path = data_dir / "sister-cities" / "chongqing.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["records"][0]["partner"]["name"]["en"] = '<script>alert("x")</script> & Co'
    doc["records"][0]["partner"]["name"]["zh"] = '<img src=x onerror=alert(1)>'
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    site = build_site(tmp_path / "site", data_dir)
    for rel in ("sister-cities/index.html", "en/sister-cities/index.html", "sister-cities/chongqing/index.html",
                "en/sister-cities/chongqing/index.html", "cities/chongqing/index.html", "en/cities/chongqing/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert '<script>alert("x")</script>' not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
