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
import re
import unicodedata

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


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
