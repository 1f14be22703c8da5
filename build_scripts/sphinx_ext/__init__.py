"""The report's Sphinx extensions, wired from this one place.

``conf.py`` lists only ``build_scripts.sphinx_ext``. Order matters: the garbage-collector
settings come first (they pay off from the first import), the data layer before anything that
reads its data, the PDF builder before the HTML theme.
"""

from __future__ import annotations

#: Markup the report is written in, and the interpreter settings of a build.
BASE = (
    "build_scripts.sphinx_ext.gc_tuning",
    "build_scripts.sphinx_ext.register_settings",
    "myst_parser",
    "sphinx_design",
)
#: Our data layer: Jinja over the sources, the committee's checks, notes and structure rules.
DATA_LAYER = (
    "build_scripts.sphinx_ext.data_layer",
    "build_scripts.sphinx_ext.closing_place",  # only the appendix follows the signature
    "build_scripts.sphinx_ext.committee_notes",  # {ghi-chu}: notes of the drafts
    "build_scripts.sphinx_ext.code_blocks",  # a paragraph indented by a Tab is no code
    "build_scripts.sphinx_ext.discrepancy_notes",
)
#: The outputs: PDF (rinohtype), HTML theme and search, draft identity checks.
OUTPUTS = (
    "build_scripts.pdf.rinoh_patches",
    "build_scripts.pdf",
    "build_scripts.docx",
    "build_scripts.sphinx_ext.paragraph_ids",  # one identity per paragraph: HTML anchor, Word bookmark
    "build_scripts.sphinx_ext.review_marks",  # the committee's HTML: how many comments a paragraph drew
    "build_scripts.sphinx_ext.html_theme",
    "build_scripts.sphinx_ext.search_vi",
    "build_scripts.sphinx_ext.draft_check",  # a draft number that disagrees with git stops the build
    "build_scripts.sphinx_ext.stale_pages",
)


def setup_extensions(app, names) -> None:
    for name in names:
        app.setup_extension(name)


def setup(app) -> dict:
    setup_extensions(app, BASE + DATA_LAYER + OUTPUTS)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
