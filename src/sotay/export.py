"""Stage 6 — export: the PDFs (whole book, chapters, per-level excerpts, dossier checklists).

The same templates as the site, rendered in the print flavour, are assembled per document into
pandoc Markdown, converted to Typst by pandoc (one pass per document) and compiled by the
``typst`` library with a pinned font folder: the compiler never falls back to whatever system
font happens to be installed.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypandoc
import segno
import typst
from pypdf import PdfReader

from .errors import HandbookError, Problem
from .render import environment
from .text import format_date
from .validate import Handbook
from .views import PrintDocument, print_documents, procedure_view, task_view

# Debian's fonts-liberation2 (2.x, complete Vietnamese). Its 1.07 namesake, pulled in by the
# chromium package, lacks most Vietnamese letters, so system fonts are ignored altogether.
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
# Pandoc extensions that could turn data text into something else are off; escaping covers the
# rest (see text.escape_pandoc).
PANDOC_FROM = "markdown-citations-tex_math_dollars-subscript-superscript-smart-raw_tex-auto_identifiers"


# Called as progress(number, total, path) before each PDF is made.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportedFile:
    path: str
    pages: int
    size: int


def export_pdfs(
    handbook: Handbook,
    templates_dir: Path,
    out_dir: Path,
    progress: Progress | None = None,
) -> list[ExportedFile]:
    """Write every PDF of ``print_documents`` under ``out_dir``; return what was written."""
    if not (FONT_DIR / "LiberationSerif-Regular.ttf").is_file():
        raise HandbookError(
            [Problem(str(FONT_DIR), 0, "", "font missing: run `make` to install Debian's fonts-liberation2")],
            stage="export",
        )
    env = environment(templates_dir, "print", handbook.meta.site_url.rstrip("/") + "/")
    pages = _procedure_markdown(handbook, env)
    documents = print_documents(handbook)
    written: list[ExportedFile] = []
    with tempfile.TemporaryDirectory(prefix="sotay-print-") as work:
        root = Path(work)
        for name in ("main.typ", "lib.typ"):
            (root / name).write_bytes((templates_dir / "print" / name).read_bytes())
        _write_qr_codes(handbook, root / "qr")
        compiler = typst.Compiler(root / "main.typ", root=root, font_paths=[FONT_DIR], ignore_system_fonts=True)
        timestamp = dt.datetime.combine(handbook.meta.edition, dt.time(), tzinfo=dt.UTC)
        for number, document in enumerate(documents, start=1):
            if progress:
                progress(number, len(documents), document.path)
            body = _document_markdown(document, handbook, env, pages)
            typst_body = _to_typst(body, templates_dir / "print" / "filter.lua", document)
            (root / "body.typ").write_text('#import "lib.typ": *\n' + typst_body, encoding="utf-8")
            inputs = _sys_inputs(handbook, document)
            try:
                pdf = compiler.compile(format="pdf", sys_inputs=inputs, timestamp=timestamp)
            except typst.TypstError as error:
                raise HandbookError(
                    [Problem(document.path, 0, "", f"typst: {error.message} {' '.join(error.hints)}".strip())],
                    stage="export",
                ) from None
            target = out_dir / document.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf)
            written.append(ExportedFile(document.path, len(PdfReader(BytesIO(pdf)).pages), len(pdf)))
    return written


def _sys_inputs(handbook: Handbook, document: PrintDocument) -> dict[str, str]:
    meta = handbook.meta
    records = list(handbook.procedures) + list(handbook.tasks)
    verified = sum(1 for record in records if record.review.status == "verified")
    return {
        "body": "body.typ",
        "kind": "book" if document.kind == "book" else "checklists",
        "title": document.title,
        "subtitle": document.subtitle,
        "publisher": meta.publisher,
        "edition": format_date(meta.edition),
        "site_url": meta.site_url.rstrip("/") + "/",
        "coverage": f"Đã rà soát {verified}/{len(records)} hồ sơ thủ tục và nhiệm vụ; "
        f"các mục còn lại được đánh dấu «Cần rà soát».",
    }


def _procedure_markdown(handbook: Handbook, env) -> dict[str, str]:
    """Each procedure's print page, rendered once and reused by every document that holds it."""
    related_from: dict[str, set[str]] = {}
    for procedure in handbook.procedures:
        for code in procedure.related:
            related_from.setdefault(code, set()).add(procedure.code)
    template = env.get_template("procedure.md.j2")
    return {
        p.code: _shift_headings(template.render(procedure_view(handbook, p, related_from).context))
        for p in handbook.procedures
    }


def _shift_headings(markdown: str) -> str:
    # Inside a chapter a procedure's title is level 2 and its a–l sections level 3. Only
    # templates write "#" at the start of a line: data text has its "#" escaped.
    return re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.M)


def _document_markdown(document: PrintDocument, handbook: Handbook, env, pages: dict[str, str]) -> str:
    if document.kind == "checklists":
        template = env.get_template("checklist.md.j2")
        related: dict[str, set[str]] = {}
        return "\n\n".join(
            template.render(procedure_view(handbook, handbook.procedure_by_code[code], related).context)
            for code in document.procedures
        )
    parts = []
    tasks_template = env.get_template("print_tasks.md.j2")
    for number, field in enumerate(handbook.fields, start=1):
        codes = [code for code in document.procedures if handbook.procedure_by_code[code].field == field.id]
        tasks = [t for t in handbook.tasks if t.id in document.tasks and t.field == field.id]
        if not codes and not tasks:
            continue
        heading = env.from_string("# Chương {{ number }}. {{ name }} {#chuong-{{ id | safe }}}\n\n")
        parts.append(heading.render(number=number, name=field.name, id=field.id))
        if field.description:
            parts.append(env.from_string("{{ text }}\n\n").render(text=field.description))
        parts += [pages[code] for code in codes]
        if tasks:
            parts.append(
                tasks_template.render(
                    field_name=field.name, field_id=field.id, tasks=[task_view(handbook, t).context for t in tasks]
                )
            )
    return "\n\n".join(parts)


def _to_typst(markdown: str, lua_filter: Path, document: PrintDocument) -> str:
    try:
        return pypandoc.convert_text(
            markdown, "typst", format=PANDOC_FROM, extra_args=["--wrap=none", f"--lua-filter={lua_filter}"]
        )
    except RuntimeError as error:
        raise HandbookError([Problem(document.path, 0, "", f"pandoc: {error}")], stage="export") from None


def _write_qr_codes(handbook: Handbook, folder: Path) -> None:
    folder.mkdir()
    base = handbook.meta.site_url.rstrip("/") + "/"
    for procedure in handbook.procedures:
        qr = segno.make(f"{base}thu-tuc/{procedure.code}.html", error="m")
        qr.save(str(folder / f"{procedure.code}.svg"), kind="svg", border=1, xmldecl=False)
