"""Typst: typeset chunks of the body, chunks of checklists and front matter into PDF pages.

Every compile uses templates/print/main.typ (the page design) and lib.typ in a workspace folder
that also holds the QR codes, with the pinned font folder only: the compiler never falls back to
whatever system font happens to be installed. Metadata reaches Typst as ``sys.inputs``
(contracts.TYPST_INPUTS), never pasted into Typst source.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import queue
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf
import segno
import typst

from .. import addresses
from ..catalogue import PrintDocument
from ..errors import HandbookError, Problem
from ..model import Handbook
from ..text import format_date
from ..typst_worker import FONT_DIR, compile_typst, leave_ctrl_c
from ..views.local import cover_lines
from .cache import Cache, digest
from .contracts import BACK, BODY, CHANGES_LIST, CHECKLISTS, FRONT, TYPST_INPUTS, qr_image
from .plan import ChunkPlan

TYPST_FILES = ("main.typ", "lib.typ")


@dataclass(frozen=True)
class TypesetChunk:
    """A typeset chunk: its pages, and the page index of every named destination in it."""

    plan: ChunkPlan
    first_page: int  # printed number of its first page (body chunks)
    pdf: pikepdf.Pdf
    digest: str  # of the PDF's bytes
    dests: dict[str, tuple[int, pikepdf.Array]]  # label → (page index, destination)


def check_fonts() -> None:
    if not (FONT_DIR / "LiberationSerif-Regular.ttf").is_file():
        problem = Problem(
            str(FONT_DIR), 0, "", "thiếu phông chữ: hãy chạy `make` để cài gói fonts-liberation2 của Debian"
        )
        raise HandbookError([problem], stage="export")


def prepare_workspace(handbook: Handbook, templates_dir: Path, root: Path) -> None:
    """Copy the page design into ``root`` and draw every procedure's QR code there."""
    for name in TYPST_FILES:
        (root / name).write_bytes((templates_dir / "print" / name).read_bytes())
    site_url = handbook.site_address
    for procedure in handbook.procedures if site_url else ():
        target = root / qr_image(procedure.code)
        target.parent.mkdir(exist_ok=True)
        qr = segno.make(addresses.public_url(site_url, addresses.procedure_page(procedure.code)), error="m")
        qr.save(str(target), kind="svg", border=1, xmldecl=False)


def common_inputs(handbook: Handbook) -> dict[str, str]:
    """What every compile is told: publisher, edition, site address."""
    meta = handbook.meta
    return {"publisher": meta.publisher, "edition": format_date(meta.edition), "site_url": handbook.site_address or ""}


def coverage_line(verified: int, records: int) -> str:
    """The review figure a cover states, for the records its document holds."""
    return f"Đã rà soát {verified}/{records} hồ sơ thủ tục và nhiệm vụ; các mục còn lại được đánh dấu «Cần rà soát»."


# The list of changes is typeset once for the book and its own PDF, after their contents, so its
# pages are numbered on their own: ĐM-1, ĐM-2…
CHANGES_PAGE_PREFIX = "ĐM-"

# Under the contents of a chapter or an excerpt: its pages keep the whole book's numbers.
BOOK_NUMBERING = "Số trang ghi theo bản đầy đủ của sổ tay, để mọi bản in cùng một số trang."


class Typesetter:
    """Compiles with the workspace made by ``prepare_workspace``; safe to call from several threads."""

    def __init__(self, root: Path, handbook: Handbook, cache: Cache, workers: TypstWorkers | None = None) -> None:
        self.root = root
        self.cache = cache
        self.design = b"".join((root / name).read_bytes() for name in TYPST_FILES)
        self.workers = workers  # None: compile in this process (small documents, tests)
        self.timestamp = dt.datetime.combine(handbook.meta.edition, dt.time(), tzinfo=dt.UTC)
        self.common = {**common_inputs(handbook), "title": handbook.meta.title}
        self.changes_summary = handbook.changes.summary() if handbook.changes else ""
        self.edition_name = handbook.edition.title if handbook.edition else ""
        self.edition_lines = json.dumps(cover_lines(handbook), ensure_ascii=False)
        self.verified = {
            record_id: record.review.status == "verified"
            for record_id, record in (*handbook.procedure_by_code.items(), *handbook.task_by_id.items())
        }

    def chunk(self, plan: ChunkPlan, typst_pieces: list[str], first_page: int) -> TypesetChunk:
        body = '#import "lib.typ": *\n' + "".join(typst_pieces)
        inputs = {"kind": plan.kind, "chapter": plan.chapter}
        if plan.kind in (BODY, CHANGES_LIST):
            inputs["first_page"] = str(first_page)
        if plan.kind == CHANGES_LIST:
            inputs["page_prefix"] = CHANGES_PAGE_PREFIX
        if plan.kind == CHECKLISTS:
            what = f"dàn trang phiếu từ {plan.keys[0][1] if plan.keys else ''}"
        else:
            what = f"dàn trang {plan.chapter}"
        data = self._compile(body, inputs, what)
        pdf = pikepdf.open(BytesIO(data))
        page_index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        names = pdf.Root.get("/Names", {}).get("/Dests")
        dests = {
            str(name): (page_index[dest[0].objgen], dest)
            for name, dest in (pikepdf.NameTree(names).items() if names is not None else [])
            if isinstance(dest, pikepdf.Array) and dest[0].objgen in page_index
        }
        return TypesetChunk(plan, first_page, pdf, digest(data), dests)

    def cover(self, document: PrintDocument) -> bytes:
        """The cover, page i: the only front page that names a province's edition."""
        records = (*document.procedures, *document.tasks)
        coverage = coverage_line(sum(self.verified[record] for record in records), len(records))
        if document.scope == "changes":
            coverage = self.changes_summary[:1].upper() + self.changes_summary[1:] + "."
        inputs = {
            **self._front_inputs(document, [], 1),
            "cover": "1",
            "contents_heading": "",
            "subtitle": document.subtitle,
            "coverage": coverage,
            "edition_name": self.edition_name,
            "edition_lines": self.edition_lines,
        }
        return self._compile("", inputs, f"dàn trang bìa của {document.path}")

    def contents(
        self, document: PrintDocument, lines: list[dict[str, str | int]], first_page: int, heading: bool
    ) -> bytes:
        """Contents lines from page ``first_page`` on (roman numerals), the first part under the heading.

        Nothing here depends on the edition: the same contents are typeset once for every province."""
        inputs = {**self._front_inputs(document, lines, first_page), "cover": "", "subtitle": "", "coverage": ""}
        inputs["contents_heading"] = "1" if heading else ""
        inputs.update(edition_name="", edition_lines="[]")
        return self._compile("", inputs, f"dàn trang mục lục của {document.path}")

    def _front_inputs(self, document: PrintDocument, lines: list[dict[str, str | int]], first_page: int) -> dict:
        return {
            "kind": FRONT,
            "title": document.title,
            "entries": json.dumps(lines, ensure_ascii=False),
            "numbering": BOOK_NUMBERING if document.scope in ("chapter", "level") else "",
            "first_page": str(first_page),
        }

    def back(
        self, document: PrintDocument, sections: list[dict[str, object]], title: str, prefix: str, first_page: int = 1
    ) -> bytes:
        """(Part of) the index after the body: ``sections`` as made by index.split_index, pages ``prefix``
        ``first_page``, ``first_page`` + 1…"""
        inputs = {
            "kind": BACK,
            "title": title,
            "chapter": title,
            "page_prefix": prefix,
            "first_page": str(first_page),
            "entries": json.dumps(sections, ensure_ascii=False),
        }
        return self._compile("", inputs, f"dàn trang chỉ mục của {document.path}")

    def _compile(self, body: str, inputs: dict[str, str], what: str) -> bytes:
        inputs = {**self.common, **inputs}
        key = digest(self.design, body, json.dumps(inputs, sort_keys=True), typst.__version__)
        pdf = self.cache.get("pdf", key)
        if pdf is not None:
            return pdf
        name = f"body-{key[:32]}.typ"
        # Written under a private name and renamed: another thread may be typesetting the same body.
        temporary = self.root / f"{name}.{threading.get_ident()}.tmp"
        temporary.write_text(body, encoding="utf-8")
        os.replace(temporary, self.root / name)
        sys_inputs = {**inputs, "body": name}
        assert set(sys_inputs) <= TYPST_INPUTS, set(sys_inputs) - TYPST_INPUTS
        if self.workers is None:
            pdf, error, _resident = compile_typst(str(self.root), sys_inputs, self.timestamp)
        else:
            pdf, error = self.workers.compile(str(self.root), sys_inputs, self.timestamp)
        if pdf is None:
            message = f"Typst báo lỗi: {error} (khi {what})"
            raise HandbookError([Problem("templates/print/main.typ", 0, "", message)], stage="export") from None
        self.cache.put("pdf", key, pdf)
        return pdf


# Typst keeps its memoised layouts in caches global to the process (typst-py evicts only what the
# last 10 compiles did not use), and the process keeps the memory: typesetting the whole book in
# one process kept every chunk's layouts (2.6 GB at 1×, 12 GB at 10×). Compiles therefore run in
# worker processes, and a worker that holds more than WORKER_BUDGET after a compile is replaced.
WORKER_BUDGET = 300 * 1024 * 1024


class TypstWorkers:
    """Two worker processes (the two cores), each replaced when it has grown past WORKER_BUDGET.

    Each worker is a one-process pool of its own, so that the one that grew can be replaced
    alone; compiles wait for a free worker.
    """

    def __init__(self, count: int = 2, budget: int | None = None) -> None:
        self.budget = budget or WORKER_BUDGET
        self._context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self._free: queue.Queue[ProcessPoolExecutor] = queue.Queue()
        self._all: list[ProcessPoolExecutor] = []
        self._lock = threading.Lock()
        for _ in range(count):
            self._free.put(self._start())

    def _start(self) -> ProcessPoolExecutor:
        worker = ProcessPoolExecutor(max_workers=1, mp_context=self._context, initializer=leave_ctrl_c)
        with self._lock:
            self._all.append(worker)
        return worker

    def compile(self, root: str, sys_inputs: dict[str, str], timestamp: dt.datetime) -> tuple[bytes | None, str]:
        worker = self._free.get()
        try:
            pdf, error, resident = worker.submit(compile_typst, root, sys_inputs, timestamp).result()
        except BaseException:
            self._free.put(self._replace(worker))
            raise
        self._free.put(self._replace(worker) if resident > self.budget else worker)
        return pdf, error

    def _replace(self, worker: ProcessPoolExecutor) -> ProcessPoolExecutor:
        worker.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            self._all.remove(worker)
        return self._start()

    def __enter__(self) -> TypstWorkers:
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            worker.shutdown(wait=True, cancel_futures=True)
