"""Sphinx extension: Vietnamese search, with or without diacritics.

Sphinx has no stemmer for Vietnamese. This registers a search language ``vi`` that indexes
each word twice: as written, in lower case ("kỷ"), and folded, without diacritics ("ky": NFD,
combining marks dropped, đ → d). The browser keeps the query's words as typed, in lower case
(``js_stemmer_code``). So ``Đảng Viên`` and ``đảng viên`` find the pages with "đảng viên",
``dang vien`` finds them too, and ``kỷ luật`` does not find "nhiệm kỳ" or "pháp luật": the
diacritics a reader types narrow the search, as they change the word.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from build_scripts.core.vi_text import fold

# The report has a few thousand different words in some 20,000: each folded once, not each time
# it is read (folding every word took 50 ms of an HTML build).
_folded = functools.lru_cache(maxsize=None)(fold)


JS_STEMMER = r"""
/* Vietnamese: the query word as typed, in lower case. The index has every word both as
   written and without diacritics (build_scripts/search_vi.py), so either form is found. */
var Stemmer = function () {
  this.stemWord = function (w) {
    return w.normalize("NFC").toLowerCase();
  };
};
"""


class SearchVietnamese(SearchLanguage):
    lang = "vi"
    language_name = "Vietnamese"
    js_stemmer_code = JS_STEMMER
    # No stop words: the browser compares them before folding, so a folded list
    # would make a query such as "các đảng viên" find nothing.
    stopwords = frozenset()
    _word_re = re.compile(r"\w+")

    def split(self, input: str) -> list[str]:
        words = []
        for word in self._word_re.findall(unicodedata.normalize("NFC", input)):
            words.append(word)
            folded = _folded(word)
            if folded != word.lower():
                words.append(folded)  # found by a query typed without diacritics
        return words

    def stem(self, word: str) -> str:
        return word.lower()

    def word_filter(self, word: str) -> bool:
        # numbers are kept: a reader looks for "1669" (a resolution) or "1.361" (đảng viên)
        return bool(word) and word not in self.stopwords


# --- Sections for the search page -------------------------------------------------------------
# Sphinx's index knows pages, not sections. The search page (templates/html/static/tim-kiem-vi.js)
# reads this list of every section — its anchor, the headings above it, its own text — to name
# the section where the words stand, link to it and show the sentence.

SECTIONS_JS = "muc-tim-kiem.js"
_SKIPPED = (
    nodes.footnote_reference,
    nodes.footnote,
    nodes.citation_reference,
    nodes.comment,
    nodes.system_message,
    nodes.raw,
    nodes.substitution_definition,
    nodes.target,
)


def _own_text(section: nodes.section) -> str:
    """The text of ``section`` outside its title, its subsections, footnote marks and notes
    for the committee."""
    parts: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, (nodes.section, nodes.title, *_SKIPPED)):
            return
        if isinstance(node, nodes.Element) and "ghi-chu-bien-tap" in node.get("classes", []):
            return
        if isinstance(node, nodes.Text):
            parts.append(str(node))
            return
        for child in node.children:
            walk(child)
        if isinstance(node, (nodes.paragraph, nodes.entry, nodes.list_item, nodes.term)):
            parts.append(" ")

    for child in section.children:
        walk(child)
    return " ".join("".join(parts).split())


def _doc_order(env) -> list[str]:
    """The documents in reading order (the table of contents from the root), then the others."""
    order: list[str] = []

    def visit(doc: str) -> None:
        if doc in order or doc not in env.found_docs:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            visit(child)

    visit(env.config.root_doc)
    return order + sorted(d for d in env.found_docs if d not in order)


def sections_of(env) -> dict[str, list[dict]]:
    """docname -> its sections: ``id``, ``muc`` (the section's heading), ``tren`` (the headings
    above it, from the part down) and ``chu`` (its own text, one space between words)."""
    parent_of = {child: doc for doc, children in env.toctree_includes.items() for child in children}
    out: dict[str, list[dict]] = {}
    for doc in _doc_order(env):
        doctree = env.get_doctree(doc)
        part = env.titles[parent_of[doc]].astext() if doc in parent_of and parent_of[doc] != env.config.root_doc else ""
        found = []
        for section in doctree.findall(nodes.section):
            if not section["ids"]:
                continue
            chain = [s.next_node(nodes.title).astext() for s in reversed(list(_section_parents(section)))]
            heading = section.next_node(nodes.title).astext() if section.next_node(nodes.title) else ""
            found.append(
                {
                    "id": section["ids"][0],
                    "muc": " ".join(heading.split()),
                    "tren": [" ".join(t.split()) for t in ([part] if part else []) + chain],
                    "chu": _own_text(section),
                }
            )
        out[doc] = found
    return out


def _section_parents(section: nodes.section):
    node = section.parent
    while node is not None:
        if isinstance(node, nodes.section):
            yield node
        node = node.parent


def write_sections(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    data = json.dumps(sections_of(app.env), ensure_ascii=False, separators=(",", ":"))
    (static / SECTIONS_JS).write_text(f"window.MUC_TIM_KIEM = {data};\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    app.connect("build-finished", write_sections)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
