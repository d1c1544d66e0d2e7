"""How long `make serve` takes to show an edited procedure: save → the served page has the edit.

Starts the live preview on a spare port, edits one procedure file several times (a marker in
its result line), polls the served page until the marker appears, restores the file and stops
the server. Prints each latency and the median (target: 2 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--code", default="2.002131", help="procedure to edit")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    path = REPO / "data" / "procedures" / f"{args.code}.yaml"
    url = f"http://127.0.0.1:{args.port}/thu-tuc/{args.code}.html"
    original = path.read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "sotay", "serve", "--addr", f"127.0.0.1:{args.port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    latencies = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(5)  # let the first background search-index refresh settle
        for number in range(args.edits):
            marker = f"ĐO-ĐỘ-TRỄ-{number}"
            edited = original.replace("results:\n- ", f"results:\n- {marker} ", 1).replace(
                "results:\n  - ", f"results:\n  - {marker} ", 1
            )
            path.write_text(edited, encoding="utf-8")
            started = time.perf_counter()
            while time.perf_counter() - started < 60:
                if marker in urllib.request.urlopen(url).read().decode("utf-8"):
                    latencies.append(time.perf_counter() - started)
                    break
                time.sleep(0.05)
            time.sleep(4)
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    print("save → served page updated, seconds:", [round(x, 2) for x in latencies])
    if latencies:
        print(f"median {statistics.median(latencies):.2f} s over {len(latencies)} edits (target 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
