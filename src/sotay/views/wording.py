"""Values several pages show, worded the way Vietnamese administrative texts word them.

Names of channels, transfer types and review states; fees, processing times and review notes;
the rows of the legal-basis, procedure and task tables that many pages share.
"""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..model import Handbook
from ..schema import Channel, Fee, LegalRef, Procedure, Task
from ..text import format_date, format_duration, format_money
from .base import link

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


def fee_text(fee: Fee) -> str:
    label = fee.name or FEE_NAMES[fee.kind]
    parts = [f"{label}: {format_money(fee.amount)}" if fee.amount is not None else f"{label}:"]
    if fee.note:
        parts.append(f"({fee.note})" if fee.amount is not None else fee.note)
    return " ".join(parts)


def channel_view(channel: Channel) -> dict[str, Any]:
    return {
        "method": METHOD_NAMES[channel.method],
        "time": deadline_text(channel),
        "sub_deadlines": [
            f"{format_duration(item.value, item.unit)} để {item.purpose}" for item in channel.sub_deadlines
        ],
        "fees": fees_text(channel),
        "note": channel.note or "",
    }


# "No fee" and "fee not known" never look alike on a page.
NO_FEE = "Không thu phí, lệ phí"
NOT_KNOWN = "Chưa có thông tin"
NO_DEADLINE = "Văn bản không quy định thời hạn giải quyết"


def fees_text(channel: Channel) -> list[str]:
    if channel.fees:
        return [fee_text(fee) for fee in channel.fees]
    if channel.no_fee:
        return [NO_FEE]
    return [f"{NOT_KNOWN} ({channel.fee_unknown})"]


def channel_groups(channels) -> list[dict[str, Any]]:
    """Channels with the same deadline and fees, named together: one row instead of three."""
    groups: dict[tuple, dict[str, Any]] = {}
    for channel in channels:
        view = channel_view(channel)
        key = (view["time"], tuple(view["fees"]))
        if key in groups:
            groups[key]["method"] += ", " + view["method"].lower()
        else:
            groups[key] = {"method": view["method"], "time": view["time"], "fees": view["fees"]}
    return list(groups.values())


def deadline_text(channel: Channel) -> str:
    """The legal deadline of a channel, as the pages print it: "15 ngày làm việc kể từ …"."""
    if channel.time.value is None:
        return NO_DEADLINE
    text = format_duration(channel.time.value, channel.time.unit)
    return f"{text} kể từ {channel.time.counted_from}" if channel.time.counted_from else text


def deadline_headline(channels) -> str:
    """Every channel's legal deadline, channels with the same deadline named together."""
    by_deadline: dict[str, list[str]] = {}
    for channel in channels:
        by_deadline.setdefault(deadline_text(channel), []).append(METHOD_NAMES[channel.method].lower())
    if len(by_deadline) == 1:
        return next(iter(by_deadline))
    return "; ".join(f"{deadline} ({', '.join(methods)})" for deadline, methods in by_deadline.items())


def shown_code(code: str) -> str:
    """A procedure's code as readers see it: provisional ids are addresses, not codes."""
    return "" if code.startswith("tam-") else code


def review_view(record: Procedure | Task) -> dict[str, Any]:
    return {
        "verified": record.review.status == "verified",
        "status": REVIEW_NAMES[record.review.status],
        "date": format_date(record.review.date),
        "note": record.review.note or "",
    }


def legal_rows(page: str, handbook: Handbook, refs: list[LegalRef] | tuple[LegalRef, ...]) -> list[dict[str, Any]]:
    rows = []
    for ref in refs:
        document = handbook.legal_by_id[ref.document]
        rows.append(
            {
                "number": link(page, document.number, addresses.LEGAL_INDEX, addresses.legal_anchor(document.id)),
                "title": document.title,
                "article": ref.article or "",
                "signed": format_date(document.signed),
                "issuer": document.issuer,
            }
        )
    return rows


def procedure_row(page: str, handbook: Handbook, procedure: Procedure) -> dict[str, Any]:
    return {
        "code": shown_code(procedure.code),
        "name": link(page, procedure.name, addresses.procedure_page(procedure.code)),
        "field": handbook.field_by_id[procedure.field].name,
        "level": handbook.level_by_id[procedure.level].name,
        "status": REVIEW_NAMES[procedure.review.status],
    }


def task_row(page: str, handbook: Handbook, task: Task) -> dict[str, Any]:
    return {
        "name": link(page, task.name, addresses.task_page(task.id)),
        "field": handbook.field_by_id[task.field].name,
        "level": handbook.level_by_id[task.to_level].name,
        "type": TRANSFER_NAMES[task.type],
        "status": REVIEW_NAMES[task.review.status],
    }
