"""Stage 3a — views: compute everything the pages show, so templates only loop and print.

Each page is a ``PageView``: its path under the docs folder, the template that renders it and
a context of plain values. Data text stays ``str`` and links are ``Link`` values: the renderer
escapes and resolves both for its flavour (web or print), so nothing here writes Markdown.
Page paths and anchors come from ids in the data, never from titles, so links stay stable
when a name is reworded.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .schema import Channel, Fee, LegalRef, Procedure, Task
from .text import format_count, format_date, format_duration, format_money, sum_durations
from .validate import Handbook

HOME = "index.md"
LEGAL_INDEX = "van-ban.md"
STATISTICS = "thong-ke.md"
TASK_INDEX = "nhiem-vu/index.md"
GUIDE_FOLDER = "huong-dan"
# The offline package is written after the site is built; this path is also its link target.
OFFLINE_ZIP = "tai-ve/so-tay-nghiep-vu-offline.zip"


@dataclass(frozen=True)
class Section:
    letter: str
    title: str
    # Written explicitly as {#id} so it never depends on the heading text or on a slugify
    # that drops "đ"; the print output uses the same ids (prefixed by the code in a book).
    anchor: str


# The content items of a procedure, in the official a–l order (there is no f or j).
SECTIONS = (
    Section("a", "Trình tự thực hiện", "trinh-tu-thuc-hien"),
    Section("b", "Cách thức thực hiện", "cach-thuc-thuc-hien"),
    Section("c", "Thành phần, số lượng hồ sơ", "thanh-phan-ho-so"),
    Section("d", "Thời hạn giải quyết", "thoi-han-giai-quyet"),
    Section("đ", "Đối tượng thực hiện", "doi-tuong-thuc-hien"),
    Section("e", "Cơ quan thực hiện", "co-quan-thuc-hien"),
    Section("g", "Kết quả thực hiện", "ket-qua-thuc-hien"),
    Section("h", "Phí, lệ phí", "phi-le-phi"),
    Section("i", "Mẫu đơn, mẫu tờ khai", "mau-don-to-khai"),
    Section("k", "Yêu cầu, điều kiện thực hiện", "yeu-cau-dieu-kien"),
    Section("l", "Căn cứ pháp lý", "can-cu-phap-ly"),
)

METHOD_NAMES = {"truc-tiep": "Trực tiếp", "truc-tuyen": "Trực tuyến", "buu-chinh": "Dịch vụ bưu chính"}
TRANSFER_NAMES = {
    "phan-quyen": "Phân quyền",
    "phan-cap": "Phân cấp",
    "uy-quyen": "Ủy quyền",
    "phan-dinh": "Phân định thẩm quyền",
}
ONLINE_NAMES = {"toan-trinh": "Toàn trình", "mot-phan": "Một phần", None: "Không cung cấp trực tuyến"}
REVIEW_NAMES = {"verified": "Đã rà soát", "needs-review": "Cần rà soát"}
FEE_NAMES = {"phi": "Phí", "le-phi": "Lệ phí"}


@dataclass(frozen=True)
class PageView:
    path: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class SiteViews:
    pages: tuple[PageView, ...]
    # Settings MkDocs takes from the data (see mkdocs_hooks.py): name, URL, footer, nav.
    config: dict[str, Any]


# --- paths and links --------------------------------------------------------------------------


def procedure_path(code: str) -> str:
    return f"thu-tuc/{code}.md"


def field_path(field_id: str) -> str:
    return f"linh-vuc/{field_id}.md"


def level_path(level_id: str) -> str:
    return f"cap/{level_id}.md"


def task_path(task_id: str) -> str:
    return f"nhiem-vu/{task_id}.md"


def relative(source_page: str, target: str, anchor: str | None = None) -> str:
    url = posixpath.relpath(target, posixpath.dirname(source_page) or ".")
    return f"{url}#{anchor}" if anchor else url


@dataclass(frozen=True)
class Link:
    """A link as data; the renderer escapes the text and makes the URL for its flavour.

    ``target`` is a page path under the docs folder (``thu-tuc/1.011937.md``) or a web address;
    ``page`` is the page the link appears on, for relative URLs on the web.
    """

    text: str
    target: str
    page: str = ""
    anchor: str | None = None

    @property
    def external(self) -> bool:
        return self.target.startswith(("http://", "https://"))


def link(source_page: str, text: str, target: str, anchor: str | None = None) -> Link:
    return Link(text=text, target=target, page=source_page, anchor=anchor)


def external_link(url: str) -> Link:
    return Link(text=url, target=url)


# --- formatting -------------------------------------------------------------------------------


def _fee_text(fee: Fee) -> str:
    label = fee.name or FEE_NAMES[fee.kind]
    parts = [f"{label}: {format_money(fee.amount)}" if fee.amount is not None else f"{label}:"]
    if fee.note:
        parts.append(f"({fee.note})" if fee.amount is not None else fee.note)
    return " ".join(parts)


def _channel_view(channel: Channel) -> dict[str, Any]:
    time = format_duration(channel.time.value, channel.time.unit)
    if channel.time.counted_from:
        time += f" kể từ {channel.time.counted_from}"
    return {
        "method": METHOD_NAMES[channel.method],
        "time": time,
        "sub_deadlines": [
            f"{format_duration(item.value, item.unit)} để {item.purpose}" for item in channel.sub_deadlines
        ],
        "fees": [_fee_text(fee) for fee in channel.fees] or ["Không"],
        "note": channel.note or "",
    }


def _review_view(record: Procedure | Task) -> dict[str, Any]:
    return {
        "verified": record.review.status == "verified",
        "status": REVIEW_NAMES[record.review.status],
        "date": format_date(record.review.date),
        "note": record.review.note or "",
    }


def _legal_rows(page: str, handbook: Handbook, refs: list[LegalRef] | tuple[LegalRef, ...]) -> list[dict[str, Any]]:
    rows = []
    for ref in refs:
        document = handbook.legal_by_id[ref.document]
        rows.append(
            {
                "number": link(page, document.number, LEGAL_INDEX, document.id),
                "title": document.title,
                "article": ref.article or "",
                "signed": format_date(document.signed),
                "issuer": document.issuer,
            }
        )
    return rows


def _procedure_list_item(page: str, handbook: Handbook, procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": link(page, procedure.name, procedure_path(procedure.code)),
        "field": handbook.field_by_id[procedure.field].name,
        "level": handbook.level_by_id[procedure.level].name,
        "status": REVIEW_NAMES[procedure.review.status],
    }


def _task_list_item(page: str, handbook: Handbook, task: Task) -> dict[str, Any]:
    return {
        "name": link(page, task.name, task_path(task.id)),
        "field": handbook.field_by_id[task.field].name,
        "level": handbook.level_by_id[task.to_level].name,
        "type": TRANSFER_NAMES[task.type],
        "status": REVIEW_NAMES[task.review.status],
    }


# --- pages ------------------------------------------------------------------------------------


def procedure_view(handbook: Handbook, procedure: Procedure, related_from: dict[str, set[str]]) -> PageView:
    page = procedure_path(procedure.code)
    field = handbook.field_by_id[procedure.field]
    level = handbook.level_by_id[procedure.level]

    steps, elapsed = [], 0
    all_working_days = all(step.time is None or step.time.unit == "working_day" for step in procedure.steps)
    for number, step in enumerate(procedure.steps, start=1):
        time = format_duration(step.time.value, step.time.unit) if step.time else ""
        milestone = ""
        if step.time and all_working_days and step.time.value:
            milestone = f"ngày {elapsed + 1}–{elapsed + step.time.value}"
            elapsed += step.time.value
        steps.append(
            {
                "number": number,
                "actor": step.actor,
                "action": step.action,
                "time": time or "—",
                "milestone": milestone or "—",
            }
        )
    timed = [(step.time.value, step.time.unit) for step in procedure.steps if step.time]

    forms = [
        {"form": document.form.name, "source": document.form.source or "", "document": document.name}
        for case in procedure.dossier.cases
        for document in case.documents
        if document.form
    ]
    authority = procedure.authority
    authority_rows = [
        ("Cơ quan có thẩm quyền", authority.competent),
        ("Cơ quan thực hiện", "; ".join(authority.implementing)),
        ("Nơi tiếp nhận hồ sơ", authority.receiving),
    ]
    if authority.delegated:
        authority_rows.append(("Cơ quan được ủy quyền", "; ".join(authority.delegated)))
    if authority.coordinating:
        authority_rows.append(("Cơ quan phối hợp", "; ".join(authority.coordinating)))

    transfer = None
    if procedure.transfer:
        basis = handbook.legal_by_id[procedure.transfer.basis.document]
        transfer = {
            "type": TRANSFER_NAMES[procedure.transfer.type],
            "from": procedure.transfer.from_authority,
            "article": procedure.transfer.basis.article or "",
            "document": link(page, basis.number, LEGAL_INDEX, basis.id),
        }

    related_codes = sorted(set(procedure.related) | related_from.get(procedure.code, set()))
    related = [
        link(page, f"{code} — {handbook.procedure_by_code[code].name}", procedure_path(code)) for code in related_codes
    ]
    context = {
        "code": procedure.code,
        "provisional": procedure.code.startswith("tam-"),
        "name": procedure.name,
        "field": link(page, field.name, field_path(field.id)),
        "level": link(page, level.name, level_path(level.id)),
        "procedure_type": procedure.procedure_type or "",
        "decision": procedure.decision or "",
        "online_service": ONLINE_NAMES[procedure.online_service],
        "keywords": ", ".join(procedure.keywords),
        "checklist": link(page, "In phiếu kiểm tra hồ sơ (PDF)", checklist_pdf(procedure.code)),
        "review": _review_view(procedure),
        "sections": {section.letter: section for section in SECTIONS},
        "steps": steps,
        "steps_total": sum_durations(timed),
        "channels": [_channel_view(channel) for channel in procedure.channels],
        "dossier": {
            "cases": [
                {
                    "title": case.case,
                    "documents": [
                        {
                            "number": number,
                            "name": document.name,
                            "form": document.form.name if document.form else "",
                            "originals": document.originals,
                            "copies": document.copies,
                            "note": document.note or "",
                        }
                        for number, document in enumerate(case.documents, start=1)
                    ],
                }
                for case in procedure.dossier.cases
            ],
            "sets": f"{format_count(procedure.dossier.sets)} bộ" if procedure.dossier.sets else "",
            "note": procedure.dossier.note or "",
        },
        "applicants": list(procedure.applicants),
        "authority": authority_rows,
        "transfer": transfer,
        "results": list(procedure.results),
        "forms": forms,
        "conditions": list(procedure.conditions),
        "legal": _legal_rows(page, handbook, procedure.legal_basis),
        "related": related,
        "sources": [external_link(url) for url in procedure.sources],
    }
    return PageView(page, "procedure.md.j2", context)


def field_view(handbook: Handbook, number: int, field_id: str, pdf_paths: set[str]) -> PageView:
    page = field_path(field_id)
    field = handbook.field_by_id[field_id]
    procedures = [p for p in handbook.procedures if p.field == field_id]
    tasks = [t for t in handbook.tasks if t.field == field_id]
    context = {
        "number": number,
        "name": field.name,
        "description": field.description or "",
        "procedures": [_procedure_list_item(page, handbook, p) for p in procedures],
        "tasks": [_task_list_item(page, handbook, t) for t in tasks],
        "downloads": [
            link(page, title, path)
            for path, title in (
                (chapter_pdf(field_id), "Tải chương này (PDF)"),
                (chapter_checklists_pdf(field_id), "Phiếu kiểm tra hồ sơ của chương (PDF)"),
            )
            if path in pdf_paths
        ],
    }
    return PageView(page, "field.md.j2", context)


def level_view(handbook: Handbook, level_id: str, pdf_paths: set[str]) -> PageView:
    page = level_path(level_id)
    level = handbook.level_by_id[level_id]
    groups = []
    for field in handbook.fields:
        procedures = [p for p in handbook.procedures if p.level == level_id and p.field == field.id]
        if procedures:
            groups.append(
                {
                    "field": link(page, field.name, field_path(field.id)),
                    "procedures": [_procedure_list_item(page, handbook, p) for p in procedures],
                }
            )
    tasks = [t for t in handbook.tasks if t.to_level == level_id]
    context = {
        "name": level.name,
        "authority": level.authority,
        "description": level.description or "",
        "procedure_count": sum(len(group["procedures"]) for group in groups),
        "groups": groups,
        "tasks": [_task_list_item(page, handbook, t) for t in tasks],
        "downloads": (
            [link(page, f"Tải trích đoạn {level.name.lower()} (PDF)", level_pdf(level_id))]
            if level_pdf(level_id) in pdf_paths
            else []
        ),
    }
    return PageView(page, "level.md.j2", context)


def task_view(handbook: Handbook, task: Task) -> PageView:
    page = task_path(task.id)
    context = {
        "name": task.name,
        "description": task.description or "",
        "field": link(page, handbook.field_by_id[task.field].name, field_path(task.field)),
        "type": TRANSFER_NAMES[task.type],
        "from_authority": task.from_authority,
        "level": link(page, handbook.level_by_id[task.to_level].name, level_path(task.to_level)),
        "to_authority": task.to_authority,
        "legal": _legal_rows(page, handbook, task.legal_basis),
        "procedures": [
            _procedure_list_item(page, handbook, handbook.procedure_by_code[code]) for code in task.related_procedures
        ],
        "sources": [external_link(url) for url in task.sources],
        "review": _review_view(task),
    }
    return PageView(page, "task.md.j2", context)


def task_index_view(handbook: Handbook) -> PageView:
    page = TASK_INDEX
    groups = []
    for level in handbook.levels:
        tasks = [t for t in handbook.tasks if t.to_level == level.id]
        if tasks:
            groups.append({"level": level.name, "tasks": [_task_list_item(page, handbook, t) for t in tasks]})
    return PageView(page, "task_index.md.j2", {"groups": groups, "count": len(handbook.tasks)})


def legal_index_view(handbook: Handbook) -> PageView:
    page = LEGAL_INDEX
    documents = []
    for document in handbook.legal:
        procedures = [
            p
            for p in handbook.procedures
            if any(ref.document == document.id for ref in p.legal_basis)
            or (p.transfer and p.transfer.basis.document == document.id)
        ]
        tasks = [t for t in handbook.tasks if any(ref.document == document.id for ref in t.legal_basis)]
        documents.append(
            {
                "number": document.number,
                "id": document.id,
                "kind": document.kind,
                "title": document.title,
                "issuer": document.issuer,
                "signed": format_date(document.signed),
                "effective_from": format_date(document.effective_from) if document.effective_from else "",
                "effective_to": format_date(document.effective_to) if document.effective_to else "",
                "note": document.note or "",
                "procedures": [_procedure_list_item(page, handbook, p) for p in procedures],
                "tasks": [_task_list_item(page, handbook, t) for t in tasks],
                "sources": [external_link(url) for url in document.sources],
            }
        )
    return PageView(page, "legal_index.md.j2", {"documents": documents})


def statistics(handbook: Handbook) -> dict[str, Any]:
    """Counts computed from the records: by field × level, by transfer type × level, review coverage."""
    levels = [level.id for level in handbook.levels]
    by_field_level = Counter((p.field, p.level) for p in handbook.procedures)
    by_transfer_level = Counter((p.transfer.type if p.transfer else None, p.level) for p in handbook.procedures)
    tasks_by_field_type = Counter((t.field, t.type) for t in handbook.tasks)
    task_types = list(TRANSFER_NAMES)
    records = list(handbook.procedures) + list(handbook.tasks)
    verified = sum(1 for record in records if record.review.status == "verified")
    return {
        "level_names": [handbook.level_by_id[level].name for level in levels],
        "procedures_by_field": [
            {
                "name": field.name,
                "counts": [by_field_level[(field.id, level)] for level in levels],
                "total": sum(by_field_level[(field.id, level)] for level in levels),
            }
            for field in handbook.fields
        ],
        "procedure_totals": [sum(by_field_level[(f.id, level)] for f in handbook.fields) for level in levels],
        "procedure_count": len(handbook.procedures),
        "procedures_by_transfer": [
            {
                "name": TRANSFER_NAMES[kind] if kind else "Không chuyển giao (thẩm quyền sẵn có)",
                "counts": [by_transfer_level[(kind, level)] for level in levels],
                "total": sum(by_transfer_level[(kind, level)] for level in levels),
            }
            for kind in ["phan-quyen", "phan-cap", "uy-quyen", None]
        ],
        "task_type_names": [TRANSFER_NAMES[kind] for kind in task_types],
        "tasks_by_field": [
            {
                "name": field.name,
                "counts": [tasks_by_field_type[(field.id, kind)] for kind in task_types],
                "total": sum(tasks_by_field_type[(field.id, kind)] for kind in task_types),
            }
            for field in handbook.fields
        ],
        "task_totals": [sum(tasks_by_field_type[(f.id, kind)] for f in handbook.fields) for kind in task_types],
        "task_count": len(handbook.tasks),
        "legal_count": len(handbook.legal),
        "verified": verified,
        "needs_review": len(records) - verified,
        "record_count": len(records),
        "coverage": _coverage(handbook),
    }


def _coverage(handbook: Handbook) -> dict[str, Any] | None:
    """Recorded vs official figures, so editors see what is still missing."""
    totals = handbook.meta.official_totals
    if totals is None:
        return None
    by_type = Counter(t.type for t in handbook.tasks)

    def row(name: str, recorded: int, official: int) -> dict[str, Any]:
        share = f"{100 * recorded / official:.0f} %" if official else "—"
        return {"name": name, "recorded": recorded, "official": official, "share": share}

    return {
        "rows": [
            row("Thủ tục hành chính", len(handbook.procedures), totals.procedures),
            row("Nhiệm vụ được chuyển giao", len(handbook.tasks), totals.tasks),
            row("— trong đó phân quyền", by_type["phan-quyen"], totals.tasks_phan_quyen),
            row("— trong đó phân cấp", by_type["phan-cap"], totals.tasks_phan_cap),
        ],
        "summary": f"{len(handbook.tasks)} trên {totals.tasks} nhiệm vụ được ghi nhận",
        "source": external_link(totals.source),
    }


def statistics_view(handbook: Handbook) -> PageView:
    return PageView(STATISTICS, "statistics.md.j2", statistics(handbook))


def home_view(handbook: Handbook) -> PageView:
    page = HOME
    meta = handbook.meta
    stats = statistics(handbook)
    return PageView(
        page,
        "home.md.j2",
        {
            "title": meta.title,
            "subtitle": meta.subtitle or "",
            "publisher": meta.publisher,
            "edition": format_date(meta.edition),
            "chapters": [
                {
                    "number": number,
                    "name": link(page, field.name, field_path(field.id)),
                    "count": sum(1 for p in handbook.procedures if p.field == field.id),
                }
                for number, field in enumerate(handbook.fields, start=1)
            ],
            "levels": [
                {
                    "name": link(page, level.name, level_path(level.id)),
                    "count": sum(1 for p in handbook.procedures if p.level == level.id),
                    "tasks": sum(1 for t in handbook.tasks if t.to_level == level.id),
                }
                for level in handbook.levels
            ],
            "guide": [link(page, _guide_title(name), f"{GUIDE_FOLDER}/{name}") for name in handbook.guide_pages],
            "procedure_count": stats["procedure_count"],
            "task_count": stats["task_count"],
            "needs_review": stats["needs_review"],
            "tasks_link": link(page, "Nhiệm vụ được chuyển giao", TASK_INDEX),
            "legal_link": link(page, "Căn cứ pháp lý", LEGAL_INDEX),
            "statistics_link": link(page, "Thống kê", STATISTICS),
            "offline_zip": link(page, "Tải bản ngoại tuyến (.zip)", OFFLINE_ZIP),
            "downloads_link": link(page, "Tải về: sổ tay PDF, từng chương, từng cấp, phiếu kiểm tra hồ sơ", DOWNLOADS),
        },
    )


def _guide_title(name: str) -> str:
    return name.removesuffix(".md").replace("-", " ").capitalize()


# --- the whole site ---------------------------------------------------------------------------


def related_index(handbook: Handbook) -> dict[str, set[str]]:
    """For each procedure, the procedures that list it as related (relations show both ways)."""
    related_from: dict[str, set[str]] = {}
    for procedure in handbook.procedures:
        for code in procedure.related:
            related_from.setdefault(code, set()).add(procedure.code)
    return related_from


def site_views(handbook: Handbook) -> SiteViews:
    related_from = related_index(handbook)
    # Which PDFs exist (a chapter or level with no content has none), for the download buttons.
    pdf_paths = {document.path for document in print_documents(handbook)}

    pages = [home_view(handbook), statistics_view(handbook), legal_index_view(handbook), task_index_view(handbook)]
    pages += [field_view(handbook, number, f.id, pdf_paths) for number, f in enumerate(handbook.fields, start=1)]
    pages += [level_view(handbook, level.id, pdf_paths) for level in handbook.levels]
    pages += [procedure_view(handbook, p, related_from) for p in handbook.procedures]
    pages += [task_view(handbook, t) for t in handbook.tasks]
    pages.append(downloads_view(handbook))
    meta = handbook.meta
    config = {
        "site_name": meta.title,
        "site_url": meta.site_url.rstrip("/") + "/",
        "copyright": html.escape(f"{meta.publisher} · Ấn bản dữ liệu ngày {format_date(meta.edition)}"),
        "nav": navigation(handbook),
    }
    return SiteViews(pages=tuple(pages), config=config)


def navigation(handbook: Handbook) -> list[Any]:
    """MkDocs ``nav:`` from the data: chapters in the order of fields.yaml, then levels, tasks, indexes."""
    chapters = []
    for number, field in enumerate(handbook.fields, start=1):
        entries: list[Any] = [{_nav_title(field.name): field_path(field.id)}]
        entries += [
            {_nav_title(p.name if p.code.startswith("tam-") else f"{p.code} {p.name}"): procedure_path(p.code)}
            for p in handbook.procedures
            if p.field == field.id
        ]
        chapters.append({_nav_title(f"{number}. {field.name}"): entries})
    nav: list[Any] = [{"Trang chủ": HOME}]
    if handbook.guide_pages:
        nav.append({"Hướng dẫn": [f"{GUIDE_FOLDER}/{name}" for name in handbook.guide_pages]})
    nav.append({"Thủ tục theo lĩnh vực": chapters})
    nav.append({"Theo cấp thực hiện": [{_nav_title(level.name): level_path(level.id)} for level in handbook.levels]})
    nav.append(
        {
            "Nhiệm vụ chuyển giao": [{"Danh sách nhiệm vụ": TASK_INDEX}]
            + [{_nav_title(t.name): task_path(t.id)} for t in handbook.tasks]
        }
    )
    nav.append({"Căn cứ pháp lý": LEGAL_INDEX})
    nav.append({"Thống kê": STATISTICS})
    nav.append({"Tải về": DOWNLOADS})
    return nav


def _nav_title(text: str) -> str:
    # MkDocs' theme environment does not autoescape, so a title taken from the data is
    # HTML-escaped here; it is also shortened and kept on one line.
    text = re.sub(r"\s+", " ", text).strip()
    text = text if len(text) <= 90 else text[:87].rstrip() + "…"
    return html.escape(text)


# --- print documents --------------------------------------------------------------------------

PDF_FOLDER = "pdf"
BOOK_PDF = f"{PDF_FOLDER}/so-tay-day-du.pdf"
DOWNLOADS = "tai-ve/index.md"


def chapter_pdf(field_id: str) -> str:
    return f"{PDF_FOLDER}/chuong-{field_id}.pdf"


def level_pdf(level_id: str) -> str:
    return f"{PDF_FOLDER}/cap-{level_id}.pdf"


def checklist_pdf(code: str) -> str:
    return f"{PDF_FOLDER}/phieu-{code}.pdf"


def chapter_checklists_pdf(field_id: str) -> str:
    return f"{PDF_FOLDER}/phieu-chuong-{field_id}.pdf"


@dataclass(frozen=True)
class PrintDocument:
    """One PDF: which procedures and tasks it holds, in which form."""

    path: str  # under site/
    kind: str  # "book": cover, contents, chapters; "checklists": one page per procedure
    title: str
    subtitle: str
    procedures: tuple[str, ...]
    tasks: tuple[str, ...]


def print_documents(handbook: Handbook) -> list[PrintDocument]:
    """Every PDF the build writes; the downloads page and the export both read this list."""
    meta = handbook.meta
    everything = PrintDocument(
        BOOK_PDF,
        "book",
        meta.title,
        meta.subtitle or "",
        tuple(p.code for p in handbook.procedures),
        tuple(t.id for t in handbook.tasks),
    )
    documents = [everything]
    for number, field in enumerate(handbook.fields, start=1):
        procedures = tuple(p.code for p in handbook.procedures if p.field == field.id)
        tasks = tuple(t.id for t in handbook.tasks if t.field == field.id)
        if procedures or tasks:
            documents.append(
                PrintDocument(
                    chapter_pdf(field.id), "book", f"Chương {number}. {field.name}", meta.title, procedures, tasks
                )
            )
    for level in handbook.levels:
        procedures = tuple(p.code for p in handbook.procedures if p.level == level.id)
        tasks = tuple(t.id for t in handbook.tasks if t.to_level == level.id)
        if procedures or tasks:
            documents.append(
                PrintDocument(
                    level_pdf(level.id),
                    "book",
                    f"Trích sổ tay: {level.name}",
                    f"Thủ tục và nhiệm vụ do {level.authority} thực hiện",
                    procedures,
                    tasks,
                )
            )
    for field in handbook.fields:
        procedures = tuple(p.code for p in handbook.procedures if p.field == field.id)
        if procedures:
            documents.append(
                PrintDocument(
                    chapter_checklists_pdf(field.id),
                    "checklists",
                    f"Phiếu kiểm tra hồ sơ: {field.name}",
                    meta.title,
                    procedures,
                    (),
                )
            )
    for procedure in handbook.procedures:
        documents.append(
            PrintDocument(
                checklist_pdf(procedure.code),
                "checklists",
                "Phiếu kiểm tra thành phần hồ sơ",
                procedure.name,
                (procedure.code,),
                (),
            )
        )
    return documents


def downloads_view(handbook: Handbook) -> PageView:
    page = DOWNLOADS
    documents = print_documents(handbook)

    def links(kind_prefix: str) -> list[Link]:
        return [link(page, d.title, d.path) for d in documents if d.path.startswith(f"{PDF_FOLDER}/{kind_prefix}")]

    return PageView(
        page,
        "downloads.md.j2",
        {
            "book": link(page, "Toàn bộ sổ tay (PDF)", BOOK_PDF),
            "chapters": links("chuong-"),
            "levels": links("cap-"),
            "checklists": links("phieu-chuong-"),
            "offline_zip": link(page, "Toàn bộ trang web, dùng không cần mạng (.zip)", OFFLINE_ZIP),
        },
    )


def search_infos(handbook: Handbook) -> dict[str, Any]:
    """What each page's search results show: kind, code, field and level."""
    from .search import PageInfo

    infos: dict[str, Any] = {}
    for p in handbook.procedures:
        field, level = handbook.field_by_id[p.field], handbook.level_by_id[p.level]
        infos[procedure_path(p.code)] = PageInfo(
            kind="procedure",
            code=p.code,
            field_id=field.id,
            field_name=field.name,
            level_id=level.id,
            level_name=level.name,
            codes=(p.code,),
        )
    for t in handbook.tasks:
        field, level = handbook.field_by_id[t.field], handbook.level_by_id[t.to_level]
        infos[task_path(t.id)] = PageInfo(
            kind="task", field_id=field.id, field_name=field.name, level_id=level.id, level_name=level.name
        )
    for f in handbook.fields:
        infos[field_path(f.id)] = PageInfo(kind="chapter", field_id=f.id, field_name=f.name)
    for level in handbook.levels:
        infos[level_path(level.id)] = PageInfo(kind="level", level_id=level.id, level_name=level.name)
    infos[LEGAL_INDEX] = PageInfo(kind="legal", split_sections=True)
    return infos
