"""pdf.pandoc: print Markdown → Typst through the real pandoc, without a filter."""

from __future__ import annotations

import pytest

from sotay.errors import HandbookError
from sotay.pdf.pandoc import convert_batch, to_raw_typst
from sotay.text import escape_pandoc


def typst_of(markdown: str) -> str:
    return convert_batch({("piece",): markdown})[("piece",)]


def test_fenced_divs_become_the_typst_functions_of_lib_typ_and_nest():
    output = typst_of("::: keep\nA\n\n::: warning\nB\n:::\n:::\n\n::: {.compact .two-columns}\nC\n:::\n")
    assert output.index("#keep[") < output.index("#warning[") < output.index("B") < output.index("C")
    assert "#compact(columns: 2)[" in output
    # Every opening has its closing: the Typst compiles only if the brackets balance.
    assert output.count("[") == output.count("]")


def test_a_checklist_header_becomes_a_row_of_columns():
    output = typst_of(":::: columns\n::: column\nA\n:::\n::: column\nB\n:::\n::::\n")
    assert "#columns-row(" in output and output.count("],") == 2


def test_an_unknown_class_is_a_template_error_not_silence():
    with pytest.raises(HandbookError, match="mystery"):
        to_raw_typst("::: mystery\nA\n:::\n")


def test_data_text_cannot_open_a_div_or_write_typst():
    hostile = escape_pandoc("::: keep\n<br> ```{=typst}\n#panic()\n```")
    output = typst_of(hostile)
    assert "#keep[" not in output
    assert "#panic()" not in output.replace("\\#panic()", "")  # shown, escaped, never run
    # The data's own line breaks are line breaks; its "<br>" is text.
    assert output.count("#linebreak()") == 3 and "\\<br\\>" in output


def test_tables_take_their_widths_align_left_and_drop_an_empty_header():
    output = typst_of("| | |\n| ---- | ------------ |\n| a | b<br> c |\n\n| H1 | H2 |\n| -- | -- |\n| x | y |\n")
    first, second = output.split("#figure(")[1:]
    assert "columns: (25%, 75%)," in first and "align: (left,left,)," in first
    assert "table.header" not in first and "b#linebreak()c" in first
    assert "columns: (50%, 50%)," in second and "table.header([H1], [H2],)" in second
    assert "sotay-widths" not in output
