"""fanout and build --edition: a province's edition, end to end, in its own folder; the national one untouched."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from sotay.build import build
from sotay.project import FINGERPRINT_FILE

from .conftest import make_project
from .test_build import digest
from .test_cli import cli, own_project  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow  # whole builds with their PDFs


def pdf_text(path, *pages: int) -> str:
    """The text of a PDF (or of some pages), in reading order: columns one after the other."""
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    result = subprocess.run(["pdftotext", *first_last, str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def test_an_edition_is_built_into_its_own_folder_with_the_province_s_values(own_project):  # noqa: F811
    national = digest(own_project.site)
    process = cli(own_project, "editions", "hue")
    out, errors = process.communicate(timeout=600)
    assert process.returncode == 0, errors
    assert out.startswith("hue: đã dựng ") and "editions/hue/site/ với" in out and "1/1 ấn bản" in out, out
    site = own_project.data.parent / "editions" / "hue" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Ấn bản thành phố Huế" in home and "Trung tâm Phục vụ hành chính công thành phố Huế" in home
    page = (site / "thu-tuc" / "1.000001.html").read_text(encoding="utf-8")
    assert "Quầy số 7" in page and "0234.3000000" in page
    assert "10 ngày làm việc" in page and "quy định chung: 15 ngày làm việc" in page
    # The printed checklist: the province's centre at its head, the local time limit and fee.
    checklist = pdf_text(site / "pdf" / "phieu-1.000001.pdf")
    assert checklist.startswith("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HUẾ"), checklist[:200]
    assert "số 1 đường Mẫu, phường Mẫu, thành phố Huế; điện thoại 0234.3000000" in checklist
    assert "10 ngày làm việc" in checklist and "200.000 đồng" in checklist and "250.000" not in checklist
    # The printed book: the province and its centre on the cover; the local values, with their basis.
    book = site / "pdf" / "so-tay-day-du.pdf"
    cover = pdf_text(book, 1)
    assert "ẤN BẢN THÀNH PHỐ HUẾ" in cover and "số 1 đường Mẫu, phường Mẫu, thành phố Huế" in cover
    body = pdf_text(book)
    assert "Thời hạn giải quyết của tỉnh: 10 ngày làm việc — quy định chung: 15 ngày làm việc" in body
    assert "Căn cứ: Quyết định 2/QĐ-UBND ngày 02/8/2025" in body
    # Zip and EPUB are the edition's too; the national site was not touched.
    assert (site / "tai-ve" / "so-tay-nghiep-vu-offline.zip").stat().st_size > 0
    assert digest(own_project.site) == national
    # Nothing changed: nothing is built again.
    process = cli(own_project, "editions", "hue")
    out, errors = process.communicate(timeout=120)
    assert process.returncode == 0 and "không có gì thay đổi" in out, out + errors


def test_an_unknown_edition_is_refused_before_anything_is_made(own_project):  # noqa: F811
    process = cli(own_project, "build", "--edition", "hue-xyz")
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "data/provinces.yaml: không có tỉnh, thành phố 'hue-xyz' trong data/provinces.yaml; có phải 'hue'" in errors
    assert not (own_project.data.parent / "editions").exists()


def test_the_national_edition_is_byte_identical_without_the_provinces_files(built_site, tmp_path):
    bare = make_project(tmp_path / "bare")
    shutil.rmtree(bare.data / "provinces")
    build(bare)
    with_files, without = digest(built_site.site), digest(bare.site)
    # The record of the inputs differs (they do): every page, PDF, zip and EPUB is the same.
    assert with_files.pop(FINGERPRINT_FILE) != without.pop(FINGERPRINT_FILE)
    assert any(name.endswith(".pdf") for name in without)
    assert without == with_files


def test_hostile_text_in_a_province_file_is_shown_never_run(project):
    """A province's centre, basis and decision go into pages, checklists and the cover as text."""
    from .test_hostile import HOSTILE

    hue = project.data / "provinces" / "hue.yaml"
    overlay = yaml.safe_load(hue.read_text(encoding="utf-8"))
    script, markdown, typst = HOSTILE[0], HOSTILE[5], HOSTILE[10]
    overlay["centres"][0].update(address=f"{script} {typst}", counter=markdown)
    overlay["procedures"][0]["basis"]["document"] = f"Quyết định {HOSTILE[1]}"
    overlay["announcements"][0]["title"] = HOSTILE[2]
    hue.write_text(yaml.safe_dump(overlay, allow_unicode=True), encoding="utf-8")
    edition = project.for_edition("hue")
    build(edition, edition="hue")
    page = (edition.site / "thu-tuc" / "1.000001.html").read_text(encoding="utf-8")
    home = (edition.site / "index.html").read_text(encoding="utf-8")
    for html in (page, home):
        assert "<script>window.__pwned" not in html and "<img src=x" not in html
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "*nghiêng* **đậm**" in page  # shown as typed, not made italic
    checklist = pdf_text(edition.site / "pdf" / "phieu-1.000001.pdf")
    assert "<script>window.__pwned = 1</script> #set page(width: 1cm)" in checklist
    cover = pdf_text(edition.site / "pdf" / "so-tay-day-du.pdf", 1)
    assert "#set page(width: 1cm) $x^2$" in cover
    assert "Quyết định <img src=x" in pdf_text(edition.site / "pdf" / "so-tay-day-du.pdf")


def test_editions_built_at_once_share_the_cache_safely(own_project, tmp_path):  # noqa: F811
    """Two editions at once (--jobs 2) on one cache: both complete, each the same as built alone."""
    process = cli(own_project, "editions", "--jobs", "2", "hue", "dong-thap")
    out, errors = process.communicate(timeout=600)
    assert process.returncode == 0 and "2/2 ấn bản" in out, out + errors
    alone = make_project(tmp_path / "alone")
    for province in ("hue", "dong-thap"):
        build(alone.for_edition(province), edition=province)
        together = digest(own_project.data.parent / "editions" / province / "site")
        separate = digest(alone.for_edition(province).site)
        for files in (together, separate):  # the record of inputs names the lock files the projects have
            files.pop(FINGERPRINT_FILE)
        assert together == separate, province
    cache = own_project.cache
    assert not [path for path in cache.rglob("*.tmp")], "no temporary file left behind"
