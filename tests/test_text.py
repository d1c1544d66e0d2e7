"""text: Vietnamese slugs, numbers, dates and escaping."""

from __future__ import annotations

import datetime as dt

from sotay.text import escape_markdown, format_date, format_duration, format_money, slugify, sum_durations


def test_slugify_maps_d_with_stroke():
    assert slugify("Đăng ký hoạt động") == "dang-ky-hoat-dong"
    assert slugify("Tiêu chuẩn, Đo lường, Chất lượng") == "tieu-chuan-do-luong-chat-luong"
    assert slugify("Thuỷ / thủy") == "thuy-thuy"


def test_vietnamese_formats():
    assert format_date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert format_money(1250000) == "1.250.000 đồng"
    assert format_duration(5, "working_day") == "05 ngày làm việc"
    assert format_duration(15, "calendar_day") == "15 ngày"
    assert format_duration(1, "month") == "01 tháng"
    assert sum_durations([(5, "working_day"), (15, "calendar_day"), (10, "working_day")]) == (
        "15 ngày làm việc + 15 ngày"
    )


def test_escape_keeps_markup_and_html_literal():
    assert escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert escape_markdown("[x](javascript:a) {#id} a|b *c*") == "\\[x\\]\\(javascript:a\\) \\{\\#id\\} a\\|b \\*c\\*"
    assert escape_markdown("dòng 1\n\n  dòng 2") == "dòng 1<br>dòng 2"


def test_direction_overrides_are_shown_not_obeyed():
    from sotay.text import escape_pandoc

    assert escape_markdown("\u202eĐảo\u202c") == "\\[U\\+202E\\]Đảo\\[U\\+202C\\]"
    assert escape_pandoc("\u202eĐảo") == "\\[U\\+202E\\]Đảo"
