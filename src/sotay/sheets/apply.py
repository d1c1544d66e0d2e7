"""Bring a workbook's records into data/: check everything first, then write only what changed.

The workbook replaces the records it holds; the whole dataset is then validated exactly as a
build would, with problems named by workbook cell. Nothing is written unless everything passes.
A record whose file changed since the workbook was exported is refused rather than overwritten,
and a record missing from the workbook is an error (deleting is asked for, with an ``x``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import HandbookError, Problem
from ..load import RawDataset, Source, display_name, format_path, load_dataset, load_file
from ..messages import shown
from ..project import Paths
from ..schema import RECORD_MODELS
from ..validate import validate
from .layout import DATE_FORMAT, DELETE, VERSION, data_version_of, layouts, normalised, version_of
from .read import SheetRecord, read_workbook
from .yamlfile import new_text, updated_text

SMALL_AMOUNT = 1000  # đồng: no fee is that small
# Characters a reader cannot see: shown as [U+00A0] in the preview, or a change would look like none.
_INVISIBLE = re.compile("[\u00a0\u202f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_MAX_DIFFERENCES = 8  # per record, in the preview


@dataclass(frozen=True)
class Change:
    action: str  # "sửa", "thêm", "xóa"
    file: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        lines = [f"{self.action} {self.file}"]
        lines += [f"    {detail}" for detail in self.details]
        return "\n".join(lines)


def import_workbook(paths: Paths, workbook: Path, write: bool = True) -> tuple[list[Change], list[Problem]]:
    """Check ``workbook`` against data/ and (unless ``write`` is False) apply it. Returns changes and warnings."""
    current = load_dataset(paths.data)
    if current.problems:
        raise HandbookError(current.problems, stage="validate")  # fix the files first: nothing to compare with
    book_name = display_name(workbook)
    sheet = read_workbook(workbook, book_name)
    if sheet.broken:
        raise HandbookError(sheet.problems, stage="import-xlsx")  # only the cause, not every row it spoils
    problems = list(sheet.problems)
    changes: list[Change] = []
    texts: dict[Path, tuple[str, dict] | None] = {}  # file → new text and the data it must hold; None: delete
    records: dict[str, list[Source]] = {}
    cells: dict[str, list[str]] = {}  # file name of a record read from the sheet → its cells, by "line"
    unreadable: set[tuple[str, str]] = set()  # (file, path) of cells the reader already reported
    warnings = list(sheet.warnings)

    for layout in layouts():
        folder = paths.data / layout.folder
        existing = {source.stem: source for source in current.records[layout.folder]}
        read = sheet.records.get(layout.folder, {})
        records[layout.folder] = []
        for ident, record in read.items():
            path = folder / f"{ident}.yaml"
            old = existing.get(ident)
            where = f"{book_name}:{record.cells[()]}"
            if record.delete:
                if old is not None:
                    _check_version(record, path, where, problems)
                    texts[path] = None
                    changes.append(Change("xóa", display_name(path)))
                continue
            if old is not None and _untouched(record, old):
                records[layout.folder].append(old)  # as the file says now, whatever changed it since the export
                continue
            source = _as_source(record, display_name(path), cells)
            unreadable |= {(source.file, cell) for cell in record.unreadable}
            records[layout.folder].append(source)
            if old is None:
                if record.version:
                    message = "hồ sơ này đã có lúc xuất bảng tính nhưng tệp nay không còn (bị xóa hoặc đổi tên?)"
                    problems.append(Problem(where, 0, layout.id_field, message))
                like = next(iter(existing.values()), None)
                data = _in_schema_order(layout.folder, record.data)
                text = new_text(data, _text(folder / f"{like.stem}.yaml") if like else None)
                texts[path] = (text, record.data)
                changes.append(Change("thêm", display_name(path)))
            elif normalised(old.data) != normalised(record.data):
                _check_version(record, path, where, problems)
                texts[path] = (updated_text(_text(path), normalised(record.data)), record.data)
                changes.append(Change("sửa", display_name(path), _differences(normalised(old.data), record.data)))
                warnings += _small_amounts(record, book_name)
        for ident in existing:
            if ident not in read:
                message = (
                    f"hồ sơ '{ident}' ({display_name(folder / f'{ident}.yaml')}) không có trong bảng tính: muốn xóa "
                    f"thì ghi x vào cột {DELETE}; nếu lỡ xóa dòng, hãy xuất lại bảng tính"
                )
                problems.append(Problem(f"{book_name}:{layout.main.name}", 0, "", message))

    for folder, sources in current.records.items():
        records.setdefault(folder, list(sources))  # folders the sheet does not hold (the provinces' files)
    present = {folder: {source.stem for source in sources} for folder, sources in records.items()}
    edited = RawDataset(current.root, current.top, records, present, [])
    try:
        handbook = validate(edited, guide_dir=paths.guide)
        # Only what concerns the sheet: the rest (handbook.yaml's) is the build's to say.
        warnings += [_at_cell(warning, cells, book_name) for warning in handbook.warnings if warning.file in cells]
    except HandbookError as error:
        known = [problem for problem in error.problems if (problem.file, problem.path) not in unreadable]
        problems += [_at_cell(problem, cells, book_name) for problem in known]
    if problems:
        raise HandbookError(problems, stage="import-xlsx")
    if write:
        _write_all(texts)
    return changes, warnings


def _untouched(record: SheetRecord, old: Source) -> bool:
    """The row holds what was exported (its data fingerprint): keep the file, even if edited since."""
    _, _, exported = record.version.partition(".")
    return bool(exported) and exported == data_version_of(record.data)


def _check_version(record: SheetRecord, path: Path, where: str, problems: list[Problem]) -> None:
    """A row changed in the sheet whose file also changed since the export is refused, not overwritten."""
    file_version = record.version.partition(".")[0]
    if not file_version:
        message = f"ô {VERSION} của dòng này trống: cột này phải giữ nguyên như lúc xuất; hãy xuất lại bảng tính"
        problems.append(Problem(where, 0, VERSION, message))
    elif file_version != version_of(path.read_bytes()):
        message = (
            f"tệp {display_name(path)} đã được sửa (trong trình soạn thảo hoặc bằng một bảng tính khác) sau khi "
            "bảng tính này được xuất, và dòng này cũng được sửa: để không ghi đè lên thay đổi kia, hãy xuất "
            "bảng tính mới rồi sửa lại dòng này"
        )
        problems.append(Problem(where, 0, VERSION, message))


def _small_amounts(record: SheetRecord, book_name: str) -> list[Problem]:
    """250 đồng is what a spreadsheet makes of "250.000" in some languages: worth a second look."""
    found = []
    for path, cell in record.cells.items():
        if path and path[-1] == "amount":
            amount = _value_at(record.data, path)
            if isinstance(amount, int) and 0 < amount < SMALL_AMOUNT:
                message = (
                    f"số tiền {amount} đồng rất nhỏ: nếu định ghi {amount}.000 đồng thì hãy ghi {amount * 1000} "
                    "(bảng tính có thể đã đọc '250.000' thành 250)"
                )
                found.append(Problem(f"{book_name}:{cell}", 0, format_path(path), message))
    return found


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _in_schema_order(folder: str, data: dict) -> dict:
    """A new record's fields in the schema's order (the sheet gives its columns first, then its lists)."""
    return RECORD_MODELS[folder].model_validate(data).model_dump(exclude_unset=True)


def _as_source(record: SheetRecord, file: str, cells: dict[str, list[str]]) -> Source:
    """A Source for the validator whose "lines" are numbers of cells, turned back into cells by ``_at_cell``."""
    located = list(dict.fromkeys(record.cells.values()))
    index = {cell: number for number, cell in enumerate(located, 1)}
    cells[file] = located
    lines = {path: index[cell] for path, cell in record.cells.items()}
    return Source(file=file, data=record.data, lines=lines)


def _at_cell(problem: Problem, cells: dict[str, list[str]], book_name: str) -> Problem:
    located = cells.get(problem.file)
    if located is None:
        return problem  # handbook.yaml, fields.yaml…: still read from data/
    cell = located[problem.line - 1] if 0 < problem.line <= len(located) else located[0]
    return Problem(f"{book_name}:{cell}", 0, problem.path, problem.message)


def _differences(old: Any, new: Any, path: tuple = ()) -> tuple[str, ...]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in dict.fromkeys([*old, *new]):
            found += _differences(old.get(key), new.get(key), (*path, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            found += _differences(before, after, (*path, index))
    elif isinstance(old, str) and isinstance(new, str) and old != new:
        before, after = _around_difference(old, new)
        found = [f"{format_path(path)}: '{before}' → '{after}'"]
    elif old != new:
        found = [f"{format_path(path)}: {_shown(old)} → {_shown(new)}"]
    else:
        found = []
    if not path and len(found) > _MAX_DIFFERENCES:
        found = [*found[:_MAX_DIFFERENCES], f"… và {len(found) - _MAX_DIFFERENCES} thay đổi khác"]
    return tuple(found)


def _around_difference(old: str, new: str, context: int = 30) -> tuple[str, str]:
    """Both texts cut to where they differ, invisible characters shown: '…ban nhân dân[U+00A0]tỉnh'."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1

    def cut(text: str) -> str:
        left, right = max(0, start - context), len(text) - max(0, end - context)
        middle = _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text[left:right])
        return ("…" if left else "") + middle + ("…" if right < len(text) else "")

    return cut(old), cut(new)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, list):
        return f"({len(value)} mục)"
    if isinstance(value, dict):
        return "(nhóm)"
    return shown(value)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _write_all(texts: dict[Path, tuple[str, dict] | None]) -> None:
    """Every new text is written beside its file and read back before any file is replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, planned in sorted(texts.items()):
            if planned is None:
                continue
            text, data = planned
            staging = path.with_name(f".{path.name}.tmp")
            staging.write_text(text, encoding="utf-8")
            staged.append((staging, path))
            problems: list[Problem] = []
            written = load_file(staging, problems)
            if written is None or normalised(written.data) != normalised(data):
                # A fault of this program's writer, not of the sheet: stop before any file is replaced.
                raise RuntimeError(f"{display_name(path)}: ghi ra không đúng dữ liệu định ghi {problems}")
        for staging, path in staged:
            os.replace(staging, path)
        for path, planned in texts.items():
            if planned is None:
                path.unlink()
    finally:
        for staging, _ in staged:
            staging.unlink(missing_ok=True)
