"""What is printed: every PDF the build writes, with what it holds, computed once per build.

The site reads the catalogue (download buttons and the downloads page link only PDFs that
exist) and the PDF export writes exactly its documents. A chapter or level with nothing to
print has no PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import addresses
from .model import Handbook
from .text import format_date


@dataclass(frozen=True)
class PrintDocument:
    """One PDF: which procedures and tasks it holds, in which form."""

    path: str  # under site/
    scope: Literal["book", "changes", "chapter", "level", "chapter-checklists", "checklist"]
    title: str
    subtitle: str
    procedures: tuple[str, ...]
    tasks: tuple[str, ...]
    level: str = ""  # the level whose excerpt this is (scope "level")

    @property
    def kind(self) -> Literal["book", "checklists"]:
        """How it is printed: "book" (cover, contents, chapter pages) or "checklists" (one a page)."""
        return "checklists" if self.scope in ("chapter-checklists", "checklist") else "book"


@dataclass(frozen=True)
class Catalogue:
    documents: tuple[PrintDocument, ...]

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(document.path for document in self.documents)

    def of_kind(self, kind: str) -> tuple[PrintDocument, ...]:
        return tuple(document for document in self.documents if document.kind == kind)

    def of_scope(self, scope: str) -> tuple[PrintDocument, ...]:
        return tuple(document for document in self.documents if document.scope == scope)


def print_catalogue(handbook: Handbook) -> Catalogue:
    """The whole book, each chapter, each level's excerpt, each chapter's checklists, each checklist."""
    meta, groups = handbook.meta, handbook.groups

    def codes(procedures) -> tuple[str, ...]:
        return tuple(procedure.code for procedure in procedures)

    def ids(tasks) -> tuple[str, ...]:
        return tuple(task.id for task in tasks)

    documents = [
        PrintDocument(
            addresses.BOOK_PDF, "book", meta.title, meta.subtitle or "", codes(handbook.procedures), ids(handbook.tasks)
        )
    ]
    if handbook.changes is not None:
        since = f"So với ấn bản ngày {format_date(handbook.changes.old_edition)} · {meta.title}"
        documents.append(PrintDocument(addresses.CHANGES_PDF, "changes", "Những điểm mới", since, (), ()))
    for number, field in enumerate(handbook.fields, start=1):
        procedures = codes(groups.procedures_by_field.get(field.id, ()))
        tasks = ids(groups.tasks_by_field.get(field.id, ()))
        if procedures or tasks:
            title = f"Chương {number}. {field.name}"
            documents.append(
                PrintDocument(addresses.chapter_pdf(field.id), "chapter", title, meta.title, procedures, tasks)
            )
    for level in handbook.levels:
        procedures = codes(groups.procedures_by_level.get(level.id, ()))
        tasks = ids(groups.tasks_by_level.get(level.id, ()))
        if procedures or tasks:
            title = f"Trích sổ tay: {level.name}"
            subtitle = f"Thủ tục và nhiệm vụ do {level.authority} thực hiện"
            documents.append(
                PrintDocument(addresses.level_pdf(level.id), "level", title, subtitle, procedures, tasks, level.id)
            )
    for field in handbook.fields:
        procedures = codes(groups.procedures_by_field.get(field.id, ()))
        if procedures:
            title = f"Phiếu kiểm tra hồ sơ: {field.name}"
            path = addresses.chapter_checklists_pdf(field.id)
            documents.append(PrintDocument(path, "chapter-checklists", title, meta.title, procedures, ()))
    for procedure in handbook.procedures:
        path = addresses.checklist_pdf(procedure.code)
        title = "Phiếu kiểm tra thành phần hồ sơ"
        documents.append(PrintDocument(path, "checklist", title, procedure.name, (procedure.code,), ()))
    return Catalogue(tuple(documents))
