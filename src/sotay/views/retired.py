"""What answers at an address that no longer holds a procedure to follow.

A retired procedure (abolished, moved to another ministry, merged) keeps its page, saying plainly
what happened, since when and where the matter went; a renamed one (a provisional id that got
its national code) becomes a small page that sends the reader on to the new address, anchor
included, because trainers printed the old one.
"""

from __future__ import annotations

import html
import json

from .. import addresses
from ..model import Handbook
from ..schema import Retired
from ..text import format_date
from .base import PageView, external_link, link
from .wording import legal_rows, shown_code

STATUS_NAMES = {
    "bai-bo": "Đã bị bãi bỏ",
    "chuyen-co-quan-khac": "Đã chuyển sang cơ quan khác quản lý",
    "hop-nhat": "Đã gộp vào thủ tục khác",
}


def retired_view(handbook: Handbook, record: Retired) -> PageView:
    page = addresses.procedure_page(record.code)
    context = {
        "name": record.name,
        "code": shown_code(record.code),
        "status": STATUS_NAMES[record.status],
        "since": format_date(record.since),
        "explanation": record.explanation,
        "replaced_by": [
            link(page, handbook.procedure_by_code[code].name, addresses.procedure_page(code))
            for code in record.replaced_by
        ],
        "legal": legal_rows(page, handbook, record.legal_basis),
        "sources": [external_link(url) for url in record.sources],
    }
    return PageView(page, "retired.md.j2", context)


def redirect_files(handbook: Handbook) -> dict[str, str]:
    """An HTML page at each replaced code's address that forwards to the procedure replacing it."""
    files = {}
    for procedure in handbook.procedures:
        for old in procedure.replaces:
            old_page = addresses.procedure_page(old)
            target = addresses.relative(old_page, addresses.published(addresses.procedure_page(procedure.code)))
            files[addresses.published(old_page)] = _redirect(procedure.name, old, target)
    return files


def _redirect(name: str, old: str, target: str) -> str:
    name, target_attr = html.escape(name), html.escape(target, quote=True)
    # The anchor a trainer cited (#thanh-phan-ho-so) is kept; the meta refresh works without script.
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target_attr}">\n'
        f"<script>location.replace({json.dumps(target)} + location.hash)</script>\n"
        "</head>\n<body>\n"
        f'<p>Thủ tục này đã đổi mã (mã cũ: {html.escape(old)}). Trang mới: <a href="{target_attr}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    )
