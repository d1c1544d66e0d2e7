"""catalogue: every PDF the build writes, with what it holds."""

from __future__ import annotations

import dataclasses

from sotay.catalogue import print_catalogue


def test_fixture_catalogue(fixture_handbook):
    catalogue = print_catalogue(fixture_handbook)
    by_path = {document.path: document for document in catalogue.documents}
    assert list(by_path) == [
        "pdf/so-tay-day-du.pdf",
        "pdf/chuong-do-luong.pdf",
        "pdf/chuong-tan-so.pdf",
        "pdf/cap-tinh.pdf",
        "pdf/cap-xa.pdf",
        "pdf/phieu-chuong-do-luong.pdf",
        "pdf/phieu-chuong-tan-so.pdf",
        "pdf/phieu-1.000001.pdf",
        "pdf/phieu-tam-tan-so-nghiep-du.pdf",
    ]
    book = by_path["pdf/so-tay-day-du.pdf"]
    assert book.procedures == tuple(p.code for p in fixture_handbook.procedures)
    assert book.tasks == tuple(t.id for t in fixture_handbook.tasks)
    commune = by_path["pdf/cap-xa.pdf"]
    assert commune.title == "Trích sổ tay: Cấp xã" and commune.kind == "book"
    assert set(commune.procedures) == {p.code for p in fixture_handbook.procedures if p.level == "xa"}
    assert set(commune.tasks) == {t.id for t in fixture_handbook.tasks if t.to_level == "xa"}
    assert by_path["pdf/chuong-do-luong.pdf"].title == "Chương 1. Đo lường"
    checklist = by_path["pdf/phieu-1.000001.pdf"]
    assert (checklist.kind, checklist.scope, checklist.procedures) == ("checklists", "checklist", ("1.000001",))
    assert catalogue.paths == frozenset(by_path)
    assert [d.path for d in catalogue.of_scope("chapter-checklists")] == [
        "pdf/phieu-chuong-do-luong.pdf",
        "pdf/phieu-chuong-tan-so.pdf",
    ]


def test_a_chapter_or_level_with_nothing_in_it_has_no_pdf(fixture_handbook):
    # The fixture's levels all hold something; a handbook whose procedures all sit at one level
    # has no excerpt for the other.
    only_province = tuple(p for p in fixture_handbook.procedures if p.level == "tinh")
    handbook = dataclasses.replace(fixture_handbook, procedures=only_province, tasks=())
    paths = print_catalogue(handbook).paths
    assert "pdf/cap-xa.pdf" not in paths and "pdf/cap-tinh.pdf" in paths
    assert not any(path.startswith("pdf/phieu-chuong-tan-so") for path in paths)
