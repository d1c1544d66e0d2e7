"""Thin command line: ``python -m sotay validate|render|build|serve|schema``.

The only place that prints. Problems in the data are reported one per line as
``file:line: field.path: message`` with exit status 1 and no traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from .errors import HandbookError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sotay", description="Sổ tay nghiệp vụ: build the handbook.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    parser.add_argument("--data", type=Path, help="data folder (default: ROOT/data)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check the data and report every problem")
    commands.add_parser("render", help="validate and write the Markdown pages into handbook/")
    build = commands.add_parser("build", help="render, then build site/ with MkDocs, the PDFs and the offline zip")
    build.add_argument("--site-only", action="store_true", help="skip the PDFs (quick preview; not for publishing)")
    build.add_argument(
        "--if-changed", action="store_true", help="do nothing if site/ was built from exactly the current inputs"
    )
    serve = commands.add_parser("serve", help="live preview; re-renders when data/ or templates/ change")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
    commands.add_parser("schema", help="write data/schema/*.json and the field table of data/README.md")
    args = parser.parse_args(argv)

    from .project import Paths, up_to_date

    overrides = {"data": args.data} if args.data else {}
    paths = Paths.at(args.root, **overrides)
    if args.command == "build" and args.if_changed and up_to_date(paths):
        print(f"{paths.site}/ is up to date: nothing changed since it was built")
        return 0
    # The live preview reports each rebuild (MkDocs logs that at INFO); builds stay quiet.
    level = logging.INFO if args.command == "serve" else logging.WARNING
    log_format = "%(asctime)s %(name)s %(message)s" if level == logging.INFO else "%(message)s"
    logging.basicConfig(force=True, level=level, format=log_format)
    started = time.perf_counter()
    try:
        return _run(args, paths, started)
    except HandbookError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted; the previous site/ and its PDFs were left as they were", file=sys.stderr)
        return 130
    except OSError as error:
        # A full disk, a read-only folder, a file that vanished: the system's own words, located.
        where = error.filename or f"{paths.site} (while writing the new site beside it)"
        print(
            f"{where}: {error.strerror or error}; the previous site/ and its PDFs were left as they were",
            file=sys.stderr,
        )
        return 1


def _run(args: argparse.Namespace, paths, started: float) -> int:
    from . import build as pipeline

    if args.command == "validate":
        handbook = pipeline.load_handbook(paths)
        for warning in handbook.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(
            f"ok: {len(handbook.procedures)} procedures, {len(handbook.tasks)} tasks, "
            f"{len(handbook.legal)} legal documents"
        )
    elif args.command == "render":
        _, changed = pipeline.render_handbook(paths, on_wait=_waiting)
        print(f"wrote {len(changed)} changed file(s) into {paths.docs}")
    elif args.command == "build":
        exported = pipeline.build(
            paths, progress=_progress, with_pdfs=not args.site_only, on_wait=_waiting, on_warning=_warn
        )
        _print_table(exported)
        print(f"built {paths.site}/ with {len(exported)} PDF(s) in {time.perf_counter() - started:.1f} s")
    elif args.command == "serve":
        from .serve import serve

        serve(paths, args.addr)
    elif args.command == "schema":
        from .schema_docs import write_schema_files

        for path in write_schema_files(paths.data):
            print(f"wrote {path}")
    return 0


def _warn(problem) -> None:
    print(f"warning: {problem}", file=sys.stderr)


def _waiting(holder: str) -> None:
    who = f" (process {holder})" if holder else ""
    print(f"another build is running in this folder{who}; waiting for it to finish…", file=sys.stderr)


def _progress(number: int, total: int, path: str) -> None:
    # One line rewritten in place on a terminal; plain lines in a log.
    if sys.stderr.isatty():
        print(f"\r\033[Kexport {number}/{total} {path}", end="" if number < total else "\n", file=sys.stderr)
    else:
        print(f"export {number}/{total} {path}", file=sys.stderr)


def _print_table(exported) -> None:
    if not exported:
        return
    width = max(len(item.path) for item in exported)
    print(f"{'file':<{width}}  {'pages':>5}  {'size':>9}")
    for item in exported:
        print(f"{item.path:<{width}}  {item.pages:>5}  {item.size / 1024:>6.0f} KB")
    total = sum(item.size for item in exported)
    print(f"{'total':<{width}}  {sum(i.pages for i in exported):>5}  {total / 1024:>6.0f} KB")
