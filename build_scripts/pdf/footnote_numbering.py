"""Footnote numbers that run 1..N through the whole report.

MyST numbers footnotes per source file. rinohtype numbers them itself, in
reading order, so the PDF is continuous already; for the other builders
(HTML) this module renumbers each file's footnotes with the count of the
footnotes in the files before it, in toctree order.
"""

from docutils import nodes

ENV_KEY = "bao_cao_footnote_counts"


def _auto_footnotes(doctree):
    return [fn for fn in doctree.findall(nodes.footnote) if fn.get("auto")]


def record_counts(app, doctree):
    """doctree-read: remember how many numbered footnotes each file has."""
    counts = getattr(app.env, ENV_KEY, None)
    if counts is None:
        counts = {}
        setattr(app.env, ENV_KEY, counts)
    counts[app.env.docname] = len(_auto_footnotes(doctree))


def purge_counts(app, env, docname):
    getattr(env, ENV_KEY, {}).pop(docname, None)


def merge_counts(app, env, docnames, other):
    counts = getattr(env, ENV_KEY, None)
    if counts is None:
        counts = {}
        setattr(env, ENV_KEY, counts)
    counts.update({name: count for name, count in getattr(other, ENV_KEY, {}).items() if name in docnames})


def reading_order(env, root):
    """Documents in the order a reader meets them (depth-first toctree)."""
    order, seen = [], set()

    def visit(docname):
        if docname in seen:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(root)
    return order


def offset_for(env, root, docname):
    counts = getattr(env, ENV_KEY, {})
    offset = 0
    for name in reading_order(env, root):
        if name == docname:
            return offset
        offset += counts.get(name, 0)
    return offset


def renumber(app, doctree, docname):
    """doctree-resolved: shift this file's footnote numbers."""
    if app.builder.name == "rinoh":  # rinohtype numbers notes itself
        return
    offset = offset_for(app.env, app.config.root_doc, docname)
    if not offset:
        return
    new_labels = {}
    for footnote in _auto_footnotes(doctree):
        label = footnote.next_node(nodes.label)
        if label is None or not len(label):
            continue
        try:
            number = int(label.astext()) + offset
        except ValueError:
            continue
        label.replace(label[0], nodes.Text(str(number)))
        for footnote_id in footnote["ids"]:
            new_labels[footnote_id] = str(number)
    for ref in doctree.findall(nodes.footnote_reference):
        number = new_labels.get(ref.get("refid"))
        if number is not None and len(ref):
            ref.replace(ref[0], nodes.Text(number))


def setup(app):
    app.connect("doctree-read", record_counts)
    app.connect("env-purge-doc", purge_counts)
    app.connect("env-merge-info", merge_counts)
    app.connect("doctree-resolved", renumber)
