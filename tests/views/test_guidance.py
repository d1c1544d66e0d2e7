"""views.guidance: what an official does, rendered only where the data says something."""

from __future__ import annotations

import re

from sotay.render import render_pages
from sotay.views import task_view
from sotay.views.guidance import procedure_guidance, task_guidance
from tests.conftest import REPO


def test_only_the_parts_the_data_fills_are_in_the_view(fixture_handbook):
    task = fixture_handbook.task_by_id["xa-kiem-tra-do-luong"]
    view = task_guidance("nhiem-vu/xa-kiem-tra-do-luong.md", fixture_handbook, task.guidance)
    assert [part["name"] for part in view["parts"]] == ["who", "steps", "checklist", "reporting", "questions"]
    assert view["parts"][1]["entries"][0]["basis"].text == "Điều 5, 132/2025/NĐ-CP"
    assert task_guidance("x.md", fixture_handbook, None) is None
    procedure = fixture_handbook.procedure_by_code["1.000001"]
    assert [part["name"] for part in procedure_guidance(procedure.guidance)["parts"]] == [
        "receiving_checks",
        "return_reasons",
    ]


def test_no_heading_is_left_empty(fixture_handbook):
    view = task_view(fixture_handbook, fixture_handbook.task_by_id["xa-kiem-tra-do-luong"])
    [(_, markdown)] = render_pages([view], REPO / "templates").items()
    lines = [line for line in markdown.splitlines() if line.strip()]
    for line, following in zip(lines, lines[1:], strict=False):
        if re.match(r"#{2,} ", line):
            assert not re.match(r"#{2,} ", following), (line, following)
    assert "### Các bước và biểu mẫu" in markdown and "Vi phạm thường gặp" not in markdown
