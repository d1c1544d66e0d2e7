"""The statistics page: what it says about the counts (tables by field, level and transfer type,
coverage against the official totals, review status)."""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..model import Handbook
from .base import PageView, external_link
from .counts import Counts, count
from .wording import TRANSFER_NAMES

# Rows of the "by transfer type" table, in this order; None: authority the level always had.
PROCEDURE_TRANSFERS = ("phan-quyen", "phan-cap", "uy-quyen", None)
NO_TRANSFER = "Không chuyển giao (thẩm quyền sẵn có)"


def statistics_view(handbook: Handbook, counts: Counts) -> PageView:
    return PageView(addresses.STATISTICS, "statistics.md.j2", statistics_context(handbook, counts))


def statistics_context(handbook: Handbook, counts: Counts | None = None) -> dict[str, Any]:
    """Counts computed from the records: by field × level, by transfer type × level, review coverage."""
    counts = counts or count(handbook)
    levels = [level.id for level in handbook.levels]
    task_types = list(TRANSFER_NAMES)

    def row(name: str, cells: list[int]) -> dict[str, Any]:
        return {"name": name, "counts": cells, "total": sum(cells)}

    by_field_level, by_transfer = counts.procedures_by_field_level, counts.procedures_by_transfer_level
    return {
        "level_names": [handbook.level_by_id[level].name for level in levels],
        "procedures_by_field": [
            row(field.name, [by_field_level[(field.id, level)] for level in levels]) for field in handbook.fields
        ],
        "procedure_totals": [sum(by_field_level[(f.id, level)] for f in handbook.fields) for level in levels],
        "procedure_count": counts.procedures,
        "procedures_by_transfer": [
            row(TRANSFER_NAMES[kind] if kind else NO_TRANSFER, [by_transfer[(kind, level)] for level in levels])
            for kind in PROCEDURE_TRANSFERS
        ],
        "task_type_names": [TRANSFER_NAMES[kind] for kind in task_types],
        "tasks_by_field": [
            row(field.name, [counts.tasks_by_field_type[(field.id, kind)] for kind in task_types])
            for field in handbook.fields
        ],
        "task_totals": [sum(counts.tasks_by_field_type[(f.id, kind)] for f in handbook.fields) for kind in task_types],
        "task_count": counts.tasks,
        "legal_count": counts.legal_documents,
        "verified": counts.verified,
        "needs_review": counts.needs_review,
        "record_count": counts.records,
        "coverage": _coverage(handbook, counts),
    }


def _coverage(handbook: Handbook, counts: Counts) -> dict[str, Any] | None:
    """Recorded vs official figures, so editors see what is still missing."""
    totals = handbook.meta.official_totals
    if totals is None:
        return None

    def row(name: str, recorded: int, official: int) -> dict[str, Any]:
        share = f"{100 * recorded / official:.0f} %" if official else "—"
        return {"name": name, "recorded": recorded, "official": official, "share": share}

    return {
        "rows": [
            row("Thủ tục hành chính", counts.procedures, totals.procedures),
            row("Nhiệm vụ được chuyển giao", counts.tasks, totals.tasks),
            row("— trong đó phân quyền", counts.tasks_by_type["phan-quyen"], totals.tasks_phan_quyen),
            row("— trong đó phân cấp", counts.tasks_by_type["phan-cap"], totals.tasks_phan_cap),
        ],
        "summary": f"{counts.tasks} trên {totals.tasks} nhiệm vụ được ghi nhận",
        "source": external_link(totals.source),
    }
