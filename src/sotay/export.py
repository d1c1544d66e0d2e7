"""Stage 6 — export: the PDFs (whole book, chapters, per-level excerpts, dossier checklists).

The same templates as the site, rendered in the print flavour, are converted by pandoc to
Typst and compiled by the ``typst`` library with a pinned font folder: the compiler never falls
back to whatever system font happens to be installed.

Every page is typeset once, and every PDF is assembled from typeset pages:

- the book's body is typeset in chunks (a chapter, or part of a long one: at most
  ``CHUNK_PROCEDURES`` procedures), one after another, page numbers running on across chunks;
  each procedure and each group of tasks starts on a new page, so any selection of them is a
  selection of pages;
- the checklists are typeset in chunks of ``CHUNK_CHECKLISTS``, one checklist from a new page;
- a book, a chapter and a level excerpt each get their own small front matter (cover and
  contents, numbered i, ii, …), typeset once their entries' page numbers are known;
- pikepdf (qpdf) then assembles each PDF from the front matter and the pages it holds, with its
  named destinations (``<code>``, ``<code>:<section-id>``), bookmarks and page labels. A body
  page carries the same number in the book, in its chapter and in an excerpt.

Chunks keep Typst's memory bounded by the chunk, not the book (a 3,000-page book in one compile
needed 3.8 GB). With a cache folder, a piece of pandoc output, a typeset chunk or front matter
and an assembled PDF whose inputs are unchanged are taken from the cache: editing one procedure
re-typesets its chunk (and later ones only if its page count changed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pikepdf
import pypandoc
import segno
import typst

from .errors import HandbookError, Problem
from .render import environment
from .text import format_date, show_bidi_controls
from .validate import Handbook
from .views import PrintDocument, print_documents, procedure_view, related_index, task_view

# Debian's fonts-liberation2 (2.x, complete Vietnamese). Its 1.07 namesake, pulled in by the
# chromium package, lacks most Vietnamese letters, so system fonts are ignored altogether.
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
# Pandoc reads the print Markdown as CommonMark with only the extensions the templates use: a
# third faster than pandoc's own Markdown reader, and nothing in data text can turn into syntax
# (text.escape_pandoc escapes every ASCII punctuation character, which CommonMark honours).
PANDOC_FROM = "commonmark+pipe_tables+fenced_divs+attributes+raw_attribute"
PANDOC_BATCH_CHARACTERS = 300_000
_TABLE_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
# Chunk sizes: small enough to bound Typst's memory (about 1 MB per page while compiling), large
# enough that the per-compile overhead does not matter.
CHUNK_PROCEDURES = 24
CHUNK_CHECKLISTS = 40
_MARK = "sotay-piece"
_MARK_LINE = re.compile(rf"^// {_MARK} (\d+)\n", flags=re.M)
# Contents entries are typeset as links to this private scheme and turned into jumps to the
# named destination once the body pages are in the same file.
_DEST_SCHEME = "sotay-dest:"

# Called as progress(number, total, path) before each PDF is written.
Progress = Callable[[int, int, str], None]
# A piece of print Markdown: ("chapter", field), ("procedure", code), ("tasks", field, level),
# ("checklist", code).
Key = tuple[str, ...]


@dataclass(frozen=True)
class ExportedFile:
    path: str
    pages: int
    size: int


@dataclass(frozen=True)
class _Entry:
    """A bookmark (and, at depth 1–2, a contents line): its title and named destination."""

    title: str
    dest: str
    children: tuple[_Entry, ...] = ()

    def __post_init__(self) -> None:
        # Data text: direction overrides are shown as [U+202E], as in the body (text.py).
        object.__setattr__(self, "title", show_bidi_controls(self.title))


@dataclass
class _Chunk:
    """Pieces typeset together, and what the typeset PDF holds."""

    kind: str  # "body" or "checklists"
    keys: list[Key]
    chapter: str = ""  # the running header
    first_page: int = 1
    pdf: pikepdf.Pdf | None = None
    digest: str = ""  # of the typeset PDF
    dests: dict[str, tuple[int, pikepdf.Array]] = field(default_factory=dict)  # label → (page index, dest)


@dataclass(frozen=True)
class _Span:
    """Where a piece ended up: pages [start, end) of a chunk."""

    chunk: _Chunk
    start: int
    end: int


def export_pdfs(
    handbook: Handbook,
    templates_dir: Path,
    out_dir: Path,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    timings: dict[str, float] | None = None,
) -> list[ExportedFile]:
    """Write every PDF of ``print_documents`` under ``out_dir``; ``timings`` gets seconds per phase."""
    if not (FONT_DIR / "LiberationSerif-Regular.ttf").is_file():
        raise HandbookError(
            [Problem(str(FONT_DIR), 0, "", "font missing: run `make` to install Debian's fonts-liberation2")],
            stage="export",
        )
    clock = _Clock(timings)
    cache = _Cache(cache_dir)
    plan = _Plan(handbook)
    documents = print_documents(handbook)
    with clock("render"):
        env = environment(templates_dir, "print", handbook.meta.site_url.rstrip("/") + "/")
        pieces = _render_pieces(handbook, env, plan)

    written: dict[str, ExportedFile] = {}
    lock = threading.Lock()

    def write(document: PrintDocument, front: bytes | None, spans: dict[Key, _Span]) -> None:
        pdf, pages = _assemble(handbook, document, front, plan, spans, cache)
        target = out_dir / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        with lock:
            written[document.path] = ExportedFile(document.path, pages, len(pdf))
            if progress:
                progress(len(written), len(documents), document.path)

    def checklists() -> None:
        # They do not depend on the body's page numbers: typeset and assembled beside it.
        with clock("checklists (beside the body)"):
            for chunk in plan.checklist_chunks:
                typesetter.chunk(chunk, typst_pieces)
            spans = _spans(plan.checklist_chunks, plan)
            for document in documents:
                if document.kind == "checklists":
                    write(document, None, spans)

    with (
        tempfile.TemporaryDirectory(prefix="sotay-print-") as work,
        ThreadPoolExecutor(max_workers=2) as pandoc_pool,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        typst_pieces = _TypstPieces(pieces, templates_dir / "print" / "filter.lua", cache, pandoc_pool)
        typesetter = _Typesetter(handbook, templates_dir, Path(work), cache)
        checklists_done = pool.submit(checklists)
        try:
            with clock("pandoc and typeset body"):
                first_page = 1
                for chunk in plan.body_chunks:
                    chunk.first_page = first_page
                    typesetter.chunk(chunk, typst_pieces)
                    first_page += len(chunk.pdf.pages)
            spans = _spans(plan.body_chunks, plan)
            pages = _printed_pages(plan.body_chunks)
            books = [d for d in documents if d.kind == "book"]
            with clock("typeset front matter"):
                fronts = [pool.submit(typesetter.front, d, _contents(plan.outline(d), pages)) for d in books]
                front_pdfs = [front.result() for front in fronts]
            with clock("assemble books"):
                for document, front in zip(books, front_pdfs, strict=True):
                    write(document, front, spans)
        finally:
            with clock("wait for the checklists"):
                checklists_done.result()
    cache.prune()
    return [written[document.path] for document in documents]


# --- what is typeset, in which chunks ---------------------------------------------------------


class _Plan:
    """The book's pieces in order, their chunks, and each document's pieces and bookmarks."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        numbers = {f.id: n for n, f in enumerate(handbook.fields, start=1)}
        self.chapter_titles = {f.id: f"Chương {numbers[f.id]}. {f.name}" for f in handbook.fields}
        self.task_names = {t.id: t.name for t in handbook.tasks}
        self.book_order: list[Key] = []
        self.group_tasks: dict[Key, list[str]] = {}
        for fld in handbook.fields:
            codes = [p.code for p in handbook.procedures if p.field == fld.id]
            groups = []
            for level in handbook.levels:
                tasks = [t.id for t in handbook.tasks if t.field == fld.id and t.to_level == level.id]
                if tasks:
                    groups.append(("tasks", fld.id, level.id))
                    self.group_tasks[groups[-1]] = tasks
            if codes or groups:
                self.book_order += [("chapter", fld.id), *[("procedure", c) for c in codes], *groups]
        self.body_chunks = self._split(self.book_order, CHUNK_PROCEDURES, "body")
        checklists = [("checklist", p.code) for p in handbook.procedures]
        self.checklist_chunks = self._split(checklists, CHUNK_CHECKLISTS, "checklists")

    def _split(self, keys: list[Key], limit: int, kind: str) -> list[_Chunk]:
        chunks: list[_Chunk] = []
        chapter = ""
        for key in keys:
            if key[0] == "chapter":
                chapter = self.chapter_titles[key[1]]
            if key[0] == "chapter" or not chunks or len(chunks[-1].keys) > limit:
                chunks.append(_Chunk(kind, [], chapter))
            chunks[-1].keys.append(key)
        return chunks

    def keys(self, document: PrintDocument) -> list[Key]:
        """The pieces of a document, in order."""
        if document.kind == "checklists":
            return [("checklist", code) for code in document.procedures]
        procedures, tasks = set(document.procedures), set(document.tasks)
        keys: list[Key] = []
        for key in self.book_order:
            if key[0] == "chapter":
                keys.append(key)
            elif (key[0] == "procedure" and key[1] in procedures) or (
                key[0] == "tasks" and tasks.intersection(self.group_tasks[key])
            ):
                if key[0] == "tasks" and not tasks.issuperset(self.group_tasks[key]):
                    raise ValueError(f"{document.path}: tasks of one group are typeset together: {key}")
                keys.append(key)
        # A chapter heading only where the document holds something of that chapter.
        return [
            k for i, k in enumerate(keys) if k[0] != "chapter" or (i + 1 < len(keys) and keys[i + 1][0] != "chapter")
        ]

    def label(self, key: Key) -> str:
        """The named destination a piece starts with (set by its template)."""
        kind = key[0]
        if kind == "chapter":
            return f"chuong-{key[1]}"
        if kind == "procedure":
            return key[1]
        if kind == "checklist":
            return f"phieu-{key[1]}"
        return f"nhiem-vu-{key[1]}-{key[2]}"

    def group_title(self, key: Key) -> str:
        field_name = self.handbook.field_by_id[key[1]].name
        return f"Nhiệm vụ được chuyển giao: {field_name} ({self.handbook.level_by_id[key[2]].name})"

    def outline(self, document: PrintDocument) -> list[_Entry]:
        """Bookmarks: chapters holding procedures and task groups (holding tasks); or checklists."""
        handbook = self.handbook
        entries: list[_Entry] = []
        chapter: list[_Entry] | None = None
        for key in self.keys(document):
            if key[0] == "checklist":
                entries.append(_Entry(handbook.procedure_by_code[key[1]].name, self.label(key)))
            elif key[0] == "chapter":
                chapter = []
                entries.append(_Entry(self.chapter_titles[key[1]], self.label(key)))
            else:
                if key[0] == "procedure":
                    entry = _Entry(handbook.procedure_by_code[key[1]].name, self.label(key))
                else:
                    children = tuple(_Entry(self.task_names[i], task_label(i)) for i in self.group_tasks[key])
                    entry = _Entry(self.group_title(key), self.label(key), children)
                chapter.append(entry)
                entries[-1] = _Entry(entries[-1].title, entries[-1].dest, tuple(chapter))
        return entries


def task_label(task_id: str) -> str:
    return f"nhiem-vu:{task_id}"


def _render_pieces(handbook: Handbook, env, plan: _Plan) -> dict[Key, str]:
    related_from = related_index(handbook)
    tasks_by_id = {task.id: task for task in handbook.tasks}
    procedure_template = env.get_template("procedure.md.j2")
    checklist_template = env.get_template("checklist.md.j2")
    tasks_template = env.get_template("print_tasks.md.j2")
    heading = env.from_string("# {{ title }} {#{{ label | safe }}}\n\n{{ description }}\n")
    pieces: dict[Key, str] = {}
    for chunk in plan.body_chunks + plan.checklist_chunks:
        for key in chunk.keys:
            kind = key[0]
            if kind == "procedure":
                view = procedure_view(handbook, handbook.procedure_by_code[key[1]], related_from)
                pieces[key] = _shift_headings(procedure_template.render(view.context))
            elif kind == "checklist":
                view = procedure_view(handbook, handbook.procedure_by_code[key[1]], {})
                pieces[key] = checklist_template.render(view.context)
            elif kind == "chapter":
                description = handbook.field_by_id[key[1]].description or ""
                pieces[key] = heading.render(
                    title=plan.chapter_titles[key[1]], label=plan.label(key), description=description
                )
            else:
                tasks = [
                    {**task_view(handbook, tasks_by_id[i]).context, "label": task_label(i)}
                    for i in plan.group_tasks[key]
                ]
                pieces[key] = tasks_template.render(
                    field_name=handbook.field_by_id[key[1]].name,
                    level_name=handbook.level_by_id[key[2]].name,
                    label=plan.label(key),
                    tasks=tasks,
                )
    return pieces


def _shift_headings(markdown: str) -> str:
    # Inside a chapter a procedure's title is level 2 and its a–l sections level 3. Only
    # templates write "#" at the start of a line: data text has its "#" escaped.
    return re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.M)


# --- pandoc -----------------------------------------------------------------------------------


class _TypstPieces:
    """Pandoc's Typst for every piece, converted in the background; ``get`` waits for what it needs.

    Pieces not in the cache go to pandoc in batches of bounded size, in book order, two at a
    time, so the first chunks can be typeset while pandoc still converts the later ones.
    """

    def __init__(self, pieces: dict[Key, str], lua_filter: Path, cache: _Cache, pool: ThreadPoolExecutor) -> None:
        self.pieces = pieces
        self.lua_filter = lua_filter
        self.cache = cache
        version = pypandoc.get_pandoc_version()
        filter_bytes = lua_filter.read_bytes()
        self.digests = {k: _digest(_THIS_CODE, version, PANDOC_FROM, filter_bytes, t) for k, t in pieces.items()}
        self.ready: dict[Key, str] = {}
        batches: list[list[Key]] = [[]]
        size = 0
        for key, digest in self.digests.items():
            cached = cache.get("typst", digest)
            if cached is not None:
                self.ready[key] = cached.decode("utf-8")
                continue
            # Pandoc holds its whole input's syntax tree: about 200 MB per 1 MB of Markdown, so a
            # batch is kept small enough for two to run side by side at any size of data.
            if size and size + len(pieces[key]) > PANDOC_BATCH_CHARACTERS:
                batches.append([])
                size = 0
            batches[-1].append(key)
            size += len(pieces[key])
        self.pending: dict[Key, Future[dict[Key, str]]] = {}
        for batch in batches:
            if batch:
                future = pool.submit(self._convert, batch)
                self.pending.update(dict.fromkeys(batch, future))

    def _convert(self, batch: list[Key]) -> dict[Key, str]:
        converted = _pandoc(batch, self.pieces, self.lua_filter)
        for key, text in converted.items():
            self.cache.put("typst", self.digests[key], text.encode("utf-8"))
        return converted

    def get(self, keys: list[Key]) -> list[str]:
        return [self.ready[key] if key in self.ready else self.pending[key].result()[key] for key in keys]


def _pandoc(keys: list[Key], pieces: dict[Key, str], lua_filter: Path) -> dict[Key, str]:
    # Markers between the pieces pass through pandoc as raw Typst comments and split its output.
    markdown = "".join(
        f"```{{=typst}}\n// {_MARK} {n}\n```\n\n{_mark_table_widths(pieces[key])}\n\n" for n, key in enumerate(keys)
    )
    try:
        output = pypandoc.convert_text(
            markdown, "typst", format=PANDOC_FROM, extra_args=["--wrap=none", f"--lua-filter={lua_filter}"]
        )
    except RuntimeError as error:
        raise HandbookError([Problem("templates/print", 0, "", f"pandoc: {error}")], stage="export") from None
    parts = _MARK_LINE.split(output)
    # parts: [text before the first marker, n0, text0, n1, text1, ...]
    return {keys[int(parts[i])]: parts[i + 1] for i in range(1, len(parts), 2)}


def _mark_table_widths(markdown: str) -> str:
    """Put a ``// sotay-widths`` raw block (read by filter.lua) before every pipe table.

    The templates give each column its share of the page by the dashes of the separator line;
    CommonMark tables carry no widths, so they travel beside the table.
    """
    lines = markdown.split("\n")
    output: list[str] = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line.startswith("|") and _TABLE_SEPARATOR.match(following):
            dashes = [len(cell.strip()) for cell in following.strip().strip("|").split("|")]
            if output and output[-1].strip():
                output.append("")
            output += ["```{=typst}", "// sotay-widths " + " ".join(map(str, dashes)), "```", ""]
        output.append(line)
    return "\n".join(output)


# --- Typst ------------------------------------------------------------------------------------


class _Typesetter:
    """Compiles chunks and front matter with templates/print/main.typ; thread-safe."""

    def __init__(self, handbook: Handbook, templates_dir: Path, root: Path, cache: _Cache) -> None:
        self.root = root
        self.cache = cache
        for name in ("main.typ", "lib.typ"):
            (root / name).write_bytes((templates_dir / "print" / name).read_bytes())
        self.template_bytes = b"".join((root / n).read_bytes() for n in ("main.typ", "lib.typ"))
        _write_qr_codes(handbook, root / "qr")
        self.fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[FONT_DIR])
        self.timestamp = dt.datetime.combine(handbook.meta.edition, dt.time(), tzinfo=dt.UTC)
        meta = handbook.meta
        records = list(handbook.procedures) + list(handbook.tasks)
        verified = sum(1 for record in records if record.review.status == "verified")
        self.common = {
            "publisher": meta.publisher,
            "edition": format_date(meta.edition),
            "site_url": meta.site_url.rstrip("/") + "/",
            "coverage": f"Đã rà soát {verified}/{len(records)} hồ sơ thủ tục và nhiệm vụ; "
            f"các mục còn lại được đánh dấu «Cần rà soát».",
        }
        self.handbook_title = meta.title
        self.names = iter(range(1_000_000))

    def chunk(self, chunk: _Chunk, typst_pieces: _TypstPieces) -> None:
        body = '#import "lib.typ": *\n' + "".join(typst_pieces.get(chunk.keys))
        inputs = {"kind": chunk.kind, "title": self.handbook_title, "chapter": chunk.chapter}
        if chunk.kind == "body":
            inputs["first_page"] = str(chunk.first_page)
        what = (
            f"typesetting {chunk.chapter}"
            if chunk.kind == "body"
            else f"typesetting checklists from {chunk.keys[0][1]}"
        )
        data = self._compile(body, inputs, what)
        chunk.digest = _digest(data)
        pdf = pikepdf.open(BytesIO(data))
        page_index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        dests = pdf.Root.get("/Names", {}).get("/Dests")
        chunk.pdf = pdf
        chunk.dests = {
            str(name): (page_index[dest[0].objgen], dest)
            for name, dest in (pikepdf.NameTree(dests).items() if dests is not None else [])
            if isinstance(dest, pikepdf.Array) and dest[0].objgen in page_index
        }

    def front(self, document: PrintDocument, contents: list[dict[str, str | int]]) -> bytes:
        inputs = {
            "kind": "front",
            "title": document.title,
            "subtitle": document.subtitle,
            "entries": json.dumps(contents, ensure_ascii=False),
        }
        return self._compile("", inputs, f"typesetting the front matter of {document.path}")

    def _compile(self, body: str, inputs: dict[str, str], what: str) -> bytes:
        inputs = {**self.common, **inputs}
        key = _digest(self.template_bytes, body, json.dumps(inputs, sort_keys=True), typst.__version__)
        pdf = self.cache.get("pdf", key)
        if pdf is not None:
            return pdf
        name = f"body-{next(self.names)}.typ"
        (self.root / name).write_text(body, encoding="utf-8")
        # A compiler per compile: one compiler's memoised layouts grow with everything it has
        # seen; a fresh one keeps the peak at the size of one chunk.
        compiler = typst.Compiler(self.root / "main.typ", root=self.root, font_paths=self.fonts)
        try:
            pdf = compiler.compile(format="pdf", sys_inputs={**inputs, "body": name}, timestamp=self.timestamp)
        except typst.TypstError as error:
            hints = " ".join(error.hints)
            raise HandbookError(
                [
                    Problem(
                        "templates/print/main.typ",
                        0,
                        "",
                        f"typst: {error.message} {hints}".strip() + f" (while {what})",
                    )
                ],
                stage="export",
            ) from None
        self.cache.put("pdf", key, pdf)
        return pdf


def _spans(chunks: list[_Chunk], plan: _Plan) -> dict[Key, _Span]:
    """The pages of every piece, from the named destination it starts with to the next one's."""
    spans: dict[Key, _Span] = {}
    for chunk in chunks:
        starts = []
        for key in chunk.keys:
            label = plan.label(key)
            if label not in chunk.dests:
                raise HandbookError(
                    [
                        Problem(
                            "templates/print/main.typ", 0, "", f"typst: no destination {label!r} in the typeset pages"
                        )
                    ],
                    stage="export",
                )
            starts.append(chunk.dests[label][0])
        ends = starts[1:] + [len(chunk.pdf.pages)]
        for key, start, end in zip(chunk.keys, starts, ends, strict=True):
            spans[key] = _Span(chunk, start, max(end, start + 1))
    return spans


def _page_number(span: _Span, index: int) -> int:
    return span.chunk.first_page + index


def _printed_pages(chunks: list[_Chunk]) -> dict[str, int]:
    """The printed page number of every named destination in the body."""
    return {label: chunk.first_page + index for chunk in chunks for label, (index, _dest) in chunk.dests.items()}


def _contents(outline: list[_Entry], pages: dict[str, int]) -> list[dict[str, str | int]]:
    """Contents lines (chapters, then procedures and task groups) with their printed page."""
    lines: list[dict[str, str | int]] = []
    for chapter in outline:
        lines.append({"level": 1, "title": chapter.title, "dest": chapter.dest, "page": str(pages[chapter.dest])})
        for entry in chapter.children:
            lines.append({"level": 2, "title": entry.title, "dest": entry.dest, "page": str(pages[entry.dest])})
    return lines


# --- assembly ---------------------------------------------------------------------------------


def _assemble(
    handbook: Handbook,
    document: PrintDocument,
    front: bytes | None,
    plan: _Plan,
    spans: dict[Key, _Span],
    cache: _Cache,
) -> tuple[bytes, int]:
    """One PDF: its front matter, then the pages of its pieces; returns the bytes and page count."""
    parts: list[_Span] = []
    for key in plan.keys(document):
        span = spans[key]
        if parts and parts[-1].chunk is span.chunk and parts[-1].end == span.start:
            parts[-1] = _Span(span.chunk, parts[-1].start, span.end)
        else:
            parts.append(span)
    outline = plan.outline(document)
    title = (
        document.title
        if document.kind == "book" or len(document.procedures) > 1
        else f"{document.title}: {document.subtitle}"
    )
    key = _digest(
        _THIS_CODE,
        pikepdf.__version__,
        _digest(front) if front else "",
        json.dumps([(p.chunk.digest, p.start, p.end) for p in parts]),
        repr(outline),
        title,
        handbook.meta.publisher,
        str(handbook.meta.edition),
    )
    cached = cache.get("assembled", key)
    if cached is not None:
        return cached, _pages_of(cached)

    pdf = pikepdf.open(BytesIO(front)) if front else pikepdf.new()
    front_pages = len(pdf.pages)
    for page in pdf.pages:
        _link_contents(page)
    labels: list[tuple[int, pikepdf.Dictionary]] = []
    if front_pages:
        labels.append((0, pikepdf.Dictionary(S=pikepdf.Name.r)))
    dests: dict[str, pikepdf.Object] = {}
    for part in parts:
        position = len(pdf.pages)
        pdf.pages.extend(part.chunk.pdf.pages[part.start : part.end])
        for label, (index, dest) in part.chunk.dests.items():
            if part.start <= index < part.end:
                # copy_foreign maps the source page to its copy, already made by extend.
                dests[label] = pdf.copy_foreign(dest)
        if part.chunk.kind == "body":
            labels.append((position, pikepdf.Dictionary(S=pikepdf.Name.D, St=_page_number(part, part.start))))

    _strip_structure(pdf)
    # One flat, sorted name tree (a root holding /Names, as the PDF format allows): built in one
    # go, where inserting key by key into a balanced tree grew faster than linearly.
    flat = pikepdf.Array([item for label in sorted(dests) for item in (pikepdf.String(label), dests[label])])
    pdf.Root.Names = pikepdf.Dictionary(Dests=pdf.make_indirect(pikepdf.Dictionary(Names=flat)))
    if labels:
        pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([x for pair in labels for x in pair]))
    with pdf.open_outline() as bookmarks:
        bookmarks.root.clear()
        if front_pages > 1:
            bookmarks.root.append(pikepdf.OutlineItem("Mục lục", 1))
        bookmarks.root.extend(_outline_item(entry) for entry in outline)
    pdf.Root.Lang = pikepdf.String("vi")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    stamp = handbook.meta.edition.strftime("D:%Y%m%d000000Z")
    pdf.docinfo = pdf.make_indirect(
        pikepdf.Dictionary(
            Title=pikepdf.String(title),
            Author=pikepdf.String(handbook.meta.publisher),
            Creator=pikepdf.String(f"Typst {typst.__version__}, pikepdf {pikepdf.__version__}"),
            CreationDate=pikepdf.String(stamp),
            ModDate=pikepdf.String(stamp),
        )
    )
    output = BytesIO()
    # Fixed /ID and no timestamps of its own: the same input gives the same bytes.
    pdf.save(output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = output.getvalue()
    cache.put("assembled", key, data)
    return data, len(pdf.pages)


def _link_contents(page: pikepdf.Page) -> None:
    """Contents lines link to ``sotay-dest:<label>``: make them jumps to the named destination."""
    for annotation in page.obj.get("/Annots", []):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(_DEST_SCHEME):
            annotation.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String(uri[len(_DEST_SCHEME) :]))


def _strip_structure(pdf: pikepdf.Pdf) -> None:
    # Typst tags its PDFs; a tag tree cannot follow pages cut from several files, and a broken
    # one misleads screen readers more than none. Metadata is rewritten below for the same reason.
    for name in ("/StructTreeRoot", "/MarkInfo", "/Metadata", "/Outlines", "/Names", "/PageLabels"):
        if name in pdf.Root:
            del pdf.Root[name]
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                del annotation["/StructParent"]


def _outline_item(entry: _Entry) -> pikepdf.OutlineItem:
    item = pikepdf.OutlineItem(entry.title, pikepdf.String(entry.dest))
    item.children.extend(_outline_item(child) for child in entry.children)
    return item


def _pages_of(pdf: bytes) -> int:
    with pikepdf.open(BytesIO(pdf)) as opened:
        return len(opened.pages)


def _write_qr_codes(handbook: Handbook, folder: Path) -> None:
    folder.mkdir()
    base = handbook.meta.site_url.rstrip("/") + "/"
    for procedure in handbook.procedures:
        qr = segno.make(f"{base}thu-tuc/{procedure.code}.html", error="m")
        qr.save(str(folder / f"{procedure.code}.svg"), kind="svg", border=1, xmldecl=False)


# --- timing and cache -------------------------------------------------------------------------


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            if self.timings is not None:
                self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


# Part of the cache keys of pandoc's output (the table-width marks are added here) and of the
# assembled PDFs: a change to this module must not be answered from the cache of the old one.
_THIS_CODE = _digest(Path(__file__).read_bytes())


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
