"""The quick reference a level's desk answers citizens from: procedures other levels decide.

A commune official is asked first about procedures the province decides (an X-ray licence, a
postal licence): where to submit, how long, what it costs, who decides. ``desk_reference`` in
data/levels.yaml names the levels a level's page and printed excerpt list this way; the lines
are the procedure's own summary (``#tom-tat``), so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..model import Handbook
from .base import link
from .procedure import summary_lines
from .wording import shown_code

# The summary lines a row shows, by their label in the summary.
_COLUMNS = ("Nộp hồ sơ tại", "Thời hạn giải quyết", "Phí, lệ phí", "Cơ quan quyết định")


def desk_reference(handbook: Handbook, level_id: str, page: str) -> list[dict[str, Any]]:
    """One part per level named in the level's ``desk_reference``: its procedures by chapter."""
    level = handbook.level_by_id[level_id]
    parts = []
    for other_id in level.desk_reference:
        other = handbook.level_by_id[other_id]
        chapters = []
        for field in handbook.fields:
            procedures = handbook.groups.procedures_by_field_level.get((field.id, other_id), ())
            rows = []
            for procedure in procedures:
                lines = dict(summary_lines(handbook, procedure))
                code = shown_code(procedure.code)
                title = f"{procedure.name} ({code})" if code else procedure.name
                rows.append(
                    {
                        "procedure": link(page, title, addresses.procedure_page(procedure.code)),
                        **{f"column{index}": lines.get(name, "—") for index, name in enumerate(_COLUMNS)},
                    }
                )
            if rows:
                chapters.append({"field": field.name, "rows": rows})
        if chapters:
            parts.append(
                {
                    "level": other.name,
                    "authority": other.authority,
                    "count": sum(len(chapter["rows"]) for chapter in chapters),
                    "chapters": chapters,
                    "anchor": addresses.desk_anchor(other_id),
                }
            )
    return parts


def desk_title(handbook: Handbook, level_id: str) -> str:
    level = handbook.level_by_id[level_id]
    others = ", ".join(handbook.level_by_id[other].name.lower() for other in level.desk_reference)
    return f"Tra cứu nhanh cho cán bộ {level.name.lower()}: thủ tục {others}"
