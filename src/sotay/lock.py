"""One build at a time in a project folder: a lock that a second build waits for.

An editor's preview, a ``make`` in another terminal and CI can all start a build in the same
folder; they share ``handbook/``, the staging folders and ``site/``. The lock is an advisory
``flock`` on a file beside ``site/``: the kernel releases it when its holder ends, however it
ends, so a killed build never leaves it held.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import HandbookError, Problem
from .load import display_name

LOCK_NAME = ".sotay-build.lock"
WAIT_SECONDS = 15 * 60

# Called once, with the holder's process id (or ""), when the lock is busy and the build waits.
OnWait = Callable[[str], None]


@contextmanager
def build_lock(folder: Path, on_wait: OnWait | None = None, wait_seconds: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the project's build lock; wait for another build to finish (at most ``wait_seconds``)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    with open(path, "a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip()
            if on_wait:
                on_wait(holder)
            deadline = time.monotonic() + wait_seconds
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    waited = f"{wait_seconds / 60:.0f} phút" if wait_seconds >= 60 else f"{wait_seconds:.0f} giây"
                    message = (
                        f"một lần dựng khác (tiến trình {holder or '?'}) đã giữ thư mục này hơn {waited}; "
                        "hãy dừng nó hoặc chờ, rồi dựng lại"
                    )
                    raise HandbookError([Problem(display_name(path), 0, "", message)], stage="lock")
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
