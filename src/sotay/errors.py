"""The one error type the library raises for bad input, and the problem record it carries.

User errors (a bad YAML file, a dangling reference) are data: every stage collects
``Problem`` records and raises a single ``HandbookError`` holding all of them. Only the
CLI turns that into a message; anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters (a terminal escape, a line break in a key) would let a file forge lines of
# the report or recolour the terminal: they are shown as \x1b, \n… instead.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        # Line 0 means the problem concerns the file or folder as a whole.
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return _visible(text)


class HandbookError(Exception):
    """Raised with every problem found; the build stops before writing anything."""

    def __init__(self, problems: list[Problem], stage: str = "validate") -> None:
        self.problems = sorted(set(problems))
        self.stage = stage
        super().__init__(self.report())

    def __reduce__(self):
        # Raised in the PDF export's child process and re-raised in the parent (see background.py).
        return (HandbookError, (self.problems, self.stage))

    def report(self) -> str:
        from .messages import STAGES

        lines = [str(problem) for problem in self.problems]
        # Validation and rendering happen before anything is written; later stages work in a
        # staging folder, so the published site/ (with its PDFs) is untouched either way.
        if self.stage in ("validate", "render", "export-xlsx", "import-xlsx"):
            outcome = "chưa ghi gì"
        else:
            outcome = KEPT
        lines.append(f"Có {len(self.problems)} lỗi ở bước {STAGES.get(self.stage, self.stage)}; {outcome}.")
        return "\n".join(lines)


# How a failed or interrupted build ends: nothing published was touched.
KEPT = "site/ và các tệp PDF trước đó được giữ nguyên"
