"""Guidance for officials: the steps, forms, checks, violations, reports and questions of a task,
and what the desk and the appraising officer check in a procedure's dossier.

Parts the data leaves empty are not in the view, so the templates print no empty heading.
"""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..model import Handbook
from ..schema import LegalRef, ProcedureGuidance, TaskGuidance
from .base import external_link, link

# Each part's heading and stable anchor (after the guidance section's own: huong-dan-nghiep-vu-cac-buoc).
TASK_PARTS = {
    "who": ("Ai làm gì", "ai-lam-gi"),
    "steps": ("Các bước và biểu mẫu", "cac-buoc"),
    "checklist": ("Những điểm cần kiểm tra", "kiem-tra"),
    "violations": ("Vi phạm thường gặp và thẩm quyền xử lý", "vi-pham"),
    "coordination": ("Phối hợp", "phoi-hop"),
    "reporting": ("Báo cáo định kỳ", "bao-cao"),
    "mistakes": ("Sai sót thường gặp", "sai-sot"),
    "questions": ("Hỏi đáp", "hoi-dap"),
}
PROCEDURE_PARTS = {
    "receiving_checks": ("Khi tiếp nhận hồ sơ, kiểm tra", "tiep-nhan"),
    "appraisal_checks": ("Khi thẩm định, kiểm tra", "tham-dinh"),
    "return_reasons": ("Lý do hồ sơ hay bị trả lại", "tra-lai"),
    "desk_notes": ("Lưu ý cho Bộ phận Một cửa", "mot-cua"),
}


def task_guidance(page: str, handbook: Handbook, guidance: TaskGuidance | None) -> dict[str, Any] | None:
    if guidance is None:
        return None
    basis = _basis(page, handbook)
    items: dict[str, list] = {
        "who": [{"role": duty.role, "does": duty.does} for duty in guidance.who],
        "steps": [
            {
                "number": number,
                "action": step.action.rstrip("."),
                "actor": step.actor or "",
                "forms": "; ".join(step.forms),
                "basis": basis(step.basis),
            }
            for number, step in enumerate(guidance.steps, start=1)
        ],
        "checklist": list(guidance.checklist),
        "violations": [
            {"violation": v.violation, "handled_by": v.handled_by, "basis": basis(v.basis)} for v in guidance.violations
        ],
        "coordination": list(guidance.coordination),
        "reporting": [
            {"what": r.what, "to": r.to, "when": r.when, "basis": basis(r.basis)} for r in guidance.reporting
        ],
        "mistakes": list(guidance.mistakes),
        "questions": [{"question": q.question, "answer": q.answer} for q in guidance.questions],
    }
    return {
        "anchor": addresses.GUIDANCE_SECTION,
        "purpose": guidance.purpose or "",
        "parts": [_part(name, TASK_PARTS[name], entries) for name, entries in items.items() if entries],
        "sources": [external_link(url) for url in guidance.sources],
    }


def procedure_guidance(guidance: ProcedureGuidance | None) -> dict[str, Any] | None:
    if guidance is None:
        return None
    parts = [
        _part(name, PROCEDURE_PARTS[name], list(getattr(guidance, name)))
        for name in PROCEDURE_PARTS
        if getattr(guidance, name)
    ]
    return {
        "anchor": addresses.GUIDANCE_SECTION,
        "purpose": "",
        "parts": parts,
        "sources": [external_link(url) for url in guidance.sources],
    }


def _part(name: str, heading: tuple[str, str], entries: list) -> dict[str, Any]:
    title, slug = heading
    return {"name": name, "title": title, "anchor": f"{addresses.GUIDANCE_SECTION}-{slug}", "entries": entries}


def _basis(page: str, handbook: Handbook):
    def basis(ref: LegalRef | None):
        if ref is None:
            return ""
        document = handbook.legal_by_id[ref.document]
        text = f"{ref.article}, {document.number}" if ref.article else document.number
        return link(page, text, addresses.LEGAL_INDEX, addresses.legal_anchor(document.id))

    return basis
