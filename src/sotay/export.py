"""Stage 6 — export: the PDFs (whole book, chapters, per-level excerpts, dossier checklists).

The same templates as the site, rendered in the print flavour, are converted by pandoc to
Typst and compiled by the ``typst`` library with a pinned font folder: the compiler never falls
back to whatever system font happens to be installed.

No work is done twice:
- every piece (a procedure, a checklist, a chapter heading, a block of tasks) is converted by
  pandoc once, in one pass over all pieces (two processes, one per core), and every document is
  assembled from the Typst pieces;
- with a cache folder, a piece or a document whose inputs are unchanged is taken from the
  cache, so editing one procedure re-typesets only the documents that contain it.

Cutting chapter PDFs out of the typeset book was tried and measured: pypdf needed about 12 s
for the 10 chapters and 97 checklists of the shipped data, Typst typesets the same pages in
about 4 s (it is multi-threaded), so every document is typeset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
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
from .views import PrintDocument, print_documents, procedure_view, related_index, task_view

# Debian's fonts-liberation2 (2.x, complete Vietnamese). Its 1.07 namesake, pulled in by the
# chromium package, lacks most Vietnamese letters, so system fonts are ignored altogether.
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
# Pandoc extensions that could turn data text into something else are off; escaping covers the
# rest (see text.escape_pandoc).
PANDOC_FROM = "markdown-citations-tex_math_dollars-subscript-superscript-smart-raw_tex-auto_identifiers"
_MARK = "sotay-piece"
_MARK_LINE = re.compile(rf"^// {_MARK} (\d+)\n", flags=re.M)

# Called as progress(number, total, path) before each PDF is written.
Progress = Callable[[int, int, str], None]
Key = tuple[str, ...]


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
    cache_dir: Path | None = None,
    only: Callable[[PrintDocument], bool] | None = None,
) -> list[ExportedFile]:
    """Write every PDF of ``print_documents`` (or those ``only`` accepts) under ``out_dir``."""
    if not (FONT_DIR / "LiberationSerif-Regular.ttf").is_file():
        raise HandbookError(
            [Problem(str(FONT_DIR), 0, "", "font missing: run `make` to install Debian's fonts-liberation2")],
            stage="export",
        )
    cache = _Cache(cache_dir)
    env = environment(templates_dir, "print", handbook.meta.site_url.rstrip("/") + "/")
    documents = [d for d in print_documents(handbook) if only is None or only(d)]
    layouts = {d.path: _layout(d, handbook) for d in documents}
    pieces = _render_pieces(handbook, env, {key for layout in layouts.values() for key in layout})
    typst_pieces = _to_typst(pieces, templates_dir / "print" / "filter.lua", cache)

    pdfs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="sotay-print-") as work:
        root = Path(work)
        for name in ("main.typ", "lib.typ"):
            (root / name).write_bytes((templates_dir / "print" / name).read_bytes())
        _write_qr_codes(handbook, root / "qr")
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[FONT_DIR])
        timestamp = dt.datetime.combine(handbook.meta.edition, dt.time(), tzinfo=dt.UTC)
        template_bytes = b"".join((root / n).read_bytes() for n in ("main.typ", "lib.typ"))
        for document in documents:
            body = '#import "lib.typ": *\n' + "".join(typst_pieces[key] for key in layouts[document.path])
            inputs = _sys_inputs(handbook, document)
            key = _digest(template_bytes, body, json.dumps(inputs, sort_keys=True), typst.__version__)
            pdf = cache.get("pdf", key)
            if pdf is None:
                (root / "body.typ").write_text(body, encoding="utf-8")
                # A compiler per document: one compiler's memoised layouts grow with every
                # document it has seen (6.8 GB for the 10x dataset); a fresh one keeps the peak
                # at the size of the largest document.
                compiler = typst.Compiler(root / "main.typ", root=root, font_paths=fonts)
                try:
                    pdf = compiler.compile(format="pdf", sys_inputs=inputs, timestamp=timestamp)
                except typst.TypstError as error:
                    hints = " ".join(error.hints)
                    raise HandbookError(
                        [Problem(document.path, 0, "", f"typst: {error.message} {hints}".strip())], stage="export"
                    ) from None
                cache.put("pdf", key, pdf)
            pdfs[document.path] = pdf
    cache.prune()

    written = []
    for number, document in enumerate(documents, start=1):
        if progress:
            progress(number, len(documents), document.path)
        data = pdfs[document.path]
        target = out_dir / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(ExportedFile(document.path, page_count(data), len(data)))
    return written


# --- what is typeset, and of which pieces ----------------------------------------------------


def _layout(document: PrintDocument, handbook: Handbook) -> list[Key]:
    """The pieces of a typeset document, in order."""
    if document.kind == "checklists":
        return [("checklist", code) for code in document.procedures]
    keys: list[Key] = []
    for field in handbook.fields:
        codes = [c for c in document.procedures if handbook.procedure_by_code[c].field == field.id]
        tasks = tuple(t.id for t in handbook.tasks if t.id in document.tasks and t.field == field.id)
        if not codes and not tasks:
            continue
        keys.append(("chapter", field.id))
        keys += [("procedure", code) for code in codes]
        if tasks:
            keys.append(("tasks", field.id, *tasks))
    return keys


def _render_pieces(handbook: Handbook, env, keys: Iterable[Key]) -> dict[Key, str]:
    related_from = related_index(handbook)
    numbers = {field.id: number for number, field in enumerate(handbook.fields, start=1)}
    tasks_by_id = {task.id: task for task in handbook.tasks}
    procedure_template = env.get_template("procedure.md.j2")
    checklist_template = env.get_template("checklist.md.j2")
    tasks_template = env.get_template("print_tasks.md.j2")
    heading = env.from_string("# Chương {{ number }}. {{ name }} {#chuong-{{ id | safe }}}\n\n{{ description }}\n")
    pieces: dict[Key, str] = {}
    for key in sorted(keys):
        kind = key[0]
        if kind == "procedure":
            view = procedure_view(handbook, handbook.procedure_by_code[key[1]], related_from)
            pieces[key] = _shift_headings(procedure_template.render(view.context))
        elif kind == "checklist":
            view = procedure_view(handbook, handbook.procedure_by_code[key[1]], {})
            pieces[key] = checklist_template.render(view.context)
        elif kind == "chapter":
            field = handbook.field_by_id[key[1]]
            pieces[key] = heading.render(
                number=numbers[field.id], name=field.name, id=field.id, description=field.description or ""
            )
        else:
            field = handbook.field_by_id[key[1]]
            tasks = [task_view(handbook, tasks_by_id[task_id]).context for task_id in key[2:]]
            pieces[key] = tasks_template.render(field_name=field.name, field_id=field.id, tasks=tasks)
    return pieces


def _shift_headings(markdown: str) -> str:
    # Inside a chapter a procedure's title is level 2 and its a–l sections level 3. Only
    # templates write "#" at the start of a line: data text has its "#" escaped.
    return re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.M)


def _to_typst(pieces: dict[Key, str], lua_filter: Path, cache: _Cache) -> dict[Key, str]:
    """Pandoc, once for all pieces not in the cache: two processes, one per core."""
    version = pypandoc.get_pandoc_version()
    filter_bytes = lua_filter.read_bytes()
    digests = {key: _digest(version, PANDOC_FROM, filter_bytes, text) for key, text in pieces.items()}
    result: dict[Key, str] = {}
    missing = []
    for key, digest in digests.items():
        cached = cache.get("typst", digest)
        if cached is None:
            missing.append(key)
        else:
            result[key] = cached.decode("utf-8")
    halves = [missing[: len(missing) // 2], missing[len(missing) // 2 :]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for converted in pool.map(lambda keys: _pandoc(keys, pieces, lua_filter), [h for h in halves if h]):
            for key, text in converted.items():
                result[key] = text
                cache.put("typst", digests[key], text.encode("utf-8"))
    return result


def _pandoc(keys: list[Key], pieces: dict[Key, str], lua_filter: Path) -> dict[Key, str]:
    # Markers between the pieces pass through pandoc as raw Typst comments and split its output.
    markdown = "".join(f"```{{=typst}}\n// {_MARK} {n}\n```\n\n{pieces[key]}\n\n" for n, key in enumerate(keys))
    try:
        output = pypandoc.convert_text(
            markdown, "typst", format=PANDOC_FROM, extra_args=["--wrap=none", f"--lua-filter={lua_filter}"]
        )
    except RuntimeError as error:
        raise HandbookError([Problem("templates/print", 0, "", f"pandoc: {error}")], stage="export") from None
    parts = _MARK_LINE.split(output)
    # parts: [text before the first marker, n0, text0, n1, text1, ...]
    return {keys[int(parts[i])]: parts[i + 1] for i in range(1, len(parts), 2)}


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


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written by Typst: the /Count of its page tree (cheaper than parsing it)."""
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)
    if counts:
        return max(int(a or b) for a, b in counts)
    return len(PdfReader(BytesIO(pdf)).pages)


def _write_qr_codes(handbook: Handbook, folder: Path) -> None:
    folder.mkdir()
    base = handbook.meta.site_url.rstrip("/") + "/"
    for procedure in handbook.procedures:
        qr = segno.make(f"{base}thu-tuc/{procedure.code}.html", error="m")
        qr.save(str(folder / f"{procedure.code}.svg"), kind="svg", border=1, xmldecl=False)


# --- cache ------------------------------------------------------------------------------------


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class _Cache:
    """Content-addressed files; keeps only what the latest build used."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path | None:
        return self.folder / kind / key if self.folder else None

    def get(self, kind: str, key: str) -> bytes | None:
        path = self._path(kind, key)
        if path is None or not path.is_file():
            return None
        self.used.add(path)
        return path.read_bytes()

    def put(self, kind: str, key: str, data: bytes) -> None:
        path = self._path(kind, key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        self.used.add(path)

    def prune(self) -> None:
        if not self.folder or not self.folder.is_dir():
            return
        for path in self.folder.rglob("*"):
            if path.is_file() and path not in self.used:
                path.unlink()
        for path in sorted(self.folder.rglob("*"), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
