"""Sphinx extension: the HTML look of the report (offline, phone, print).

Listing ``build_scripts.sphinx_ext.html_theme`` in ``extensions`` is all conf.py needs:
on ``config-inited`` it sets the theme (alabaster, shipped with Sphinx), adds
``templates/html`` to the template path and ``templates/html/static`` to the
static path, the style sheet, and puts the draft identity from
``source_data/van_ban.yaml`` into the page context (``du_thao``). It also loads
``build_scripts.sphinx_ext.search_vi`` (search with and without diacritics) and
``build_scripts.sphinx_ext.draft_check`` (a build whose draft number disagrees with
its git tag or the register of issued drafts stops with a clear message).

Nothing in the pages loads from outside the site: no web fonts, no CDN, no
MathJax (``mathjax_path`` is left unused: the report has no formulas).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from build_scripts.core.messages import UserError
from build_scripts.core.line_breaks import keep_dashes
from build_scripts.core.document import read_document_info
from build_scripts.core.settings import report_settings

HERE = Path(__file__).resolve().parents[2]  # the project root
HTML_DIR = HERE / "templates" / "html"


def _project_root(app: Sphinx) -> Path:
    """The directory holding source_data/: the conf dir or one of its parents."""
    for d in [Path(app.confdir), *Path(app.confdir).parents]:
        if (d / "source_data").is_dir():
            return d
    return Path(app.confdir)


def on_config_inited(app: Sphinx, config: Config) -> None:
    config.html_theme = "alabaster"
    config.templates_path = [str(HTML_DIR), *[p for p in config.templates_path if p != str(HTML_DIR)]]
    static = str(HTML_DIR / "static")
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]
    css = list(config.html_css_files)
    if "bao-cao.css" not in css:
        css.append("bao-cao.css")
    config.html_css_files = css
    js = list(config.html_js_files)
    if "tim-kiem-vi.js" not in js:
        js.append("tim-kiem-vi.js")
    config.html_js_files = js
    if not config.html_favicon:  # else the browser asks for /favicon.ico: a 404 on every page
        config.html_favicon = str(HTML_DIR / "static" / "bieu-tuong.svg")
    config.html_copy_source = False
    config.html_show_sourcelink = False
    config.html_show_sphinx = False
    options = dict(config.html_theme_options or {})
    options.setdefault("show_powered_by", False)
    options.setdefault("font_family", "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif")
    options.setdefault("head_font_family", "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif")
    options.setdefault("page_width", "1000px")
    options.setdefault("sidebar_width", "240px")
    config.html_theme_options = options
    sidebars = dict(config.html_sidebars or {})
    sidebars.setdefault("**", ["du_thao.html", "searchfield.html", "navigation.html"])
    config.html_sidebars = sidebars

    context = dict(config.html_context or {})
    try:
        info = read_document_info(_project_root(app), final=report_settings(config).final or None)
    except UserError:
        info = None  # the data layer reports it, with its file and line
    if info is not None and info.is_final:
        # the official document: its own name and PDF, no draft banner (build_scripts.cli.build
        # puts it in _build/chinh-thuc/, html/ beside pdf/ as for a draft)
        config.html_title = f"Báo cáo Chính trị — {info.label}"
        context["du_thao"] = {"so": info.draft_number, "nhan": info.label, "trang_thai": "chinh_thuc", "ngay": "",
                              "pdf": info.file_stem + ".pdf"}
    elif info is not None:
        day = info.issued_on
        context["du_thao"] = {
            "so": info.draft_number,
            "nhan": info.label,
            "trang_thai": info.status,
            "ngay": f"{day.day}/{day.month}/{day.year}" if day else "",
            "pdf": info.file_stem + ".pdf",
        }
    config.html_context = context


OVERVIEW = "tong-quan"


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Tell the templates whether the report has its key-figures page (docs/tong-quan.md)."""
    context["co_tong_quan"] = OVERVIEW in app.env.found_docs
    # The PDF lies in ../pdf/ from the HTML root, in a local build (_build/html, _build/pdf)
    # as on the site (/du-thao-lan-N/, /pdf/): one relative link serves both.
    du_thao = context.get("du_thao")
    if du_thao:
        context["pdf_href"] = "../" * (pagename.count("/") + 1) + "pdf/" + du_thao["pdf"]


_RANGE = re.compile("\\d+\u00a0[-–—]\u00a0\\d+")


class KeepDashesInLine(SphinxPostTransform):
    """No line of a page starts with the dash of "kinh tế - xã hội", and no "2021 - 2025" is
    split across lines: the same no-break spaces as the PDF (build_scripts.pdf.line_breaks).
    A browser may still break after a hyphen followed by a no-break space (Unicode's line
    breaking rules), so a number range is also a ``khong-ngat`` span (``white-space: nowrap``)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if isinstance(text.parent, (nodes.FixedTextElement, nodes.literal)):
                continue
            value, parts, at = keep_dashes(str(text)), [], 0
            for m in _RANGE.finditer(value) if "\u00a0" in value else ():
                parts += [nodes.Text(value[at:m.start()]), nodes.inline(m.group(0), m.group(0), classes=["khong-ngat"])]
                at = m.end()
            if parts:
                parts.append(nodes.Text(value[at:]))
                text.parent.replace(text, [p for p in parts if not isinstance(p, nodes.Text) or str(p)])
            elif value != str(text):
                text.parent.replace(text, nodes.Text(value))


def setup(app: Sphinx) -> dict:
    app.add_post_transform(KeepDashesInLine)
    app.connect("html-page-context", on_html_page_context)
    app.connect("config-inited", on_config_inited, priority=300)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
