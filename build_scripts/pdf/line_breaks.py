"""Where a line of the PDF may break, and where it may not.

rinohtype breaks a line at a space, and also before every '/' (meant for long paths and
web addresses). In this report a slash sits inside dates (``25/10/2017``), document numbers
(``18-NQ/TW``) and units (``tấn/năm``), and none of these may be split; the report has no
web addresses. So :func:`no_break_at_slash` takes '/' out of rinohtype's break characters.

The spaced dashes and number ranges keep their words on one line as in the HTML
(:mod:`build_scripts.core.no_break_spaces`): :func:`keep_dashes_in_line` applies that rule to a doctree.
"""

from docutils import nodes

from build_scripts.core.no_break_spaces import keep_dashes


def keep_dashes_in_line(doctree):
    """No line starts with a spaced dash, and no number range is split across lines."""
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.FixedTextElement, nodes.literal)):
            continue
        value = str(text)
        kept = keep_dashes(value, with_term=not _in_table(text))
        if kept != value:
            text.parent.replace(text, nodes.Text(kept))


def _in_table(node) -> bool:
    while node is not None:
        if isinstance(node, nodes.entry):
            return True
        node = node.parent
    return False


def no_break_at_slash():
    """rinohtype no longer breaks a line before a '/' (once per process; idempotent)."""
    from rinoh import paragraph

    paragraph.WHITESPACE.pop("/", None)
