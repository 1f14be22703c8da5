"""Check, before typesetting, that TeX Gyre Termes has a glyph for every character.

rinohtype replaces a missing glyph by a fallback face or by '?', silently
as far as the committee is concerned. We refuse instead: every character
of the text must exist in all four Termes faces (regular, bold, italic,
bold italic), so that no style can hit a gap.
"""

import unicodedata

from docutils import nodes

#: characters rinohtype handles itself (never looked up in the font)
LAYOUT_CHARACTERS = frozenset("\n\t\N{ZERO WIDTH SPACE}\N{NO-BREAK SPACE}")


def termes_fonts():
    from rinoh_typeface_texgyretermes import typeface

    return [font for widths in typeface.values() for slants in widths.values() for font in slants.values()]


def covered_characters():
    """The characters present in every Termes face."""
    faces = [set(font._glyphs) for font in termes_fonts()]
    return set.intersection(*faces)


def node_location(node):
    """(source path, line) of a docutils node, climbing to a parent if needed."""
    current = node
    while current is not None:
        source = current.get("source") if isinstance(current, nodes.Element) else None
        line = getattr(current, "line", None)
        if source or line:
            source = source or getattr(current, "source", None)
            if source and line:
                return source, line
        current = current.parent
    return getattr(node, "source", None), getattr(node, "line", None)


def find_missing_glyphs(doctree, covered=None):
    """Yield (char, text node) for every character Termes cannot draw."""
    covered = covered if covered is not None else covered_characters()
    for text in doctree.findall(nodes.Text):
        if isinstance(text.parent, (nodes.comment, nodes.raw, nodes.substitution_definition)):
            continue
        for char in set(str(text)):
            if char in LAYOUT_CHARACTERS or char in covered:
                continue
            yield char, text


def describe(char):
    name = unicodedata.name(char, "không rõ tên")
    return f"'{char}' (U+{ord(char):04X} {name})"
