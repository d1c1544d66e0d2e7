"""Stage 2 — validate: turn loaded sources into the frozen, cross-referenced Handbook model.

Every file is checked against its schema model, then ids, file names and references are
checked across the whole dataset. All problems are collected and raised together.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import addresses
from .errors import HandbookError, Problem
from .load import PathKey, RawDataset, Source, display_name, format_path
from .model import Handbook, public_address
from .schema import (
    PROCEDURE_CODE,
    RECORD_MODELS,
    SITE_URL,
    SLUG,
    TOP_LEVEL_MODELS,
    HandbookMeta,
    LegalRef,
    Procedure,
    Strict,
    Task,
)


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
    _check_unique_values(records["legal"], "number", problems)

    fields = _unique_entries(raw.top["fields"], top["fields"], "fields", problems)
    levels = _unique_entries(raw.top["levels"], top["levels"], "levels", problems)
    meta: HandbookMeta | None = top["handbook"]
    _check_page_names(records, raw, fields, levels, problems)
    if raw.root.is_dir() and not raw.present["procedures"] and not raw.present["tasks"]:
        problems.append(
            Problem(display_name(raw.root), 0, "", "the dataset holds no procedure and no task: nothing to publish")
        )

    # References to a record that exists but failed its own checks are not reported again.
    refs = _References(fields, levels, procedures, legal, raw.present, problems)
    for source, procedure in records["procedures"]:
        refs.check_procedure(source, procedure)
    for source, task in records["tasks"]:
        refs.check_task(source, task)
    for source, document in records["legal"]:
        if document.effective_from and document.effective_to and document.effective_to < document.effective_from:
            problems.append(_at(source, ("effective_to",), "is before effective_from"))

    if meta is not None and guide_dir is not None:
        _check_guide(raw.top["handbook"], meta, guide_dir, problems)

    if problems or meta is None:
        raise HandbookError(problems, stage="validate")
    warnings = list(raw.warnings)
    if public_address(meta.site_url) is None:
        source = raw.top["handbook"]
        said = f"'{meta.site_url}' is a placeholder, not a real address" if meta.site_url else "no address is set"
        message = f"{said}: the PDFs print no QR code and no web address; set the real one when there is one"
        line = source.line_of(("site_url",)) if meta.site_url else 0
        warnings.append(Problem(source.file, line, "site_url", message))
    return Handbook(
        meta=meta,
        fields=tuple(fields.values()),
        levels=tuple(levels.values()),
        procedures=tuple(sorted(procedures.values(), key=_procedure_order)),
        tasks=tuple(sorted(tasks.values(), key=lambda task: task.id)),
        legal=tuple(sorted(legal.values(), key=lambda doc: (doc.signed, doc.number))),
        guide_pages=tuple(meta.guide),
        warnings=tuple(sorted(warnings)),
        field_by_id=fields,
        level_by_id=levels,
        procedure_by_code=procedures,
        legal_by_id=legal,
    )


def _procedure_order(procedure: Procedure) -> tuple[bool, str]:
    # National codes first, in code order; provisional ids after them.
    return (procedure.code.startswith("tam-"), procedure.code)


# --- schema check -------------------------------------------------------------------------


def _check_model(source: Source | None, model: type[Strict], problems: list[Problem]) -> Any:
    if source is None:
        return None
    if not isinstance(source.data, dict):
        problems.append(
            Problem(source.file, 1, "", "the file must hold named fields (key: value lines) at the top level")
        )
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
            problems.append(_at(source, loc, _humanise(detail, source, loc, model)))
        return None


def _misspelled_as(missing: PathKey, unknown: set[PathKey]) -> bool:
    siblings = [str(loc[-1]) for loc in unknown if loc[:-1] == missing[:-1]]
    return bool(difflib.get_close_matches(str(missing[-1]), siblings, n=1, cutoff=0.6))


def _at(source: Source, path: PathKey, message: str) -> Problem:
    return Problem(source.file, source.line_of(path), format_path(path), message)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _humanise(detail: dict[str, Any], source: Source, loc: PathKey, model: type[BaseModel]) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    value = detail.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        unknown = str(loc[-1])
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed here: {', '.join(sorted(known))}"
        return f"unknown field '{unknown}'{hint}"
    if kind == "string_type":
        raw = source.raw_numbers.get(loc)
        if raw is not None:
            return f'write it in quotes, as "{raw}": YAML reads the unquoted {raw} as the number {value!r}'
        return f"expected text, got {_shown(value)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == PROCEDURE_CODE:
            return (
                f"{_shown(value)} is not a procedure code: use the national code (like 1.011937) "
                "or a provisional id (like tam-cap-giay-phep)"
            )
        if pattern == SLUG:
            return f"{_shown(value)} is not a valid id: use lowercase ASCII letters, digits and hyphens"
        if pattern == SITE_URL:
            return (
                f"{_shown(value)} is not a plain web address: write http(s)://, an ASCII host name and a path "
                "of ASCII letters, digits, '-', '_', '.', '/' (like https://sotay.mic.gov.vn/)"
            )
        if "http" in pattern:
            return f"{_shown(value)} is not a web address starting with http:// or https://"
        return f"{_shown(value)} is not in the expected form"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_shown(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {_shown(value)}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {_shown(value)}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"expected a date written YYYY-MM-DD (e.g. 2025-06-12), got {_shown(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {_shown(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a group of fields (key: value lines), got {_shown(value)}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s)"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    return f"{detail['msg']}, got {_shown(value)}"


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
    for source, record in checked:
        ident = getattr(record, key)
        if ident != source.stem:
            problems.append(
                _at(
                    source,
                    (key,),
                    f"'{ident}' does not match the file name '{Path(source.file).name}': name the file {ident}.yaml",
                )
            )
        if ident in by_id:
            problems.append(_at(source, (key,), f"'{ident}' is already used by {first_file[ident]}"))
            continue
        by_id[ident] = record
        first_file[ident] = source.file
    return by_id


def _check_unique_values(checked: list[tuple[Source, Any]], key: str, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for source, record in checked:
        value = getattr(record, key)
        if value in seen:
            problems.append(_at(source, (key,), f"'{value}' is already used by {seen[value]}"))
        else:
            seen[value] = source.file


def _unique_entries(source: Source | None, model: Any, list_name: str, problems: list[Problem]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    if model is None or source is None:
        return by_id
    for index, entry in enumerate(getattr(model, list_name)):
        if entry.id in by_id:
            problems.append(_at(source, (list_name, index, "id"), f"'{entry.id}' is listed twice"))
        by_id[entry.id] = entry
    return by_id


def _check_page_names(
    records: dict[str, list[tuple[Source, Any]]], raw: RawDataset, fields: dict, levels: dict, problems: list[Problem]
) -> None:
    """A record whose page would take the name of a generated page (a task called ``index``) is refused."""
    message = "'{}' is the name of a page the handbook generates ({}); choose another id"
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


# --- references and consistency ---------------------------------------------------------------


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
        guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        self.problems.append(_at(source, path, f"unknown {what} '{value}' (not in {where}){hint}"))

    def _legal_refs(self, source: Source, path: PathKey, refs: list[LegalRef]) -> None:
        for index, ref in enumerate(refs):
            self._expect(source, path + (index, "document"), ref.document, self.legal, "legal document", "data/legal/")

    def _related(self, source: Source, path: PathKey, codes: list[str], own: str | None) -> None:
        seen: set[str] = set()
        for index, code in enumerate(codes):
            where = path + (index,)
            if code == own:
                self.problems.append(_at(source, where, "a procedure cannot be related to itself"))
            elif code in seen:
                self.problems.append(_at(source, where, f"'{code}' is listed twice"))
            else:
                self._expect(source, where, code, self.procedures, "procedure", "data/procedures/")
            seen.add(code)

    def _sourced(self, source: Source, record: Procedure | Task) -> None:
        if record.review.status == "verified" and not record.sources:
            self.problems.append(_at(source, ("review", "status"), "a record marked verified must list its sources"))

    def check_procedure(self, source: Source, procedure: Procedure) -> None:
        self._expect(source, ("field",), procedure.field, self.fields, "field", "data/fields.yaml")
        self._expect(source, ("level",), procedure.level, self.levels, "level", "data/levels.yaml")
        self._legal_refs(source, ("legal_basis",), list(procedure.legal_basis))
        if procedure.transfer is not None:
            self._expect(
                source,
                ("transfer", "basis", "document"),
                procedure.transfer.basis.document,
                self.legal,
                "legal document",
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
                        f"'{channel.method}' is already described in channels[{methods[channel.method]}]",
                    )
                )
            methods.setdefault(channel.method, index)
        if "truc-tuyen" in methods and procedure.online_service is None:
            self.problems.append(
                _at(
                    source,
                    ("channels", methods["truc-tuyen"], "method"),
                    "an online channel needs online_service: toan-trinh or mot-phan",
                )
            )
        self._sourced(source, procedure)

    def check_task(self, source: Source, task: Task) -> None:
        self._expect(source, ("field",), task.field, self.fields, "field", "data/fields.yaml")
        self._expect(source, ("to_level",), task.to_level, self.levels, "level", "data/levels.yaml")
        self._legal_refs(source, ("legal_basis",), list(task.legal_basis))
        self._related(source, ("related_procedures",), list(task.related_procedures), None)
        self._sourced(source, task)


def _check_guide(source: Source | None, meta: HandbookMeta, guide_dir: Path, problems: list[Problem]) -> None:
    if source is None:
        return
    listed = set()
    for index, name in enumerate(meta.guide):
        listed.add(name)
        if not (guide_dir / name).is_file():
            problems.append(_at(source, ("guide", index), f"no such page: {display_name(guide_dir / name)}"))
    for page in sorted(guide_dir.glob("*.md")) if guide_dir.is_dir() else []:
        if page.name not in listed:
            problems.append(
                Problem(
                    display_name(page),
                    1,
                    "",
                    f"this page is not listed under guide: in {source.file}; add it there or remove the file",
                )
            )
