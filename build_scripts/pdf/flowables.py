"""rinohtype flowables the Party layout needs and rinohtype lacks.

``UnderruledParagraph``: text with a solid rule under it exactly as long as
the text (``ĐẢNG CỘNG SẢN VIỆT NAM`` on the first page). rinohtype has no
underline and its borders span the whole column, so the rule is drawn from
the measured width of the typeset line.
"""

from rinoh.color import BLACK
from rinoh.dimension import PT
from rinoh.paragraph import Paragraph, TextAlign

#: docutils/MyST class that selects an underruled paragraph
UNDERRULE_CLASS = "ten-dang"

RULE_GAP = 2.5  # pt between the descenders and the rule
RULE_WIDTH = 0.8  # pt


class UnderruledParagraph(Paragraph):
    def render(self, container, descender, state, space_below=0, first_line_only=False):
        result = super().render(container, descender, state, space_below=space_below, first_line_only=first_line_only)
        text_width, _, _ = result
        free = float(container.width) - text_width
        align = self.get_style("text_align", container)
        left = {TextAlign.CENTER: free / 2, TextAlign.RIGHT: free}.get(align, 0)
        y = container.cursor + RULE_GAP
        canvas = container.canvas
        with canvas.save_state():
            canvas.line_path([(left, -y), (left + text_width, -y)])
            canvas.stroke(RULE_WIDTH * PT, BLACK)
        container.advance2(RULE_GAP + RULE_WIDTH)
        return result


def upgrade_flowables(flowable):
    """Swap plain paragraphs for the special ones their class asks for."""
    stack = [flowable]
    while stack:
        item = stack.pop()
        if type(item) is Paragraph and UNDERRULE_CLASS in getattr(item, "classes", ()):
            item.__class__ = UnderruledParagraph
        children = getattr(item, "children", None)
        if isinstance(children, (list, tuple)):
            stack.extend(children)
        for attr in ("flowable", "head", "body"):
            child = getattr(item, attr, None)
            if child is not None and not callable(child):
                stack.append(child)
        if isinstance(item, list):  # table sections, rows
            stack.extend(item)
