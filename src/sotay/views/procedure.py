"""The page of one procedure: the national record's a–l items, with times, fees and sources."""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..model import Handbook
from ..schema import Procedure
from ..text import format_count, format_duration
from .base import PageView, external_link, link
from .changes import update_box
from .guidance import procedure_guidance
from .local import fees_summary, local_box, local_centres, local_values, summary_differences
from .wording import (
    METHOD_NAMES,
    ONLINE_NAMES,
    TRANSFER_NAMES,
    channel_groups,
    channel_view,
    deadline_headline,
    legal_rows,
    review_view,
    shown_code,
)


def procedure_view(handbook: Handbook, procedure: Procedure) -> PageView:
    page = addresses.procedure_page(procedure.code)
    field = handbook.field_by_id[procedure.field]
    level = handbook.level_by_id[procedure.level]
    steps, steps_timed = _timeline(procedure)
    related = [
        link(page, _titled(code, handbook.procedure_by_code[code].name), addresses.procedure_page(code))
        for code in handbook.groups.related.get(procedure.code, ())
    ]
    context = {
        "code": procedure.code,  # for addresses and named destinations only
        "shown_code": shown_code(procedure.code),
        "name": procedure.name,
        "field": link(page, field.name, addresses.field_page(field.id)),
        "level": link(page, level.name, addresses.level_page(level.id)),
        "procedure_type": procedure.procedure_type or "",
        "decision": procedure.decision or "",
        "online_service": ONLINE_NAMES[procedure.online_service],
        "keywords": ", ".join(procedure.keywords),
        "checklist": link(page, "In phiếu kiểm tra hồ sơ (PDF)", addresses.checklist_pdf(procedure.code)),
        "review": review_view(procedure),
        "update": update_box(handbook, "procedure", procedure.code, page),
        "sections": {section.letter: section for section in addresses.SECTIONS},
        "steps": steps,
        "steps_timed": steps_timed,
        "steps_note": procedure.steps_note or "",
        "deadline": deadline_headline(procedure.channels),
        "channels": [channel_view(channel) for channel in procedure.channels],
        "channel_groups": channel_groups(procedure.channels),
        "dossier": _dossier(procedure),
        "applicants": list(procedure.applicants),
        "authority": _authority_rows(procedure),
        "receiving": _receiving_header(handbook, procedure),
        "transfer": _transfer(page, handbook, procedure),
        "results": list(procedure.results),
        "forms": [
            {"form": document.form.name, "source": document.form.source or "", "document": document.name}
            for case in procedure.dossier.cases
            for document in case.documents
            if document.form
        ],
        "conditions": list(procedure.conditions),
        "legal": legal_rows(page, handbook, procedure.legal_basis),
        "related": related,
        "sources": [external_link(url) for url in procedure.sources],
        "summary": summary_lines(handbook, procedure),
        "local": local_box(handbook, procedure, page),
        "local_centres": local_centres(handbook, procedure),
        "guidance": procedure_guidance(procedure.guidance),
    }
    return PageView(page, "procedure.md.j2", context)


def summary_lines(handbook: Handbook, procedure: Procedure) -> list[tuple[str, str]]:
    """The five answers a citizen asks first, each a line; what the data does not say is left out.

    In a province's edition a local value says so, and what the national text says."""
    methods = [METHOD_NAMES[channel.method].lower() for channel in procedure.channels]
    where = f"{procedure.authority.receiving} ({', '.join(methods)})"
    fees = fees_summary(procedure)
    forms = list(dict.fromkeys(d.form.name for case in procedure.dossier.cases for d in case.documents if d.form))
    lines = [
        ("Nộp hồ sơ tại", where),
        ("Thời hạn giải quyết", deadline_headline(procedure.channels)),
        ("Phí, lệ phí", fees),
        ("Cơ quan quyết định", procedure.authority.competent),
        ("Mẫu đơn, tờ khai", "; ".join(forms)),
        ("Kết quả", "; ".join(procedure.results)),
    ]
    local = summary_differences(handbook, procedure)
    return [(label, text + local.get(label, "")) for label, text in lines if text]


def _receiving_header(handbook: Handbook, procedure: Procedure) -> str:
    """Who receives, as the checklist's header names it: in a province's edition, its centre."""
    values = local_values(handbook, procedure)
    if handbook.edition is not None and values is not None and values.at_centre:
        # One centre in several places ("… (cơ sở 1)", "… (cơ sở 2)") is named once.
        names = dict.fromkeys(centre.name.split(" (")[0] for centre in handbook.edition.centres)
        return " / ".join(names)
    return procedure.authority.receiving


def _timeline(procedure: Procedure) -> tuple[list[dict[str, Any]], bool]:
    """The steps with their time and, when all are in working days, the days each one covers.

    Step times run inside the legal deadline (validation sees to it); whether any step has one.
    """
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
    return steps, any(step.time for step in procedure.steps)


def _titled(code: str, name: str) -> str:
    return f"{code} — {name}" if shown_code(code) else name


def _dossier(procedure: Procedure) -> dict[str, Any]:
    dossier = procedure.dossier
    return {
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
            for case in dossier.cases
        ],
        "sets": f"{format_count(dossier.sets)} bộ" if dossier.sets else "",
        "note": dossier.note or "",
    }


def _authority_rows(procedure: Procedure) -> list[tuple[str, str]]:
    authority = procedure.authority
    rows = [
        ("Cơ quan có thẩm quyền", authority.competent),
        ("Cơ quan thực hiện", "; ".join(authority.implementing)),
        ("Nơi tiếp nhận hồ sơ", authority.receiving),
    ]
    if authority.delegated:
        rows.append(("Cơ quan được ủy quyền", "; ".join(authority.delegated)))
    if authority.coordinating:
        rows.append(("Cơ quan phối hợp", "; ".join(authority.coordinating)))
    return rows


def _transfer(page: str, handbook: Handbook, procedure: Procedure) -> dict[str, Any] | None:
    if not procedure.transfer:
        return None
    basis = handbook.legal_by_id[procedure.transfer.basis.document]
    return {
        "type": TRANSFER_NAMES[procedure.transfer.type],
        "from": procedure.transfer.from_authority,
        "article": procedure.transfer.basis.article or "",
        "document": link(page, basis.number, addresses.LEGAL_INDEX, addresses.legal_anchor(basis.id)),
    }
