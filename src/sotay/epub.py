"""Stage 7b — the EPUB for phones and e-readers, packed from the pages MkDocs has just built.

The book's web pages in book order — the guide chapters, a level's quick reference of another
level's procedures, then per chapter its page, its procedures and its tasks, then the legal
index — each page's article cleaned of what only a browser uses (header links, download buttons,
scripts, icons) and written as XHTML. Ids are the site's, prefixed by the page's own
(``thu-tuc-1-011937-thanh-phan-ho-so``: an XML id may not start with a digit, and one book holds
every page). Links between pages of the book stay links; links to the rest of the site (PDFs,
statistics) point to the public site, or become plain text when it has no address yet.

No pandoc: it converted the print Markdown of the whole book in one run, 3 CPU-seconds at 1×
and gigabytes of memory at 10×; repacking what MkDocs has rendered takes a fraction of that.
Deterministic: fixed identifier, dates and zip times, from the edition date.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import lxml.html
from lxml import etree

from . import addresses
from .errors import HandbookError, Problem
from .model import Handbook
from .text import format_date
from .typst_worker import FONT_DIR

FONTS = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)
STYLESHEET = "styles/sotay.css"
# What only a browser uses: header-link pilcrows, download buttons, icons, scripts, forms.
_REMOVED = (
    "//a[contains(concat(' ', @class, ' '), ' headerlink ')]",
    "//a[contains(concat(' ', @class, ' '), ' md-button ')]",
    "//*[contains(concat(' ', @class, ' '), ' md-content__button ')]",
    "//script|//style|//svg|//form|//input|//button|//nav|//iframe",
)


@dataclass(frozen=True)
class BookPage:
    """A page of the book: where MkDocs wrote it, its id in the EPUB, its depth in the contents."""

    page: str  # docs path, e.g. thu-tuc/1.011937.md
    id: str
    depth: int

    @property
    def file(self) -> str:
        return f"text/{self.id}.xhtml"


def epub_id(label: str) -> str:
    """A site or print label as an XML id: ``1.011937:thanh-phan-ho-so`` → ``thu-tuc-1-011937-thanh-phan-ho-so``."""
    name = re.sub(r"[^A-Za-z0-9-]+", "-", label).strip("-")
    return f"thu-tuc-{name}" if name[:1].isdigit() or label.startswith("tam-") else name


def book_pages(handbook: Handbook) -> list[BookPage]:
    """The pages of the book, in the order the printed book has them."""
    groups = handbook.groups
    pages = [
        BookPage(addresses.guide_page(name), epub_id(addresses.guide_destination(name)), 1)
        for name in handbook.guide_pages
    ]
    pages += [
        BookPage(addresses.level_page(level.id), epub_id(addresses.desk_destination(level.id)), 1)
        for level in handbook.levels
        if any(groups.procedures_by_level.get(other) for other in level.desk_reference)
    ]
    for field in handbook.fields:
        procedures = groups.procedures_by_field.get(field.id, ())
        tasks = groups.tasks_by_field.get(field.id, ())
        if procedures or tasks:
            pages.append(BookPage(addresses.field_page(field.id), epub_id(addresses.chapter_destination(field.id)), 1))
            pages += [BookPage(addresses.procedure_page(p.code), epub_id(p.code), 2) for p in procedures]
            pages += [BookPage(addresses.task_page(t.id), epub_id(addresses.task_destination(t.id)), 2) for t in tasks]
    pages.append(BookPage(addresses.LEGAL_INDEX, "can-cu-phap-ly", 1))
    return pages


def write_epub(handbook: Handbook, site: Path, templates_dir: Path, target: Path) -> None:
    """Pack the EPUB from the pages built under ``site`` (its look: templates/epub/epub.css); write it to ``target``."""
    pages = book_pages(handbook)
    by_url = {addresses.published(page.page): page for page in pages}
    chapters: list[tuple[BookPage, str, str]] = []  # page, title, XHTML
    for page in pages:
        source = site / addresses.published(page.page)
        title, body = _page_body(source, page, by_url, handbook.site_address)
        chapters.append((page, title, _xhtml(title, f'<section id="{page.id}">{body}</section>', "../")))
    edition = handbook.meta.edition
    files = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": _CONTAINER.encode("utf-8"),
        "EPUB/content.opf": _package(handbook, chapters).encode("utf-8"),
        "EPUB/nav.xhtml": _navigation(chapters).encode("utf-8"),
        "EPUB/text/titlepage.xhtml": _title_page(handbook).encode("utf-8"),
        f"EPUB/{STYLESHEET}": (templates_dir / "epub" / "epub.css").read_bytes(),
        **{f"EPUB/fonts/{name}": (FONT_DIR / name).read_bytes() for name in FONTS},
        **{f"EPUB/{page.file}": text.encode("utf-8") for page, _title, text in chapters},
    }
    for name, data in files.items():
        if name.endswith((".xhtml", ".opf", ".xml")):
            _check_xml(name, data)
    output = BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in files.items():  # "mimetype" first and stored, as the format requires
            info = zipfile.ZipInfo(name, date_time=(edition.year, edition.month, edition.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.getvalue())


def _page_body(source: Path, page: BookPage, by_url: dict[str, BookPage], site_url: str | None) -> tuple[str, str]:
    """The title and the cleaned article of one built page, as XHTML fragments."""
    try:
        document = lxml.html.parse(str(source)).getroot()
    except (OSError, etree.ParserError) as error:
        problem = Problem(str(source), 0, "", f"không đọc được trang để đóng gói EPUB: {error}")
        raise HandbookError([problem], stage="epub") from None
    articles = document.find_class("md-content__inner")
    if not articles:
        raise HandbookError([Problem(str(source), 0, "", "trang không có phần nội dung (article)")], stage="epub")
    article = articles[0]
    for path in _REMOVED:
        for element in article.xpath(path):
            element.drop_tree()
    for paragraph in article.xpath("//p[not(node())]"):
        paragraph.drop_tree()  # what held only a download button
    url = addresses.published(page.page)
    for element in article.xpath("//*[@id]"):
        element.set("id", f"{page.id}-{element.get('id')}")
    for link in article.xpath("//a[@href]"):
        target = _target(link.get("href"), url, by_url, site_url)
        if target is None:
            link.drop_tag()  # keeps its text
        else:
            link.set("href", target)
    heading = article.find(".//h1")
    title = heading.text_content().strip() if heading is not None else page.id
    body = "".join(etree.tostring(child, method="xml", encoding="unicode") for child in article)
    return title, body


def _target(href: str, url: str, by_url: dict[str, BookPage], site_url: str | None) -> str | None:
    """Where a link of the page at ``url`` points in the EPUB; None: nowhere (keep the text)."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https", "mailto", "tel"):
        return href
    if parts.scheme or parts.netloc:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(url), parts.path)) if parts.path else url
    page = by_url.get(path)
    if page is not None:
        return f"{page.id}.xhtml" + (f"#{page.id}-{parts.fragment}" if parts.fragment else "")
    if site_url and not path.startswith(".."):
        return site_url + path + (f"#{parts.fragment}" if parts.fragment else "")
    return None


def _xhtml(title: str, body: str, up: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'xml:lang="vi" lang="vi">\n'
        f'<head>\n<meta charset="utf-8" />\n<title>{escape(title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{up}{STYLESHEET}" />\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _title_page(handbook: Handbook) -> str:
    meta = handbook.meta
    lines = [
        f'<p class="publisher">{escape(meta.publisher)}</p>',
        f'<h1 class="title">{escape(meta.title)}</h1>',
        f'<p class="subtitle">{escape(meta.subtitle or "")}</p>' if meta.subtitle else "",
        f'<p class="subtitle"><strong>{escape(handbook.edition.title)}</strong></p>' if handbook.edition else "",
        f'<p class="edition">Ấn bản dữ liệu ngày {format_date(meta.edition)}</p>',
    ]
    return _xhtml(meta.title, '<section id="trang-bia" epub:type="titlepage">' + "".join(lines) + "</section>", "../")


def _navigation(chapters: list[tuple[BookPage, str, str]]) -> str:
    items: list[str] = []
    open_children = False
    for page, title, _text in chapters:
        link = f'<a href="{page.file}">{escape(title)}</a>'
        if page.depth == 2:
            if not open_children:
                items[-1] = items[-1].removesuffix("</li>") + "<ol>"
                open_children = True
            items.append(f"<li>{link}</li>")
            continue
        if open_children:
            items.append("</ol></li>")
            open_children = False
        items.append(f"<li>{link}</li>")
    if open_children:
        items.append("</ol></li>")
    body = '<nav epub:type="toc" id="toc"><h1>Mục lục</h1><ol>' + "\n".join(items) + "</ol></nav>"
    return _xhtml("Mục lục", body, "")


def _package(handbook: Handbook, chapters: list[tuple[BookPage, str, str]]) -> str:
    meta = handbook.meta
    modified = dt.datetime.combine(meta.edition, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    # A province's edition is another book: its own title and identifier.
    title = f"{meta.title} · {handbook.edition.title}" if handbook.edition else meta.title
    province = f":{handbook.edition.province.id}" if handbook.edition else ""
    fonts = "\n".join(
        f'<item id="font-{index}" href="fonts/{name}" media-type="font/ttf" />' for index, name in enumerate(FONTS)
    )
    pages = "\n".join(
        f'<item id="{page.id}" href="{page.file}" media-type="application/xhtml+xml" />' for page, _t, _x in chapters
    )
    spine = "\n".join(f'<itemref idref="{page.id}" />' for page, _t, _x in chapters)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" xml:lang="vi" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:sotay:{meta.edition.isoformat()}{province}</dc:identifier>
<dc:title>{escape(title)}</dc:title>
<dc:creator>{escape(meta.publisher)}</dc:creator>
<dc:language>vi</dc:language>
<dc:date>{meta.edition.isoformat()}</dc:date>
<meta property="dcterms:modified">{modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav" />
<item id="titlepage" href="text/titlepage.xhtml" media-type="application/xhtml+xml" />
<item id="css" href="{STYLESHEET}" media-type="text/css" />
{fonts}
{pages}
</manifest>
<spine>
<itemref idref="titlepage" />
<itemref idref="nav" />
{spine}
</spine>
</package>
"""


_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml" />
</rootfiles>
</container>
"""


def _check_xml(name: str, data: bytes) -> None:
    # A reader refuses a malformed file outright: better a located build error than a dead book.
    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as error:
        problem = Problem(name, error.lineno or 0, "", f"EPUB: XML hỏng: {error.msg}")
        raise HandbookError([problem], stage="epub") from None
