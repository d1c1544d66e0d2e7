"""The shipped dataset (data/): the seed list is complete and sourced, statistics match the files."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from sotay.build import Paths, load_handbook
from sotay.catalogue import print_catalogue
from sotay.render import render_pages
from sotay.views import site_views
from sotay.views.statistics import statistics_context

from .conftest import REPO

DATA = REPO / "data"

# Seed list of ../shared/reference/procedures.md §4A: number → (file id in data/procedures, a source it must cite).
SEED_PROCEDURES = {
    1: (
        "tam-ts-cap-gp-nghiep-du",
        "https://dientuungdung.vn/thu-tuc-cap-giay-phep-hoat-dong-vo-tuyen-dien-nghiep-du-thay-doi-tu-17-9815.html",
    ),
    2: (
        "tam-ts-cap-doi-cong-nhan-chung-chi-nghiep-du",
        "https://dientuungdung.vn/thu-tuc-cap-giay-phep-hoat-dong-vo-tuyen-dien-nghiep-du-thay-doi-tu-17-9815.html",
    ),
    3: (
        "tam-ts-cap-doi-cong-nhan-vtd-hang-hai",
        "https://dichvucong.laichau.gov.vn/dichvucong/bothutuc/chiTietThuTuc?maThuTuc=62465",
    ),
    4: (
        "tam-ts-cap-gp-mang-noi-bo",
        "http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/69221/thu-tuc-cap-giay-phep-su-dung-tan-so-va-thiet-bi-vo-tuyen-dien-doi-voi-mang-thong-tin-vo-tuyen-dien-noi-bo",
    ),
    5: (
        "tam-ts-cap-gp-nghe-ca",
        "http://www.ninhthuan.gov.vn/chinhquyen/sonv/Pages/Quy-dinh-ve-co-quan-cap-giay-phep-su-dung-tan-so-vo-tuyen-dien.aspx",
    ),
    6: (
        "tam-ts-cap-gp-mang-di-dong-dung-rieng",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=5392&open_popup=1",
    ),
    7: (
        "tam-vt-cap-lai-gp-co-ha-tang-mang",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=384679",
    ),
    8: (
        "tam-vt-cap-lai-gp-khong-ha-tang-mang",
        "https://dongdiep.dev/thu-tuc-hanh-chinh/cap-lai-giay-phep-cung-cap-dich-vu-vien-thong-khong-co-ha-tang-mang-loai-hinh-dich-vu-vien-thong-co-dinh-mat-dat-dich-vu-vien-thong-cung-cap-tren-mang-vien-thong-co-dinh-mat-dat",
    ),
    9: (
        "tam-vt-gia-han-gp-khong-ha-tang-mang",
        "https://dongdiep.dev/thu-tuc-hanh-chinh/gia-han-giay-phep-cung-cap-dich-vu-vien-thong-khong-co-ha-tang-mang-loai-hinh-dich-vu-vien-thong-co-dinh-mat-dat-dich-vu-vien-thong-cung-cap-tren-mang-vien-thong-co-dinh-mat-dat",
    ),
    10: ("2.002131", "https://dichvucong.tiengiang.gov.vn/public/link-to/chi-tiet-thu-tuc?ma-thu-tuc=3585"),
    11: ("tam-atbx-cap-gp-x-quang", "http://tthc.thuathienhue.gov.vn/Content/Thutuc/linhvuc.aspx?iLinhVuc=59"),
    12: (
        "tam-atbx-gia-han-gp-x-quang",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=263341&open_popup=1",
    ),
    13: ("tam-atbx-sua-doi-gp-x-quang", "http://tthc.thuathienhue.gov.vn/Content/Thutuc/linhvuc.aspx?iLinhVuc=59"),
    14: ("tam-atbx-cap-lai-gp-x-quang", "http://tthc.thuathienhue.gov.vn/Content/Thutuc/linhvuc.aspx?iLinhVuc=59"),
    15: ("1.000173", "https://dichvucong.tiengiang.gov.vn/public/link-to/chi-tiet-thu-tuc?ma-thu-tuc=19024"),
    16: (
        "tam-atbx-phe-duyet-ke-hoach-ung-pho",
        "http://tthc.thuathienhue.gov.vn/Content/Thutuc/linhvuc.aspx?iLinhVuc=59",
    ),
    17: ("tam-atbx-khai-bao-pet-ct", "https://vnexpress.net/39-thu-tuc-moi-ve-an-toan-buc-xa-va-hat-nhan-5008242.html"),
    18: ("1.011937", "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.011937"),
    19: ("tam-shtt-cap-lai-gcn-giam-dinh", "https://tthc.thuathienhue.gov.vn/Content/Print/thutuc.aspx?iThuTuc=20440"),
    20: ("3.000453", "https://dichvucong.langson.gov.vn/trang-chu/tra-cuu/chi-tiet-thu-tuc?ma-thu-tuc=62226"),
    21: (
        "tam-dl-dieu-chinh-chuan",
        "https://dichvucong.laichau.gov.vn/dichvucong/bothutuc/chiTietThuTuc?maThuTuc=51991",
    ),
    22: ("tam-dl-chung-nhan-chuan", "https://phucgia.com.vn/thong-tu-07-2025-tt-bkhcn"),
    23: ("tam-dl-cap-the-kiem-dinh-vien", "https://phucgia.com.vn/thong-tu-07-2025-tt-bkhcn"),
    24: ("tam-dl-tiep-nhan-cong-bo-dao-tao", "https://phucgia.com.vn/thong-tu-07-2025-tt-bkhcn"),
    25: (
        "tam-dl-dang-ky-dich-vu-kiem-dinh",
        "https://caselaw.vn/van-ban-phap-luat/116555-nghi-dinh-so-105-2016-nd-cp-ngay-01-07-2016-cua-chinh-phu-quy-dinh-ve-dieu-kien-hoat-dong-cua-to-chuc-kiem-dinh-hieu-chuan-thu-nghiem-phuong-tien-do-chuan-do-luong?vblq=true",
    ),
    26: (
        "tam-dl-dieu-chinh-dau-dinh-luong",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=656",
    ),
    27: (
        "tam-cg-dang-ky-hop-dong",
        "http://iso.dosttn.gov.vn/thu-tuc-cap-giay-chung-nhan-dang-ky-hop-dong-chuyen-giao-cong-nghe-tru-nhung-truong-hop-thuoc-tham-quyen-cua-bo-khoa-hoc-va-cong-nghe.html",
    ),
    28: (
        "2.002249",
        "https://hanhchinhcong.kontum.gov.vn/web/guest/thu-tuc-hanh-chinh/-/tra-cuu-thu-tuc/chi-tiet-tthc/detail_tthc/thutuc/86009",
    ),
    29: (
        "tam-cnc-cap-gcn-ung-dung",
        "http://hbi.org.vn/vi/faq/thu-tuc-cap-giay-chung-nhan-hoat-dong-ung-dung-cong-nghe-cao-cho-to-chuc.1040",
    ),
    30: (
        "tam-kh-thay-doi-gcn-to-chuc-khcn",
        "https://dichvucong.most.gov.vn/dvc/Pages/ThuTuc.aspx?ttID=b0380291-e6e9-467f-b232-a69e42190c12",
    ),
    31: ("1.014393", "https://dichvucong.laocai.gov.vn/yenbai/tra-cuu/chi-tiet-thu-tuc?ma-thu-tuc=122003"),
    32: ("1.014431", "https://dichvucong.laocai.gov.vn/yenbai/tra-cuu/chi-tiet-thu-tuc?ma-thu-tuc=122009"),
    33: (
        "tam-kh-giao-quyen-so-huu",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=198",
    ),
}
# §4B: the seven tasks.
SEED_TASKS = [
    "xa-kiem-tra-nha-nuoc-ve-do-luong",
    "xa-quan-ly-chat-luong-san-pham-hang-hoa",
    "xa-quan-ly-dau-tu-ung-dung-cntt",
    "xa-cong-khai-thong-tin-tren-mang",
    "tinh-yeu-cau-cham-dut-dich-vu-vien-thong",
    "tinh-chien-luoc-chuyen-doi-so",
    "tinh-tham-dinh-phe-duyet-nhiem-vu-khcn",
]
# Codes found in the reference; any other national code in the data would be invented.
# Codes the source audit found (../shared/reference/found-procedures.yaml, 2026); any other national
# code in the data must appear in one of its record's own source addresses, or its review note must
# say which source page shows it.
AUDITED_NATIONAL_CODES = {
    "1.000173", "1.004379", "1.005442", "1.010902", "1.011937", "1.013972", "1.014393", "1.014431",
    "1.014437", "1.014444", "1.014445", "1.014446", "2.002131", "2.002249", "2.002711", "3.000453",
}  # fmt: skip


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(Paths.at(REPO))


def raw_records(folder: str) -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((DATA / folder).glob("*.yaml"))]


def test_every_seed_procedure_is_present_with_its_source(handbook):
    # A seed is a record citing its source; or it got its national code (a record replaces its
    # old id); or the audit showed it merged, moved or abolished (a retired page says so).
    assert len(SEED_PROCEDURES) == 33
    replaced = {old: p for p in handbook.procedures for old in p.replaces}
    retired = {record.code: record for record in handbook.retired}
    for number, (code, source) in SEED_PROCEDURES.items():
        if code in replaced:
            assert replaced[code].sources, f"seed {number}: {code} → {replaced[code].code} has no source"
        elif code in retired:
            assert retired[code].explanation and retired[code].sources, f"seed {number}: {code}"
        else:
            procedure = handbook.procedure_by_code.get(code)
            assert procedure is not None, f"seed {number}: {code} missing"
            assert source in procedure.sources, f"seed {number}: {code} does not cite {source}"


def test_every_seed_task_is_present_with_a_source(handbook):
    tasks = {task.id: task for task in handbook.tasks}
    for task_id in SEED_TASKS:
        assert task_id in tasks and tasks[task_id].sources, task_id


def test_no_invented_national_code(handbook):
    for procedure in handbook.procedures:
        if not procedure.code.startswith("tam-") and procedure.code not in AUDITED_NATIONAL_CODES:
            shown_in = [*procedure.sources, procedure.review.note or ""]
            assert any(procedure.code in text for text in shown_in), procedure.code
    # Every national code the audit found is used (or named by a retired page).
    used = {p.code for p in handbook.procedures} | {r.code for r in handbook.retired}
    assert AUDITED_NATIONAL_CODES <= used


def test_inferred_records_say_what_they_were_inferred_from(handbook):
    # A record completed from a member of its family says so in its note, naming that member
    # as it is named in the data («…»); it stays provisional and needs review.
    names = {procedure.name for procedure in handbook.procedures}
    inferred = [p for p in handbook.procedures if "được suy ra từ" in (p.review.note or "")]
    assert len(inferred) >= 30
    for procedure in inferred:
        assert procedure.code.startswith("tam-") and procedure.review.status == "needs-review", procedure.code
        members = re.findall(r"«([^»]+)»", procedure.review.note)
        assert members and set(members) <= names, (procedure.code, members)
        assert procedure.sources, procedure.code


def test_statistics_equal_counts_from_the_files(handbook):
    procedures, tasks = raw_records("procedures"), raw_records("tasks")
    stats = statistics_context(handbook)
    assert stats["procedure_count"] == len(procedures)
    assert stats["task_count"] == len(tasks)
    by_field_level = Counter((p["field"], p["level"]) for p in procedures)
    levels = [level.id for level in handbook.levels]
    for field, row in zip(handbook.fields, stats["procedures_by_field"], strict=True):
        assert row["counts"] == [by_field_level[(field.id, level)] for level in levels], field.id
    by_transfer = Counter((p.get("transfer") or {}).get("type") for p in procedures)
    assert [row["total"] for row in stats["procedures_by_transfer"]] == [
        by_transfer["phan-quyen"],
        by_transfer["phan-cap"],
        by_transfer["uy-quyen"],
        by_transfer[None],
    ]
    # Each official figure is compared with what it counts: 125 procedures announced in 2025 with
    # the procedures that were transferred; 103 tasks with every transferred task; 78 (16 + 62)
    # with the tasks of Decree 133 alone.
    coverage = {row["official"]: row["recorded"] for row in stats["coverage"]["rows"]}
    transferred = {"phan-quyen", "phan-cap", "uy-quyen"}
    assert coverage[125] == sum(1 for p in procedures if (p.get("transfer") or {}).get("type") in transferred)
    assert coverage[103] == sum(1 for t in tasks if t["type"] in transferred)

    def decree_133(task) -> bool:
        return any(ref["document"] == "nd-133-2025" for ref in task["legal_basis"])

    assert coverage[78] == sum(1 for t in tasks if t["type"] in ("phan-quyen", "phan-cap") and decree_133(t))
    assert coverage[16] == sum(1 for t in tasks if t["type"] == "phan-quyen" and decree_133(t))
    assert coverage[62] == sum(1 for t in tasks if t["type"] == "phan-cap" and decree_133(t))
    verified = sum(1 for r in procedures + tasks if r["review"]["status"] == "verified")
    assert (stats["verified"], stats["needs_review"]) == (verified, len(procedures) + len(tasks) - verified)


def test_statistics_page_shows_each_figure_with_its_source(handbook):
    page = render_pages(site_views(handbook, print_catalogue(handbook)).pages, REPO / "templates")["thong-ke.md"]
    for figure in handbook.meta.official_totals:
        assert f"| {figure.value} |" in page, figure.label
        assert f"({figure.source})" in page, figure.label
    # The conference's 125 procedures and 103 tasks, and Decree 133's 78 tasks, are different counts.
    assert "vtcnews.vn" in page and "vjst.vn" in page


def test_every_page_of_the_shipped_data_is_complete(handbook):
    rendered = render_pages(site_views(handbook, print_catalogue(handbook)).pages, REPO / "templates")
    for path, text in rendered.items():
        assert "None" not in text, path
        assert not re.search(r"^## .*\n\n+#{1,2} ", text, flags=re.M), path


def test_shipped_data_raises_no_warning_but_the_missing_address(handbook):
    # Neither the newer tone-mark placement (hoà, thuỷ) nor direction controls nor aliases; the
    # handbook has no public address yet, so the build says once that nothing prints a QR code.
    assert [str(w) for w in handbook.warnings if w.path != "site_url"] == []
    assert [w.message.split(":")[0] for w in handbook.warnings if w.path == "site_url"] == ["chưa ghi địa chỉ"]


def test_guide_pages_are_vietnamese_with_diacritics():
    for page in (REPO / "handbook" / "huong-dan").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text), page.name


def test_no_page_says_no_fee_where_the_fee_is_unknown(handbook):
    rendered = render_pages(site_views(handbook, print_catalogue(handbook)).pages, REPO / "templates")
    unknown = [p for p in handbook.procedures if any(c.fee_unknown for c in p.channels)]
    assert unknown
    for procedure in unknown:
        page = rendered[f"thu-tuc/{procedure.code}.md"]
        for channel in procedure.channels:
            if channel.fee_unknown:
                assert "Chưa có thông tin" in page, procedure.code
        assert "| Không |" not in page and "Không.\n" not in page.split("{#phi-le-phi}")[1].split("## ")[0]
