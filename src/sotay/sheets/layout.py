"""How the records become sheets, derived from the schema: nothing here is written by hand per field.

A record type (procedures, tasks, legal documents, retired procedures) has a main sheet, one row
per record, whose columns are its scalar fields (through nested groups: ``authority.competent``);
each list of groups (``steps``, ``channels``, ``channels[].fees``, ``dossier.cases[].documents``)
has a sheet of its own, one row per item, keyed by the record's id and the item's numbers; every
list of plain values (``applicants``, ``sources``) goes to the type's "Danh sách" sheet, one row
per value. Row 1 holds Vietnamese headers, row 2 the field path, kept machine-readable; data
starts on row 3.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ..schema import RECORD_MODELS
from .yamlfile import plain

# Record types, with the id field and the sheet name of each.
RECORD_TYPES = {
    "procedures": ("code", "Thủ tục"),
    "tasks": ("id", "Nhiệm vụ"),
    "legal": ("id", "Văn bản"),
    "retired": ("code", "Không còn áp dụng"),
}
# Names of list sheets, by the list's path (the rest are named after their field).
LIST_NAMES = {
    "guidance.who": "HD Ai làm gì",
    "guidance.steps": "HD Các bước",
    "guidance.violations": "HD Vi phạm",
    "guidance.reporting": "HD Báo cáo",
    "guidance.questions": "HD Hỏi đáp",
    "steps": "Trình tự",
    "channels": "Cách thức",
    "channels.sub_deadlines": "Thời hạn con",
    "channels.fees": "Phí lệ phí",
    "dossier.cases": "Nhóm hồ sơ",
    "dossier.cases.documents": "Giấy tờ",
    "legal_basis": "Căn cứ",
}
VALUES_SHEET = "Danh sách"
# What names a parent item in its children's sheets (unique within a record; see Table.row_keys).
PARENT_KEYS = {"channels": "method", "dossier.cases": "case"}
# Fields whose value is an id defined elsewhere: offered as a drop-down of the valid ids.
REFERENCES = {"field": "fields", "level": "levels", "to_level": "levels", "document": "legal"}
# Extra columns of a main sheet: mark a record for deletion; the version exported (see apply.py).
DELETE, VERSION = "_xoa", "_phien_ban"
HEADER_ROWS = 2

# "lines": a list of plain values inside a list item (a step's forms), one value per line of the cell.
Kind = Literal["text", "int", "bool", "date", "choice", "lines"]


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # inside the row's item, through nested groups
    label: str
    kind: Kind
    choices: tuple[str, ...] = ()
    reference: str | None = None  # "fields", "levels", "legal"
    description: str = ""

    @property
    def key(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Table:
    """One sheet: the items of a list of groups (no segments: the records themselves).

    ``segments`` are the steps from the record down to the items, one per list crossed:
    ``(("dossier", "cases"), ("documents",))`` — each step a path through groups to a list.
    """

    name: str
    folder: str
    segments: tuple[tuple[str, ...], ...]
    columns: tuple[Column, ...]

    @property
    def depth(self) -> int:
        return len(self.segments)

    @property
    def key(self) -> str:
        return ".".join(part for segment in self.segments for part in segment)

    def level_key(self, level: int) -> str:
        """The key of the list crossed at ``level``: ``channels``, then ``channels.fees``."""
        return ".".join(part for segment in self.segments[: level + 1] for part in segment)

    @property
    def number_key(self) -> str:
        """Row-2 key of the item's own number in its list: ``#channels.fees``."""
        return "#" + self.key

    @property
    def row_keys(self) -> tuple[tuple[str, str | None], ...]:
        """What places a row: per list crossed, a row-2 key and the parent's field it holds (None: a number).

        A parent is named by what identifies it (a channel by its method, a dossier group by its
        title), so renumbering or reordering parents never moves their children to another one.
        """
        keys: list[tuple[str, str | None]] = []
        for level in range(self.depth - 1):
            parent = self.level_key(level)
            field = PARENT_KEYS.get(parent)
            keys.append((f"{parent}.{field}", field) if field else (f"#{parent}", None))
        return (*keys, (self.number_key, None))


@dataclass(frozen=True)
class Layout:
    folder: str
    id_field: str
    main: Table
    lists: tuple[Table, ...]
    values: tuple[tuple[str, ...], ...]  # paths of the lists of plain values, from the record

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.main, *self.lists)


def layouts() -> tuple[Layout, ...]:
    return tuple(_layout(folder, id_field, title) for folder, (id_field, title) in RECORD_TYPES.items())


def _layout(folder: str, id_field: str, title: str) -> Layout:
    columns, lists, values = _walk(RECORD_MODELS[folder], ())
    tables = []
    pending = [((path,), model) for path, model in lists]
    for segments, model in pending:
        item_columns, nested, nested_values = _walk(model, ())
        for path in nested_values:  # a list of values inside an item: one cell, one value per line
            description = _description(model, path)
            item_columns.append(Column(path, _label(description, path), "lines", description=description))
        table = Table("", folder, segments, tuple(item_columns))
        name = f"{title} - {LIST_NAMES.get(table.key, table.key)}"
        tables.append(Table(name[:31], folder, segments, tuple(item_columns)))  # 31: the longest sheet name
        pending.extend(((*segments, sub), sub_model) for sub, sub_model in nested)
    # The id first: it is what every other sheet's rows point back to.
    columns.sort(key=lambda column: column.path != (id_field,))
    main = Table(title, folder, (), tuple(columns))
    # A nested list's sheet follows its parent's: Cách thức, Thời hạn con, Phí lệ phí, Nhóm hồ sơ…
    roots = [path for path, _ in lists]
    tables.sort(key=lambda table: roots.index(table.segments[0]))
    return Layout(folder, id_field, main, tuple(tables), tuple(values))


def _walk(model: type[BaseModel], prefix: tuple[str, ...]) -> tuple[list[Column], list, list]:
    """Scalar columns, lists of groups and lists of values found in ``model`` (through groups)."""
    columns: list[Column] = []
    lists: list[tuple[tuple[str, ...], type[BaseModel]]] = []
    values: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        annotation = _unwrap(info.annotation)
        if _is_model(annotation):
            inner_columns, inner_lists, inner_values = _walk(annotation, path)
            columns += inner_columns
            lists += inner_lists
            values += inner_values
        elif typing.get_origin(annotation) is list:
            item = _unwrap(typing.get_args(annotation)[0])
            (lists.append((path, item)) if _is_model(item) else values.append(path))
        else:
            columns.append(_column(path, annotation, info.description or name))
    return columns, lists, values


def _column(path: tuple[str, ...], annotation: Any, description: str) -> Column:
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    if typing.get_origin(annotation) is Literal:
        kind, choices = "choice", tuple(str(value) for value in typing.get_args(annotation))
    elif annotation is bool:
        kind = "bool"
    elif annotation is int:
        kind = "int"
    elif annotation is dt.date:
        kind = "date"
    return Column(path, _label(description, path), kind, choices, REFERENCES.get(path[-1]), description)


# Headers whose description starts with a code or a condition, not a name.
LABELS = {
    "transfer.type": "Hình thức chuyển giao",
    "transfer.basis.document": "Văn bản căn cứ chuyển giao (mã)",
    "transfer.basis.article": "Điều, khoản căn cứ chuyển giao",
    "review.status": "Tình trạng rà soát",
    "steps_note": "Giải thích về thời gian các bước",
    "time.value": "Thời hạn (số)",
    "time.unit": "Đơn vị thời gian",
    "time.not_specified": "Văn bản không quy định thời hạn (có/không)",
    "no_fee": "Không thu phí, lệ phí (có/không)",
    "fee_unknown": "Chưa rõ phí, lệ phí: lý do",
    "document": "Văn bản (mã)",
    "type": "Hình thức chuyển giao",
    "status": "Tình trạng",
    "explanation": "Giải thích",
    "value": "Thời hạn (số)",
    "unit": "Đơn vị thời gian",
}


def _label(description: str, path: tuple[str, ...]) -> str:
    """A short Vietnamese header from the field's description: its first phrase."""
    if ".".join(path) in LABELS:
        return LABELS[".".join(path)]
    short = description
    for stop in (".", ",", "(", ":", ";", " ví dụ"):
        short = short.split(stop)[0]
    short = short.strip() or path[-1]
    return short if len(short) <= 40 else short[:39] + "…"


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = inner[0]
        else:
            return annotation


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def get_path(data: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` through nested mappings, or None where any step is missing."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def list_items(record: dict, table: Table):
    """``(row keys, item)`` for every item of a table: its parents' identifiers and its number from 1."""

    def walk(data: dict, level: int, keys: tuple):
        items = get_path(data, table.segments[level]) or []
        for number, item in enumerate(items if isinstance(items, list) else [], 1):
            if level == table.depth - 1:
                yield (*keys, number), item
            elif isinstance(item, dict):
                field = table.row_keys[level][1]
                yield from walk(item, level + 1, (*keys, item.get(field) if field else number))

    yield from walk(record, 0, ())


# How a yes/no field is written in a cell (a drop-down offers exactly these).
YES, NO = "có", "không"
DATE_FORMAT = "%d/%m/%Y"


def version_of(raw: bytes) -> str:
    """A short fingerprint of a record file, written beside its row to notice edits made meanwhile."""
    return hashlib.sha256(raw).hexdigest()[:12]


_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def normalised(value: Any) -> Any:
    """For comparing: no empty values (the sheet cannot tell an empty list from a missing one)."""
    if isinstance(value, dict):
        pairs = ((key, normalised(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, str):
        # A date quoted in the file ("2025-11-20") is the same date the sheet gives back.
        return dt.date.fromisoformat(value.strip()) if _ISO_DATE.match(value) else value.strip()
    if isinstance(value, dt.datetime):
        return value.date()
    return plain(value)


def data_version_of(data: dict) -> str:
    """A short fingerprint of a record's data as exported: a row still holding it was not edited."""
    text = json.dumps(normalised(data), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _description(model: type[BaseModel], path: tuple[str, ...]) -> str:
    for part in path[:-1]:
        model = _unwrap(model.model_fields[part].annotation)
    return model.model_fields[path[-1]].description or path[-1]
