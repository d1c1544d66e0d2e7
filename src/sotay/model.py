"""The validated handbook, and the groupings every later stage reads from it.

``validate`` builds a ``Handbook``; its groupings (procedures by field, by level, by both; tasks
likewise; relations both ways; what rests on each legal document) are computed once, when the
model is made, so that pages, statistics, navigation and the PDFs never group the records again.
Every tuple keeps the book order: fields and levels as listed in their files, procedures with
national codes first, tasks by id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .errors import Problem
from .schema import (
    FieldOfWork,
    HandbookMeta,
    LegalDocument,
    Level,
    Procedure,
    Province,
    ProvinceOverlay,
    Retired,
    Task,
    VocabularyTerm,
)

if TYPE_CHECKING:
    from .changes import EditionChanges
    from .local import ProvincialEdition


@dataclass(frozen=True)
class Groupings:
    """Records grouped by the ids pages and PDFs are organised by (missing keys: nothing there)."""

    procedures_by_field: dict[str, tuple[Procedure, ...]]
    procedures_by_level: dict[str, tuple[Procedure, ...]]
    procedures_by_field_level: dict[tuple[str, str], tuple[Procedure, ...]]
    tasks_by_field: dict[str, tuple[Task, ...]]
    tasks_by_level: dict[str, tuple[Task, ...]]
    tasks_by_field_level: dict[tuple[str, str], tuple[Task, ...]]
    # A relation shows on both pages: the codes each procedure lists, plus those listing it.
    related: dict[str, tuple[str, ...]]
    # The procedures (by legal basis or transfer basis) and tasks that cite each legal document.
    procedures_citing: dict[str, tuple[Procedure, ...]]
    tasks_citing: dict[str, tuple[Task, ...]]


@dataclass(frozen=True)
class Handbook:
    """The validated dataset. Every reference in it resolves."""

    meta: HandbookMeta
    fields: tuple[FieldOfWork, ...]
    levels: tuple[Level, ...]
    procedures: tuple[Procedure, ...]
    tasks: tuple[Task, ...]
    legal: tuple[LegalDocument, ...]
    guide_pages: tuple[str, ...]
    # Things worth fixing that do not stop the build (tone-mark convention).
    warnings: tuple[Problem, ...]
    field_by_id: dict[str, FieldOfWork] = field(repr=False)
    level_by_id: dict[str, Level] = field(repr=False)
    procedure_by_code: dict[str, Procedure] = field(repr=False)
    legal_by_id: dict[str, LegalDocument] = field(repr=False)
    # Procedures no longer to follow (abolished, moved to another ministry, merged): their old
    # addresses still answer with a page saying what happened.
    retired: tuple[Retired, ...] = ()
    # Everyday words and abbreviations of the handbook's terms, for search (data/vocabulary.yaml).
    vocabulary: tuple[VocabularyTerm, ...] = ()
    # The 34 provinces and centrally-run cities (data/provinces.yaml, optional): the editions to come.
    provinces: tuple[Province, ...] = ()
    # What each province sets for itself (data/provinces/<id>.yaml), by province id: validated
    # with the rest, laid over the national text only in that province's edition (local.py).
    overlays: dict[str, ProvinceOverlay] = field(default_factory=dict, repr=False, compare=False)
    # The province whose edition this is (None: the national edition).
    edition: ProvincialEdition | None = field(default=None, repr=False, compare=False)
    # The first heading of each guide page (link texts on the home page).
    guide_titles: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Their Markdown, printed as the opening part of the book and of each level's excerpt.
    guide_texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # What changed since the previous edition named in data/handbook.yaml (None: none named).
    changes: EditionChanges | None = field(default=None, repr=False, compare=False)
    task_by_id: dict[str, Task] = field(init=False, repr=False, compare=False)
    groups: Groupings = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "task_by_id", {task.id: task for task in self.tasks})
        object.__setattr__(self, "groups", _group(self.procedures, self.tasks))

    @property
    def site_address(self) -> str | None:
        """The handbook's real public address, ending in "/", or None: absent or a placeholder."""
        return public_address(self.meta.site_url)

    def verified_count(self) -> int:
        """Procedures and tasks whose review status is "verified"."""
        return sum(1 for record in (*self.procedures, *self.tasks) if record.review.status == "verified")


# Host names that are never a real published site (RFC 2606 and 6761): a QR code or printed
# address pointing there is a dead end for whoever scans it.
_PLACEHOLDER_LABELS = {"example", "localhost", "test", "invalid", "local"}


def public_address(site_url: str | None) -> str | None:
    if not site_url:
        return None
    host = urlsplit(site_url).hostname or ""
    if _PLACEHOLDER_LABELS.intersection(host.split(".")):
        return None
    return site_url.rstrip("/") + "/"


def _group(procedures: tuple[Procedure, ...], tasks: tuple[Task, ...]) -> Groupings:
    by_field, by_level, by_field_level = defaultdict(list), defaultdict(list), defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    procedures_citing: dict[str, list[Procedure]] = defaultdict(list)
    for procedure in procedures:
        by_field[procedure.field].append(procedure)
        by_level[procedure.level].append(procedure)
        by_field_level[(procedure.field, procedure.level)].append(procedure)
        related[procedure.code].update(procedure.related)
        for code in procedure.related:
            related[code].add(procedure.code)
        for document in sorted(procedure.cited_documents()):
            procedures_citing[document].append(procedure)
    tasks_by_field, tasks_by_level, tasks_by_field_level = defaultdict(list), defaultdict(list), defaultdict(list)
    tasks_citing: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        tasks_by_field[task.field].append(task)
        tasks_by_level[task.to_level].append(task)
        tasks_by_field_level[(task.field, task.to_level)].append(task)
        for document in sorted({ref.document for ref in task.legal_basis}):
            tasks_citing[document].append(task)
    return Groupings(
        procedures_by_field=_frozen(by_field),
        procedures_by_level=_frozen(by_level),
        procedures_by_field_level=_frozen(by_field_level),
        tasks_by_field=_frozen(tasks_by_field),
        tasks_by_level=_frozen(tasks_by_level),
        tasks_by_field_level=_frozen(tasks_by_field_level),
        related={code: tuple(sorted(codes)) for code, codes in related.items() if codes},
        procedures_citing=_frozen(procedures_citing),
        tasks_citing=_frozen(tasks_citing),
    )


def _frozen(groups: dict) -> dict:
    return {key: tuple(members) for key, members in groups.items()}
