"""Thin command line: ``python -m sotay validate|render|build|serve|schema``.

The only place that prints. Problems in the data are reported one per line as
``file:line: field.path: message`` with exit status 1 and no traceback.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

from .errors import KEPT, HandbookError


class _Parser(argparse.ArgumentParser):
    """argparse, whose own mistakes messages are English, saying them in Vietnamese."""

    _WORDS = (
        (
            re.compile(r"unrecognized arguments: (.*)"),
            r"không hiểu: \1 (tên có dấu cách phải đặt trong dấu ngoặc kép; "
            r"mã tỉnh viết chữ thường không dấu, ví dụ dong-thap)",
        ),
        (re.compile(r"the following arguments are required: (.*)"), r"thiếu: \1"),
        (re.compile(r"argument (\S+): expected one argument"), r"\1 cần một giá trị"),
        (re.compile(r"argument (\S+): invalid int value: (.*)"), r"\1 phải là một số nguyên (đã ghi \2)"),
        (
            re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
            r"\1: không có lệnh \2; các lệnh: \3",
        ),
    )

    def error(self, message: str) -> NoReturn:
        for pattern, words in self._WORDS:
            if pattern.fullmatch(message):
                message = pattern.sub(words, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m sotay", description="Sổ tay nghiệp vụ: kiểm tra dữ liệu và dựng sổ tay.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.add_argument("--data", type=Path, help="thư mục dữ liệu (mặc định: ROOT/data)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="kiểm tra dữ liệu và báo mọi lỗi")
    commands.add_parser("render", help="kiểm tra rồi ghi các trang Markdown vào handbook/")
    build = commands.add_parser("build", help="dựng trang web site/, các tệp PDF và gói zip dùng ngoại tuyến")
    build.add_argument("--site-only", action="store_true", help="bỏ qua PDF (xem nhanh; không dùng để phát hành)")
    build.add_argument(
        "--if-changed", action="store_true", help="không làm gì nếu site/ đã dựng từ đúng dữ liệu hiện tại"
    )
    build.add_argument(
        "--edition",
        metavar="MÃ_TỈNH",
        help="dựng ấn bản của một tỉnh (mã trong data/provinces.yaml) vào editions/MÃ_TỈNH/",
    )
    editions = commands.add_parser(
        "editions",
        help="dựng ấn bản của mọi tỉnh trong data/provinces.yaml vào editions/ (chỉ những ấn bản có thay đổi)",
    )
    editions.add_argument(
        "--jobs", type=int, default=1, help="số ấn bản dựng cùng lúc (mặc định 1; mỗi lần dựng dùng 2 lõi)"
    )
    editions.add_argument("only", nargs="*", metavar="MÃ_TỈNH", help="chỉ dựng các tỉnh này (mặc định: tất cả)")
    serve = commands.add_parser("serve", help="xem trước trực tiếp; tự dựng lại khi data/ hoặc templates/ thay đổi")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="địa chỉ phục vụ")
    commands.add_parser("schema", help="ghi data/schema/*.json và bảng trường của data/README.md")
    diff = commands.add_parser(
        "diff", help="những gì thay đổi giữa hai ấn bản (thư mục dữ liệu, tệp .json hoặc phiên bản git)"
    )
    diff.add_argument("old", help="ấn bản cũ: tệp bản chụp .json, thư mục dữ liệu, hoặc phiên bản git (ví dụ v2025-11)")
    diff.add_argument("new", nargs="?", default=None, help="ấn bản mới (mặc định: thư mục dữ liệu hiện tại)")
    diff.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    snapshot = commands.add_parser("snapshot", help="ghi bản chụp dữ liệu của ấn bản hiện tại (để làm ấn bản trước)")
    snapshot.add_argument("file", nargs="?", type=Path, help="tệp .json ghi ra (mặc định: data/editions/<ngày>.json)")
    export_sheet = commands.add_parser(
        "export-xlsx", help="xuất dữ liệu ra một bảng tính để sửa bằng Excel/LibreOffice"
    )
    export_sheet.add_argument("file", nargs="?", type=Path, help="tệp .xlsx ghi ra (mặc định: sotay-du-lieu.xlsx)")
    import_sheet = commands.add_parser("import-xlsx", help="nhập bảng tính đã sửa vào data/ (chỉ ghi khi không có lỗi)")
    import_sheet.add_argument("file", type=Path, help="tệp .xlsx hoặc .ods đã sửa")
    import_sheet.add_argument("--dry-run", action="store_true", help="chỉ xem trước các thay đổi, không ghi gì")
    args = parser.parse_args(argv)

    from .project import Paths, up_to_date

    overrides = {"data": args.data} if args.data else {}
    paths = Paths.at(args.root, **overrides)
    if args.command == "build" and args.edition is not None:
        from .local import check_province_id

        try:
            check_province_id(paths.data, args.edition)  # before any folder is made for it
        except HandbookError as error:
            print(error.report(), file=sys.stderr)
            return 1
        paths = paths.for_edition(args.edition)
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
        if args.command not in ("build", "render", "serve"):
            reason = error.strerror or error
            print(f"{error.filename or args.command}: không đọc hoặc ghi được ({reason})", file=sys.stderr)
            return 1
        where = error.filename or f"{paths.site} (khi ghi trang web mới bên cạnh)"
        print(f"{where}: không ghi được ({error.strerror or error}); {KEPT}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, paths, started: float) -> int:
    from . import build as pipeline
    from .text import format_date

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
            paths,
            progress=_progress,
            with_pdfs=not args.site_only,
            on_wait=_waiting,
            on_warning=_warn,
            edition=args.edition,
        )
        _print_table(exported)
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        print(f"đã dựng {paths.site}/ với {len(exported)} tệp PDF trong {seconds} giây")
    elif args.command == "editions":
        from .fanout import build_editions

        return build_editions(paths, args.only, args.jobs)
    elif args.command == "serve":
        from .serve import serve

        serve(paths, args.addr)
    elif args.command == "diff":
        import json

        from .changes import compare
        from .editions import load_edition

        root = paths.data.parent
        changes = compare(load_edition(args.old, root), load_edition(args.new or str(paths.data), root))
        if args.json:
            print(json.dumps(changes.as_json(), ensure_ascii=False, indent=1))
        else:
            print("\n".join(changes.lines()))
    elif args.command == "snapshot":
        from .build import load_handbook
        from .load import display_name
        from .snapshot import snapshot_of, snapshot_text

        handbook = load_handbook(paths)
        target = args.file or paths.data / "editions" / f"{handbook.meta.edition.isoformat()}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(snapshot_text(snapshot_of(handbook)), encoding="utf-8")
        print(f"đã ghi {display_name(target)}: bản chụp ấn bản {format_date(handbook.meta.edition)}")
    elif args.command == "export-xlsx":
        _export_sheet(paths, args.file or paths.data.parent / "sotay-du-lieu.xlsx")
    elif args.command == "import-xlsx":
        _import_sheet(paths, args.file, write=not args.dry_run)
    elif args.command == "schema":
        from .schema_docs import write_schema_files

        for path in write_schema_files(paths.data):
            print(f"đã ghi {path}")
    return 0


def _export_sheet(paths, target: Path) -> None:
    from .build import load_handbook
    from .load import display_name, load_dataset
    from .sheets.export import export_workbook

    load_handbook(paths)  # only valid data is exported: a sheet must hold everything the files say
    counts = export_workbook(load_dataset(paths.data), target)
    print(
        f"đã xuất {display_name(target)}: {counts['procedures']} thủ tục, {counts['tasks']} nhiệm vụ, "
        f"{counts['legal']} văn bản, {counts['retired']} thủ tục không còn áp dụng"
    )
    shown = display_name(target)
    print(f"sửa xong, xem trước thay đổi và lỗi: make check-xlsx FILE={shown}")
    print(f"hết lỗi thì ghi vào data/: make import-xlsx FILE={shown}")


def _import_sheet(paths, workbook: Path, write: bool) -> None:
    from .load import display_name
    from .sheets.apply import import_workbook

    changes, warnings = import_workbook(paths, workbook, write=write)
    for warning in warnings:
        _warn(warning)
    for change in changes:
        print(change)
    if not changes:
        print(f"{display_name(workbook)} không khác gì data/: không có gì để ghi")
    elif write:
        print(f"đã ghi {len(changes)} tệp vào {display_name(paths.data)}/; chạy make để dựng lại sổ tay")
    else:
        print(f"xem trước: {len(changes)} tệp sẽ thay đổi; chưa ghi gì (bỏ --dry-run để ghi)")


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
