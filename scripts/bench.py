"""Benchmark every stage at 1× and 10× the shipped dataset: `make bench` writes BENCHMARKS.md.

The 10× dataset is the shipped one copied ten times (every procedure and task under a new
provisional id, references renamed within each copy, names marked "(mẫu N)"), so text, shape
and cross-references stay realistic. Each stage runs in a fresh process under /usr/bin/time:
wall time (median of --runs), CPU time (user + system, children included, so pandoc counts) and
peak resident memory. Ratios and exponents matter more than seconds on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
# Phases inside "pdf: every document", reported by export_pdfs(timings=...).
PDF_PHASES = [
    "render",
    "pandoc and typeset body",
    "typeset front and back matter",
    "assemble books",
    "checklists (beside the body)",
    "wait for the checklists",
]
STAGES = [
    "load+validate",
    "render",
    "search index",
    "site (mkdocs)",
    "bare mkdocs build",
    "pdf: every document (no cache)",
    "whole build (clean)",
    "rebuild after editing one procedure",
    "spreadsheet: export-xlsx",
    "spreadsheet: import-xlsx (check, no change)",
    "diff: previous edition → data",
]


# Provincial editions (issue 19), each measured right after a clean national build (its pair):
# one more edition of a province with its own centres, one of a province with no file of its
# own (national values, its name on the cover), then every province one after another. A new
# province per sample, so that none finds its own pages (covers, checklists) in the cache.
EDITION_PREFIX = "edition: one more, "
CENTRE_PROVINCES = ["dong-thap", "can-tho", "gia-lai", "ho-chi-minh"]
PLAIN_PROVINCES = ["cao-bang", "dien-bien", "son-la", "quang-ninh"]
ALL_EDITIONS = "editions: all, one after another"


# --- synthetic data ---------------------------------------------------------------------------


def _slug(code: str) -> str:
    return code.removeprefix("tam-").replace(".", "-")


def make_dataset(target: Path, factor: int, source: Path = REPO) -> None:
    """Write the data of the project at ``source`` (default: this one) copied ``factor`` times into ``target``."""
    shutil.copytree(source / "data", target / "data")
    shutil.copytree(source / "handbook" / "huong-dan", target / "handbook" / "huong-dan")
    if factor == 1:
        return
    procedures = {
        p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((source / "data/procedures").glob("*.yaml"))
    }
    tasks = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((source / "data/tasks").glob("*.yaml"))}
    for copy in range(1, factor):
        rename = {record["code"]: f"tam-m{copy}-{_slug(record['code'])}" for record in procedures.values()}
        for record in procedures.values():
            clone = json.loads(json.dumps(record, default=str))
            clone["code"] = rename[record["code"]]
            clone["name"] = f"{record['name']} (mẫu {copy})"
            clone["related"] = [rename[c] for c in record.get("related", [])]
            # What a procedure replaces belongs to the original alone: each is replaced once.
            clone.pop("replaces", None)
            path = target / "data/procedures" / f"{clone['code']}.yaml"
            path.write_text(yaml.safe_dump(clone, allow_unicode=True, sort_keys=False), encoding="utf-8")
        for record in tasks.values():
            clone = json.loads(json.dumps(record, default=str))
            clone["id"] = f"{record['id']}-m{copy}"
            clone["name"] = f"{record['name']} (mẫu {copy})"
            clone["related_procedures"] = [rename[c] for c in record.get("related_procedures", [])]
            path = target / "data/tasks" / f"{clone['id']}.yaml"
            path.write_text(yaml.safe_dump(clone, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- one stage, in a child process ------------------------------------------------------------


def run_stage(stage: str, project: Path) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from sotay.build import Paths, build, load_handbook, render_handbook
    from sotay.catalogue import print_catalogue
    from sotay.pdf import export_pdfs
    from sotay.render import render_pages
    from sotay.search import build_search_script
    from sotay.site import mkdocs_build
    from sotay.views import site_views
    from sotay.views.search_info import search_infos

    paths = Paths.at(
        project, templates=REPO / "templates", config=REPO / "mkdocs.yml", node_modules=REPO / "node_modules"
    )
    out = project / "out"
    if stage == "load+validate":
        load_handbook(paths)
    elif stage == "render":
        handbook = load_handbook(paths)
        render_pages(site_views(handbook, print_catalogue(handbook)).pages, paths.templates)
    elif stage == "search index":
        handbook = load_handbook(paths)
        pages = render_pages(site_views(handbook, print_catalogue(handbook)).pages, paths.templates)
        start = time.perf_counter()
        build_search_script(pages, search_infos(handbook))
        print(json.dumps({"inner": time.perf_counter() - start}))
    elif stage == "site (mkdocs)":
        handbook, _ = render_handbook(paths)
        start = time.perf_counter()
        mkdocs_build(paths.config, paths.docs, out, handbook.meta.edition)
        print(json.dumps({"inner": time.perf_counter() - start}))
    elif stage == "pdf: every document (no cache)":
        handbook = load_handbook(paths)
        timings: dict[str, float] = {}
        start = time.perf_counter()
        export_pdfs(handbook, print_catalogue(handbook), paths.templates, out, timings=timings)
        print(json.dumps({"inner": time.perf_counter() - start, "phases": timings}))
    elif stage == "whole build (clean)":
        shutil.rmtree(paths.cache, ignore_errors=True)
        build(paths)
    elif stage == "spreadsheet: export-xlsx":
        from sotay.load import load_dataset
        from sotay.sheets.export import export_workbook

        start = time.perf_counter()
        load_handbook(paths)
        export_workbook(load_dataset(paths.data), project / "bench.xlsx")
        print(json.dumps({"inner": time.perf_counter() - start}))
    elif stage == "spreadsheet: import-xlsx (check, no change)":
        from sotay.load import load_dataset
        from sotay.sheets.apply import import_workbook
        from sotay.sheets.export import export_workbook

        export_workbook(load_dataset(paths.data), project / "bench.xlsx")
        start = time.perf_counter()
        changes, _ = import_workbook(paths, project / "bench.xlsx", write=False)
        assert not changes, changes
        print(json.dumps({"inner": time.perf_counter() - start}))
    elif stage == "diff: previous edition → data":
        from sotay.changes import compare
        from sotay.editions import load_edition

        start = time.perf_counter()
        previous = load_edition(str(paths.data / "editions/2025-11-20.json"), project)
        changes = compare(previous, load_edition(str(paths.data), project))
        assert changes.records
        print(json.dumps({"inner": time.perf_counter() - start}))
    elif stage.startswith(EDITION_PREFIX):
        province = stage.removeprefix(EDITION_PREFIX)
        edition = paths.for_edition(province)
        shutil.rmtree(edition.site.parent, ignore_errors=True)  # a new edition: nothing of its own yet
        build(edition, edition=province)
    elif stage == ALL_EDITIONS:
        # Through the command a maintainer runs (make editions): one process per edition.
        for name in ("src", "templates", "mkdocs.yml", "node_modules"):
            if not (project / name).exists():
                (project / name).symlink_to(REPO / name)
        shutil.rmtree(project / "editions", ignore_errors=True)
        subprocess.run([PY, "-m", "sotay", "--root", str(project), "editions"], check=True, stdout=subprocess.DEVNULL)
    elif stage == "rebuild after editing one procedure":
        path = sorted((project / "data/procedures").glob("*.yaml"))[0]
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("review:", "keywords: [bench]\nreview:", 1)
            if "keywords:" not in text
            else text.replace("keywords:", "keywords:\n- bench", 1),
            encoding="utf-8",
        )
        start = time.perf_counter()
        build(paths)
        print(json.dumps({"inner": time.perf_counter() - start}))
        path.write_text(text, encoding="utf-8")


def measure(stage: str, project: Path) -> dict[str, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src")}
    if stage == "bare mkdocs build":
        # `mkdocs build` of the already generated pages: the MkDocs CLI has no --docs-dir, so its
        # two calls are made directly; the whole process is timed, as for the whole build.
        script = (
            "from mkdocs.config import load_config; from mkdocs.commands.build import build; "
            f"build(load_config({str(REPO / 'mkdocs.yml')!r}, docs_dir={str(project / 'handbook')!r}, "
            f"site_dir={str(project / 'bare')!r}))"
        )
        command = [PY, "-c", script]
    else:
        command = [PY, __file__, "--stage", stage, "--project", str(project)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%e %U %S %M", *command], stdout=out, stderr=err, text=True, env=env, cwd=project
        )
        tree_peak = _peak_tree_memory(process)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(f"{stage} failed:\n{stderr[-3000:]}")
    wall, user, system, _largest = stderr.strip().splitlines()[-1].split()
    measured = {"wall": float(wall), "cpu": float(user) + float(system), "rss_mb": tree_peak / 1024 / 1024}
    for line in stdout.splitlines():
        if line.startswith("{"):
            inner = json.loads(line)
            measured["wall"] = inner["inner"]  # the stage alone, without start-up and setup
            for phase, seconds in inner.get("phases", {}).items():
                measured[f"phase:{phase}"] = seconds
    return measured


def _peak_tree_memory(process: subprocess.Popen) -> int:
    """Wait for ``process``; return the peak of the summed resident memory of it and its descendants.

    The build runs the PDF export in a child process beside MkDocs (and pandoc beside both), so
    the largest single process understates what the machine must hold.
    """
    page = os.sysconf("SC_PAGE_SIZE")
    peak = 0
    while process.poll() is None:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                parents[int(stat.parent.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
        tree, frontier = set(), {process.pid}
        while frontier:
            tree |= frontier
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
        total = 0
        for pid in tree:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            except (OSError, IndexError, ValueError):
                continue
        peak = max(peak, total)
        time.sleep(0.05)
    return peak


def bench(factor: int, runs: int, stages: list[str], source: Path = REPO) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix=f"sotay-bench-{factor}x-") as folder:
        project = Path(folder)
        make_dataset(project, factor, source)
        measure("whole build (clean)", project)  # generated pages for the bare MkDocs baseline, and a warm cache
        # The target compares the whole build with a bare MkDocs build of the same pages, side by
        # side: alternated, so that both see the same load on a shared machine.
        pairs = [(measure("whole build (clean)", project), measure("bare mkdocs build", project)) for _ in range(runs)]
        results["_side_by_side"] = {
            "whole": statistics.median(whole["wall"] for whole, _ in pairs),
            "bare": statistics.median(bare["wall"] for _, bare in pairs),
            "ratio": statistics.median(whole["wall"] / bare["wall"] for whole, bare in pairs),
            "runs": runs,
        }
        print(f"{factor}x side by side: whole ÷ bare = {results['_side_by_side']['ratio']:.2f}", flush=True)
        for stage in stages:
            samples = [measure(stage, project) for _ in range(runs)]
            results[stage] = {
                "wall": statistics.median(s["wall"] for s in samples),
                "cpu": statistics.median(s["cpu"] for s in samples),
                "rss_mb": max(s["rss_mb"] for s in samples),
            }
            for phase in PDF_PHASES:
                if f"phase:{phase}" in samples[0]:
                    results[f"· {phase}"] = {"wall": statistics.median(s[f"phase:{phase}"] for s in samples)}
                    print(f"{factor}x   · {phase:<36} {results[f'· {phase}']['wall']:7.2f} s", flush=True)
            print(
                f"{factor}x {stage:<40} {results[stage]['wall']:7.2f} s  cpu {results[stage]['cpu']:7.2f} s  "
                f"peak {results[stage]['rss_mb']:6.0f} MB",
                flush=True,
            )
        results["_size"] = {
            "procedures": len(list((project / "data/procedures").glob("*.yaml"))),
            "tasks": len(list((project / "data/tasks").glob("*.yaml"))),
        }
    return results


def bench_editions(factor: int, runs: int, with_all: bool, source: Path = REPO) -> dict[str, dict[str, float]]:
    """One more edition and every edition, each after a clean national build, as a ratio to it."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix=f"sotay-bench-editions-{factor}x-") as folder:
        project = Path(folder)
        make_dataset(project, factor, source)
        national_samples = []
        for label, provinces in (("with its own centres", CENTRE_PROVINCES), ("national values", PLAIN_PROVINCES)):
            pairs = []
            for province in provinces[:runs]:
                national = measure("whole build (clean)", project)
                pairs.append((national, measure(f"{EDITION_PREFIX}{province}", project)))
                national_samples.append(national)
            results[f"one more edition, {label}"] = {
                "wall": statistics.median(edition["wall"] for _, edition in pairs),
                "cpu": statistics.median(edition["cpu"] for _, edition in pairs),
                "rss_mb": max(edition["rss_mb"] for _, edition in pairs),
                "ratio": statistics.median(edition["wall"] / national["wall"] for national, edition in pairs),
                "provinces": ", ".join(provinces[:runs]),
            }
            print(f"{factor}x one more edition, {label}: {results[f'one more edition, {label}']}", flush=True)
        results["national build (clean), the pairs' first half"] = {
            "wall": statistics.median(s["wall"] for s in national_samples),
            "cpu": statistics.median(s["cpu"] for s in national_samples),
            "rss_mb": max(s["rss_mb"] for s in national_samples),
        }
        if with_all:
            national = measure("whole build (clean)", project)
            every = measure(ALL_EDITIONS, project)
            count = len(yaml.safe_load((project / "data/provinces.yaml").read_text(encoding="utf-8"))["provinces"])
            results[f"all {count} editions, one after another"] = {
                **every,
                "ratio": every["wall"] / national["wall"],
                "marginal": every["wall"] / count,
                "marginal_ratio": every["wall"] / count / national["wall"],
            }
            print(f"{factor}x all editions: {results[f'all {count} editions, one after another']}", flush=True)
    return results


def editions_report(one: dict, ten: dict) -> str:
    rows = []
    for name in one:
        a, b = one[name], ten.get(name)
        cells = [f"{a['wall']:.2f}", f"{a['cpu']:.2f}", f"{a['rss_mb']:.0f}"]
        cells.append(f"{a['ratio']:.2f}" if "ratio" in a else "")
        if b:
            cells += [
                f"{b['wall']:.2f}",
                f"{b['cpu']:.2f}",
                f"{b['rss_mb']:.0f}",
                f"{b['ratio']:.2f}" if "ratio" in b else "",
            ]
        else:
            cells += ["not run", "", "", ""]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    every = next((value for name, value in one.items() if name.startswith("all ")), None)
    marginal = (
        f"- Marginal cost of one more edition, from all of them at 1×: **{every['marginal']:.2f} s**, "
        f"**{every['marginal_ratio']:.2f}×** a clean national build (target ≤ 0.5×).\n"
        if every
        else ""
    )
    return f"""{EDITIONS_START}
## Provincial editions

Each "one more edition" sample is `build --edition <id>` of a province not built before, right
after a clean national build of the same data (`.cache/` warm with the national pages only);
ratio = its wall time ÷ that national build's (median of the pairs). Provinces with their own
centres: {one[next(iter(one))]["provinces"]}; with national values only: {one[list(one)[1]]["provinces"]}.
"All editions" is `python -m sotay editions` (one process per province, one after another) after
a clean national build; the national build itself is not in it.

| | 1× wall s | 1× CPU s | 1× peak MB | 1× ÷ national | 10× wall s | 10× CPU s | 10× peak MB | 10× ÷ national |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

{marginal}- Target: one more edition costs at most half a clean national build (ratio ≤ 0.50).
{EDITIONS_END}
"""


EDITIONS_START, EDITIONS_END = "<!-- editions: scripts/bench.py --editions -->", "<!-- /editions -->"


def with_editions_section(report: str, section: str) -> str:
    """``report`` with its editions section replaced by ``section`` (or appended)."""
    if EDITIONS_START in report and EDITIONS_END in report:
        before, rest = report.split(EDITIONS_START, 1)
        after = rest.split(EDITIONS_END, 1)[1].lstrip("\n")
        return before + section + ("\n" + after if after else "")
    return report.rstrip("\n") + "\n\n" + section


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    import pypandoc
    import typst

    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) / 1024 / 1024:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, pandoc {pypandoc.get_pandoc_version()}, "
        f"typst {typst.__version__}"
    )


def no_change_make() -> float:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(["make", "-s"], cwd=REPO, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def before_after(before: dict, after: dict) -> str:
    """The stages measured in both runs: wall, CPU and peak memory, before → after, at 1× and 10×."""
    rows = []
    for stage in [s for s in after["1"] if not s.startswith("_") and s in before["1"]]:
        cells = []
        for factor in ("1", "10"):
            old, new = before[factor].get(stage), after[factor].get(stage)
            if old is None or new is None:
                cells += ["", "", ""]
                continue
            cells.append(f"{old['wall']:.2f} → {new['wall']:.2f}")
            cells.append(f"{old['cpu']:.2f} → {new['cpu']:.2f}" if "cpu" in old and "cpu" in new else "")
            cells.append(f"{old['rss_mb']:.0f} → {new['rss_mb']:.0f}" if "rss_mb" in old and "rss_mb" in new else "")
        rows.append(f"| {stage} | " + " | ".join(cells) + " |")
    ratios = [
        f"{factor}×: {before[factor]['_side_by_side']['ratio']:.1f}× → {after[factor]['_side_by_side']['ratio']:.1f}×"
        for factor in ("1", "10")
        if "_side_by_side" in before[factor] and "_side_by_side" in after[factor]
    ]
    header = (
        "| Stage | 1× wall s | 1× CPU s | 1× peak MB | 10× wall s | 10× CPU s | 10× peak MB |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    side_by_side = "\n\nWhole build ÷ bare MkDocs, side by side: " + "; ".join(ratios) if ratios else ""
    return header + "\n" + "\n".join(rows) + side_by_side


def write_report(one: dict, ten: dict, make_seconds: float, runs: tuple[int, int], comparison: str = "") -> str:
    rows = []
    for stage in [s for s in one if not s.startswith("_")]:
        a, b = one[stage], ten[stage]
        exponent = math.log(b["wall"] / a["wall"], 10) if a["wall"] > 0 and b["wall"] > 0 else float("nan")
        if "cpu" in a:
            rows.append(
                f"| {stage} | {a['wall']:.2f} | {a['cpu']:.2f} | {a['rss_mb']:.0f} | {b['wall']:.2f} | "
                f"{b['cpu']:.2f} | {b['rss_mb']:.0f} | {exponent:.2f} |"
            )
        else:  # a phase of the PDF export, timed inside it
            rows.append(f"| {stage} | {a['wall']:.2f} | | | {b['wall']:.2f} | | | {exponent:.2f} |")
    side, side10 = one["_side_by_side"], ten["_side_by_side"]
    return f"""# Benchmarks

Written by `make bench` (`scripts/bench.py`) on {time.strftime("%d/%m/%Y")}.
Machine: {machine()}. Shared and noisy: read medians and ratios, not single seconds.

Datasets: 1× = the shipped data ({one["_size"]["procedures"]} procedures, {one["_size"]["tasks"]} tasks);
10× = the same copied ten times ({ten["_size"]["procedures"]} procedures, {ten["_size"]["tasks"]} tasks).
Wall = median of {runs[0]} runs at 1×, {runs[1]} at 10×; for the stages marked with an inner timer
(search index, site, PDFs, rebuild) wall is the stage alone, without process start-up and set-up;
rows starting with · are phases of the PDF export, timed inside it (wall only; the checklists are
typeset and assembled in a second thread beside the body, the front matter and the books);
CPU = user + system of the whole process, children (PDF export, pandoc) included; peak = highest
sum of the resident memory of the process and all its descendants, sampled every 50 ms.
Exponent = log10(wall 10× / wall 1×): 1.00 is linear.

| Stage | 1× wall s | 1× CPU s | 1× peak MB | 10× wall s | 10× CPU s | 10× peak MB | exponent |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

- Whole clean build ÷ bare `mkdocs build` of the same pages, side by side (alternated runs,
  median of the ratios): **{side["ratio"]:.1f}×** at 1× ({side["whole"]:.2f} s ÷ {side["bare"]:.2f} s,
  {side["runs"]} pairs) and **{side10["ratio"]:.1f}×** at 10× ({side10["whole"]:.2f} s ÷ {side10["bare"]:.2f} s,
  {side10["runs"]} pairs); target ≤ 2×.
- `make` with nothing changed: **{make_seconds:.2f} s** (median of 5; target < 1 s).
{comparison}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage")
    parser.add_argument("--project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-10x", type=int, default=2)
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument(
        "--only", metavar="STAGE", action="append", choices=STAGES, help="measure just these stages (no report written)"
    )
    parser.add_argument("--factor", type=int, default=10, help="with --only: the dataset size (default 10)")
    parser.add_argument("--data", type=Path, default=REPO, help="project whose data/ and guide pages are measured")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON (for --before)")
    parser.add_argument("--before", type=Path, help="JSON of an earlier run: add a before/after table to the report")
    parser.add_argument("--after", type=Path, help="with --before: the run to compare with (default: this one)")
    parser.add_argument(
        "--editions",
        action="store_true",
        help="measure only the provincial editions; rewrite their section of --output",
    )
    parser.add_argument("--all-editions-10x", action="store_true", help="also build every edition at 10× (long)")
    args = parser.parse_args()
    if args.stage:
        run_stage(args.stage, args.project)
        return 0
    if args.only:
        bench(args.factor, args.runs, args.only, args.data)
        return 0
    editions_one = bench_editions(1, args.runs, True, args.data)
    # --runs-10x 0 with --editions: 1× only (a quick look; the report says "not run" at 10×).
    editions_ten = bench_editions(10, args.runs_10x, args.all_editions_10x, args.data) if args.runs_10x else {}
    editions = editions_report(editions_one, editions_ten)
    if args.editions:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        args.output.write_text(with_editions_section(current, editions), encoding="utf-8")
        print(editions)
        return 0
    one = bench(1, args.runs, STAGES, args.data)
    ten = bench(10, args.runs_10x, STAGES, args.data)
    make_seconds = no_change_make()
    if args.json:
        args.json.write_text(json.dumps({"1": one, "10": ten, "make": make_seconds}, indent=1), encoding="utf-8")
    comparison = ""
    if args.before:
        before = json.loads(args.before.read_text(encoding="utf-8"))
        after = json.loads(args.after.read_text(encoding="utf-8")) if args.after else {"1": one, "10": ten}
        comparison = "\n## Before and after\n\n" + before_after(before, after) + "\n"
    report = write_report(one, ten, make_seconds, (args.runs, args.runs_10x), comparison)
    report = with_editions_section(report, editions)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
