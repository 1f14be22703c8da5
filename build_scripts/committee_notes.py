"""Sphinx extension: notes the committee writes for itself, in drafts only.

In a document::

    :::{ghi-chu} Số liệu chờ phòng Kinh tế
    Số hộ nghèo năm 2025 chưa có báo cáo chính thức; dùng số ước.
    :::

A draft shows the note as the generated notes on known discrepancies are shown (a highlighted
box "Ghi chú cho tổ biên tập — …", build_scripts.discrepancy_notes). An official build stops at
every note left in the text, with its file and line (the readers' edition of a draft,
``bao_cao_an_ghi_chu``, leaves them out): a note is something still to settle, so it
is settled and deleted, never printed nor silently dropped. ``make final`` lists them first
(:func:`notes_in`).
"""
from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .messages import SourceLocation, UserError

DIRECTIVE = "ghi-chu"
NOTE_CLASS = "ghi-chu-bien-tap"
TITLE = "Ghi chú cho tổ biên tập"
#: the opening line of a note in a MyST source (``:::{ghi-chu}`` or ```` ```{ghi-chu} ````)
OPENING = re.compile(r"^\s*(?::{3,}|`{3,}|~{3,})\s*\{" + DIRECTIVE + r"\}")


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
        if self.config.bao_cao_final:
            self._report_in_final()
            return []
        if self.config.bao_cao_an_ghi_chu:  # the readers' edition of a draft
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
        from .build import _source_line

        app = self.env.app
        path = Path(self.env.doc2path(self.env.docname))
        # the line of the user's file, not of the rendered text
        line = _source_line(str(path), str(self.lineno), getattr(app, "bao_cao_line_maps", None))
        errors = getattr(app, "bao_cao_errors", None)
        error = _left_in_final(SourceLocation(path, int(line)))
        if errors is None:
            raise error
        errors.append(error)                 # reported with the others when the reading ends


def notes_in(path: Path) -> list[int]:
    """The lines of ``path`` (a document, or a snippet it includes) that open a committee note
    (for ``make final``'s list)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [n for n, line in enumerate(lines, 1) if OPENING.match(line)]


def setup(app: Sphinx) -> dict:
    app.add_directive(DIRECTIVE, CommitteeNote)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
