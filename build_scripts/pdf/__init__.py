"""Sphinx extension: the report's PDF, typeset by rinohtype.

conf.py only needs ``extensions = [..., 'build_scripts.pdf']``. The extension
registers the ``rinoh`` builder (ours, :mod:`.builder`, in place of rinohtype's;
rinohtype is imported only when a PDF is built, so an HTML build does not pay
for it), registers the Vietnamese language, classifies headings, keeps the closing
with the last paragraph,
numbers footnotes through the whole report and, unless conf.py sets
``rinoh_documents`` itself, fills it from source_data/van_ban.yaml:
file name, title, subject ("Dự thảo lần N" / "Chính thức"), author (the
issuing body) and the watermark of a draft.

Config values (all optional):

``bao_cao_pdf_template``  the template configuration, relative to conf.py
                          (default ``templates/rinoh/bao_cao.rtt``)
``bao_cao_watermark``     watermark text of a draft (default ``DỰ THẢO``; the Word file's too)
"""

import unicodedata

from sphinx.builders import Builder

from build_scripts.core.document import read_document_info
from build_scripts.core.settings import report_settings
from build_scripts.pdf import footnote_numbering
from build_scripts.pdf.closing import KeepClosingWithText
from build_scripts.pdf.headings import ClassifyHeadings


def _nfc(text):
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def document_entry(config, confdir):
    """The rinoh_documents entry for the report, from van_ban.yaml."""
    settings = report_settings(config)
    info = read_document_info(confdir, settings.final or None, settings.data_dir)
    entry = dict(
        doc=config.root_doc,
        target=info.file_stem,
        template=settings.pdf_template,
        title=_nfc(info.title),
        subtitle=_nfc(info.subtitle),
        author=_nfc(info.issuing_body),
        subject=_nfc(info.label),
        keywords=_nfc("Báo cáo Chính trị, " + info.label),
    )
    if not info.is_final:
        entry["watermark"] = _nfc(settings.watermark)
    return entry


def on_config_inited(app, config):
    """Fill rinoh_documents from van_ban.yaml. Values computed here (file
    name, title, subject, watermark, template) win over conf.py's, so that a
    final build (bao_cao_final) gets the right file name and no watermark."""
    ours = document_entry(config, app.confdir)
    given = [
        entry for entry in (config.rinoh_documents or []) if isinstance(entry, dict) and entry.get("doc") == ours["doc"]
    ]
    entry = {**(given[0] if given else {}), **ours}
    if "watermark" not in ours:
        entry.pop("watermark", None)
    config.rinoh_documents = [entry]


class PdfBuilder(Builder):
    """The ``rinoh`` builder as registered: it becomes :class:`.builder.BaoCaoBuilder`
    when Sphinx creates it, which is the first time rinohtype is imported."""

    name = "rinoh"
    format = "rinoh"

    def __new__(cls, app, env):
        from rinoh.frontend.sphinx import transforms

        from build_scripts.pdf.builder import BaoCaoBuilder
        from build_scripts.pdf.language import VI  # noqa: F401  (registers the 'vi' language)

        app.add_post_transform(transforms.RinohCitationReferenceTransform)
        return BaoCaoBuilder(app, env)


# rinohtype's own config values (as rinoh.frontend.sphinx.setup adds them), without importing it;
# its builder still reads the unsupported ones.
RINOH_CONFIG = (
    ("rinoh_documents", "env", (dict, list)),
    ("rinoh_targets", "env", (list, str)),
    *(
        (name, "html", ())
        for name in (
            "rinoh_logo",
            "rinoh_domain_indices",
            "rinoh_template",
            "rinoh_metadata",
            "rinoh_stylesheet",
            "rinoh_paper_size",
        )
    ),
)


def setup(app):
    for name, rebuild, types in RINOH_CONFIG:
        if name not in app.config:  # rinohtype's frontend may be loaded too
            app.add_config_value(name, None, rebuild, types)
    app.add_builder(PdfBuilder, override=True)
    app.connect("config-inited", on_config_inited, priority=600)
    app.add_transform(ClassifyHeadings)
    app.add_transform(KeepClosingWithText)
    footnote_numbering.setup(app)
    return dict(parallel_read_safe=True, parallel_write_safe=True)
