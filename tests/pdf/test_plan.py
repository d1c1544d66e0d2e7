"""pdf.plan: what is typeset in which chunk, and which pieces and bookmarks each PDF has."""

from __future__ import annotations

from sotay.catalogue import print_catalogue
from sotay.pdf.plan import PrintSizes, label, plan_print


def documents(handbook):
    return {document.path: document for document in print_catalogue(handbook).documents}


def test_book_order_chunks_and_labels(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes())
    assert plan.book_order == (
        ("desk", "xa"),
        ("chapter", "do-luong"),
        ("procedure", "1.000001"),
        ("tasks", "do-luong", "xa"),
        ("chapter", "tan-so"),
        ("procedure", "tam-tan-so-nghiep-du"),
        ("appendix", "sources"),
    )
    # A chapter starts a chunk; its header is the chapter's title; so does the appendix.
    assert [(c.kind, c.chapter, len(c.keys)) for c in plan.body_chunks] == [
        ("body", "Tra cứu nhanh cho cán bộ cấp xã: thủ tục cấp tỉnh", 1),
        ("body", "Chương 1. Đo lường", 3),
        ("body", "Chương 2. Tần số vô tuyến điện", 2),
        ("body", "Phụ lục. Nguồn tư liệu", 1),
    ]
    assert [label(key) for key in plan.book_order] == [
        "tra-cuu-nhanh-xa",
        "chuong-do-luong",
        "1.000001",
        "nhiem-vu-do-luong-xa",
        "chuong-tan-so",
        "tam-tan-so-nghiep-du",
        "phu-luc-nguon-tu-lieu",
    ]
    assert plan.group_tasks[("tasks", "do-luong", "xa")] == ("xa-kiem-tra-do-luong",)


def test_chunks_hold_at_most_one_more_than_their_size(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes(chunk_procedures=0, chunk_checklists=0))
    assert all(len(chunk.keys) == 1 for chunk in plan.body_chunks + plan.checklist_chunks)
    assert [key for chunk in plan.body_chunks for key in chunk.keys] == list(plan.book_order)


def test_an_excerpt_holds_its_level_only_with_its_chapter_headings(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes())
    commune = documents(fixture_handbook)["pdf/cap-xa.pdf"]
    # The commune's excerpt opens with its desk's quick reference of provincial procedures.
    assert plan.keys(commune) == [
        ("desk", "xa"),
        ("chapter", "do-luong"),
        ("tasks", "do-luong", "xa"),
        ("chapter", "tan-so"),
        ("procedure", "tam-tan-so-nghiep-du"),
    ]
    province = documents(fixture_handbook)["pdf/cap-tinh.pdf"]
    assert plan.keys(province) == [("chapter", "do-luong"), ("procedure", "1.000001")]
    # The appendix of sources is the whole book's only.
    book = documents(fixture_handbook)["pdf/so-tay-day-du.pdf"]
    assert plan.keys(book)[-1] == ("appendix", "sources")


def test_outline_nests_procedures_and_tasks_under_chapters(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes())
    outline = plan.outline(documents(fixture_handbook)["pdf/so-tay-day-du.pdf"])
    assert [(entry.title, entry.dest) for entry in outline] == [
        ("Tra cứu nhanh cho cán bộ cấp xã: thủ tục cấp tỉnh", "tra-cuu-nhanh-xa"),
        ("Chương 1. Đo lường", "chuong-do-luong"),
        ("Chương 2. Tần số vô tuyến điện", "chuong-tan-so"),
        ("Phụ lục. Nguồn tư liệu", "phu-luc-nguon-tu-lieu"),
    ]
    group = outline[1].children[1]
    assert group.title == "Nhiệm vụ được chuyển giao: Đo lường (Cấp xã)"
    assert [(task.dest) for task in group.children] == ["nhiem-vu:xa-kiem-tra-do-luong"]
    checklists = plan.outline(documents(fixture_handbook)["pdf/phieu-chuong-do-luong.pdf"])
    assert [(entry.dest, entry.children) for entry in checklists] == [("phieu-1.000001", ())]
