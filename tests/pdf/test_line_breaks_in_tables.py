"""A term and its years stay on one line in the text, but not in a table cell: in the review
report's narrow "Vị trí" column, «Nhiệm kỳ 2020 - 2025,» as one unbreakable item was wider than
the column, and rinohtype stopped the PDF ("item too long to fit on line")."""

from __future__ import annotations

from docutils import nodes
from docutils.utils import new_document

from build_scripts.pdf.line_breaks import keep_dashes_in_line

NBSP = "\u00a0"
TEXT = "Nhiệm kỳ 2020 - 2025, kinh tế - xã hội"


def _doctree() -> nodes.document:
    doc = new_document("test")
    doc += nodes.paragraph(TEXT, TEXT)
    table, tgroup, tbody, row = nodes.table(), nodes.tgroup(cols=1), nodes.tbody(), nodes.row()
    tgroup += nodes.colspec(colwidth=1)
    entry = nodes.entry()
    entry += nodes.paragraph(TEXT, TEXT)
    row += entry
    tbody += row
    tgroup += tbody
    table += tgroup
    doc += table
    return doc


def test_the_term_keeps_its_years_in_the_text_but_may_break_in_a_table_cell():
    doc = _doctree()
    keep_dashes_in_line(doc)
    in_text, in_cell = (p.astext() for p in doc.findall(nodes.paragraph))
    assert in_text == f"Nhiệm{NBSP}kỳ{NBSP}2020{NBSP}-{NBSP}2025, kinh tế{NBSP}- xã hội"
    # in a cell: the range and the spaced dash still kept, the term free to break before its years
    assert in_cell == f"Nhiệm kỳ 2020{NBSP}-{NBSP}2025, kinh tế{NBSP}- xã hội"
