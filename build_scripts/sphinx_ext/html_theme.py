"""Sphinx extension: the HTML look of the report (offline, phone, print).

Listing ``build_scripts.sphinx_ext.html_theme`` in ``extensions`` (through ``build_scripts.sphinx_ext``)
is all conf.py needs: on ``config-inited`` it sets the theme (Furo, pinned in requirements.txt), adds
``templates/html`` to the template path and ``templates/html/static`` to the
static path, the style sheet, and puts the draft identity from
``source_data/van_ban.yaml`` into the page context (``du_thao``). It also loads
``build_scripts.sphinx_ext.search_vi`` (search with and without diacritics) and
``build_scripts.sphinx_ext.draft_check`` (a build whose draft number disagrees with
its git tag or the register of issued drafts stops with a clear message).

Nothing in the pages loads from outside the site: Furo uses system fonts and its own
scripts from ``_static``; no CDN, no MathJax (the report has no formulas, and
tests/test_html_furo.py checks that no page loads anything from outside).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from build_scripts.core.document import read_document_info
from build_scripts.core.messages import UserError
from build_scripts.core.no_break_spaces import keep_dashes
from build_scripts.core.settings import report_settings

HERE = Path(__file__).resolve().parents[2]  # the project root
HTML_DIR = HERE / "templates" / "html"


def _project_root(app: Sphinx) -> Path:
    """The directory holding source_data/: the conf dir or one of its parents."""
    for d in [Path(app.confdir), *Path(app.confdir).parents]:
        if (d / "source_data").is_dir():
            return d
    return Path(app.confdir)


#: Furo's colours for the report: dark red as on the Party's letterhead, serif text as on paper.
#: Each colour on white passes WCAG AA (tests/test_html_a11y.py runs axe-core on every page).
LIGHT_COLOURS = {
    "color-brand-primary": "#8b0000",
    "color-brand-content": "#8b0000",
    "color-brand-visited": "#6b2f6b",
    "font-stack": "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', 'Noto Serif', serif",
    "font-stack--headings": "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', 'Noto Serif', serif",
    "admonition-font-size": "0.95rem",
    "admonition-title-font-size": "0.95rem",
}


def on_config_inited(app: Sphinx, config: Config) -> None:
    config.html_theme = "furo"
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
    options.setdefault("light_css_variables", LIGHT_COLOURS)
    options.setdefault("top_of_page_buttons", [])  # "edit/view source": no repository to link to
    config.html_theme_options = options
    sidebars = dict(config.html_sidebars or {})
    sidebars.setdefault(
        "**",
        [
            "sidebar/brand.html",
            "sidebar/search.html",
            "du_thao.html",
            "sidebar/scroll-start.html",
            "sidebar/navigation.html",
            "sidebar/scroll-end.html",
        ],
    )
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
        context["du_thao"] = {
            "so": info.draft_number,
            "nhan": info.label,
            "trang_thai": "chinh_thuc",
            "ngay": "",
            "pdf": info.file_stem + ".pdf",
        }
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
    du_thao = context.get("du_thao")
    if du_thao and du_thao["trang_thai"] != "chinh_thuc":
        # Furo's announcement strip, over every page: templates/html/page.html fills it
        config.html_theme_options = {**config.html_theme_options, "announcement": du_thao["nhan"]}


OVERVIEW = "tong-quan"

#: Furo's box around each table (``div.table-wrapper``): a wide one scrolls sideways inside it
_SCROLL_BOX = re.compile(r'<div class="table-wrapper([^"]*)">')
#: tables that only lay out the header and the closing: no scrolling, no stop for the keyboard
_LAYOUT_TABLES = ("dau-van-ban", "ket-van-ban")


def _scroll_box(m: re.Match) -> str:
    """A data table's box reachable by the keyboard, so that it can be scrolled without a mouse."""
    if any(c in m.group(1).split() for c in _LAYOUT_TABLES):
        return m.group(0)
    return f'<div class="table-wrapper{m.group(1)}" tabindex="0" role="region" aria-label="Bảng số liệu (cuộn ngang được)">'


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Tell the templates whether the report has its key-figures page (docs/tong-quan.md)."""
    context["co_tong_quan"] = OVERVIEW in app.env.found_docs
    # The PDF lies in ../pdf/ from the HTML root, in a local build (_build/html, _build/pdf)
    # as on the site (/du-thao-lan-N/, /pdf/): one relative link serves both.
    du_thao = context.get("du_thao")
    # Furo's words written in Python, not in its templates: in Vietnamese here
    nav = context.get("furo_navigation_tree")
    if nav:
        context["furo_navigation_tree"] = nav.replace(
            'aria-label="Toggle navigation of ', 'aria-label="Mở hoặc đóng các mục của '
        )
    if context.get("body"):
        context["body"] = _SCROLL_BOX.sub(_scroll_box, context["body"])
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
                parts += [
                    nodes.Text(value[at : m.start()]),
                    nodes.inline(m.group(0), m.group(0), classes=["khong-ngat"]),
                ]
                at = m.end()
            if parts:
                parts.append(nodes.Text(value[at:]))
                text.parent.replace(text, [p for p in parts if not isinstance(p, nodes.Text) or str(p)])
            elif value != str(text):
                text.parent.replace(text, nodes.Text(value))


def setup(app: Sphinx) -> dict:
    app.add_post_transform(KeepDashesInLine)
    app.connect("html-page-context", on_html_page_context, priority=900)  # after Furo's
    app.connect("config-inited", on_config_inited, priority=300)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
