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

from .errors import KEPT, HandbookError


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
        print(f"{paths.site}/ đã cập nhật: không có gì thay đổi từ lần dựng trước")
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
        print(f"\nđã dừng theo yêu cầu (Ctrl-C); {KEPT}", file=sys.stderr)
        return 130
    except OSError as error:
        # A full disk, a read-only folder, a file that vanished: the system's own words, located.
        where = error.filename or f"{paths.site} (khi ghi trang web mới bên cạnh)"
        print(f"{where}: không ghi được ({error.strerror or error}); {KEPT}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, paths, started: float) -> int:
    from . import build as pipeline

    if args.command == "validate":
        handbook = pipeline.load_handbook(paths)
        for warning in handbook.warnings:
            print(f"cảnh báo: {warning}", file=sys.stderr)
        print(
            f"dữ liệu hợp lệ: {len(handbook.procedures)} thủ tục, {len(handbook.tasks)} nhiệm vụ, "
            f"{len(handbook.legal)} văn bản pháp luật"
        )
    elif args.command == "render":
        _, changed = pipeline.render_handbook(paths, on_wait=_waiting)
        print(f"đã ghi {len(changed)} tệp thay đổi vào {paths.docs}")
    elif args.command == "build":
        exported = pipeline.build(
            paths, progress=_progress, with_pdfs=not args.site_only, on_wait=_waiting, on_warning=_warn
        )
        _print_table(exported)
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        print(f"đã dựng {paths.site}/ với {len(exported)} tệp PDF trong {seconds} giây")
    elif args.command == "serve":
        from .serve import serve

        serve(paths, args.addr)
    elif args.command == "schema":
        from .schema_docs import write_schema_files

        for path in write_schema_files(paths.data):
            print(f"đã ghi {path}")
    return 0


def _warn(problem) -> None:
    print(f"cảnh báo: {problem}", file=sys.stderr)


def _waiting(holder: str) -> None:
    who = f" (tiến trình {holder})" if holder else ""
    print(f"một lần dựng khác đang chạy trong thư mục này{who}; đang chờ nó xong…", file=sys.stderr)


def _progress(number: int, total: int, path: str) -> None:
    # One line rewritten in place on a terminal; plain lines in a log.
    if sys.stderr.isatty():
        print(f"\r\033[Kxuất PDF {number}/{total} {path}", end="" if number < total else "\n", file=sys.stderr)
    else:
        print(f"xuất PDF {number}/{total} {path}", file=sys.stderr)


def _print_table(exported) -> None:
    if not exported:
        return
    width = max(len(item.path) for item in exported)
    print(f"{'tệp':<{width}}  {'trang':>5}  {'cỡ':>9}")
    for item in exported:
        print(f"{item.path:<{width}}  {item.pages:>5}  {item.size / 1024:>6.0f} KB")
    total = sum(item.size for item in exported)
    print(f"{'tổng':<{width}}  {sum(i.pages for i in exported):>5}  {total / 1024:>6.0f} KB")
