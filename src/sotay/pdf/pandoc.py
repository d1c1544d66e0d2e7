"""Pandoc: the print Markdown of every piece → Typst, in the background, in bounded batches.

Pieces whose Typst is not in the cache go to pandoc in batches of bounded size, in book order,
two at a time, so the first chunks can be typeset while pandoc still converts the later ones.
Pandoc reads CommonMark with only the extensions the templates use: a third faster than pandoc's
own Markdown reader, and nothing in data text can turn into syntax (text.escape_pandoc escapes
every ASCII punctuation character, which CommonMark honours; measured, the escapes cost pandoc
nothing). No pandoc filter: a Lua filter doubled pandoc's time (1.6 of 3.1 s for the shipped
book, for walking every inline and block of the tree in Lua), so what it did is done on the text
around pandoc — the templates' fenced divs become the Typst functions of lib.typ as raw Typst
before (``to_raw_typst``), table widths, alignment and empty header rows are set in pandoc's
output after (``finish_tables``).
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pypandoc

from ..errors import HandbookError, Problem
from .cache import CODE, Cache, digest
from .contracts import (
    COLUMNS,
    COLUMNS_FUNCTION,
    COMPACT,
    KEEP,
    LINE_BREAK,
    LOCAL,
    PIECE_MARKER,
    WARNING,
    WIDTHS_MARKER,
)
from .plan import Key

PANDOC_FROM = "commonmark+pipe_tables+fenced_divs+attributes+raw_attribute"
_TABLE_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_MARK_LINE = re.compile(rf"^// {PIECE_MARKER} (\d+)\n", flags=re.M)


@dataclass(frozen=True)
class Conversion:
    """Pandoc's Typst for every piece: ready from the cache, or pending in a batch."""

    ready: dict[Key, str]
    pending: dict[Key, Future[dict[Key, str]]]

    def get(self, keys: tuple[Key, ...]) -> list[str]:
        """The Typst of these pieces, waiting for the batches that convert them."""
        return [self.ready[key] if key in self.ready else self.pending[key].result()[key] for key in keys]


def start_conversion(
    pieces: dict[Key, str], cache: Cache, pool: ThreadPoolExecutor, batch_characters: int
) -> Conversion:
    """Take what the cache has; submit the rest to ``pool`` in batches, in the order of ``pieces``."""
    version = pypandoc.get_pandoc_version()
    digests = {key: digest(CODE, version, PANDOC_FROM, text) for key, text in pieces.items()}
    ready: dict[Key, str] = {}
    batches: list[list[Key]] = [[]]
    size = 0
    for key, key_digest in digests.items():
        cached = cache.get("typst", key_digest)
        if cached is not None:
            ready[key] = cached.decode("utf-8")
            continue
        if size and size + len(pieces[key]) > batch_characters:
            batches.append([])
            size = 0
        batches[-1].append(key)
        size += len(pieces[key])

    def convert(batch: list[Key]) -> dict[Key, str]:
        converted = convert_batch({key: pieces[key] for key in batch})
        for key, text in converted.items():
            cache.put("typst", digests[key], text.encode("utf-8"))
        return converted

    pending: dict[Key, Future[dict[Key, str]]] = {}
    for batch in batches:
        if batch:
            future = pool.submit(convert, batch)
            pending.update(dict.fromkeys(batch, future))
    return Conversion(ready, pending)


def convert_batch(pieces: dict[Key, str]) -> dict[Key, str]:
    """One pandoc run over several pieces, split again at the markers put between them."""
    keys = list(pieces)
    markdown = "".join(
        f"```{{=typst}}\n// {PIECE_MARKER} {number}\n```\n\n{to_raw_typst(mark_table_widths(pieces[key]))}\n\n"
        for number, key in enumerate(keys)
    )
    try:
        output = pypandoc.convert_text(markdown, "typst", format=PANDOC_FROM, extra_args=["--wrap=none"])
    except RuntimeError as error:
        raise HandbookError([Problem("templates/print", 0, "", f"pandoc báo lỗi: {error}")], stage="export") from None
    parts = _MARK_LINE.split(output)
    # parts: [text before the first marker, n0, text0, n1, text1, ...]
    return {keys[int(parts[i])]: finish_tables(parts[i + 1]) for i in range(1, len(parts), 2)}


# The fenced-div classes of the print templates and the Typst they open and close (lib.typ).
_DIVS = {
    WARNING: (f"#{WARNING}[", "]"),
    "center": ("#align(center)[", "]"),
    KEEP: (f"#{KEEP}[", "]"),
    LOCAL: (f"#{LOCAL}[", "]"),
    COMPACT: (f"#{COMPACT}[", "]"),
    f"{COMPACT} two-columns": (f"#{COMPACT}(columns: 2)[", "]"),
    COLUMNS: (f"#{COLUMNS_FUNCTION}(", ")"),
    "column": ("[", "],"),
}
_FENCE = re.compile(r"^(:{3,})[ \t]*(.*?)[ \t]*$")
# The templates write "<br>" and often a space after it, which a line break makes pointless.
_LINE_BREAK = re.compile(r"<br> *")


def to_raw_typst(markdown: str) -> str:
    """The templates' fenced divs (``::: keep`` … ``:::``) as raw Typst around their content, and
    their ``<br>`` as Typst line breaks. Data text cannot start a fence or write ``<br>``: its
    punctuation is escaped (text.escape_pandoc)."""
    output: list[str] = []
    open_divs: list[str] = []
    for line in _LINE_BREAK.sub(f"`{LINE_BREAK}`{{=typst}}", markdown).split("\n"):
        fence = _FENCE.match(line)
        if fence is None:
            output.append(line)
            continue
        if fence.group(2):
            classes = " ".join(word.lstrip(".") for word in fence.group(2).strip("{}").split())
            if classes not in _DIVS:
                message = f"lớp khối '{classes}' của mẫu in không có hàm Typst tương ứng trong lib.typ"
                raise HandbookError([Problem("templates/print", 0, "", message)], stage="export")
            open_divs.append(classes)
            typst = _DIVS[classes][0]
        elif open_divs:
            typst = _DIVS[open_divs.pop()][1]
        else:
            output.append(line)
            continue
        output += ["", "```{=typst}", typst, "```", ""]
    return "\n".join(output)


# A table as pandoc's Typst writer prints it, from the widths marker (if any) to its header row.
_TABLE = re.compile(
    rf"(?:// {WIDTHS_MARKER}(?P<widths>[ \d]*)\n\n?)?"
    r"(?P<start>#figure\(\n\s*align\(center\)\[#table\(\n\s*)columns: (?P<columns>[^\n]*),\n"
    r"(?P<indent>\s*)align: \((?P<align>[^)]*)\),\n"
    r"(?P<header>\s*table\.header\((?:\[\], )*\[\],?\),\n\s*table\.hline\(\),\n)?"
)
_STRAY_WIDTHS = re.compile(rf"^// {WIDTHS_MARKER}[ \d]*\n\n?", flags=re.M)


def finish_tables(typst: str) -> str:
    """Every table: columns as wide as the dashes of its separator line gave (WIDTHS_MARKER), cells
    aligned left unless the template said otherwise (pandoc centres the tables it wraps), and no
    header row when the template wrote an empty one (``| | |``)."""

    def table(match: re.Match) -> str:
        columns = match["columns"]
        widths = [int(number) for number in (match["widths"] or "").split()]
        count = len(match["align"].rstrip(",").split(","))
        if widths and len(widths) == count and sum(widths):
            columns = "(" + ", ".join(_percent(width / sum(widths)) for width in widths) + ")"
        align = ",".join(
            "left" if value.strip() == "auto" else value.strip() for value in match["align"].rstrip(",").split(",")
        )
        return f"{match['start']}columns: {columns},\n{match['indent']}align: ({align},),\n"

    return _STRAY_WIDTHS.sub("", _TABLE.sub(table, typst))


def _percent(share: float) -> str:
    # As pandoc prints relative widths: "25%", "33.33%".
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def mark_table_widths(markdown: str) -> str:
    """Put a raw Typst block with the column widths (WIDTHS_MARKER, read by finish_tables) before every pipe table.

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
            output += ["```{=typst}", f"// {WIDTHS_MARKER} " + " ".join(map(str, dashes)), "```", ""]
        output.append(line)
    return "\n".join(output)
