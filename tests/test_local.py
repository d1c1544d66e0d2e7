"""local: a province's edition is the national handbook with only the province's own values laid over."""

from __future__ import annotations

import shutil

import pytest

from sotay.build import load_handbook
from sotay.catalogue import print_catalogue
from sotay.errors import HandbookError
from sotay.local import check_province_id, provincial_edition
from sotay.render import render_pages
from sotay.views import procedure_view, site_views

from .conftest import REPO


def test_the_province_s_values_replace_the_national_ones_which_stay_beside_them(fixture_handbook):
    edition = provincial_edition(fixture_handbook, "hue")
    local = edition.procedure_by_code["1.000001"]
    national = fixture_handbook.procedure_by_code["1.000001"]
    assert [c.time.value for c in local.channels] == [10, 10]
    assert [[f.amount for f in c.fees] for c in local.channels] == [[200000], [200000]]
    assert not any(c.no_fee for c in local.channels)
    assert local.authority.receiving.startswith("Trung tâm Phục vụ hành chính công thành phố Huế (Quầy số 7), số 1")
    assert "điện thoại 0234.3000000" in local.authority.receiving
    # The national split of 15 days between steps would contradict 10: it is left out, and said.
    assert all(step.time is None for step in local.steps)
    assert "quy định thời hạn giải quyết riêng" in local.steps_note
    values = edition.edition.local["1.000001"]
    assert values.national == national and values.at_centre and values.time.basis.article == "Phụ lục I, mục 3"
    assert values.fees is values.time  # one entry of the file sets both, on one basis
    # The national model is untouched, and a commune procedure (received at the commune) too.
    assert [c.time.value for c in national.channels] == [15, 15]
    commune = "tam-tan-so-nghiep-du"
    assert edition.procedure_by_code[commune] == fixture_handbook.procedure_by_code[commune]


def test_in_print_the_procedure_keeps_the_national_wording_of_who_receives(fixture_handbook):
    printed = provincial_edition(fixture_handbook, "hue", centres_inline=False)
    assert printed.procedure_by_code["1.000001"].authority.receiving == "Trung tâm Phục vụ hành chính công cấp tỉnh"
    assert [c.time.value for c in printed.procedure_by_code["1.000001"].channels] == [10, 10]


def test_a_province_without_a_file_of_its_own_gets_the_national_values(fixture_handbook):
    edition = provincial_edition(fixture_handbook, "dong-thap")
    assert edition.procedures == fixture_handbook.procedures
    assert edition.edition.title == "Ấn bản tỉnh Đồng Tháp" and edition.edition.reviewed is None


def test_an_unknown_province_is_refused_with_the_closest_id(fixture_handbook, project):
    with pytest.raises(HandbookError) as caught:
        provincial_edition(fixture_handbook, "hue-city")
    assert "không có tỉnh, thành phố 'hue-city' trong data/provinces.yaml" in str(caught.value.problems[0])
    with pytest.raises(HandbookError) as caught:
        check_province_id(project.data, "dongthap")
    assert str(caught.value.problems[0]).endswith("có phải 'dong-thap' (tỉnh Đồng Tháp)?")
    check_province_id(project.data, "hue")  # no exception


def test_the_national_pages_are_the_same_with_or_without_the_provinces_files(project):
    """The provinces' files are validated with the rest but never reach the national edition."""

    def pages():
        handbook = load_handbook(project)
        views = site_views(handbook, print_catalogue(handbook))
        return render_pages(views.pages, REPO / "templates")

    with_files = pages()
    shutil.rmtree(project.data / "provinces")
    assert pages() == with_files


def test_the_shipped_provinces_files_are_valid_and_sourced():
    from sotay.build import Paths

    handbook = load_handbook(Paths.at(REPO))
    assert handbook.overlays, "data/provinces/ holds the provinces whose values sources support"
    for province_id, overlay in handbook.overlays.items():
        assert all(centre.sources for centre in overlay.centres), province_id
        assert overlay.centres or overlay.announcements or overlay.procedures, province_id
        edition = provincial_edition(handbook, province_id)
        if overlay.centres:  # every provincial procedure received at "the centre" names this one
            assert any(values.at_centre for values in edition.edition.local.values()), province_id


def test_the_checklist_of_an_edition_is_headed_by_the_province_s_centre(fixture_handbook):
    printed = provincial_edition(fixture_handbook, "hue", centres_inline=False)
    context = procedure_view(printed, printed.procedure_by_code["1.000001"]).context
    assert context["receiving"] == "Trung tâm Phục vụ hành chính công thành phố Huế"
    assert [c["address"] for c in context["local_centres"]] == ["số 1 đường Mẫu, phường Mẫu, thành phố Huế"]
