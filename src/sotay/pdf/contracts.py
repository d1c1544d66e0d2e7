"""Strings that cross languages on the way to the PDFs, each named once.

Python writes Markdown for pandoc, a Lua filter rewrites pandoc's tree, Typst typesets what pandoc
wrote, and pikepdf reads what Typst made: these values must be spelled alike on both sides of
each step. Every constant names the files that rely on it; ``WHERE_SPELLED`` lists how each file
spells it, and ``tests/pdf/test_contracts.py`` fails when one side drifts. (Page paths, anchors
and named destinations are addresses: see ``sotay.addresses``.)
"""

from __future__ import annotations

# Raw Typst comments ("// sotay-piece 3") put between the pieces of one pandoc batch and split
# out of pandoc's output again. Relied on by: pdf/pandoc.py (writes and splits; pandoc passes raw
# Typst blocks through unchanged).
PIECE_MARKER = "sotay-piece"

# Column widths of a pipe table, from the dashes of its separator line in the templates (their
# count is each column's share of the page): CommonMark tables carry no widths, so pdf/pandoc.py
# writes them in a raw Typst block "// sotay-widths 4 30 10" before each table, which pandoc
# passes through to its output, where pdf/pandoc.py reads and removes it.
WIDTHS_MARKER = "sotay-widths"

# Contents lines are typeset as links to "sotay-dest:<named destination>" by
# templates/print/main.typ (the destination is in another file until assembly); pdf/assemble.py
# turns them into jumps to the named destination.
DEST_SCHEME = "sotay-dest:"

# QR images of the procedures' pages: drawn by pdf/typeset.py into this folder of the Typst
# workspace, named for templates/macros.md.j2 by qr_image(), loaded by #online in
# templates/print/lib.typ.
QR_FOLDER = "qr"


def qr_image(code: str) -> str:
    return f"{QR_FOLDER}/{code}.svg"


# "Cần rà soát" notices: a fenced div of this class in the print Markdown (templates/macros.md.j2),
# turned into a call of the Typst function of the same name by pdf/pandoc.py (raw Typst around
# the content, before pandoc), which templates/print/lib.typ defines.
WARNING = "warning"
# Likewise: content kept on one page (templates/procedure.md.j2, print_tasks.md.j2), smaller text
# (templates/print_chapter.md.j2), and the two-column header of a checklist
# (templates/checklist.md.j2: "columns" holding "column" divs → #columns-row in lib.typ).
KEEP = "keep"
# And what a province sets for itself, in its edition (templates/macros.md.j2, local_box).
LOCAL = "local"
COMPACT = "compact"
COLUMNS, COLUMNS_FUNCTION = "columns", "columns-row"

# Typst functions of templates/print/lib.typ that the print Markdown calls in raw Typst:
# "online" (templates/macros.md.j2), "box-tick" (templates/checklist.md.j2).
ONLINE = "online"
TICK_BOX = "box-tick"
# A line break inside a table cell: the templates write <br> (a Markdown table row is one line);
# pdf/pandoc.py turns it into this Typst call.
LINE_BREAK = "#linebreak()"

# What Typst typesets (sys.inputs.kind, read by templates/print/main.typ; sent by pdf/typeset.py).
BODY, CHECKLISTS, FRONT, BACK, CHANGES_LIST = "body", "checklists", "front", "back", "changes"

# Every sys.inputs key pdf/typeset.py sends and templates/print/main.typ and lib.typ read as
# meta.<key>. Metadata travels this way so that no data text is ever pasted into Typst source.
TYPST_INPUTS = frozenset(
    {
        "kind",
        "body",  # file name of the Typst body to include
        "first_page",  # printed number of the first body page
        "entries",  # contents lines of a front matter, or the index sections of a back matter, as JSON
        "page_prefix",  # what the page numbers of the index and of the list of changes start with
        "title",
        "subtitle",
        "chapter",  # the running header
        "publisher",
        "edition",
        "site_url",
        "coverage",  # the review figure of the document on its cover
        "numbering",  # a note under the contents of a chapter or excerpt: its page numbers are the book's
        "cover",  # "1": typeset the cover (page i) alone; the contents are typeset apart from page ii
        "contents_heading",  # "1": this part of the contents starts with its heading
        "edition_name",  # on the cover of a province's edition: "Ấn bản tỉnh …" (empty: the national one)
        "edition_lines",  # and where its dossiers are received, as a JSON list of lines (empty list: none)
    }
)

# How each file spells each contract; the test reads every file and finds every spelling.
WHERE_SPELLED: dict[str, tuple[tuple[str, str], ...]] = {
    "PIECE_MARKER": (("src/sotay/pdf/pandoc.py", "PIECE_MARKER"),),
    "WIDTHS_MARKER": (
        ("src/sotay/pdf/pandoc.py", 'f"// {WIDTHS_MARKER} "'),
        ("src/sotay/pdf/pandoc.py", 'rf"(?:// {WIDTHS_MARKER}'),
    ),
    "DEST_SCHEME": (
        ("templates/print/main.typ", f'link("{DEST_SCHEME}" + entry.dest'),
        ("templates/print/main.typ", f'link("{DEST_SCHEME}" + p.dest'),
        ("src/sotay/pdf/assemble.py", "DEST_SCHEME"),
    ),
    "QR_FOLDER": (
        ("templates/macros.md.j2", "qr_image(code)"),
        ("src/sotay/pdf/typeset.py", "qr_image(procedure.code)"),
        ("templates/print/lib.typ", "image(qr,"),
    ),
    "WARNING": (
        ("templates/macros.md.j2", f"::: {WARNING}\n"),
        ("src/sotay/pdf/pandoc.py", 'WARNING: (f"#{WARNING}[", "]")'),
        ("templates/print/lib.typ", f"#let {WARNING}(body)"),
    ),
    "KEEP": (
        ("templates/procedure.md.j2", f"::: {KEEP}\n"),
        ("templates/print_tasks.md.j2", f"::: {KEEP}\n"),
        ("src/sotay/pdf/pandoc.py", 'KEEP: (f"#{KEEP}[", "]")'),
        ("templates/print/lib.typ", f"#let {KEEP}(body)"),
    ),
    "LOCAL": (
        ("templates/macros.md.j2", f"::: {LOCAL}\n"),
        ("src/sotay/pdf/pandoc.py", 'LOCAL: (f"#{LOCAL}[", "]")'),
        ("templates/print/lib.typ", f"#let {LOCAL}(body)"),
    ),
    "COMPACT": (
        ("templates/print_chapter.md.j2", f"::: {COMPACT}\n"),
        ("src/sotay/pdf/pandoc.py", 'COMPACT: (f"#{COMPACT}[", "]")'),
        ("templates/print/lib.typ", f"#let {COMPACT}(columns: 1, body)"),
    ),
    "COLUMNS": (
        ("templates/checklist.md.j2", f":::: {COLUMNS}\n"),
        ("src/sotay/pdf/pandoc.py", 'COLUMNS: (f"#{COLUMNS_FUNCTION}(", ")")'),
        ("templates/print/lib.typ", f"#let {COLUMNS_FUNCTION}(..cells)"),
    ),
    "ONLINE": (
        ("templates/macros.md.j2", f"#{ONLINE}("),
        ("templates/print/lib.typ", f"#let {ONLINE}(page, qr)"),
    ),
    "TICK_BOX": (
        ("templates/checklist.md.j2", f"`#{TICK_BOX}`{{=typst}}"),
        ("templates/print/lib.typ", f"#let {TICK_BOX} ="),
    ),
    "BODY, CHECKLISTS, FRONT, BACK, CHANGES_LIST": tuple(
        ("templates/print/main.typ", f'kind == "{kind}"') for kind in (BODY, CHECKLISTS, FRONT, BACK, CHANGES_LIST)
    ),
}
