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


@dataclass(frozen=True)
class PageCost:
    """What opening one page costs on a slow phone: bytes loaded, time to load, time to a first result."""

    slowdown: int  # Chromium's CPU throttling rate: 1 = this machine, 4 and 6 = a slow phone
    bytes_loaded: int  # by the page itself, before any search
    load_ms: float  # navigation start → load event
    first_results_ms: float  # "/" pressed → the first query's results shown (includes loading the index)
    keystroke_ms: float  # median per keystroke after that


def page_costs(site: Path, page_path: str = "thu-tuc/1.011937.html", slowdowns=(1, 4, 6), browser: Any = None):
    """Open ``page_path`` at each CPU slowdown in a fresh page; median of 3 runs each."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return page_costs(site, page_path, slowdowns, own)
            finally:
                own.close()
    site = site.resolve()
    costs = []
    for slowdown in slowdowns:
        runs = [_page_cost(browser, site, page_path, slowdown) for _ in range(3)]
        costs.append(
            PageCost(
                slowdown,
                runs[0][0],
                statistics.median(r[1] for r in runs),
                statistics.median(r[2] for r in runs),
                statistics.median(r[3] for r in runs),
            )
        )
    return costs


def _page_cost(browser: Any, site: Path, page_path: str, slowdown: int) -> tuple[int, float, float, float]:
    page = browser.new_page()
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto((site / page_path).as_uri(), wait_until="load")
    load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.wait_for_function("window.__sotaySearchReady")
    weight = sum(_file_size(url) for url in set(loaded) if url.startswith("file://"))  # before any search
    query = "giay phep"
    started = page.evaluate("performance.now()")
    page.keyboard.press("/")
    page.evaluate("window.__sotaySearchTimings.length = 0")
    page.keyboard.type(query)
    page.wait_for_function("q => document.querySelector('.sotay-search').dataset.query === q", arg=query)
    first = page.evaluate("performance.now()") - started
    keystrokes = page.evaluate("window.__sotaySearchTimings.slice()")
    page.close()
    return weight, load_ms, first, statistics.median(keystrokes) if keystrokes else 0.0


def _file_size(url: str) -> int:
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path))
    return path.stat().st_size if path.is_file() else 0
