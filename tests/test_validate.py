"""validate: every problem in the dataset, located as file:line: field.path: message."""

from __future__ import annotations

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
        'data/procedures/1.000001.yaml:1: code: write it in quotes, as "1.000001": '
        "YAML reads the unquoted 1.000001 as the number 1.000001"
    ]


def test_unquoted_code_with_trailing_zeros_shows_what_was_written(project):
    text = (project.data / P1).read_text(encoding="utf-8").replace('code: "1.000001"', "code: 1.010000")
    (project.data / "procedures/1.010000.yaml").write_text(text, encoding="utf-8")
    assert problems_of(project) == [
        'data/procedures/1.010000.yaml:1: code: write it in quotes, as "1.010000": '
        "YAML reads the unquoted 1.010000 as the number 1.01"
    ]


def test_missing_required_field(project):
    edit(project, P1, "results:\n  - Giấy chứng nhận đăng ký chuẩn đo lường\n", "")
    assert problems_of(project) == ["data/procedures/1.000001.yaml:1: results: required field is missing"]


def test_misspelled_field_suggests_the_right_one(project):
    edit(project, P1, "applicants:", "aplicants:")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:46: aplicants: unknown field 'aplicants'; did you mean 'applicants'?",
    ]


def test_misspelled_nested_field(project):
    edit(project, P1, "    time: {value: 5}", "    time: {valeu: 5}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:22: steps[1].time.valeu: unknown field 'valeu'; did you mean 'value'?",
    ]


def test_unknown_field_without_a_close_match_lists_the_allowed_ones(project):
    edit(project, "legal/nd-132-2025.yaml", "issuer: Chính phủ", "issuer: Chính phủ\nghi_chu: x")
    assert problems_of(project) == [
        "data/legal/nd-132-2025.yaml:6: ghi_chu: unknown field 'ghi_chu'; allowed here: effective_from, "
        "effective_to, id, issuer, kind, note, number, signed, sources, title"
    ]


def test_wrong_type_shows_the_value(project):
    edit(project, P1, "    time: {value: 10}", "    time: {value: mười}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:25: steps[2].time.value: expected a whole number, got 'mười'"
    ]


def test_unknown_enum_value(project):
    edit(project, P1, "method: truc-tiep", "method: tai-cho")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:27: channels[0].method: expected one of "
        "'truc-tiep', 'truc-tuyen' or 'buu-chinh', got 'tai-cho'"
    ]


def test_date_in_screen_format_is_rejected(project):
    edit(project, P1, "date: 2025-11-01", "date: 01/11/2025")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:64: review.date: expected a date written YYYY-MM-DD "
        "(e.g. 2025-06-12), got '01/11/2025'"
    ]


def test_unknown_references_are_reported_with_suggestions(project):
    edit(project, P1, "field: do-luong", "field: do-luongg")
    edit(project, P1, "level: tinh", "level: huyen")
    edit(project, P1, "  - document: nd-133-2025\n    article: Điều 10\nrelated", "  - document: nd-999-2025\nrelated")
    edit(project, P1, "  - tam-tan-so-nghiep-du", "  - tam-khong-co")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:3: field: unknown field 'do-luongg' (not in data/fields.yaml); "
        "did you mean 'do-luong'?",
        "data/procedures/1.000001.yaml:4: level: unknown level 'huyen' (not in data/levels.yaml)",
        "data/procedures/1.000001.yaml:53: legal_basis[0].document: unknown legal document 'nd-999-2025' "
        "(not in data/legal/); did you mean 'nd-133-2025'?",
        "data/procedures/1.000001.yaml:55: related[0]: unknown procedure 'tam-khong-co' (not in data/procedures/)",
    ]


def test_task_references(project):
    edit(project, "tasks/xa-kiem-tra-do-luong.yaml", '  - "1.000001"', '  - "1.000002"')
    edit(project, "tasks/xa-kiem-tra-do-luong.yaml", "to_level: xa", "to_level: phuong")
    assert problems_of(project) == [
        "data/tasks/xa-kiem-tra-do-luong.yaml:6: to_level: unknown level 'phuong' (not in data/levels.yaml)",
        "data/tasks/xa-kiem-tra-do-luong.yaml:11: related_procedures[0]: unknown procedure '1.000002' "
        "(not in data/procedures/); did you mean '1.000001'?",
    ]


def test_code_must_match_file_name_and_be_unique(project):
    copy = project.data / "procedures/1.000002.yaml"
    copy.write_text((project.data / P1).read_text(encoding="utf-8"), encoding="utf-8")
    assert problems_of(project) == [
        "data/procedures/1.000002.yaml:1: code: '1.000001' does not match the file name '1.000002.yaml': "
        "name the file 1.000001.yaml",
        "data/procedures/1.000002.yaml:1: code: '1.000001' is already used by data/procedures/1.000001.yaml",
    ]


def test_bad_code_form(project):
    edit(project, "procedures/tam-tan-so-nghiep-du.yaml", "code: tam-tan-so-nghiep-du", "code: TAM_1")
    assert problems_of(project) == [
        "data/procedures/tam-tan-so-nghiep-du.yaml:1: code: 'TAM_1' is not a procedure code: use the national "
        "code (like 1.011937) or a provisional id (like tam-cap-giay-phep)"
    ]


def test_related_to_itself(project):
    edit(project, P1, "  - tam-tan-so-nghiep-du", '  - "1.000001"')
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:56: related[0]: a procedure cannot be related to itself"
    ]


def test_verified_without_sources(project):
    edit(project, P1, "sources:\n  - https://example.org/1.000001\n", "")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:61: review.status: a record marked verified must list its sources"
    ]


def test_online_channel_needs_online_service(project):
    edit(project, P1, "online_service: mot-phan\n", "")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:32: channels[1].method: an online channel needs online_service: "
        "toan-trinh or mot-phan"
    ]


def test_same_channel_twice(project):
    edit(project, P1, "  - method: truc-tuyen", "  - method: truc-tiep")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:33: channels[1].method: 'truc-tiep' is already described in channels[0]"
    ]


def test_fee_without_amount_or_note(project):
    edit(project, P1, "{kind: le-phi, amount: 250000, note: mỗi giấy chứng nhận}", "{kind: le-phi}")
    assert problems_of(project) == [
        "data/procedures/1.000001.yaml:32: channels[0].fees[0]: "
        "give an amount in đồng, or a note saying how the fee is computed"
    ]


def test_legal_dates_out_of_order(project):
    edit(project, "legal/nd-133-2025.yaml", "effective_to: 2027-03-01", "effective_to: 2020-03-01")
    assert problems_of(project) == ["data/legal/nd-133-2025.yaml:8: effective_to: is before effective_from"]


def test_stray_files_are_not_ignored(project):
    (project.data / "procedures/1.000003.yml").write_text("code: '1.000003'\n", encoding="utf-8")
    assert problems_of(project) == ["data/procedures/1.000003.yml:1: not a data file: record files end in .yaml"]


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
        "data/handbook.yaml:7: guide[0]: no such page: handbook/huong-dan/gioi-thieu.md",
        "handbook/huong-dan/ghi-chu.md:1: this page is not listed under guide: in data/handbook.yaml; "
        "add it there or remove the file",
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
        "data/procedures/1.000001.yaml:4: level: unknown level 'huyen' (not in data/levels.yaml)",
        "1 problem found during validate; nothing was written.",
    ]


# --- what would fail later is refused here ------------------------------------------------------


def test_look_alike_digits_are_not_a_national_code(project):
    text = (project.data / P1).read_text(encoding="utf-8").replace('code: "1.000001"', 'code: "١.٠٠٠٠٠١"')
    (project.data / P1).unlink()
    (project.data / "procedures/١.٠٠٠٠٠١.yaml").write_text(text, encoding="utf-8")
    assert problems_of(project)[0] == (
        "data/procedures/١.٠٠٠٠٠١.yaml:1: code: '١.٠٠٠٠٠١' is not a procedure code: use the national code "
        "(like 1.011937) or a provisional id (like tam-cap-giay-phep)"
    )


def test_site_url_must_be_a_plain_address(project):
    edit(project, "handbook.yaml", "site_url: https://sotay.khcn.gov.vn/", 'site_url: "https://x.vn/)`#x`{=typst}("')
    assert problems_of(project) == [
        "data/handbook.yaml:5: site_url: 'https://x.vn/)`#x`{=typst}(' is not a plain web address: write http(s)://, "
        "an ASCII host name and a path of ASCII letters, digits, '-', '_', '.', '/' (like https://sotay.mic.gov.vn/)"
    ]


def test_edition_year_typo_is_refused_here_not_in_mkdocs(project):
    edit(project, "handbook.yaml", "edition: 2025-11-20", "edition: 1025-11-20")
    assert problems_of(project) == [
        "data/handbook.yaml:4: edition: the year 1025 is not plausible for an edition; check the date 1025-11-20"
    ]


def test_a_task_may_not_take_the_name_of_a_generated_page(project):
    old = project.data / "tasks/xa-kiem-tra-do-luong.yaml"
    text = old.read_text(encoding="utf-8").replace("id: xa-kiem-tra-do-luong", "id: index")
    old.unlink()
    (project.data / "tasks/index.yaml").write_text(text, encoding="utf-8")
    assert problems_of(project) == [
        "data/tasks/index.yaml:1: id: 'index' is the name of a page the handbook generates (nhiem-vu/index.html); "
        "choose another id"
    ]


def test_an_empty_or_missing_dataset_is_refused(project, tmp_path):
    for folder in ("procedures", "tasks"):
        for path in (project.data / folder).iterdir():
            path.unlink()
    assert problems_of(project) == ["data: the dataset holds no procedure and no task: nothing to publish"]
    missing = type(project)(**{**project.__dict__, "data": tmp_path / "khong-co"})
    with pytest.raises(HandbookError) as caught:
        load_handbook(missing)
    assert [p.message for p in caught.value.problems] == [
        "no data folder here: give the folder that holds handbook.yaml"
    ]
