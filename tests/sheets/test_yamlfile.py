"""yamlfile: a record file rewritten from new data changes only what differs."""

from __future__ import annotations

import datetime as dt

import yaml

from sotay.sheets.yamlfile import new_text, updated_text

ORIGINAL = """\
# Ghi chú của người biên tập: giữ nguyên.
code: "1.000001"
name: Đăng ký chuẩn đo lường
steps:
  - actor: Tổ chức
    action: Nộp hồ sơ.
  - actor: Sở
    action: 'Kiểm tra: đủ hồ sơ'
    time: {value: 5}
applicants:
  - Tổ chức  # chú thích cuối dòng
signed: 2025-06-12
"""


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), after
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_nothing_changed_gives_the_same_bytes():
    assert updated_text(ORIGINAL, yaml.safe_load(ORIGINAL)) == ORIGINAL


def test_a_value_inside_a_flow_mapping_changes_on_its_own_line():
    data = yaml.safe_load(ORIGINAL)
    data["steps"][1]["time"]["value"] = 7
    assert changed_lines(ORIGINAL, updated_text(ORIGINAL, data)) == [("    time: {value: 5}", "    time: {value: 7}")]


def test_quotes_comments_and_dates_are_kept():
    data = yaml.safe_load(ORIGINAL)
    data["steps"][1]["action"] = "Kiểm tra: thiếu hồ sơ"
    data["signed"] = dt.date(2025, 6, 13)
    assert changed_lines(ORIGINAL, updated_text(ORIGINAL, data)) == [
        ("    action: 'Kiểm tra: đủ hồ sơ'", "    action: 'Kiểm tra: thiếu hồ sơ'"),
        ("signed: 2025-06-12", "signed: 2025-06-13"),
    ]


def test_an_item_inserted_in_a_list_leaves_the_others_alone():
    data = yaml.safe_load(ORIGINAL)
    data["steps"].insert(1, {"actor": "Bộ phận một cửa", "action": "Tiếp nhận.\nGhi sổ."})
    text = updated_text(ORIGINAL, data)
    assert yaml.safe_load(text) == data
    assert "# Ghi chú của người biên tập: giữ nguyên." in text and "# chú thích cuối dòng" in text
    assert "  - actor: Bộ phận một cửa\n    action: |-\n      Tiếp nhận.\n      Ghi sổ.\n" in text


def test_a_removed_key_and_list_item_disappear():
    data = yaml.safe_load(ORIGINAL)
    del data["steps"][0]
    del data["signed"]
    text = updated_text(ORIGINAL, data)
    assert yaml.safe_load(text) == data
    assert "Nộp hồ sơ." not in text and "signed" not in text


def test_a_new_file_reads_back_and_quotes_what_would_change_type():
    data = {"code": "1.010000", "name": "Thủ tục mới", "steps": [{"actor": "A", "action": "= 1 + 1"}], "ok": True}
    text = new_text(data, ORIGINAL)
    assert yaml.safe_load(text) == data
    assert "steps:\n  - actor: A\n" in text  # indented like the folder's other files
