"""Hostile text in every field is shown, never executed: in the site (Chromium) and in the PDFs (pdftotext)."""

from __future__ import annotations

import itertools
import subprocess
import unicodedata

import pytest
import yaml

from sotay.build import build
from sotay.text import show_bidi_controls

from .conftest import make_project
from .pdf.test_export import bookmarks
from .test_site import SECTION_IDS, browser, open_page  # noqa: F401  (the browser fixture)

# Builds the PDFs, opens Chromium or runs the live preview: not part of `make test-fast`.
pytestmark = pytest.mark.slow

# What editors paste from Word, PDFs and web pages, and what an attacker would try.
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "<b>đậm</b> <a href='javascript:window.__pwned=3'>liên kết</a>",
    "# không phải tiêu đề",
    "| ô | bảng |",
    "*nghiêng* **đậm** _gạch_ ~~xóa~~",
    "[bấm vào đây](javascript:window.__pwned=4)",
    "{#ma-gia} {: .lop-gia }",
    '!!! danger "Cảnh báo giả"',
    "{{ 7*7 }} {% if true %}jinja{% endif %} {# chú thích #}",
    "#set page(width: 1cm) $x^2$ @nhan <nhan> #pagebreak()",
    "\\section{LaTeX} \\\\ \\textbf{x} %",
    "Từ" + "dài" * 70,
    "\u202eĐảo chiều\u202c và \u200fRTL\u200f",
    "có\u200bdấu\u200bcách\u200bẩn\u2060nữa",
    "1. không phải danh sách",
    "> không phải trích dẫn",
    "```python\nmã nguồn\n```",
    "<!-- chú thích HTML -->",
    "&amp; &lt; &#x41; &copy;",
    "::: warning\nkhối giả\n:::",
    "Dòng một\n\nDòng hai sau dòng trống",
]


def hostile_cycle():
    return itertools.cycle(HOSTILE)


def write_hostile_records(data_dir) -> None:
    strings = hostile_cycle()
    s = lambda: next(strings)  # noqa: E731
    procedure = {
        "code": "tam-doc-hai",
        "name": "Thủ tục thử " + s(),
        "field": "do-luong",
        "level": "xa",
        "procedure_type": s(),
        "decision": s(),
        "online_service": "mot-phan",
        "authority": {
            "competent": s(),
            "implementing": [s(), s()],
            "receiving": s(),
            "delegated": [s()],
            "coordinating": [s()],
        },
        "transfer": {"type": "uy-quyen", "from_authority": s(), "basis": {"document": "nd-133-2025", "article": s()}},
        "steps": [{"actor": s(), "action": s(), "time": {"value": 3}}, {"actor": s(), "action": s()}],
        "channels": [
            {
                "method": "truc-tiep",
                "time": {"value": 5, "counted_from": s()},
                "sub_deadlines": [{"value": 2, "purpose": s()}],
                "fees": [{"kind": "phi", "name": s(), "amount": 1000, "note": s()}, {"kind": "le-phi", "note": s()}],
                "note": s(),
            },
            {"method": "truc-tuyen", "time": {"value": 5}, "no_fee": True},
        ],
        "dossier": {
            "sets": 1,
            "note": s(),
            "cases": [
                {
                    "case": s(),
                    "documents": [
                        {"name": s(), "form": {"name": s(), "source": s()}, "originals": 1, "copies": 0, "note": s()},
                        {"name": s(), "originals": 0, "copies": 2},
                    ],
                }
            ],
        },
        "applicants": [s(), s()],
        "results": [s()],
        "conditions": [s(), s()],
        "legal_basis": [{"document": "nd-133-2025", "article": s()}],
        "keywords": [s()],
        "sources": ["https://example.org/doc-hai?a=1&b=<x>"],
        "review": {"status": "needs-review", "date": "2025-11-20", "note": s()},
    }
    (data_dir / "procedures" / "tam-doc-hai.yaml").write_text(
        yaml.safe_dump(procedure, allow_unicode=True), encoding="utf-8"
    )
    task = {
        "id": "doc-hai",
        "name": "Nhiệm vụ thử " + s(),
        "description": s(),
        "field": "do-luong",
        "type": "phan-cap",
        "from_authority": s(),
        "to_level": "xa",
        "to_authority": s(),
        "legal_basis": [{"document": "nd-132-2025"}],
        "related_procedures": ["tam-doc-hai"],
        "review": {"status": "needs-review", "date": "2025-11-20", "note": s()},
    }
    (data_dir / "tasks" / "doc-hai.yaml").write_text(yaml.safe_dump(task, allow_unicode=True), encoding="utf-8")
    legal = {
        "id": "doc-hai",
        "number": "99/2099/NĐ-CP " + s(),
        "kind": s(),
        "title": s(),
        "issuer": s(),
        "signed": "2025-01-01",
        "note": s(),
    }
    (data_dir / "legal" / "doc-hai.yaml").write_text(yaml.safe_dump(legal, allow_unicode=True), encoding="utf-8")
    fields = yaml.safe_load((data_dir / "fields.yaml").read_text(encoding="utf-8"))
    fields["fields"][0]["description"] = s()
    (data_dir / "fields.yaml").write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    # The handbook's own settings reach every page through the theme, and the PDFs' covers.
    meta = yaml.safe_load((data_dir / "handbook.yaml").read_text(encoding="utf-8"))
    meta["title"] = HOSTILE_TITLE
    meta["publisher"] = HOSTILE_PUBLISHER
    (data_dir / "handbook.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")


HOSTILE_TITLE = 'Sổ tay </title><script>window.__pwned = 7</script> "trích" & <b>đậm</b>'
HOSTILE_PUBLISHER = '<img src=x onerror="window.__pwned = 8"> Bộ'


def comparable(text: str) -> str:
    """Text as both outputs must keep it: NFC, direction overrides shown as markers, no whitespace,
    no invisible format characters."""
    text = show_bidi_controls(unicodedata.normalize("NFC", text))
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    paths = make_project(tmp_path_factory.mktemp("hostile"))
    write_hostile_records(paths.data)
    build(paths)
    return paths


def test_every_corpus_string_is_used():
    strings = hostile_cycle()
    assert len({next(strings) for _ in range(len(HOSTILE))}) == len(HOSTILE)


def test_site_shows_hostile_text_without_running_it(browser, hostile_site):  # noqa: F811
    for name in [
        "thu-tuc/tam-doc-hai.html",
        "nhiem-vu/doc-hai.html",
        "van-ban.html",
        "linh-vuc/do-luong.html",
        "cap/xa.html",
        "index.html",
        "thong-ke.html",
    ]:
        page, requests = open_page(browser, (hostile_site.site / name).as_uri())
        dialogs: list[str] = []
        page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()))
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, name
        assert dialogs == [], name
        assert page.locator("article script, article img, article iframe").count() == 0, name
        assert page.locator("article h1").count() == 1, name
        assert [u for u in requests if not u.startswith(("file://", "data:"))] == [], name
        scripts = page.locator("script").evaluate_all("s => s.map(x => x.text)")
        assert not [text for text in scripts if "__pwned" in text], name
        assert page.inner_text(".md-header__topic:first-child").strip() == HOSTILE_TITLE, name
        assert page.title().endswith(HOSTILE_TITLE), name
        assert HOSTILE_PUBLISHER in page.inner_text("footer"), name
        if name.startswith("thu-tuc/"):
            ids = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
            assert ids[:12] == ["tom-tat", *SECTION_IDS]  # the summary, then the a–l items
            shown = comparable(page.inner_text("article"))
            for text in HOSTILE:
                assert comparable(text) in shown, text
        page.close()


def test_search_shows_hostile_titles_as_text(browser, hostile_site):  # noqa: F811
    page, _ = open_page(browser, (hostile_site.site / "index.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    page.keyboard.press("/")
    page.keyboard.type("thu tuc thu")
    page.wait_for_function("document.querySelector('.sotay-search').dataset.query === 'thu tuc thu'")
    assert page.locator(".sotay-search__results script, .sotay-search__results img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.inner_text(".sotay-search__results")
    page.close()


def test_pdfs_print_hostile_text_literally(hostile_site):
    for pdf in ["pdf/so-tay-day-du.pdf", "pdf/cap-xa.pdf", "pdf/chuong-do-luong.pdf"]:
        text = subprocess.run(
            ["pdftotext", str(hostile_site.site / pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        shown = comparable(text)
        for value in HOSTILE:
            # Table cells wrap, and pdftotext interleaves the columns of a wrapped row, so each word
            # is checked on its own (a word longer than a cell by its first 40 letters).
            for word in value.split():
                assert comparable(word)[:40] in shown, (pdf, value, word)
    checklist = subprocess.run(
        ["pdftotext", str(hostile_site.site / "pdf/phieu-tam-doc-hai.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert comparable("Thủ tục thử <script>window.__pwned = 1</script>") in comparable(checklist)


def test_pdf_bookmarks_and_contents_name_hostile_records_literally(hostile_site):
    names = [
        yaml.safe_load((hostile_site.data / "procedures/tam-doc-hai.yaml").read_text(encoding="utf-8"))["name"],
        yaml.safe_load((hostile_site.data / "tasks/doc-hai.yaml").read_text(encoding="utf-8"))["name"],
    ]
    excerpt = hostile_site.site / "pdf/cap-xa.pdf"
    titles = [comparable(title) for title in bookmarks(excerpt)]
    contents = comparable(
        subprocess.run(["pdftotext", "-l", "2", str(excerpt), "-"], capture_output=True, text=True, check=True).stdout
    )
    for name in names:
        assert comparable(name) in titles, name
    # The procedure's name is a contents line (tasks are listed by group there).
    assert comparable(names[0]) in contents
