"""Sphinx configuration of the Báo cáo Chính trị. The logic lives in build_scripts/."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from build_scripts.core.document import read_document_info  # noqa: E402
from build_scripts.sphinx_ext.ui_translations import compiled_catalogs  # noqa: E402

_info = read_document_info(ROOT)

project = "Báo cáo Chính trị"
author = _info.issuing_body
language = "vi"
# Sphinx's own words (search page, heading links) in Vietnamese: templates/locale/vi/LC_MESSAGES/sphinx.po
locale_dirs = compiled_catalogs(ROOT)
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", ".venv", "**/README.md"]

extensions = ["build_scripts.sphinx_ext"]  # every extension of ours, wired in build_scripts/sphinx_ext/__init__.py
myst_enable_extensions = ["attrs_block", "attrs_inline", "colon_fence", "deflist"]
myst_heading_anchors = 0

# Our data and templates (build_scripts/sphinx_ext.py).
bao_cao_data_dir = "source_data"
bao_cao_template_dirs = ["templates"]

# HTML for the intranet: nothing may load from the internet.
html_theme = "furo"  # set by build_scripts/sphinx_ext/html_theme.py too: offline, readable on a phone
html_title = f"Báo cáo Chính trị — {_info.label}"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_use_index = False  # the report has no index entries: no empty English "Index" page

# PDF through rinohtype: build_scripts/pdf fills rinoh_documents from van_ban.yaml.
