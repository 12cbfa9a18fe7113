"""JSON-LD is valid JSON, uses schema.org types, and cannot break out of its <script>."""
import json
import re

import yaml

from sitebuild import build_site


def jsonld_blocks(html):
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_jsonld_on_events_services_and_open_data(tmp_path, data_dir):
    path = data_dir / "events" / "chongqing.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["records"][0]["editions"][0]["name"]["en"] = "SCE </script><script>alert(1)</script>"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    site = build_site(tmp_path / "site", data_dir)
    events_html = (site / "en/events/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in events_html
    (block,) = jsonld_blocks(events_html)
    (event,) = [g for g in block["@graph"] if g["@type"] == "Event"]
    assert event["startDate"] == "2024-08-22" and event["endDate"] == "2024-08-24"
    assert event["name"].startswith("SCE </script>")
    (data_block,) = jsonld_blocks((site / "open-data/index.html").read_text(encoding="utf-8"))
    names = {d["distribution"][0]["contentUrl"].rsplit("/", 1)[1] for d in data_block["@graph"][0]["dataset"]}
    assert "sister-cities.json" in names and "consulates.json" in names
    (svc_block,) = jsonld_blocks((site / "services/index.html").read_text(encoding="utf-8"))
    types = {g["@type"] for g in svc_block["@graph"]}
    assert {"GovernmentOffice", "GovernmentService"} <= types
