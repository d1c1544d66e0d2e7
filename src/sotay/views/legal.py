"""The legal-basis index: every document cited, and the procedures and tasks resting on it."""

from __future__ import annotations

from .. import addresses
from ..model import Handbook
from ..text import format_date
from .base import PageView, external_link
from .wording import procedure_row, task_row


def legal_index_view(handbook: Handbook) -> PageView:
    page = addresses.LEGAL_INDEX
    groups = handbook.groups
    documents = [
        {
            "number": document.number,
            "id": addresses.legal_anchor(document.id),
            "kind": document.kind,
            "title": document.title,
            "issuer": document.issuer,
            "signed": format_date(document.signed),
            "effective_from": format_date(document.effective_from) if document.effective_from else "",
            "effective_to": format_date(document.effective_to) if document.effective_to else "",
            "note": document.note or "",
            "procedures": [procedure_row(page, handbook, p) for p in groups.procedures_citing.get(document.id, ())],
            "tasks": [task_row(page, handbook, t) for t in groups.tasks_citing.get(document.id, ())],
            "sources": [external_link(url) for url in document.sources],
        }
        for document in handbook.legal
    ]
    return PageView(page, "legal_index.md.j2", {"documents": documents})
