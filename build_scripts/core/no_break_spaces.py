"""Where a line may not break, in the PDF and the HTML alike.

A spaced dash joins two words (``kinh tế - xã hội``) or two numbers (``2021 - 2025``). A line
that starts with such a dash reads as a list item, and a split range reads as two numbers.
:func:`keep_dashes` makes the space before a spaced dash a no-break space, and in a range of
numbers the space after it too. "nhiệm kỳ 2020 - 2025" and "giai đoạn 2021 - 2025" keep the
word and its years on one line (a part's title read "…NHIỆM KỲ ⏎ 2020 - 2025").
"""

import re

NO_BREAK_SPACE = "\N{NO-BREAK SPACE}"
DASHES = "-–—"
#: the space before a dash that has a space after it ("kinh tế - xã hội")
_SPACE_BEFORE_DASH = re.compile(rf"(?:(?<=\S)|^) (?=[{DASHES}] )")
#: the space after the dash of a number range, once the space before it is a no-break one
_SPACE_AFTER_RANGE_DASH = re.compile(rf"(?<=\d{NO_BREAK_SPACE}[{DASHES}]) (?=\d)")
#: "nhiệm kỳ" / "giai đoạn" (any case) before the years of the term: both spaces
_TERM_BEFORE_YEARS = re.compile(r"(?i)\b(nhiệm|giai) (kỳ|đoạn) (?=\d{4}\b)")


def keep_dashes(value: str, with_term: bool = True) -> str:
    """``value`` with the no-break spaces above; unchanged where it has no space. ``with_term``:
    the term and its years on one line too (not in a narrow table cell, where "nhiệm kỳ 2020 -
    2025," as one unbreakable item is wider than the column)."""
    if " " not in value:
        return value
    kept = _SPACE_BEFORE_DASH.sub(NO_BREAK_SPACE, value)
    kept = _SPACE_AFTER_RANGE_DASH.sub(NO_BREAK_SPACE, kept)
    return _TERM_BEFORE_YEARS.sub(rf"\1{NO_BREAK_SPACE}\2{NO_BREAK_SPACE}", kept) if with_term else kept
