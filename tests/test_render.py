"""render: golden Markdown for the fixture dataset, plus properties every page must have.

Refresh the golden files with `make update-golden` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sotay.addresses import SECTIONS
from sotay.catalogue import print_catalogue
from sotay.render import render_pages
from sotay.views import site_views

from .conftest import REPO

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def rendered(fixture_handbook) -> dict[str, str]:
    return render_pages(site_views(fixture_handbook, print_catalogue(fixture_handbook)).pages, REPO / "templates")


def golden_pages() -> list[Path]:
    return [path for path in GOLDEN.rglob("*.md") if path.relative_to(GOLDEN).parts[0] != "print"]


def test_golden_pages(rendered, request):
    if request.config.getoption("--update-golden"):
        for path in golden_pages():
            path.unlink()
        for path, text in rendered.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in golden_pages()}
    assert sorted(rendered) == sorted(expected), "pages added or removed: run `make update-golden`"
    for path, text in rendered.items():
        assert text == expected[path], f"{path} differs from tests/golden/{path}: run `make update-golden` and review"


def test_procedure_sections_follow_the_official_order_with_fixed_ids(rendered):
    for path in ("thu-tuc/1.000001.md", "thu-tuc/tam-tan-so-nghiep-du.md"):
        ids = re.findall(r"^## [a-zđ]\\?\) .* \{#([a-z-]+)\}$", rendered[path], flags=re.M)
        assert ids == [section.anchor for section in SECTIONS]
    assert [s.letter for s in SECTIONS] == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l"]
    assert all(re.fullmatch(r"[a-z-]+", s.anchor) for s in SECTIONS)


def test_no_page_shows_none_or_an_empty_section(rendered):
    for path, text in rendered.items():
        assert "None" not in text, path
        # Every section heading has some content before the next heading of its level.
        assert not re.search(r"^## .*\n\n+#{1,2} ", text, flags=re.M), path


def test_durations_fees_and_dates_are_written_the_vietnamese_way(rendered):
    page = rendered["thu-tuc/1.000001.md"]
    assert "| Trực tiếp | 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ | Lệ phí: 250\\.000 đồng" in page
    assert "05 ngày làm việc để thông báo hồ sơ chưa đầy đủ" in page
    # The legal deadline is the headline; the steps' times run inside it.
    headline = "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ \\(trực tiếp\\); 15 ngày làm việc \\(trực tuyến\\)"
    assert f"| Thời hạn giải quyết | {headline} |" in page
    assert f"**Thời hạn giải quyết:** {headline}. Thời gian ghi ở từng bước nằm trong thời hạn này" in page
    assert "| 3 | Sở Khoa học và Công nghệ | Cấp giấy chứng nhận\\. | 10 ngày làm việc | ngày 6–15 |" in page
    assert "*Đã rà soát ngày 01/11/2025.*" in page


def test_unverified_record_shows_a_notice(rendered):
    assert '!!! warning "Cần rà soát"' in rendered["thu-tuc/tam-tan-so-nghiep-du.md"]
    assert '!!! warning "Cần rà soát"' not in rendered["thu-tuc/1.000001.md"]
    assert "| Mã thủ tục | Chưa có mã quốc gia |" in rendered["thu-tuc/tam-tan-so-nghiep-du.md"]


def test_no_fee_and_an_unknown_fee_never_look_alike(rendered):
    assert "| Trực tuyến | 15 ngày làm việc | Không thu phí, lệ phí | — |" in rendered["thu-tuc/1.000001.md"]
    unknown = rendered["thu-tuc/tam-tan-so-nghiep-du.md"]
    assert "Chưa có thông tin \\(Chưa thấy biểu phí trong nguồn\\.\\)" in unknown
    assert "| Không |" not in unknown and "Không thu phí" not in unknown


def test_provisional_ids_are_addresses_never_codes_readers_see(rendered):
    for path, text in rendered.items():
        shown = "\n".join(line for line in text.splitlines() if "https://" not in line)  # sources' URLs
        shown = re.sub(r"\]\([^)]*\)", "]", shown)  # link targets are addresses
        shown = re.sub(r"\{#[^}]*\}", "", shown)  # anchors too
        assert "tam\\-" not in shown and "tam-" not in shown, path


def test_retired_and_renamed_codes_keep_answering(rendered, fixture_handbook):
    retired = rendered["thu-tuc/tam-giai-thuong-chat-luong.md"]
    assert '!!! danger "Đã bị bãi bỏ từ ngày 01/07/2018"' in retired
    assert "[Đăng ký chuẩn đo lường](1.000001.md)" in retired
    files = site_views(fixture_handbook, print_catalogue(fixture_handbook)).files
    forward = files["thu-tuc/tam-dang-ky-chuan.html"]
    assert '<meta http-equiv="refresh" content="0; url=1.000001.html">' in forward
    assert 'location.replace("1.000001.html" + location.hash)' in forward


def test_related_procedures_link_both_ways(rendered):
    assert "(tam-tan-so-nghiep-du.md)" in rendered["thu-tuc/1.000001.md"]
    assert "(1.000001.md)" in rendered["thu-tuc/tam-tan-so-nghiep-du.md"]
