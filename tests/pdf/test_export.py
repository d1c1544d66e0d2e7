"""export: the PDFs of the fixture site, read back with poppler-utils, zbarimg and pypdf."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from sotay.addresses import SECTIONS
from sotay.build import load_handbook
from sotay.catalogue import print_catalogue
from sotay.pdf import PrintSizes, export_pdfs

# Builds the PDFs, opens Chromium or runs the live preview: not part of `make test-fast`.
pytestmark = pytest.mark.slow

SITE_URL = "https://sotay.khcn.gov.vn/"


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_text(path: Path) -> str:
    # pdftotext breaks long names over lines; compare with single spaces, in NFC.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", run("pdftotext", "-layout", str(path), "-")))


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(path)), flags=re.M).group(1))


@pytest.fixture(scope="module")
def pdfs(built_site, fixture_handbook) -> dict[str, Path]:
    return {d.path: built_site.site / d.path for d in print_catalogue(fixture_handbook).documents}


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
    desk = "Tra cứu nhanh cho cán bộ cấp xã: thủ tục cấp tỉnh"
    assert first_lines[0] == desk
    assert "Chương 1. Đo lường" in first_lines
    assert "Chương 2. Tần số vô tuyến điện" in first_lines
    # … and the appendix of sources, then the index, at the end of the book name themselves.
    assert first_lines[-2:] == ["Phụ lục. Nguồn tư liệu", "Chỉ mục"]
    assert set(first_lines) == {
        desk,
        "Chương 1. Đo lường",
        "Chương 2. Tần số vô tuyến điện",
        "Phụ lục. Nguồn tư liệu",
        "Chỉ mục",
    }


def page_labels(path: Path) -> list[str]:
    return list(PdfReader(path).page_labels)


def destination_pages(path: Path) -> dict[str, int]:
    """Named destination → 1-based page, as poppler reads them."""
    rows = re.findall(r'^\s*(\d+) \[.*\] "([^"]+)"$', run("pdfinfo", "-dests", str(path)), flags=re.M)
    return {name: int(page) for page, name in rows}


def test_a_body_page_has_the_same_number_in_the_book_its_chapter_and_its_excerpt(pdfs, fixture_handbook):
    book = pdfs["pdf/so-tay-day-du.pdf"]
    book_pages, book_labels = destination_pages(book), page_labels(book)
    assert book_labels[:2] == ["i", "ii"]  # cover and contents
    for procedure in fixture_handbook.procedures:
        printed = book_labels[book_pages[procedure.code] - 1]
        assert printed.isdigit(), procedure.code
        for document in (f"pdf/chuong-{procedure.field}.pdf", f"pdf/cap-{procedure.level}.pdf"):
            path = pdfs[document]
            page = destination_pages(path)[procedure.code]
            assert page_labels(path)[page - 1] == printed, (document, procedure.code)
            # ... and the running header prints that number on the page itself.
            header = run("pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-").splitlines()[0]
            assert header.split()[-1] == printed, (document, header)


def test_contents_lines_jump_to_the_named_destinations(pdfs, fixture_handbook):
    book = pdfs["pdf/so-tay-day-du.pdf"]
    reader = PdfReader(book)
    destinations = set(destination_pages(book))
    targets = []
    for page in reader.pages[:2]:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object()["/A"]
            assert action["/S"] == "/GoTo", action  # no private sotay-dest: address is left over
            targets.append(str(action["/D"]))
    assert set(targets) <= destinations
    assert {p.code for p in fixture_handbook.procedures} | {"chuong-do-luong", "chuong-tan-so"} <= set(targets)


def test_contents_print_the_page_each_procedure_starts_on(pdfs, fixture_handbook):
    book = pdfs["pdf/so-tay-day-du.pdf"]
    labels, starts = page_labels(book), destination_pages(book)
    contents = pdf_text(book)  # contents lines end with the printed page
    for procedure in fixture_handbook.procedures:
        printed = labels[starts[procedure.code] - 1]
        assert re.search(re.escape(procedure.name) + r"[ .]*\. " + printed + r"\b", contents), procedure.code


def export(paths, out: Path, **options) -> None:
    handbook = load_handbook(paths)
    export_pdfs(handbook, print_catalogue(handbook), paths.templates, out, **options)


def test_chunk_and_batch_sizes_change_no_page(pdfs, project, tmp_path):
    # Every piece converted by pandoc and typeset on its own (the most batches and chunks
    # possible) gives the same pages, numbers and destinations as the fixture site's defaults.
    smallest = PrintSizes(chunk_procedures=0, chunk_checklists=0, pandoc_characters=1)
    export(project, tmp_path / "out", sizes=smallest)
    for relative in ("pdf/so-tay-day-du.pdf", "pdf/cap-xa.pdf", "pdf/phieu-chuong-do-luong.pdf"):
        small = tmp_path / "out" / relative
        assert run("pdftotext", "-layout", str(small), "-") == run("pdftotext", "-layout", str(pdfs[relative]), "-")
        assert page_labels(small) == page_labels(pdfs[relative])
        assert destination_pages(small) == destination_pages(pdfs[relative])


@pytest.mark.slow
def test_editing_one_procedure_typesets_only_its_chunk(project, tmp_path):
    cache, sizes = tmp_path / "cache", PrintSizes(chunk_procedures=0)
    export(project, tmp_path / "before", cache_dir=cache, sizes=sizes)
    typeset_before = set((cache / "pdf").iterdir())

    record = project.data / "procedures" / "1.000001.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("còn hiệu lực kiểm định.", "còn hiệu lực kiểm định (đã sửa)."), encoding="utf-8")
    export(project, tmp_path / "after", cache_dir=cache, sizes=sizes)

    # One newly typeset PDF: the chunk holding 1.000001 (its checklist does not show conditions,
    # and the page count did not change, so no later chunk or front matter moved).
    assert len(set((cache / "pdf").iterdir()) - typeset_before) == 1
    assert "(đã sửa)" in pdf_text(tmp_path / "after/pdf/so-tay-day-du.pdf")
    assert "(đã sửa)" not in pdf_text(tmp_path / "before/pdf/so-tay-day-du.pdf")
    for unchanged in ("pdf/chuong-tan-so.pdf", "pdf/cap-xa.pdf", "pdf/phieu-1.000001.pdf"):
        assert (tmp_path / "after" / unchanged).read_bytes() == (tmp_path / "before" / unchanged).read_bytes()


def index_pages(path: Path) -> list[int]:
    """1-based numbers of the index pages: labelled CM-1, CM-2…"""
    return [number for number, label in enumerate(page_labels(path), start=1) if label.startswith("CM-")]


def test_the_index_prints_the_page_each_procedure_starts_on(pdfs, fixture_handbook):
    book = pdfs["pdf/so-tay-day-du.pdf"]
    labels, starts = page_labels(book), destination_pages(book)
    pages = index_pages(book)
    assert pages and pages[-1] == len(labels), "the index closes the book"
    assert labels[pages[0] - 1] == "CM-1"
    text = " ".join(pdf_text_range(book, page) for page in pages)
    assert "CHỈ MỤC" in text
    procedure = fixture_handbook.procedure_by_code["1.000001"]
    printed = labels[starts[procedure.code] - 1]
    assert re.search(r"1\.000001 " + re.escape(procedure.name) + r"[ .]*\. " + printed + r"\b", text)
    # Each legal document the book cites, with the page of the procedure resting on it.
    for ref in procedure.legal_basis:
        document = fixture_handbook.legal_by_id[ref.document]
        assert re.search(re.escape(f"{document.kind} {document.number}") + r" .*?: [0-9, ]*\b" + printed, text)


def test_the_index_is_bookmarked_listed_in_the_contents_and_its_numbers_jump(pdfs):
    for name in ("pdf/so-tay-day-du.pdf", "pdf/cap-xa.pdf"):
        path = pdfs[name]
        assert "Chỉ mục" in bookmarks(path), name
        assert re.search(r"Chỉ mục[ .]*\. CM-1\b", pdf_text(path)), name
        destinations = destination_pages(path)
        assert destinations["chi-muc"] == index_pages(path)[0]
        reader = PdfReader(path)
        targets = [
            str(annotation.get_object()["/A"]["/D"])
            for number in index_pages(path)
            for annotation in reader.pages[number - 1].get("/Annots", [])
        ]
        assert targets and set(targets) <= set(destinations), name
    assert "Chỉ mục" not in bookmarks(pdfs["pdf/chuong-do-luong.pdf"])
    assert not index_pages(pdfs["pdf/chuong-do-luong.pdf"])


def test_the_commune_excerpt_opens_with_the_provincial_quick_reference(pdfs, fixture_handbook):
    path = pdfs["pdf/cap-xa.pdf"]
    start = destination_pages(path)["tra-cuu-nhanh-xa"]
    text = pdf_text_range(path, start)
    assert "TRA CỨU NHANH CHO CÁN BỘ CẤP XÃ" in text
    province = [p for p in fixture_handbook.procedures if p.level == "tinh"]
    assert province
    for procedure in province:
        assert procedure.name in text
        assert procedure.authority.receiving in text
    # The province's excerpt has none.
    assert "tra-cuu-nhanh-xa" not in destination_pages(pdfs["pdf/cap-tinh.pdf"])


def pdf_text_range(path: Path, first: int, last: int | None = None) -> str:
    # Reading order (no -layout): a table cell's lines stay together.
    text = run("pdftotext", "-f", str(first), "-l", str(last or first), str(path), "-")
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text))


def test_long_contents_and_index_are_typeset_in_parts_numbered_on(project, tmp_path):
    # The sizes that bound memory at 10×, made tiny: every part of the contents and of the index
    # continues the numbering, and nothing is lost between parts.
    out = tmp_path / "out"
    export(project, out, sizes=PrintSizes(contents_lines=2, index_weight=1))
    book = out / "pdf/so-tay-day-du.pdf"
    labels = page_labels(book)
    roman = [label for label in labels if not label.isdigit() and not label.startswith("CM-")]
    assert len(roman) >= 3 and roman[:3] == ["i", "ii", "iii"]
    index = [label for label in labels if label.startswith("CM-")]
    assert len(index) >= 2 and index == [f"CM-{n}" for n in range(1, len(index) + 1)]
    text = pdf_text(book)
    handbook = load_handbook(project)
    for procedure in handbook.procedures:
        assert text.count(procedure.name) >= 3, procedure.code  # contents, its page, the index
    assert "(tiếp theo)" in text
