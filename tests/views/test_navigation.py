"""views.navigation: what MkDocs takes from the data."""

from __future__ import annotations

from sotay import addresses
from sotay.views.navigation import site_config


def nav_pages(entries) -> list[str]:
    pages = []
    for entry in entries:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_generated_page_is_in_the_nav_once(fixture_handbook):
    pages = nav_pages(site_config(fixture_handbook)["nav"])
    assert len(pages) == len(set(pages))
    expected = {addresses.HOME, addresses.STATISTICS, addresses.LEGAL_INDEX, addresses.TASK_INDEX, addresses.DOWNLOADS}
    expected |= {addresses.procedure_page(p.code) for p in fixture_handbook.procedures}
    expected |= {addresses.task_page(t.id) for t in fixture_handbook.tasks}
    expected |= {addresses.field_page(f.id) for f in fixture_handbook.fields}
    expected |= {addresses.level_page(level.id) for level in fixture_handbook.levels}
    expected |= {addresses.procedure_page(record.code) for record in fixture_handbook.retired}
    assert set(pages) == expected


def test_site_settings_come_from_the_data_and_the_addresses(fixture_handbook):
    config = site_config(fixture_handbook)
    assert config["site_name"] == fixture_handbook.meta.title
    assert config["site_url"].endswith("/")
    assert config["extra_javascript"] == list(addresses.JAVASCRIPTS)
    assert config["extra_css"] == list(addresses.STYLESHEETS)
