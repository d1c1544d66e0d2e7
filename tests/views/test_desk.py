"""views.desk: the quick reference a commune desk answers citizens from."""

from __future__ import annotations

from sotay import addresses
from sotay.catalogue import print_catalogue
from sotay.render import render_pages
from sotay.views import procedure_view, site_views
from sotay.views.chapter import level_view

from ..conftest import REPO


def test_the_commune_page_lists_provincial_procedures_with_their_own_summary(fixture_handbook):
    view = level_view(fixture_handbook, "xa", print_catalogue(fixture_handbook))
    [part] = view.context["desk"]
    assert part["level"] == "Cấp tỉnh"
    assert part["anchor"] == "tra-cuu-nhanh-tinh"
    rows = [row for chapter in part["chapters"] for row in chapter["rows"]]
    province = [p for p in fixture_handbook.procedures if p.level == "tinh"]
    assert part["count"] == len(rows) == len(province)
    for procedure, row in zip(province, rows, strict=True):
        summary = dict(procedure_view(fixture_handbook, procedure).context["summary"])
        assert row["procedure"].target == addresses.procedure_page(procedure.code)
        assert procedure.name in row["procedure"].text and procedure.code in row["procedure"].text
        assert row["column0"] == summary["Nộp hồ sơ tại"]
        assert row["column1"] == summary["Thời hạn giải quyết"]
        assert row["column3"] == summary["Cơ quan quyết định"]


def test_a_level_without_a_quick_reference_has_none(fixture_handbook):
    assert level_view(fixture_handbook, "tinh", print_catalogue(fixture_handbook)).context["desk"] == []


def test_the_quick_reference_renders_on_the_commune_page(fixture_handbook):
    views = site_views(fixture_handbook, print_catalogue(fixture_handbook)).pages
    rendered = render_pages(views, REPO / "templates")
    page = rendered["cap/xa.md"]
    assert "## Tra cứu nhanh: thủ tục cấp tỉnh {#tra-cuu-nhanh-tinh}" in page
    assert "| Thủ tục | Nộp hồ sơ tại | Thời hạn giải quyết | Phí, lệ phí | Cơ quan quyết định |" in page
    assert "Tra cứu nhanh" not in rendered["cap/tinh.md"]
