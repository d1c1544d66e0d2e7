"""A content-addressed cache of the print path's intermediate files (``.cache/``, safe to delete).

Pandoc's Typst of each piece, each typeset chunk and front matter, each assembled PDF: keyed by a
digest of everything they are made from, so an edit re-does only what depends on it. Shared by
the export's threads (the set of used entries is locked) and by builds, also several at once (the
provincial editions share everything that does not differ): a read or write marks an entry used
now, and a build removes only entries that neither it nor any other build has used for a week, so
it never deletes what another build is using. Entries are written under private names and renamed, and every entry
carries the digest of its content, checked on every read, so a damaged entry (a truncated write,
a full disk, a stray edit) is discarded and made again, never shipped. The cache is an
optimisation: a folder it cannot read or write makes it hold nothing, not fail the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

# An entry is this header, the digest of its content, a newline, then the content.
_HEADER = b"sotay-cache sha256="
# Temporary files younger than this may belong to another build still writing them.
_TEMPORARY_GRACE_SECONDS = 3600
# Entries no build has used for this long are removed; younger ones may serve another build (an
# edition, a branch) and are kept. The cache of every edition is a few tens of megabytes.
UNUSED_KEPT_SECONDS = 7 * 24 * 3600


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
        """The entry's content, or None if there is none or it is damaged (then it is removed)."""
        if self.folder is None:
            return None
        path = self.folder / kind / key
        try:
            stored = path.read_bytes()
        except OSError:
            return None
        header, _, data = stored.partition(b"\n")
        if header != _HEADER + digest(data).encode("ascii"):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: another build's prune keeps it
        with self._lock:
            self._used.add(path)
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        path = self.folder / kind / key
        # A private temporary name, then an atomic rename: a reader never sees half a file.
        temporary = path.with_name(f"{key}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(_HEADER + digest(data).encode("ascii") + b"\n" + data)
            temporary.replace(path)
        except OSError:
            # A full disk or a read-only folder: go on without caching this entry.
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return
        with self._lock:
            self._used.add(path)

    def prune(self) -> None:
        """Delete the entries that no build has used for a week (``UNUSED_KEPT_SECONDS``)."""
        if self.folder is None or not self.folder.is_dir():
            return
        with self._lock:
            used = set(self._used)
        now = time.time()
        try:
            for path in self.folder.rglob("*"):
                if not path.is_file() or path in used:
                    continue
                age = now - path.stat().st_mtime
                if age < (_TEMPORARY_GRACE_SECONDS if path.suffix == ".tmp" else UNUSED_KEPT_SECONDS):
                    continue
                path.unlink(missing_ok=True)
            for path in sorted(self.folder.rglob("*"), reverse=True):
                if path.is_dir() and not any(path.iterdir()):
                    shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass  # another build pruning at the same time, or a read-only folder
