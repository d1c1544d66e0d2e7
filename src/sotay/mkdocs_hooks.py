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


def _regenerate(root: Path, docs_dir: Path) -> None:
    from sotay.build import Paths, generate
    from sotay.errors import HandbookError

    paths = Paths.at(root, docs=docs_dir)
    try:
        # Pages first, so the edit shows at once; the search index (a second's work) follows in
        # the background, and its write triggers one more quick rebuild.
        _, changed = generate(paths, search_index=False)
        log.info("sotay: %d generated file(s) changed", len(changed))
    except HandbookError as error:
        for problem in error.problems:
            log.error("%s", problem)
        log.error("sotay: the data has problems; showing the last good pages")
        return
    global _indexer
    if _indexer is None or not _indexer.is_alive():
        _indexer = threading.Thread(target=_refresh_index, args=(paths,), daemon=True)
        _indexer.start()


_indexer = None


def _refresh_index(paths) -> None:
    from sotay.build import refresh_search_index
    from sotay.errors import HandbookError

    try:
        if refresh_search_index(paths):
            log.info("sotay: search index updated")
    except HandbookError:
        pass  # already reported by the page rebuild
