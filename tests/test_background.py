"""background: the export's child process; its death is a located problem, not a traceback."""

from __future__ import annotations

import os
import signal
import time

import pytest

from sotay.background import start_in_background
from sotay.errors import HandbookError


def test_a_value_and_an_error_come_back_from_the_child():
    assert start_in_background(divmod, 7, 2).result() == (3, 1)
    with pytest.raises(ZeroDivisionError):
        start_in_background(divmod, 1, 0).result()


def test_a_child_killed_as_the_out_of_memory_killer_would_is_reported():
    call = start_in_background(time.sleep, 60)
    time.sleep(0.5)
    os.kill(call.process.pid, signal.SIGKILL)
    with pytest.raises(HandbookError) as caught:
        call.result()
    assert caught.value.stage == "export"
    assert str(caught.value.problems[0]) == (
        "sotay-export: tiến trình xuất PDF bị dừng bởi tín hiệu 9 (hết bộ nhớ?) trước khi xong; hãy dựng lại"
    )
