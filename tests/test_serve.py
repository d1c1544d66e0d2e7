"""serve: the live preview picks up edits, reports bad data without dropping the pages, and settles."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import FIXTURE_DATA, REPO

# Builds the PDFs, opens Chromium or runs the live preview: not part of `make test-fast`.
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def live(tmp_path: Path):
    """`python -m sotay serve` on a project holding a copy of the fixture data; yields (url, data, log)."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    (tmp_path / "handbook").mkdir()
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for shared in ("templates", "node_modules", "src"):  # read only
        (tmp_path / shared).symlink_to(REPO / shared)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "sotay", "--root", str(tmp_path), "serve", "--addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/thu-tuc/1.000001.html"
        try:
            assert wait_for(lambda: "Giấy chứng nhận đăng ký chuẩn đo lường" in fetch(url)), log.read_text()
            yield url, tmp_path / "data", log
        finally:
            server.terminate()
            server.wait(timeout=30)


def builds(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("Building documentation")


def settles(log: Path, quiet_for: float = 4, within: float = 40) -> bool:
    """Whether, before ``within`` seconds pass, ``quiet_for`` seconds go by with no rebuild starting."""
    count, since = builds(log), time.monotonic()

    def quiet() -> bool:
        nonlocal count, since
        if builds(log) != count:
            count, since = builds(log), time.monotonic()
        return time.monotonic() - since >= quiet_for

    return wait_for(quiet, within)


def test_an_edit_shows_and_the_preview_then_settles(live):
    url, data, log = live
    record = data / "procedures" / "1.000001.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Giấy chứng nhận đăng ký", "Giấy chứng nhận đã sửa", 1),
        encoding="utf-8",
    )
    assert wait_for(lambda: "Giấy chứng nhận đã sửa" in fetch(url), 30), log.read_text()
    # The pages and the search index the preview writes itself start rebuilds too; they must
    # stop once nothing changes (a rewritten but unchanged file used to start them forever).
    assert wait_for(lambda: "đã cập nhật chỉ mục tìm kiếm" in log.read_text(encoding="utf-8"), 30)
    assert settles(log), log.read_text()


def test_bad_data_is_reported_and_the_last_good_page_stays(live):
    url, data, log = live
    record = data / "procedures" / "1.000001.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("level: tinh", "levle: tinh"), encoding="utf-8")
    assert wait_for(lambda: "levle" in log.read_text(encoding="utf-8"), 30)
    text = log.read_text(encoding="utf-8")
    assert "1.000001.yaml:" in text and "vẫn hiện các trang đúng gần nhất" in text
    assert "Giấy chứng nhận đăng ký chuẩn đo lường" in fetch(url)
    record.write_text(good.replace("Giấy chứng nhận đăng ký", "Giấy chứng nhận sửa lại", 1), encoding="utf-8")
    assert wait_for(lambda: "Giấy chứng nhận sửa lại" in fetch(url), 30), log.read_text()
