"""Dash items typeset as the report's paragraphs.

A Party document writes "- …" items as paragraphs of the body: the dash at the first-line
indent, the lines after it at the margin, 6 pt after each (as the seed does, and Word). rinohtype
sets a list instead: the dash hanging at the margin, the text indented beside it, the items
further apart than paragraphs. Before typesetting, each "-" list of the body becomes its
paragraphs, the first of each item opening with "- " (class ``gach-dau-dong``).

In a table cell (Phụ lục) the items become the cell's paragraphs the same way. A sub-list's
items get ``gach-dau-dong-2`` (indented one step more). The recipients of the closing (table
``ket-van-ban``) stay a list.
"""

from docutils import nodes

DASH_CLASS = "gach-dau-dong"
CLOSING_CLASS = "ket-van-ban"  # the recipients of the closing: a list styled as on paper


def dash_items_as_paragraphs(doctree):
    # the deepest lists first: a sub-list is paragraphs already when its parent item is turned
    for bullet_list in reversed(list(doctree.findall(nodes.bullet_list))):
        if bullet_list.get("bullet", "-") != "-" or _inside(bullet_list, nodes.table, CLOSING_CLASS):
            continue
        items = bullet_list.children
        if not all(
            isinstance(item, nodes.list_item)
            and item.children
            and all(isinstance(child, nodes.paragraph) for child in item.children)
            for item in items
        ):
            continue
        depth = _depth(bullet_list)
        paragraphs = []
        for item in items:
            first, *rest = item.children
            first = first.deepcopy()
            if not any(c.startswith(DASH_CLASS) for c in first["classes"]):  # not a sub-item's paragraph
                first.insert(0, nodes.Text("- "))
                first["classes"].append(DASH_CLASS if depth == 0 else f"{DASH_CLASS}-{depth + 1}")
            paragraphs += [first, *(p.deepcopy() for p in rest)]
        bullet_list.replace_self(paragraphs)


def _depth(bullet_list):
    """0 for a list of the body, 1 for a list inside an item of one, …"""
    depth, parent = 0, bullet_list.parent
    while parent is not None:
        depth += isinstance(parent, nodes.list_item)
        parent = parent.parent
    return depth


def _inside(node, kind, with_class=None):
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kind) and (with_class is None or with_class in parent["classes"]):
            return True
        parent = parent.parent
    return False
