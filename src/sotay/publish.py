"""Stage 7 — publish: finish the staged site and put it in place of the published one.

The site is built into a staging folder beside ``site/``; the PDFs are laid over MkDocs' output
(replacing the empty stand-ins its links were checked against), the offline zip is made of the
whole, and only then does the staging folder replace ``site/``, whole.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

# Files compressed already: deflating them again costs seconds and saves nothing.
_STORED = (".pdf", ".png", ".gz", ".zip", ".ico", ".woff2")


def staging_folder(site: Path) -> Path:
    """An empty folder beside ``site`` to build the next site in."""
    staging = site.with_name(site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


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
    """Swap a finished folder into place, keeping the old one until the new one is there."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
