"""Sphinx extension: the report as a Word document (``docx`` builder).

Wired from :mod:`build_scripts.sphinx_ext`. The builder (:mod:`.builder`) is imported when a
.docx is built; python-docx and pandoc are not needed otherwise. The watermark of a draft is the
setting ``bao_cao_watermark``, as for the PDF; the identities are set by
:mod:`build_scripts.sphinx_ext.paragraph_ids`.
"""

from sphinx.builders import Builder


class DocxBuilderProxy(Builder):
    """The ``docx`` builder as registered; it becomes :class:`.builder.DocxBuilder` when created."""

    name = "docx"
    format = "docx"

    def __new__(cls, app, env):
        from build_scripts.docx.builder import DocxBuilder

        return DocxBuilder(app, env)


def setup(app):
    app.add_builder(DocxBuilderProxy)
    return dict(parallel_read_safe=True, parallel_write_safe=True)
