"""Measure search quality and speed on the built site: `make search-eval` (after `make`).

Prints recall@1, recall@5, MRR, keystroke latency and load-to-ready time, then every query that
missed its target rank. Exit status 1 if recall@5 < 0.95 or MRR < 0.85.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sotay.search_eval import evaluate, load_queries, page_costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--queries", type=Path, default=Path("tests/search/queries.yaml"))
    parser.add_argument("--page-costs", action="store_true", help="only measure one procedure page at CPU slowdowns")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html not found: run `make` first", file=sys.stderr)
        return 2
    if args.page_costs:
        print("slowdown  bytes loaded  load ms  first results ms  keystroke ms")
        for cost in page_costs(args.site):
            print(
                f"{cost.slowdown:>7}x  {cost.bytes_loaded:>12,}  {cost.load_ms:>7.0f}  {cost.first_results_ms:>16.0f}"
                f"  {cost.keystroke_ms:>12.1f}"
            )
        return 0
    evaluation = evaluate(args.site, load_queries(args.queries))
    for key, value in evaluation.summary().items():
        print(f"{key:<40} {value}")
    misses = [o for o in evaluation.outcomes if not o.passed]
    if misses:
        print(f"\n{len(misses)} query(ies) missed their target:")
        for outcome in misses:
            print(f"  {outcome.query!r}: expected {outcome.expect} within {outcome.within}, rank {outcome.rank}")
            for position, result in enumerate(outcome.results[:5], start=1):
                print(f"      {position}. {result}")
    ok = evaluation.recall_at(5) >= 0.95 and evaluation.mrr >= 0.85
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
