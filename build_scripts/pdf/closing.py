"""The closing of the report (recipients and signature) keeps with the text before it.

The closing is the ``ket-van-ban`` table (templates/snippets/ket_van_ban.md.j2). When it does
not fit at the foot of a page, rinohtype moves it alone to the next page, and a page with only
the signature on it reads as torn from another document. This transform marks the block just
before the closing with the class ``giu-voi-ket``; the PDF style sheet keeps that block with
the next one (``keep_with_next``), so the last paragraph moves with the signature.
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform

from build_scripts.core.report_structure import CLOSING_CLASS  # the closing's table, named once

KEEP_CLASS = "giu-voi-ket"


class KeepClosingWithText(SphinxTransform):
    """Add ``giu-voi-ket`` to the body element right before each ``ket-van-ban`` table."""

    default_priority = 800

    def apply(self, **kwargs):
        for table in self.document.findall(nodes.table):
            if CLOSING_CLASS not in table["classes"]:
                continue
            before = table.previous_sibling()
            if isinstance(before, nodes.Element) and KEEP_CLASS not in before["classes"]:
                before["classes"].append(KEEP_CLASS)
