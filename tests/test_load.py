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


# --- a reader that cannot be knocked over -------------------------------------------------------


def test_alias_bomb_is_refused_quickly_with_a_line(tmp_path):
    lines = ["a: &a [" + ", ".join(["x"] * 9) + "]"]
    for level in range(1, 9):
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    _, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert problems[0] == "x.yaml:1: more than 100,000 values once aliases are expanded"


def test_alias_that_contains_itself_is_a_loop_not_a_crash(tmp_path):
    _, problems = load(tmp_path, "a: &a\n  b: *a\n")
    assert problems == ["x.yaml:2: an alias refers to the value that contains it (a loop)"]


def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path):
    _, problems = load(tmp_path, "a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert problems == ["x.yaml:1: values nested more than 40 levels deep"]
    _, problems = load(tmp_path, "".join(" " * depth + "k:\n" for depth in range(60)) + " " * 60 + "k: 1\n")
    assert problems == ["x.yaml:41: values nested more than 40 levels deep"]


def test_huge_file_is_refused(tmp_path):
    _, problems = load(tmp_path, "name: " + "x" * 1_000_001 + "\n")
    assert problems == ["x.yaml:1: file is larger than 1,000,000 bytes: one record per file"]


def test_aliases_are_warned_about(tmp_path):
    source, problems = load(tmp_path, "fees:\n  - &fee\n    kind: phi\n  - *fee\n")
    assert problems == []
    assert source.data == {"fees": [{"kind": "phi"}, {"kind": "phi"}]}
    assert [str(w) for w in source.warnings] == [
        f"{tmp_path}/x.yaml:4: YAML alias *fee repeats the value marked &fee; write the value out "
        "(with an alias, editing one place silently changes the other)"
    ]


def test_impossible_date_is_located(tmp_path):
    _, problems = load(tmp_path, "review:\n  date: 2025-02-30\n")
    assert problems == ["x.yaml:2: review.date: '2025-02-30' is not a real date (day is out of range for month)"]


def test_line_breaks_of_every_kind_become_newlines_and_control_characters_are_refused(tmp_path):
    source, problems = load(tmp_path, 'a: "một\\rhai\\u2028ba\\u2029bốn\\x85năm"\nb: "chuông\\x07"\n')
    assert source.data["a"] == "một\nhai\nba\nbốn\nnăm"
    assert problems == ["x.yaml:2: b: invisible control character U+0007; delete it"]


def test_terminal_escapes_in_keys_cannot_forge_report_lines(tmp_path):
    from sotay.errors import Problem

    line = str(Problem("x.yaml", 1, "a\x1b[2K\rdata/ok.yaml:1", "b\nc"))
    assert line == "x.yaml:1: a\\x1b[2K\\rdata/ok.yaml:1: b\\nc"
    assert "\n" not in line and "\x1b" not in line
