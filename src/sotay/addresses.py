"""Every stable address of the handbook, owned here and nowhere else.

Trainers print these addresses and cite them in slides: a page's path, a section's anchor, a
PDF's path and a named destination inside it. The README's table "Stable addresses" lists them
and ``tests/test_addresses.py`` holds the two equal; views, templates (through the ``address``
global of the Jinja environment), the PDF export, the search index and the MkDocs hook (assets)
all take them from here. Addresses come from ids in the data (codes, field and level ids),
never from titles, so they survive a reworded name.

A page is named by its path in the docs folder (``thu-tuc/1.011937.md``); MkDocs publishes it
at the same path ending in ``.html`` (``use_directory_urls: false``, for file://).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

# --- pages ----------------------------------------------------------------------------------

HOME = "index.md"
LEGAL_INDEX = "van-ban.md"
STATISTICS = "thong-ke.md"
TASK_INDEX = "nhiem-vu/index.md"
DOWNLOADS = "tai-ve/index.md"
# What changed since the previous edition (only when data/handbook.yaml names one).
CHANGES = "nhung-diem-moi.md"
# The validated dataset as canonical JSON: the open-data download, and the next edition's "previous".
SNAPSHOT = "tai-ve/du-lieu.json"
# Hand-written chapters live here, in the docs folder, under the names given in data/handbook.yaml.
GUIDE_FOLDER = "huong-dan"


def procedure_page(code: str) -> str:
    return f"thu-tuc/{code}.md"


def field_page(field_id: str) -> str:
    return f"linh-vuc/{field_id}.md"


def level_page(level_id: str) -> str:
    return f"cap/{level_id}.md"


def task_page(task_id: str) -> str:
    return f"nhiem-vu/{task_id}.md"


def guide_page(name: str) -> str:
    return f"{GUIDE_FOLDER}/{name}"


# Pages the generator writes under fixed names; a record's page must never take one.
FIXED_PAGES = (HOME, LEGAL_INDEX, STATISTICS, TASK_INDEX, DOWNLOADS, CHANGES)


def reserved_ids(page_of_id) -> set[str]:
    """The ids whose page (``page_of_id(id)``) would be one of the fixed pages: ``index`` for tasks."""
    folder = posixpath.dirname(page_of_id("x"))
    return {posixpath.basename(page).removesuffix(".md") for page in FIXED_PAGES if posixpath.dirname(page) == folder}


def published(page: str) -> str:
    """Where MkDocs publishes a file: ``thu-tuc/1.011937.md`` → ``thu-tuc/1.011937.html``; other files as they are."""
    return page.removesuffix(".md") + ".html" if page.endswith(".md") else page


def relative(source_page: str, target: str, anchor: str | None = None) -> str:
    """A link from one docs page to another docs file, as the web pages write it."""
    url = posixpath.relpath(target, posixpath.dirname(source_page) or ".")
    return f"{url}#{anchor}" if anchor else url


def public_url(site_url: str, page: str, anchor: str | None = None) -> str:
    """A page's address on the published site (print: QR codes and printed links).

    ``site_url`` ends with "/". Index pages are cited by their folder, as web servers serve them.
    """
    path = published(page)
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return site_url + path + (f"#{anchor}" if anchor else "")


# --- sections of a procedure page -----------------------------------------------------------


@dataclass(frozen=True)
class Section:
    letter: str
    title: str
    # Written explicitly as {#id}, so it never depends on the heading text or on a slugify that
    # drops "đ"; the PDFs use the same ids (prefixed by the code: see section_destination).
    anchor: str


# The content items of a procedure, in the official a–l order (there is no f or j).
SECTIONS = (
    Section("a", "Trình tự thực hiện", "trinh-tu-thuc-hien"),
    Section("b", "Cách thức thực hiện", "cach-thuc-thuc-hien"),
    Section("c", "Thành phần, số lượng hồ sơ", "thanh-phan-ho-so"),
    Section("d", "Thời hạn giải quyết", "thoi-han-giai-quyet"),
    Section("đ", "Đối tượng thực hiện", "doi-tuong-thuc-hien"),
    Section("e", "Cơ quan thực hiện", "co-quan-thuc-hien"),
    Section("g", "Kết quả thực hiện", "ket-qua-thuc-hien"),
    Section("h", "Phí, lệ phí", "phi-le-phi"),
    Section("i", "Mẫu đơn, mẫu tờ khai", "mau-don-to-khai"),
    Section("k", "Yêu cầu, điều kiện thực hiện", "yeu-cau-dieu-kien"),
    Section("l", "Căn cứ pháp lý", "can-cu-phap-ly"),
)
LEGAL_BASIS_SECTION = SECTIONS[-1].anchor  # also on task pages
# Before the a–l items: the answers a citizen asks first (where, how long, how much, who, result).
SUMMARY_SECTION = "tom-tat"
# On the home page of a province's edition: its centres, decisions and local differences.
EDITION_SECTION = "dia-phuong"
# After them: what an official does (steps, forms, checks, reports…), on task and procedure pages.
GUIDANCE_SECTION = "huong-dan-nghiep-vu"
# After the a–l items, on procedure and task pages. The search index leaves both out.
RELATED_SECTION = "thu-tuc-lien-quan"
SOURCES_SECTION = "nguon"


def change_anchor(kind: str, record_id: str) -> str:
    """A record's entry on the changes page: ``nhung-diem-moi.html#thu-tuc-1-000173``."""
    prefix = {"procedure": "thu-tuc", "task": "nhiem-vu", "legal": "van-ban"}[kind]
    return f"{prefix}-{record_id.replace('.', '-')}"


def legal_anchor(document_id: str) -> str:
    """A legal document's section on the legal index (``van-ban.html#nd-133-2025``)."""
    return document_id


# --- the PDFs and the named destinations inside them -----------------------------------------

PDF_FOLDER = "pdf"
BOOK_PDF = f"{PDF_FOLDER}/so-tay-day-du.pdf"
CHANGES_PDF = f"{PDF_FOLDER}/nhung-diem-moi.pdf"
# Where the changes list starts in the book's front matter (and in its own PDF).
CHANGES_DESTINATION = "nhung-diem-moi"
# The offline package is written after the site is built; this path is also its link target.
OFFLINE_ZIP = "tai-ve/so-tay-nghiep-vu-offline.zip"
# The web pages alone, without the PDFs: small enough for a phone on a weak connection.
OFFLINE_WEB_ZIP = "tai-ve/so-tay-nghiep-vu-web.zip"
# The whole book as an EPUB 3, for phones (packed from the built pages: sotay.epub).
EPUB = "tai-ve/so-tay-nghiep-vu.epub"


def chapter_pdf(field_id: str) -> str:
    return f"{PDF_FOLDER}/chuong-{field_id}.pdf"


def level_pdf(level_id: str) -> str:
    return f"{PDF_FOLDER}/cap-{level_id}.pdf"


def checklist_pdf(code: str) -> str:
    return f"{PDF_FOLDER}/phieu-{code}.pdf"


def chapter_checklists_pdf(field_id: str) -> str:
    return f"{PDF_FOLDER}/phieu-chuong-{field_id}.pdf"


def procedure_destination(code: str) -> str:
    return code


def section_destination(code: str, anchor: str) -> str:
    """A section inside a PDF: ``so-tay-day-du.pdf#1.011937:thanh-phan-ho-so`` (ids as on the site)."""
    return f"{code}:{anchor}"


def chapter_destination(field_id: str) -> str:
    return f"chuong-{field_id}"


def task_destination(task_id: str) -> str:
    return f"nhiem-vu:{task_id}"


def checklist_destination(code: str) -> str:
    return f"phieu-{code}"


def guide_destination(name: str) -> str:
    """A hand-written guide chapter in print: ``huong-dan-mot-cua`` for ``mot-cua.md``."""
    return f"{GUIDE_FOLDER}-{name.removesuffix('.md')}"


# The whole book's appendix of sources (print only).
SOURCES_APPENDIX_DESTINATION = "phu-luc-nguon-tu-lieu"


# The quick reference of another level's procedures on a level's page (views/desk.py).
DESK_ANCHOR_PREFIX = "tra-cuu-nhanh-"


def desk_anchor(other_level: str) -> str:
    return f"{DESK_ANCHOR_PREFIX}{other_level}"


def desk_destination(level_id: str) -> str:
    """The quick reference in print, for the level whose excerpt holds it."""
    return f"tra-cuu-nhanh-{level_id}"


# The index at the back of the book and of the level excerpts (pdf/index.py).
INDEX_DESTINATION = "chi-muc"


def task_group_destination(field_id: str, level_id: str) -> str:
    """The page where a chapter's tasks for one receiving level start (print only)."""
    return f"nhiem-vu-{field_id}-{level_id}"


# --- files the pages load ---------------------------------------------------------------------

# lunr.js (from the npm lock), the prebuilt index, and our search script, in loading order; the
# MkDocs hook lists them in every page (mkdocs.yml's extra_javascript and extra_css).
LUNR_SCRIPT = "assets/javascripts/lunr.min.js"
SEARCH_INDEX_SCRIPT = "assets/javascripts/search-index.js"
SEARCH_SCRIPT = "assets/javascripts/sotay-search.js"
# Whether the page was opened from an unzipped offline package, and the size of every download:
# written by the build (publish.package_script), read by sotay-page.js.
PACKAGE_SCRIPT = "assets/javascripts/sotay-package.js"
# Labels table cells with their column's header (the phone layout of sotay.css), shows download
# sizes, and inside an offline package replaces its own download buttons with a note.
PAGE_SCRIPT = "assets/javascripts/sotay-page.js"
# The index is not among them: sotay-search.js adds it when the reader first reaches for search.
JAVASCRIPTS = (LUNR_SCRIPT, SEARCH_SCRIPT, PACKAGE_SCRIPT, PAGE_SCRIPT)
STYLESHEETS = ("assets/stylesheets/sotay.css",)


def stable_addresses() -> list[str]:
    """The address patterns the README's table promises, built by the functions above.

    Placeholders in angle brackets stand for ids from the data.
    """
    pdf = f"{PDF_FOLDER}/…pdf#{section_destination('<code>', '<id>')}"
    return [
        published(HOME),
        published(procedure_page("<code>")),
        published(procedure_page("<code>")) + "#<id>",
        published(field_page("<field-id>")),
        published(level_page("<level-id>")),
        f"{published(task_page('<task-id>'))}, {published(TASK_INDEX)}",
        f"{published(LEGAL_INDEX)}#{legal_anchor('<legal-id>')}",
        published(STATISTICS),
        f"{OFFLINE_ZIP}, {OFFLINE_WEB_ZIP}",
        EPUB,
        published(DOWNLOADS),
        f"{published(CHANGES)}#{change_anchor('procedure', '<code>')}",
        SNAPSHOT,
        BOOK_PDF,
        CHANGES_PDF,
        chapter_pdf("<field-id>"),
        level_pdf("<level-id>"),
        f"{checklist_pdf('<code>')}, {chapter_checklists_pdf('<field-id>')}",
        f"{BOOK_PDF}#{INDEX_DESTINATION}, {level_pdf('<level-id>')}#{desk_destination('<level-id>')}",
        pdf,
    ]
