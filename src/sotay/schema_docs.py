"""Everything derived from the schema models: JSON Schema files for editors and the field
reference in data/README.md. ``make schema`` writes them; a test fails when they are stale.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from . import schema

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "procedure.schema.json": schema.Procedure,
    "task.schema.json": schema.Task,
    "legal-document.schema.json": schema.LegalDocument,
    "retired.schema.json": schema.Retired,
    "handbook.schema.json": schema.HandbookMeta,
    "fields.schema.json": schema.Fields,
    "levels.schema.json": schema.Levels,
    "vocabulary.schema.json": schema.Vocabulary,
    "provinces.schema.json": schema.Provinces,
    "province-overlay.schema.json": schema.ProvinceOverlay,
}
# The records and files, then the parts they are made of, in the order the README lists them.
DOCUMENTED_MODELS: tuple[type[BaseModel], ...] = (
    schema.Procedure,
    schema.Authority,
    schema.Transfer,
    schema.Step,
    schema.Duration,
    schema.Channel,
    schema.ProcessingTime,
    schema.SubDeadline,
    schema.Fee,
    schema.Dossier,
    schema.DossierCase,
    schema.Document,
    schema.Form,
    schema.LegalRef,
    schema.Review,
    schema.ProcedureGuidance,
    schema.Task,
    schema.TaskGuidance,
    schema.Duty,
    schema.WorkStep,
    schema.Violation,
    schema.Report,
    schema.Question,
    schema.LegalDocument,
    schema.Retired,
    schema.HandbookMeta,
    schema.OfficialFigure,
    schema.MissingProcedure,
    schema.Fields,
    schema.FieldOfWork,
    schema.Levels,
    schema.Level,
    schema.Vocabulary,
    schema.VocabularyTerm,
    schema.Provinces,
    schema.Province,
    schema.ProvinceOverlay,
    schema.ReceivingCentre,
    schema.Announcement,
    schema.LocalProcedure,
    schema.LocalBasis,
)
BEGIN, END = "<!-- BEGIN FIELDS (tạo bằng `make schema`) -->", "<!-- END FIELDS -->"


def json_schemas() -> dict[str, str]:
    return {
        name: json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, model in SCHEMA_FILES.items()
    }


def field_reference() -> str:
    parts = []
    for model in DOCUMENTED_MODELS:
        parts.append(f"### {model.__name__}\n")
        if model.__doc__:
            parts.append(f"{model.__doc__.strip()}\n")
        parts.append("| Trường | Kiểu | Bắt buộc | Ý nghĩa |\n| --- | --- | --- | --- |")
        for name, info in model.model_fields.items():
            kind = _type_name(info.annotation)
            required = "có" if info.is_required() else "không"
            description = (info.description or "").replace("|", "\\|")
            parts.append(f"| `{name}` | {kind} | {required} | {description} |")
        parts.append("")
    return "\n".join(parts)


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(arguments[0])
    if origin is Literal:
        return "một trong " + ", ".join(f"`{value}`" for value in typing.get_args(annotation))
    if origin is list:
        return f"danh sách {_type_name(arguments[0])}"
    if origin in (typing.Union, types.UnionType):
        return " hoặc ".join(_type_name(a) for a in arguments)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "chữ", int: "số nguyên", bool: "`true` hoặc `false`", dt.date: "ngày `YYYY-MM-DD`"}
    return names.get(annotation, str(annotation))


def readme_with_reference(readme: str) -> str:
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n\n" + field_reference() + "\n" + readme[end:]


def write_schema_files(data_dir: Path) -> list[Path]:
    written = []
    folder = data_dir / "schema"
    folder.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    readme = data_dir / "README.md"
    readme.write_text(readme_with_reference(readme.read_text(encoding="utf-8")), encoding="utf-8")
    written.append(readme)
    return written
