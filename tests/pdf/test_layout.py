"""Print layout, checked on the typeset pages of the shipped handbook and on edge cases.

Word positions come from `pdftotext -bbox`, named destinations from `pdfinfo -dests`, QR codes
from `pdftoppm` + `zbarimg`: what a reader of the printed page would see.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from sotay.build import Paths, load_handbook
from sotay.catalogue import print_catalogue
from sotay.pdf import export_pdfs

from ..conftest import REPO, make_project
from .test_export import destination_pages, page_count, page_labels, pdf_text, run

pytestmark = pytest.mark.slow  # typesets the shipped handbook

HEADER_BOTTOM = 55  # points from the top: the running header sits in the top margin (22 mm = 62 pt)


def words(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, text) of every word on a page (1-based)."""
    xml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [
        (float(x0), float(y0), float(x1), unescape(text))
        for x0, y0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml
        )
    ]


def lines(path: Path, page: int) -> list[list[str]]:
    rows: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for x0, y0, _x1, text in words(path, page):
        rows[round(y0)].append((x0, text))
    return [[text for _x, text in sorted(row)] for _y, row in sorted(rows.items())]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> tuple[Path, object]:
    """The shipped handbook's PDFs, typeset once for this module."""
    out = tmp_path_factory.mktemp("shipped-pdfs")
    paths = Paths.at(REPO, docs=out / "handbook")
    shutil.copytree(REPO / "handbook/huong-dan", paths.docs / "huong-dan")
    handbook = load_handbook(paths)
    export_pdfs(handbook, print_catalogue(handbook), paths.templates, out, cache_dir=out / "cache")
    return out / "pdf", handbook


def body_pages(path: Path) -> list[tuple[int, str]]:
    return [(number, label) for number, label in enumerate(page_labels(path), start=1) if label.isdigit()]


def test_the_running_header_is_one_line_with_the_page_number(shipped):
    folder, handbook = shipped
    book = folder / "so-tay-day-du.pdf"
    long_names = [f.name for f in handbook.fields if len(f.name) > 45]
    assert long_names, "the shipped data should hold a chapter name too long for the header"
    for number, label in body_pages(book):
        header = [w for w in words(book, number) if w[1] < HEADER_BOTTOM]
        assert len({round(y0) for _x0, y0, _x1, _t in header}) == 1, (number, header)
        assert label in [text for *_, text in header], (number, header)


def test_contents_numbers_sit_on_their_entry_s_line(shipped):
    folder, _ = shipped
    for name in ("so-tay-day-du.pdf", "cap-xa.pdf", "chuong-tan-so-vo-tuyen-dien.pdf"):
        path = folder / name
        front = [n for n, label in enumerate(page_labels(path), start=1) if not label.isdigit()][1:]
        assert front, name
        for number in front:
            if any("NHỮNG ĐIỂM MỚI" in " ".join(line) for line in lines(path, number)):
                break  # the list of changes follows the contents in the book's front matter
            for line in lines(path, number)[1:]:  # below the header
                if re.fullmatch(r"\d+", line[-1]):
                    # … on the entry's last line (after the leaders, when there is room for them):
                    # never alone on a line of its own.
                    assert len(line) > 1, (name, line)


def test_no_body_page_is_a_spill_over(shipped):
    folder, _ = shipped
    book = folder / "so-tay-day-du.pdf"
    starts = set(destination_pages(book).values())
    for number, _label in body_pages(book):
        if len(lines(book, number)) <= 9:  # the header and at most 8 lines
            assert number in starts, (number, lines(book, number))


def test_no_markup_leaks_into_the_printed_text(shipped):
    # A fenced div pandoc did not recognise, or an unescaped mark, would print as text.
    folder, _ = shipped
    text = pdf_text(folder / "so-tay-day-du.pdf")
    for mark in (":::", "{#", "](", "#warning", "#keep", "sotay-"):
        assert mark not in text, mark


def test_sources_are_in_the_appendix_only(shipped):
    folder, handbook = shipped
    book = folder / "so-tay-day-du.pdf"
    appendix = destination_pages(book)["phu-luc-nguon-tu-lieu"]
    first_body = next(n for n, label in enumerate(page_labels(book), start=1) if label.isdigit())
    # The body (the front matter's list of changes may name sources that were added or dropped).
    before = run("pdftotext", "-f", str(first_body), "-l", str(appendix - 1), str(book), "-")
    after = run("pdftotext", "-f", str(appendix), str(book), "-")
    assert "http" not in before  # no address at all in the body: there is no public site yet
    assert "xem Phụ lục «Nguồn tư liệu» ở cuối sổ tay" in before
    assert "PHỤ LỤC. NGUỒN TƯ LIỆU" in after
    cited = {unquote(url) for p in handbook.procedures for url in p.sources}
    uris = {
        unquote(str(annotation.get_object()["/A"]["/URI"]))
        for page in PdfReader(book).pages[appendix - 1 :]
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert cited <= uris


def test_checklists_are_one_page_receipts(shipped):
    folder, handbook = shipped
    for procedure in handbook.procedures:
        path = folder / f"phieu-{procedure.code}.pdf"
        assert page_count(path) == 1, procedure.code
    text = pdf_text(folder / "phieu-1.011937.pdf")
    for field in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHIẾU KIỂM TRA VÀ TIẾP NHẬN HỒ SƠ",
        "Số hồ sơ:",
        "Ngày tiếp nhận:",
        "Ngày hẹn trả kết quả:",
        "Người nộp hồ sơ:",
        "Điện thoại:",
        "Địa chỉ:",
        "Dữ liệu ấn bản ngày 01/12/2026",
    ):
        assert field in text, field
    # The receiving agency heads the left column, as on an official form.
    top_left = [t for x0, y0, _x1, t in words(folder / "phieu-1.011937.pdf", 1) if x0 < 260 and y0 < 90]
    assert " ".join(top_left) == handbook.procedure_by_code["1.011937"].authority.receiving.upper()
    # The column headers fit their columns: "Bản chính" stays one line.
    assert ["Bản", "chính", "Bản", "sao"] == [
        t for line in lines(folder / "phieu-1.011937.pdf", 1) for t in line if t in ("Bản", "chính", "sao")
    ][:4]


def test_covers_state_their_own_figures_and_excerpts_their_numbering(shipped):
    folder, handbook = shipped
    for document in print_catalogue(handbook).of_kind("book"):
        records = [handbook.procedure_by_code[c] for c in document.procedures]
        records += [handbook.task_by_id[t] for t in document.tasks]
        verified = sum(1 for record in records if record.review.status == "verified")
        cover = run("pdftotext", "-l", "1", str(folder.parent / document.path), "-")
        if document.scope == "changes":
            assert handbook.changes.summary() in " ".join(cover.split()), cover
            continue
        assert f"Đã rà soát {verified}/{len(records)} hồ sơ" in cover, document.path
        contents = pdf_text(folder.parent / document.path)
        said = "Số trang ghi theo bản đầy đủ của sổ tay" in contents
        assert said == (document.scope in ("chapter", "level")), document.path


@pytest.mark.parametrize("site_url", [None, "https://sotay.example.gov.vn/", "http://localhost:8000/"])
def test_no_public_address_means_no_qr_code_and_no_address(site_url, tmp_path):
    project = make_project(tmp_path / "p")
    meta = project.data / "handbook.yaml"
    text = re.sub(r"^site_url: .*\n", "", meta.read_text(encoding="utf-8"), flags=re.M)
    meta.write_text(text + (f"site_url: {site_url}\n" if site_url else ""), encoding="utf-8")
    handbook = load_handbook(project)
    assert [w.path for w in handbook.warnings] == ["site_url"]
    export_pdfs(handbook, print_catalogue(handbook), project.templates, tmp_path / "out")
    for path in sorted((tmp_path / "out/pdf").glob("phieu-*.pdf")) + [tmp_path / "out/pdf/so-tay-day-du.pdf"]:
        image = tmp_path / path.stem
        run("pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "3", str(path), str(image))
        for png in tmp_path.glob(f"{path.stem}*.png"):
            scan = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
            assert scan.stdout == "", (path.name, scan.stdout)
        uris = [
            str(annotation.get_object()["/A"].get("/URI", ""))
            for page in PdfReader(path).pages
            for annotation in page.get("/Annots", [])
        ]
        assert not [uri for uri in uris if uri and not uri.startswith("https://example.org/")], (path.name, uris)
    body = pdf_text(tmp_path / "out/pdf/so-tay-day-du.pdf")
    assert "Trang trực tuyến" not in body and "sotay.example" not in body and "localhost" not in body


def test_titles_do_not_break_inside_hyphenated_words(tmp_path):
    # A title full of hyphenated words: without the rule, some would break at the hyphen.
    project = make_project(tmp_path / "p")
    record = project.data / "procedures/1.000001.yaml"
    name = "Khai báo " + " ".join(f"thiết bị X-quang số-{n}" for n in range(12))
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.M), encoding="utf-8")
    handbook = load_handbook(project)
    export_pdfs(handbook, print_catalogue(handbook), project.templates, tmp_path / "out")
    book = tmp_path / "out/pdf/so-tay-day-du.pdf"
    start = destination_pages(book)["1.000001"]
    for first, last in ((2, 2), (start, start)):  # the contents, the procedure's first page
        shown = run("pdftotext", "-f", str(first), "-l", str(last), str(book), "-")
        assert shown.count("X-quang") >= 12, shown
        assert not re.search(r"(X|số)-\s*\n", shown), shown
