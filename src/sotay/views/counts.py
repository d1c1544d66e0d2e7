"""The numbers of the handbook, counted from the records: no wording here (see statistics.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Handbook
from ..schema import OfficialFigure


@dataclass(frozen=True)
class Counts:
    procedures: int
    tasks: int
    legal_documents: int
    verified: int  # procedures and tasks marked verified
    procedures_by_field_level: Counter[tuple[str, str]]
    # Keyed by (transfer type or None for authority a level always had, level id).
    procedures_by_transfer_level: Counter[tuple[str | None, str]]
    tasks_by_field_type: Counter[tuple[str, str]]
    tasks_by_type: Counter[str]

    @property
    def records(self) -> int:
        return self.procedures + self.tasks

    @property
    def needs_review(self) -> int:
        return self.records - self.verified


def count(handbook: Handbook) -> Counts:
    procedures, tasks = handbook.procedures, handbook.tasks
    return Counts(
        procedures=len(procedures),
        tasks=len(tasks),
        legal_documents=len(handbook.legal),
        verified=handbook.verified_count(),
        procedures_by_field_level=Counter((p.field, p.level) for p in procedures),
        procedures_by_transfer_level=Counter((p.transfer.type if p.transfer else None, p.level) for p in procedures),
        tasks_by_field_type=Counter((t.field, t.type) for t in tasks),
        tasks_by_type=Counter(t.type for t in tasks),
    )


def recorded(handbook: Handbook, figure: OfficialFigure) -> int:
    """How many records of the handbook the official figure counts (same kind, types and basis)."""
    if figure.counts == "procedures":
        records = [
            (p.transfer.type if p.transfer else None, {ref.document for ref in p.legal_basis} | _transfer_basis(p))
            for p in handbook.procedures
        ]
    else:
        records = [(t.type, {ref.document for ref in t.legal_basis}) for t in handbook.tasks]
    return sum(
        1
        for kind, cited in records
        if (not figure.types or kind in figure.types) and (figure.basis is None or figure.basis in cited)
    )


def _transfer_basis(procedure) -> set[str]:
    return {procedure.transfer.basis.document} if procedure.transfer else set()
