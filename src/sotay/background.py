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
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def _run(sender: Connection, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        outcome = ("value", function(*args, **kwargs))
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        outcome = ("error", error)
    sender.send(outcome)


class BackgroundCall:
    """``function(*args, **kwargs)`` in a child process; ``result()`` returns or raises what it did.

    ``function`` and its arguments must be picklable (module-level functions, plain data).
    """

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        context = multiprocessing.get_context("spawn")
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run, args=(sender, function, args, kwargs), name="sotay-export", daemon=True
        )
        self._process.start()
        sender.close()

    def result(self) -> Any:
        try:
            kind, value = self._answer.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise RuntimeError(f"the export process ended without an answer (exit code {code})") from None
        self._process.join()
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child if it is still working (the build failed elsewhere)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
