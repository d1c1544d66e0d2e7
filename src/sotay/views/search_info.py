"""What each page's search results show: its kind, code, field and level."""

from __future__ import annotations

from .. import addresses
from ..model import Handbook
from ..search import PageInfo
from .wording import shown_code


def search_infos(handbook: Handbook) -> dict[str, PageInfo]:
    infos: dict[str, PageInfo] = {}
    for p in handbook.procedures:
        field, level = handbook.field_by_id[p.field], handbook.level_by_id[p.level]
        infos[addresses.procedure_page(p.code)] = PageInfo(
            kind="procedure",
            code=shown_code(p.code),
            field_id=field.id,
            field_name=field.name,
            level_id=level.id,
            level_name=level.name,
            codes=(shown_code(p.code),) if shown_code(p.code) else (),
        )
    for t in handbook.tasks:
        field, level = handbook.field_by_id[t.field], handbook.level_by_id[t.to_level]
        infos[addresses.task_page(t.id)] = PageInfo(
            kind="task", field_id=field.id, field_name=field.name, level_id=level.id, level_name=level.name
        )
    for f in handbook.fields:
        infos[addresses.field_page(f.id)] = PageInfo(kind="chapter", field_id=f.id, field_name=f.name)
    for level in handbook.levels:
        infos[addresses.level_page(level.id)] = PageInfo(kind="level", level_id=level.id, level_name=level.name)
    for record in handbook.retired:
        infos[addresses.procedure_page(record.code)] = PageInfo(kind="retired", code=shown_code(record.code))
    infos[addresses.LEGAL_INDEX] = PageInfo(kind="legal", split_sections=True)
    if handbook.changes is not None:
        infos[addresses.CHANGES] = PageInfo(kind="changes", title_only=True)
    return infos
