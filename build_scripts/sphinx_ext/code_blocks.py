"""Sphinx extension: the report has no code, so a code block is a paragraph typed wrong.

Markdown reads a line that starts with a Tab, or with four spaces or more, as code (a paragraph
pasted from Word often does): the HTML showed it in a grey monospace box, and rinohtype then
stopped on a font style the report does not have, naming no file. A code block in a document
(``doctree-read``) stops the build at its source line, with what to do.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from build_scripts.core.messages import SourceLocation, UserError, read_utf8
from build_scripts.core.templating.line_map import source_line
from build_scripts.sphinx_ext.state import add_error, errors_of, line_maps


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    path = Path(app.env.doc2path(app.env.docname))
    if errors_of(app.env, path):
        return  # a fence left open (sphinx_ext's checks of the source) is said there already
    lines = None
    for block in doctree.findall(nodes.literal_block):
        # the line of the user's file, not of the rendered text
        mapped = source_line(str(path), str(block.line) if block.line else None, line_maps(app.env))
        line = int(mapped) if mapped else None
        where = SourceLocation(path, line)
        if lines is None:
            lines = read_utf8(path).splitlines()
        if line and line <= len(lines) and lines[line - 1].lstrip().startswith(("```", "~~~")):
            message = "Khối ``` … ``` là khối mã máy tính (chữ đơn cách, không căn lề); báo cáo không có khối mã."
            fix = "Bỏ hai dòng ``` bao quanh đoạn văn này."
        else:
            message = (
                "Dòng này bắt đầu bằng dấu Tab (hoặc từ 4 dấu cách trở lên) nên bị đọc thành khối mã máy "
                "tính (chữ đơn cách, không căn lề), không phải đoạn văn."
            )
            fix = "Xoá Tab và dấu cách ở đầu dòng (thường gặp khi dán từ Word): bản dựng tự thụt đầu dòng cho đoạn văn."
        add_error(app.env, app.env.docname, UserError(message, where, fix))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", on_doctree_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
