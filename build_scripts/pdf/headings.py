"""Classify the report's headings by their own numbering.

The report writes its heading numbers in the text ("Phần thứ nhất",
"A.", "I.", "1.", "1.1."), so the style of a heading follows from that
prefix, not from its nesting depth. This transform adds one class to every
section title; the PDF style sheet (templates/rinoh/bao_cao.rts) and the
HTML CSS style the classes. No number is ever added by the typesetter.
"""

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: (class, pattern) in the order they are tried; the first match wins
HEADING_CLASSES = (
    ("tieu-de-phan", re.compile(r"^phần\s+thứ\b", re.IGNORECASE)),
    ("tieu-de-phu-luc", re.compile(r"^phụ\s+lục\b", re.IGNORECASE)),
    ("tieu-de-la-ma", re.compile(r"^[IVX]+\.\s")),
    ("tieu-de-chu", re.compile(r"^[A-ZĐ]\.\s")),
    ("tieu-de-khac", re.compile(r"^\d+\.\d+\.\d+\.?\s")),
    ("tieu-de-so-2", re.compile(r"^\d+\.\d+\.?\s")),
    ("tieu-de-so", re.compile(r"^\d+\.\s")),
)
OTHER_CLASS = "tieu-de-khac"
ALL_CLASSES = tuple(name for name, _ in HEADING_CLASSES)


def heading_class(text):
    """Return the class for a heading whose text is `text`."""
    text = " ".join(text.split())
    for name, pattern in HEADING_CLASSES:
        if pattern.match(text):
            return name
    return OTHER_CLASS


class ClassifyHeadings(SphinxTransform):
    """Add a ``tieu-de-*`` class to each section title."""

    default_priority = 800

    def apply(self, **kwargs):
        for title in self.document.findall(nodes.title):
            if not isinstance(title.parent, nodes.section):
                continue
            if any(cls in title["classes"] for cls in ALL_CLASSES):
                continue
            title["classes"].append(heading_class(title.astext()))
