"""pdf.index: the index at the back of the book and of the level excerpts."""

from __future__ import annotations

import dataclasses

from sotay import addresses
from sotay.catalogue import print_catalogue
from sotay.pdf.index import IndexRow, IndexSection, back_index, scoped, split_index, task_citations
from sotay.pdf.plan import PrintSizes, plan_print


def documents(handbook):
    return {document.path: document for document in print_catalogue(handbook).documents}


def numbered(plan, handbook):
    """A made-up printed page for every destination a piece starts with: 10, 20, 30…"""
    pages = {}
    for number, key in enumerate(plan.book_order, start=1):
        if key[0] == "procedure":
            pages[addresses.procedure_destination(key[1])] = number * 10
        elif key[0] == "tasks":
            for offset, task in enumerate(plan.group_tasks[key]):
                pages[addresses.task_destination(task)] = number * 10 + offset
    return pages


def test_only_the_book_and_level_excerpts_have_an_index(fixture_handbook):
    scopes = {d.scope for d in print_catalogue(fixture_handbook).documents if scoped(d)}
    assert scopes == {"book", "level"}


def test_book_index_lists_procedures_by_code_then_provisional_ones_by_name(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes())
    pages = numbered(plan, fixture_handbook)
    sections = back_index(fixture_handbook, plan, documents(fixture_handbook)["pdf/so-tay-day-du.pdf"], pages)
    by_title = {section.title: section for section in sections}
    codes = by_title["Thủ tục hành chính theo mã"].rows
    assert [(row.label, row.pages) for row in codes] == [("1.000001", ((pages["1.000001"], "1.000001"),))]
    provisional = by_title["Thủ tục chưa có mã quốc gia"].rows
    assert [row.label for row in provisional] == [""]  # a provisional id is an address, not a code
    assert provisional[0].pages == ((pages["tam-tan-so-nghiep-du"], "tam-tan-so-nghiep-du"),)


def test_legal_documents_list_every_page_resting_on_them_in_page_order(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes())
    pages = numbered(plan, fixture_handbook)
    sections = back_index(fixture_handbook, plan, documents(fixture_handbook)["pdf/so-tay-day-du.pdf"], pages)
    legal = {row.label: row for row in sections[-1].rows}
    expected: dict[str, set] = {}
    for procedure in fixture_handbook.procedures:
        cited = {ref.document for ref in procedure.legal_basis}
        if procedure.transfer:
            cited.add(procedure.transfer.basis.document)
        for document in cited:
            expected.setdefault(document, set()).add((pages[procedure.code], procedure.code))
    for task in fixture_handbook.tasks:
        for document in task_citations(task):
            expected.setdefault(document, set()).add((pages[f"nhiem-vu:{task.id}"], f"nhiem-vu:{task.id}"))
    assert expected, "the fixture cites legal documents"
    for document_id, rows in expected.items():
        document = fixture_handbook.legal_by_id[document_id]
        row = legal[f"{document.kind} {document.number}"]
        assert row.pages == tuple(sorted(rows)), document_id
    assert len(legal) == len(expected)


def test_codes_sort_by_their_numbers_not_as_text(fixture_handbook):
    procedure = fixture_handbook.procedures[0]
    copies = [procedure.model_copy(update={"code": code}) for code in ("1.10", "1.9", "2.1")]
    handbook = dataclasses.replace(
        fixture_handbook,
        procedures=tuple(copies),
        procedure_by_code={p.code: p for p in copies},
    )
    plan = plan_print(handbook, PrintSizes())
    book = print_catalogue(handbook).of_scope("book")[0]
    sections = back_index(handbook, plan, book, numbered(plan, handbook))
    assert [row.label for row in sections[0].rows] == ["1.9", "1.10", "2.1"]


def test_an_excerpt_indexes_its_own_pages_only(fixture_handbook):
    plan = plan_print(fixture_handbook, PrintSizes())
    pages = numbered(plan, fixture_handbook)
    commune = documents(fixture_handbook)["pdf/cap-xa.pdf"]
    sections = back_index(fixture_handbook, plan, commune, pages)
    own = {pages[addresses.procedure_destination(c)] for c in commune.procedures}
    own |= {pages[addresses.task_destination(t)] for t in commune.tasks}
    listed = {page for section in sections for row in section.rows for page, _ in row.pages}
    assert listed and listed <= own
    assert all(row.label != "1.000001" for section in sections for row in section.rows)


def test_a_long_index_is_cut_into_parts_that_say_where_a_section_goes_on():
    def rows(count, pages=1):
        return tuple(
            IndexRow(f"1.{n}", f"Thủ tục {n}", tuple((n, f"1.{n}") for _ in range(pages))) for n in range(count)
        )

    codes = IndexSection("Thủ tục hành chính theo mã", "", "codes", rows(5))
    documents = IndexSection("Văn bản", "ghi chú", "documents", rows(2, pages=30))  # weigh 4 each
    parts = split_index((codes, documents), weight=4)
    assert [[(s["title"], s["continued"], len(s["rows"])) for s in part] for part in parts] == [
        [("Thủ tục hành chính theo mã", False, 4)],
        [("Thủ tục hành chính theo mã", True, 1)],
        [("Văn bản", False, 1)],
        [("Văn bản", True, 1)],
    ]
    # Nothing lost, nothing doubled.
    assert sum(len(s["rows"]) for part in parts for s in part) == 7
    assert split_index((codes, documents), weight=1000) == [
        [{**split_index((codes,), 1000)[0][0]}, {**split_index((documents,), 1000)[0][0]}]
    ]
