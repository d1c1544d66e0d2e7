"""Search quality and speed, measured in the built site in headless Chromium.

Used by ``scripts/search_eval.py`` (``make search-eval``) and by ``tests/test_search.py``. Queries
are typed with real key events into the header's search box of ``site/index.html`` opened over
file://, exactly as an official would; the result links are read back from the page.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class QueryOutcome:
    query: str
    expect: str
    within: int
    rank: int | None  # 1-based position of the expected page, None if not among the results
    results: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.rank is not None and self.rank <= self.within


@dataclass
class Evaluation:
    outcomes: list[QueryOutcome]
    keystroke_ms: list[float] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)
    index_bytes: int = 0

    def recall_at(self, k: int) -> float:
        return sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    def summary(self) -> dict[str, Any]:
        keys = sorted(self.keystroke_ms)
        return {
            "queries": len(self.outcomes),
            "recall@1": round(self.recall_at(1), 3),
            "recall@5": round(self.recall_at(5), 3),
            "MRR": round(self.mrr, 3),
            "keystroke ms (median)": round(statistics.median(keys), 2) if keys else None,
            "keystroke ms (p95)": round(keys[int(0.95 * (len(keys) - 1))], 2) if keys else None,
            "keystroke ms (max)": round(keys[-1], 2) if keys else None,
            "search ready after load, ms (median)": round(statistics.median(self.ready_ms), 1)
            if self.ready_ms
            else None,
            "search data bytes": self.index_bytes,
        }


def load_queries(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rank_of(expect: str, results: list[str]) -> int | None:
    for position, result in enumerate(results, start=1):
        if result == expect or ("#" not in expect and result.split("#")[0] == expect):
            return position
    return None


def evaluate(site: Path, queries: list[dict[str, Any]], ready_samples: int = 5, browser: Any = None) -> Evaluation:
    """Type every query into the site's search box; ``browser`` is a Playwright browser to reuse."""
    if browser is not None:
        return _evaluate(browser, site, queries, ready_samples)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _evaluate(own, site, queries, ready_samples)
        finally:
            own.close()


def _evaluate(browser: Any, site: Path, queries: list[dict[str, Any]], ready_samples: int) -> Evaluation:
    site = site.resolve()
    root = site.as_uri() + "/"
    evaluation = Evaluation(outcomes=[], index_bytes=(site / "assets/javascripts/search-index.js").stat().st_size)
    page = browser.new_page()
    for name in ["index.html", "thu-tuc/1.011937.html"] * ready_samples:
        page.goto(root + name)
        page.wait_for_function("window.__sotaySearchReady")
        evaluation.ready_ms.append(page.evaluate("window.__sotaySearchReady"))
    page.goto(root + "index.html")
    page.wait_for_function("window.__sotaySearchReady")
    for item in queries:
        query = str(item["q"])
        page.keyboard.press("Escape")
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press("/")  # the keyboard shortcut focuses the search box
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.evaluate("window.__sotaySearchTimings.length = 0")
        page.keyboard.type(query)
        page.keyboard.press("End")  # a real key press after the last (possibly non-ASCII) letter
        page.wait_for_function("q => document.querySelector('.sotay-search').dataset.query === q", arg=query)
        hrefs = page.eval_on_selector_all(".sotay-search__results a", "links => links.map(a => a.href)")
        results = [href.removeprefix(root) for href in hrefs]
        evaluation.keystroke_ms += page.evaluate("window.__sotaySearchTimings.slice()")
        evaluation.outcomes.append(
            QueryOutcome(
                query,
                str(item["expect"]),
                int(item.get("within", 5)),
                rank_of(str(item["expect"]), results),
                tuple(results),
            )
        )
    page.close()  # the browser is the caller's
    return evaluation
