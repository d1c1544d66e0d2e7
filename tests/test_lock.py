"""lock: a second build in the same folder waits for the first, and says so."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from sotay.errors import HandbookError
from sotay.lock import LOCK_NAME, build_lock

from .conftest import REPO

HOLD = """
import sys, time
from pathlib import Path
from sotay.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold(folder, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(REPO / "src")},
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_build_waits_for_the_first(tmp_path):
    holder = hold(tmp_path, 1.0)
    waited: list[str] = []
    started = time.monotonic()
    with build_lock(tmp_path, on_wait=waited.append):
        assert time.monotonic() - started > 0.5
    assert waited == [str(holder.pid)]
    holder.wait(timeout=10)


def test_a_lock_held_too_long_is_a_located_problem(tmp_path):
    holder = hold(tmp_path, 10)
    try:
        with pytest.raises(HandbookError) as caught, build_lock(tmp_path, wait_seconds=1):
            pass
        assert caught.value.stage == "lock"
        assert str(caught.value.problems[0]).endswith(
            f"{LOCK_NAME}: một lần dựng khác (tiến trình {holder.pid}) đã giữ thư mục này hơn 1 giây; "
            "hãy dừng nó hoặc chờ, rồi dựng lại"
        )
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_no_lock_behind(tmp_path):
    holder = hold(tmp_path, 60)
    holder.kill()
    holder.wait()
    with build_lock(tmp_path, on_wait=lambda _: pytest.fail("waited for a dead build")):
        pass
