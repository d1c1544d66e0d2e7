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

from ..addresses import GUIDE_FOLDER
from ..errors import HandbookError, Problem
from ..load import RawDataset, Source, display_name, format_path, load_dataset, load_file
from ..messages import shown
from ..project import Paths
from ..validate import validate
from .layout import DATE_FORMAT, DELETE, VERSION, layouts, version_of
from .read import SheetRecord, read_workbook
from .yamlfile import new_text, plain, updated_text

_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
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
    problems = list(sheet.problems)
    changes: list[Change] = []
    texts: dict[Path, tuple[str, dict] | None] = {}  # file → new text and the data it must hold; None: delete
    records: dict[str, list[Source]] = {}
    cells: dict[str, list[str]] = {}  # file name of a record read from the sheet → its cells, by "line"
    unreadable: set[tuple[str, str]] = set()  # (file, path) of cells the reader already reported

    for layout in layouts():
        folder = paths.data / layout.folder
        existing = {source.stem: source for source in current.records[layout.folder]}
        read = sheet.records.get(layout.folder, {})
        records[layout.folder] = []
        for ident, record in read.items():
            path = folder / f"{ident}.yaml"
            old = existing.get(ident)
            if record.delete:
                if old is not None:
                    _check_version(record, path, book_name, problems)
                    texts[path] = None
                    changes.append(Change("xóa", display_name(path)))
                continue
            source = _as_source(record, display_name(path), cells)
            unreadable |= {(source.file, where) for where in record.unreadable}
            records[layout.folder].append(source)
            if old is None:
                if record.version:
                    message = "hồ sơ này đã có lúc xuất bảng tính nhưng tệp nay không còn (bị xóa hoặc đổi tên?)"
                    problems.append(Problem(f"{book_name}:{record.cells[()]}", 0, layout.id_field, message))
                like = next(iter(existing.values()), None)
                text = new_text(record.data, _text(folder / f"{like.stem}.yaml") if like else None)
                texts[path] = (text, record.data)
                changes.append(Change("thêm", display_name(path)))
            elif _normal(old.data) != _normal(record.data):
                _check_version(record, path, book_name, problems)
                texts[path] = (updated_text(_text(path), _normal(record.data)), record.data)
                changes.append(Change("sửa", display_name(path), _differences(_normal(old.data), record.data)))
        for ident in existing:
            if ident not in read:
                message = (
                    f"hồ sơ '{ident}' ({display_name(folder / f'{ident}.yaml')}) không có trong bảng tính: muốn xóa "
                    f"thì ghi x vào cột {DELETE}; nếu lỡ xóa dòng, hãy xuất lại bảng tính"
                )
                problems.append(Problem(f"{book_name}:{layout.main.name}", 0, "", message))

    present = {folder: {source.stem for source in sources} for folder, sources in records.items()}
    edited = RawDataset(current.root, current.top, records, present, [])
    warnings = list(sheet.warnings)
    try:
        handbook = validate(edited, guide_dir=paths.docs / GUIDE_FOLDER)
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


def _check_version(record: SheetRecord, path: Path, book_name: str, problems: list[Problem]) -> None:
    now = version_of(path.read_bytes())
    if record.version != now:
        message = (
            f"tệp {display_name(path)} đã được sửa sau khi xuất bảng tính (phiên bản {record.version or '?'}, "
            f"nay là {now}): hãy xuất bảng tính mới rồi sửa lại, để không ghi đè lên thay đổi đó"
        )
        problems.append(Problem(f"{book_name}:{record.cells[()]}", 0, VERSION, message))


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


def _normal(value: Any) -> Any:
    """For comparing: no empty values (the sheet cannot tell an empty list from a missing one)."""
    if isinstance(value, dict):
        pairs = ((key, _normal(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, str):
        # A date quoted in the file ("2025-11-20") is the same date the sheet gives back.
        return dt.date.fromisoformat(value.strip()) if _ISO_DATE.match(value) else value.strip()
    if isinstance(value, dt.datetime):
        return value.date()
    return plain(value)


def _differences(old: Any, new: Any, path: tuple = ()) -> tuple[str, ...]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in dict.fromkeys([*old, *new]):
            found += _differences(old.get(key), new.get(key), (*path, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            found += _differences(before, after, (*path, index))
    elif old != new:
        found = [f"{format_path(path)}: {_shown(old)} → {_shown(new)}"]
    else:
        found = []
    if not path and len(found) > _MAX_DIFFERENCES:
        found = [*found[:_MAX_DIFFERENCES], f"… và {len(found) - _MAX_DIFFERENCES} thay đổi khác"]
    return tuple(found)


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
            if written is None or _normal(written.data) != _normal(data):
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
