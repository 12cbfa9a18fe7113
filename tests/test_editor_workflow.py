"""The editors' workflow: editor settings, pre-commit, GitHub Actions, CONTRIBUTING, annotations.

An editor opens a YAML file (VS Code + schemas), changes it, opens a pull request and reads what the
checks say (workflow annotations). These tests keep each piece of that path in working order."""
import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_data_dir

from citysite.collections import COLLECTIONS

WORKFLOWS = ROOT / ".github" / "workflows"
# `uses: owner/repo@vN`: official actions, pinned to a major version.
PINNED = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+@v\d+$")


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(steps, action: str) -> list[dict]:
    return [s for s in steps if s.get("uses", "").split("@")[0] == action]


def runs(steps) -> str:
    return "\n".join(s.get("run", "") for s in steps)


# ---- GitHub Actions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_workflow_actions_are_official_and_pinned_to_a_major_version(name):
    workflow = load_yaml(WORKFLOWS / name)
    assert workflow.get("jobs"), f"{name} has no jobs"
    for job_id, job in workflow["jobs"].items():
        assert job.get("runs-on") == "ubuntu-latest", f"{name}:{job_id}"
        for step in steps_of(job):
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{name}:{job_id}: {step['uses']} is not pinned to @vN"
                assert step["uses"].startswith("actions/"), f"{name}:{job_id}: {step['uses']} is not an official action"


def test_pr_workflow_checks_tests_builds_and_uploads_the_site():
    workflow = load_yaml(WORKFLOWS / "pr.yml")
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches-ignore"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    steps = steps_of(job)
    assert uses(steps, "actions/checkout")
    (python,) = uses(steps, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    commands = [s["run"].strip() for s in steps if "run" in s]
    order = [commands.index(c) for c in ("make check-github", "make test", "make build")]
    assert order == sorted(order), "check, then test, then build"
    (upload,) = uses(steps, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert steps.index(upload) == len(steps) - 1


def test_deploy_workflow_publishes_to_pages_with_the_site_and_edit_urls():
    workflow = load_yaml(WORKFLOWS / "deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = steps_of(build)
    (pages,) = uses(steps, "actions/configure-pages")
    (make_build,) = [s for s in steps if s.get("run", "").strip() == "make build"]
    assert make_build["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % pages["id"]
    assert make_build["env"]["EDIT_URI"] == "https://github.com/${{ github.repository }}/edit/main/docs/"
    (artifact,) = uses(steps, "actions/upload-pages-artifact")
    assert artifact["with"]["path"].rstrip("/") == "site"
    assert steps.index(pages) < steps.index(make_build) < steps.index(artifact)
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    (deploy_step,) = uses(steps_of(deploy), "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deploy_step["id"]


def test_make_targets_used_by_the_workflows_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    for name in ("pr.yml", "deploy.yml"):
        for job in load_yaml(WORKFLOWS / name)["jobs"].values():
            for command in re.findall(r"^\s*make ([a-z-]+)", runs(steps_of(job)), re.M):
                assert command in targets, f"{name}: make {command}"


# ---- pre-commit -------------------------------------------------------------------------------------

def precommit_repos():
    config = load_yaml(ROOT / ".pre-commit-config.yaml")
    return {repo["repo"]: repo for repo in config["repos"]}


def test_precommit_runs_the_data_check_yaml_and_metaschema_hooks_at_pinned_revs():
    repos = precommit_repos()
    (local,) = repos["local"]["hooks"]
    assert "citysite.check" in local["entry"] and "PYTHONPATH=hooks" in local["entry"]
    assert ".venv/bin/python" in local["entry"]
    assert local["pass_filenames"] is False
    assert re.search(local["files"], "data/sister-cities/chengdu.yml")

    hooks = repos["https://github.com/pre-commit/pre-commit-hooks"]
    assert re.fullmatch(r"v\d+\.\d+\.\d+", hooks["rev"])
    assert {h["id"] for h in hooks["hooks"]} == {"check-yaml"}

    schema = repos["https://github.com/python-jsonschema/check-jsonschema"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", schema["rev"])
    (metaschema,) = [h for h in schema["hooks"] if h["id"] == "check-metaschema"]
    for path in (ROOT / "data" / "schemas").glob("*.json"):
        assert re.search(metaschema["files"], path.relative_to(ROOT).as_posix()), path.name


def test_precommit_local_hook_entry_runs_the_check(tmp_path):
    (local,) = precommit_repos()["local"]["hooks"]
    argv = shlex.split(local["entry"])
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv (run `make install`)")
    data = make_data_dir(tmp_path)
    (data / "sister-cities" / "chongqing.yml").write_text("city: chongqing\nrecords:\n\t- id: x\n", encoding="utf-8")
    # pre-commit runs the entry from the repository root, without a shell.
    done = subprocess.run(argv + [str(data)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "data/sister-cities/chongqing.yml:3:1" in done.stdout


# ---- VS Code ----------------------------------------------------------------------------------------

def vscode_schemas() -> dict[str, list[str]]:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    return {schema: ([globs] if isinstance(globs, str) else globs) for schema, globs in settings["yaml.schemas"].items()}


def test_vscode_maps_every_collection_to_its_existing_schema():
    mapping = vscode_schemas()
    for schema in mapping:
        assert (ROOT / schema).is_file(), f"{schema} does not exist"
    expected = {f"./data/schemas/{c.name}.schema.json": [f"/data/{c.path}*.yml" if c.is_folder else f"/data/{c.path}"]
                for c in COLLECTIONS}
    expected["./data/schemas/ui.schema.json"] = ["/data/ui.yml"]
    expected["./data/schemas/review.schema.json"] = ["/data/review.yml"]
    assert mapping == expected
    generated = {p.name for p in (ROOT / "data" / "schemas").glob("*.schema.json")}
    assert {Path(s).name for s in mapping} == generated


def test_every_data_file_has_exactly_one_schema_and_agrees_with_its_modeline():
    mapping = vscode_schemas()
    for path in sorted((ROOT / "data").rglob("*.yml")):
        rel = "/" + path.relative_to(ROOT).as_posix()
        matches = [s for s, globs in mapping.items() if any(fnmatch.fnmatchcase(rel, g) for g in globs)]
        assert len(matches) == 1, f"{rel}: {matches}"
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        modeline = re.match(r"#\s*yaml-language-server:\s*\$schema=(\S+)", first)
        if modeline:
            assert (path.parent / modeline.group(1)).resolve() == (ROOT / matches[0]).resolve(), rel


def test_vscode_recommends_the_yaml_extension():
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# ---- CONTRIBUTING and the site's Contribute page -----------------------------------------------------

def headings(path: Path) -> list[int]:
    levels, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"(#{1,6}) \S", line)):
            levels.append(len(m.group(1)))
    assert not fenced, f"{path.name}: unclosed code fence"
    return levels


def test_contributing_in_both_languages_has_the_same_sections():
    en, zh = headings(ROOT / "CONTRIBUTING.md"), headings(ROOT / "CONTRIBUTING.zh.md")
    assert en == zh
    assert en.count(1) == 1 and en.count(2) >= 5


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "CONTRIBUTING.zh.md"])
def test_contributing_links_work_on_github_and_on_the_site(name):
    # The site includes these files into docs/contribute*.md: relative links would break there.
    text = (ROOT / name).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        assert target.startswith(("https://", "http://", "#")), f"{name}: relative link {target}"
    assert "--8<--" not in text and "<!-- site:" not in text


@pytest.mark.parametrize("page, source", [("contribute.md", "CONTRIBUTING.zh.md"), ("contribute.en.md", "CONTRIBUTING.md")])
def test_contribute_pages_include_contributing(page, source):
    assert f'--8<-- "{source}"' in (ROOT / "docs" / page).read_text(encoding="utf-8")


def test_contribute_page_is_built_from_contributing(real_site):
    for folder, source in (("contribute", "CONTRIBUTING.zh.md"), ("en/contribute", "CONTRIBUTING.md")):
        html = (real_site / folder / "index.html").read_text(encoding="utf-8")
        first_section = re.search(r"^## (.+)$", (ROOT / source).read_text(encoding="utf-8"), re.M).group(1)
        assert first_section in html, f"{folder}: {source} was not included — is pymdownx.snippets enabled in mkdocs.yml?"
        assert "8&lt;" not in html and "--8<--" not in html, folder


def test_build_en_false_builds_only_the_chinese_site(tmp_path):
    # CONTRIBUTING documents `BUILD_EN=false make serve` for faster previews while editing.
    # A separate process, like `make serve`: the hooks keep state between builds in one process.
    env = dict(os.environ, BUILD_EN="false", CITYSITE_DATA=str(make_data_dir(tmp_path)), NO_MKDOCS_2_WARNING="1")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (site / "index.html").is_file() and (site / "contribute" / "index.html").is_file()
    assert not (site / "en" / "index.html").exists(), "mkdocs.yml: set `build: !ENV [BUILD_EN, true]` on the en language"


# ---- the check's GitHub annotations -----------------------------------------------------------------

# https://docs.github.com/actions/reference/workflow-commands-for-github-actions
# Property values escape % \r \n : , (as %25 %0D %0A %3A %2C); the message escapes % \r \n.
PROPERTY = r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)+"
ANNOTATION = re.compile(
    rf"^::(?:error|warning) file=(?P<file>{PROPERTY}),line=(?P<line>[1-9]\d*),col=(?P<col>[1-9]\d*),title=(?P<title>{PROPERTY})"
    rf"::(?P<message>(?:[^%\r\n]|%25|%0D|%0A)+)$"
)


def broken_data_dir(tmp_path) -> Path:
    data = make_data_dir(tmp_path)
    services = data / "services" / "chongqing.yml"
    text = services.read_text(encoding="utf-8")
    # An unquoted text with a comma inside { }: the part after the comma becomes a key containing colons.
    text = text.replace("en: Mon–Fri 9:00–12:00}", "en: Mon–Fri 9:00–12:00, 14:00–17:00; Sat 9:00–12:00}")
    services.write_text(text, encoding="utf-8")
    consulates = data / "consulates" / "chongqing.yml"
    consulates.write_text(consulates.read_text(encoding="utf-8").replace("opened: '1998-03-22'", "opened: '1998-3'"),
                          encoding="utf-8")
    (data / "events" / "chongqing.yml").write_text(textwrap.dedent("""\
        city: chongqing
        records:
          - id: smart-china-expo
            name: {zh: 智博会, en: 'Smart China Expo}
        """), encoding="utf-8")
    return data


def test_github_format_prints_one_valid_workflow_command_per_problem(tmp_path):
    data = broken_data_dir(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    done = subprocess.run([sys.executable, "-m", "citysite.check", "--format", "github", str(data)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    commands = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert len(commands) >= 3, done.stdout
    files = set()
    for line in commands:
        match = ANNOTATION.match(line)
        assert match, f"not a valid workflow command: {line}"
        path = match["file"].replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        assert (tmp_path / path).is_file(), path  # relative to the repository root, as GitHub expects
        files.add(path)
    assert {"data/services/chongqing.yml", "data/consulates/chongqing.yml", "data/events/chongqing.yml"} <= files
    # Both languages in one annotation, on two lines.
    assert all("%0A" in line.split("::", 2)[2] for line in commands)
