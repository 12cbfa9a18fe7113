import shutil
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
FIXTURES = ROOT / "tests" / "fixtures"


def make_data_dir(tmp_path: Path) -> Path:
    """A complete, valid data/ folder: the fixture records plus the project's UI labels and provinces."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    shutil.copy(ROOT / "data" / "ui.yml", data / "ui.yml")
    shutil.copy(ROOT / "data" / "provinces.yml", data / "provinces.yml")
    return data


def write(data_dir: Path, rel: str, text: str) -> None:
    """Write a data file (dedented) into a test's data folder."""
    path = data_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def problems_of(data_dir: Path) -> list:
    """The problems the loader reports for a data folder that must fail."""
    from citysite.problems import DataInvalid
    with pytest.raises(DataInvalid) as exc:
        from citysite.loader import load
        load(data_dir)
    return exc.value.problems


@pytest.fixture
def data_dir(tmp_path):
    return make_data_dir(tmp_path)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real site, built once per test session from data/."""
    from sitebuild import build_site
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def real_dataset():
    from citysite.loader import load
    return load()  # data/, or $CITYSITE_DATA


@pytest.fixture(scope="module")
def fixture_ds(tmp_path_factory):
    """The valid fixture data set, loaded."""
    from citysite.loader import load
    return load(make_data_dir(tmp_path_factory.mktemp("fixture-data")))


@pytest.fixture(scope="module", params=["fixture", "real"])
def any_ds(request, fixture_ds):
    """Run a test on the fixture data and on the real data/."""
    return fixture_ds if request.param == "fixture" else request.getfixturevalue("real_dataset")
