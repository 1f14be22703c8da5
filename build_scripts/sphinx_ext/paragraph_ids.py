"""Give every body paragraph its stable identity (:mod:`.identity`) when a document is read.

The identity becomes the paragraph's first id, so the HTML has ``<p id="p3f9a…">`` and the Word
document a bookmark of the same name; where the paragraph comes from (file and line of the
user's source, not of the Jinja-rendered text) and the heading it stands under are kept on the
node for the map file (``doan-van.json``). Only for the builders that show identities: the PDF's
doctrees are left as they were.

Body paragraphs: those of the text and its lists. Not the paragraphs of tables (header, closing,
appendix), footnotes, committee notes or other boxes.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from build_scripts.core.paragraph_identity import paragraph_identity, section_key
from build_scripts.core.templating.line_map import source_line
from build_scripts.sphinx_ext.state import line_maps

BUILDERS = {"html", "dirhtml", "singlehtml", "docx"}
SOURCE_ATTR = "bao_cao_nguon"  # "docs/x.md:12"
SECTION_ATTR = "bao_cao_muc"  # the heading the paragraph stands under
_NOT_BODY = (
    nodes.table,
    nodes.footnote,
    nodes.citation,
    nodes.Admonition,
    nodes.sidebar,
    nodes.topic,
    nodes.field_list,
    nodes.line_block,
)


def body_paragraphs(doctree: nodes.Node):
    """The body paragraphs of ``doctree``, in reading order."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None:
            if isinstance(parent, _NOT_BODY) or (isinstance(parent, nodes.Element) and parent.get("design_component")):
                inside = True
                break
            parent = parent.parent
        if not inside:
            yield paragraph


def _heading(paragraph: nodes.Node) -> str:
    parent = paragraph.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children and isinstance(parent[0], nodes.title):
            return parent[0].astext()
        parent = parent.parent
    return ""


def _source_line(app, source: str | None, line: int | None) -> tuple[str, int]:
    """The user's file (relative to conf.py) and line for a rendered line."""
    if not source:
        return "", 0
    path = Path(source).resolve()
    line = int(source_line(str(path), str(line) if line else None, line_maps(app.env)) or 0)
    try:
        shown = path.relative_to(Path(app.confdir).resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return shown, line


def assign_identities(app, doctree: nodes.document) -> None:
    """doctree-read: the identity of each body paragraph of this document."""
    if app.builder.name not in BUILDERS:
        return
    docname = app.env.docname
    # the user's file and line of each paragraph, for the Word file's map (doan-van.json): only
    # there, as it maps every rendered line back (a diff of each document the HTML build skips)
    with_source = app.builder.name == "docx"
    seen: dict[str, int] = {}
    for paragraph in body_paragraphs(doctree):
        heading = _heading(paragraph)
        ident = paragraph_identity(section_key(docname, heading), paragraph.astext(), seen)
        paragraph["ids"].insert(0, ident)
        doctree.ids[ident] = paragraph
        if with_source:
            source, line = _source_line(app, paragraph.source or doctree.get("source"), paragraph.line)
            paragraph[SOURCE_ATTR] = f"{source}:{line}"
        paragraph[SECTION_ATTR] = heading


def setup(app) -> dict:
    app.connect("doctree-read", assign_identities, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
