"""An independent link check of the built sites, and of every address printed or QR-encoded in the PDFs."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from pypdf import PdfReader

# Builds the PDFs, opens Chromium or runs the live preview: not part of `make test-fast`.
pytestmark = pytest.mark.slow

SITE_URL = "https://sotay.khcn.gov.vn/"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key])
        for key in ("href", "src"):
            if values.get(key) is not None:
                self.links.append(values[key])


def parse_site(site: Path) -> dict[Path, _Page]:
    pages = {}
    for path in sorted(site.resolve().rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    return pages


def broken_links(site: Path) -> list[str]:
    """Every internal link whose file or anchor does not exist, as 'page -> link'."""
    site = site.resolve()
    pages = parse_site(site)
    broken = []
    for path, page in pages.items():
        if path == site / "404.html":
            continue  # served by web servers at any depth, so MkDocs gives it root-absolute links by design
        for link in page.links:
            scheme = urlsplit(link).scheme
            if scheme in ("http", "https", "mailto", "data"):
                continue
            if scheme:  # javascript: and anything else has no business in the handbook
                broken.append(f"{path.relative_to(site)} -> {link}")
                continue
            target = urlsplit(urljoin(path.as_uri(), link))
            file = Path(unquote(target.path))
            if not file.exists():
                broken.append(f"{path.relative_to(site)} -> {link}")
            elif target.fragment and file.suffix == ".html" and unquote(target.fragment) not in pages[file].ids:
                broken.append(f"{path.relative_to(site)} -> {link} (no such anchor)")
    return broken


def resolves(site: Path, url: str, pages: dict[Path, _Page]) -> bool:
    assert url.startswith(SITE_URL), url
    parts = urlsplit(url[len(SITE_URL) :])
    file = site / unquote(parts.path or "index.html")
    return file.is_file() and (not parts.fragment or parts.fragment in pages[file].ids)


def test_fixture_site_has_no_broken_internal_link_or_anchor(built_site):
    assert broken_links(built_site.site) == []


def test_shipped_site_has_no_broken_internal_link_or_anchor(shipped_site):
    assert broken_links(shipped_site.site) == []


def test_every_link_in_the_pdfs_resolves_on_the_site(built_site):
    pages = parse_site(built_site.site)
    internal = []
    for pdf in sorted((built_site.site / "pdf").glob("*.pdf")):
        for page in PdfReader(pdf).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                uri = action.get("/URI")
                if uri and str(uri).startswith(SITE_URL):
                    internal.append((pdf.name, str(uri)))
    assert internal, "the PDFs should link to the site"
    assert [(name, uri) for name, uri in internal if not resolves(built_site.site, uri, pages)] == []


def test_every_qr_code_resolves_on_the_site(built_site, tmp_path):
    pages = parse_site(built_site.site)
    for pdf in sorted((built_site.site / "pdf").glob("phieu-*.pdf")):
        image = tmp_path / pdf.stem
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(image)], check=True
        )
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{image}.png"], capture_output=True, text=True, check=True
        ).stdout.split()
        assert decoded and all(resolves(built_site.site, url, pages) for url in decoded), (pdf.name, decoded)


def test_checker_finds_a_broken_anchor(built_site, tmp_path):
    # The checker itself must be able to fail.
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site.site, site)
    page = site / "thu-tuc" / "1.000001.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace('href="#thanh-phan-ho-so"', 'href="#khong-co"', 1), encoding="utf-8"
    )
    assert broken_links(site) == ["thu-tuc/1.000001.html -> #khong-co (no such anchor)"]
