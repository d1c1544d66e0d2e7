"""Stage 2 — validate: turn loaded sources into the frozen, cross-referenced Handbook model.

Every file is checked against its schema model, then ids, file names and references are
checked across the whole dataset. All problems are collected and raised together.
"""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import addresses
from .editions import with_changes
from .errors import HandbookError, Problem
from .load import PathKey, RawDataset, Source, display_name, format_path
from .messages import humanise, province_choices, province_hint, suggestion
from .model import Handbook, public_address
from .rules import check_rules
from .schema import (
    RECORD_MODELS,
    TOP_LEVEL_MODELS,
    HandbookMeta,
    LegalRef,
    Procedure,
    ProcessingTime,
    ProvinceOverlay,
    Strict,
    Task,
)
from .text import UNIT_NAMES, format_date, format_duration


def validate(raw: RawDataset, guide_dir: Path | None = None) -> Handbook:
    """Check everything in ``raw``; return the model, or raise HandbookError with every problem."""
    problems = list(raw.problems)
    top = {name: _check_model(source, TOP_LEVEL_MODELS[name], problems) for name, source in raw.top.items()}
    records: dict[str, list[tuple[Source, Any]]] = {}
    for folder, sources in raw.records.items():
        checked = [(source, _check_model(source, RECORD_MODELS[folder], problems)) for source in sources]
        records[folder] = [(source, model) for source, model in checked if model is not None]

    procedures = _unique_records(records["procedures"], "code", problems)
    tasks = _unique_records(records["tasks"], "id", problems)
    legal = _unique_records(records["legal"], "id", problems)
    retired = _unique_records(records["retired"], "code", problems)
    _check_unique_values(records["legal"], "number", problems)

    fields = _unique_entries(raw.top["fields"], top["fields"], "fields", problems)
    levels = _unique_entries(raw.top["levels"], top["levels"], "levels", problems)
    provinces = _unique_entries(raw.top["provinces"], top.get("provinces"), "provinces", problems)
    _check_unique_codes(raw.top["provinces"], top.get("provinces"), problems)
    meta: HandbookMeta | None = top["handbook"]
    _check_page_names(records, raw, fields, levels, problems)
    _check_desk_references(raw.top["levels"], top["levels"], levels, problems)
    if raw.root.is_dir() and not raw.present["procedures"] and not raw.present["tasks"]:
        problems.append(
            Problem(display_name(raw.root), 0, "", "dữ liệu không có thủ tục và nhiệm vụ nào: không có gì để xuất bản")
        )

    # References to a record that exists but failed its own checks are not reported again.
    refs = _References(fields, levels, procedures, legal, raw.present, problems)
    for source, procedure in records["procedures"]:
        refs.check_procedure(source, procedure)
    for source, task in records["tasks"]:
        refs.check_task(source, task)
    for source, document in records["legal"]:
        if document.effective_from and document.effective_to and document.effective_to < document.effective_from:
            problems.append(
                _at(
                    source,
                    ("effective_to",),
                    "ngày hết hiệu lực (effective_to) trước ngày có hiệu lực (effective_from)",
                )
            )
    overlays = _unique_records(records["provinces"], "province", problems)
    moved = _moved_codes(procedures, retired)
    for source, overlay in records["provinces"]:
        refs.check_overlay(source, overlay, provinces, raw.top["provinces"] is not None, moved)
    check_rules(records["procedures"], records["retired"], legal, raw.present["procedures"], problems)

    guide_titles: dict[str, str] = {}
    guide_texts: dict[str, str] = {}
    if meta is not None and guide_dir is not None:
        guide_titles, guide_texts = _check_guide(raw.top["handbook"], meta, guide_dir, problems)

    if problems or meta is None:
        raise HandbookError(problems, stage="validate")
    warnings = list(raw.warnings)
    if public_address(meta.site_url) is None:
        source = raw.top["handbook"]
        said = f"'{meta.site_url}' là địa chỉ mẫu, không phải địa chỉ thật" if meta.site_url else "chưa ghi địa chỉ"
        message = f"{said}: bản PDF sẽ không in mã QR và địa chỉ web; hãy ghi địa chỉ thật khi có"
        line = source.line_of(("site_url",)) if meta.site_url else 0
        warnings.append(Problem(source.file, line, "site_url", message))
    handbook = Handbook(
        meta=meta,
        fields=tuple(fields.values()),
        levels=tuple(levels.values()),
        procedures=tuple(sorted(procedures.values(), key=_procedure_order)),
        tasks=tuple(sorted(tasks.values(), key=lambda task: task.id)),
        legal=tuple(sorted(legal.values(), key=lambda doc: (doc.signed, doc.number))),
        guide_pages=tuple(meta.guide),
        guide_titles=guide_titles,
        guide_texts=guide_texts,
        vocabulary=tuple(top["vocabulary"].terms) if top.get("vocabulary") else (),
        provinces=tuple(provinces.values()),
        overlays=overlays,
        warnings=tuple(sorted(warnings)),
        field_by_id=fields,
        level_by_id=levels,
        procedure_by_code=procedures,
        legal_by_id=legal,
        retired=tuple(sorted(retired.values(), key=lambda record: record.code)),
    )
    return with_changes(handbook, raw.top["handbook"], raw.root)


def _moved_codes(procedures: dict[str, Procedure], retired: dict[str, Any]) -> dict[str, str]:
    """What became of codes no longer in data/procedures/: renamed (``replaces``) or retired."""
    moved = {
        old: f"mã '{old}' nay là thủ tục '{procedure.code}' ({procedure.name}): hãy ghi mã mới"
        for procedure in procedures.values()
        for old in procedure.replaces
    }
    for code, record in retired.items():
        moved.setdefault(
            code, f"thủ tục '{code}' không còn áp dụng từ {format_date(record.since)} (data/retired/{code}.yaml)"
        )
    return moved


def _procedure_order(procedure: Procedure) -> tuple[bool, str]:
    # National codes first, in code order; provisional ids after them.
    return (procedure.code.startswith("tam-"), procedure.code)


# --- schema check -------------------------------------------------------------------------


def _check_model(source: Source | None, model: type[Strict], problems: list[Problem]) -> Any:
    if source is None:
        return None
    if not isinstance(source.data, dict):
        problems.append(Problem(source.file, 1, "", "tệp phải gồm các trường dạng 'tên: giá trị' ở đầu dòng"))
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        details = error.errors()
        unknown = {tuple(d["loc"]) for d in details if d["type"] == "extra_forbidden"}
        for detail in details:
            loc = tuple(detail["loc"])
            if detail["type"] == "missing" and _misspelled_as(loc, unknown):
                continue  # reported once, as the unknown field with its "did you mean"
            problems.append(_at(source, loc, humanise(detail, source, loc, model, _known_fields)))
        return None


def _misspelled_as(missing: PathKey, unknown: set[PathKey]) -> bool:
    siblings = [str(loc[-1]) for loc in unknown if loc[:-1] == missing[:-1]]
    return bool(difflib.get_close_matches(str(missing[-1]), siblings, n=1, cutoff=0.6))


def _at(source: Source, path: PathKey, message: str) -> Problem:
    return Problem(source.file, source.line_of(path), format_path(path), message)


def _known_fields(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    # list[Model], Model | None: look inside the type arguments.
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


# --- identity ---------------------------------------------------------------------------------


def _unique_records(checked: list[tuple[Source, Any]], key: str, problems: list[Problem]) -> dict[str, Any]:
    """Records by id; the id must equal the file name and appear in one file only."""
    by_id: dict[str, Any] = {}
    first_file: dict[str, str] = {}
    # The file named after the id owns it: a copy ("… - Copy.yaml") is the one reported, whatever
    # the order of the names.
    checked = sorted(checked, key=lambda pair: getattr(pair[1], key) != pair[0].stem)
    for source, record in checked:
        ident = getattr(record, key)
        if ident != source.stem:
            problems.append(
                _at(
                    source,
                    (key,),
                    f"'{ident}' không khớp với tên tệp '{Path(source.file).name}': hãy đặt tên tệp là {ident}.yaml",
                )
            )
        if ident in by_id:
            problems.append(_at(source, (key,), f"'{ident}' đã được dùng ở {first_file[ident]}"))
            continue
        by_id[ident] = record
        first_file[ident] = source.file
    return by_id


def _check_unique_values(checked: list[tuple[Source, Any]], key: str, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for source, record in checked:
        value = getattr(record, key)
        if value in seen:
            problems.append(_at(source, (key,), f"'{value}' đã được dùng ở {seen[value]}"))
        else:
            seen[value] = source.file


def _unique_entries(source: Source | None, model: Any, list_name: str, problems: list[Problem]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    if model is None or source is None:
        return by_id
    for index, entry in enumerate(getattr(model, list_name)):
        if entry.id in by_id:
            problems.append(_at(source, (list_name, index, "id"), f"'{entry.id}' được liệt kê hai lần"))
        by_id[entry.id] = entry
    return by_id


def _check_page_names(
    records: dict[str, list[tuple[Source, Any]]], raw: RawDataset, fields: dict, levels: dict, problems: list[Problem]
) -> None:
    """A record whose page would take the name of a generated page (a task called ``index``) is refused."""
    message = "'{}' trùng tên một trang sổ tay tự tạo ({}); hãy chọn mã khác"
    for folder, key, page_of in (
        ("procedures", "code", addresses.procedure_page),
        ("tasks", "id", addresses.task_page),
    ):
        reserved = addresses.reserved_ids(page_of)
        for source, record in records[folder]:
            if getattr(record, key) in reserved:
                page = addresses.published(page_of(getattr(record, key)))
                problems.append(_at(source, (key,), message.format(getattr(record, key), page)))
    for name, entries, page_of in (("fields", fields, addresses.field_page), ("levels", levels, addresses.level_page)):
        reserved = addresses.reserved_ids(page_of)
        for index, entry_id in enumerate(entries):
            if entry_id in reserved and raw.top[name] is not None:
                page = addresses.published(page_of(entry_id))
                problems.append(_at(raw.top[name], (name, index, "id"), message.format(entry_id, page)))


def _check_unique_codes(source: Source | None, model: Any, problems: list[Problem]) -> None:
    """Two provinces never share an administrative code."""
    seen: set[str] = set()
    for index, province in enumerate(model.provinces if model is not None and source is not None else ()):
        if province.code is None:
            continue
        if province.code in seen:
            message = f"mã '{province.code}' đã dùng cho một tỉnh khác"
            problems.append(_at(source, ("provinces", index, "code"), message))
        seen.add(province.code)


def _check_desk_references(source: Source | None, model: Any, levels: dict, problems: list[Problem]) -> None:
    """A level's quick reference names other levels that exist."""
    if model is None or source is None:
        return
    for index, level in enumerate(model.levels):
        for position, other in enumerate(level.desk_reference):
            where = ("levels", index, "desk_reference", position)
            if other == level.id:
                problems.append(_at(source, where, "một cấp không tra cứu thủ tục của chính nó"))
            elif other not in levels:
                hint = suggestion(other, {i: entry.name for i, entry in levels.items()}, list_all=True)
                problems.append(_at(source, where, f"không có cấp '{other}' trong data/levels.yaml{hint}"))


# --- references and consistency ---------------------------------------------------------------


def _label(record: Any) -> str:
    return getattr(record, "number", None) or getattr(record, "name", "")


class _References:
    def __init__(
        self,
        fields: dict,
        levels: dict,
        procedures: dict,
        legal: dict,
        present: dict[str, set[str]],
        problems: list[Problem],
    ):
        self.fields, self.levels = fields, levels
        self.procedures = {**dict.fromkeys(present["procedures"]), **procedures}
        self.legal = {**dict.fromkeys(present["legal"]), **legal}
        self.problems = problems

    def _expect(self, source: Source, path: PathKey, value: str, known: dict, what: str, where: str) -> None:
        if value in known:
            return
        # Suggest by id, by name, or by a legal document's number: what an editor would write instead.
        labels = {ident: _label(record) for ident, record in known.items() if record is not None}
        # Fields and levels are few: when nothing is close, list them all.
        hint = suggestion(str(value), labels, list_all=known is self.fields or known is self.levels)
        self.problems.append(_at(source, path, f"không có {what} '{value}' trong {where}{hint}"))

    def _legal_refs(self, source: Source, path: PathKey, refs: list[LegalRef]) -> None:
        for index, ref in enumerate(refs):
            self._expect(source, path + (index, "document"), ref.document, self.legal, "văn bản", "data/legal/")

    def _related(self, source: Source, path: PathKey, codes: list[str], own: str | None) -> None:
        seen: set[str] = set()
        for index, code in enumerate(codes):
            where = path + (index,)
            if code == own:
                self.problems.append(_at(source, where, "một thủ tục không thể liên quan đến chính nó"))
            elif code in seen:
                self.problems.append(_at(source, where, f"'{code}' được liệt kê hai lần"))
            else:
                self._expect(source, where, code, self.procedures, "thủ tục", "data/procedures/")
            seen.add(code)

    def check_overlay(
        self, source: Source, overlay: ProvinceOverlay, provinces: dict, listed: bool, moved: dict[str, str]
    ) -> None:
        """A province's file names a listed province, and only its own procedures, each value once, shorter."""
        if not listed:
            message = "chưa có tệp data/provinces.yaml (danh sách tỉnh, thành phố) để đối chiếu mã tỉnh"
            self.problems.append(_at(source, ("province",), message))
        elif overlay.province not in provinces:
            known = province_choices(provinces.values())
            hint = province_hint(overlay.province, known)
            message = f"không có tỉnh, thành phố '{overlay.province}' trong data/provinces.yaml{hint}"
            self.problems.append(_at(source, ("province",), message))
        set_by: dict[tuple[str, str], int] = {}  # (code, "time" or "fees") → the entry that sets it
        for index, entry in enumerate(overlay.procedures):
            path = ("procedures", index, "code")
            settings = [what for what, said in (("time", entry.time), ("fees", entry.fees or entry.no_fee)) if said]
            twice = [what for what in settings if (entry.code, what) in set_by]
            if twice:
                earlier = set_by[(entry.code, twice[0])]
                message = (
                    f"{'thời hạn' if twice[0] == 'time' else 'phí, lệ phí'} của thủ tục '{entry.code}' đã ghi ở "
                    f"procedures[{earlier}]: mỗi giá trị ghi một lần"
                )
                self.problems.append(_at(source, path, message))
                continue
            set_by.update({(entry.code, what): index for what in settings})
            if entry.code in moved:
                self.problems.append(_at(source, path, moved[entry.code]))
                continue
            self._expect(source, path, entry.code, self.procedures, "thủ tục", "data/procedures/")
            procedure = self.procedures.get(entry.code)
            if procedure is None:
                continue
            level = self.levels.get(procedure.level)
            if level is not None and level.national:
                message = (
                    f"thủ tục '{entry.code}' thuộc {level.name.lower()} ({level.authority} giải quyết): "
                    "tỉnh không quy định thời hạn, phí, lệ phí của nó"
                )
                self.problems.append(_at(source, path, message))
            if entry.time is not None:
                self._shorter(source, ("procedures", index, "time"), entry.time, procedure)

    def _shorter(self, source: Source, path: PathKey, local: ProcessingTime, procedure: Procedure) -> None:
        """A province may shorten a national time limit, in the national unit; never keep or lengthen it."""
        national = [channel.time for channel in procedure.channels if channel.time.value is not None]
        if not national or local.value is None:
            return  # no national limit: any local one is a limit where there was none
        units = list(dict.fromkeys(time.unit for time in national))
        if local.unit not in units:
            said = " hoặc ".join(f"{UNIT_NAMES[unit]} (unit: {unit})" for unit in units)
            message = (
                f"thời hạn chung của thủ tục tính bằng {said}: ghi thời hạn của tỉnh cùng đơn vị "
                f"(đã ghi {format_duration(local.value, local.unit)})"
            )
            self.problems.append(_at(source, path, message))
            return
        for time in national:
            if time.unit == local.unit and local.value >= time.value:
                compared = "bằng" if local.value == time.value else "dài hơn"
                message = (
                    f"thời hạn của tỉnh ({format_duration(local.value, local.unit)}) {compared} thời hạn chung "
                    f"({format_duration(time.value, time.unit)}): tỉnh chỉ ghi thời hạn khi rút ngắn"
                )
                self.problems.append(_at(source, path, message))
                return

    def _sourced(self, source: Source, record: Procedure | Task) -> None:
        if record.review.status == "verified" and not record.sources:
            self.problems.append(
                _at(source, ("review", "status"), "hồ sơ đánh dấu verified (đã rà soát) phải ghi nguồn (sources)")
            )

    def check_procedure(self, source: Source, procedure: Procedure) -> None:
        self._expect(source, ("field",), procedure.field, self.fields, "lĩnh vực", "data/fields.yaml")
        self._expect(source, ("level",), procedure.level, self.levels, "cấp", "data/levels.yaml")
        self._legal_refs(source, ("legal_basis",), list(procedure.legal_basis))
        if procedure.transfer is not None:
            self._expect(
                source,
                ("transfer", "basis", "document"),
                procedure.transfer.basis.document,
                self.legal,
                "văn bản",
                "data/legal/",
            )
        self._related(source, ("related",), list(procedure.related), procedure.code)
        methods: dict[str, int] = {}
        for index, channel in enumerate(procedure.channels):
            if channel.method in methods:
                self.problems.append(
                    _at(
                        source,
                        ("channels", index, "method"),
                        f"hình thức '{channel.method}' đã được mô tả ở channels[{methods[channel.method]}]: "
                        "mỗi hình thức nộp chỉ ghi một lần",
                    )
                )
            methods.setdefault(channel.method, index)
        if "truc-tuyen" in methods and procedure.online_service is None:
            self.problems.append(
                _at(
                    source,
                    ("channels", methods["truc-tuyen"], "method"),
                    "có nộp trực tuyến thì phải ghi online_service (dịch vụ công trực tuyến): toan-trinh (toàn trình) "
                    "hoặc mot-phan (một phần)",
                )
            )
        self._sourced(source, procedure)

    def check_task(self, source: Source, task: Task) -> None:
        self._expect(source, ("field",), task.field, self.fields, "lĩnh vực", "data/fields.yaml")
        self._expect(source, ("to_level",), task.to_level, self.levels, "cấp", "data/levels.yaml")
        self._legal_refs(source, ("legal_basis",), list(task.legal_basis))
        self._related(source, ("related_procedures",), list(task.related_procedures), None)
        self._sourced(source, task)
        for part, index, basis in task.guidance.bases() if task.guidance is not None else ():
            where = ("guidance", part, index, "basis", "document")
            self._expect(source, where, basis.document, self.legal, "văn bản", "data/legal/")


def _check_guide(
    source: Source | None, meta: HandbookMeta, guide_dir: Path, problems: list[Problem]
) -> tuple[dict[str, str], dict[str, str]]:
    """Every listed guide page exists and every page is listed; returns their titles (first heading) and texts."""
    titles: dict[str, str] = {}
    texts: dict[str, str] = {}
    if source is None:
        return titles, texts
    listed = set()
    for index, name in enumerate(meta.guide):
        listed.add(name)
        if not (guide_dir / name).is_file():
            problems.append(_at(source, ("guide", index), f"không có trang {display_name(guide_dir / name)}"))
            continue
        text = (guide_dir / name).read_text(encoding="utf-8", errors="replace")
        heading = re.search(r"^# (.+?)\s*(\{#[^}]*\})?\s*$", text, re.M)
        titles[name] = heading.group(1) if heading else name
        texts[name] = text
    for page in sorted(guide_dir.glob("*.md")) if guide_dir.is_dir() else []:
        if page.name not in listed:
            problems.append(
                Problem(
                    display_name(page),
                    1,
                    "",
                    f"trang này chưa có trong danh sách guide: của {source.file}; hãy thêm vào đó hoặc xóa tệp",
                )
            )
    return titles, texts
