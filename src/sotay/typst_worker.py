"""One Typst compile, run in a worker process of the PDF export (``sotay.pdf.typeset``).

A module of its own that imports nothing of the handbook: workers are replaced when they have
grown too big (see ``typeset.TypstWorkers``), and a new worker imports only this module and
``typst`` (about 0.1 s) where importing the export stage took 0.4 s.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import typst

# Debian's fonts-liberation2 (2.x, complete Vietnamese). Its 1.07 namesake, pulled in by the
# chromium package, lacks most Vietnamese letters, so system fonts are ignored altogether.
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")

_fonts: typst.Fonts | None = None  # read once per worker


def leave_ctrl_c() -> None:
    """Worker initializer: Ctrl-C reaches the whole process group; the export that owns the workers stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def compile_typst(root: str, sys_inputs: dict[str, str], timestamp: dt.datetime) -> tuple[bytes | None, str, int]:
    """One Typst compile of ``root``/main.typ: the PDF (or None and Typst's message), and the bytes
    this process holds afterwards (Typst keeps its caches: the pool replaces a worker grown too big)."""
    global _fonts
    if _fonts is None:
        _fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[FONT_DIR])
    compiler = typst.Compiler(Path(root) / "main.typ", root=Path(root), font_paths=_fonts)
    try:
        pdf, error = compiler.compile(format="pdf", sys_inputs=sys_inputs, timestamp=timestamp), ""
    except typst.TypstError as failure:
        pdf, error = None, f"{failure.message} {' '.join(failure.hints)}".strip()
    return pdf, error, resident_bytes()


def resident_bytes() -> int:
    """This process's resident memory (Linux); 0 where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")
