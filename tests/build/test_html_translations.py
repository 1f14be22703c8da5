"""Sphinx's own words on the HTML pages are Vietnamese (templates/locale/vi/LC_MESSAGES/sphinx.po).

Sphinx's Vietnamese catalog left the search page without a heading or a result count (empty
strings) and every heading link titled "Link to this heading".
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sphinx
from babel.messages.pofile import read_po
from conftest import REPO, make_project, run_build

from build_scripts.core.messages import UserError
from build_scripts.sphinx_ext.ui_translations import compiled_catalogs

SPHINX_STATIC = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
# the messages Sphinx's scripts show: _("…"), Documentation.gettext("…"), ngettext("…", …)
_JS_MESSAGE = re.compile(r'(?:\b_|gettext|ngettext)\(\s*"((?:[^"\\]|\\.)*)"', re.S)


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("i18n"))
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "_build" / "html"


def test_every_message_of_sphinx_scripts_has_vietnamese(html):
    wanted = {
        json.loads(f'"{m}"') for path in SPHINX_STATIC.glob("*.js") for m in _JS_MESSAGE.findall(path.read_text())
    }
    assert "Search Results" in wanted and "Hide Search Matches" in wanted  # the pattern still reads them
    text = (html / "_static" / "translations.js").read_text(encoding="utf-8")
    # what Documentation.addTranslations sets, without its eval (the site's CSP forbids it)
    start = "Object.assign(Documentation.TRANSLATIONS, "
    assert text.startswith(start) and "Function" not in text and "eval" not in text
    messages = json.loads(text[len(start) : text.index(");\n")])
    assert 'Documentation.LOCALE = "vi";' in text and "Documentation.PLURAL_EXPR = function (n)" in text
    missing = sorted(m for m in wanted if not messages.get(m))
    assert missing == []


class _Attributes(HTMLParser):
    NAMES = ("title", "aria-label", "alt", "placeholder", "value")

    def __init__(self):
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.values += [v for k, v in attrs if k in self.NAMES and v]


def test_no_english_label_or_tooltip(html):
    with (Path(sphinx.__file__).parent / "locale" / "sphinx.pot").open("rb") as f:
        english = {m.id for m in read_po(f) if isinstance(m.id, str) and m.id}
    english.add("Main")  # the sidebar's aria-label, written in Sphinx's layout.html
    found = {}
    for page in html.rglob("*.html"):
        parser = _Attributes()
        parser.feed(page.read_text(encoding="utf-8"))
        for value in parser.values:
            if value in english:
                found.setdefault(value, page.relative_to(html).as_posix())
    assert found == {}


def test_catalogs_are_compiled_into_the_build_not_the_sources(tmp_path):
    po_dir = tmp_path / "templates/locale/vi/LC_MESSAGES"
    po_dir.mkdir(parents=True)
    po = po_dir / "sphinx.po"
    po.write_bytes((REPO / "templates/locale/vi/LC_MESSAGES/sphinx.po").read_bytes())
    dirs = compiled_catalogs(tmp_path)
    assert dirs == [str((tmp_path / "_build/.ban-dich").resolve())]
    assert sorted(p.name for p in po_dir.iterdir()) == ["sphinx.po"]
    js = Path(dirs[0]) / "vi/LC_MESSAGES/sphinx.js"
    assert "Đường dẫn đến mục này" in js.read_text(encoding="utf-8")
    time.sleep(0.01)
    po.write_text(
        po.read_text(encoding="utf-8").replace("Đường dẫn đến mục này", "Liên kết tới mục này"), encoding="utf-8"
    )
    compiled_catalogs(tmp_path)
    assert "Liên kết tới mục này" in js.read_text(encoding="utf-8"), "an edited catalog is compiled again"


def test_a_malformed_catalog_names_its_line(tmp_path):
    po_dir = tmp_path / "templates/locale/vi/LC_MESSAGES"
    po_dir.mkdir(parents=True)
    (po_dir / "sphinx.po").write_text(
        'msgid "Search"\nmsgstr "Tìm kiếm"\n\nmsgid "Go"\nmsgtr "Tìm"\n', encoding="utf-8"
    )
    with pytest.raises(UserError) as info:
        compiled_catalogs(tmp_path)
    assert info.value.location.line == 5
    assert str(info.value).startswith(str(po_dir / "sphinx.po") + ":5: Tệp bản dịch viết sai")
