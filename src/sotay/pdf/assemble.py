"""Assembly: every PDF made from typeset pages with pikepdf (qpdf), no page typeset twice.

A PDF is its front matter (if a book) followed by the pages of its pieces, cut from the chunks
they were typeset in, with its named destinations (``<code>``, ``<code>:<section-id>``, …),
bookmarks, page labels (a body page keeps its printed number in every PDF) and metadata.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from io import BytesIO

import pikepdf
import typst

from .. import addresses
from ..catalogue import PrintDocument
from ..errors import HandbookError, Problem
from ..model import Handbook
from .cache import CODE, Cache, digest
from .contracts import BODY, CHANGES_LIST, DEST_SCHEME
from .index import INDEX_PAGE_PREFIX, INDEX_TITLE
from .plan import Entry, Key, PrintPlan, label
from .typeset import CHANGES_PAGE_PREFIX, TypesetChunk


@dataclass(frozen=True)
class Span:
    """Where a piece ended up: pages [start, end) of a chunk."""

    chunk: TypesetChunk
    start: int
    end: int


def spans(chunks: list[TypesetChunk]) -> dict[Key, Span]:
    """The pages of every piece, from the named destination it starts with to the next one's."""
    found: dict[Key, Span] = {}
    for chunk in chunks:
        starts = []
        for key in chunk.plan.keys:
            if label(key) not in chunk.dests:
                message = f"Typst: không có đích '{label(key)}' trong các trang đã dàn"
                raise HandbookError([Problem("templates/print/main.typ", 0, "", message)], stage="export")
            starts.append(chunk.dests[label(key)][0])
        ends = starts[1:] + [len(chunk.pdf.pages)]
        for key, start, end in zip(chunk.plan.keys, starts, ends, strict=True):
            found[key] = Span(chunk, start, max(end, start + 1))
    return found


def printed_pages(chunks: list[TypesetChunk]) -> dict[str, int]:
    """The printed page number of every named destination in the body."""
    return {label: chunk.first_page + index for chunk in chunks for label, (index, _dest) in chunk.dests.items()}


def contents(outline: list[Entry], pages: dict[str, int]) -> list[dict[str, str | int]]:
    """Contents lines (chapters, then procedures and task groups) with their printed page."""
    lines: list[dict[str, str | int]] = []
    for chapter in outline:
        lines.append({"level": 1, "title": chapter.title, "dest": chapter.dest, "page": str(pages[chapter.dest])})
        for entry in chapter.children:
            lines.append({"level": 2, "title": entry.title, "dest": entry.dest, "page": str(pages[entry.dest])})
    return lines


def assemble(
    handbook: Handbook,
    document: PrintDocument,
    front: list[bytes],
    plan: PrintPlan,
    pieces: dict[Key, Span],
    cache: Cache,
    back: list[bytes] | None = None,
    changes: list[Span] | None = None,
) -> tuple[bytes, int]:
    """One PDF: its front matter, the list of changes (the book and its own PDF), the pages of its
    pieces, its index (front matter and index each typeset in one or more parts); returns the bytes
    and page count."""
    back = back or []
    parts: list[Span] = list(changes or [])
    for key in plan.keys(document):
        span = pieces[key]
        if parts and parts[-1].chunk is span.chunk and parts[-1].end == span.start:
            parts[-1] = Span(span.chunk, parts[-1].start, span.end)
        else:
            parts.append(span)
    outline = plan.outline(document)
    single = document.kind == "checklists" and len(document.procedures) == 1
    title = f"{document.title}: {document.subtitle}" if single else document.title
    key = digest(
        CODE,
        pikepdf.__version__,
        *(digest(part) for part in front),
        "back",
        *(digest(part) for part in back),
        json.dumps([(p.chunk.digest, p.start, p.end) for p in parts]),
        repr(outline),
        title,
        handbook.meta.publisher,
        str(handbook.meta.edition),
    )
    cached = cache.get("assembled", key)
    if cached is not None:
        return cached, page_count(cached)

    pdf = pikepdf.open(BytesIO(front[0])) if front else pikepdf.new()
    for part in front[1:]:
        with pikepdf.open(BytesIO(part)) as more:
            pdf.pages.extend(more.pages)
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
        for name, (index, dest) in part.chunk.dests.items():
            if part.start <= index < part.end:
                # copy_foreign maps the source page to its copy, already made by extend.
                dests[name] = pdf.copy_foreign(dest)
        if part.chunk.plan.kind == BODY:
            labels.append((position, pikepdf.Dictionary(S=pikepdf.Name.D, St=part.chunk.first_page + part.start)))
        elif part.chunk.plan.kind == CHANGES_LIST:
            first = part.chunk.first_page + part.start
            prefix = pikepdf.String(CHANGES_PAGE_PREFIX)
            labels.append((position, pikepdf.Dictionary(S=pikepdf.Name.D, P=prefix, St=first)))
    if back:
        position = len(pdf.pages)
        for part in back:
            with pikepdf.open(BytesIO(part)) as index:
                pdf.pages.extend(index.pages)
        for page in pdf.pages[position:]:
            _link_contents(page)
        first = pdf.pages[position].obj
        dests[addresses.INDEX_DESTINATION] = pikepdf.Array([first, pikepdf.Name.XYZ, None, None, None])
        prefix = pikepdf.String(INDEX_PAGE_PREFIX)
        labels.append((position, pikepdf.Dictionary(S=pikepdf.Name.D, P=prefix, St=1)))

    _strip_structure(pdf)
    # One flat, sorted name tree (a root holding /Names, as the PDF format allows): built in one
    # go, where inserting key by key into a balanced tree grew faster than linearly.
    flat = pikepdf.Array([item for name in sorted(dests) for item in (pikepdf.String(name), dests[name])])
    pdf.Root.Names = pikepdf.Dictionary(Dests=pdf.make_indirect(pikepdf.Dictionary(Names=flat)))
    if labels:
        pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([x for pair in labels for x in pair]))
    with pdf.open_outline() as bookmarks:
        bookmarks.root.clear()
        if front_pages > 1 and outline:
            bookmarks.root.append(pikepdf.OutlineItem("Mục lục", 1))
        if changes:
            bookmarks.root.append(pikepdf.OutlineItem("Những điểm mới", pikepdf.String(addresses.CHANGES_DESTINATION)))
        bookmarks.root.extend(_outline_item(entry) for entry in outline)
        if back:
            bookmarks.root.append(pikepdf.OutlineItem(INDEX_TITLE, pikepdf.String(addresses.INDEX_DESTINATION)))
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


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    names = pdf.Root.get("/Names", {}).get("/Dests")
    return {str(name): dest for name, dest in pikepdf.NameTree(names).items()} if names is not None else {}


def _link_contents(page: pikepdf.Page) -> None:
    """Contents lines link to DEST_SCHEME + label: make them jumps to the named destination."""
    for annotation in page.obj.get("/Annots", []):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(DEST_SCHEME):
            annotation.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String(uri[len(DEST_SCHEME) :]))


def _strip_structure(pdf: pikepdf.Pdf) -> None:
    # Typst tags its PDFs; a tag tree cannot follow pages cut from several files, and a broken
    # one misleads screen readers more than none. Metadata is rewritten for the same reason.
    for name in ("/StructTreeRoot", "/MarkInfo", "/Metadata", "/Outlines", "/Names", "/PageLabels"):
        if name in pdf.Root:
            del pdf.Root[name]
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                del annotation["/StructParent"]


def _outline_item(entry: Entry) -> pikepdf.OutlineItem:
    item = pikepdf.OutlineItem(entry.title, pikepdf.String(entry.dest))
    item.children.extend(_outline_item(child) for child in entry.children)
    return item


def page_count(pdf: bytes) -> int:
    with pikepdf.open(BytesIO(pdf)) as opened:
        return len(opened.pages)
