"""changes: what differs between two editions, one line per changed field, nothing for mere form."""

from __future__ import annotations

import copy
import json
import unicodedata

import pytest
import yaml

from sotay.build import load_handbook
from sotay.changes import compare
from sotay.snapshot import read_snapshot, snapshot_of, snapshot_text
from tests.conftest import FIXTURE_DATA, REPO, Paths


@pytest.fixture(scope="module")
def before():
    return snapshot_of(load_handbook(Paths.at(REPO, data=FIXTURE_DATA, docs=REPO / "tests/fixtures/no-guide")))


def edited(snapshot, change) -> dict:
    after = copy.deepcopy(snapshot)
    change({p["code"]: p for p in after["procedures"]}, after)
    return after


def lines(old, new) -> list[str]:
    changes = compare(old, new)
    return [f"{record.id}: {change}" for record in changes.records for change in record.changes] + [
        f"{record.id}: ({record.status})" for record in changes.records if not record.changes
    ]


def test_an_edition_compared_with_itself_has_no_changes(before):
    changes = compare(before, before)
    assert changes.records == ()
    assert changes.summary() == "không có thay đổi"


def test_form_is_not_a_change(project, before):
    """Quotes, key order, flow or block style, NFD text and list order (where order means nothing)."""
    for path in project.data.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "procedures" in path.parts:
            data = dict(reversed(list(data.items())))
            data["channels"].reverse()
            data["legal_basis"].reverse()
            data["applicants"].reverse()
            for case in data["dossier"]["cases"]:
                case["documents"].reverse()
        text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False, sort_keys=False, width=40)
        path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    reformatted = snapshot_of(load_handbook(Paths.at(project.data.parent, docs=REPO / "tests/fixtures/no-guide")))
    assert compare(before, reformatted).records == ()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda p, s: p["1.000001"]["channels"][0]["time"].update(value=10),
            "1.000001: Thời hạn giải quyết (trực tiếp): 15 → 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        ),
        (
            lambda p, s: p["1.000001"]["channels"][0]["fees"][0].update(amount=300000),
            "1.000001: Phí, lệ phí (trực tiếp) – Lệ phí: 250.000 → 300.000 đồng",
        ),
        (
            lambda p, s: p["1.000001"]["dossier"]["cases"][0]["documents"].append(
                {"name": "Bản sao quyết định thành lập", "originals": 0, "copies": 1}
            ),
            "1.000001: Thành phần hồ sơ (Hồ sơ cấp mới gồm): thêm 'Bản sao quyết định thành lập'",
        ),
        (
            lambda p, s: p["1.000001"]["dossier"]["cases"][0]["documents"].pop(1),
            "1.000001: Thành phần hồ sơ (Hồ sơ cấp mới gồm): bỏ 'Bản sao giấy chứng nhận kiểm định'",
        ),
        (
            lambda p, s: p["1.000001"]["steps"].insert(1, {"actor": "Bộ phận một cửa", "action": "Ghi sổ."}),
            "1.000001: Trình tự thực hiện, bước 2: thêm Bộ phận một cửa: Ghi sổ.",
        ),
        (
            lambda p, s: p["1.000001"]["legal_basis"].append({"document": "nd-132-2025", "article": "Điều 5"}),
            "1.000001: Căn cứ pháp lý: thêm 132/2025/NĐ-CP, Điều 5",
        ),
        (
            lambda p, s: p["1.000001"]["steps"][1].update(time={"value": 7}),
            "1.000001: Trình tự thực hiện, bước 2: thời gian: 05 → 07 ngày làm việc",
        ),
    ],
    ids=["time", "fee", "document-added", "document-removed", "step-inserted", "legal-basis", "step-time"],
)
def test_a_single_edit_is_a_single_line(before, edit, expected):
    assert lines(before, edited(before, edit)) == [expected]


def test_a_rename_declared_in_the_data_is_one_record_renamed(before):
    def rename(procedures, snapshot):
        record = procedures["tam-tan-so-nghiep-du"]
        record["code"] = "1.099999"
        record["replaces"] = ["tam-tan-so-nghiep-du"]

    changes = compare(before, edited(before, rename))
    assert [(r.id, r.status, r.old_ids, r.changes) for r in changes.records] == [
        ("1.099999", "renamed", ("tam-tan-so-nghiep-du",), ())
    ]
    assert changes.summary() == "1 thủ tục đổi mã"


def test_a_procedure_gone_to_the_retired_list_says_what_happened(before):
    def retire(procedures, snapshot):
        snapshot["procedures"] = [p for p in snapshot["procedures"] if p["code"] != "tam-tan-so-nghiep-du"]
        snapshot["retired"].append(
            {
                "code": "tam-tan-so-nghiep-du",
                "name": "Cấp giấy phép tần số nghiệp dư",
                "status": "bai-bo",
                "since": "2026-01-01",
                "explanation": "Bãi bỏ theo văn bản thử.",
                "sources": ["https://example.org/x"],
            }
        )

    [record] = compare(before, edited(before, retire)).records
    assert (record.status, record.note) == ("retired", "Bị bãi bỏ từ 01/01/2026. Bãi bỏ theo văn bản thử.")


def test_json_output_holds_the_same_changes(before):
    after = edited(before, lambda p, s: p["1.000001"]["channels"][0]["time"].update(value=10))
    data = compare(before, after).as_json()
    assert data["summary"] == "1 thủ tục sửa đổi"
    [record] = data["records"]
    assert record["id"] == "1.000001"
    assert [c["section"] for c in record["changes"]] == ["thoi-han-giai-quyet"]
    json.dumps(data)  # plain data


def test_snapshot_file_round_trips(before, tmp_path):
    path = tmp_path / "du-lieu.json"
    path.write_text(snapshot_text(before), encoding="utf-8")
    assert read_snapshot(path) == before
    assert json.loads(path.read_text(encoding="utf-8")) == before


def test_a_broken_snapshot_is_named_with_its_line(tmp_path):
    from sotay.errors import HandbookError

    path = tmp_path / "cu.json"
    path.write_text('{\n"format": "sotay-du-lieu",\n', encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        read_snapshot(path)
    assert f"{path}:3: không phải JSON hợp lệ" in caught.value.report()
