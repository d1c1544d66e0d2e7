"""The home page and the downloads page: where a reader starts, and every file to take away."""

from __future__ import annotations

from .. import addresses
from ..catalogue import Catalogue
from ..model import Handbook
from ..text import format_date
from .base import PageView, link
from .counts import Counts
from .local import edition_view


def home_view(handbook: Handbook, counts: Counts) -> PageView:
    page = addresses.HOME
    meta, groups = handbook.meta, handbook.groups
    context = {
        "title": meta.title,
        "subtitle": meta.subtitle or "",
        "edition_section": addresses.EDITION_SECTION,
        "local": edition_view(handbook, page),
        "publisher": meta.publisher,
        "edition": format_date(meta.edition),
        "chapters": [
            {
                "number": number,
                "name": link(page, field.name, addresses.field_page(field.id)),
                "count": len(groups.procedures_by_field.get(field.id, ())),
            }
            for number, field in enumerate(handbook.fields, start=1)
        ],
        "levels": [
            {
                "name": link(page, level.name, addresses.level_page(level.id)),
                "count": len(groups.procedures_by_level.get(level.id, ())),
                "tasks": len(groups.tasks_by_level.get(level.id, ())),
            }
            for level in handbook.levels
        ],
        "guide": [
            link(page, handbook.guide_titles.get(name) or guide_title(name), addresses.guide_page(name))
            for name in handbook.guide_pages
        ],
        "procedure_count": counts.procedures,
        "task_count": counts.tasks,
        "needs_review": counts.needs_review,
        "tasks_link": link(page, "Nhiệm vụ được chuyển giao", addresses.TASK_INDEX),
        "legal_link": link(page, "Căn cứ pháp lý", addresses.LEGAL_INDEX),
        "statistics_link": link(page, "Thống kê", addresses.STATISTICS),
        "offline_zip": link(page, "Tải bản ngoại tuyến (.zip)", addresses.OFFLINE_ZIP),
        "changes_link": link(
            page,
            f"Những điểm mới so với ấn bản {format_date(handbook.changes.old_edition)}: {handbook.changes.summary()}",
            addresses.CHANGES,
        )
        if handbook.changes
        else None,
        "downloads_link": link(
            page, "Tải về: sổ tay PDF, từng chương, từng cấp, phiếu kiểm tra hồ sơ", addresses.DOWNLOADS
        ),
    }
    return PageView(page, "home.md.j2", context)


def guide_title(name: str) -> str:
    """A guide page's link text, from its file name: cach-su-dung.md → "Cach su dung"."""
    return name.removesuffix(".md").replace("-", " ").capitalize()


def downloads_view(handbook: Handbook, catalogue: Catalogue) -> PageView:
    """Every file to take away, each with its size (filled in by sotay-page.js from the build's figures)."""
    page = addresses.DOWNLOADS

    def item(text: str, path: str) -> dict:
        return {"link": link(page, text, path), "path": path}

    def items(scope: str) -> list:
        return [item(document.title, document.path) for document in catalogue.of_scope(scope)]

    context = {
        "book": item("Toàn bộ sổ tay (PDF)", addresses.BOOK_PDF),
        "chapters": items("chapter"),
        "levels": items("level"),
        "checklists": items("chapter-checklists"),
        "packages": [
            item("Trang web, dùng không cần mạng, không kèm PDF (.zip)", addresses.OFFLINE_WEB_ZIP),
            item("Trang web và mọi tệp PDF, dùng không cần mạng (.zip)", addresses.OFFLINE_ZIP),
        ],
        "changes": items("changes"),
        "epub": item("Toàn bộ sổ tay cho điện thoại và máy đọc sách (EPUB)", addresses.EPUB),
        "data": item("Toàn bộ dữ liệu của sổ tay (JSON)", addresses.SNAPSHOT),
        "edition": format_date(handbook.meta.edition),
    }
    return PageView(page, "downloads.md.j2", context)
