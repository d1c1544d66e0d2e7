"""views.counts and views.statistics: the numbers, and what the statistics page says about them."""

from __future__ import annotations

from sotay.views.counts import count
from sotay.views.statistics import statistics_context


def test_counts_of_the_fixture(fixture_handbook):
    counts = count(fixture_handbook)
    assert (counts.procedures, counts.tasks, counts.legal_documents) == (2, 1, 2)
    assert counts.procedures_by_field_level == {("do-luong", "tinh"): 1, ("tan-so", "xa"): 1}
    assert counts.verified + counts.needs_review == counts.records == 3
    assert counts.verified == sum(
        1 for r in (*fixture_handbook.procedures, *fixture_handbook.tasks) if r.review.status == "verified"
    )


def test_statistics_page_words_the_counts(fixture_handbook):
    context = statistics_context(fixture_handbook)
    assert context["level_names"] == ["Cấp tỉnh", "Cấp xã"]
    assert [(row["name"], row["counts"], row["total"]) for row in context["procedures_by_field"]] == [
        ("Đo lường", [1, 0], 1),
        ("Tần số vô tuyến điện", [0, 1], 1),
    ]
    assert context["procedure_totals"] == [1, 1]
    names = [row["name"] for row in context["procedures_by_transfer"]]
    assert names == ["Phân quyền", "Phân cấp", "Ủy quyền", "Không chuyển giao (thẩm quyền sẵn có)"]
    assert sum(row["total"] for row in context["procedures_by_transfer"]) == 2
