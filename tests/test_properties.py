"""Property: whatever is done to a valid dataset, the build succeeds or reports located problems.

Hypothesis mutates the fixture dataset the way people break files (wrong values and types,
deleted and unknown keys, stray characters, duplicated lines, wrong encodings, renamed files);
load → validate → views → render must then either succeed or raise HandbookError whose every
problem names a file and a line. Any other exception is a bug.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sotay.build import Paths, load_handbook
from sotay.catalogue import print_catalogue
from sotay.errors import HandbookError
from sotay.render import render_pages
from sotay.views import site_views

from .conftest import FIXTURE_DATA, REPO

FILES = sorted(str(p.relative_to(FIXTURE_DATA)) for p in FIXTURE_DATA.rglob("*.yaml"))

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["1.011937", "tam-x", "2025-13-45", "truc-tiep", "verified", "", "nd-133-2025", "tinh"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def paths_in(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_in(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_in(value, prefix + (index,))


def set_at(data, path, value):
    if not path:
        return value
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def delete_at(data, path):
    if path:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]
    return data


@st.composite
def mutation(draw):
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["value", "delete", "unknown-key", "characters", "duplicate-line", "bytes", "rename"]))
    return name, kind, draw(st.data())


def apply(root: Path, name: str, kind: str, data) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    record = yaml.safe_load(text)
    if kind in ("value", "delete", "unknown-key"):
        where = data.draw(st.sampled_from(list(paths_in(record))))
        if kind == "value":
            record = set_at(record, where, data.draw(values))
        elif kind == "delete":
            record = delete_at(record, where)
        else:
            target = record
            for part in where:
                target = target[part]
            if isinstance(target, dict):
                target[data.draw(st.text(min_size=1, max_size=10))] = data.draw(values)
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    elif kind == "characters":
        at = data.draw(st.integers(0, len(text)))
        junk = data.draw(st.text(alphabet=":-\t\"'{}[]&*!|>#%@`\n \u00a0\ufeffđ", min_size=1, max_size=4))
        path.write_text(text[:at] + junk + text[at:], encoding="utf-8")
    elif kind == "duplicate-line":
        lines = text.splitlines(keepends=True)
        at = data.draw(st.integers(0, len(lines) - 1))
        path.write_text("".join(lines[: at + 1] + lines[at:]), encoding="utf-8")
    elif kind == "bytes":
        at = data.draw(st.integers(0, len(text)))
        raw = text.encode("utf-8")
        path.write_bytes(raw[:at] + data.draw(st.binary(min_size=1, max_size=4)) + raw[at:])
    elif kind == "rename" and "/" in name:
        path.rename(path.with_name(data.draw(st.sampled_from(["x.yaml", "1.000001.yaml", "Tên có dấu.yaml", "a.yml"]))))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_mutated_dataset_builds_or_reports_located_problems(change):
    name, kind, data = change
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(FIXTURE_DATA, root / "data")
        apply(root / "data", name, kind, data)
        paths = Paths.at(root, templates=REPO / "templates", docs=root / "handbook")
        try:
            handbook = load_handbook(paths)
        except HandbookError as error:
            event(f"{kind}: reported")
            assert error.problems
            for problem in error.problems:
                assert problem.file and problem.line >= 1, problem
                assert problem.message
            return
        event(f"{kind}: built")
        render_pages(site_views(handbook, print_catalogue(handbook)).pages, REPO / "templates")
