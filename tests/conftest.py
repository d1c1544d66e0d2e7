"""Shared fixtures, building on each other: fixture data → project folder → model → built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sotay.build import Paths, build, load_handbook

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the fixture data")


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
