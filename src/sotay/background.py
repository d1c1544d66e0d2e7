"""Run one call in a child process: the PDF export works beside the site build.

A child process rather than a thread: the export's own Python work (rendering, assembling)
then does not wait for MkDocs' hold on the interpreter lock, and Typst's memory goes back to the
system when the child ends. The child is spawned, not forked: Typst runs its layout on a thread
pool that, once started in a process, is dead in any fork of it (the fork would hang on its
first compile), and the cost of a fresh interpreter (about 0.5 s of imports) is paid while the
parent renders the pages.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .errors import HandbookError, Problem


@dataclass(frozen=True)
class Task:
    """What a child does, as its process is named and its failure reported."""

    label: str  # in the message of a child that died
    process_name: str
    stage: str  # of the pipeline (messages.STAGES)


EXPORT = Task("xuất PDF", "sotay-export", "export")
SEARCH_INDEX = Task("dựng chỉ mục tìm kiếm", "sotay-search", "search")


@dataclass(frozen=True)
class BackgroundCall:
    """A call running in a child process: ``result()`` returns or raises what it did."""

    process: BaseProcess
    answer: Connection
    task: Task = EXPORT

    def result(self) -> Any:
        try:
            kind, value = self.answer.recv()
        except EOFError:
            self.process.join()
            code = self.process.exitcode
            how = f"bị dừng bởi tín hiệu {-code}" if code and code < 0 else f"kết thúc với mã {code}"
            hint = " (hết bộ nhớ?)" if code == -9 else ""
            message = f"tiến trình {self.task.label} {how}{hint} trước khi xong; hãy dựng lại"
            raise HandbookError([Problem(self.process.name, 0, "", message)], stage=self.task.stage) from None
        self.process.join()
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child if it is still working (the build failed elsewhere)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def start_in_background(function: Callable[..., Any], *args: Any, task: Task = EXPORT, **kwargs: Any) -> BackgroundCall:
    """Start ``function(*args, **kwargs)`` in a spawned child; it and its arguments must be picklable."""
    context = multiprocessing.get_context("spawn")
    answer, sender = context.Pipe(duplex=False)
    # Not a daemon: the export starts worker processes of its own (Typst compiles, see pdf/typeset.py),
    # which a daemonic process may not. The parent cancels it on every way out (BackgroundCall.cancel).
    process = context.Process(target=_run, args=(sender, function, args, kwargs), name=task.process_name, daemon=False)
    process.start()
    sender.close()
    return BackgroundCall(process, answer, task)


def _run(sender: Connection, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    # Ctrl-C is the parent's to handle: it cancels this child (SIGTERM). Ignored here, it is also
    # ignored from their first instruction by the worker processes this child starts.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_with_children)
    try:
        outcome = ("value", function(*args, **kwargs))
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        outcome = ("error", error)
    sender.send(outcome)


def _stop_with_children(_signal: int, _frame: object) -> None:
    """Cancelled (SIGTERM): stop the worker processes the export started (Typst compiles), then exit
    at once; waiting for them to finish their queue would keep a cancelled build running."""
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(1)
