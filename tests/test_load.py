"""load: YAML → plain data with lines; the YAML traps become located problems."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from sotay.load import format_path, load_file


def load(tmp_path: Path, text: str | bytes, name: str = "x.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    problems = []
    return load_file(path, problems), [str(p).replace(str(tmp_path) + "/", "") for p in problems]


def test_lines_are_recorded_for_nested_values(tmp_path):
    source, problems = load(tmp_path, "code: '1'\nsteps:\n  - actor: A\n    action: B\n  - actor: C\n")
    assert problems == []
    assert source.lines[("steps", 1, "actor")] == 5
    assert source.line_of(("steps", 1, "actor", "missing")) == 5


def test_duplicate_key_is_a_problem_naming_both_lines(tmp_path):
    _, problems = load(tmp_path, "name: A\ncode: '1'\nname: B\n")
    assert problems == ["x.yaml:3: name: trường 'name' được ghi hai lần (lần đầu ở dòng 1); mỗi trường chỉ ghi một lần"]


def test_duplicate_key_nested(tmp_path):
    _, problems = load(tmp_path, "review:\n  status: verified\n  status: needs-review\n")
    assert problems == [
        "x.yaml:3: review.status: trường 'status' được ghi hai lần (lần đầu ở dòng 2); mỗi trường chỉ ghi một lần"
    ]


def test_unquoted_number_keeps_its_raw_text(tmp_path):
    source, problems = load(tmp_path, "code: 1.010000\n")
    assert problems == []
    assert source.data["code"] == 1.01
    assert source.raw_numbers[("code",)] == "1.010000"


def test_quoted_code_stays_text(tmp_path):
    source, _ = load(tmp_path, 'code: "1.010000"\n')
    assert source.data["code"] == "1.010000"
    assert ("code",) not in source.raw_numbers


def test_tabs_bom_and_crlf_are_accepted(tmp_path):
    text = "\ufeffname: Tên\r\nreview:\r\n\tstatus: verified\r\n\tdate: 2025-01-02\r\n"
    source, problems = load(tmp_path, text)
    assert problems == []
    assert source.data["name"] == "Tên"
    assert source.data["review"]["status"] == "verified"


def test_text_is_normalised_to_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Thủ tục đăng ký")
    source, _ = load(tmp_path, f"name: {decomposed}\n")
    assert source.data["name"] == "Thủ tục đăng ký"
    assert unicodedata.is_normalized("NFC", source.data["name"])


def test_syntax_error_is_located(tmp_path):
    _, problems = load(tmp_path, "name: A\nsteps:\n  - actor: [unclosed\n")
    assert len(problems) == 1
    assert problems == [
        "x.yaml:3: danh sách trong ngoặc vuông [ … ] ở dòng này thiếu dấu phẩy giữa các mục hoặc thiếu dấu ]"
    ]


def test_not_utf8_names_the_line(tmp_path):
    _, problems = load(tmp_path, b"name: A\nnote: \xe0 la carte\n")
    assert problems == ["x.yaml:2: tệp không theo bảng mã UTF-8 (byte 0xE0): hãy lưu lại theo UTF-8"]


def test_empty_file(tmp_path):
    _, problems = load(tmp_path, "  \n")
    assert problems == ["x.yaml:1: tệp trống"]


def test_only_comments(tmp_path):
    _, problems = load(tmp_path, "# nothing here\n")
    assert problems == ["x.yaml:1: tệp không có dữ liệu (chỉ có dòng chú thích?)"]


def test_non_text_key(tmp_path):
    _, problems = load(tmp_path, "name: A\n1.5: x\n")
    assert problems == ["x.yaml:2: khóa '1.5' phải là tên trường (chữ), YAML đọc nó thành số thập phân"]


def test_format_path():
    assert format_path(("steps", 2, "time", "value")) == "steps[2].time.value"
    assert format_path(()) == ""


def test_new_style_tone_marks_are_warned_about_with_the_traditional_spelling(tmp_path):
    source, problems = load(tmp_path, "name: Hoà giải\nnote: thuỷ sản, khoẻ, quý, hoàn thành\n")
    assert problems == []
    assert [str(w).replace(str(tmp_path) + "/", "") for w in source.warnings] == [
        "x.yaml:1: name: dấu thanh đặt theo kiểu mới ở 'oà'; sổ tay viết 'òa' (xem data/README.md)",
        "x.yaml:2: note: dấu thanh đặt theo kiểu mới ở 'uỷ'; sổ tay viết 'ủy' (xem data/README.md)",
        "x.yaml:2: note: dấu thanh đặt theo kiểu mới ở 'oẻ'; sổ tay viết 'ỏe' (xem data/README.md)",
    ]


def test_direction_controls_are_warned_about(tmp_path):
    source, problems = load(tmp_path, 'name: "\u202eĐảo"\n')
    assert problems == []
    assert [w.message for w in source.warnings] == [
        "có ký tự điều khiển hướng chữ ẩn U+202E (chép từ nơi khác?); trang sẽ in thành [U+202E] — hãy xóa nó"
    ]


# --- a reader that cannot be knocked over -------------------------------------------------------


def test_alias_bomb_is_refused_quickly_with_a_line(tmp_path):
    lines = ["a: &a [" + ", ".join(["x"] * 9) + "]"]
    for level in range(1, 9):
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    _, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert problems[0] == "x.yaml:1: quá 100.000 giá trị khi triển khai các bí danh (*tên)"


def test_alias_that_contains_itself_is_a_loop_not_a_crash(tmp_path):
    _, problems = load(tmp_path, "a: &a\n  b: *a\n")
    assert problems == ["x.yaml:2: một bí danh (*tên) trỏ vào chính giá trị chứa nó (vòng lặp)"]


def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path):
    _, problems = load(tmp_path, "a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert problems == ["x.yaml:1: các giá trị lồng nhau quá 40 cấp"]
    _, problems = load(tmp_path, "".join(" " * depth + "k:\n" for depth in range(60)) + " " * 60 + "k: 1\n")
    assert problems == ["x.yaml:41: các giá trị lồng nhau quá 40 cấp"]


def test_huge_file_is_refused(tmp_path):
    _, problems = load(tmp_path, "name: " + "x" * 1_000_001 + "\n")
    assert problems == ["x.yaml:1: tệp lớn hơn 1.000.000 byte: mỗi tệp chỉ ghi một hồ sơ"]


def test_aliases_are_warned_about(tmp_path):
    source, problems = load(tmp_path, "fees:\n  - &fee\n    kind: phi\n  - *fee\n")
    assert problems == []
    assert source.data == {"fees": [{"kind": "phi"}, {"kind": "phi"}]}
    assert [str(w) for w in source.warnings] == [
        f"{tmp_path}/x.yaml:4: bí danh *fee lặp lại giá trị đánh dấu &fee: hãy ghi đầy đủ giá trị "
        "(với bí danh, sửa một chỗ sẽ âm thầm sửa cả chỗ kia)"
    ]


def test_impossible_date_is_located(tmp_path):
    _, problems = load(tmp_path, "review:\n  date: 2025-02-30\n")
    assert problems == ["x.yaml:2: review.date: '2025-02-30' không phải ngày có thật (ngày không có trong tháng đó)"]


def test_line_breaks_of_every_kind_become_newlines_and_control_characters_are_refused(tmp_path):
    source, problems = load(tmp_path, 'a: "một\\rhai\\u2028ba\\u2029bốn\\x85năm"\nb: "chuông\\x07"\n')
    assert source.data["a"] == "một\nhai\nba\nbốn\nnăm"
    assert problems == ["x.yaml:2: b: có ký tự điều khiển ẩn U+0007: hãy xóa nó"]


def test_terminal_escapes_in_keys_cannot_forge_report_lines(tmp_path):
    from sotay.errors import Problem

    line = str(Problem("x.yaml", 1, "a\x1b[2K\rdata/ok.yaml:1", "b\nc"))
    assert line == "x.yaml:1: a\\x1b[2K\\rdata/ok.yaml:1: b\\nc"
    assert "\n" not in line and "\x1b" not in line


# --- YAML mistakes, in the words of what the editor did ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: A\nreview:\n  status: x\n\tdate: 2025-01-01\n",
            "x.yaml:4: dòng này có ký tự Tab: YAML chỉ nhận dấu cách để thụt lề, hãy thay Tab bằng dấu cách",
        ),
        (
            "name: Giấy phép: cấp mới\ncode: 'x'\n",
            "x.yaml:1: có dấu hai chấm ': ' ở giữa giá trị: hãy đặt cả giá trị trong dấu ngoặc kép, "
            'ví dụ name: "Giấy phép: cấp mới"',
        ),
        ("name A\ncode: x\n", "x.yaml:1: thiếu dấu hai chấm sau tên trường (viết dạng 'tên: giá trị')"),
        (
            "applicants:\n  - Cá nhân\n  -Tổ chức\ncode: x\n",
            "x.yaml:3: sau dấu gạch đầu dòng '-' cần một dấu cách, ví dụ '- Cá nhân'",
        ),
        (
            'name: "Giấy phép\ncode: x\nlevel: tinh\n',
            "x.yaml:1: dấu ngoặc kép mở ở dòng này chưa được đóng: thêm dấu \" (hoặc ') ở cuối giá trị",
        ),
        (
            "review:\n  status: x\n date: y\n",
            "x.yaml:3: thụt lề không khớp với các dòng phía trên: các trường cùng nhóm phải thẳng cột với nhau",
        ),
        (
            "name: @abc\n",
            "x.yaml:1: giá trị bắt đầu bằng ký tự đặc biệt (như @, `, %): hãy đặt cả giá trị trong dấu ngoặc kép",
        ),
    ],
    ids=["tab", "colon-in-value", "missing-colon", "dash-without-space", "unclosed-quote", "indent", "at-sign"],
)
def test_yaml_mistakes_are_said_as_what_the_editor_did(tmp_path, text, expected):
    assert load(tmp_path, text)[1] == [expected]


def test_invisible_spaces_are_warned_about_once_per_value(tmp_path):
    source, problems = load(tmp_path, 'name: "Sở\u00a0Khoa\u00a0học\u200b"\n')
    assert problems == []
    assert [w.message for w in source.warnings] == [
        "có ký tự ẩn U+00A0 (dấu cách không ngắt, chép từ nơi khác?): trông như dấu cách hoặc không thấy gì nhưng "
        "tìm kiếm và so sánh không khớp; hãy thay bằng dấu cách thường hoặc xóa",
        "có ký tự ẩn U+200B (ký tự không độ rộng, chép từ nơi khác?): trông như dấu cách hoặc không thấy gì nhưng "
        "tìm kiếm và so sánh không khớp; hãy thay bằng dấu cách thường hoặc xóa",
    ]
