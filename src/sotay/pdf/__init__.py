"""Stage 6 — export: every PDF of the print catalogue, each page typeset once.

    plan (plan.py) → print Markdown (pieces.py) → Typst (pandoc.py, in the background)
        → typeset chunks and front matter (typeset.py) → assembled PDFs (assemble.py)

The body is typeset chunk after chunk, page numbers running on; the checklists, which do not
depend on the body's page numbers, are typeset and assembled in a second thread beside it; each
book, chapter and excerpt then gets its front matter (cover and contents, numbered i, ii, …) once
its entries' page numbers are known, the book and the level excerpts an index at the back
(index.py, pages CM-1, CM-2, …), and is assembled. Typst and pandoc release the interpreter
lock, so the two threads and pandoc's two processes keep two cores busy. Everything typeset or
converted is cached by content (cache.py): an edit re-typesets only the chunk that holds it.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import addresses
from ..catalogue import Catalogue, PrintDocument
from ..model import Handbook
from .assemble import Span, assemble, contents, page_count, printed_pages, spans
from .cache import Cache
from .contracts import CHANGES_LIST
from .index import INDEX_PAGE_PREFIX, INDEX_TITLE, back_index, scoped, split_index
from .pandoc import Conversion, start_conversion
from .pieces import render_pieces
from .plan import ChunkPlan, Key, PrintPlan, PrintSizes, plan_print
from .typeset import CHANGES_PAGE_PREFIX, Typesetter, TypstWorkers, check_fonts, prepare_workspace

CHANGES_TITLE = "Những điểm mới"

__all__ = ["ExportedFile", "PrintSizes", "Progress", "export_pdfs"]

# Called as progress(number, total, path) after each PDF is written.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportedFile:
    path: str
    pages: int
    size: int


def export_pdfs(
    handbook: Handbook,
    catalogue: Catalogue,
    templates_dir: Path,
    out_dir: Path,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    sizes: PrintSizes | None = None,
    timings: dict[str, float] | None = None,
) -> list[ExportedFile]:
    """Write every PDF of ``catalogue`` under ``out_dir``; ``timings`` gets seconds per phase."""
    check_fonts()
    clock = _Clock(timings)
    cache = Cache(cache_dir)
    sizes = sizes or PrintSizes()
    plan = plan_print(handbook, sizes)
    with clock("render"):
        pieces = render_pieces(handbook, templates_dir, plan)
    writer = _Writer(handbook, plan, cache, out_dir, progress, len(catalogue.documents))

    with (
        tempfile.TemporaryDirectory(prefix="sotay-print-") as workspace,
        ThreadPoolExecutor(max_workers=2) as pandoc_pool,
        ThreadPoolExecutor(max_workers=2) as pool,
        TypstWorkers() as workers,
    ):
        prepare_workspace(handbook, templates_dir, Path(workspace))
        typesetter = Typesetter(Path(workspace), handbook, cache, workers)
        typst = start_conversion(pieces, cache, pandoc_pool, sizes.pandoc_characters)
        checklists = pool.submit(_checklists, typesetter, typst, plan, catalogue, writer, clock)
        # The list of changes does not depend on the body's page numbers either: typeset once, beside it.
        changes = pool.submit(_changes, typesetter, typst, pieces) if handbook.changes is not None else None
        written: list[ExportedFile] = []
        try:
            with clock("pandoc and typeset body"):
                body, first_page = [], 1
                for chunk_plan in plan.body_chunks:
                    body.append(typesetter.chunk(chunk_plan, typst.get(chunk_plan.keys), first_page))
                    first_page += len(body[-1].pdf.pages)
            body_spans, pages = spans(body), printed_pages(body)
            books = catalogue.of_kind("book")
            with clock("typeset front and back matter"):
                indexes = {d.path: back_index(handbook, plan, d, pages) for d in books if scoped(d)}
                backs = {
                    path: pool.submit(_back, typesetter, d, split_index(sections, sizes.index_weight))
                    for d in books
                    if (path := d.path) in indexes and (sections := indexes[path])
                }
                fronts = [
                    pool.submit(
                        _front,
                        typesetter,
                        d,
                        _contents(plan, d, pages, d.path in backs, changes is not None),
                        sizes.contents_lines,
                    )
                    for d in books
                ]
                front_pdfs = [front.result() for front in fronts]
                back_pdfs = {path: back.result() for path, back in backs.items()}
                changes_spans = changes.result() if changes is not None else []
            with clock("assemble books"):
                written += [
                    writer.write(d, front, body_spans, back_pdfs.get(d.path, []), _with_changes(d, changes_spans))
                    for d, front in zip(books, front_pdfs, strict=True)
                ]
        finally:
            with clock("wait for the checklists"):
                written += checklists.result()
    cache.prune()
    by_path = {item.path: item for item in written}
    return [by_path[document.path] for document in catalogue.documents]


def _contents(
    plan: PrintPlan, document: PrintDocument, pages: dict[str, int], indexed: bool, changed: bool
) -> list[dict]:
    """The contents lines of a book: the list of changes (the whole book), its outline, its index."""
    lines = contents(plan.outline(document), pages)
    if changed and document.scope == "book":
        first = f"{CHANGES_PAGE_PREFIX}1"
        lines.insert(0, {"level": 1, "title": CHANGES_TITLE, "dest": addresses.CHANGES_DESTINATION, "page": first})
    if indexed:
        first = f"{INDEX_PAGE_PREFIX}1"
        lines.append({"level": 1, "title": INDEX_TITLE, "dest": addresses.INDEX_DESTINATION, "page": first})
    return lines


def _changes(typesetter: Typesetter, typst: Conversion, pieces: dict[Key, str]) -> list[Span]:
    """The list of changes, typeset once (in parts, numbered on): the pages the book and its own
    PDF put after their contents."""
    spans, first_page = [], 1
    for key in sorted((key for key in pieces if key[0] == "changes"), key=lambda key: int(key[1])):
        chunk = typesetter.chunk(ChunkPlan(CHANGES_LIST, (key,), CHANGES_TITLE), typst.get((key,)), first_page)
        spans.append(Span(chunk, 0, len(chunk.pdf.pages)))
        first_page += len(chunk.pdf.pages)
    return spans


def _with_changes(document: PrintDocument, changes: list[Span]) -> list[Span]:
    return changes if document.scope in ("book", "changes") else []


def _front(typesetter: Typesetter, document: PrintDocument, lines: list[dict], limit: int) -> list[bytes]:
    """The cover, then the contents in parts of at most ``limit`` lines, numbered on.

    Typeset apart, so that the contents (most of the work) are shared by every province's
    edition, whose covers alone differ."""
    parts = [None, *((start, lines[start : start + limit]) for start in range(0, len(lines), limit))]
    return _numbered_on(
        parts,
        lambda part, first_page: (
            typesetter.cover(document)
            if part is None
            else typesetter.contents(document, part[1], first_page, heading=part[0] == 0)
        ),
    )


def _back(typesetter: Typesetter, document: PrintDocument, parts: list[list[dict]]) -> list[bytes]:
    """The index, typeset in parts numbered on."""
    return _numbered_on(
        parts, lambda part, first_page: typesetter.back(document, part, INDEX_TITLE, INDEX_PAGE_PREFIX, first_page)
    )


def _numbered_on(parts: list, typeset: Callable[[object, int], bytes]) -> list[bytes]:
    """Each part typeset in turn, its pages numbered on from the previous part's."""
    typeset_parts, first_page = [], 1
    for part in parts:
        typeset_parts.append(typeset(part, first_page))
        first_page += page_count(typeset_parts[-1])
    return typeset_parts


def _checklists(
    typesetter: Typesetter,
    typst: Conversion,
    plan: PrintPlan,
    catalogue: Catalogue,
    writer: _Writer,
    clock: _Clock,
) -> list[ExportedFile]:
    """The checklists do not depend on the body's page numbers: typeset and assembled beside it.

    Two chunks at a time: when the body comes from the cache (a province's edition, whose
    checklists name its own centre), the checklists are all that is left to typeset, and the
    second Typst worker would otherwise wait.
    """
    with clock("checklists (beside the body)"), ThreadPoolExecutor(max_workers=2) as pool:
        chunks = list(pool.map(lambda chunk: typesetter.chunk(chunk, typst.get(chunk.keys), 1), plan.checklist_chunks))
        checklist_spans = spans(chunks)
        return [writer.write(document, [], checklist_spans) for document in catalogue.of_kind("checklists")]


class _Writer:
    """Assembles a document, writes it under ``out_dir`` and reports progress (from either thread)."""

    def __init__(
        self, handbook: Handbook, plan: PrintPlan, cache: Cache, out_dir: Path, progress: Progress | None, total: int
    ) -> None:
        self.handbook, self.plan, self.cache, self.out_dir = handbook, plan, cache, out_dir
        self.progress, self.total = progress, total
        self._done = 0
        self._lock = threading.Lock()

    def write(
        self,
        document: PrintDocument,
        front: list[bytes],
        pieces: dict[Key, Span],
        back: list[bytes] | None = None,
        changes: list[Span] | None = None,
    ) -> ExportedFile:
        pdf, pages = assemble(self.handbook, document, front, self.plan, pieces, self.cache, back, changes)
        target = self.out_dir / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        with self._lock:
            self._done += 1
            if self.progress:
                self.progress(self._done, self.total, document.path)
        return ExportedFile(document.path, pages, len(pdf))


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
