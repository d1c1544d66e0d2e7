"""editions: a handbook that names its previous edition says what changed, everywhere, and keeps its addresses."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sotay.build import build, load_handbook
from sotay.errors import HandbookError
from sotay.snapshot import snapshot_of, snapshot_text
from tests.conftest import REPO, Paths, make_project
from tests.pdf.test_export import page_labels, pdf_text, run

PREVIOUS = "editions/2025-10-01.json"


def previous_edition(paths, *, keep_retired: bool = True) -> dict:
    """An older edition of the fixture: another fee, and a procedure that has since been retired."""
    snapshot = snapshot_of(load_handbook(paths))
    snapshot["edition"] = "2025-10-01"
    fees = snapshot["procedures"][0]["channels"][0]["fees"]
    assert snapshot["procedures"][0]["code"] == "1.000001" and fees[0]["amount"] == 250000
    fees[0]["amount"] = 200000
    retired = snapshot["retired"].pop()  # the retired procedure was still a procedure then
    gone = "tam-giai-thuong-chat-luong" if keep_retired else "tam-da-bo"
    snapshot["procedures"].append({**snapshot["procedures"][1], "code": gone, "name": retired["name"], "replaces": []})
    target = paths.data / PREVIOUS
    target.parent.mkdir(exist_ok=True)
    target.write_text(snapshot_text(snapshot), encoding="utf-8")
    handbook = paths.data / "handbook.yaml"
    handbook.write_text(handbook.read_text(encoding="utf-8") + f"previous_edition: {PREVIOUS}\n", encoding="utf-8")
    return snapshot


def test_the_changes_are_attached_to_the_handbook(project):
    previous_edition(project)
    changes = load_handbook(project).changes
    assert changes.summary() == "1 thủ tục sửa đổi, 1 không còn áp dụng"
    assert [str(c) for c in changes.of("procedure", "1.000001").changes] == [
        "Phí, lệ phí (trực tiếp) – Lệ phí: 200.000 → 250.000 đồng"
    ]


def test_a_procedure_that_vanished_is_an_error_naming_its_address(project):
    previous_edition(project, keep_retired=False)
    with pytest.raises(HandbookError) as caught:
        load_handbook(project)
    report = caught.value.report()
    assert "previous_edition: thủ tục tam-da-bo" in report
    assert "địa chỉ thu-tuc/tam-da-bo.html mà người dùng đã lưu sẽ hỏng" in report
    assert "data/retired/tam-da-bo.yaml" in report


def test_a_missing_snapshot_is_named(project):
    handbook = project.data / "handbook.yaml"
    handbook.write_text(handbook.read_text(encoding="utf-8") + f"previous_edition: {PREVIOUS}\n", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        load_handbook(project)
    assert f"previous_edition: không có tệp {PREVIOUS} trong thư mục dữ liệu" in caught.value.report()


@pytest.mark.slow
def test_site_pages_boxes_pdfs_and_old_addresses(tmp_path, built_site):
    paths = make_project(tmp_path)
    previous = previous_edition(paths)
    build(paths)
    site = paths.site

    changes_page = (site / "nhung-diem-moi.html").read_text(encoding="utf-8")
    assert 'id="thu-tuc-1-000001"' in changes_page
    assert 'href="thu-tuc/1.000001.html#phi-le-phi"' in changes_page
    assert "200.000 → 250.000 đồng" in changes_page
    procedure = (site / "thu-tuc/1.000001.html").read_text(encoding="utf-8")
    assert re.search(
        r'<div class="admonition info">\s*<p class="admonition-title">Cập nhật so với ấn bản 01/10/2025', procedure
    )
    assert 'href="#phi-le-phi"' in procedure
    assert "Những điểm mới" in (site / "index.html").read_text(encoding="utf-8")  # navigation and home

    # Every page of the previous edition still answers.
    for record in previous["procedures"]:
        assert (site / f"thu-tuc/{record['code']}.html").is_file(), record["code"]
    # The open-data download is this edition's snapshot.
    published = json.loads((site / "tai-ve/du-lieu.json").read_text(encoding="utf-8"))
    assert published == snapshot_of(load_handbook(paths))

    # Print: the list in the book's front matter and on its own; body pages keep their numbers.
    book, plain = site / "pdf/so-tay-day-du.pdf", built_site.site / "pdf/so-tay-day-du.pdf"
    body = [label for label in page_labels(book) if label.isdigit()]
    assert body == [label for label in page_labels(plain) if label.isdigit()]
    assert len(page_labels(book)) > len(page_labels(plain))
    front_pages = len(page_labels(book)) - len(body)
    front = " ".join(run("pdftotext", "-l", str(front_pages), str(book), "-").split())
    assert re.search(r"NHỮNG ĐIỂM MỚI", front) and "200.000 → 250.000 đồng" in front
    alone = pdf_text(site / "pdf/nhung-diem-moi.pdf")
    assert "So với ấn bản ngày 01/10/2025" in alone and "200.000 → 250.000 đồng" in alone
    # Typeset once, the same pages in both, numbered on their own after the contents.
    listed = [label for label in page_labels(book) if label.startswith("ĐM-")]
    assert listed[:1] == ["ĐM-1"]
    assert [label for label in page_labels(site / "pdf/nhung-diem-moi.pdf") if label.startswith("ĐM-")] == listed


def test_diff_command_prints_and_writes_json(project, tmp_path):
    previous_edition(project)
    run = [sys.executable, "-m", "sotay", "--root", str(project.data.parent), "diff", str(project.data / PREVIOUS)]
    text = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert text.splitlines()[0] == "So với ấn bản 01/10/2025: 1 thủ tục sửa đổi, 1 không còn áp dụng"
    assert "  Phí, lệ phí (trực tiếp) – Lệ phí: 200.000 → 250.000 đồng" in text.splitlines()
    data = json.loads(subprocess.run([*run, "--json"], capture_output=True, text=True, check=True).stdout)
    assert data["counts"] == {"procedure": {"changed": 1, "retired": 1}}


def test_diff_against_a_revision_a_shallow_clone_lacks_says_so(tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{REPO}", str(shallow)], check=True)
    result = subprocess.run(
        [sys.executable, "-m", "sotay", "--root", str(shallow), "diff", "HEAD~1"],
        capture_output=True,
        text=True,
        cwd=shallow,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "không tìm thấy 'HEAD~1'" in result.stderr
    assert "bản sao nông (shallow clone)" in result.stderr


def test_the_shipped_previous_edition_is_readable_and_complete():
    """The edition of 20/11/2025 ships as a snapshot and every one of its pages still answers."""
    handbook = load_handbook(Paths.at(REPO, docs=REPO / "handbook"))
    assert handbook.meta.previous_edition == "editions/2025-11-20.json"
    assert handbook.changes is not None and str(handbook.changes.old_edition) == "2025-11-20"
    statuses = {record.status for record in handbook.changes.records}
    assert "removed" not in statuses and {"new", "changed", "renamed", "retired"} <= statuses
    assert Path(REPO / "data" / handbook.meta.previous_edition).is_file()
