"""site: the built fixture site in headless Chromium from file://, and atomic builds."""

from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from sotay.build import build
from sotay.errors import HandbookError
from sotay.search_eval import CHROMIUM, CHROMIUM_ARGS

# Builds the PDFs, opens Chromium or runs the live preview: not part of `make test-fast`.
pytestmark = pytest.mark.slow

# The anchors of a procedure page's a–l sections, as trainers cite them (README, "Stable addresses").
SECTION_IDS = [
    "trinh-tu-thuc-hien",
    "cach-thuc-thuc-hien",
    "thanh-phan-ho-so",
    "thoi-han-giai-quyet",
    "doi-tuong-thuc-hien",
    "co-quan-thuc-hien",
    "ket-qua-thuc-hien",
    "phi-le-phi",
    "mau-don-to-khai",
    "yeu-cau-dieu-kien",
    "can-cu-phap-ly",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Browser, url: str):
    """A new page that records every request it makes."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    return page, requests


def folder_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_every_page_loads_from_file_with_no_other_origin(browser, built_site):
    site = built_site.site
    pages = [
        "index.html",
        "thu-tuc/1.000001.html",
        "thu-tuc/tam-tan-so-nghiep-du.html",
        "linh-vuc/do-luong.html",
        "cap/xa.html",
        "nhiem-vu/index.html",
        "nhiem-vu/xa-kiem-tra-do-luong.html",
        "van-ban.html",
        "thong-ke.html",
    ]
    for name in pages:
        page, requests = open_page(browser, (site / name).as_uri())
        page.wait_for_load_state("load")
        assert page.title(), name
        off_site = [url for url in requests if not url.startswith(("file://", "data:"))]
        assert off_site == [], f"{name} requested {off_site}"
        page.close()


def test_procedure_page_shows_its_dossier_table_under_a_stable_anchor(browser, built_site):
    page, _ = open_page(browser, (built_site.site / "thu-tuc/1.000001.html").as_uri() + "#thanh-phan-ho-so")
    heading = page.locator("h2#thanh-phan-ho-so")
    assert heading.inner_text().startswith("c) Thành phần, số lượng hồ sơ")
    assert page.locator('h2#thanh-phan-ho-so a.headerlink[href="#thanh-phan-ho-so"]').count() == 1
    table = page.locator("xpath=//h2[@id='thanh-phan-ho-so']/following::table[1]")
    assert table.is_visible()
    rows = table.locator("tbody tr").all_inner_texts()
    assert rows[0].split("\t")[:3] == ["1", "Đơn đăng ký", "Mẫu số 01"]
    assert "Bản sao giấy chứng nhận kiểm định" in rows[1]
    ids = page.eval_on_selector_all("h2[id]", "nodes => nodes.map(n => n.id)")
    # The summary, then the a–l items (guidance for officials may come before l).
    assert [i for i in ids if i in ("tom-tat", *SECTION_IDS)][:12] == ["tom-tat", *SECTION_IDS]
    page.close()


def test_interface_is_vietnamese(browser, built_site):
    page, _ = open_page(browser, (built_site.site / "index.html").as_uri())
    assert page.get_attribute("html", "lang") == "vi"
    assert page.get_attribute("input.sotay-search__input", "aria-label") == "Tìm kiếm trong sổ tay"
    page.close()


def test_printing_shows_content_without_navigation(browser, built_site):
    page, _ = open_page(browser, (built_site.site / "thu-tuc/1.000001.html").as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("h2#can-cu-phap-ly").is_visible()
    assert page.locator("xpath=//h2[@id='thanh-phan-ho-so']/following::table[1]").is_visible()
    page.close()


def test_printing_a_procedure_page_gives_a_compact_printout(browser, shipped_site, tmp_path):
    # One of the longest procedure pages of the shipped data, printed as the guide recommends.
    page, _ = open_page(browser, (shipped_site.site / "thu-tuc/1.011937.html").as_uri())
    printout = tmp_path / "in.pdf"
    page.pdf(path=str(printout), format="A4")
    page.close()
    pages = int(
        re.search(
            r"^Pages:\s+(\d+)$", subprocess.run(["pdfinfo", str(printout)], capture_output=True, text=True).stdout, re.M
        ).group(1)
    )
    assert pages <= 3, pages
    text = subprocess.run(["pdftotext", str(printout), "-"], capture_output=True, text=True).stdout
    assert "In phiếu kiểm tra hồ sơ" not in text  # no buttons
    assert "Thủ tục theo lĩnh vực" not in text  # no navigation
    assert "l) Căn cứ pháp lý" in text


def test_home_page_links_the_offline_zip_of_the_whole_site(browser, built_site):
    page, _ = open_page(browser, (built_site.site / "index.html").as_uri())
    href = page.get_attribute("a.md-button", "href")
    page.close()
    archive_path = built_site.site / href
    with zipfile.ZipFile(archive_path) as archive:
        names = set(archive.namelist())
    assert "so-tay-nghiep-vu/index.html" in names
    assert "so-tay-nghiep-vu/thu-tuc/1.000001.html" in names
    assert "so-tay-nghiep-vu/assets/javascripts/search-index.js" in names
    assert "so-tay-nghiep-vu/assets/javascripts/lunr.min.js" in names
    assert not any(name.endswith(".zip") for name in names)


def test_data_problem_leaves_previous_site_and_pages_untouched(project):
    build(project)
    site_before, docs_before = folder_digest(project.site), folder_digest(project.docs)
    path = project.data / "procedures/1.000001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: tinh", "level: huyen"), encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        build(project)
    assert caught.value.stage == "validate"
    assert folder_digest(project.site) == site_before
    assert folder_digest(project.docs) == docs_before


def test_broken_link_fails_the_build_and_keeps_the_previous_site(project):
    build(project)
    before = folder_digest(project.site)
    guide = project.docs / "huong-dan"
    guide.mkdir()
    (guide / "lien-ket.md").write_text("# Liên kết\n\n[hỏng](../thu-tuc/9.999999.md)\n", encoding="utf-8")
    handbook = project.data / "handbook.yaml"
    handbook.write_text(
        handbook.read_text(encoding="utf-8").replace("guide: []", "guide: [lien-ket.md]"), encoding="utf-8"
    )
    with pytest.raises(HandbookError) as caught:
        build(project)
    assert caught.value.stage == "site"
    assert any("9.999999.md" in problem.message for problem in caught.value.problems)
    assert folder_digest(project.site) == before


def test_hand_written_pages_outside_the_guide_folder_are_not_deleted(project):
    build(project)
    stray = project.docs / "ghi-chu.md"
    stray.write_text("# Ghi chú của tôi\n", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        build(project)
    assert caught.value.stage == "write"
    assert stray.read_text(encoding="utf-8") == "# Ghi chú của tôi\n"


def test_removed_procedure_disappears_from_pages_and_site(project):
    build(project)
    (project.data / "procedures/tam-tan-so-nghiep-du.yaml").unlink()
    path = project.data / "procedures/1.000001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("related:\n  - tam-tan-so-nghiep-du\n", ""), encoding="utf-8"
    )
    build(project)
    assert not (project.docs / "thu-tuc/tam-tan-so-nghiep-du.md").exists()
    assert not (project.site / "thu-tuc/tam-tan-so-nghiep-du.html").exists()
    assert (project.site / "thu-tuc/1.000001.html").exists()


@pytest.mark.parametrize("page_path", ["thu-tuc/1.000001.html", "nhiem-vu/xa-kiem-tra-do-luong.html", "van-ban.html"])
def test_tables_read_on_a_phone_without_sideways_scrolling(browser, built_site, page_path):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto((built_site.site / page_path).as_uri())
    outside = page.evaluate(
        """() => Array.from(document.querySelectorAll("article td, article th"))
            .filter(cell => { const box = cell.getBoundingClientRect();
                              return box.width > 0 && (box.right > innerWidth + 1 || box.left < -1); })
            .map(cell => cell.textContent.trim().slice(0, 40))"""
    )
    assert outside == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Each cell says which column it came from ("Số bản chính: 1"), as the hidden header did.
    labels = page.evaluate(
        """() => Array.from(document.querySelectorAll("article td[data-label]"))
            .map(cell => getComputedStyle(cell, "::before").content)"""
    )
    assert labels and all(label.endswith(': "') for label in labels), labels[:3]
    # Document numbers, dates and codes are never cut across two lines.
    whole = page.evaluate(
        """() => Array.from(document.querySelectorAll("article .sotay-nowrap"))
            .map(span => [span.textContent, span.getClientRects().length])"""
    )
    assert whole and all(lines == 1 for _, lines in whole), whole
    assert any("/" in text for text, _ in whole)
    page.close()


def test_offline_packages_carry_only_what_pages_load(built_site):
    site = built_site.site
    with zipfile.ZipFile(site / "tai-ve/so-tay-nghiep-vu-web.zip") as archive:
        web = set(archive.namelist())
        inside = archive.read("so-tay-nghiep-vu/assets/javascripts/sotay-package.js").decode()
    with zipfile.ZipFile(site / "tai-ve/so-tay-nghiep-vu-offline.zip") as archive:
        full = set(archive.namelist())
    assert (site / "tai-ve/so-tay-nghiep-vu-web.zip").stat().st_size <= 3_000_000
    assert "so-tay-nghiep-vu/pdf/so-tay-day-du.pdf" in full - web
    assert "so-tay-nghiep-vu/tai-ve/so-tay-nghiep-vu.epub" in full - web
    assert not any(name.startswith("so-tay-nghiep-vu/pdf/") for name in web)
    for name in full:  # Material's own search, its worker, language packs, source maps: nothing loads them
        assert not name.endswith(".map") and "/javascripts/lunr/" not in name and "/workers/" not in name, name
    assert '"inside": true' in inside and '"pdfs": false' in inside


def test_downloads_show_sizes_and_a_package_does_not_offer_itself(browser, built_site, tmp_path):
    site = built_site.site
    page, _ = open_page(browser, (site / "tai-ve/index.html").as_uri())
    sizes = page.eval_on_selector_all(".sotay-size", "spans => spans.map(s => [s.dataset.sizeOf, s.textContent])")
    page.close()
    shown = dict(sizes)
    book = (site / "pdf/so-tay-day-du.pdf").stat().st_size
    expected = f" ({book / 1e6:.1f} MB)" if book >= 100_000 else f" ({max(1, round(book / 1000))} KB)"
    assert shown["pdf/so-tay-day-du.pdf"] == expected.replace(".", ",")
    assert shown["tai-ve/so-tay-nghiep-vu-web.zip"].endswith("MB)")

    with zipfile.ZipFile(site / "tai-ve/so-tay-nghiep-vu-web.zip") as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / "so-tay-nghiep-vu"
    for name in ("index.html", "tai-ve/index.html", "thu-tuc/1.000001.html"):
        page, requests = open_page(browser, (unpacked / name).as_uri())
        links = 'a[href$=".zip"], a[href*=".pdf"], a[href$=".epub"]'
        assert page.eval_on_selector_all(links, "links => links.length") == 0, name
        assert page.locator(".sotay-package-note").count() >= 1, name
        assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
        page.close()
