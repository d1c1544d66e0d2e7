"""load: YAML → plain data with lines; the YAML traps become located problems."""

from __future__ import annotations

import unicodedata
from pathlib import Path

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
    assert problems == ["x.yaml:3: name: duplicate key 'name' (first given at line 1); only one value is allowed"]


def test_duplicate_key_nested(tmp_path):
    _, problems = load(tmp_path, "review:\n  status: verified\n  status: needs-review\n")
    assert problems == [
        "x.yaml:3: review.status: duplicate key 'status' (first given at line 2); only one value is allowed"
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
    assert problems[0].startswith("x.yaml:4: YAML syntax error:")


def test_not_utf8_names_the_line(tmp_path):
    _, problems = load(tmp_path, b"name: A\nnote: \xe0 la carte\n")
    assert problems == ["x.yaml:2: file is not UTF-8 (byte 0xE0); save it as UTF-8"]


def test_empty_file(tmp_path):
    _, problems = load(tmp_path, "  \n")
    assert problems == ["x.yaml:1: file is empty"]


def test_only_comments(tmp_path):
    _, problems = load(tmp_path, "# nothing here\n")
    assert problems == ["x.yaml:1: file holds no data (only comments?)"]


def test_non_text_key(tmp_path):
    _, problems = load(tmp_path, "name: A\n1.5: x\n")
    assert problems == ["x.yaml:2: key '1.5' must be a field name (YAML read it as float)"]


def test_format_path():
    assert format_path(("steps", 2, "time", "value")) == "steps[2].time.value"
    assert format_path(()) == ""


def test_new_style_tone_marks_are_warned_about_with_the_traditional_spelling(tmp_path):
    source, problems = load(tmp_path, "name: Hoà giải\nnote: thuỷ sản, khoẻ, quý, hoàn thành\n")
    assert problems == []
    assert [str(w).replace(str(tmp_path) + "/", "") for w in source.warnings] == [
        "x.yaml:1: name: tone mark placed the new way in 'oà'; this dataset writes 'òa' (see data/README.md)",
        "x.yaml:2: note: tone mark placed the new way in 'uỷ'; this dataset writes 'ủy' (see data/README.md)",
        "x.yaml:2: note: tone mark placed the new way in 'oẻ'; this dataset writes 'ỏe' (see data/README.md)",
    ]


def test_direction_controls_are_warned_about(tmp_path):
    source, problems = load(tmp_path, 'name: "\u202eĐảo"\n')
    assert problems == []
    assert [w.message for w in source.warnings] == [
        "invisible direction control U+202E (pasted text?); it is printed as [U+202E] — delete it"
    ]
