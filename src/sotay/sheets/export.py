"""Write the records of a data folder into one workbook that editors can change in Excel or LibreOffice.

The data must be valid first: a sheet of a half-read file would lose what the reader did not
understand. Every text cell is stored as text (a code "1.010000" stays a code, a value starting
with "=" stays a value, never a formula); columns that take one of a few values offer a drop-down.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import HandbookError, Problem
from ..load import RawDataset, Source, display_name, format_path
from .layout import (
    DATE_FORMAT,
    DELETE,
    HEADER_ROWS,
    LIST_NAMES,
    NO,
    VALUES_SHEET,
    VERSION,
    YES,
    Column,
    Layout,
    Table,
    data_version_of,
    get_path,
    layouts,
    list_items,
    version_of,
)

GUIDE_SHEET, CHOICES_SHEET = "Hướng dẫn", "_ma"
MAX_CELL = 32_767  # the longest text a spreadsheet cell holds
_SPARE_ROWS = 1000  # drop-downs and text format reach this far below the data, for rows added by hand
_HEADER = Font(bold=True)
_KEY = Font(color="808080", size=8)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WIDE = 45


def export_workbook(raw: RawDataset, target: Path) -> dict[str, int]:
    """Write ``target``; return the number of rows per record type. Raises HandbookError on data it cannot hold."""
    problems: list[Problem] = []
    if not target.parent.is_dir():
        message = "không có thư mục này để ghi bảng tính vào: hãy tạo thư mục trước, hoặc chọn chỗ khác"
        raise HandbookError([Problem(display_name(target.parent), 0, "", message)], stage="export-xlsx")
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    choices = _Choices(book.create_sheet(CHOICES_SHEET), raw)
    counts = {}
    for layout in layouts():
        sources = raw.records[layout.folder]
        counts[layout.folder] = len(sources)
        _write_type(book, layout, sources, raw.root / layout.folder, choices, problems)
    _write_guide(guide, book.sheetnames)
    book.move_sheet(CHOICES_SHEET, offset=len(book.sheetnames))
    book[CHOICES_SHEET].sheet_state = "hidden"
    if problems:
        raise HandbookError(problems, stage="export-xlsx")
    staging = target.with_name(f".{target.name}.tmp")
    book.save(staging)
    staging.replace(target)  # a reader never sees half a workbook
    return counts


def _write_type(
    book: Workbook, layout: Layout, sources: list[Source], folder: Path, choices: _Choices, problems: list[Problem]
) -> None:
    id_column = layout.main.columns[0]
    main = book.create_sheet(layout.main.name)
    extra = [
        Column((VERSION,), "Phiên bản (đừng sửa)", "text", description="Dấu của tệp lúc xuất, để nhận ra sửa chồng."),
        Column((DELETE,), "Xóa? (ghi x)", "text", description="Ghi x để xóa hồ sơ này khi nhập lại."),
    ]
    rows = []
    for source in sources:
        cells = [_cell(source, (), c, get_path(source.data, c.path), problems) for c in layout.main.columns]
        exported = f"{version_of((folder / f'{source.stem}.yaml').read_bytes())}.{data_version_of(source.data)}"
        rows.append([*cells, exported, None])
    _fill(main, [*layout.main.columns, *extra], rows, choices, frozen=1)

    for table in layout.lists:
        sheet = book.create_sheet(table.name)
        keys = [_row_key_column(layout, table, level) for level in range(table.depth)]
        rows = []
        for source in sources:
            record_id = source.data.get(layout.id_field)
            for row_keys, item in list_items(source.data, table):
                values = [_cell(source, (), column, get_path(item, column.path), problems) for column in table.columns]
                rows.append([record_id, *row_keys, *values])
        _fill(sheet, [id_column, *keys, *table.columns], rows, choices, frozen=1 + len(keys))

    sheet = book.create_sheet(f"{layout.main.name} - {VALUES_SHEET}")
    columns = [
        id_column,
        Column(("_truong",), "Trường", "choice", tuple(".".join(path) for path in layout.values)),
        Column(("#",), "STT", "int"),
        Column(("_gia_tri",), "Giá trị", "text", description="Một giá trị của danh sách; mỗi dòng một giá trị."),
    ]
    rows = []
    for source in sources:
        for path in layout.values:
            values = get_path(source.data, path) or []
            for number, value in enumerate(values, 1):
                cell = _cell(source, (*path, number - 1), columns[3], value, problems)
                rows.append([source.data.get(layout.id_field), ".".join(path), number, cell])
    _fill(sheet, columns, rows, choices, frozen=3)


def _row_key_column(layout: Layout, table: Table, level: int) -> Column:
    """The column naming the item's parent at ``level`` (by its identifying field), or its own number."""
    key, field = table.row_keys[level]
    list_name = LIST_NAMES.get(table.level_key(level), table.level_key(level))
    if field is None:
        return Column((key,), f"STT {list_name}", "int", description=f"Số thứ tự trong danh sách {list_name}.")
    parent = next(t for t in layout.lists if t.key == table.level_key(level))
    source = next(column for column in parent.columns if column.path == (field,))
    description = f"{list_name} mà dòng này thuộc về, ghi đúng như ở trang '{parent.name}'."
    return Column((key,), f"{list_name}: {source.label}", source.kind, source.choices, source.reference, description)


def _cell(source: Source, path: tuple, column: Column, value: Any, problems: list[Problem]) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int):
        return value
    text = "\n".join(str(item) for item in value) if isinstance(value, list) else str(value)
    if len(text) > MAX_CELL:
        where = format_path((*path, *column.path))
        message = f"dài hơn {MAX_CELL} ký tự: một ô bảng tính không chứa hết"
        problems.append(Problem(source.file, source.line_of(path), where, message))
    return text


def _fill(sheet: Worksheet, columns: list[Column], rows: list[list[Any]], choices: _Choices, frozen: int) -> None:
    for index, column in enumerate(columns, 1):
        label = sheet.cell(1, index, column.label)
        label.font, label.fill = _HEADER, _HEADER_FILL
        label.alignment = Alignment(wrap_text=True, vertical="top")
        if column.description:
            label.comment = Comment(column.description, "Sổ tay", width=300, height=120)
        sheet.cell(2, index, column.key).font = _KEY
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDE if column.kind == "text" else 14
    for row_number, row in enumerate(rows, HEADER_ROWS + 1):
        for index, value in enumerate(row, 1):
            if value is None:
                continue
            cell = sheet.cell(row_number, index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # "=…" stays text, never a formula
                cell.number_format = "@"
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = HEADER_ROWS + len(rows) + _SPARE_ROWS
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        if column.kind in ("text", "date"):
            # Typed into an empty cell, "1.010000" would become the number 1.01 and 12/06/2025 a date.
            sheet.column_dimensions[letter].number_format = "@"
        listed = choices.range_for(column)
        if listed:
            check = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=True)
            check.error = "Hãy chọn một giá trị trong danh sách."
            check.errorTitle = "Giá trị không hợp lệ"
            check.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = sheet.cell(HEADER_ROWS + 1, frozen + 1)


class _Choices:
    """The hidden sheet holding every drop-down's values, one list per column."""

    def __init__(self, sheet: Worksheet, raw: RawDataset) -> None:
        self.sheet = sheet
        self.ranges: dict[tuple[str, ...], str] = {}
        self.references = {
            "fields": _ids(raw.top.get("fields"), "fields"),
            "levels": _ids(raw.top.get("levels"), "levels"),
            "legal": [source.data.get("id") for source in raw.records["legal"]],
        }

    def range_for(self, column: Column) -> str | None:
        if column.reference:
            values = self.references[column.reference]
        elif column.kind == "bool":
            values = [YES, NO]
        elif column.kind == "choice":
            values = list(column.choices)
        else:
            return None
        values = tuple(str(value) for value in values if value)
        if not values:
            return None
        if values not in self.ranges:
            index = len(self.ranges) + 1
            for row, value in enumerate(values, 1):
                self.sheet.cell(row, index, value).data_type = "s"
            letter = get_column_letter(index)
            self.ranges[values] = f"{quote_sheetname(self.sheet.title)}!${letter}$1:${letter}${len(values)}"
        return self.ranges[values]


def _ids(source: Source | None, key: str) -> list[str]:
    entries = (source.data or {}).get(key, []) if source and isinstance(source.data, dict) else []
    return [entry.get("id") for entry in entries if isinstance(entry, dict)]


def _write_guide(sheet: Worksheet, names: list[str]) -> None:
    lines = [
        "Sổ tay nghiệp vụ — bảng tính để sửa dữ liệu",
        "",
        "Cách dùng:",
        "1. Sửa nội dung trong các trang tính, lưu lại (giữ định dạng .xlsx hoặc .ods).",
        "2. Xem trước những gì sẽ thay đổi và mọi lỗi: make check-xlsx FILE=TÊN-TỆP",
        "   (hoặc: python -m sotay import-xlsx TÊN-TỆP --dry-run)",
        "   Hết lỗi thì ghi vào data/: make import-xlsx FILE=TÊN-TỆP, rồi chạy make để dựng lại sổ tay.",
        "3. Nếu có lỗi, chương trình báo từng ô (ví dụ: Thủ tục!D7) và không ghi tệp nào.",
        "",
        "Quy tắc:",
        "• Dòng 1 là tên cột; dòng 2 là tên trường cho máy đọc: đừng sửa, đừng xóa cột.",
        "• Mỗi dòng của trang chính là một hồ sơ; các trang '… - Trình tự', '… - Giấy tờ'… là danh sách của",
        "  hồ sơ đó, nối với hồ sơ bằng cột mã ở đầu và xếp theo cột STT.",
        "• Thêm một bước, một giấy tờ: thêm một dòng, ghi mã hồ sơ và STT (số thứ tự trong danh sách).",
        "• Trang '… - Danh sách' chứa các danh sách chỉ có chữ (đối tượng, nguồn…): mỗi giá trị một dòng.",
        "• Ô để trống nghĩa là không có giá trị. Số tiền ghi số liền: 250000 (không dấu chấm).",
        f"• Ngày ghi dd/mm/yyyy, ví dụ 01/07/2025. Có/không ghi '{YES}' hoặc '{NO}'.",
        f"• Xóa một hồ sơ: ghi x vào cột '{DELETE}'. Đừng xóa dòng: dòng biến mất sẽ bị báo lỗi.",
        f"• Cột '{VERSION}' cho biết tệp đã bị người khác sửa sau khi xuất bảng tính hay chưa: đừng sửa.",
        "",
        "Các trang tính:",
        *(f"• {name}" for name in names if name not in (GUIDE_SHEET, CHOICES_SHEET)),
        "",
        "Ý nghĩa từng trường: xem data/README.md, hoặc chú thích ở ô tên cột.",
    ]
    for row, line in enumerate(lines, 1):
        sheet.cell(row, 1, line).data_type = "s"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110


def default_target(data: Path) -> str:
    return display_name(data.parent / "sotay-du-lieu.xlsx")
