"""The index at the back of the book and of each level's excerpt, once the body's pages are known.

Two parts: the procedures the document holds, by code (provisional ones, which have no national
code yet, after them by name), and the legal documents with the printed pages that rest on
them — a procedure citing it (legal basis or transfer basis), or a task citing it (legal basis or
a step, violation or report of its guidance). Pages are the book's printed numbers, as in every
PDF; each page number links to the procedure or task it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import addresses
from ..catalogue import PrintDocument
from ..model import Handbook
from ..schema import LegalDocument, Task
from ..text import show_bidi_controls
from .plan import PrintPlan

INDEX_TITLE = "Chỉ mục"
# Index pages are numbered on their own, with this prefix (header and page labels), so that the
# body's page numbers stay the book's in every PDF.
INDEX_PAGE_PREFIX = "CM-"
# Kinds of legal document in the order a reader expects them (others after, by name).
_KIND_ORDER = ("Hiến pháp", "Luật", "Nghị quyết", "Pháp lệnh", "Nghị định", "Quyết định", "Thông tư")


@dataclass(frozen=True)
class IndexRow:
    label: str  # a code, or a legal document's kind and number
    text: str  # a procedure's name, or a legal document's title
    pages: tuple[tuple[int, str], ...]  # (printed page, named destination), in page order


@dataclass(frozen=True)
class IndexSection:
    title: str
    note: str
    layout: str  # "codes": code | name | page; "documents": number, title, pages
    rows: tuple[IndexRow, ...]


def scoped(document: PrintDocument) -> bool:
    """Which PDFs end with an index: the whole book and the level excerpts."""
    return document.scope in ("book", "level")


def back_index(
    handbook: Handbook, plan: PrintPlan, document: PrintDocument, pages: dict[str, int]
) -> tuple[IndexSection, ...]:
    """The index of ``document``; ``pages`` gives the printed page of every named destination."""
    keys = plan.keys(document)
    codes = [key[1] for key in keys if key[0] == "procedure"]
    tasks = [handbook.task_by_id[task] for key in keys if key[0] == "tasks" for task in plan.group_tasks[key]]
    sections: list[IndexSection] = []

    def row(code: str) -> IndexRow:
        dest = addresses.procedure_destination(code)
        name = show_bidi_controls(handbook.procedure_by_code[code].name)
        return IndexRow(code, name, ((pages[dest], dest),))

    official = sorted((c for c in codes if not c.startswith("tam-")), key=_code_order)
    if official:
        sections.append(IndexSection("Thủ tục hành chính theo mã", "", "codes", tuple(row(c) for c in official)))
    provisional = sorted((c for c in codes if c.startswith("tam-")), key=lambda c: handbook.procedure_by_code[c].name)
    if provisional:
        note = "Thủ tục chưa có mã trên Cổng Dịch vụ công quốc gia, xếp theo tên."
        rows = tuple(IndexRow("", row(c).text, row(c).pages) for c in provisional)
        sections.append(IndexSection("Thủ tục chưa có mã quốc gia", note, "codes", rows))

    resting: dict[str, set[tuple[int, str]]] = {}
    for code in codes:
        dest = addresses.procedure_destination(code)
        for legal_id in handbook.procedure_by_code[code].cited_documents():
            resting.setdefault(legal_id, set()).add((pages[dest], dest))
    for task in tasks:
        dest = addresses.task_destination(task.id)
        for legal_id in task_citations(task):
            resting.setdefault(legal_id, set()).add((pages[dest], dest))
    documents = sorted((handbook.legal_by_id[legal_id] for legal_id in resting), key=_legal_order)
    if documents:
        rows = tuple(
            IndexRow(f"{d.kind} {d.number}", show_bidi_controls(d.title), tuple(sorted(resting[d.id])))
            for d in documents
        )
        note = "Số trang là trang mở đầu của thủ tục hoặc nhiệm vụ dựa trên văn bản."
        sections.append(IndexSection("Văn bản pháp luật và các trang dựa trên văn bản", note, "documents", rows))
    return tuple(sections)


def task_citations(task: Task) -> set[str]:
    """The legal documents a task rests on: its legal basis and the bases in its guidance."""
    cited = {ref.document for ref in task.legal_basis}
    if task.guidance is not None:
        cited.update(basis.document for _part, _index, basis in task.guidance.bases())
    return cited


def split_index(sections: tuple[IndexSection, ...], weight: int) -> list[list[dict[str, object]]]:
    """The index in parts of about ``weight`` (a row counts 1, and 1 for every 10 page numbers it
    lists), as the JSON Typst reads; a section cut in two says so in the second part."""
    parts: list[list[dict[str, object]]] = [[]]
    load = 0
    for section in sections:
        continued = False
        rows: list[IndexRow] = []
        for row in section.rows:
            cost = 1 + len(row.pages) // 10
            if load and load + cost > weight:
                if rows:
                    parts[-1].append(_entry(section, rows, continued))
                    continued = True
                parts.append([])
                rows, load = [], 0
            rows.append(row)
            load += cost
        if rows:
            parts[-1].append(_entry(section, rows, continued))
    return [part for part in parts if part]


def _entry(section: IndexSection, rows: list[IndexRow], continued: bool) -> dict[str, object]:
    return {
        "title": section.title,
        "note": section.note,
        "layout": section.layout,
        "continued": continued,
        "rows": [
            {
                "label": row.label,
                "text": row.text,
                "pages": [{"page": str(page), "dest": dest} for page, dest in row.pages],
            }
            for row in rows
        ],
    }


def _code_order(code: str) -> tuple[int, ...]:
    # National codes read "1.011937", "2.002131": numeric parts, so 1.9 sorts before 1.10.
    return tuple(int(part) for part in code.split(".") if part.isdigit())


def _legal_order(document: LegalDocument) -> tuple[int, str, str]:
    kind = _KIND_ORDER.index(document.kind) if document.kind in _KIND_ORDER else len(_KIND_ORDER)
    return kind, document.signed.isoformat(), document.number
