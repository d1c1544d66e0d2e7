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
import json
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


# What Material ships and no page of ours loads: its own search (off: plugins: []) with its worker,
# lunr language packs and segmenters, and source maps. 2.2 MB of a 2 MB site zip's 4.
UNUSED_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
UNUSED_SUFFIXES = (".map",)


def prune_unused_assets(site: Path) -> None:
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and (name.startswith(UNUSED_ASSETS) or name.endswith(UNUSED_SUFFIXES)):
            path.unlink()
    for folder in UNUSED_ASSETS:
        shutil.rmtree(site / folder, ignore_errors=True)


def package_script(inside: bool, sizes: dict[str, int], pdfs: bool = True) -> str:
    """``sotay-package.js``: in the site, the size of each download; in a package, that it is one
    (and, in the web-only package, that its PDF links lead nowhere)."""
    data = {"inside": inside, "pdfs": pdfs, "sizes": dict(sorted(sizes.items()))}
    return f"window.SOTAY_PACKAGE = {json.dumps(data)};\n"


def write_offline_zip(
    site: Path, target: Path, date: dt.date, leave_out: tuple[str, ...] = (), replace: dict[str, str] | None = None
) -> None:
    """Zip the site with fixed timestamps, so equal input gives equal bytes.

    Paths starting with one of ``leave_out`` are not packed (the zips are never: they are being
    made); ``replace`` gives other contents for some files (the package's own sotay-package.js).
    """
    timestamp = (date.year, date.month, date.day, 0, 0, 0)
    target.unlink(missing_ok=True)
    replace = replace or {}
    files = sorted(
        path
        for path in site.rglob("*")
        if path.is_file()
        and path.suffix != ".zip"
        and not path.relative_to(site).as_posix().startswith(leave_out)
        and path.name != target.with_suffix(".tmp").name
    )
    temporary = target.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        for path in files:
            name = path.relative_to(site).as_posix()
            info = zipfile.ZipInfo(f"so-tay-nghiep-vu/{name}", timestamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if path.suffix in _STORED else zipfile.ZIP_DEFLATED
            content = replace[name].encode("utf-8") if name in replace else path.read_bytes()
            archive.writestr(info, content, compresslevel=6)
    temporary.rename(target)


def write_packages(site: Path, date: dt.date, downloads: list[str]) -> None:
    """The two offline packages, then the site's sotay-package.js with the size of every download.

    Inside a package the script says so (its download buttons become a note); the sizes are the
    site's business, so the packages do not need them (and could not hold their own)."""
    from . import addresses

    web_only = {addresses.PACKAGE_SCRIPT: package_script(True, {}, pdfs=False)}
    # The web-only package is the light one: no PDFs, no EPUB (the full package has both).
    leave_out = (addresses.PDF_FOLDER + "/", addresses.EPUB)
    write_offline_zip(site, site / addresses.OFFLINE_WEB_ZIP, date, leave_out, web_only)
    write_offline_zip(
        site, site / addresses.OFFLINE_ZIP, date, (), {addresses.PACKAGE_SCRIPT: package_script(True, {})}
    )
    sizes = {path: (site / path).stat().st_size for path in downloads if (site / path).is_file()}
    (site / addresses.PACKAGE_SCRIPT).write_text(package_script(False, sizes), encoding="utf-8")


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
