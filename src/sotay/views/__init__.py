"""Stage 3 — views: compute everything the pages show, so templates only loop and print.

One module per kind of page. Each view is a ``PageView``: its path under the docs folder, its
template and a context of plain values (data text as ``str``, links as ``Link``), sorted,
resolved and formatted (dd/mm/yyyy, "05 ngày làm việc", "250.000 đồng"). Paths and anchors come
from ``addresses``; groupings from the model; which PDFs exist from the print catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import addresses
from ..catalogue import Catalogue
from ..model import Handbook
from ..snapshot import snapshot_of, snapshot_text
from .base import Link, PageView, external_link, link
from .changes import changes_view
from .chapter import field_view, level_view
from .counts import count
from .home import downloads_view, home_view
from .legal import legal_index_view
from .navigation import site_config
from .procedure import procedure_view
from .retired import redirect_files, retired_view
from .statistics import statistics_view
from .task import task_index_view, task_view

__all__ = ["Link", "PageView", "SiteViews", "external_link", "link", "procedure_view", "site_views", "task_view"]


@dataclass(frozen=True)
class SiteViews:
    pages: tuple[PageView, ...]
    # Settings MkDocs takes from the data (see mkdocs_hooks.py): name, URL, footer, assets, nav.
    config: dict[str, Any]
    # Files that are not pages, by path: the forwarding pages at renamed codes' old addresses,
    # and the dataset as JSON (the open-data download).
    files: dict[str, str]


def site_views(handbook: Handbook, catalogue: Catalogue) -> SiteViews:
    """Every generated page of the site, and MkDocs' settings from the data."""
    counts = count(handbook)
    pages = [
        home_view(handbook, counts),
        statistics_view(handbook, counts),
        legal_index_view(handbook),
        task_index_view(handbook),
        *(field_view(handbook, number, f.id, catalogue) for number, f in enumerate(handbook.fields, start=1)),
        *(level_view(handbook, level.id, catalogue) for level in handbook.levels),
        *(procedure_view(handbook, p) for p in handbook.procedures),
        *(task_view(handbook, t) for t in handbook.tasks),
        *(retired_view(handbook, record) for record in handbook.retired),
        downloads_view(handbook, catalogue),
    ]
    if handbook.changes is not None:
        pages.append(changes_view(handbook, handbook.changes))
    files = {**redirect_files(handbook), addresses.SNAPSHOT: snapshot_text(snapshot_of(handbook))}
    return SiteViews(pages=tuple(pages), config=site_config(handbook), files=files)
