"""Sphinx extension: the report as a Word document (``docx`` builder), and the paragraph
identities the HTML shares with it.

conf.py only needs ``extensions = [..., 'build_scripts.docx']``. The builder (:mod:`.builder`)
is imported when a .docx is built; python-docx and pandoc are not needed otherwise.

Config values: ``bao_cao_docx_watermark`` (watermark text of a draft, default ``DỰ THẢO``).
"""
from sphinx.builders import Builder

from . import paragraph_ids

DEFAULT_WATERMARK = "DỰ THẢO"


class DocxBuilderProxy(Builder):
    """The ``docx`` builder as registered; it becomes :class:`.builder.DocxBuilder` when created."""

    name = "docx"
    format = "docx"

    def __new__(cls, app, env):
        from .builder import DocxBuilder

        return DocxBuilder(app, env)


def setup(app):
    app.add_builder(DocxBuilderProxy)
    app.add_config_value("bao_cao_docx_watermark", DEFAULT_WATERMARK, "env", str)
    paragraph_ids.setup(app)
    return dict(parallel_read_safe=True, parallel_write_safe=True)
