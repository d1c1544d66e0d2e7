"""make: the README's commands in a project folder of their own, as an editor or CI runs them.

Two `make` at once must not hurt each other; `make` rebuilds exactly when an input's name or
content changed; an empty dataset or an odd file name is a located problem, never a broken
Makefile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import FIXTURE_DATA, REPO
from .test_build import digest

pytestmark = pytest.mark.slow  # runs whole builds

SHARED = ("src", "templates", ".venv", "node_modules", "requirements.lock", "package-lock.json")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project folder: the fixture data, the repository's Makefile and config, shared read-only parts."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    (tmp_path / "handbook").mkdir()
    for name in ("Makefile", "mkdocs.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    for name in SHARED:
        (tmp_path / name).symlink_to(REPO / name)
    return tmp_path


def make(folder: Path, *targets: str) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "PYTEST"))}
    return subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(folder), *targets],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def run(folder: Path, *targets: str) -> tuple[int, str]:
    process = make(folder, *targets)
    output, _ = process.communicate(timeout=600)
    return process.returncode, output


def test_two_makes_at_once_give_the_site_of_one_clean_build(folder, tmp_path_factory):
    first, second = make(folder), make(folder)
    outputs = [process.communicate(timeout=600)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("một lần dựng khác đang chạy trong thư mục này" in output for output in outputs), outputs
    assert "Traceback" not in "".join(outputs)
    assert not [p.name for p in folder.iterdir() if p.name.startswith("site.")]

    reference = tmp_path_factory.mktemp("reference")
    shutil.copytree(folder, reference / "p", symlinks=True, ignore=shutil.ignore_patterns("site*", ".cache"))
    assert run(reference / "p", "build")[0] == 0
    assert digest(folder / "site") == digest(reference / "p" / "site")


def test_make_rebuilds_when_a_name_or_content_changed_and_only_then(folder):
    assert run(folder)[0] == 0
    code, output = run(folder)
    assert code == 0 and "đã cập nhật: không có gì thay đổi" in output
    # A record copied in with its old date is still a change.
    record = folder / "data/procedures/tam-tan-so-nghiep-du.yaml"
    shutil.copy2(record, folder / "old-copy.yaml")
    record.unlink()
    (folder / "data/procedures/1.000001.yaml").write_text(
        (folder / "data/procedures/1.000001.yaml")
        .read_text(encoding="utf-8")
        .replace("related:\n  - tam-tan-so-nghiep-du\n", ""),
        encoding="utf-8",
    )
    code, output = run(folder)
    assert code == 0 and "đã dựng" in output, output
    assert not (folder / "site/thu-tuc/tam-tan-so-nghiep-du.html").exists()  # a deleted record is gone
    shutil.copy2(folder / "old-copy.yaml", record)  # back, with its old date
    (folder / "data/procedures/1.000001.yaml").write_text(
        (FIXTURE_DATA / "procedures/1.000001.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, output = run(folder)
    assert code == 0 and (folder / "site/thu-tuc/tam-tan-so-nghiep-du.html").exists(), output


def test_odd_file_names_and_an_empty_dataset_are_located_problems(folder):
    odd = folder / "data/procedures/có dấu cách: và hai chấm.yaml"
    odd.write_text((folder / "data/procedures/1.000001.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, output = run(folder)
    assert code != 0 and "Traceback" not in output, output
    assert "target pattern" not in output and "No rule to make target" not in output, output
    assert "data/procedures/có dấu cách: và hai chấm.yaml:1: code:" in output, output
    odd.unlink()
    for records in ("procedures", "tasks", "retired"):
        shutil.rmtree(folder / "data" / records)
        (folder / "data" / records).mkdir()
    code, output = run(folder)
    assert code != 0 and "dữ liệu không có thủ tục và nhiệm vụ nào: không có gì để xuất bản" in output, output
