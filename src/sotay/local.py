"""A province's edition: the national handbook with what the province sets for itself laid over it.

Only what ``data/provinces/<id>.yaml`` may hold changes (validation refuses the rest): where
dossiers are received (the province's centre, its address and phone), the province's announcing
decisions, and a procedure's time limit or fees with the province's own basis. Every changed
procedure keeps its national record beside the local one, so that pages can say what differs from
the national text and on what basis. The national edition never passes through here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import HandbookError, Problem
from .load import display_name, load_file
from .messages import province_choices, province_hint
from .model import Handbook
from .schema import Announcement, LocalProcedure, Procedure, Province, ReceivingCentre

# How the national records name the place that receives a provincial procedure's dossiers; in a
# province's edition it becomes that province's centre(s), with address and phone.
NATIONAL_CENTRE = "Trung tâm Phục vụ hành chính công cấp tỉnh"
_NATIONAL_CENTRE = re.compile(re.escape(NATIONAL_CENTRE), re.IGNORECASE)


@dataclass(frozen=True)
class LocalValues:
    """What differs for one procedure in this province, and the national record it differs from."""

    national: Procedure
    at_centre: bool  # its dossiers are received at the province's centre(s)
    # The entries of the province's file that set its time limit and its fees, each with its own
    # basis (a time cut by the People's Committee, a fee set by the People's Council); or None.
    time: LocalProcedure | None = None
    fees: LocalProcedure | None = None

    @property
    def entries(self) -> list[LocalProcedure]:
        if self.time is not None and self.time is self.fees:
            return [self.time]  # one entry sets both
        return [entry for entry in (self.time, self.fees) if entry is not None]


@dataclass(frozen=True)
class ProvincialEdition:
    province: Province
    centres: tuple[ReceivingCentre, ...]
    announcements: tuple[Announcement, ...]
    reviewed: dt.date | None  # None: the province has no file of its own (national values only)
    local: dict[str, LocalValues]  # by procedure code: only the procedures that differ
    # Whether each procedure names the centre where it says who receives (web pages, EPUB). In
    # print the centres are on the cover and on every checklist instead: the procedure pages
    # then stay those of the national book, typeset once for every edition (the shared cache).
    centres_inline: bool = True

    @property
    def name(self) -> str:
        """ "tỉnh Đồng Tháp", "thành phố Huế": as a sentence names it."""
        return f"{self.province.kind} {self.province.name}"

    @property
    def title(self) -> str:
        return f"Ấn bản {self.name}"


def provincial_edition(handbook: Handbook, province_id: str, centres_inline: bool = True) -> Handbook:
    """``handbook`` as the province ``province_id`` applies it; raises if there is no such province.

    ``centres_inline=False`` (the print edition) leaves the national wording of who receives."""
    provinces = {province.id: province for province in handbook.provinces}
    if province_id not in provinces:
        known = province_choices(handbook.provinces)
        hint = province_hint(province_id, known) if known else ": chưa có tệp data/provinces.yaml"
        message = f"không có tỉnh, thành phố '{province_id}' trong data/provinces.yaml{hint}"
        raise HandbookError([Problem("data/provinces.yaml", 0, "", message)], stage="validate")
    overlay = handbook.overlays.get(province_id)
    centres = tuple(overlay.centres) if overlay else ()
    setting_time = {entry.code: entry for entry in overlay.procedures if entry.time} if overlay else {}
    setting_fees = {e.code: e for e in overlay.procedures if e.fees or e.no_fee} if overlay else {}
    national_levels = {level.id for level in handbook.levels if level.national}
    centre_text = " hoặc ".join(centre_line(centre) for centre in centres)
    local: dict[str, LocalValues] = {}
    procedures = []
    for procedure in handbook.procedures:
        time, fees = setting_time.get(procedure.code), setting_fees.get(procedure.code)
        at_centre = (
            bool(centres)
            and procedure.level not in national_levels
            and bool(_NATIONAL_CENTRE.search(procedure.authority.receiving))
        )
        if time is None and fees is None and not at_centre:
            procedures.append(procedure)
            continue
        values = LocalValues(procedure, at_centre, time, fees)
        local[procedure.code] = values
        inline = centre_text if at_centre and centres_inline else None
        procedures.append(_laid_over(procedure, values, inline, provinces[province_id]))
    edition = ProvincialEdition(
        province=provinces[province_id],
        centres=centres,
        announcements=tuple(overlay.announcements) if overlay else (),
        reviewed=overlay.reviewed if overlay else None,
        local=local,
        centres_inline=centres_inline,
    )
    return dataclasses.replace(
        handbook,
        procedures=tuple(procedures),
        procedure_by_code={procedure.code: procedure for procedure in procedures},
        edition=edition,
    )


def centre_line(centre: ReceivingCentre) -> str:
    """ "Trung tâm … (Quầy số 13), số 377 Hùng Vương, …; điện thoại 0273.3993889": one line."""
    name = f"{centre.name} ({centre.counter})" if centre.counter else centre.name
    phone = f", điện thoại {centre.phone}" if centre.phone else ""
    return f"{name}, {centre.address}{phone}"


def _laid_over(procedure: Procedure, values: LocalValues, centre_text: str | None, province: Province) -> Procedure:
    update: dict[str, object] = {}
    if centre_text:
        receiving = _NATIONAL_CENTRE.sub(lambda _: centre_text, procedure.authority.receiving)
        update["authority"] = procedure.authority.model_copy(update={"receiving": receiving})
    time = values.time.time if values.time else None
    channels = []
    for channel in procedure.channels:
        channel_update: dict[str, object] = {}
        if time is not None:
            channel_update["time"] = time
            # A national sub-deadline no shorter than the local time limit cannot apply as written.
            channel_update["sub_deadlines"] = [
                item for item in channel.sub_deadlines if _shorter(item.value, item.unit, time)
            ]
        if values.fees is not None:
            fees = values.fees.fees or []
            channel_update.update(fees=list(fees), no_fee=not fees, fee_unknown=None)
        channels.append(channel.model_copy(update=channel_update))
    update["channels"] = channels
    if time is not None and any(step.time for step in procedure.steps):
        # The national split of the time between steps adds up to the national time limit: shown
        # beside a shorter local one, it would contradict it. The province's own split is not data.
        update["steps"] = [step.model_copy(update={"time": None}) for step in procedure.steps]
        said = (
            f"Thời gian của từng bước theo quy định chung không ghi ở đây: {province.kind} {province.name} "
            "quy định thời hạn giải quyết riêng (xem ô của tỉnh ở đầu trang)."
        )
        update["steps_note"] = f"{procedure.steps_note} {said}" if procedure.steps_note else said
    return procedure.model_copy(update=update)


def _shorter(value: int, unit: str, limit) -> bool:
    return limit.value is None or unit != limit.unit or value < limit.value


def check_province_id(data: Path, province_id: str) -> None:
    """Refuse an edition id that data/provinces.yaml does not list, before anything is made for it."""
    problems: list[Problem] = []
    path = data / "provinces.yaml"
    source = load_file(path, problems) if path.is_file() else None
    if problems:
        raise HandbookError(problems, stage="validate")
    entries = source.data.get("provinces") if source and isinstance(source.data, dict) else None
    known = [
        (
            str(entry["id"]),
            f"{entry.get('kind', '')} {entry.get('name', entry['id'])}".strip(),
            [str(old) for old in entry.get("merged_from") or []],
        )
        for entry in entries or []
        if isinstance(entry, dict) and "id" in entry
    ]
    if province_id in {ident for ident, _name, _merged in known}:
        return
    if not known:
        message = f"chưa có danh sách tỉnh, thành phố (data/provinces.yaml) để dựng ấn bản '{province_id}'"
    else:
        message = (
            f"không có tỉnh, thành phố '{province_id}' trong data/provinces.yaml{province_hint(province_id, known)}"
        )
    raise HandbookError([Problem(display_name(path), 0, "", message)], stage="validate")
