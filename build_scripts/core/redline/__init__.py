"""Redline between two drafts: prose diffed word by word with the Jinja
placeholders left unrendered, and the data diffed separately, so a changed
number shows once, as a data change, not as noise in the text.

``python -m build_scripts.cli.diff`` (``make diff``); ``render_redline`` for the site.
"""

from build_scripts.core.redline.page import render_redline

__all__ = ["render_redline"]
