"""epub: the book as an EPUB 3 packed from the built pages, checked by epubcheck."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from sotay.epub import BookPage, _target, book_pages, epub_id

EPUBCHECK = "/usr/share/java/epubcheck.jar"


def test_ids_are_xml_names_that_follow_the_site():
    assert epub_id("1.011937") == "thu-tuc-1-011937"
    assert epub_id("1.011937:thanh-phan-ho-so") == "thu-tuc-1-011937-thanh-phan-ho-so"
    assert epub_id("tam-cap-phep:phi-le-phi") == "thu-tuc-tam-cap-phep-phi-le-phi"
    assert epub_id("chuong-do-luong") == "chuong-do-luong"
    assert epub_id("nhiem-vu:xa-kiem-tra") == "nhiem-vu-xa-kiem-tra"


def test_the_book_follows_the_printed_order(fixture_handbook):
    pages = [(page.page, page.depth) for page in book_pages(fixture_handbook)]
    assert pages == [
        ("cap/xa.md", 1),  # the commune desk's quick reference (the fixture has no guide pages)
        ("linh-vuc/do-luong.md", 1),
        ("thu-tuc/1.000001.md", 2),
        ("nhiem-vu/xa-kiem-tra-do-luong.md", 2),
        ("linh-vuc/tan-so.md", 1),
        ("thu-tuc/tam-tan-so-nghiep-du.md", 2),
        ("van-ban.md", 1),
    ]
    ids = [page.id for page in book_pages(fixture_handbook)]
    assert len(ids) == len(set(ids))


def test_links_leaving_the_book_go_to_the_public_site_or_become_text():
    pages = {"thu-tuc/1.000001.html": BookPage("thu-tuc/1.000001.md", "thu-tuc-1-000001", 2)}
    here = "linh-vuc/do-luong.html"
    site = "https://sotay.example.vn/"
    assert _target("../thu-tuc/1.000001.html#phi-le-phi", here, pages, site) == (
        "thu-tuc-1-000001.xhtml#thu-tuc-1-000001-phi-le-phi"
    )
    assert _target("#gioi-thieu", "thu-tuc/1.000001.html", pages, None) == (
        "thu-tuc-1-000001.xhtml#thu-tuc-1-000001-gioi-thieu"
    )
    assert _target("../pdf/chuong-do-luong.pdf", here, pages, site) == site + "pdf/chuong-do-luong.pdf"
    assert _target("../pdf/chuong-do-luong.pdf", here, pages, None) is None
    assert _target("https://vbpl.vn/x", here, pages, None) == "https://vbpl.vn/x"
    assert _target("javascript:alert(1)", here, pages, site) is None


@pytest.mark.slow
def test_the_epub_passes_epubcheck_and_carries_font_ids_links_and_language(built_site):
    path = built_site.site / "tai-ve/so-tay-nghiep-vu.epub"
    result = subprocess.run(["java", "-jar", EPUBCHECK, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout
    with zipfile.ZipFile(path) as epub:
        names = epub.namelist()
        assert names[0] == "mimetype" and epub.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        procedure = epub.read("EPUB/text/thu-tuc-1-000001.xhtml").decode("utf-8")
        package = epub.read("EPUB/content.opf").decode("utf-8")
        navigation = epub.read("EPUB/nav.xhtml").decode("utf-8")
    assert "EPUB/fonts/LiberationSerif-Regular.ttf" in names
    assert 'id="thu-tuc-1-000001-thanh-phan-ho-so"' in procedure
    assert "Đăng ký chuẩn đo lường" in procedure
    # A link to another page of the book stays a link, into that page's file and section.
    assert re.search(r'href="thu-tuc-tam-tan-so-nghiep-du\.xhtml(#[^"]*)?"', procedure)
    # What only a browser uses is gone: header links, download buttons.
    assert "headerlink" not in procedure and "md-button" not in procedure
    # The legal basis links into the legal index, itself a page of the book.
    assert 'href="can-cu-phap-ly.xhtml#can-cu-phap-ly-nd-133-2025"' in procedure
    assert "<dc:language>vi</dc:language>" in package
    assert navigation.index("Đo lường") < navigation.index("Đăng ký chuẩn đo lường")
    downloads = (built_site.site / "tai-ve/index.html").read_text(encoding="utf-8")
    assert 'href="so-tay-nghiep-vu.epub"' in downloads


@pytest.mark.slow
def test_the_epub_is_the_same_bytes_when_built_again(built_site, tmp_path):
    from sotay.build import load_handbook
    from sotay.epub import write_epub

    handbook = load_handbook(built_site)
    again = tmp_path / "again.epub"
    write_epub(handbook, built_site.site, built_site.templates, again)
    assert again.read_bytes() == (built_site.site / "tai-ve/so-tay-nghiep-vu.epub").read_bytes()


def test_a_page_missing_from_the_built_site_is_a_located_error(fixture_handbook, tmp_path):
    from sotay.epub import write_epub
    from sotay.errors import HandbookError

    from .conftest import REPO

    with pytest.raises(HandbookError) as caught:
        write_epub(fixture_handbook, tmp_path, REPO / "templates", tmp_path / "book.epub")
    assert "cap/xa.html" in caught.value.report() and "EPUB" in caught.value.report()
    assert not (tmp_path / "book.epub").exists()
