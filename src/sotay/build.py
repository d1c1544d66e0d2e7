"""The pipeline, top to bottom: load → validate → views → render → write → site → EPUB → PDFs → publish.

Everything is read and checked before anything is written; a problem at any stage raises
HandbookError and leaves the previous ``site/`` as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from . import addresses
from .background import SEARCH_INDEX, start_in_background
from .catalogue import Catalogue, print_catalogue
from .epub import write_epub
from .errors import HandbookError, Problem
from .load import display_name, load_dataset
from .local import provincial_edition
from .lock import OnWait, build_lock
from .model import Handbook
from .pdf import ExportedFile, Progress, export_pdfs
from .project import FINGERPRINT_FILE, Paths, fingerprint
from .publish import add_files, prune_unused_assets, remove_leftovers, replace_folder, working_folder, write_packages
from .render import render_pages
from .search import Vocabulary, build_search_script
from .site import mkdocs_build
from .validate import validate
from .views import SiteViews, site_views
from .views.search_info import search_infos
from .write import docs_files, write_docs, write_file

# What handbook/ holds as its search index while the first one is being built (replaced before publishing).
SEARCH_INDEX_STAND_IN = "/* sotay: chỉ mục tìm kiếm đang được dựng */\n"
# lunr.js, from the npm lock file: loads the prebuilt search index in the page.
LUNR_JS = Path("lunr/lunr.min.js")


def build(
    paths: Paths,
    progress: Progress | None = None,
    with_pdfs: bool = True,
    on_wait: OnWait | None = None,
    on_warning: Callable[[Problem], None] | None = None,
    edition: str | None = None,
) -> list[ExportedFile]:
    """The whole build: handbook/, then the site with its PDFs and offline zip, swapped in whole.

    ``with_pdfs=False`` leaves the PDF links pointing at empty stand-ins: for a quick look at
    the site while editing, and for tests of the site alone; never for publishing. ``edition``
    (a province id) builds that province's edition, into ``paths`` as ``Paths.for_edition`` gives.
    """
    with build_lock(paths.site.parent, on_wait):  # one build at a time in this folder
        remove_leftovers(paths.site)  # of builds that were interrupted
        inputs = fingerprint(paths)  # of what is read from here on
        handbook = printed = load_handbook(paths)  # load → validate: every problem at once, nothing written
        if edition is not None:  # the province's own values laid over the national text
            handbook = provincial_edition(printed, edition)
            printed = provincial_edition(printed, edition, centres_inline=False)  # centres on covers, checklists
        for warning in handbook.warnings if on_warning else ():
            on_warning(warning)
        catalogue = print_catalogue(handbook)  # every PDF, with what it holds
        # The PDFs are typeset by a child process from now on, while the pages are rendered and
        # MkDocs builds the site (two cores, both busy).
        pdf_folder, staging = working_folder(paths.site, "pdfs"), working_folder(paths.site, "new")
        export = (
            start_in_background(
                export_pdfs, printed, catalogue, paths.templates, pdf_folder, progress, cache_dir=paths.cache
            )
            if with_pdfs
            else None
        )
        search = None
        try:
            views, rendered = site_pages(paths, handbook, catalogue)  # views → render
            # The search index is built by a second child, beside MkDocs (the PDFs' child may be
            # done already: a province's edition typesets little); until then handbook/ keeps the
            # index it had, which MkDocs copies and the new one replaces.
            search = start_in_background(
                build_search_script, *search_inputs(paths, handbook, rendered), task=SEARCH_INDEX
            )
            write_docs_of(paths, views, rendered, catalogue, _current_index(paths))  # → handbook/
            mkdocs_build(paths.config, paths.docs, staging, handbook.meta.edition)  # → site.new-…/
            index = search.result().encode("utf-8")
            for folder in (paths.docs, staging):
                write_file(folder / addresses.SEARCH_INDEX_SCRIPT, index)
            write_epub(handbook, staging, paths.templates, staging / addresses.EPUB)  # from those pages
            exported = export.result() if export else []  # wait for the PDFs…
            add_files(pdf_folder, staging)  # … and lay them over their stand-ins
            prune_unused_assets(staging)  # Material's own search, source maps: nothing loads them
            downloads = [addresses.OFFLINE_ZIP, addresses.OFFLINE_WEB_ZIP, addresses.EPUB, *catalogue.paths]
            write_packages(staging, handbook.meta.edition, downloads)  # the zips, and their sizes for the pages
            (staging / FINGERPRINT_FILE).write_text(inputs if with_pdfs else "", encoding="ascii")
            replace_folder(staging, paths.site)  # site.new-…/ becomes site/ in one step
        finally:
            for child in (export, search):
                if child:
                    child.cancel()
            shutil.rmtree(pdf_folder, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)  # gone already if all went well
    return exported


def load_handbook(paths: Paths) -> Handbook:
    """Load and validate the dataset (the ``validate`` command)."""
    return validate(load_dataset(paths.data), guide_dir=paths.guide)


def render_handbook(
    paths: Paths, search_index: bool = True, on_wait: OnWait | None = None
) -> tuple[Handbook, list[str]]:
    """Load, validate, render and write handbook/ (the ``render`` command and the live preview).

    Returns the model and the files that changed. ``search_index=False`` keeps the search index
    already in handbook/: the live preview refreshes it after the pages, since it takes a second.
    """
    with build_lock(paths.site.parent, on_wait):
        handbook = load_handbook(paths)
        return handbook, write_handbook(paths, handbook, print_catalogue(handbook), search_index)


def write_handbook(paths: Paths, handbook: Handbook, catalogue: Catalogue, search_index: bool = True) -> list[str]:
    """Render the site's pages and search index and sync them into handbook/; return what changed."""
    views, rendered = site_pages(paths, handbook, catalogue)
    current_index = _current_index(paths)
    if search_index or current_index is None:
        current_index = search_index_script(paths, handbook, rendered)
    return write_docs_of(paths, views, rendered, catalogue, current_index)


def site_pages(paths: Paths, handbook: Handbook, catalogue: Catalogue) -> tuple[SiteViews, dict[str, str]]:
    """The views of every page and their Markdown (web flavour)."""
    views = site_views(handbook, catalogue)
    return views, render_pages(views.pages, paths.templates)


def _current_index(paths: Paths) -> str | None:
    current = paths.docs / addresses.SEARCH_INDEX_SCRIPT
    return current.read_text(encoding="utf-8") if current.is_file() else None


def write_docs_of(
    paths: Paths, views: SiteViews, rendered: dict[str, str], catalogue: Catalogue, index_script: str | None
) -> list[str]:
    """Sync the pages, the search index (a stand-in when there is none yet) and the assets into handbook/."""
    rendered = {**rendered, addresses.SEARCH_INDEX_SCRIPT: index_script or SEARCH_INDEX_STAND_IN}
    # Empty stand-ins for what is made after MkDocs has run, so that it checks the links to them.
    placeholders = [
        addresses.OFFLINE_ZIP,
        addresses.OFFLINE_WEB_ZIP,
        addresses.EPUB,
        *(document.path for document in catalogue.documents),
    ]
    output = docs_files({**rendered, **views.files}, views.config, static_assets(paths), placeholders)
    return write_docs(output, paths.docs)


def search_index_script(paths: Paths, handbook: Handbook, rendered: dict[str, str]) -> str:
    """The search index of the generated pages and the hand-written guide pages."""
    return build_search_script(*search_inputs(paths, handbook, rendered))


def search_inputs(paths: Paths, handbook: Handbook, rendered: dict[str, str]) -> tuple:
    """What the search index is made of: every page's Markdown, what each page is, the vocabulary."""
    guide = {
        addresses.guide_page(name): (paths.guide / name).read_text(encoding="utf-8") for name in handbook.guide_pages
    }
    vocabulary = Vocabulary([(entry.term, list(entry.everyday)) for entry in handbook.vocabulary])
    return {**rendered, **guide}, search_infos(handbook), vocabulary


def static_assets(paths: Paths) -> dict[str, Path]:
    """Files copied as they are into the docs folder: lunr.js and our stylesheet and scripts."""
    lunr_js = paths.node_modules / LUNR_JS
    if not lunr_js.is_file():
        raise HandbookError(
            [
                Problem(
                    display_name(lunr_js), 0, "", "thiếu tệp: hãy chạy `make` để cài các gói cho trình duyệt (npm ci)"
                )
            ],
            stage="write",
        )
    assets = {addresses.LUNR_SCRIPT: lunr_js}
    if paths.guide.resolve() != (paths.docs / addresses.GUIDE_FOLDER).resolve():
        # An edition's pages live in their own folder: the guide pages are copied in.
        for path in sorted(paths.guide.rglob("*")):
            if path.is_file():
                assets[f"{addresses.GUIDE_FOLDER}/{path.relative_to(paths.guide).as_posix()}"] = path
    for path in sorted((paths.templates / "assets").rglob("*")):
        if path.is_file():
            assets[f"assets/{path.relative_to(paths.templates / 'assets').as_posix()}"] = path
    return assets
