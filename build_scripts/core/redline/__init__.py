"""Redline between two drafts: each rendered with its own data and templates and read as prose
(:mod:`.prose`), compared word by word (:mod:`.worddiff`); a number that came from the data is
one token tied to its key, so a changed number shows as a data change (old → new), and the
data is also diffed on its own (:mod:`.datadiff`) for the table of changed values.

``python -m build_scripts.cli.diff`` (``make diff``; its PDF: ``build_scripts.pdf.redline``);
``render_redline`` / ``compare`` + ``redline_page`` for the site.
"""

from build_scripts.core.redline.page import render_redline

__all__ = ["render_redline"]
