"""The one MkDocs hook file (``hooks:`` in mkdocs.yml).

It applies what the generator wrote to ``handbook/.config.yml`` (site name and URL, the
navigation built from the data), so ``nav:`` never has to be kept by hand. Under
``make serve`` (``SOTAY_LIVE=1``) it first regenerates the pages from ``data/`` and
``templates/``; if the data has problems it logs them and keeps the last good pages.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.sotay")

GENERATED_CONFIG = ".config.yml"  # the same name as sotay.write.GENERATED_CONFIG


def on_config(config):
    docs_dir = Path(config.docs_dir)
    if os.environ.get("SOTAY_LIVE"):
        _regenerate(Path(config.config_file_path).parent, docs_dir)
    generated = docs_dir / GENERATED_CONFIG
    if not generated.is_file():
        raise PluginError(f"{generated} is missing: run `make` (or `python -m sotay render`) first")
    settings = yaml.safe_load(generated.read_text(encoding="utf-8"))
    config.site_name = settings["site_name"]
    config.site_url = settings["site_url"]
    config.copyright = settings["copyright"]
    config.nav = settings["nav"]
    return config


def on_post_build(config):
    # The search index is rebuilt after the pages, not beside them: both are Python, and the
    # edited page should not wait for a second of index work.
    global _index_wanted, _indexer
    if _index_wanted is not None and (_indexer is None or not _indexer.is_alive()):
        _indexer = threading.Thread(target=_refresh_index, args=(_index_wanted,), daemon=True)
        _index_wanted = None
        _indexer.start()


# What the live preview last regenerated from (see _fingerprint), the pending search-index
# refresh and the thread doing it.
_generated_from = None
_index_wanted = None
_indexer = None


def _regenerate(root: Path, docs_dir: Path) -> None:
    from sotay.build import Paths, generate
    from sotay.errors import HandbookError

    global _generated_from, _index_wanted
    paths = Paths.at(root, docs=docs_dir)
    # MkDocs rebuilds whenever a watched file changes, including the pages this hook writes and
    # the search index; when data/ and templates/ are as they were, there is nothing to redo.
    fingerprint = _fingerprint(paths)
    if fingerprint == _generated_from:
        return
    try:
        _, changed = generate(paths, search_index=False)
        log.info("sotay: %d generated file(s) changed", len(changed))
    except HandbookError as error:
        for problem in error.problems:
            log.error("%s", problem)
        log.error("sotay: the data has problems; showing the last good pages")
        return
    _generated_from = fingerprint
    _index_wanted = paths


def _fingerprint(paths) -> tuple:
    """Name, size and modification time of every file the pages are generated from."""
    from sotay.views import GUIDE_FOLDER

    files = []
    for folder in (paths.data, paths.templates, paths.docs / GUIDE_FOLDER):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


def _refresh_index(paths) -> None:
    from sotay.build import refresh_search_index
    from sotay.errors import HandbookError

    try:
        if refresh_search_index(paths):
            log.info("sotay: search index updated")
    except HandbookError:
        pass  # already reported by the page rebuild
