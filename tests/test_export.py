"""export: the PDFs of the fixture site, read back with poppler-utils, zbarimg and pypdf."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from sotay.views import print_documents

SITE_URL = "https://sotay.example.gov.vn/"


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_text(path: Path) -> str:
    # pdftotext breaks long names over lines; compare with single spaces, in NFC.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", run("pdftotext", "-layout", str(path), "-")))


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(path)), flags=re.M).group(1))


@pytest.fixture(scope="module")
def pdfs(built_site, fixture_handbook) -> dict[str, Path]:
    return {d.path: built_site.site / d.path for d in print_documents(fixture_handbook)}


def test_every_document_is_written_and_linked_from_the_downloads_page(built_site, pdfs):
    downloads = (built_site.site / "tai-ve/index.html").read_text(encoding="utf-8")
    for relative, path in pdfs.items():
        assert path.stat().st_size > 1000, relative
        assert run("head", "-c", "5", str(path)) == "%PDF-"
        if "/phieu-" not in relative or "/phieu-chuong-" in relative:
            assert f'href="../{relative}"' in downloads, relative
    assert set(pdfs) >= {
        "pdf/so-tay-day-du.pdf",
        "pdf/chuong-do-luong.pdf",
        "pdf/chuong-tan-so.pdf",
        "pdf/cap-tinh.pdf",
        "pdf/cap-xa.pdf",
        "pdf/phieu-1.000001.pdf",
        "pdf/phieu-tam-tan-so-nghiep-du.pdf",
        "pdf/phieu-chuong-do-luong.pdf",
    }


def test_page_counts(pdfs, fixture_handbook):
    # Cover, contents, then each procedure on pages of its own.
    assert 2 + len(fixture_handbook.procedures) <= page_count(pdfs["pdf/so-tay-day-du.pdf"]) <= 20
    for code in ("1.000001", "tam-tan-so-nghiep-du"):
        assert page_count(pdfs[f"pdf/phieu-{code}.pdf"]) == 1
    assert page_count(pdfs["pdf/phieu-chuong-do-luong.pdf"]) == 1


def test_only_the_pinned_font_is_used_and_embedded(pdfs):
    for relative, path in pdfs.items():
        rows = run("pdffonts", str(path)).splitlines()[2:]
        assert rows, relative
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            assert re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?", name), (relative, row)
            assert emb == "yes", (relative, row)


def test_procedure_names_keep_their_diacritics(pdfs, fixture_handbook):
    text = pdf_text(pdfs["pdf/so-tay-day-du.pdf"])
    for procedure in fixture_handbook.procedures:
        assert procedure.name in text
    assert "Đối tượng thực hiện" in text
    assert "250.000 đồng" in text
    assert "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ" in text


def bookmarks(path: Path) -> list[str]:
    def titles(outline) -> list[str]:
        found = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [unicodedata.normalize("NFC", item.title)]
        return found

    return titles(PdfReader(path).outline)


def test_commune_excerpt_holds_commune_work_only(pdfs, fixture_handbook):
    # A procedure of another level may be named in a "related procedures" line, but it has no
    # entry (page, bookmark) of its own.
    entries = bookmarks(pdfs["pdf/cap-xa.pdf"])
    text = pdf_text(pdfs["pdf/cap-xa.pdf"])
    for procedure in fixture_handbook.procedures:
        assert (procedure.name in entries) == (procedure.level == "xa"), procedure.code
        if procedure.level == "xa":
            assert procedure.name in text
    for task in fixture_handbook.tasks:
        assert (task.name in entries) == (task.to_level == "xa"), task.id


def test_chapter_pdf_holds_its_chapter_only(pdfs, fixture_handbook):
    entries = bookmarks(pdfs["pdf/chuong-do-luong.pdf"])
    for procedure in fixture_handbook.procedures:
        assert (procedure.name in entries) == (procedure.field == "do-luong"), procedure.code


def test_qr_code_decodes_to_the_procedure_page(pdfs, tmp_path):
    for code in ("1.000001", "tam-tan-so-nghiep-du"):
        image = tmp_path / code
        run("pdftoppm", "-r", "150", "-png", "-singlefile", str(pdfs[f"pdf/phieu-{code}.pdf"]), str(image))
        decoded = run("zbarimg", "--quiet", "--raw", f"{image}.png").split()
        assert decoded == [f"{SITE_URL}thu-tuc/{code}.html"]
        # The same address is printed beside the code.
        assert f"{SITE_URL}thu-tuc/{code}.html" in pdf_text(pdfs[f"pdf/phieu-{code}.pdf"])


def test_bookmarks_for_every_chapter_and_procedure(pdfs, fixture_handbook):
    entries = bookmarks(pdfs["pdf/so-tay-day-du.pdf"])
    for procedure in fixture_handbook.procedures:
        assert procedure.name in entries
    assert "Chương 1. Đo lường" in entries


def test_procedure_page_links_its_checklist(built_site):
    page = (built_site.site / "thu-tuc/1.000001.html").read_text(encoding="utf-8")
    assert 'href="../pdf/phieu-1.000001.pdf"' in page
    chapter = (built_site.site / "linh-vuc/do-luong.html").read_text(encoding="utf-8")
    assert 'href="../pdf/chuong-do-luong.pdf"' in chapter
    assert 'href="../pdf/phieu-chuong-do-luong.pdf"' in chapter


def test_section_anchors_are_named_destinations_with_the_site_ids(pdfs, fixture_handbook):
    from sotay.views import SECTIONS

    destinations = set(re.findall(r'"([^"]+)"$', run("pdfinfo", "-dests", str(pdfs["pdf/so-tay-day-du.pdf"])), re.M))
    for procedure in fixture_handbook.procedures:
        assert procedure.code in destinations
        for section in SECTIONS:
            assert f"{procedure.code}:{section.anchor}" in destinations


def test_running_header_names_the_chapter(pdfs):
    book = pdfs["pdf/so-tay-day-du.pdf"]
    first_lines = [
        run("pdftotext", "-f", str(n), "-l", str(n), str(book), "-").strip().splitlines()[0]
        for n in range(3, page_count(book) + 1)
    ]
    assert first_lines[0] == "Chương 1. Đo lường"
    assert "Chương 2. Tần số vô tuyến điện" in first_lines
    assert set(first_lines) <= {"Chương 1. Đo lường", "Chương 2. Tần số vô tuyến điện"}
