"""Run one call in a forked child process: the PDF export works beside the site build.

A child process rather than a thread: the export's own Python work (rendering, assembling)
then does not wait for MkDocs' hold on the interpreter lock, and Typst's memory goes back to the
system when the child ends. Fork (not spawn) because the child needs the loaded handbook and
would otherwise spend a second importing and validating again.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


class ForkedCall:
    """``function(*args, **kwargs)`` in a child process; ``result()`` returns or raises what it did."""

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._answer, sender = context.Pipe(duplex=False)

        def run() -> None:
            try:
                outcome = ("value", function(*args, **kwargs))
            except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
                outcome = ("error", error)
            sender.send(outcome)

        self._process = context.Process(target=run, name="sotay-export", daemon=True)
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
