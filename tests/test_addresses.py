"""addresses: the one table of stable addresses, held equal to the README's, and used everywhere."""

from __future__ import annotations

import re

from sotay import addresses
from sotay.build import static_assets

from .conftest import REPO


def readme_table() -> dict[str, str]:
    """The README's "Stable addresses" table: first column (unquoted) → second column."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Stable addresses", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows[cells[0].replace("`", "")] = cells[1]
    return rows


def test_the_readme_table_lists_exactly_the_addresses_of_the_module():
    assert list(readme_table()) == addresses.stable_addresses()


def test_the_readme_names_every_section_anchor_and_level():
    table = readme_table()
    listed = re.findall(r"`([a-z-]+)`", table[addresses.published(addresses.procedure_page("<code>")) + "#<id>"])
    assert listed == [addresses.SUMMARY_SECTION, *(section.anchor for section in addresses.SECTIONS)]
    example = addresses.section_destination("1.011937", "thanh-phan-ho-so")
    assert f"so-tay-day-du.pdf#{example}" in table[addresses.stable_addresses()[-1]]


def test_addresses_are_ascii_and_stable():
    assert addresses.published(addresses.procedure_page("1.011937")) == "thu-tuc/1.011937.html"
    assert addresses.published(addresses.BOOK_PDF) == "pdf/so-tay-day-du.pdf"
    legal = addresses.relative("thu-tuc/1.011937.md", addresses.LEGAL_INDEX, "nd-133-2025")
    assert legal == "../van-ban.md#nd-133-2025"
    site = "https://example.gov.vn/"
    assert addresses.public_url(site, addresses.TASK_INDEX) == "https://example.gov.vn/nhiem-vu/"
    assert addresses.public_url(site, addresses.HOME) == "https://example.gov.vn/"
    assert (
        addresses.public_url(site, addresses.procedure_page("x"), "nguon")
        == "https://example.gov.vn/thu-tuc/x.html#nguon"
    )
    anchors = [s.anchor for s in addresses.SECTIONS] + [addresses.RELATED_SECTION, addresses.SOURCES_SECTION]
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", anchor) for anchor in anchors)
    assert len(set(anchors)) == len(anchors)


def test_every_asset_the_pages_load_is_in_the_docs_folder(project):
    shipped = set(static_assets(project)) | {addresses.SEARCH_INDEX_SCRIPT}  # the index is generated
    assert set(addresses.JAVASCRIPTS) | set(addresses.STYLESHEETS) <= shipped


def test_no_template_and_no_config_spells_an_address_of_its_own():
    # Page folders, PDF names and section anchors come from sotay.addresses, never from a literal.
    literals = [
        "thu-tuc/",
        "linh-vuc/",
        "nhiem-vu/",
        "cap/",
        "pdf/",
        "tai-ve/",
        "phieu-",
        "chuong-",
        "assets/",
        *(s.anchor for s in addresses.SECTIONS),
        addresses.RELATED_SECTION,
        f"{{#{addresses.SOURCES_SECTION}}}",
    ]
    templates = REPO / "templates"
    files = [*sorted(templates.rglob("*.j2")), *sorted((templates / "print").glob("*")), REPO / "mkdocs.yml"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        # Comments may name things; what is rendered may not.
        text = re.sub(r"\{##.*?##\}", "", text, flags=re.S)
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "//", "--")))
        for literal in literals:
            assert literal not in text, (path.relative_to(REPO), literal)


def test_the_search_script_loads_the_index_from_its_address():
    # sotay-search.js adds the index's <script> itself, on first use: the one address a script spells.
    script = (REPO / "templates" / addresses.SEARCH_SCRIPT).read_text(encoding="utf-8")
    assert f'"{addresses.SEARCH_INDEX_SCRIPT}"' in script
    assert addresses.SEARCH_INDEX_SCRIPT not in addresses.JAVASCRIPTS  # not loaded by every page
