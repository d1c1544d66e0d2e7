"""Vietnamese text helpers shared by the views: ASCII slugs, dates, money, durations, escaping."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from markupsafe import Markup

# đ/Đ have no Unicode decomposition, so NFD alone would drop them from a slug ("Đăng" → "ang").
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "D"})

UNIT_NAMES = {"working_day": "ngày làm việc", "calendar_day": "ngày", "month": "tháng"}


def fold(text: str) -> str:
    """Remove diacritics: 'Đăng ký' → 'Dang ky'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str) -> str:
    """An ASCII anchor or file name: 'Đo lường, chất lượng' → 'do-luong-chat-luong'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def format_date(value: dt.date) -> str:
    """Dates on screen are dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def format_number(value: int) -> str:
    """1000000 → '1.000.000' (dot thousand separators, as Vietnamese write numbers)."""
    return f"{value:,}".replace(",", ".")


def format_money(amount: int) -> str:
    """250000 → '250.000 đồng' (dot thousand separators, as the portals write)."""
    return format_number(amount) + " đồng"


def format_count(value: int) -> str:
    """Counts under ten get a leading zero, as official texts write them: 5 → '05'."""
    return f"{value:02d}"


def format_duration(value: int, unit: str) -> str:
    """(5, 'working_day') → '05 ngày làm việc'."""
    return f"{format_count(value)} {UNIT_NAMES[unit]}"


def sum_durations(durations: list[tuple[int, str]]) -> str:
    """Add durations per unit: working days first, then calendar days, then months."""
    totals: dict[str, int] = {}
    for value, unit in durations:
        totals[unit] = totals.get(unit, 0) + value
    parts = [format_duration(totals[unit], unit) for unit in UNIT_NAMES if unit in totals]
    return " + ".join(parts)


# Directional embeddings, overrides and isolates reorder the text around them (U+202E turns
# "Đảo" into "oảĐ" on screen and in print): a spoofing tool, never needed in Vietnamese. They are
# shown as visible markers instead of being obeyed or dropped.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show_bidi_controls(text: str) -> str:
    return _BIDI_CONTROLS.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


# Python-Markdown honours a backslash only before these characters (plus "|" once the tables
# extension is on); a backslash before anything else would show up on the page.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(text: str) -> Markup:
    """Data text → Markdown that shows exactly that text, on one logical line.

    Markdown syntax (lists, emphasis, links, ``{#id}`` attributes, admonitions) is
    backslash-escaped and HTML is entity-escaped, so ``<script>`` is shown, never run.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", show_bidi_controls(text.strip()))
    escaped = re.sub(r"[&<>]", lambda match: _HTML_SPECIAL[match.group()], escaped)
    # A line break in a data value must not end a table row or start a new block.
    escaped = re.sub(r"[ \t]*\n\s*", "<br>", escaped)
    return Markup(escaped)


_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def escape_pandoc(text: str) -> Markup:
    """Data text → pandoc Markdown that shows exactly that text (print flavour).

    Pandoc honours a backslash before any ASCII punctuation, so all of it is escaped: no
    citation (@), math ($), sub/superscript (~ ^), fenced div (:::) or raw TeX can arise.
    Line breaks become ``<br>``, which pdf/pandoc.py turns into a Typst line break.
    """
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", show_bidi_controls(text.strip()))
    escaped = re.sub(r"[ \t]*\n\s*", "<br>", escaped)
    return Markup(escaped)
