"""views.local: what a province's edition says on a procedure's page and on its home page."""

from __future__ import annotations

from sotay.catalogue import print_catalogue
from sotay.local import provincial_edition
from sotay.render import render_pages
from sotay.views import procedure_view, site_views

from ..conftest import REPO


def _page(handbook, path):
    views = site_views(handbook, print_catalogue(handbook))
    return render_pages([v for v in views.pages if v.path == path], REPO / "templates")[path]


def test_the_summary_says_the_local_value_its_basis_and_the_national_one(fixture_handbook):
    edition = provincial_edition(fixture_handbook, "hue")
    summary = dict(procedure_view(edition, edition.procedure_by_code["1.000001"]).context["summary"])
    assert summary["Nộp hồ sơ tại"].startswith("Trung tâm Phục vụ hành chính công thành phố Huế (Quầy số 7)")
    assert summary["Thời hạn giải quyết"] == (
        "10 ngày làm việc (theo Quyết định 2/QĐ-UBND ngày 02/8/2025 của Ủy ban nhân dân thành phố Huế (mẫu); "
        "quy định chung: 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (trực tiếp); 15 ngày làm việc (trực tuyến))"
    )
    assert summary["Phí, lệ phí"].startswith("Lệ phí: 200.000 đồng (mỗi giấy chứng nhận) (theo Quyết định 2/QĐ-UBND")
    assert summary["Phí, lệ phí"].endswith(
        "quy định chung: Trực tiếp: Lệ phí: 250.000 đồng (mỗi giấy chứng nhận); Trực tuyến: Không thu phí, lệ phí)"
    )


def test_the_procedure_page_has_the_province_s_box_on_the_web_and_in_print(fixture_handbook):
    web = _page(provincial_edition(fixture_handbook, "hue"), "thu-tuc/1.000001.md")
    assert '!!! note "Ở thành phố Huế"' in web
    assert "**Nơi tiếp nhận hồ sơ:** Trung tâm Phục vụ hành chính công thành phố Huế \\(Quầy số 7\\)" in web
    assert "(Quầy số 7), điện thoại 0234\\.3000000 (địa chỉ ở phần Tóm tắt)" in web
    assert "**Thời hạn giải quyết của tỉnh:** 10 ngày làm việc — quy định chung: 15 ngày làm việc" in web
    assert "Phụ lục I, mục 3 ([https://tthc\\.hue\\.gov\\.vn/](https://tthc.hue.gov.vn/))" in web
    assert "[Thông tin chung của thành phố Huế](../index.md#dia-phuong)" in web
    national = _page(fixture_handbook, "thu-tuc/1.000001.md")
    assert "Ở thành phố Huế" not in national and "!!! note" not in national


def test_the_home_page_names_the_province_its_centres_decisions_and_differences(fixture_handbook):
    home = _page(provincial_edition(fixture_handbook, "hue"), "index.md")
    assert "**Ấn bản thành phố Huế**" in home
    assert "## Ở thành phố Huế {#dia-phuong}" in home
    assert "- **Trung tâm Phục vụ hành chính công thành phố Huế** (Quầy số 7): số 1 đường Mẫu" in home
    assert "- Quyết định 1/QĐ\\-UBND ngày 01/08/2025" in home
    assert "| [Đăng ký chuẩn đo lường](thu-tuc/1.000001.md) | Thời hạn giải quyết và phí, lệ phí |" in home
    bare = _page(provincial_edition(fixture_handbook, "dong-thap"), "index.md")
    assert "Sổ tay chưa có thông tin riêng của tỉnh Đồng Tháp" in bare
