"""What MkDocs takes from the data (through the hook, see mkdocs_hooks.py): name, URL, footer,
the files every page loads, and the whole ``nav:``."""

from __future__ import annotations

import html
import re
from typing import Any

from .. import addresses
from ..model import Handbook
from ..text import format_date


def site_config(handbook: Handbook) -> dict[str, Any]:
    meta = handbook.meta
    return {
        # An edition names its province first: a narrow header shows only the start.
        "site_name": f"{handbook.edition.title} · {meta.title}" if handbook.edition else meta.title,
        # No address (or a placeholder): MkDocs then writes no canonical links and a sitemap of
        # relative paths, rather than addresses that lead nowhere.
        "site_url": handbook.site_address,
        "copyright": html.escape(f"{meta.publisher} · Ấn bản dữ liệu ngày {format_date(meta.edition)}"),
        "extra_css": list(addresses.STYLESHEETS),
        "extra_javascript": list(addresses.JAVASCRIPTS),
        "nav": navigation(handbook),
    }


def navigation(handbook: Handbook) -> list[Any]:
    """MkDocs ``nav:`` from the data: chapters in the order of fields.yaml, then levels, tasks, indexes."""
    chapters = []
    for number, field in enumerate(handbook.fields, start=1):
        entries: list[Any] = [{_nav_title(field.name): addresses.field_page(field.id)}]
        for p in handbook.groups.procedures_by_field.get(field.id, ()):
            title = p.name if p.code.startswith("tam-") else f"{p.code} {p.name}"
            entries.append({_nav_title(title): addresses.procedure_page(p.code)})
        chapters.append({_nav_title(f"{number}. {field.name}"): entries})
    nav: list[Any] = [{"Trang chủ": addresses.HOME}]
    if handbook.changes is not None:
        nav.append({"Những điểm mới": addresses.CHANGES})
    if handbook.guide_pages:
        nav.append({"Hướng dẫn": [addresses.guide_page(name) for name in handbook.guide_pages]})
    nav.append({"Thủ tục theo lĩnh vực": chapters})
    nav.append(
        {"Theo cấp thực hiện": [{_nav_title(level.name): addresses.level_page(level.id)} for level in handbook.levels]}
    )
    tasks = [{_nav_title(t.name): addresses.task_page(t.id)} for t in handbook.tasks]
    nav.append({"Nhiệm vụ chuyển giao": [{"Danh sách nhiệm vụ": addresses.TASK_INDEX}, *tasks]})
    if handbook.retired:
        retired = [{_nav_title(r.name): addresses.procedure_page(r.code)} for r in handbook.retired]
        nav.append({"Thủ tục không còn áp dụng": retired})
    nav.append({"Căn cứ pháp lý": addresses.LEGAL_INDEX})
    nav.append({"Thống kê": addresses.STATISTICS})
    nav.append({"Tải về": addresses.DOWNLOADS})
    return nav


def _nav_title(text: str) -> str:
    # MkDocs' theme environment does not autoescape, so a title taken from the data is
    # HTML-escaped here; it is also shortened and kept on one line.
    text = re.sub(r"\s+", " ", text).strip()
    text = text if len(text) <= 90 else text[:87].rstrip() + "…"
    return html.escape(text)
