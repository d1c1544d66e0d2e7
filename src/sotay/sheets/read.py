"""Read a workbook written by ``export`` (and edited in Excel or LibreOffice) back into records.

Columns are found by their row-2 key, not their place, so a reordered or widened sheet still
reads. Every cell that cannot be understood is one problem named by its cell (``Thủ tục!D7``);
the schema's own checks happen later, on the whole dataset, in ``apply``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from ..errors import Problem
from ..load import Source, clean_text, format_path
from .export import CHOICES_SHEET, GUIDE_SHEET
from .layout import (
    DATE_FORMAT,
    DELETE,
    HEADER_ROWS,
    LIST_NAMES,
    NO,
    PARENT_KEYS,
    VALUES_SHEET,
    VERSION,
    YES,
    Column,
    Layout,
    Table,
    layouts,
)

MAX_BYTES = 20_000_000
_VALUE = Column(("_gia_tri",), "Giá trị", "text")
_TRUE = {YES, "co", "x", "true", "đúng", "1"}
_FALSE = {NO, "khong", "false", "sai", "0"}
_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


@dataclass
class SheetRecord:
    """One record read back: its plain data and the cell every value came from."""

    folder: str
    id: str
    data: dict[str, Any]
    cells: dict[tuple, str]  # path inside the record → "Sheet!C7"
    version: str
    delete: bool
    # Paths of cells already reported as unreadable: the schema's "missing field" for them is not news.
    unreadable: set[str] = field(default_factory=set)


@dataclass
class SheetData:
    records: dict[str, dict[str, SheetRecord]] = field(default_factory=dict)  # folder → id → record
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # The workbook's shape is wrong (a sheet or column missing or renamed, not a workbook at all):
    # every row would then be reported as wrong too, burying the one cause. Apply stops here.
    broken: bool = False


def read_workbook(path: Path, shown_name: str) -> SheetData:
    result = SheetData()
    if not path.is_file():
        result.problems.append(Problem(shown_name, 0, "", "không có tệp này"))
        result.broken = True
        return result
    if path.stat().st_size > MAX_BYTES:
        result.problems.append(Problem(shown_name, 0, "", "tệp lớn hơn 20 MB: không phải bảng tính đã xuất từ sổ tay?"))
        result.broken = True
        return result
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for every kind of broken file
        message = (
            f"không đọc được tệp bảng tính ({type(error).__name__}: {error}); hãy lưu lại dưới dạng .xlsx hoặc .ods"
        )
        result.problems.append(Problem(shown_name, 0, "", message))
        result.broken = True
        return result
    reader = _Reader(book, shown_name, result)
    # First the workbook's shape, every sheet and column: if it is wrong, that is all there is to say.
    expected = {GUIDE_SHEET, CHOICES_SHEET}
    for layout in layouts():
        for name, keys in _sheet_keys(layout).items():
            expected.add(name)
            reader.columns(name, keys)
    for name in book.sheet_names:
        if name not in expected:
            message = f"trang tính lạ '{name}': không biết nhập vào đâu; hãy xóa nó hoặc trả lại tên cũ"
            result.problems.append(Problem(shown_name, 0, "", message))
            result.broken = True
    if not result.broken:
        for layout in layouts():
            reader.read_type(layout)
    return result


def _sheet_keys(layout: Layout) -> dict[str, list[str]]:
    """The row-2 keys every sheet of a record type must have."""
    keys = {layout.main.name: [c.key for c in layout.main.columns] + [VERSION, DELETE]}
    for table in layout.lists:
        keys[table.name] = [layout.id_field, *(key for key, _ in table.row_keys), *(c.key for c in table.columns)]
    keys[_values_name(layout)] = [layout.id_field, "_truong", "#", "_gia_tri"]
    return keys


def _values_name(layout: Layout) -> str:
    return f"{layout.main.name} - {VALUES_SHEET}"


class _Reader:
    def __init__(self, book: CalamineWorkbook, shown_name: str, result: SheetData) -> None:
        self.book, self.name, self.result = book, shown_name, result
        self.problems = result.problems
        # Where each list item went: (record id, table segments, item numbers) → (item, path in record).
        self.places: dict[tuple, tuple[dict, tuple]] = {}
        self.grids: dict[str, list[list[Any]]] = {}

    def problem(self, where: str, path: str, message: str) -> None:
        self.problems.append(Problem(f"{self.name}:{where}", 0, path, message))

    def columns(self, sheet_name: str, keys: list[str]) -> dict[str, int] | None:
        """Where each key's column is (by its row-2 key); None, and problems, if the sheet's shape is wrong."""
        if sheet_name not in self.book.sheet_names:
            self.problem(sheet_name, "", "thiếu trang tính này: đừng xóa hoặc đổi tên trang tính")
            self.result.broken = True
            return None
        grid = self.grid(sheet_name)
        header = [str(value).strip() for value in grid[HEADER_ROWS - 1]] if len(grid) >= HEADER_ROWS else []
        where: dict[str, int] = {}
        for index, key in enumerate(header):
            cell = _cell_name(sheet_name, index, HEADER_ROWS)
            if not key:
                continue
            if key not in keys:
                self.problem(cell, "", f"cột lạ '{key}': dòng 2 giữ tên trường cho máy đọc, đừng sửa")
                self.result.broken = True
            elif key in where:
                self.problem(cell, "", f"cột '{key}' có hai lần: hãy xóa một cột")
                self.result.broken = True
            else:
                where[key] = index
        missing = [key for key in keys if key not in where]
        if missing:
            self.problem(
                sheet_name, "", f"thiếu cột {', '.join(missing)}: đừng xóa cột; muốn bỏ giá trị thì xóa nội dung ô"
            )
            self.result.broken = True
            return None
        return where

    def grid(self, sheet_name: str) -> list[list[Any]]:
        if sheet_name not in self.grids:
            self.grids[sheet_name] = self.book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        return self.grids[sheet_name]

    def rows(self, sheet_name: str, keys: list[str]) -> list[tuple[int, dict[str, tuple[Any, str]]]]:
        """Data rows as ``(row, {key: (value, cell)})``; non-empty rows only."""
        where = self.columns(sheet_name, keys)
        if where is None:
            return []
        rows = []
        for row_number, row in enumerate(self.grid(sheet_name)[HEADER_ROWS:], HEADER_ROWS + 1):
            if not any(_present(value) for value in row):
                continue
            for index, value in enumerate(row):
                if _present(value) and index not in where.values():
                    cell = _cell_name(sheet_name, index, row_number)
                    self.problem(cell, "", "ô có nội dung nhưng cột không có tên trường ở dòng 2: giá trị sẽ bị mất")
            cells = {
                key: (
                    row[index] if index < len(row) else "",
                    f"{sheet_name}!{get_column_letter(index + 1)}{row_number}",
                )
                for key, index in where.items()
            }
            rows.append((row_number, cells))
        return rows

    def read_type(self, layout: Layout) -> None:
        records: dict[str, SheetRecord] = {}
        self.result.records[layout.folder] = records
        main = layout.main
        id_key = layout.id_field
        for _, cells in self.rows(main.name, [c.key for c in main.columns] + [VERSION, DELETE]):
            ident, id_cell = self.text_of(cells[id_key])
            if not ident:
                self.problem(id_cell, id_key, "dòng có nội dung nhưng thiếu mã: hãy ghi mã hoặc xóa cả dòng")
                continue
            if ident in records:
                self.problem(id_cell, id_key, f"mã '{ident}' trùng với dòng {records[ident].cells[()]}")
                continue
            record = SheetRecord(layout.folder, ident, {}, {(): id_cell}, "", False)
            for column in main.columns:
                self.put(record, (), column, cells[column.key])
            record.version = self.text_of(cells[VERSION])[0] or ""
            mark, mark_cell = self.text_of(cells[DELETE])
            if mark and mark.lower() != "x":
                self.problem(mark_cell, DELETE, f"ghi x để xóa hồ sơ, hoặc để trống (đang ghi '{mark}')")
            record.delete = bool(mark)
            records[ident] = record

        for table in layout.lists:
            self.read_list(layout, table, records)
        self.read_values(layout, records)

    def read_list(self, layout: Layout, table: Table, records: dict[str, SheetRecord]) -> None:
        row_keys = [key for key, _ in table.row_keys]
        rows: dict[tuple[str, tuple], dict] = {}
        for _, cells in self.rows(table.name, [layout.id_field, *row_keys, *(c.key for c in table.columns)]):
            record = self.owner(layout, cells[layout.id_field], records)
            ids = tuple(
                self.text_of(cells[key])[0] or None if parent_field else self.number(cells[key], key)
                for key, parent_field in table.row_keys
            )
            for (key, parent_field), value in zip(table.row_keys, ids, strict=True):
                if parent_field and value is None:
                    self.problem(cells[key][1], key, "ô này phải ghi mục cha của dòng (đang để trống)")
            if record is None or None in ids:
                continue
            if (record.id, ids) in rows:
                earlier = rows[record.id, ids][layout.id_field][1]
                self.problem(
                    cells[table.number_key][1], table.number_key, f"số thứ tự {ids[-1]} trùng với dòng {earlier}"
                )
                continue
            rows[record.id, ids] = cells
        # In number order, each item goes at the end of its parent's list: 1, 2, 5 become the first three.
        for (ident, ids), cells in sorted(
            rows.items(), key=lambda entry: (entry[0][0], tuple(map(str, entry[0][1][:-1])), entry[0][1][-1])
        ):
            record = records[ident]
            parent = self.places.get((ident, table.segments[:-1], ids[:-1])) if table.depth > 1 else (record.data, ())
            if parent is None:
                key, parent_field = table.row_keys[-2]
                named = f"'{ids[-2]}'" if parent_field else f"số {ids[-2]}"
                where = LIST_NAMES.get(table.level_key(table.depth - 2), table.level_key(table.depth - 2))
                self.problem(cells[key][1], key, f"hồ sơ {ident} không có mục {named} ở danh sách {where}")
                continue
            container, parent_path = parent
            items = _ensure_list(container, table.segments[-1])
            path = (*parent_path, *table.segments[-1], len(items))
            item: dict[str, Any] = {}
            items.append(item)
            record.cells[path] = cells[layout.id_field][1]
            for column in table.columns:
                self.put(record, path, column, cells[column.key], target=item)
            self.place(record, table, ids, item, path, cells)

    def place(self, record: SheetRecord, table: Table, ids: tuple, item: dict, path: tuple, cells) -> None:
        """Remember where an item went, under the name its children's rows give it (see Table.row_keys)."""
        parent_field = PARENT_KEYS.get(table.key)
        name = item.get(parent_field) if parent_field else ids[-1]
        if name is None:
            return
        key = (record.id, table.segments, (*ids[:-1], name))
        if key in self.places:
            column = next(c for c in table.columns if c.path == (parent_field,))
            message = (
                f"hai mục cùng ghi '{name}' trong hồ sơ {record.id}: các dòng ở trang con nhận mục cha theo "
                "giá trị này, nên mỗi mục phải khác nhau"
            )
            self.problem(cells[column.key][1], column.key, message)
            return
        self.places[key] = (item, path)

    def read_values(self, layout: Layout, records: dict[str, SheetRecord]) -> None:
        keys = [layout.id_field, "_truong", "#", "_gia_tri"]
        known = {".".join(path): path for path in layout.values}
        found: dict[tuple[str, tuple[str, ...]], list[tuple[int, str, str]]] = {}
        for _, cells in self.rows(_values_name(layout), keys):
            record = self.owner(layout, cells[layout.id_field], records)
            name, name_cell = self.text_of(cells["_truong"])
            number = self.number(cells["#"], "#")
            if record is None or number is None:
                continue
            if name not in known:
                self.problem(name_cell, "_truong", f"không có trường '{name}'; chọn một trong: {', '.join(known)}")
                continue
            raw, cell = cells["_gia_tri"]
            value = self.convert(_VALUE, raw, cell, (*known[name], number - 1)) if _present(raw) else None
            if value:
                found.setdefault((record.id, known[name]), []).append((number, value, cell))
        for (ident, path), entries in found.items():
            entries.sort()
            for (number, _, cell), (following, _, _) in zip(entries, entries[1:], strict=False):
                if number == following:
                    self.problem(cell, "#", f"số thứ tự {number} của {'.'.join(path)} trùng nhau trong hồ sơ {ident}")
            record = records[ident]
            _set(record.data, path, [value for _, value, _ in entries])
            for index, (_, _, cell) in enumerate(entries):
                record.cells[(*path, index)] = cell

    def owner(self, layout: Layout, cell: tuple[Any, str], records: dict[str, SheetRecord]) -> SheetRecord | None:
        ident, where = self.text_of(cell)
        if not ident:
            self.problem(where, layout.id_field, "thiếu mã hồ sơ ở đầu dòng")
            return None
        if ident not in records:
            self.problem(where, layout.id_field, f"không có hồ sơ mã '{ident}' ở trang '{layout.main.name}'")
            return None
        return records[ident]

    def number(self, cell: tuple[Any, str], key: str) -> int | None:
        value, where = cell
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        self.problem(where, key, f"số thứ tự phải là số nguyên dương 1, 2, 3… (đang ghi '{value}')")
        return None

    def text_of(self, cell: tuple[Any, str], path: tuple = ()) -> tuple[str, str]:
        """A cell as clean text (NFC, no hidden characters), as the YAML reader would have it."""
        value, where = cell
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, str):
            value = "" if value is None else str(value)
        checked = Source(file=f"{self.name}:{where}", data=None)
        problems: list[Problem] = []
        value = clean_text(value.strip(), checked, 0, path, problems)
        self.problems.extend(problems)
        self.result.warnings.extend(checked.warnings)
        return value, where

    def put(self, record: SheetRecord, prefix: tuple, column: Column, cell: tuple[Any, str], target=None) -> None:
        """Convert one cell by its column's kind and set it at ``column.path`` (of ``target`` or the record)."""
        value, where = cell
        path = (*prefix, *column.path)
        record.cells.setdefault(path, where)  # also empty: "missing field" then names this cell
        if not _present(value):
            return
        converted = self.convert(column, value, where, path)
        if converted is None:
            record.unreadable.add(format_path(path))
            return
        _set(record.data if target is None else target, column.path, converted)

    def convert(self, column: Column, value: Any, where: str, path: tuple) -> Any:
        shown = format_path(path)
        if column.kind == "lines":
            lines = [self.text_of((line, where), (*path, n))[0] for n, line in enumerate(str(value).split("\n"))]
            return [line for line in lines if line] or None
        if column.kind == "int":
            if isinstance(value, int) and not isinstance(value, bool):
                return value  # .xls and .ods files give whole numbers as such
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if isinstance(value, str) and value.strip().isdigit():
                return int(value.strip())
            return value if isinstance(value, str) else str(value)  # the schema says what is wrong with it
        if column.kind == "bool":
            word = str(value).strip().lower() if not isinstance(value, bool) else ("true" if value else "false")
            if word in _TRUE or word in _FALSE:
                return word in _TRUE
            self.problem(where, shown, f"ghi '{YES}' hoặc '{NO}' (đang ghi '{value}')")
            return None
        if column.kind == "date":
            return self.date(value, where, shown)
        if isinstance(value, float):
            if not value.is_integer():
                message = (
                    f"bảng tính đã đọc ô này thành số {value:g} (có thể mất số 0 ở cuối): "
                    "hãy định dạng ô là Văn bản (Text) rồi gõ lại"
                )
                self.problem(where, shown, message)
                return None
            value = int(value)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.strftime(DATE_FORMAT)
        text, _ = self.text_of((value, where), path)
        return text or None

    def date(self, value: Any, where: str, shown: str) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = f"{value:g}" if isinstance(value, float) else str(value)
        try:
            if match := _DATE.match(text):
                day, month, year = (int(part) for part in match.groups())
                return dt.date(year, month, day)
            if match := _ISO_DATE.match(text):
                return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
        self.problem(where, shown, f"ngày phải ghi dd/mm/yyyy, ví dụ 01/07/2025 (đang ghi '{text}')")
        return None


def _cell_name(sheet_name: str, index: int, row: int) -> str:
    return f"{sheet_name}!{get_column_letter(index + 1)}{row}"


def _present(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _get(data: dict, path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _set(data: dict, path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _ensure_list(data: dict, path: tuple[str, ...]) -> list:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    return data.setdefault(path[-1], [])
