"""pdf.pieces: golden print-flavour Markdown for the fixture dataset (what pandoc reads).

Refresh with `make update-golden` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sotay.pdf.pandoc import mark_table_widths
from sotay.pdf.pieces import render_pieces
from sotay.pdf.plan import PrintSizes, plan_print

from ..conftest import REPO

GOLDEN = Path(__file__).parent.parent / "golden" / "print"


@pytest.fixture(scope="module")
def pieces(fixture_handbook) -> dict[str, str]:
    rendered = render_pieces(fixture_handbook, REPO / "templates", plan_print(fixture_handbook, PrintSizes()))
    return {"/".join(key) + ".md": text for key, text in rendered.items()}


def test_golden_print_pieces(pieces, request):
    if request.config.getoption("--update-golden"):
        for path in GOLDEN.rglob("*.md"):
            path.unlink()
        for name, text in pieces.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pieces) == sorted(expected), "pieces added or removed: run `make update-golden`"
    for name, text in pieces.items():
        assert text == expected[name], f"{name} differs from tests/golden/print/{name}: run `make update-golden`"


def test_print_pieces_carry_named_destinations_and_escape_data(pieces):
    procedure = pieces["procedure/1.000001.md"]
    assert procedure.startswith("## ") and "{#1.000001}" in procedure.splitlines()[0]
    assert "{#1.000001:thanh-phan-ho-so}" in procedure
    assert '#online("thu-tuc/1.000001.html", "qr/1.000001.svg")' in procedure
    assert "250\\.000 đồng" in procedure  # every ASCII punctuation mark is escaped for pandoc
    assert "{#phieu-1.000001}" in pieces["checklist/1.000001.md"]
    assert "{#nhiem-vu:xa-kiem-tra-do-luong}" in pieces["tasks/do-luong/xa.md"]


def test_every_table_gets_its_widths_from_the_dashes():
    marked = mark_table_widths("text\n| A | B |\n| --- | ---------- |\n| 1 | 2 |\n")
    assert re.search(r"```\{=typst\}\n// sotay-widths 3 10\n```\n\n\| A \| B \|", marked)


def test_a_guide_page_is_printed_as_a_chapter_of_the_book():
    from sotay.pdf.pieces import guide_piece

    page = (
        "# Bộ phận Một cửa\n\nMở đầu, xem [Tải về](../tai-ve/index.md).\n\n"
        "## Hồ sơ đi qua đâu {#luong-ho-so}\n\nNguồn: https://example.org/a ; https://example.org/b\n\n"
        "## Cuối\n\nHết.\n"
    )
    printed = guide_piece(page, "huong-dan-mot-cua")
    assert printed.startswith("# Bộ phận Một cửa {#huong-dan-mot-cua}\n")  # the chapter's named destination
    assert "### Hồ sơ đi qua đâu {#huong-dan-mot-cua:luong-ho-so}" in printed  # unique in a book, level 3
    assert "xem Tải về." in printed  # a link into the site is text on paper
    assert "http" not in printed and printed.count("[xem Phụ lục «Nguồn tư liệu»]") == 1
    assert ":::: compact" in printed and "::: keep\n### Cuối" in printed  # the last section kept together


def test_a_long_list_of_changes_is_cut_between_records_and_says_where_a_group_goes_on():
    from sotay.pdf.pieces import split_changes

    markdown = (
        "# Những điểm mới {#nhung-diem-moi}\n\nTóm tắt.\n\n## Thủ tục hành chính\n\n"
        + "".join(f"### Thủ tục {n} {{#thu-tuc-{n}}}\n\n- Phí: 1 → 2\n\n" for n in range(5))
        + "## Nhiệm vụ\n\n### Nhiệm vụ A {#nhiem-vu-a}\n\n- Mới\n"
    )
    parts = split_changes(markdown, 2)
    assert len(parts) == 3
    assert parts[0].startswith("# Những điểm mới") and parts[0].count("### ") == 2
    assert parts[1].startswith("## Thủ tục hành chính (tiếp theo)") and parts[1].count("### ") == 2
    assert parts[2].startswith("## Thủ tục hành chính (tiếp theo)") and "## Nhiệm vụ" in parts[2]
    assert "\n".join(parts).count("### ") == 6
    assert split_changes(markdown, 200) == [markdown]
