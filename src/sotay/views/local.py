"""What a province's edition says about the province: on a procedure's page, and on the home page.

A procedure's box "Ở tỉnh …" gives the local centre (address, phone, portal), and each local
value beside the national one with the province's basis, so that a reader always sees where the
province differs from the national text and why. The national edition has no such box.
"""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..local import NATIONAL_CENTRE, LocalValues, centre_line
from ..model import Handbook
from ..schema import Procedure, ReceivingCentre
from ..text import format_date
from .base import external_link, link
from .wording import REVIEW_NAMES, channel_groups, deadline_headline


def local_values(handbook: Handbook, procedure: Procedure) -> LocalValues | None:
    """What differs for ``procedure`` in the province of this edition (None: nothing, or the national one)."""
    return handbook.edition.local.get(procedure.code) if handbook.edition else None


def fees_summary(procedure: Procedure) -> str:
    groups = channel_groups(procedure.channels)
    if len(groups) == 1:
        return "; ".join(groups[0]["fees"])
    return "; ".join(f"{group['method']}: {', '.join(group['fees'])}" for group in groups)


# What a province may set, as the summary labels it: the entry of its file that sets it, and how a
# procedure (local or national) shows it. The box, the summary and the home page all read these.
_DIFFERENCES = (
    ("Thời hạn giải quyết", lambda values: values.time, lambda record: deadline_headline(record.channels)),
    ("Phí, lệ phí", lambda values: values.fees, fees_summary),
)


def local_box(handbook: Handbook, procedure: Procedure, page: str) -> dict[str, Any] | None:
    """The box of a procedure that differs in this province, or None."""
    edition, values = handbook.edition, local_values(handbook, procedure)
    if edition is None or values is None:
        return None
    rows: list[dict[str, Any]] = []
    if values.at_centre and edition.centres_inline:
        rows.extend(_centre_row(centre) for centre in edition.centres)
    for what, entry_of, shown in _DIFFERENCES:
        entry = entry_of(values)
        if entry is None:
            continue
        basis = entry.basis
        rows.append(
            {
                "what": what,
                "local": shown(procedure),
                "national": shown(values.national),
                "basis": f"{basis.document}{f', {basis.article}' if basis.article else ''}",
                "source": external_link(basis.source),
                "status": REVIEW_NAMES[entry.status],
                "verified": entry.status == "verified",
            }
        )
    if not rows:
        return None
    return {
        "title": f"Ở {edition.name}",
        "rows": rows,
        "note": " ".join(entry.note for entry in values.entries if entry.note),
        "home": link(page, f"Thông tin chung của {edition.name}", addresses.HOME, addresses.EDITION_SECTION),
    }


def local_centres(handbook: Handbook, procedure: Procedure) -> list[dict[str, Any]]:
    """The centres that receive this procedure's dossiers in this province (its checklist's header)."""
    values = local_values(handbook, procedure)
    if handbook.edition is None or values is None or not values.at_centre:
        return []
    return [_centre_row(centre) for centre in handbook.edition.centres]


def cover_lines(handbook: Handbook) -> list[str]:
    """What the cover of a province's printed edition says about where dossiers are received."""
    edition = handbook.edition
    if edition is None or not edition.centres:
        return []
    heading = f"Ở {edition.name}, hồ sơ nộp tại «{NATIONAL_CENTRE}» được tiếp nhận tại:"
    return [heading, *(centre_line(centre) for centre in edition.centres)]


def edition_view(handbook: Handbook, page: str) -> dict[str, Any] | None:
    """The home page's part about the province: its centres, its decisions, what differs."""
    edition = handbook.edition
    if edition is None:
        return None
    differing = [
        {
            "procedure": link(page, values.national.name, addresses.procedure_page(code)),
            "what": _what_differs(values),
        }
        for code, values in edition.local.items()
        if values.entries
    ]
    return {
        "name": edition.name,
        "title": edition.title,
        "has_file": edition.reviewed is not None,
        "reviewed": format_date(edition.reviewed) if edition.reviewed else "",
        "centres": [_centre_row(centre) for centre in edition.centres],
        "received_at_centre": sum(1 for values in edition.local.values() if values.at_centre),
        "announcements": [
            {
                "number": item.number,
                "signed": format_date(item.signed),
                "title": item.title,
                "source": external_link(item.source),
            }
            for item in edition.announcements
        ],
        "differing": differing,
    }


def _centre_row(centre: ReceivingCentre) -> dict[str, Any]:
    return {
        "what": "Nơi tiếp nhận hồ sơ",
        "name": centre.name,
        "counter": centre.counter or "",
        "address": centre.address,
        "phone": centre.phone or "",
        "portal": external_link(centre.portal) if centre.portal else None,
        "sources": [external_link(url) for url in centre.sources],
        "status": REVIEW_NAMES[centre.status],
        "verified": centre.status == "verified",
    }


def summary_differences(handbook: Handbook, procedure: Procedure) -> dict[str, str]:
    """What the summary adds after a local value: " (theo <căn cứ>; quy định chung: …)", by line label."""
    values = local_values(handbook, procedure)
    if values is None:
        return {}
    return {
        what: f" (theo {entry.basis.document}; quy định chung: {shown(values.national)})"
        for what, entry_of, shown in _DIFFERENCES
        if (entry := entry_of(values)) is not None
    }


def _what_differs(values: LocalValues) -> str:
    return " và ".join(what.lower() for what, entry_of, _ in _DIFFERENCES if entry_of(values)).capitalize()
