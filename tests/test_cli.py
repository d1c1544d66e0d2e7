"""cli: what a person at a terminal sees when a build is stopped or cannot write."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

from sotay.build import build

from .conftest import REPO
from .test_build import digest

pytestmark = pytest.mark.slow  # runs whole builds


def cli(project, *args: str, **options) -> subprocess.Popen:
    command = [sys.executable, "-m", "sotay", "--root", str(project.data.parent), *args]
    # The project's own config and templates (make_project points at the repository's).
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **options)


def wait_for_the_first_pdf(process: subprocess.Popen) -> None:
    """Read the build's progress until the export has written its first PDF: the build is under way."""
    for line in process.stderr:
        if line.startswith("xuất PDF 1/"):
            return
    pytest.fail("the build ended before its first PDF")


@pytest.fixture
def own_project(project):
    """The fixture project with the repository's config and templates beside its data, as `--root` expects."""
    root = project.data.parent
    for name in ("src", "templates", "node_modules", "mkdocs.yml", "requirements.lock", "package-lock.json"):
        (root / name).symlink_to(REPO / name)
    build(project)
    return project


def test_ctrl_c_stops_the_build_with_a_message_and_keeps_the_site(own_project):
    before = digest(own_project.site)
    (own_project.data / "procedures/1.000001.yaml").write_text(
        (own_project.data / "procedures/1.000001.yaml").read_text(encoding="utf-8").replace("Đăng ký", "Đăng kí", 1),
        encoding="utf-8",
    )
    shutil.rmtree(own_project.cache)  # so that typesetting takes a while
    process = cli(own_project, "build", start_new_session=True)
    wait_for_the_first_pdf(process)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the build and its export child
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130, errors
    assert "đã dừng theo yêu cầu (Ctrl-C); site/ và các tệp PDF trước đó được giữ nguyên" in errors
    assert "Traceback" not in errors
    assert digest(own_project.site) == before
    assert not [p.name for p in own_project.site.parent.iterdir() if p.name.startswith("site.")]


def test_a_full_disk_is_named_without_a_traceback(own_project):
    before = digest(own_project.site)
    # Writing through this link is writing to a full disk (ENOSPC), whatever the machine.
    index = own_project.docs / "assets/javascripts/search-index.js"
    index.unlink()
    index.symlink_to("/dev/full")
    (own_project.data / "tasks/xa-kiem-tra-do-luong.yaml").write_text(
        (own_project.data / "tasks/xa-kiem-tra-do-luong.yaml").read_text(encoding="utf-8") + "description: mới\n",
        encoding="utf-8",
    )
    process = cli(own_project, "build")
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 1, errors
    assert "Traceback" not in errors
    # (The PDF export may have reported progress before: the index is written after MkDocs.)
    assert [line for line in errors.strip().splitlines() if not line.startswith("xuất PDF ")] == [
        f"{index}: không ghi được: No space left on device",
        "Có 1 lỗi ở bước ghi trang vào handbook/; site/ và các tệp PDF trước đó được giữ nguyên.",
    ], errors
    assert digest(own_project.site) == before


def test_a_cache_that_cannot_be_written_costs_time_not_the_build(own_project):
    before = digest(own_project.site)
    shutil.rmtree(own_project.cache)
    own_project.cache.write_text("a file where the cache folder should be")
    process = cli(own_project, "build")
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    assert digest(own_project.site) == before


def test_a_damaged_cache_is_rebuilt_not_shipped(own_project):
    before = digest(own_project.site)
    entries = sorted((own_project.cache / "pdf").iterdir()) + sorted((own_project.cache / "assembled").iterdir())
    for entry in entries[::2]:
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])  # truncated
    for entry in entries[1::2]:
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF  # one byte flipped
        entry.write_bytes(bytes(data))
    process = cli(own_project, "build")
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    assert digest(own_project.site) == before


def test_an_interrupted_build_leaves_nothing_that_blocks_the_next(own_project):
    before = digest(own_project.site)
    shutil.rmtree(own_project.cache)
    process = cli(own_project, "build", start_new_session=True)
    wait_for_the_first_pdf(process)
    os.killpg(process.pid, signal.SIGKILL)  # the build and its export child, as a power cut would
    process.wait()
    process = cli(own_project, "build")
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    assert digest(own_project.site) == before
    assert not [p.name for p in own_project.site.parent.iterdir() if p.name.startswith("site.")]
