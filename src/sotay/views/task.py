"""The page of one transferred task, and the list of all of them by receiving level."""

from __future__ import annotations

from .. import addresses
from ..model import Handbook
from ..schema import Task
from .base import PageView, external_link, link
from .changes import update_box
from .guidance import task_guidance
from .wording import TRANSFER_NAMES, legal_rows, procedure_row, review_view, task_row


def task_view(handbook: Handbook, task: Task) -> PageView:
    page = addresses.task_page(task.id)
    context = {
        "name": task.name,
        "description": task.description or "",
        "field": link(page, handbook.field_by_id[task.field].name, addresses.field_page(task.field)),
        "type": TRANSFER_NAMES[task.type],
        "from_authority": task.from_authority,
        "level": link(page, handbook.level_by_id[task.to_level].name, addresses.level_page(task.to_level)),
        "to_authority": task.to_authority,
        "legal": legal_rows(page, handbook, task.legal_basis),
        "procedures": [
            procedure_row(page, handbook, handbook.procedure_by_code[code]) for code in task.related_procedures
        ],
        "sources": [external_link(url) for url in task.sources],
        "review": review_view(task),
        "update": update_box(handbook, "task", task.id, page),
        "guidance": task_guidance(page, handbook, task.guidance),
    }
    return PageView(page, "task.md.j2", context)


def task_index_view(handbook: Handbook) -> PageView:
    page = addresses.TASK_INDEX
    groups = [
        {"level": level.name, "tasks": [task_row(page, handbook, t) for t in tasks]}
        for level in handbook.levels
        if (tasks := handbook.groups.tasks_by_level.get(level.id))
    ]
    return PageView(page, "task_index.md.j2", {"groups": groups, "count": len(handbook.tasks)})
