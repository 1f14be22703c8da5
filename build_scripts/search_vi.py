"""Sphinx extension: Vietnamese search that ignores diacritics.

Sphinx has no stemmer for Vietnamese. This registers a search language ``vi``
whose "stem" folds a word to lower case without diacritics (NFD, drop the
combining marks, đ → d). The same folding runs in the browser on the query
(``js_stemmer_code``), so ``đảng viên``, ``Đảng Viên`` and ``dang vien`` all
find the same pages.
"""

from __future__ import annotations

import re
import unicodedata

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from .vi_text import fold


JS_STEMMER = r"""
/* Vietnamese: fold the query word the same way the index was built
   (build_scripts/search_vi.py: NFD, strip combining marks, đ -> d). */
var Stemmer = function () {
  this.stemWord = function (w) {
    return w.toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d");
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
        return self._word_re.findall(unicodedata.normalize("NFC", input))

    def stem(self, word: str) -> str:
        return fold(word)

    def word_filter(self, word: str) -> bool:
        # numbers are kept: a reader looks for "1669" (a resolution) or "1.361" (đảng viên)
        return bool(word) and word not in self.stopwords


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
