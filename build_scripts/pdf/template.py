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
from rinoh.dimension import MM, PT, Dimension
from rinoh.layout import CONTENT, FlowablesContainerBase, FootnoteContainer
from rinoh.reference import PAGE_NUMBER, Field
from rinoh.template import BodyPage, BodyPageTemplate, ContentsPartTemplate, DocumentTemplate, Option
from rinoh.text import StyledText

from build_scripts.pdf.language import VI

__all__ = ["BaoCao", "BaoCaoPageTemplate", "BaoCaoPage"]

OVERFLOW_FUZZ = 1e-6  # pt


class BaoCaoPageTemplate(BodyPageTemplate):
    """Body page: page number top centre from page 2, footnote separator."""

    footnote_rule_length = Option(Dimension, 50 * MM, "Length of the rule above the footnotes (0 for none)")

    def page(self, document_part, page_number, chain):
        return BaoCaoPage(document_part, self, page_number, chain)

    def new_chapter_page(self, document_part, page_number, chain):
        return self.page(document_part, page_number, chain)


class BaoCaoPage(BodyPage):
    configuration_class = BaoCaoPageTemplate

    reserve_for_line = None

    def check_overflow(self):
        """rinohtype's check, but a column filled exactly to the bottom is
        not an overflow (lines are accepted when they fit exactly). While a
        footnote is allocated, the text column must keep room for the
        referencing line's descender (build_scripts.pdf.footnote_fix.LINE_RESERVE)."""
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
        if self.number == 1:  # first page: the letterhead, no number
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
        length = float(self.get_option("footnote_rule_length"))
        space = self.footnote_space
        if not length or not space.children or not float(space.height):
            return
        canvas = space.canvas
        with canvas.save_state():
            # at the top of the notes' area: the first note's line spacing sets it off from
            # the notes, and the text above ends RULE_ROOM over it (footnote_fix)
            canvas.line_path([(0, 0), (length, 0)])
            canvas.stroke(0.5 * PT, BLACK)


class BaoCao(DocumentTemplate):
    """Báo cáo Chính trị: the body only, Vietnamese strings."""

    language = OverrideDefault(VI)
    parts = OverrideDefault(["contents"])

    contents = ContentsPartTemplate(page_number_format="number")

    page = BaoCaoPageTemplate(header_text=Field(PAGE_NUMBER), footer_text=None)
    contents_page = BaoCaoPageTemplate(base="page")

    def _get_backend_metadata(self):
        result = super()._get_backend_metadata()
        for key in ("subject", "keywords"):
            value = self.metadata.get(key)
            if value:
                if isinstance(value, StyledText):
                    value = value.to_string(None)
                result[key] = " ".join(str(value).split())
        return result
