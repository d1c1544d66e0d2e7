"""Live preview: MkDocs' server, with the hook regenerating pages when data or templates change.

``make serve`` runs MkDocs' own server on handbook/; the hook file (mkdocs_hooks.py) hands every
rebuild to the one ``LivePreview`` of the process, which regenerates the pages first (only when
data/, templates/ or the guide pages changed) and refreshes the search index after them.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from . import addresses
from .build import load_handbook, render_handbook, search_index_script
from .catalogue import print_catalogue
from .errors import HandbookError
from .lock import build_lock
from .mkdocs_hooks import LIVE
from .project import Paths
from .render import render_pages
from .views import site_views

log = logging.getLogger("mkdocs.hooks.sotay")


def serve(paths: Paths, addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    render_handbook(paths)  # fail early, with the full report, if the data has problems
    os.environ[LIVE] = "1"
    mkdocs_serve(
        config_file=str(paths.config),
        livereload=True,
        watch=[str(paths.data), str(paths.templates)],
        dev_addr=addr,
        docs_dir=str(paths.docs),
        # Under strict mode the hook's report of bad data would abort the rebuild; the preview
        # should instead keep showing the last good pages next to that report.
        strict=False,
        # Rebuild only pages whose Markdown changed: the writer rewrites a file only when its
        # content changed, so an edit to one procedure re-renders a handful of pages. (Fine for a
        # preview; a published build is always complete.)
        build_type="dirty",
    )


class LivePreview:
    """What the preview remembers between rebuilds: what it generated from, and the index work."""

    def __init__(self) -> None:
        self._generated_from: tuple | None = None  # see _fingerprint
        self._index_wanted: Paths | None = None
        self._indexer: threading.Thread | None = None

    def before_build(self, root: Path, docs_dir: Path) -> None:
        """Regenerate handbook/ if its sources changed; on bad data, log it and keep the last pages."""
        paths = Paths.at(root, docs=docs_dir)
        # MkDocs rebuilds whenever a watched file changes, including the pages this writes and
        # the search index; when data/ and templates/ are as they were, there is nothing to redo.
        fingerprint = _fingerprint(paths)
        if fingerprint == self._generated_from:
            return
        try:
            _, changed = render_handbook(paths, search_index=False)
            log.info("sotay: %d tệp được tạo lại", len(changed))
        except HandbookError as error:
            for problem in error.problems:
                log.error("%s", problem)
            log.error("sotay: dữ liệu có lỗi; vẫn hiện các trang đúng gần nhất")
            return
        self._generated_from = fingerprint
        self._index_wanted = paths

    def after_build(self) -> None:
        # The search index is rebuilt after the pages, not beside them: both are Python, and the
        # edited page should not wait for a second of index work.
        if self._index_wanted is not None and (self._indexer is None or not self._indexer.is_alive()):
            self._indexer = threading.Thread(target=_refresh_index, args=(self._index_wanted,), daemon=True)
            self._index_wanted = None
            self._indexer.start()


def _fingerprint(paths: Paths) -> tuple:
    """Name, size and modification time of every file the pages are generated from."""
    files = []
    for folder in (paths.data, paths.templates, paths.guide):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


def _refresh_index(paths: Paths) -> None:
    """Rebuild handbook/'s search index from the current data, if it changed."""
    with build_lock(paths.site.parent):  # a build in a terminal writes handbook/ too
        try:
            handbook = load_handbook(paths)
            rendered = render_pages(site_views(handbook, print_catalogue(handbook)).pages, paths.templates)
            script = search_index_script(paths, handbook, rendered)
        except HandbookError:
            return  # already reported by the page rebuild
        target = paths.docs / addresses.SEARCH_INDEX_SCRIPT
        if not target.is_file() or target.read_text(encoding="utf-8") != script:
            target.write_text(script, encoding="utf-8")
            log.info("sotay: đã cập nhật chỉ mục tìm kiếm")
