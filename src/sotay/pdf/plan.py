"""What is typeset, in which order and chunks, and what each PDF takes from it: pure data.

The book's body is a sequence of pieces: per chapter its heading, its procedures, then its
transferred tasks grouped by receiving level. Each piece starts on a new page, so any PDF of the
catalogue (a chapter, a level's excerpt) is a selection of the book's pages. The body is
typeset in chunks (a chapter, or part of a long one), the checklists likewise.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import addresses
from ..catalogue import PrintDocument
from ..model import Handbook
from ..text import show_bidi_controls
from ..views.desk import desk_title
from .contracts import BODY, CHECKLISTS

# A piece of print Markdown: ("guide", page) (the book and level excerpts), ("desk", level) (the
# quick reference of other levels' procedures: the book and that level's excerpt), ("chapter", field),
# ("procedure", code), ("tasks", field, level), ("appendix", "sources") (the whole book only),
# ("checklist", code).
Key = tuple[str, ...]
SOURCES_APPENDIX: Key = ("appendix", "sources")
SOURCES_APPENDIX_TITLE = "Phụ lục. Nguồn tư liệu"
# What changed since the previous edition: typeset once, put after the front matter of the book and
# of its own PDF (numbered ĐM-1, ĐM-2…, so the body's page numbers do not move), in parts of at
# most PrintSizes.changes_records records: ("changes", "0"), ("changes", "1")…


def changes_key(number: int) -> Key:
    return ("changes", str(number))


# Pieces that stand on their own, like a chapter: a top-level bookmark, a chunk of their own.
STANDALONE = ("guide", "desk", "appendix")


@dataclass(frozen=True)
class PrintSizes:
    """How much goes into one Typst compile and one pandoc run.

    Small enough to bound memory (a Typst compile of 12 procedures peaks at 0.5–0.65 GB; pandoc
    takes about 200 MB per 1 MB of Markdown, and two run side by side), large enough that per-run
    overhead does not matter. These three sizes change no page: tests typeset with the smallest
    and compare. (Set for the 10× dataset to stay under 2 GB in all: see BENCHMARKS.md.)
    """

    chunk_procedures: int = 12
    chunk_checklists: int = 40
    pandoc_characters: int = 150_000
    # Parts of the documents that grow with the whole dataset: the 10× book's contents, index and
    # list of changes took 1.1–1.3 GB each in one compile. Unlike the sizes above, these cut pages
    # (each part starts a new page); the shipped data fits in one part of each (index weight 171,
    # about 150 contents lines, 152 changed records). An index row weighs 1, plus 1 for every 10
    # page numbers it lists (links cost Typst more than text).
    contents_lines: int = 400
    index_weight: int = 250
    changes_records: int = 200


@dataclass(frozen=True)
class ChunkPlan:
    """Pieces typeset together in one compile."""

    kind: str  # contracts.BODY or contracts.CHECKLISTS
    keys: tuple[Key, ...]
    chapter: str  # the running header


@dataclass(frozen=True)
class Entry:
    """A bookmark (and, at depth 1–2, a contents line): its title and named destination."""

    title: str
    dest: str
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class PrintPlan:
    book_order: tuple[Key, ...]
    body_chunks: tuple[ChunkPlan, ...]
    checklist_chunks: tuple[ChunkPlan, ...]
    changes_records: int  # PrintSizes.changes_records
    # The tasks each ("tasks", field, level) piece holds.
    group_tasks: dict[Key, tuple[str, ...]]
    # Bookmark and contents titles: of every piece, and of every task inside a group.
    titles: dict[Key, str]
    task_titles: dict[str, str]

    def keys(self, document: PrintDocument) -> list[Key]:
        """The pieces of a document, in order."""
        if document.kind == "checklists":
            return [("checklist", code) for code in document.procedures]
        procedures, tasks = set(document.procedures), set(document.tasks)
        keys: list[Key] = []
        for key in self.book_order:
            if key[0] == "chapter":
                keys.append(key)
            elif key[0] == "appendix" and document.scope == "book":
                keys.append(key)
            elif key[0] == "guide" and document.scope in ("book", "level"):
                keys.append(key)
            elif key[0] == "desk" and (document.scope == "book" or document.level == key[1]):
                keys.append(key)
            elif key[0] == "procedure" and key[1] in procedures:
                keys.append(key)
            elif key[0] == "tasks" and tasks.intersection(self.group_tasks[key]):
                if not tasks.issuperset(self.group_tasks[key]):
                    raise ValueError(f"{document.path}: tasks of one group are typeset together: {key}")
                keys.append(key)
        # A chapter heading only where the document holds something of that chapter.
        return [
            k
            for i, k in enumerate(keys)
            if k[0] != "chapter" or (i + 1 < len(keys) and keys[i + 1][0] not in STANDALONE + ("chapter",))
        ]

    def outline(self, document: PrintDocument) -> list[Entry]:
        """Bookmarks: chapters holding procedures and task groups (holding tasks); or checklists."""
        entries: list[Entry] = []
        chapter: list[Entry] = []
        for key in self.keys(document):
            entry = Entry(self.titles[key], label(key))
            if key[0] in STANDALONE + ("checklist",):
                entries.append(entry)
            elif key[0] == "chapter":
                chapter = []
                entries.append(entry)
            else:
                if key[0] == "tasks":
                    tasks = self.group_tasks[key]
                    children = tuple(Entry(self.task_titles[t], addresses.task_destination(t)) for t in tasks)
                    entry = Entry(entry.title, entry.dest, children)
                chapter.append(entry)
                entries[-1] = Entry(entries[-1].title, entries[-1].dest, tuple(chapter))
        return entries


def label(key: Key) -> str:
    """The named destination a piece starts with (written by its template)."""
    kind = key[0]
    if kind == "chapter":
        return addresses.chapter_destination(key[1])
    if kind == "procedure":
        return addresses.procedure_destination(key[1])
    if kind == "checklist":
        return addresses.checklist_destination(key[1])
    if kind == "appendix":
        return addresses.SOURCES_APPENDIX_DESTINATION
    if kind == "guide":
        return addresses.guide_destination(key[1])
    if kind == "desk":
        return addresses.desk_destination(key[1])
    if kind == "changes":
        return addresses.CHANGES_DESTINATION
    return addresses.task_group_destination(key[1], key[2])


def chapter_titles(handbook: Handbook) -> dict[str, str]:
    return {field.id: f"Chương {number}. {field.name}" for number, field in enumerate(handbook.fields, start=1)}


def group_title(handbook: Handbook, field_id: str, level_id: str) -> str:
    field, level = handbook.field_by_id[field_id], handbook.level_by_id[level_id]
    return f"Nhiệm vụ được chuyển giao: {field.name} ({level.name})"


def plan_print(handbook: Handbook, sizes: PrintSizes) -> PrintPlan:
    groups = handbook.groups
    chapters = chapter_titles(handbook)
    # The hand-written guide chapters open the book and every level's excerpt.
    book_order: list[Key] = [("guide", name) for name in handbook.guide_pages if name in handbook.guide_texts]
    # Then the quick references a level's desk answers from (data/levels.yaml desk_reference).
    book_order += [
        ("desk", level.id)
        for level in handbook.levels
        if any(groups.procedures_by_level.get(other) for other in level.desk_reference)
    ]
    group_tasks: dict[Key, tuple[str, ...]] = {}
    for field in handbook.fields:
        codes = [p.code for p in groups.procedures_by_field.get(field.id, ())]
        task_groups = []
        for level in handbook.levels:
            tasks = groups.tasks_by_field_level.get((field.id, level.id), ())
            if tasks:
                key = ("tasks", field.id, level.id)
                task_groups.append(key)
                group_tasks[key] = tuple(task.id for task in tasks)
        if codes or task_groups:
            book_order += [("chapter", field.id), *(("procedure", code) for code in codes), *task_groups]
    if any(record.sources for record in (*handbook.procedures, *handbook.tasks)):
        book_order.append(SOURCES_APPENDIX)
    checklists = [("checklist", p.code) for p in handbook.procedures]

    # Titles are data text: direction overrides are shown as [U+202E], as in the body (text.py).
    titles: dict[Key, str] = {}
    for key in [*book_order, *checklists]:
        if key[0] == "chapter":
            title = chapters[key[1]]
        elif key[0] == "guide":
            title = handbook.guide_titles.get(key[1], key[1])
        elif key[0] == "desk":
            title = desk_title(handbook, key[1])
        elif key[0] == "appendix":
            title = SOURCES_APPENDIX_TITLE
        elif key[0] == "tasks":
            title = group_title(handbook, key[1], key[2])
        else:
            title = handbook.procedure_by_code[key[1]].name
        titles[key] = show_bidi_controls(title)
    headers = {**chapters, **{f"{key[0]}:{key[1]}": titles[key] for key in book_order if key[0] in ("guide", "desk")}}
    return PrintPlan(
        book_order=tuple(book_order),
        body_chunks=_split(book_order, sizes.chunk_procedures, BODY, headers),
        checklist_chunks=_split(checklists, sizes.chunk_checklists, CHECKLISTS, chapters),
        changes_records=sizes.changes_records,
        group_tasks=group_tasks,
        titles=titles,
        task_titles={task.id: show_bidi_controls(task.name) for task in handbook.tasks},
    )


def _split(keys: list[Key], limit: int, kind: str, chapters: dict[str, str]) -> tuple[ChunkPlan, ...]:
    """Chunks of at most ``limit + 1`` pieces; a chapter heading always starts a new chunk."""
    chunks: list[tuple[str, list[Key]]] = []
    chapter = ""
    for key in keys:
        if key[0] == "chapter":
            chapter = chapters[key[1]]
        elif key[0] in ("guide", "desk"):
            chapter = chapters[f"{key[0]}:{key[1]}"]
        elif key[0] == "appendix":
            chapter = SOURCES_APPENDIX_TITLE
        if key[0] in STANDALONE + ("chapter",) or not chunks or len(chunks[-1][1]) > limit:
            chunks.append((chapter, []))
        chunks[-1][1].append(key)
    return tuple(ChunkPlan(kind, tuple(members), header) for header, members in chunks)
