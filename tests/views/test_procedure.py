"""views.procedure: the summary a citizen reads first."""

from __future__ import annotations

from sotay.views import procedure_view


def test_the_summary_answers_where_how_long_how_much_who_and_what(fixture_handbook):
    summary = dict(procedure_view(fixture_handbook, fixture_handbook.procedure_by_code["1.000001"]).context["summary"])
    assert list(summary) == [
        "Nộp hồ sơ tại",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Cơ quan quyết định",
        "Mẫu đơn, tờ khai",
        "Kết quả",
    ]
    assert summary["Nộp hồ sơ tại"] == "Trung tâm Phục vụ hành chính công cấp tỉnh (trực tiếp, trực tuyến)"
    assert summary["Cơ quan quyết định"] == "Ủy ban nhân dân cấp tỉnh"
    assert summary["Mẫu đơn, tờ khai"] == "Mẫu số 01"
    assert summary["Kết quả"] == "Giấy chứng nhận đăng ký chuẩn đo lường"


def test_what_the_data_does_not_say_is_left_out_of_the_summary(fixture_handbook):
    procedure = fixture_handbook.procedure_by_code["tam-tan-so-nghiep-du"]
    summary = dict(procedure_view(fixture_handbook, procedure).context["summary"])
    has_forms = any(d.form for case in procedure.dossier.cases for d in case.documents)
    assert ("Mẫu đơn, tờ khai" in summary) == has_forms
    assert all(text for text in summary.values())
