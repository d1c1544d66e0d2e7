"""Stage 5 — site: build the MkDocs + Material site from handbook/ and swap it in whole.

MkDocs builds into a staging folder next to ``site/``; the offline zip is added to it; only
then does it replace ``site/``. A broken link or anchor (strict mode with MkDocs' own
validation) fails the build and leaves the previous site as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from .errors import HandbookError, Problem
from .load import display_name
from .views import OFFLINE_ZIP
from .write import replace_folder

# Material 9.8 prints an end-of-life notice on every build; the README explains the choice.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    archive_date: dt.date,
    extra_files: Callable[[], Path | None] | None = None,
) -> None:
    """Build the site into ``site_dir``; on any warning or error keep the old one.

    ``extra_files()`` is called once MkDocs is done: it waits for what MkDocs does not make (the
    PDFs, exported meanwhile by a child process) and returns the folder holding it, which is
    laid over MkDocs' output before the offline zip is made and the folder swapped in.
    """
    staging = site_dir.with_name(site_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _mkdocs_build(config_file, docs_dir, staging, archive_date)
        extra = extra_files() if extra_files else None
        if extra is not None and extra.is_dir():
            shutil.copytree(extra, staging, dirs_exist_ok=True)
        write_offline_zip(staging, staging / OFFLINE_ZIP, archive_date)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_folder(staging, site_dir)


def _mkdocs_build(config_file: Path, docs_dir: Path, target: Path, archive_date: dt.date) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # MkDocs dates the sitemap (and its gzip header) with the build time unless SOURCE_DATE_EPOCH
    # is set: pin it to the data's edition, so the same data gives the same bytes on any day.
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(archive_date, dt.time(), dt.UTC).timestamp()))
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(target), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        messages = collector.messages or [str(error)]
        raise HandbookError(
            [Problem(display_name(docs_dir), 0, "", f"mkdocs: {message}") for message in messages], stage="site"
        ) from None
    finally:
        logger.removeHandler(collector)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


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
            # PDFs, images and gzip files are compressed already: deflating them again costs
            # seconds and saves nothing.
            already_compressed = path.suffix in (".pdf", ".png", ".gz", ".zip", ".ico", ".woff2")
            info.compress_type = zipfile.ZIP_STORED if already_compressed else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=6)
    temporary.rename(target)
