"""The statistics page: what it says about the counts (tables by field, level and transfer type,
coverage against the official totals, review status)."""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..model import Handbook
from .base import PageView, external_link
from .counts import Counts, count, recorded
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
        "coverage": _coverage(handbook),
    }


def _coverage(handbook: Handbook) -> dict[str, Any] | None:
    """Recorded vs official figures, each with what it counts and its source; what is known missing."""
    meta = handbook.meta
    if not meta.official_totals and not meta.known_missing:
        return None

    def row(figure) -> dict[str, Any]:
        count = recorded(handbook, figure)
        share = f"{100 * count / figure.value:.0f} %" if figure.value else "—"
        return {
            "name": figure.label,
            "recorded": count,
            "official": figure.value,
            "share": share,
            "source": external_link(figure.source),
            "note": figure.note or "",
        }

    return {
        "rows": [row(figure) for figure in meta.official_totals],
        "missing": [
            {
                "name": item.name,
                "field": handbook.field_by_id[item.field].name if item.field in handbook.field_by_id else "",
                "note": item.note or "",
                "source": external_link(item.source),
            }
            for item in meta.known_missing
        ],
        "retired": len(handbook.retired),
    }
