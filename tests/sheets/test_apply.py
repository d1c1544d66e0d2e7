"""The spreadsheet round trip, end to end: export, edit cells as an editor would, import."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from sotay.cli import main
from sotay.errors import HandbookError
from sotay.load import load_dataset
from sotay.sheets.apply import import_workbook
from sotay.sheets.export import export_workbook
from tests.conftest import REPO, make_project
from tests.test_hostile import write_hostile_records


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.yaml"))}


def exported(paths, name: str = "du-lieu.xlsx") -> Path:
    target = paths.data.parent / name
    export_workbook(load_dataset(paths.data), target)
    return target


def edit(book_path: Path, changes: dict[tuple[str, str], object], rows: dict[str, list[list]] | None = None) -> Path:
    """Change cells (and append rows) the way an editor would, then save."""
    book = openpyxl.load_workbook(book_path)
    for (sheet, cell), value in changes.items():
        book[sheet][cell].value = value
    for sheet, new_rows in (rows or {}).items():
        for row in new_rows:
            book[sheet].append(row)
    book.save(book_path)
    return book_path


def row_of(book_path: Path, sheet: str, first: str, **where: object) -> int:
    """The row of ``sheet`` whose first column is ``first`` and whose named columns hold the given values."""
    book = openpyxl.load_workbook(book_path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    keys = list(rows[1])
    for number, row in enumerate(rows[2:], 3):
        if row[0] == first and all(row[keys.index(key)] == value for key, value in where.items()):
            return number
    raise AssertionError(f"no row {first} {where} in {sheet}")


def column_of(book_path: Path, sheet: str, key: str) -> str:
    book = openpyxl.load_workbook(book_path, read_only=True)
    keys = next(book[sheet].iter_rows(min_row=2, max_row=2, values_only=True))
    return openpyxl.utils.get_column_letter(list(keys).index(key) + 1)


def test_shipped_data_round_trips_without_a_change(tmp_path):
    paths = make_project(tmp_path, REPO / "data")
    shutil.copytree(REPO / "handbook/huong-dan", paths.docs / "huong-dan")
    before = snapshot(paths.data)
    changes, _ = import_workbook(paths, exported(paths))
    assert changes == []
    assert snapshot(paths.data) == before


def test_hostile_text_round_trips_without_a_change(project):
    write_hostile_records(project.data)
    before = snapshot(project.data)
    book = exported(project)
    cells = openpyxl.load_workbook(book)["Thủ tục"]
    formulas = [cell for row in cells.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []  # "=…" from the data is text in the sheet, never a formula
    changes, _ = import_workbook(project, book)
    assert changes == []
    assert snapshot(project.data) == before


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_workbook_saved_by_libreoffice_round_trips(project, tmp_path, kind):
    write_hostile_records(project.data)
    before = snapshot(project.data)
    book = exported(project)
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", kind,
         "--outdir", str(out), str(book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    changes, _ = import_workbook(project, out / f"du-lieu.{kind}")
    assert changes == []
    assert snapshot(project.data) == before


def test_one_edited_cell_changes_one_line_of_one_file(project):
    book = exported(project)
    row = row_of(book, "Thủ tục - Phí lệ phí", "1.000001", **{"channels.method": "truc-tiep"})
    column = column_of(book, "Thủ tục - Phí lệ phí", "amount")
    before = snapshot(project.data)
    changes, _ = import_workbook(project, edit(book, {("Thủ tục - Phí lệ phí", f"{column}{row}"): 300000}))
    after = snapshot(project.data)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["procedures/1.000001.yaml"]
    diff = [
        line
        for line in difflib.unified_diff(
            before[changed[0]].decode().splitlines(), after[changed[0]].decode().splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-      - {kind: le-phi, amount: 250000, note: mỗi giấy chứng nhận}",
        "+      - {kind: le-phi, amount: 300000, note: mỗi giấy chứng nhận}",
    ]
    assert [str(change) for change in changes] == [
        f"sửa {project.data / 'procedures/1.000001.yaml'}\n    channels[0].fees[0].amount: 250000 → 300000"
    ]


def test_rows_added_and_records_deleted(project):
    book = exported(project)
    procedure = "tam-tan-so-nghiep-du"
    steps = openpyxl.load_workbook(book)["Thủ tục - Trình tự"]
    last_step = max(row[1].value for row in steps.iter_rows(min_row=3) if row[0].value == procedure)
    delete_column = column_of(book, "Không còn áp dụng", "_xoa")
    edit(
        book,
        {("Không còn áp dụng", f"{delete_column}3"): "x"},
        rows={"Thủ tục - Trình tự": [[procedure, last_step + 1, "Bộ phận một cửa", "Trả kết quả."]]},
    )
    import_workbook(project, book)
    data = load_dataset(project.data)
    record = next(source.data for source in data.records["procedures"] if source.stem == procedure)
    assert record["steps"][-1] == {"actor": "Bộ phận một cửa", "action": "Trả kết quả."}
    assert data.records["retired"] == []


def test_mistakes_are_reported_by_cell_and_nothing_is_written(project, capsys):
    book = exported(project)
    fees = "Thủ tục - Phí lệ phí"
    amount = column_of(book, fees, "amount")
    field = column_of(book, "Thủ tục", "field")
    signed = column_of(book, "Văn bản", "signed")
    no_fee = column_of(book, "Thủ tục - Cách thức", "no_fee")
    edit(
        book,
        {
            (fees, f"{amount}3"): "250.000",
            ("Thủ tục", f"{field}4"): "Đo lường",  # another record: one that fails its schema is not checked further
            ("Văn bản", f"{signed}3"): "31/02/2025",
            ("Thủ tục - Cách thức", f"{no_fee}3"): "chắc vậy",
        },
        rows={"Thủ tục - Trình tự": [["1.999999", 1, "Ai đó", "Làm gì đó."], ["1.000001", 1, "Trùng", "Trùng số."]]},
    )
    before = snapshot(project.data)
    assert main(["--root", str(project.data.parent), "import-xlsx", str(book)]) == 1
    report = capsys.readouterr().err
    name = book.name if book.is_relative_to(Path.cwd()) else str(book)
    expected = [
        f"{name}:{fees}!{amount}3: channels[0].fees[0].amount: ",
        "viết 250000",
        f"{name}:Thủ tục!{field}4: field: ",
        "hãy ghi mã 'do-luong'",
        f"{name}:Văn bản!{signed}3: signed: ngày phải ghi dd/mm/yyyy",
        f"{name}:Thủ tục - Cách thức!{no_fee}3: channels[0].no_fee: ghi 'có' hoặc 'không' (đang ghi 'chắc vậy')",
        f"{name}:Thủ tục - Trình tự!A",
        "không có hồ sơ mã '1.999999' ở trang 'Thủ tục'",
        "số thứ tự 1 trùng với dòng Thủ tục - Trình tự!A3",
        "ở bước nhập bảng tính; chưa ghi gì.",
    ]
    for text in expected:
        assert text in report, (text, report)
    assert snapshot(project.data) == before


def test_a_row_removed_by_mistake_is_an_error_not_a_deletion(project):
    book = exported(project)
    workbook = openpyxl.load_workbook(book)
    workbook["Thủ tục"].delete_rows(3)
    workbook.save(book)
    with pytest.raises(HandbookError) as caught:
        import_workbook(project, book)
    assert "không có trong bảng tính: muốn xóa thì ghi x vào cột _xoa" in caught.value.report()


def test_a_file_edited_since_the_export_is_not_overwritten(project):
    book = exported(project)
    file = project.data / "procedures/1.000001.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("Nộp hồ sơ.", "Nộp hồ sơ (đã sửa)."), encoding="utf-8")
    name = column_of(book, "Thủ tục", "name")
    edit(book, {("Thủ tục", f"{name}3"): "Tên mới"})
    edited = file.read_bytes()
    with pytest.raises(HandbookError) as caught:
        import_workbook(project, book)
    assert "sau khi bảng tính này được xuất, và dòng này cũng được sửa" in caught.value.report()
    assert file.read_bytes() == edited


def test_a_file_edited_since_the_export_keeps_its_edit_when_its_row_was_not_touched(project):
    book = exported(project)
    file = project.data / "procedures/1.000001.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("Nộp hồ sơ.", "Nộp hồ sơ (đã sửa)."), encoding="utf-8")
    name = column_of(book, "Thủ tục", "name")
    edit(book, {("Thủ tục", f"{name}4"): "Tên mới cho thủ tục thứ hai"})  # another record
    edited = file.read_bytes()
    changes, _ = import_workbook(project, book)
    assert [change.file.rsplit("/", 1)[-1] for change in changes] == ["tam-tan-so-nghiep-du.yaml"]
    assert file.read_bytes() == edited


def test_a_code_the_spreadsheet_turned_into_a_number_is_caught(project):
    book = exported(project)
    edit(book, {}, rows={"Thủ tục - Danh sách": [["1.000001", "related", 9, 1.01]]})
    with pytest.raises(HandbookError) as caught:
        import_workbook(project, book)
    assert "đọc ô này thành số 1.01" in caught.value.report()


def test_dry_run_shows_the_changes_and_writes_nothing(project, capsys):
    book = exported(project)
    name = column_of(book, "Thủ tục", "name")
    edit(book, {("Thủ tục", f"{name}3"): "Đăng ký chuẩn đo lường (sửa)"})
    before = snapshot(project.data)
    assert main(["--root", str(project.data.parent), "import-xlsx", str(book), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "name: 'Đăng ký chuẩn đo lường' → 'Đăng ký chuẩn đo lường (sửa)'" in out
    assert "chưa ghi gì" in out
    assert snapshot(project.data) == before


def test_not_a_workbook(project, tmp_path):
    bogus = tmp_path / "khong-phai.xlsx"
    shutil.copy(project.data / "handbook.yaml", bogus)
    with pytest.raises(HandbookError) as caught:
        import_workbook(project, bogus)
    assert "không đọc được tệp bảng tính" in caught.value.report()


def test_renumbering_parents_keeps_their_children(project):
    """Documents name their dossier group by its title, fees their channel by its method: never by number."""
    book = exported(project)
    cases, number = "Thủ tục - Nhóm hồ sơ", column_of(exported(project), "Thủ tục - Nhóm hồ sơ", "#dossier.cases")
    first = row_of(book, cases, "1.000001", case="Hồ sơ cấp mới gồm")
    second = row_of(book, cases, "1.000001", case="Hồ sơ cấp lại gồm")
    edit(book, {(cases, f"{number}{first}"): 2, (cases, f"{number}{second}"): 1})
    import_workbook(project, book)
    record = next(s.data for s in load_dataset(project.data).records["procedures"] if s.stem == "1.000001")
    assert [(case["case"], [d["name"] for d in case["documents"]]) for case in record["dossier"]["cases"]] == [
        ("Hồ sơ cấp lại gồm", ["Đơn đề nghị cấp lại"]),
        ("Hồ sơ cấp mới gồm", ["Đơn đăng ký", "Bản sao giấy chứng nhận kiểm định"]),
    ]


def test_a_renamed_field_key_is_reported_alone_not_with_every_row(project):
    book = exported(project)
    name = column_of(book, "Thủ tục", "name")
    edit(book, {("Thủ tục", f"{name}2"): "ten"})
    with pytest.raises(HandbookError) as caught:
        import_workbook(project, book)
    lines = caught.value.report().splitlines()
    assert len(lines) == 3, lines  # the unknown column, the missing one, the closing line
    assert f"Thủ tục!{name}2: cột lạ 'ten'" in lines[0] + lines[1]


def test_the_preview_shows_where_a_long_text_changed_and_invisible_characters(project):
    book = exported(project)
    column = column_of(book, "Thủ tục", "authority.competent")
    edit(book, {("Thủ tục", f"{column}3"): "Ủy ban nhân dân\u00a0cấp tỉnh"})
    changes, warnings = import_workbook(project, book, write=False)
    assert changes[0].details == (
        "authority.competent: 'Ủy ban nhân dân cấp tỉnh' → 'Ủy ban nhân dân[U+00A0]cấp tỉnh'",
    )
    assert any("có ký tự ẩn U+00A0" in str(warning) and f"Thủ tục!{column}3" in str(warning) for warning in warnings)


def test_an_amount_a_spreadsheet_may_have_misread_is_pointed_out(project):
    book = exported(project)
    amount = column_of(book, "Thủ tục - Phí lệ phí", "amount")
    edit(book, {("Thủ tục - Phí lệ phí", f"{amount}3"): 250})
    _, warnings = import_workbook(project, book, write=False)
    assert [str(w).split(": ", 2)[-1] for w in warnings if "amount" in w.path] == [
        "số tiền 250 đồng rất nhỏ: nếu định ghi 250.000 đồng thì hãy ghi 250000 (bảng tính có thể đã đọc "
        "'250.000' thành 250)"
    ]
