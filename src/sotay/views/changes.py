"""What changed since the previous edition: its own page, and a box on each changed record's page.

Every change links to the section of the record page that shows the new value, so a reader who
learnt the previous edition goes straight to what is different.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import addresses
from ..model import Handbook
from ..text import format_date
from .base import PageView, link

if TYPE_CHECKING:  # sotay.changes words values with views.wording: imported when used, not here
    from ..changes import Change, EditionChanges, RecordChange

FOLD_AFTER = 3
ON_THE_PAGE_ANYWAY = {"Ghi chú rà soát", "Tình trạng rà soát"}
GROUP_TITLES = {"procedure": "Thủ tục hành chính", "task": "Nhiệm vụ chuyển giao", "legal": "Văn bản pháp luật"}


def changes_view(handbook: Handbook, changes: EditionChanges) -> PageView:
    page = addresses.CHANGES
    groups = []
    for kind, title in GROUP_TITLES.items():
        records = [_record(page, handbook, record) for record in changes.records if record.kind == kind]
        if records:
            groups.append({"title": title, "records": records})
    context = {
        "since": format_date(changes.old_edition),
        "edition": format_date(changes.new_edition),
        "summary": changes.summary(),
        "groups": groups,
        "pdf": link(page, "Tải danh sách này (PDF)", addresses.CHANGES_PDF),
    }
    return PageView(page, "changes.md.j2", context)


def update_box(handbook: Handbook, kind: str, record_id: str, page: str) -> dict[str, Any] | None:
    """The "Cập nhật so với ấn bản …" box of a record page, or None if the record did not change."""
    changes = handbook.changes
    record = changes.of(kind, record_id) if changes else None
    if record is None:
        return None
    # The current review note is shown right below the box: its old wording is for the changes page.
    shown = [change for change in record.changes if change.what not in ON_THE_PAGE_ANYWAY]
    if not shown and record.status == "changed":
        return None
    count = len(shown)
    return {
        "title": f"Cập nhật so với ấn bản {format_date(changes.old_edition)}"
        + (f": {count} thay đổi" if count > 1 else ""),
        # More than a few lines would push the procedure itself off a phone's screen: folded.
        "folded": count > FOLD_AFTER,
        "status": _status_line(record),
        "changes": [_change(page, page, change) for change in shown],
        "all": link(page, "Mọi điểm mới của ấn bản này", addresses.CHANGES, addresses.change_anchor(kind, record_id)),
    }


def _record(page: str, handbook: Handbook, record: RecordChange) -> dict[str, Any]:
    target = _page_of(handbook, record)
    return {
        "anchor": addresses.change_anchor(record.kind, record.id),
        "title": record.title,
        "link": link(page, "Xem trang", target, addresses.legal_anchor(record.id) if record.kind == "legal" else None)
        if target
        else None,
        "status": _status_line(record),
        "note": record.note,
        "changes": [_change(page, target, change) for change in record.changes],
    }


def _page_of(handbook: Handbook, record: RecordChange) -> str | None:
    if record.kind == "legal":
        return addresses.LEGAL_INDEX if record.status != "removed" else None
    if record.kind == "task":
        return addresses.task_page(record.id) if record.status != "removed" else None
    if record.status == "removed":
        return None
    if record.id in handbook.procedure_by_code or any(r.code == record.id for r in handbook.retired):
        return addresses.procedure_page(record.id)  # retired procedures keep a page at their address
    # Merged into another procedure: its old address forwards there.
    successor = next((p.code for p in handbook.procedures if record.id in p.replaces), None)
    return addresses.procedure_page(successor) if successor else None


def _status_line(record: RecordChange) -> str:
    if record.status == "new":
        return "Mới trong ấn bản này."
    if record.status == "renamed":
        return f"Đổi mã: trước đây {', '.join(record.old_ids)}; địa chỉ cũ chuyển tiếp về trang này."
    if record.status in ("retired", "removed"):
        from ..changes import STATUS_NAMES

        return STATUS_NAMES[record.status].capitalize() + "."
    return ""


def _change(page: str, target: str | None, change: Change) -> dict[str, Any]:
    what = link(page, change.what, target, change.section) if target and change.section else change.what
    return {"what": what, "value": " ".join(change.value.split())}
