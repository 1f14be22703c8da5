"""The rinohtype document template of a Party report (Báo cáo Chính trị).

One document part (the body); no cover page, no table of contents, no
chapter title pages. Page 1 has no page number; the other pages carry the
number centred in the top margin. (The draft watermark is added to the
written PDF by :mod:`.pdf_post`.)

Margins, paper, strings and the style sheet are set in
``templates/rinoh/bao_cao.rtt``; only behaviour lives here.
"""

from rinoh.attribute import OverrideDefault
from rinoh.color import BLACK
from rinoh.dimension import Dimension, MM, PT
from rinoh.layout import CONTENT, FlowablesContainerBase, FootnoteContainer
from rinoh.reference import Field, PAGE_NUMBER
from rinoh.template import (BodyPage, BodyPageTemplate, ContentsPartTemplate,
                            DocumentTemplate, Option)
from rinoh.text import StyledText

from .language import VI

__all__ = ['BaoCao', 'BaoCaoPageTemplate', 'BaoCaoPage']

OVERFLOW_FUZZ = 1e-6     # pt
# While a line allocates room for its footnote, rinohtype has taken the line's descender
# back (paragraph.py, Line.typeset) and re-adds it after the check; a note that leaves less
# than the descender fails that re-add (AssertionError). Demand this much room instead: more
# than any descender of the report's faces and sizes, so the line moves to the next page.
FOOTNOTE_LINE_RESERVE = 6.0  # pt


class BaoCaoPageTemplate(BodyPageTemplate):
    """Body page: page number top centre from page 2, footnote separator."""

    footnote_rule_length = Option(
        Dimension, 50 * MM,
        'Length of the rule above the footnotes (0 for none)')

    def page(self, document_part, page_number, chain):
        return BaoCaoPage(document_part, self, page_number, chain)

    def new_chapter_page(self, document_part, page_number, chain):
        return self.page(document_part, page_number, chain)


class FootnoteSpace(FootnoteContainer):
    """rinohtype's footnote area, made reliable for long footnotes.

    rinohtype 0.5.6 reserves room for a note while it typesets the line that
    references it (allocation), then flows the notes again when the page is
    placed, for every marker registered on the page. Two faults make the
    placed notes overflow the page (``AssertionError`` in ``flow_footnotes``):
    a note that did not fit stays in the page's list and leaves the
    "flowing" flag set, so later notes are accepted unchecked; and a line
    typeset on this page but then moved on (it did not fit, or its paragraph
    was kept with the next one) leaves its marker registered here.

    Here a note that does not fit is taken off the page, and placing a page
    flows exactly the notes that were allocated on it, in order.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allocated = []

    def add_footnote(self, footnote, preallocate):
        if not preallocate:                     # placing the page
            if self._allocation_phase:
                self.footnotes = list(self.allocated)
                self._flowing_footnotes = True
                try:
                    assert self.flow_footnotes(preallocate)
                finally:
                    self._flowing_footnotes = False
            return True
        self.footnotes.append(footnote)
        if self._flowing_footnotes:             # a note referenced from a note
            return True
        self._flowing_footnotes = True
        self.page.reserve_for_line = FOOTNOTE_LINE_RESERVE
        try:
            fits = self.flow_footnotes(preallocate)
        finally:
            self._flowing_footnotes = False
            self.page.reserve_for_line = None
        if fits:
            if footnote not in self.allocated:
                self.allocated.append(footnote)
        else:
            index = len(self.footnotes) - 1 - self.footnotes[::-1].index(footnote)
            del self.footnotes[index]
            if self._reflowed:                  # undo the failed attempt's space
                self._cursor.addends.pop()
                self._descenders.pop()
                self._reflowed = False
        return fits


class BaoCaoPage(BodyPage):
    configuration_class = BaoCaoPageTemplate

    def __init__(self, document_part, template, page_number, chain):
        super().__init__(document_part, template, page_number, chain)
        self.footnote_space.__class__ = FootnoteSpace
        self.footnote_space.allocated = []

    reserve_for_line = None

    def check_overflow(self):
        """rinohtype's check, but a column filled exactly to the bottom is
        not an overflow (lines are accepted when they fit exactly). While a
        footnote is allocated, the text column must keep room for the
        referencing line's descender (see FOOTNOTE_LINE_RESERVE)."""
        reserve = self.reserve_for_line

        def fits(container):
            if isinstance(container, FlowablesContainerBase):
                if reserve is not None and not isinstance(container, FootnoteContainer):
                    # every container the referencing line may sit in (a list
                    # item's or a table cell's inline container included)
                    if container.remaining_height < -OVERFLOW_FUZZ:
                        return False
                    if container.type is CONTENT and container.remaining_height < reserve:
                        return False
                elif container.type is CONTENT and container.remaining_height <= -OVERFLOW_FUZZ:
                    return False
            return all(fits(child) for child in container.children)
        return all(fits(child) for child in self.children)

    def get_header_footer_contenttop(self):
        header, footer, content_top = super().get_header_footer_contenttop()
        if self.number == 1:        # first page: the letterhead, no number
            header = None
        return header, footer, content_top

    def place(self):
        # rinohtype's Page.place, with the rule drawn after the footnotes are
        # flowed for good (before_placing clears and refills their container)
        self.before_placing()
        self._draw_footnote_rule()
        self.place_children()
        self.canvas.place_annotations()

    def _draw_footnote_rule(self):
        length = float(self.get_option('footnote_rule_length'))
        space = self.footnote_space
        if not length or not space.children or not float(space.height):
            return
        canvas = space.canvas
        with canvas.save_state():
            canvas.line_path([(0, 2), (length, 2)])  # 2 pt above the notes
            canvas.stroke(0.5 * PT, BLACK)


class BaoCao(DocumentTemplate):
    """Báo cáo Chính trị: the body only, Vietnamese strings."""

    language = OverrideDefault(VI)
    parts = OverrideDefault(['contents'])

    contents = ContentsPartTemplate(page_number_format='number')

    page = BaoCaoPageTemplate(header_text=Field(PAGE_NUMBER),
                              footer_text=None)
    contents_page = BaoCaoPageTemplate(base='page')

    def _get_backend_metadata(self):
        result = super()._get_backend_metadata()
        for key in ('subject', 'keywords'):
            value = self.metadata.get(key)
            if value:
                if isinstance(value, StyledText):
                    value = value.to_string(None)
                result[key] = ' '.join(str(value).split())
        return result

