"""Sphinx extension: notes the committee writes for itself, in drafts only.

In a document::

    :::{ghi-chu} Số liệu chờ phòng Kinh tế
    Số hộ nghèo năm 2025 chưa có báo cáo chính thức; dùng số ước.
    :::

A draft shows the note as the generated notes on known discrepancies are shown (a highlighted
box "Ghi chú cho tổ biên tập — …", build_scripts.sphinx_ext.discrepancy_notes). An official build stops at
every note left in the text, with its file and line (the readers' edition of a draft,
``bao_cao_readers_edition``, leaves them out): a note is something still to settle, so it
is settled and deleted, never printed nor silently dropped. ``make final`` lists them first
(:func:`notes_in`).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from build_scripts.core.messages import SourceLocation, UserError
from build_scripts.core.report_structure import DIRECTIVE, NOTE_CLASS, TITLE
from build_scripts.core.settings import report_settings
from build_scripts.core.templating.line_map import source_line
from build_scripts.sphinx_ext.state import add_error, data_layer, line_maps


class NoteLeftInFinal(UserError):
    pass


def _left_in_final(location: SourceLocation | None) -> NoteLeftInFinal:
    return NoteLeftInFinal(
        "Ghi chú cho tổ biên tập ({ghi-chu}) vẫn còn trong văn bản: bản chính thức không in ghi chú.",
        location,
        "Giải quyết điều ghi chú nêu, rồi xóa cả khối từ dòng ':::{ghi-chu}' đến dòng ':::' đóng nó.",
    )


class CommitteeNote(SphinxDirective):
    """``{ghi-chu}``: a note of the draft, with an optional short subject."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        if report_settings(self.config).final:
            self._report_in_final()
            return []
        if report_settings(self.config).readers_edition:  # the readers' edition of a draft
            return []
        subject = self.arguments[0].strip() if self.arguments else ""
        note = nodes.admonition("", classes=[NOTE_CLASS, *self.options.get("class", [])])
        self.set_source_info(note)
        # the subject is a short label, set as plain text: markup in it would be parsed (a
        # footnote mark in a box's title crashed the PDF typesetter)
        title = TITLE + (f" — {subject}" if subject else "")
        note += nodes.title(title, title)
        note += self.parse_content_to_nodes()
        return [note]

    def _report_in_final(self) -> None:

        path = Path(self.env.doc2path(self.env.docname))
        # the line of the user's file, not of the rendered text
        line = source_line(str(path), str(self.lineno), line_maps(self.env))
        error = _left_in_final(SourceLocation(path, int(line)))
        if data_layer(self.env.app) is None:
            raise error
        add_error(self.env, self.env.docname, error)  # reported with the others when the reading ends


def drop_notes_for_readers(app: Sphinx, doctree: nodes.document) -> None:
    """The readers' edition holds no box of the committee's class, whoever wrote it: a
    template's ``:::{admonition}`` with ``:class: ghi-chu-bien-tap`` (templates/macros) is
    not a ``{ghi-chu}`` and would reach readers otherwise (issue 28)."""
    if not report_settings(app.config).readers_edition:
        return
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and NOTE_CLASS in n["classes"])):
        if node.parent is not None:
            node.parent.remove(node)


def setup(app: Sphinx) -> dict:
    app.add_directive(DIRECTIVE, CommitteeNote)
    app.connect("doctree-read", drop_notes_for_readers)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
