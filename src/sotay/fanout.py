"""Every province's edition on this machine: ``python -m sotay editions`` (``make editions``).

Each edition is an ordinary ``build --edition <id> --if-changed`` in a process of its own, so a
failing edition stops nothing else and memory is returned between editions. They share the PDF
cache (.cache/), which is safe for builds running at once (pdf/cache.py): what does not differ
between editions (pandoc output, typeset pages of unchanged procedures, assembled checklists) is
made once. On more cores ``--jobs N`` builds N at a time; past one machine, CI runs one job per
edition (.github/workflows/editions.yml).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .build import load_handbook
from .errors import HandbookError, Problem
from .load import display_name
from .messages import province_choices, province_hint
from .project import Paths

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def build_editions(paths: Paths, only: list[str], jobs: int = 1) -> int:
    """Build the editions named in ``only`` (all when empty); print one line per edition; 1 if any failed."""
    handbook = load_handbook(paths)  # one report of the data's problems, not one per edition
    known = province_choices(handbook.provinces)
    listing = display_name(paths.data / "provinces.yaml")
    if not known:
        message = "chưa có danh sách tỉnh, thành phố: không có ấn bản nào để dựng"
        raise HandbookError([Problem(listing, 0, "", message)], stage="validate")
    unknown = [ident for ident in only if ident not in {ident for ident, _name, _merged in known}]
    if unknown:
        problems = [
            Problem(listing, 0, "", f"không có tỉnh, thành phố '{ident}'{province_hint(ident, known)}")
            for ident in unknown
        ]
        raise HandbookError(problems, stage="validate")
    known_ids = [ident for ident, _name, _merged in known]
    chosen = only or known_ids
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda ident: _build_one(paths, ident), chosen))
    failed = [ident for ident, code in zip(chosen, results, strict=True) if code != 0]
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    print(f"{len(chosen) - len(failed)}/{len(chosen)} ấn bản trong editions/ đã cập nhật ({seconds} giây)")
    if failed:
        print(f"không dựng được: {', '.join(failed)} (lỗi in ở trên)", file=sys.stderr)
    return 1 if failed else 0


def _build_one(paths: Paths, province_id: str) -> int:
    command = [
        sys.executable,
        "-m",
        "sotay",
        "--root",
        str(paths.config.parent),
        "--data",
        str(paths.data),
        "build",
        "--edition",
        province_id,
        "--if-changed",
    ]
    search_path = [str(_PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, search_path))}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    if done.returncode == 0:
        last = done.stdout.strip().splitlines()[-1:] or [""]
        print(f"{province_id}: {last[0]} ({seconds} giây)", flush=True)
    else:
        print(f"{province_id}: lỗi sau {seconds} giây\n{done.stderr.strip()}", file=sys.stderr, flush=True)
    return done.returncode
