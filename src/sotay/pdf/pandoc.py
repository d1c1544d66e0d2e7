"""Pandoc: the print Markdown of every piece → Typst, in the background, in bounded batches.

Pieces whose Typst is not in the cache go to pandoc in batches of bounded size, in book order,
two at a time, so the first chunks can be typeset while pandoc still converts the later ones.
Pandoc reads CommonMark with only the extensions the templates use: a third faster than pandoc's
own Markdown reader, and nothing in data text can turn into syntax (text.escape_pandoc escapes
every ASCII punctuation character, which CommonMark honours).
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypandoc

from ..errors import HandbookError, Problem
from .cache import CODE, Cache, digest
from .contracts import PIECE_MARKER, WIDTHS_MARKER
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
    pieces: dict[Key, str], lua_filter: Path, cache: Cache, pool: ThreadPoolExecutor, batch_characters: int
) -> Conversion:
    """Take what the cache has; submit the rest to ``pool`` in batches, in the order of ``pieces``."""
    version = pypandoc.get_pandoc_version()
    filter_bytes = lua_filter.read_bytes()
    digests = {key: digest(CODE, version, PANDOC_FROM, filter_bytes, text) for key, text in pieces.items()}
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
        converted = convert_batch({key: pieces[key] for key in batch}, lua_filter)
        for key, text in converted.items():
            cache.put("typst", digests[key], text.encode("utf-8"))
        return converted

    pending: dict[Key, Future[dict[Key, str]]] = {}
    for batch in batches:
        if batch:
            future = pool.submit(convert, batch)
            pending.update(dict.fromkeys(batch, future))
    return Conversion(ready, pending)


def convert_batch(pieces: dict[Key, str], lua_filter: Path) -> dict[Key, str]:
    """One pandoc run over several pieces, split again at the markers put between them."""
    keys = list(pieces)
    markdown = "".join(
        f"```{{=typst}}\n// {PIECE_MARKER} {number}\n```\n\n{mark_table_widths(pieces[key])}\n\n"
        for number, key in enumerate(keys)
    )
    try:
        output = pypandoc.convert_text(
            markdown, "typst", format=PANDOC_FROM, extra_args=["--wrap=none", f"--lua-filter={lua_filter}"]
        )
    except RuntimeError as error:
        raise HandbookError([Problem("templates/print", 0, "", f"pandoc báo lỗi: {error}")], stage="export") from None
    parts = _MARK_LINE.split(output)
    # parts: [text before the first marker, n0, text0, n1, text1, ...]
    return {keys[int(parts[i])]: parts[i + 1] for i in range(1, len(parts), 2)}


def mark_table_widths(markdown: str) -> str:
    """Put a raw Typst block with the column widths (WIDTHS_MARKER, read by filter.lua) before every pipe table.

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
