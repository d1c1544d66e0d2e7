"""The pipeline, top to bottom: load → validate → views → render → write → site.

Everything is read and checked before anything is written; a problem at any stage raises
HandbookError and leaves the previous ``site/`` as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .background import BackgroundCall
from .errors import HandbookError, Problem
from .export import ExportedFile, Progress, export_pdfs
from .load import display_name, load_dataset
from .render import render_pages
from .search import SCRIPT_PATH as SEARCH_SCRIPT
from .search import build_search_script
from .site import build_site
from .validate import Handbook, validate
from .views import GUIDE_FOLDER, OFFLINE_ZIP, print_documents, search_infos, site_views
from .write import docs_files, write_docs

# lunr.js, from the npm lock file: loads the prebuilt search index in the page.
LUNR_JS = Path("lunr/lunr.min.js")


@dataclass(frozen=True)
class Paths:
    """Where the pipeline reads and writes; tests point these at temporary folders."""

    data: Path
    templates: Path
    docs: Path
    site: Path
    config: Path
    node_modules: Path
    cache: Path  # typeset PDFs and pandoc output by content hash; safe to delete

    @classmethod
    def at(cls, root: Path, **overrides: Path) -> Paths:
        defaults = {
            "data": root / "data",
            "templates": root / "templates",
            "docs": root / "handbook",
            "site": root / "site",
            "config": root / "mkdocs.yml",
            "node_modules": root / "node_modules",
            "cache": root / ".cache",
        }
        return cls(**{**defaults, **overrides})


def load_handbook(paths: Paths) -> Handbook:
    """Load and validate the dataset (the ``validate`` command)."""
    return validate(load_dataset(paths.data), guide_dir=paths.docs / GUIDE_FOLDER)


def generate(paths: Paths, search_index: bool = True) -> tuple[Handbook, list[str]]:
    """Load, validate, render and write handbook/; return the model and the files that changed.

    ``search_index=False`` keeps the search index already in handbook/ (the live preview
    refreshes it in the background with ``refresh_search_index``, since it takes a second).
    """
    handbook = load_handbook(paths)
    return handbook, write_pages(paths, handbook, search_index)


def write_pages(paths: Paths, handbook: Handbook, search_index: bool = True) -> list[str]:
    """Render the site's pages (and search index) and write handbook/; return what changed."""
    views = site_views(handbook)
    rendered = render_pages(views.pages, paths.templates)
    current_index = paths.docs / SEARCH_SCRIPT
    if search_index or not current_index.is_file():
        rendered[SEARCH_SCRIPT] = _search_script(paths, handbook, rendered)
    else:
        rendered[SEARCH_SCRIPT] = current_index.read_text(encoding="utf-8")
    placeholders = [OFFLINE_ZIP] + [document.path for document in print_documents(handbook)]
    output = docs_files(rendered, views.config, static_assets(paths), placeholders)
    return write_docs(output, paths.docs)


def refresh_search_index(paths: Paths) -> bool:
    """Rebuild handbook/'s search index from the current data; True if it changed."""
    handbook = load_handbook(paths)
    script = _search_script(paths, handbook, render_pages(site_views(handbook).pages, paths.templates))
    target = paths.docs / SEARCH_SCRIPT
    if target.is_file() and target.read_text(encoding="utf-8") == script:
        return False
    target.write_text(script, encoding="utf-8")
    return True


def _search_script(paths: Paths, handbook: Handbook, rendered: dict[str, str]) -> str:
    guide = {
        f"{GUIDE_FOLDER}/{name}": (paths.docs / GUIDE_FOLDER / name).read_text(encoding="utf-8")
        for name in handbook.guide_pages
    }
    return build_search_script({**rendered, **guide}, search_infos(handbook))


def build(paths: Paths, progress: Progress | None = None, with_pdfs: bool = True) -> list[ExportedFile]:
    """The whole build: handbook/, then the site with its PDFs and offline zip.

    The PDFs are exported by a child process started as soon as the data is valid, so they are
    typeset while the pages are rendered and MkDocs builds the site (two cores, both busy).
    ``with_pdfs=False`` leaves the PDF links pointing at empty stand-ins: for a quick look at
    the site while editing, and for tests of the site alone; never for publishing.
    """
    handbook = load_handbook(paths)
    pdf_folder = paths.site.with_name(paths.site.name + ".pdfs")
    shutil.rmtree(pdf_folder, ignore_errors=True)
    export = (
        BackgroundCall(export_pdfs, handbook, paths.templates, pdf_folder, progress, cache_dir=paths.cache)
        if with_pdfs
        else None
    )
    exported: list[ExportedFile] = []

    def wait_for_pdfs() -> Path:
        exported.extend(export.result())
        return pdf_folder

    try:
        write_pages(paths, handbook)
        build_site(
            paths.config,
            paths.docs,
            paths.site,
            archive_date=handbook.meta.edition,
            extra_files=wait_for_pdfs if export else None,
        )
    finally:
        if export:
            export.cancel()
        shutil.rmtree(pdf_folder, ignore_errors=True)
    return exported


def static_assets(paths: Paths) -> dict[str, Path]:
    """Files copied as they are into the docs folder: lunr.js and our stylesheet and scripts."""
    lunr_js = paths.node_modules / LUNR_JS
    if not lunr_js.is_file():
        raise HandbookError(
            [Problem(display_name(lunr_js), 0, "", "missing: run `make` to install the browser packages (npm ci)")],
            stage="write",
        )
    assets = {"assets/javascripts/lunr.min.js": lunr_js}
    for path in sorted((paths.templates / "assets").rglob("*")):
        if path.is_file():
            assets[f"assets/{path.relative_to(paths.templates / 'assets').as_posix()}"] = path
    return assets
