"""Stage 5 — site: MkDocs + Material builds the site from handbook/ into a folder.

Strict: any warning (a broken link or anchor, a page missing from the nav) fails the build with
every message MkDocs logged, located at the docs folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

from .errors import HandbookError, Problem
from .load import display_name

# Material 9.8 prints an end-of-life notice on every build; the README explains the choice.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_build(config_file: Path, docs_dir: Path, target: Path, edition: dt.date) -> None:
    """``mkdocs build --strict`` of ``docs_dir`` into ``target``, dated ``edition``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # MkDocs dates the sitemap (and its gzip header) with the build time unless SOURCE_DATE_EPOCH
    # is set: pin it to the data's edition, so the same data gives the same bytes on any day.
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(edition, dt.time(), dt.UTC).timestamp()))
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
            [Problem(display_name(docs_dir), 0, "", _in_vietnamese(message)) for message in messages], stage="site"
        ) from None
    finally:
        logger.removeHandler(collector)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


# MkDocs' messages about links, the ones an editor of the guide pages meets, in their words.
_LINK_MESSAGES = (
    (
        re.compile(r"Doc file '([^']*)' contains a link '([^']*)', but the target '([^']*)' is not found.*"),
        r"trang \1 có liên kết '\2' tới \3, nhưng không có trang đó",
    ),
    (
        re.compile(
            r"Doc file '([^']*)' contains a link '([^']*)', "
            r"but the doc '([^']*)' does not contain an anchor '([^']*)'.*"
        ),
        r"trang \1 có liên kết '\2', nhưng trang \3 không có mục \4",
    ),
    (re.compile(r"Aborted with (\d+) warnings? in strict mode!?"), r"dừng vì có \1 cảnh báo"),
)


def _in_vietnamese(message: str) -> str:
    for pattern, words in _LINK_MESSAGES:
        if pattern.fullmatch(message.strip()):
            return pattern.sub(words, message.strip())
    return f"MkDocs báo: {message}"
