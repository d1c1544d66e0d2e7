"""epub: the whole book as an EPUB 3 that epubcheck accepts, with the font and the site's ids."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from sotay.pdf.epub import epub_id

EPUBCHECK = "/usr/share/java/epubcheck.jar"


def test_ids_are_xml_names_that_follow_the_site():
    assert epub_id("1.011937") == "thu-tuc-1-011937"
    assert epub_id("1.011937:thanh-phan-ho-so") == "thu-tuc-1-011937-thanh-phan-ho-so"
    assert epub_id("tam-cap-phep:phi-le-phi") == "thu-tuc-tam-cap-phep-phi-le-phi"
    assert epub_id("chuong-do-luong") == "chuong-do-luong"


@pytest.mark.slow
def test_the_epub_passes_epubcheck_and_carries_font_ids_and_language(built_site):
    path = built_site.site / "tai-ve/so-tay-nghiep-vu.epub"
    result = subprocess.run(["java", "-jar", EPUBCHECK, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout
    with zipfile.ZipFile(path) as epub:
        names = epub.namelist()
        text = "".join(epub.read(name).decode("utf-8") for name in names if name.endswith(".xhtml"))
        package = epub.read("EPUB/content.opf").decode("utf-8")
    assert "EPUB/fonts/LiberationSerif-Regular.ttf" in names
    assert 'id="thu-tuc-1-000001-thanh-phan-ho-so"' in text
    assert "Đăng ký chuẩn đo lường" in text
    assert "<dc:language>vi</dc:language>" in package
    downloads = (built_site.site / "tai-ve/index.html").read_text(encoding="utf-8")
    assert 'href="so-tay-nghiep-vu.epub"' in downloads
