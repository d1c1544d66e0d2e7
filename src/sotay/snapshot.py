"""The validated dataset as one canonical JSON file: the open-data download and an edition's record.

Every build publishes it at ``tai-ve/du-lieu.json``; an edition's snapshot, kept in data/, is
what the next edition is compared with (``changes.py``). Canonical: records sorted by id, fields
in schema order, defaults written out, no empty values, text in NFC — so two datasets that mean
the same give the same bytes, however their YAML was quoted, ordered or indented.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from .errors import HandbookError, Problem
from .load import display_name
from .model import Handbook
from .schema import FieldOfWork, HandbookMeta, LegalDocument, Level, Procedure, Retired, Task

FORMAT = "sotay-du-lieu"
FORMAT_VERSION = 1
# The record lists of a snapshot, their model and id field.
RECORDS: dict[str, tuple[type, str]] = {
    "procedures": (Procedure, "code"),
    "tasks": (Task, "id"),
    "legal": (LegalDocument, "id"),
    "retired": (Retired, "code"),
}


def snapshot_of(handbook: Handbook) -> dict[str, Any]:
    records = {"procedures": handbook.procedures, "tasks": handbook.tasks, "legal": handbook.legal}
    return _assemble(handbook.meta, handbook.fields, handbook.levels, {**records, "retired": handbook.retired})


def edition_snapshot(
    meta: dict[str, Any], fields: list[dict], levels: list[dict], records: dict[str, list[dict]]
) -> dict[str, Any]:
    """A snapshot from plain data checked against the schema only (an old edition; see scripts/)."""
    models = {key: [model.model_validate(r) for r in records.get(key, [])] for key, (model, _) in RECORDS.items()}
    fields_models = [FieldOfWork.model_validate(entry) for entry in fields]
    levels_models = [Level.model_validate(entry) for entry in levels]
    header = HandbookMeta.model_construct(
        title=meta["title"], publisher=meta["publisher"], edition=dt.date.fromisoformat(str(meta["edition"]))
    )
    return _assemble(header, fields_models, levels_models, models)


def _assemble(meta: HandbookMeta, fields, levels, records: dict[str, Any]) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": meta.title,
        "publisher": meta.publisher,
        "edition": meta.edition.isoformat(),
        "fields": [_plain(field) for field in fields],
        "levels": [_plain(level) for level in levels],
    }
    for key, (_, id_field) in RECORDS.items():
        snapshot[key] = [_plain(record) for record in sorted(records[key], key=lambda r: getattr(r, id_field))]
    return snapshot


def snapshot_text(snapshot: dict[str, Any]) -> str:
    """One record per line: small, and a ``git diff`` of two snapshots reads record by record."""
    lines = ["{"]
    items = list(snapshot.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list):
            records = [f"  {json.dumps(item, ensure_ascii=False)}" for item in value]
            body = ",\n".join(records)
            lines.append(f"{json.dumps(key)}: [\n{body}\n]{comma}" if records else f"{json.dumps(key)}: []{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def read_snapshot(path: Path) -> dict[str, Any]:
    """A snapshot file, checked: its format, and every record against today's schema."""
    name = display_name(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise HandbookError([Problem(name, 0, "", f"không đọc được tệp ({error.strerror})")]) from None
    except UnicodeDecodeError:
        raise HandbookError([Problem(name, 0, "", "tệp không phải UTF-8")]) from None
    except json.JSONDecodeError as error:
        raise HandbookError([Problem(name, error.lineno, "", f"không phải JSON hợp lệ ({error.msg})")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HandbookError([Problem(name, 1, "format", f"không phải bản chụp dữ liệu sổ tay (cần format: {FORMAT})")])
    if data.get("format_version") != FORMAT_VERSION:
        message = (
            f"bản chụp theo định dạng {data.get('format_version')}; chương trình này đọc định dạng {FORMAT_VERSION}"
        )
        raise HandbookError([Problem(name, 1, "format_version", message)])
    problems = []
    for key, (model, id_field) in RECORDS.items():
        for index, record in enumerate(data.get(key, [])):
            try:
                model.model_validate(record)
            except ValueError as error:
                ident = record.get(id_field, "?") if isinstance(record, dict) else "?"
                problems.append(Problem(name, 0, f"{key}[{index}]", f"hồ sơ {ident} không hợp lệ: {error}"))
    for key, model in (("fields", FieldOfWork), ("levels", Level)):
        for index, entry in enumerate(data.get(key, [])):
            try:
                model.model_validate(entry)
            except ValueError as error:
                problems.append(Problem(name, 0, f"{key}[{index}]", f"không hợp lệ: {error}"))
    if problems:
        raise HandbookError(problems)
    return _nfc(data)


def _plain(model: Any) -> dict[str, Any]:
    return _without_empty(model.model_dump(mode="json"))


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        pairs = ((key, _without_empty(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, [], {})}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(key): _nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    return value
