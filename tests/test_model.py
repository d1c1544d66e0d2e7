"""model: the groupings computed once on the handbook equal what filtering the records gives."""

from __future__ import annotations

import pytest

from sotay.build import Paths, load_handbook

from .conftest import REPO


@pytest.fixture(scope="module", params=["fixture", "shipped"])
def handbook(request, fixture_handbook):
    return fixture_handbook if request.param == "fixture" else load_handbook(Paths.at(REPO))


def test_groupings_equal_filtering_the_records(handbook):
    groups, procedures = handbook.groups, handbook.procedures
    for field in handbook.fields:
        assert groups.procedures_by_field.get(field.id, ()) == tuple(p for p in procedures if p.field == field.id)
        assert groups.tasks_by_field.get(field.id, ()) == tuple(t for t in handbook.tasks if t.field == field.id)
        for level in handbook.levels:
            both = tuple(p for p in handbook.procedures if p.field == field.id and p.level == level.id)
            assert groups.procedures_by_field_level.get((field.id, level.id), ()) == both
            tasks = tuple(t for t in handbook.tasks if t.field == field.id and t.to_level == level.id)
            assert groups.tasks_by_field_level.get((field.id, level.id), ()) == tasks
    for level in handbook.levels:
        assert groups.procedures_by_level.get(level.id, ()) == tuple(p for p in procedures if p.level == level.id)
        assert groups.tasks_by_level.get(level.id, ()) == tuple(t for t in handbook.tasks if t.to_level == level.id)


def test_relations_show_both_ways(handbook):
    for procedure in handbook.procedures:
        for code in procedure.related:
            assert code in handbook.groups.related[procedure.code]
            assert procedure.code in handbook.groups.related[code]
    assert all(list(codes) == sorted(set(codes)) for codes in handbook.groups.related.values())


def test_what_rests_on_each_legal_document(handbook):
    for document in handbook.legal:
        citing = tuple(
            p
            for p in handbook.procedures
            if any(ref.document == document.id for ref in p.legal_basis)
            or (p.transfer and p.transfer.basis.document == document.id)
        )
        assert handbook.groups.procedures_citing.get(document.id, ()) == citing
        tasks = tuple(t for t in handbook.tasks if any(ref.document == document.id for ref in t.legal_basis))
        assert handbook.groups.tasks_citing.get(document.id, ()) == tasks


def test_fixture_groupings_by_hand(fixture_handbook):
    groups = fixture_handbook.groups
    assert [p.code for p in groups.procedures_by_field["do-luong"]] == ["1.000001"]
    assert groups.related["1.000001"] == ("tam-tan-so-nghiep-du",)
    assert groups.related["tam-tan-so-nghiep-du"] == ("1.000001",)
