"""Building the site in-process for tests (strict, like `make build`)."""
import os
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def data_env(data_dir):
    old = os.environ.get("CITYSITE_DATA")
    if data_dir is not None:  # None: data/ (or whatever $CITYSITE_DATA already says)
        os.environ["CITYSITE_DATA"] = str(data_dir)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("CITYSITE_DATA", None)
        else:
            os.environ["CITYSITE_DATA"] = old


def build_site(site_dir: Path, data_dir=None) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with data_env(data_dir):
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
    return Path(site_dir)


def html_pages(site: Path):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
