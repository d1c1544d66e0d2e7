"""A content-addressed cache of the print path's intermediate files (``.cache/``, safe to delete).

Pandoc's Typst of each piece, each typeset chunk and front matter, each assembled PDF: keyed by a
digest of everything they are made from, so an edit re-does only what depends on it. A build
keeps only the entries it used. Shared by the export's threads: every method holds the lock.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


# Part of every key made from code rather than input: the table-width marks, the assembly and
# the typesetting inputs are written here, and a change to them must not be answered from the
# cache of the old code.
CODE = digest(*(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py"))))


class Cache:
    """Files under ``folder`` by kind and key; with no folder, a cache that holds nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._used: set[Path] = set()
        self._lock = threading.Lock()

    def get(self, kind: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / kind / key
        if not path.is_file():
            return None
        with self._lock:
            self._used.add(path)
        return path.read_bytes()

    def put(self, kind: str, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        path = self.folder / kind / key
        path.parent.mkdir(parents=True, exist_ok=True)
        # A private temporary name, then an atomic rename: a reader never sees half a file.
        temporary = path.with_name(f"{key}.{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        with self._lock:
            self._used.add(path)

    def prune(self) -> None:
        """Delete every entry this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        with self._lock:
            used = set(self._used)
        for path in self.folder.rglob("*"):
            if path.is_file() and path not in used:
                path.unlink()
        for path in sorted(self.folder.rglob("*"), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
