"""validate: every problem in the dataset, located as file:line: field.path: message."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from sotay.build import load_handbook
from sotay.errors import HandbookError

from .conftest import REPO


def problems_of(project) -> list[str]:
    with pytest.raises(HandbookError) as caught:
        load_handbook(project)
    root = str(project.data.parent) + "/"
    return [str(problem).replace(root, "") for problem in caught.value.problems]


def edit(project, relative: str, old: str, new: str) -> None:
    path = project.data / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


P1 = "procedures/1.000001.yaml"


def test_fixture_dataset_is_valid(fixture_handbook):
    assert [p.code for p in fixture_handbook.procedures] == ["1.000001", "tam-tan-so-nghiep-du"]
    assert [t.id for t in fixture_handbook.tasks] == ["xa-kiem-tra-do-luong"]


def test_unquoted_code_says_to_quote_it(project):
    edit(project, P1, 'code: "1.000001"', "code: 1.000001")
    assert problems_of(project) == [
        'data/procedures/1.000001.yaml:1: code: hãy viết trong dấu ngoặc kép: "1.000001" (không có ngoặc, YAML '
        "đọc 1.000001 thành số 1.000001)",
    ]


def test_unquoted_code_with_trailing_zeros_shows_what_was_written(project):
    text = (project.data / P1).read_text(encoding="utf-8").replace('code: "1.000001"', "code: 1.010000")
    (project.data / "procedures/1.010000.yaml").write_text(text, encoding="utf-8")
    assert problems_of(project) == [
        'data/procedures/1.010000.yaml:1: code: hãy viết trong dấu ngoặc kép: "1.010000" (không có ngoặc, YAML '
        "đọc 1.010000 thành số 1.01)",
    ]


def test_missing_required_field(project):
    edit(project, P1, "results:\n  - Giấy chứng nhận đăng ký chuẩn đo lường\n", "")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:1: results: thiếu trường bắt buộc",
    ]


def test_misspelled_field_suggests_the_right_one(project):
    edit(project, P1, "applicants:", "aplicants:")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:46: aplicants: trường 'aplicants' không có trong mẫu dữ liệu; có phải "
        "'applicants'?",
    ]


def test_misspelled_nested_field(project):
    edit(project, P1, "    time: {value: 5}", "    time: {valeu: 5}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:22: steps[1].time.valeu: trường 'valeu' không có trong mẫu dữ liệu; có "
        "phải 'value'?",
    ]


def test_unknown_field_without_a_close_match_lists_the_allowed_ones(project):
    edit(project, "legal/nd-132-2025.yaml", "issuer: Chính phủ", "issuer: Chính phủ\nghi_chu: x")
    assert problems_of(project) == [
        "data/legal/nd-132-2025.yaml:6: ghi_chu: trường 'ghi_chu' không có trong mẫu dữ liệu; các trường được "
        "phép ở đây: effective_from, effective_to, id, issuer, kind, note, number, signed, sources, title",
    ]


def test_wrong_type_shows_the_value(project):
    edit(project, P1, "    time: {value: 10}", "    time: {value: mười}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:25: steps[2].time.value: cần một số nguyên (như 5 hoặc 250000), đã ghi 'mười'",
    ]


def test_unknown_enum_value(project):
    edit(project, P1, "method: truc-tiep", "method: tai-cho")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:27: channels[0].method: chỉ được ghi một trong các giá trị 'truc-tiep', "
        "'truc-tuyen' hoặc 'buu-chinh', đã ghi 'tai-cho'",
    ]


def test_date_in_screen_format_is_rejected(project):
    edit(project, P1, "date: 2025-11-01", "date: 01/11/2025")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:66: review.date: cần ngày viết dạng NĂM-THÁNG-NGÀY (ví dụ 2025-06-12), "
        "đã ghi '01/11/2025'",
    ]


def test_unknown_references_are_reported_with_suggestions(project):
    edit(project, P1, "field: do-luong", "field: do-luongg")
    edit(project, P1, "level: tinh", "level: huyen")
    edit(project, P1, "  - document: nd-133-2025\n    article: Điều 10\nrelated", "  - document: nd-999-2025\nrelated")
    edit(project, P1, "  - tam-tan-so-nghiep-du", "  - tam-khong-co")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:3: field: không có lĩnh vực 'do-luongg' trong data/fields.yaml; có phải "
        "'do-luong' (Đo lường)?",
        "data/procedures/1.000001.yaml:4: level: không có cấp 'huyen' trong data/levels.yaml; các mã hợp lệ: "
        "tinh (Cấp tỉnh), xa (Cấp xã)",
        "data/procedures/1.000001.yaml:53: legal_basis[0].document: không có văn bản 'nd-999-2025' trong "
        "data/legal/; có phải 'nd-133-2025' (133/2025/NĐ-CP)?",
        "data/procedures/1.000001.yaml:55: related[0]: không có thủ tục 'tam-khong-co' trong data/procedures/",
    ]


def test_task_references(project):
    edit(project, "tasks/xa-kiem-tra-do-luong.yaml", '  - "1.000001"', '  - "1.000002"')
    edit(project, "tasks/xa-kiem-tra-do-luong.yaml", "to_level: xa", "to_level: phuong")
    assert problems_of(project) == [
        "data/tasks/xa-kiem-tra-do-luong.yaml:6: to_level: không có cấp 'phuong' trong data/levels.yaml; các "
        "mã hợp lệ: tinh (Cấp tỉnh), xa (Cấp xã)",
        "data/tasks/xa-kiem-tra-do-luong.yaml:11: related_procedures[0]: không có thủ tục '1.000002' trong "
        "data/procedures/; có phải '1.000001' (Đăng ký chuẩn đo lường)?",
    ]


def test_code_must_match_file_name_and_be_unique(project):
    copy = project.data / "procedures/1.000002.yaml"
    copy.write_text((project.data / P1).read_text(encoding="utf-8"), encoding="utf-8")
    assert problems_of(project) == [
        "data/procedures/1.000002.yaml:1: code: '1.000001' không khớp với tên tệp '1.000002.yaml': hãy đặt tên "
        "tệp là 1.000001.yaml",
        "data/procedures/1.000002.yaml:1: code: '1.000001' đã được dùng ở data/procedures/1.000001.yaml",
    ]


def test_bad_code_form(project):
    edit(project, "procedures/tam-tan-so-nghiep-du.yaml", "code: tam-tan-so-nghiep-du", "code: TAM_1")
    assert problems_of(project) == [
        "data/procedures/tam-tan-so-nghiep-du.yaml:1: code: 'TAM_1' không phải mã thủ tục: ghi mã quốc gia "
        '(như "1.011937", chữ số thường) hoặc mã tạm (như tam-cap-giay-phep)',
    ]


def test_related_to_itself(project):
    edit(project, P1, "  - tam-tan-so-nghiep-du", '  - "1.000001"')
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:56: related[0]: một thủ tục không thể liên quan đến chính nó",
    ]


def test_every_procedure_lists_its_sources(project):
    edit(project, P1, "sources:\n  - https://example.org/1.000001\n", "")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:1: sources: thiếu trường bắt buộc",
    ]


def test_a_verified_task_lists_its_sources(project):
    task = "tasks/xa-kiem-tra-do-luong.yaml"
    text = (project.data / task).read_text(encoding="utf-8")
    (project.data / task).write_text(
        re.sub(r"sources:\n(  - .*\n)+", "", text).replace("status: needs-review", "status: verified"),
        encoding="utf-8",
    )
    problems = problems_of(project)
    assert len(problems) == 1 and problems[0].endswith(
        "review.status: hồ sơ đánh dấu verified (đã rà soát) phải ghi nguồn (sources)"
    )


def test_online_channel_needs_online_service(project):
    edit(project, P1, "online_service: mot-phan\n", "")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:32: channels[1].method: có nộp trực tuyến thì phải ghi online_service "
        "(dịch vụ công trực tuyến): toan-trinh (toàn trình) hoặc mot-phan (một phần)"
    ]


def test_same_channel_twice(project):
    edit(project, P1, "  - method: truc-tuyen", "  - method: truc-tiep")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:33: channels[1].method: hình thức 'truc-tiep' đã được mô tả ở channels[0]: "
        "mỗi hình thức nộp chỉ ghi một lần"
    ]


def test_fee_without_amount_or_note(project):
    edit(project, P1, "{kind: le-phi, amount: 250000, note: mỗi giấy chứng nhận}", "{kind: le-phi}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:32: channels[0].fees[0]: ghi số tiền (amount, đơn vị đồng) hoặc ghi chú "
        "cách tính (note)",
    ]


def test_legal_dates_out_of_order(project):
    edit(project, "legal/nd-133-2025.yaml", "effective_to: 2027-03-01", "effective_to: 2020-03-01")
    assert problems_of(project) == [
        "data/legal/nd-133-2025.yaml:8: effective_to: ngày hết hiệu lực (effective_to) trước ngày có hiệu lực "
        "(effective_from)",
    ]


def test_stray_files_are_not_ignored(project):
    (project.data / "procedures/1.000003.yml").write_text("code: '1.000003'\n", encoding="utf-8")
    assert problems_of(project) == [
        "data/procedures/1.000003.yml:1: không phải tệp dữ liệu: tệp hồ sơ phải có đuôi .yaml",
    ]


def test_invalid_record_is_not_reported_again_as_unknown(project):
    # The task points at 1.000001; a problem inside 1.000001 must not also make it "unknown".
    edit(project, P1, "    time: {value: 10}", "    time: {value: mười}")
    assert len(problems_of(project)) == 1


def test_all_problems_in_all_files_are_reported_at_once(project):
    edit(project, P1, "level: tinh", "level: huyen")
    edit(project, "procedures/tam-tan-so-nghiep-du.yaml", "name: Cấp", "name: Cấp\nname: Lại")
    (project.data / "legal/nd-132-2025.yaml").write_text("id: [broken\n", encoding="utf-8")
    problems = problems_of(project)
    assert [p.split(":")[0] for p in problems] == [
        "data/legal/nd-132-2025.yaml",
        "data/procedures/1.000001.yaml",
        "data/procedures/tam-tan-so-nghiep-du.yaml",
    ]


def test_guide_pages_must_exist_and_be_listed(project):
    edit(project, "handbook.yaml", "guide: []", "guide:\n  - gioi-thieu.md")
    guide = project.docs / "huong-dan"
    guide.mkdir()
    (guide / "ghi-chu.md").write_text("# Ghi chú\n", encoding="utf-8")
    assert problems_of(project) == [
        "data/handbook.yaml:7: guide[0]: không có trang handbook/huong-dan/gioi-thieu.md",
        "handbook/huong-dan/ghi-chu.md:1: trang này chưa có trong danh sách guide: của data/handbook.yaml; hãy "
        "thêm vào đó hoặc xóa tệp",
    ]


def test_cli_reports_problems_without_traceback_and_exits_1(project):
    edit(project, P1, "level: tinh", "level: huyen")
    result = subprocess.run(
        [sys.executable, "-m", "sotay", "validate"],
        cwd=project.data.parent,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src")},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "data/procedures/1.000001.yaml:4: level: không có cấp 'huyen' trong data/levels.yaml; "
        "các mã hợp lệ: tinh (Cấp tỉnh), xa (Cấp xã)",
        "Có 1 lỗi ở bước kiểm tra dữ liệu; chưa ghi gì.",
    ]


# --- what would fail later is refused here ------------------------------------------------------


def test_look_alike_digits_are_not_a_national_code(project):
    text = (project.data / P1).read_text(encoding="utf-8").replace('code: "1.000001"', 'code: "١.٠٠٠٠٠١"')
    (project.data / P1).unlink()
    (project.data / "procedures/١.٠٠٠٠٠١.yaml").write_text(text, encoding="utf-8")
    assert problems_of(project)[0] == (
        "data/procedures/١.٠٠٠٠٠١.yaml:1: code: '١.٠٠٠٠٠١' không phải mã thủ tục: ghi mã quốc gia "
        '(như "1.011937", chữ số thường) hoặc mã tạm (như tam-cap-giay-phep)'
    )


def test_site_url_must_be_a_plain_address(project):
    edit(project, "handbook.yaml", "site_url: https://sotay.khcn.gov.vn/", 'site_url: "https://x.vn/)`#x`{=typst}("')
    assert problems_of(project) == [
        "data/handbook.yaml:5: site_url: 'https://x.vn/)`#x`{=typst}(' không phải địa chỉ web đơn giản: ghi "
        "http(s)://, tên miền không dấu và đường dẫn gồm chữ, số, '-', '_', '.', '/' (như "
        "https://sotay.mic.gov.vn/)",
    ]


def test_edition_year_typo_is_refused_here_not_in_mkdocs(project):
    edit(project, "handbook.yaml", "edition: 2025-11-20", "edition: 1025-11-20")
    assert problems_of(project) == [
        "data/handbook.yaml:4: edition: năm 1025 không hợp lý cho một ấn bản; hãy kiểm tra lại ngày 1025-11-20",
    ]


def test_a_task_may_not_take_the_name_of_a_generated_page(project):
    old = project.data / "tasks/xa-kiem-tra-do-luong.yaml"
    text = old.read_text(encoding="utf-8").replace("id: xa-kiem-tra-do-luong", "id: index")
    old.unlink()
    (project.data / "tasks/index.yaml").write_text(text, encoding="utf-8")
    assert problems_of(project) == [
        "data/tasks/index.yaml:1: id: 'index' trùng tên một trang sổ tay tự tạo (nhiem-vu/index.html); hãy "
        "chọn mã khác",
    ]


def test_an_empty_or_missing_dataset_is_refused(project, tmp_path):
    for folder in ("procedures", "tasks", "retired", "provinces"):
        for path in (project.data / folder).iterdir():
            path.unlink()
    assert problems_of(project) == [
        "data: dữ liệu không có thủ tục và nhiệm vụ nào: không có gì để xuất bản",
    ]
    missing = type(project)(**{**project.__dict__, "data": tmp_path / "khong-co"})
    with pytest.raises(HandbookError) as caught:
        load_handbook(missing)
    assert [p.message for p in caught.value.problems] == [
        "không có thư mục dữ liệu ở đây: hãy chỉ đến thư mục chứa handbook.yaml"
    ]


# --- what a record says must hold together (rules.py) ------------------------------------------


def test_a_channel_says_whether_there_is_a_fee(project):
    edit(project, P1, "    no_fee: true\n", "")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:33: channels[1]: ghi phí, lệ phí theo đúng một cách: liệt kê ở fees, "
        "hoặc ghi no_fee: true (không thu), hoặc fee_unknown: <lý do chưa biết>",
    ]
    edit(
        project, P1, "  - method: truc-tuyen\n", "  - method: truc-tuyen\n    no_fee: true\n    fee_unknown: chưa rõ\n"
    )
    assert problems_of(project)[0].startswith("data/procedures/1.000001.yaml:33: channels[1]: ghi phí, lệ phí theo")


def test_steps_longer_than_the_legal_deadline_are_refused(project):
    edit(project, P1, "    time: {value: 10}\n", "    time: {value: 12}\n")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:17: steps: các bước cộng lại 17 ngày làm việc, vượt thời hạn giải quyết "
        "15 ngày làm việc ở channels[0].time; thời hạn con (như thông báo bổ sung hồ sơ) ghi ở "
        "channels[].sub_deadlines, không ghi vào một bước; nếu các bước đúng, ghi lý do ở steps_note",
    ]
    edit(project, P1, "steps:\n", "steps_note: Thời gian lấy ý kiến các bộ không tính vào thời hạn.\nsteps:\n")
    load_handbook(project)  # explained


def test_a_central_procedure_does_not_send_the_dossier_to_a_provincial_desk(project):
    edit(project, P1, "level: tinh", "level: trung-uong")
    edit(project, P1, "  - actor: Cơ quan tiếp nhận", "  - actor: Trung tâm Phục vụ hành chính công cấp tỉnh")
    levels = project.data / "levels.yaml"
    levels.write_text(
        levels.read_text(encoding="utf-8")
        + "  - id: trung-uong\n    name: Cấp trung ương\n    authority: Bộ Khoa học và Công nghệ\n",
        encoding="utf-8",
    )
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:20: steps[1].actor: thủ tục cấp trung ương: hồ sơ nộp tại 'Trung tâm "
        "Phục vụ hành chính công cấp tỉnh', không qua bộ phận một cửa cấp tỉnh; hãy sửa bước này, hoặc ghi lý "
        "do ở steps_note",
    ]


def test_old_codes_answer_once_and_point_at_what_exists(project):
    edit(project, P1, "  - tam-dang-ky-chuan\n", "  - tam-tan-so-nghiep-du\n")
    retired = "retired/tam-giai-thuong-chat-luong.yaml"
    edit(project, retired, '  - "1.000001"', '  - "1.999999"')
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:61: replaces[0]: 'tam-tan-so-nghiep-du' vẫn là một thủ tục riêng: hãy "
        "xóa tệp của nó trước",
        "data/retired/tam-giai-thuong-chat-luong.yaml:7: replaced_by[0]: không có thủ tục '1.999999' trong "
        "data/procedures/",
    ]


# --- numbers as Vietnamese write them, and names where ids are meant ----------------------------


def test_an_amount_written_with_thousands_dots_is_refused_with_the_fix(project):
    edit(project, P1, "amount: 250000", "amount: 250.000")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:32: channels[0].fees[0].amount: viết 250000, không dùng dấu chấm hay dấu "
        "phẩy ngăn cách hàng nghìn (đã ghi 250.000)"
    ]
    edit(project, P1, "amount: 250.000", 'amount: "1.250.000"')
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:32: channels[0].fees[0].amount: viết 1250000, không dùng dấu chấm hay dấu "
        "phẩy ngăn cách hàng nghìn (đã ghi 1.250.000)"
    ]


def test_booleans_and_fractions_are_not_counts(project):
    edit(project, P1, "{name: Đơn đề nghị cấp lại, originals: 1", "{name: Đơn đề nghị cấp lại, originals: true")
    edit(project, P1, "    time: {value: 5}", "    time: {value: 2.5}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:22: steps[1].time.value: cần một số nguyên (như 5 hoặc 250000), đã ghi 2.5",
        "data/procedures/1.000001.yaml:45: dossier.cases[1].documents[0].originals: cần một số nguyên, không phải true",
    ]


def test_a_name_where_an_id_is_meant_gets_the_id(project):
    edit(project, P1, "level: tinh", "level: Cấp tỉnh")
    edit(project, P1, "legal_basis:\n  - document: nd-133-2025", "legal_basis:\n  - document: 133/2025/NĐ-CP")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:4: level: không có cấp 'Cấp tỉnh' trong data/levels.yaml; hãy ghi mã 'tinh' "
        "(Cấp tỉnh)",
        "data/procedures/1.000001.yaml:53: legal_basis[0].document: không có văn bản '133/2025/NĐ-CP' trong "
        "data/legal/; hãy ghi mã 'nd-133-2025' (133/2025/NĐ-CP)",
    ]


def test_a_level_quick_reference_names_other_levels_that_exist(project):
    edit(project, "levels.yaml", "desk_reference: [tinh]", "desk_reference: [tinhh, xa]")
    assert problems_of(project) == [
        "data/levels.yaml:8: levels[1].desk_reference[0]: không có cấp 'tinhh' trong data/levels.yaml; có phải "
        "'tinh' (Cấp tỉnh)?",
        "data/levels.yaml:8: levels[1].desk_reference[1]: một cấp không tra cứu thủ tục của chính nó",
    ]


def test_provinces_are_optional_and_checked_when_present(project):
    shutil.rmtree(project.data / "provinces")  # the provinces' own files name listed provinces
    (project.data / "provinces.yaml").unlink()
    assert load_handbook(project).provinces == ()
    source = "https://example.org/nq-202"
    provinces = project.data / "provinces.yaml"
    provinces.write_text(
        "provinces:\n"
        f"  - {{id: tuyen-quang, name: Tuyên Quang, kind: tỉnh, code: '08', sources: [{source}]}}\n"
        f"  - {{id: lao-cai, name: Lào Cai, kind: tỉnh, code: '08', sources: [{source}]}}\n"
        f"  - {{id: tuyen-quang, name: Tuyên Quang, kind: tỉnh, sources: [{source}]}}\n",
        encoding="utf-8",
    )
    assert problems_of(project) == [
        "data/provinces.yaml:3: provinces[1].code: mã '08' đã dùng cho một tỉnh khác",
        "data/provinces.yaml:4: provinces[2].id: 'tuyen-quang' được liệt kê hai lần",
    ]
    provinces.write_text(
        f"provinces:\n  - {{id: lao-cai, name: Lào Cai, kind: huyện, code: '8', sources: [{source}]}}\n",
        encoding="utf-8",
    )
    problems = problems_of(project)
    assert any(p.startswith("data/provinces.yaml:2: provinces[0].kind:") for p in problems), problems
    assert any(p.startswith("data/provinces.yaml:2: provinces[0].code:") for p in problems), problems


def test_the_shipped_provinces_are_the_34_units_each_sourced():
    from sotay.build import Paths

    from .conftest import REPO

    provinces = load_handbook(Paths.at(REPO)).provinces
    assert len(provinces) == 34 and len({p.code for p in provinces}) == 34
    assert sum(p.kind == "thành phố" for p in provinces) == 6
    assert all(p.sources for p in provinces)


# --- a province's own file (data/provinces/<id>.yaml) ---------------------------------------------

HUE = "provinces/hue.yaml"


def test_a_province_file_may_set_only_what_a_province_decides(project):
    """Anything but centres, announcements and a procedure's time or fees is refused, located."""
    edit(project, HUE, "reviewed: 2025-08-15\n", "reviewed: 2025-08-15\nsteps:\n  - actor: Sở\n")
    edit(project, HUE, "    time: {value: 10}\n", "    time: {value: 10}\n    legal_basis: [{document: nd-133-2025}]\n")
    problems = problems_of(project)
    assert len(problems) == 2, problems
    assert problems[0].startswith(
        "data/provinces/hue.yaml:18: procedures[0].legal_basis: không ghi được 'legal_basis' ở đây: tệp của tỉnh "
        "chỉ được ghi những gì tỉnh tự quyết"
    ), problems
    assert problems[1].startswith("data/provinces/hue.yaml:27: steps: không ghi được 'steps' ở đây:"), problems
    assert "các trường được phép ở đây: announcements, centres, procedures, province, reviewed" in problems[1]


def test_a_misspelled_field_of_a_province_file_gets_a_suggestion(project):
    edit(project, HUE, "centres:\n", "centers:\n")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:3: centers: trường 'centers' không có trong mẫu dữ liệu; có phải 'centres'?"
    ]


def test_a_province_file_names_a_listed_province_and_its_own_file(project):
    edit(project, HUE, "province: hue\n", "province: thua-thien-hue\n")
    problems = problems_of(project)
    assert problems[0] == (
        "data/provinces/hue.yaml:2: province: 'thua-thien-hue' không khớp với tên tệp 'hue.yaml': "
        "hãy đặt tên tệp là thua-thien-hue.yaml"
    )
    assert problems[1].startswith(
        "data/provinces/hue.yaml:2: province: không có tỉnh, thành phố 'thua-thien-hue' trong data/provinces.yaml"
    )


def test_a_province_changes_only_its_own_procedures_once_and_never_lengthens_them(project):
    commune = "    authority: Ủy ban nhân dân cấp xã\n"
    edit(project, "levels.yaml", commune, commune + "    national: true\n")  # as if a ministry's level
    edit(
        project,
        HUE,
        "reviewed: 2025-08-15\n",
        "  - code: tam-tan-so-nghiep-du\n    time: {value: 15, unit: calendar_day}\n"
        "    basis: {document: QĐ 3, source: 'https://tthc.hue.gov.vn/'}\n"
        "  - code: '1.000001'\n    time: {value: 20}\n"
        "    basis: {document: QĐ 4, source: 'https://tthc.hue.gov.vn/'}\n"
        "  - code: '1.000009'\n    time: {value: 20}\n"
        "    basis: {document: QĐ 5, source: 'https://tthc.hue.gov.vn/'}\n"
        "reviewed: 2025-08-15\n",
    )
    edit(project, HUE, "    time: {value: 10}\n", "    time: {value: 30}\n")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:17: procedures[0].time: thời hạn của tỉnh (30 ngày làm việc) dài hơn thời hạn "
        "chung (15 ngày làm việc): tỉnh chỉ ghi thời hạn khi rút ngắn",
        "data/provinces/hue.yaml:25: procedures[1].code: thủ tục 'tam-tan-so-nghiep-du' thuộc cấp xã "
        "(Ủy ban nhân dân cấp xã giải quyết): tỉnh không quy định thời hạn, phí, lệ phí của nó",
        "data/provinces/hue.yaml:28: procedures[2].code: thời hạn của thủ tục '1.000001' đã ghi ở procedures[0]: "
        "mỗi giá trị ghi một lần",
        "data/provinces/hue.yaml:31: procedures[3].code: không có thủ tục '1.000009' trong data/procedures/; "
        "có phải '1.000001' (Đăng ký chuẩn đo lường)?",
    ]


def test_a_local_value_says_what_it_changes_and_on_what_basis(project):
    edit(project, HUE, "      source: https://tthc.hue.gov.vn/\n    note:", "    note:")
    assert problems_of(project) == ["data/provinces/hue.yaml:20: procedures[0].basis.source: thiếu trường bắt buộc"]
    edit(project, HUE, "    note:", "      source: https://tthc.hue.gov.vn/\n    note:")
    edit(project, HUE, "    time: {value: 10}\n", "")
    edit(project, HUE, "    fees:\n      - {kind: le-phi, amount: 200000, note: mỗi giấy chứng nhận}\n", "")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:16: procedures[0]: ghi thời hạn (time) hoặc phí, lệ phí (fees, hoặc no_fee: "
        "true) của tỉnh; không có gì thì bỏ mục này",
    ]


def test_a_local_time_limit_is_shorter_in_the_national_unit_and_never_removed(project):
    edit(project, HUE, "    time: {value: 10}\n", "    time: {value: 10, unit: calendar_day}\n")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:17: procedures[0].time: thời hạn chung của thủ tục tính bằng ngày làm việc "
        "(unit: working_day): ghi thời hạn của tỉnh cùng đơn vị (đã ghi 10 ngày)"
    ]
    edit(project, HUE, "    time: {value: 10, unit: calendar_day}\n", "    time: {value: 15}\n")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:17: procedures[0].time: thời hạn của tỉnh (15 ngày làm việc) bằng thời hạn chung "
        "(15 ngày làm việc): tỉnh chỉ ghi thời hạn khi rút ngắn"
    ]
    edit(project, HUE, "    time: {value: 15}\n", "    time: {not_specified: true}\n")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:16: procedures[0]: tỉnh không bỏ được thời hạn giải quyết: ghi số ngày (value) "
        "ngắn hơn thời hạn chung"
    ]


def test_time_and_fees_may_rest_on_two_bases_each_value_once(project):
    """A time cut by the People's Committee and a fee set by the People's Council: two entries."""
    fees = "    fees:\n      - {kind: le-phi, amount: 200000, note: mỗi giấy chứng nhận}\n"
    edit(project, HUE, fees, "")
    edit(
        project,
        HUE,
        "reviewed:",
        "  - code: '1.000001'\n    no_fee: true\n"
        "    basis: {document: Nghị quyết 5/2025/NQ-HĐND, source: 'https://tthc.hue.gov.vn/'}\n"
        "reviewed:",
    )
    from sotay.local import provincial_edition

    edition = provincial_edition(load_handbook(project), "hue")
    values = edition.edition.local["1.000001"]
    assert values.time.basis.document.startswith("Quyết định 2/QĐ-UBND")
    assert values.fees.basis.document == "Nghị quyết 5/2025/NQ-HĐND"
    assert all(channel.no_fee and not channel.fees for channel in edition.procedure_by_code["1.000001"].channels)


def test_a_province_file_points_at_what_became_of_an_old_code_or_an_old_province(project):
    edit(project, HUE, 'code: "1.000001"', "code: tam-giai-thuong-chat-luong")
    edit(project, HUE, "province: hue\n", "province: Thừa Thiên Huế\n")
    problems = problems_of(project)
    assert "data/provinces/hue.yaml:2: province: không có tỉnh, thành phố 'Thừa Thiên Huế' trong " in problems[-2]
    assert problems[-2].endswith("hãy ghi mã 'hue' (thành phố Huế)")
    assert problems[-1].startswith(
        "data/provinces/hue.yaml:16: procedures[0].code: thủ tục 'tam-giai-thuong-chat-luong' không còn áp dụng từ "
    ), problems


def test_a_copied_province_file_is_the_one_reported(project):
    shutil.copy(project.data / HUE, project.data / "provinces" / "hue - Copy.yaml")
    assert problems_of(project) == [
        "data/provinces/hue - Copy.yaml:2: province: 'hue' không khớp với tên tệp 'hue - Copy.yaml': "
        "hãy đặt tên tệp là hue.yaml",
        "data/provinces/hue - Copy.yaml:2: province: 'hue' đã được dùng ở data/provinces/hue.yaml",
    ]


def test_a_vietnamese_field_name_gets_the_list_not_a_refusal(project):
    edit(project, HUE, '    phone: "0234.3000000"\n', '    điện thoại: "0234.3000000"\n')
    (problem,) = problems_of(project)
    assert problem.startswith("data/provinces/hue.yaml:7: centres[0].điện thoại: trường 'điện thoại' không có")
    assert "address, counter, name, phone, portal, sources, status" in problem


def test_a_placeholder_address_copied_from_an_example_is_refused(project):
    edit(project, HUE, "    sources: [https://tthc.hue.gov.vn/]\n", "    sources: ['https://…']\n")
    assert problems_of(project) == [
        "data/provinces/hue.yaml:9: centres[0].sources[0]: 'https://…' không phải địa chỉ web: ghi đủ địa chỉ, "
        "bắt đầu bằng http:// hoặc https:// rồi tên miền (như https://dichvucong.gov.vn/…), chép từ thanh địa chỉ "
        "của trình duyệt"
    ]
