"""search: the index builder, the page's search in Chromium, and quality on the shipped data."""

from __future__ import annotations

from sotay.search import fold_token, markdown_sections, plain_text
from sotay.search_eval import evaluate, load_queries

from .conftest import REPO
from .test_site import browser, open_page  # noqa: F401  (the browser fixture)

SAMPLES = [
    "Đăng ký",
    "Thủ tục HÀNH CHÍNH",
    "hoà",
    "hòa",
    "thuỷ",
    "thủy",
    "KH&CN",
    "(1.011937)",
    "133/2025/NĐ-CP,",
    "Ủy ban",
    "ỨNG DỤNG",
    "x-quang",
    "…giấy…",
    "ơ ư ă â ê ô",
]


def test_plain_text_of_generated_markdown():
    assert (
        plain_text("| 1 | [Đơn đề nghị](../x.md) | Mẫu số 06 \\(Phụ lục I\\) |")
        == "1 Đơn đề nghị Mẫu số 06 (Phụ lục I)"
    )
    assert plain_text("| --- | ---: |") == ""
    assert plain_text("- [https://example.org/a-b](https://example.org/a-b)") == ""
    assert plain_text('!!! warning "Cần rà soát"') == "Cần rà soát"
    assert plain_text("&lt;script&gt; 1\\.011937<br>dòng 2") == "<script> 1.011937 dòng 2"


def test_markdown_sections_keep_their_anchors():
    title, sections = markdown_sections("# Tên\n\nmở đầu\n\n## a) Trình tự {#trinh-tu}\n\nbước 1\n\n## Khác\n\nx\n")
    assert title == "Tên"
    assert [(s.anchor, s.heading, s.text) for s in sections] == [
        ("", "", ["mở đầu"]),
        ("trinh-tu", "a) Trình tự", ["bước 1"]),
        ("", "Khác", ["x"]),
    ]


def test_fold_is_the_same_in_python_and_in_the_page(browser, built_site):  # noqa: F811
    page, _ = open_page(browser, (built_site.site / "index.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    in_page = page.evaluate("samples => samples.map(s => window.sotaySearch.foldToken(s))", SAMPLES)
    assert in_page == [fold_token(s) for s in SAMPLES]
    assert in_page[:6] == ["dang ky", "thu tuc hanh chinh", "hoa", "hoa", "thuy", "thuy"]
    page.close()


def type_query(page, query: str) -> list[str]:
    page.keyboard.press("/")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_function("q => document.querySelector('.sotay-search').dataset.query === q", arg=query)
    return page.eval_on_selector_all(".sotay-search__results li", "items => items.map(i => i.innerText)")


def test_search_box_finds_procedures_with_or_without_diacritics(browser, built_site):  # noqa: F811
    page, requests = open_page(browser, (built_site.site / "index.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    for query in ["dang ky chuan do luong", "đăng ký chuẩn đo lường", "ĐĂNG KÝ CHUẨN", "chuan do l"]:
        results = type_query(page, query)
        assert results and results[0].startswith("Đăng ký chuẩn đo lường"), (query, results)
    assert "Thủ tục · 1.000001 · Đo lường · Cấp tỉnh" in results[0]  # what the hit is, then where
    assert page.inner_html(".sotay-search__results li .sotay-search__name").count("<mark>") >= 2
    assert type_query(page, "xyzzy") == []
    assert page.inner_text(".sotay-search__status") == "Không tìm thấy kết quả phù hợp."
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    page.close()


def test_section_deep_link_keyboard_and_highlight_on_arrival(browser, built_site):  # noqa: F811
    page, _ = open_page(browser, (built_site.site / "linh-vuc/do-luong.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    results = type_query(page, "ban sao kiem dinh")
    assert "→ c) Thành phần, số lượng hồ sơ" in results[0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/1.000001.html#thanh-phan-ho-so")
    page.wait_for_selector("article mark")
    marked = page.eval_on_selector_all("article mark", "marks => marks.map(m => m.textContent.toLowerCase())")
    assert {"bản", "sao", "kiểm"} <= set(marked)
    page.close()


def test_filter_by_level_and_field(browser, built_site):  # noqa: F811
    page, _ = open_page(browser, (built_site.site / "index.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    everything = type_query(page, "giay")
    assert any("Cấp tỉnh" in r for r in everything) and any("Cấp xã" in r for r in everything)
    page.select_option('[data-filter="level"]', "xa")
    page.wait_for_function("document.querySelectorAll('.sotay-search__results li').length > 0")
    only_commune = page.eval_on_selector_all(".sotay-search__results li", "items => items.map(i => i.innerText)")
    assert only_commune and all("Cấp xã" in r for r in only_commune)
    page.select_option('[data-filter="level"]', "")
    page.select_option('[data-filter="field"]', "tan-so")
    only_field = page.eval_on_selector_all(".sotay-search__results li", "items => items.map(i => i.innerText)")
    assert only_field and all("Tần số vô tuyến điện" in r for r in only_field)
    page.close()


def test_code_typed_alone_comes_first(browser, built_site):  # noqa: F811
    page, _ = open_page(browser, (built_site.site / "index.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    assert type_query(page, "1.000001")[0].startswith("Đăng ký chuẩn đo lường")
    assert type_query(page, "133/2025")[0].startswith("133/2025/NĐ-CP")
    page.close()


def test_search_data_stays_within_budget(shipped_site):
    assert (shipped_site.site / "assets/javascripts/search-index.js").stat().st_size <= 2_000_000


def test_search_quality_on_the_shipped_data(browser, shipped_site):  # noqa: F811
    queries = load_queries(REPO / "tests/search/queries.yaml")
    assert len(queries) >= 60
    evaluation = evaluate(shipped_site.site, queries, ready_samples=1, browser=browser)
    misses = [(o.query, o.expect, o.rank) for o in evaluation.outcomes if not o.passed]
    summary = evaluation.summary()
    assert evaluation.recall_at(5) >= 0.95, (summary, misses)
    assert evaluation.mrr >= 0.85, (summary, misses)


def test_search_meets_people_halfway(browser, built_site):  # noqa: F811
    page, _ = open_page(browser, (built_site.site / "index.html").as_uri())
    page.wait_for_function("window.__sotaySearchReady")
    # One letter too many, words run together, an everyday abbreviation (data/vocabulary.yaml).
    for query in ["dang ky chuaan do luong", "dangky chuan do luong", "dang ky chuan do luong ubnd tinh"]:
        results = type_query(page, query)
        assert results and results[0].startswith("Đăng ký chuẩn đo lường"), (query, results)
    # Nothing holds every word: the pages holding most of them, said to be partial.
    results = type_query(page, "dang ky chuan do luong xyzzy")
    assert results and results[0].startswith("Đăng ký chuẩn đo lường")
    assert (
        page.inner_text(".sotay-search__status") == "Không có trang nào chứa đủ mọi từ đã gõ. Các trang gần đúng nhất:"
    )
    # Whole words are marked, not pieces of other words ("do" is not marked inside "đo lường"'s neighbours).
    type_query(page, "chuan do l")
    marks = page.eval_on_selector_all(".sotay-search__name mark", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert marks and set(marks) <= {"chuẩn", "đo", "lường", "l"}, marks
    page.close()
