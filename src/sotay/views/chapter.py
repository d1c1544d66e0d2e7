"""The page of a chapter (a field of work) and the page of a level: what each holds, and its PDFs."""

from __future__ import annotations

from .. import addresses
from ..catalogue import Catalogue
from ..model import Handbook
from .base import PageView, link
from .desk import desk_reference
from .wording import procedure_row, task_row


def field_view(handbook: Handbook, number: int, field_id: str, catalogue: Catalogue) -> PageView:
    page = addresses.field_page(field_id)
    field = handbook.field_by_id[field_id]
    downloads = (
        (addresses.chapter_pdf(field_id), "Tải chương này (PDF)"),
        (addresses.chapter_checklists_pdf(field_id), "Phiếu kiểm tra hồ sơ của chương (PDF)"),
    )
    context = {
        "number": number,
        "name": field.name,
        "description": field.description or "",
        "procedures": [procedure_row(page, handbook, p) for p in handbook.groups.procedures_by_field.get(field_id, ())],
        "tasks": [task_row(page, handbook, t) for t in handbook.groups.tasks_by_field.get(field_id, ())],
        "downloads": [link(page, title, path) for path, title in downloads if path in catalogue.paths],
    }
    return PageView(page, "field.md.j2", context)


def level_view(handbook: Handbook, level_id: str, catalogue: Catalogue) -> PageView:
    page = addresses.level_page(level_id)
    level = handbook.level_by_id[level_id]
    by_field_level = handbook.groups.procedures_by_field_level
    groups = [
        {
            "field": link(page, field.name, addresses.field_page(field.id)),
            "procedures": [procedure_row(page, handbook, p) for p in procedures],
        }
        for field in handbook.fields
        if (procedures := by_field_level.get((field.id, level_id)))
    ]
    excerpt = addresses.level_pdf(level_id)
    context = {
        "name": level.name,
        "authority": level.authority,
        "description": level.description or "",
        "procedure_count": sum(len(group["procedures"]) for group in groups),
        "groups": groups,
        "tasks": [task_row(page, handbook, t) for t in handbook.groups.tasks_by_level.get(level_id, ())],
        "desk": desk_reference(handbook, level_id, page),
        "downloads": (
            [link(page, f"Tải trích đoạn {level.name.lower()} (PDF)", excerpt)] if excerpt in catalogue.paths else []
        ),
    }
    return PageView(page, "level.md.j2", context)
