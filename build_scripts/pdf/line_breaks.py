"""Where a line of the PDF may break, and where it may not.

rinohtype breaks a line at a space, and also before every '/' (meant for long paths and
web addresses). In this report a slash sits inside dates (``25/10/2017``), document numbers
(``18-NQ/TW``) and units (``tấn/năm``), and none of these may be split; the report has no
web addresses. So :func:`no_break_at_slash` takes '/' out of rinohtype's break characters.

A spaced dash joins two words (``kinh tế - xã hội``) or two numbers (``2021 - 2025``). A line
that starts with such a dash reads as a list item, and a split range reads as two numbers.
:func:`keep_dashes_in_line` makes the space before a spaced dash a no-break space, and in a
range of numbers the space after it too: in the PDF's copy of the text, and in the HTML pages
(build_scripts.sphinx_ext.html_theme). The sources keep the text as written. For the same reason
"nhiệm kỳ 2020 - 2025" and "giai đoạn 2021 - 2025" keep the word and its years on one line
(a part's title read "…NHIỆM KỲ ⏎ 2020 - 2025").
"""

import re

from docutils import nodes

NO_BREAK_SPACE = '\N{NO-BREAK SPACE}'
DASHES = '-–—'
#: the space before a dash that has a space after it ("kinh tế - xã hội")
_SPACE_BEFORE_DASH = re.compile(rf'(?:(?<=\S)|^) (?=[{DASHES}] )')
#: the space after the dash of a number range, once the space before it is a no-break one
_SPACE_AFTER_RANGE_DASH = re.compile(rf'(?<=\d{NO_BREAK_SPACE}[{DASHES}]) (?=\d)')
#: "nhiệm kỳ" / "giai đoạn" (any case) before the years of the term: both spaces
_TERM_BEFORE_YEARS = re.compile(r'(?i)\b(nhiệm|giai) (kỳ|đoạn) (?=\d{4}\b)')


def keep_dashes_in_line(doctree):
    """No line starts with a spaced dash, and no number range is split across lines."""
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.FixedTextElement, nodes.literal)):
            continue
        value = str(text)
        if ' ' not in value:
            continue
        kept = _SPACE_BEFORE_DASH.sub(NO_BREAK_SPACE, value)
        kept = _SPACE_AFTER_RANGE_DASH.sub(NO_BREAK_SPACE, kept)
        kept = _TERM_BEFORE_YEARS.sub(rf'\1{NO_BREAK_SPACE}\2{NO_BREAK_SPACE}', kept)
        if kept != value:
            text.parent.replace(text, nodes.Text(kept))


def no_break_at_slash():
    """rinohtype no longer breaks a line before a '/' (once per process; idempotent)."""
    from rinoh import paragraph

    paragraph.WHITESPACE.pop('/', None)
