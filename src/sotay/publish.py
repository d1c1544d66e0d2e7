"""Stage 7 — publish: finish the staged site and put it in place of the published one.

The site is built into a staging folder beside ``site/``; the PDFs are laid over MkDocs' output
(replacing the empty stand-ins its links were checked against), the offline zip is made of the
whole, and only then does the staging folder take the place of ``site/``, in one atomic step.
Working folders have names of their own per build (``site.new-…``, ``site.pdfs-…``); what an
interrupted build left behind is removed by the next one (which holds the build lock).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

# Files compressed already: deflating them again costs seconds and saves nothing.
_STORED = (".pdf", ".png", ".gz", ".zip", ".ico", ".woff2")


def working_folder(site: Path, purpose: str) -> Path:
    """A new, empty folder of this build beside ``site``: ``site.new-…`` (the next site), ``site.pdfs-…``."""
    site.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{site.name}.{purpose}-", dir=site.parent))


def remove_leftovers(site: Path) -> None:
    """Remove the working folders of builds that were interrupted (call with the build lock held)."""
    for purpose in ("new", "pdfs", "old"):
        for path in site.parent.glob(f"{site.name}.{purpose}*"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


def add_files(source: Path, site: Path) -> None:
    """Lay the files under ``source`` (the exported PDFs) over the built site."""
    if source.is_dir():
        shutil.copytree(source, site, dirs_exist_ok=True)


def write_offline_zip(site: Path, target: Path, date: dt.date) -> None:
    """Zip the site (minus the zip itself) with fixed timestamps, so equal input gives equal bytes."""
    timestamp = (date.year, date.month, date.day, 0, 0, 0)
    target.unlink(missing_ok=True)
    files = sorted(path for path in site.rglob("*") if path.is_file() and path != target)
    temporary = target.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"so-tay-nghiep-vu/{path.relative_to(site).as_posix()}", timestamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if path.suffix in _STORED else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=6)
    temporary.rename(target)


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target`` in one step, then delete the old one.

    Linux exchanges the two names atomically (renameat2 with RENAME_EXCHANGE): at every instant
    ``target`` is a whole site, the old or the new. Elsewhere, two renames in a row.
    """
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holding the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0
