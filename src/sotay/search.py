"""Stage 3c — search: a prebuilt lunr index of every page section, inlined as a script.

The site's search must find the right procedure typed with or without diacritics, offline,
from file:// and with no worker. So the index is built here with the ``lunr`` package, using one
pipeline function, ``sotayFold`` (lowercase, strip Vietnamese diacritics, đ→d, trim punctuation
at the edges), that the page registers under the same name in lunr.js
(``templates/assets/javascripts/sotay-search.js``); the two implementations must agree, and a
test runs both on the same strings.

One search document per page section: the section heading, text and abbreviation aliases; the
first section of a page also carries the page title and codes (procedure code, legal document
number), boosted. The page assembles the results: every query word must match somewhere on
the page (in its title or any section), so a query may mix title words and section words; the
best-matching section becomes the deep link.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from lunr.builder import Builder
from lunr.pipeline import Pipeline

from . import addresses

BOOSTS = {"code": 30, "title": 10, "heading": 3, "aliases": 2, "body": 1}
# Sections left out of the index: names of other procedures would make a page match its
# relatives, source addresses are not what anyone searches for, and the summary repeats the page;
# a level's quick reference of other levels' procedures (anchors starting DESK_ANCHOR_PREFIX)
# repeats their pages too.
UNINDEXED_SECTIONS = {addresses.RELATED_SECTION, addresses.SOURCES_SECTION, addresses.SUMMARY_SECTION}

_COMBINING = re.compile("[\u0300-\u036f]")
_EDGES = re.compile(r"^[^a-z0-9]+|[^a-z0-9]+$")


def fold(text: str) -> str:
    """Lowercase and remove diacritics exactly as the page does (see sotay-search.js)."""
    text = unicodedata.normalize("NFD", text.lower())
    return _COMBINING.sub("", text).replace("đ", "d")


@functools.lru_cache(maxsize=200_000)
def fold_token(text: str) -> str:
    # Memoised: the index builder folds about 100,000 tokens of a few thousand distinct words.
    return _EDGES.sub("", fold(text))


def _sotay_fold(token, i, tokens):
    folded = fold_token(str(token))
    return token.update(lambda _string, _metadata: folded) if folded else None


Pipeline.register_function(_sotay_fold, "sotayFold")


@dataclass(frozen=True)
class PageInfo:
    """What a search result shows about its page, from the views."""

    kind: str  # procedure, task, legal, chapter, level, guide, page
    code: str = ""
    field_id: str = ""
    field_name: str = ""
    level_id: str = ""
    level_name: str = ""
    codes: tuple[str, ...] = ()
    # A page whose sections are separate things (the legal index): one result per section.
    split_sections: bool = False
    # A page that repeats other pages' text (the changes page): found by its title only, or it
    # would match every query that holds words of several procedures.
    title_only: bool = False


@dataclass
class _Section:
    anchor: str
    heading: str
    text: list[str] = field(default_factory=list)


def markdown_sections(markdown: str) -> tuple[str, list[_Section]]:
    """Page title and (anchor, heading, plain text) sections of our generated or hand-written Markdown."""
    title = ""
    sections = [_Section("", "")]
    for line in markdown.splitlines():
        heading = re.match(r"^(#{1,2}) (.*?)(?:\s*\{#([^}]*)\})?\s*$", line)
        if heading and heading.group(1) == "#" and not title:
            title = plain_text(heading.group(2))
            continue
        if heading and heading.group(1) == "##":
            sections.append(_Section((heading.group(3) or "").strip(), plain_text(heading.group(2))))
            continue
        text = plain_text(line)
        if text:
            sections[-1].text.append(text)
    return title, [s for s in sections if s.text or s.heading]


# Compiled once: plain_text runs on every line of every page.
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*")
_ATTRIBUTES = re.compile(r"\{[:.#][^}]*\}")
_ADDRESS = re.compile(r"https?://[^\s)\]|]+")
_ADMONITION = re.compile(r'^!!! \w+(?: "([^"]*)")?')
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BREAK = re.compile(r"<br\s*/?>")
_ESCAPE = re.compile(r"\\(.)")
_MARKER = re.compile(r"^\s*(?:[-*]|\d+\.|#{3,6})\s+")
_SPACES = re.compile(r"\s+")
# lunr's own tokenizer walks every character in Python (half the index's time); the same split,
# at the same separators, made by one regular expression, handed to it as a list of words.
_WORD = re.compile(r"[^ \t\n\r\f\v\xa0-]+")


def words(text: str) -> list[str]:
    """``text`` cut into words exactly where lunr.tokenizer cuts it (lower-cased by lunr)."""
    return _WORD.findall(text)


def plain_text(line: str) -> str:
    if _TABLE_RULE.fullmatch(line) or line.startswith("```"):
        return ""  # table separators, code fences
    line = _ATTRIBUTES.sub(" ", line)  # attribute lists
    line = _ADDRESS.sub(" ", line)  # addresses
    line = _ADMONITION.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)  # links keep their text
    line = _BREAK.sub(" ", line)
    line = _ESCAPE.sub(r"\1", line)
    line = line.replace("**", " ").replace("`", " ").replace("|", " ")
    line = _MARKER.sub("", line)
    return _SPACES.sub(" ", html.unescape(line)).strip()


class Vocabulary:
    """Everyday words, abbreviations and other spellings of the handbook's terms (data/vocabulary.yaml).

    A section holding a term is also found by its everyday forms, and one holding an everyday
    form by the term: "máy chụp" finds "X-quang", "UBND" finds "ủy ban nhân dân" and back.
    """

    def __init__(self, pairs: list[tuple[str, list[str]]]) -> None:
        self.entries = []
        for term, everyday in pairs:
            forms = [fold(term), *(fold(word) for word in everyday)]
            patterns = [re.compile(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])") for form in forms]
            self.entries.append((forms, patterns))

    def aliases(self, folded_text: str) -> list[str]:
        # Punctuation does not separate a term from itself: "tiêu chuẩn, đo lường, chất lượng".
        folded_text = re.sub(r"[^a-z0-9&]+", " ", folded_text)
        found: list[str] = []
        for forms, patterns in self.entries:
            # The substring test first: most forms are in no section, and it is far cheaper.
            present = [
                form
                for form, pattern in zip(forms, patterns, strict=True)
                if form in folded_text and pattern.search(folded_text)
            ]
            if present:
                found += [word for form in forms if form not in present for word in re.findall(r"[a-z0-9&]+", form)]
        return found


def build_search_script(pages: dict[str, str], infos: dict[str, PageInfo], vocabulary: Vocabulary | None = None) -> str:
    """The JavaScript that defines ``window.SOTAY_SEARCH``: the serialized index and result data.

    ``pages`` are Markdown by docs path; a page's title is its first heading.
    """
    vocabulary = vocabulary or Vocabulary([])
    builder = Builder()
    builder.pipeline.add(_sotay_fold)
    builder.search_pipeline.add(_sotay_fold)
    builder.ref("id")
    for name, boost in BOOSTS.items():
        builder.field(name, boost=boost)

    page_rows: list[list[Any]] = []
    doc_rows: list[list[Any]] = []
    for path in sorted(pages):
        info = infos.get(path, PageInfo(kind="page"))
        title, sections = markdown_sections(pages[path])
        sections = [
            s
            for s in sections
            if s.anchor not in UNINDEXED_SECTIONS and not s.anchor.startswith(addresses.DESK_ANCHOR_PREFIX)
        ]
        if info.title_only:
            sections = [_Section("", "")]
        title = title or path
        url = addresses.published(path)
        entries: list[tuple[str, str, list[_Section], tuple[str, ...]]]
        if info.split_sections:
            entries = [(f"{url}#{s.anchor}", s.heading, [s], (s.heading,)) for s in sections if s.anchor]
        else:
            entries = [(url, title, sections, info.codes)]
        for page_url, page_title, page_sections, codes in entries:
            page_index = len(page_rows)
            shown_code = info.code or (page_title if info.split_sections else "")
            page_rows.append(
                [
                    page_url,
                    page_title,
                    info.kind,
                    shown_code,
                    info.field_id,
                    info.field_name,
                    info.level_id,
                    info.level_name,
                ]
            )
            # Codes are exact tokens (not split at "-"), so "133/2025" finds "133/2025/NĐ-CP" as a prefix.
            code_tokens = sorted({fold_token(c) for code in codes for c in code.split() if fold_token(c)})
            for number, section in enumerate(page_sections):
                body = " ".join(section.text)
                doc_id = str(len(doc_rows))
                anchor = "" if info.split_sections else section.anchor
                doc_rows.append([page_index, anchor, section.heading])
                first = number == 0
                builder.add(
                    {
                        "id": doc_id,
                        "title": words(page_title if first else ""),
                        "heading": words(section.heading),
                        "body": words(body),
                        "code": code_tokens if first else [],
                        "aliases": vocabulary.aliases(
                            fold(" ".join([page_title if first else "", section.heading, body]))
                        ),
                    }
                )
    index = builder.build().serialize()
    # Two decimals are plenty to rank by and keep the script small.
    index["fieldVectors"] = [
        [ref, [value if i % 2 == 0 else round(value, 2) for i, value in enumerate(vector)]]
        for ref, vector in index["fieldVectors"]
    ]
    data = {"index": index, "pages": page_rows, "docs": doc_rows}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.SOTAY_SEARCH={payload};\n"
