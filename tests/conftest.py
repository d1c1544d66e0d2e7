"""Shared fixtures, building on each other: fixture data → project folder → model → built site.

Tests that need a browser, the serve process or a full PDF build are marked ``slow``
(automatically, from the fixtures they use, or by hand); ``make test-fast`` runs the others.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sotay.build import Paths, build, load_handbook

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


# Fixtures that start Chromium, the live preview or a whole build with its PDFs.
SLOW_FIXTURES = {"browser", "built_site", "hostile_site", "live", "own_templates"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the fixture data")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: needs a browser, the serve process or a full PDF build")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def make_project(root: Path, data: Path = FIXTURE_DATA) -> Paths:
    """A project folder with a copy of ``data``, using the repository's templates, config and shim."""
    shutil.copytree(data, root / "data")
    (root / "handbook").mkdir()
    return Paths.at(
        root,
        templates=REPO / "templates",
        config=REPO / "mkdocs.yml",
        node_modules=REPO / "node_modules",
    )


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    """A fresh, writable copy of the fixture dataset; tests may edit its files."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def fixture_handbook():
    return load_handbook(Paths.at(REPO, data=FIXTURE_DATA, docs=REPO / "tests" / "fixtures" / "no-guide"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The fixture dataset built into a site once for all end-to-end tests."""
    paths = make_project(tmp_path_factory.mktemp("site"))
    build(paths)
    return paths


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The shipped data built into a temporary site, without PDFs (their links point at stand-ins)."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "handbook" / "huong-dan", root / "handbook" / "huong-dan")
    paths = Paths.at(REPO, docs=root / "handbook", site=root / "site")
    build(paths, with_pdfs=False)
    return paths
