/* Vietnamese search, on top of Sphinx's own (searchtools.js, sphinx_highlight.js).

   The index has every word as written and folded (NFD, no combining marks, đ -> d:
   build_scripts/search_vi.py), so "ky luat" finds "kỷ luật" and "kỷ luật" does not find
   "nhiệm kỳ". Sphinx itself, though,
   it drops words under 3 letters when it checks that a page has every word: most Vietnamese
   syllables are that short once folded ("ky", "bo", "xa"). This script:
   - keeps only the pages that have every typed word, as the search page promises;
   - shows, under each result, the passage where a typed word occurs, and marks the words;
   - marks the words on the page a result leads to, typed with or without diacritics;
   - searches the numbers of a query too (Sphinx skips them).
   A word typed without diacritics matches every accented form of it ("ky": kỳ, kỷ, kỹ); a word
   typed with diacritics matches only itself. Loaded on every page; acts only where Sphinx's
   search is. */
(function () {
  "use strict";
  var WORD_CHAR = /[\p{L}\p{N}_]/u;

  function foldChar(c) {
    return c.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d");
  }
  function fold(s) { return Array.from(s).map(foldChar).join(""); }
  function lowerChar(c) { return c.toLowerCase(); }

  // [start, end, n] ranges of `text` (in UTF-16 units) where words[n] stands as a whole word;
  // sorted, without overlaps.
  function wordRanges(text, words) {
    var ranges = [];
    words.forEach(function (word, n) {
      var lower = word.normalize("NFC").toLowerCase();
      var exact = lower !== fold(word);  // typed with diacritics
      var key = exact ? lowerChar : foldChar;
      var needle = exact ? lower : fold(word);
      if (!needle) { return; }
      var keyed = "", from = [], pos = 0;
      Array.from(text).forEach(function (c) {
        var k = key(c);
        for (var i = 0; i < k.length; i++) { from.push(pos); }
        keyed += k;
        pos += c.length;
      });
      from.push(pos);
      for (var at = keyed.indexOf(needle); at > -1; at = keyed.indexOf(needle, at + 1)) {
        var end = at + needle.length;
        if (WORD_CHAR.test(keyed.charAt(at - 1)) || WORD_CHAR.test(keyed.charAt(end))) { continue; }
        ranges.push([from[at], from[end], n]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var kept = [];
    ranges.forEach(function (r) {
      if (!kept.length || r[0] >= kept[kept.length - 1][1]) { kept.push(r); }
    });
    return kept;
  }

  // Wrap every range of `words` in the text nodes under `root` in <span class="highlighted">,
  // leaving alone what Sphinx has marked already.
  function markWords(root, words) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(".highlighted, .nohighlight, button, select, textarea, script, style")) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var ranges = wordRanges(node.nodeValue, words);
      for (var i = ranges.length - 1; i >= 0; i--) {
        var word = node.splitText(ranges[i][0]);
        word.splitText(ranges[i][1] - ranges[i][0]);
        var span = document.createElement("span");
        span.className = "highlighted";
        word.parentNode.replaceChild(span, word);
        span.appendChild(word);
      }
    });
  }

  // The pages (indexes into the search index's docnames) where `word` (in lower case, as
  // typed into Sphinx's search) occurs: the same lookup as Sphinx's, partial matches included.
  function pagesWith(index, word) {
    var pages = new Set();
    function add(files) {
      if (files === undefined) { return; }
      (files.length === undefined ? [files] : files).forEach(function (f) { pages.add(f); });
    }
    [index.terms, index.titleterms].forEach(function (terms) {
      if (Object.prototype.hasOwnProperty.call(terms, word)) {
        add(terms[word]);
      } else if (word.length > 2) {
        Object.keys(terms).forEach(function (term) { if (term.indexOf(word) > -1) { add(terms[term]); } });
      }
    });
    return pages;
  }

  // The words as typed on the search page (Sphinx passes them on in lower case).
  function typedWords() {
    var query = new URL(window.location).searchParams.get("q");
    var words = query && typeof splitQuery === "function" ? splitQuery(query.trim()) : [];
    return words.length ? words : null;
  }

  // Where the passage under a result starts: the first place where the most different typed
  // words stand within 120 characters ("kỷ luật" rather than the first "nhiệm kỳ").
  function bestPassage(ranges) {
    var best = 0, bestCount = 0;
    ranges.forEach(function (r) {
      var seen = new Set();
      ranges.forEach(function (o) { if (o[0] >= r[0] && o[0] < r[0] + 120) { seen.add(o[2]); } });
      if (seen.size > bestCount) { best = r[0]; bestCount = seen.size; }
    });
    return best;
  }

  function patchSearch() {
    if (typeof Search === "undefined" || !Search.performTermsSearch) { return; }
    // Sphinx skips the numbers of a query; the index has them ("1669", "1.361" = 1 and 361)
    var parseQuery = Search._parseQuery;
    Search._parseQuery = function (query) {
      var parsed = parseQuery(query);
      splitQuery(query.trim()).forEach(function (term) {
        if (/^\d+$/.test(term)) { parsed[1].add(term); }  // not marked: every "1" of the page would be
      });
      return parsed;
    };
    var termsSearch = Search.performTermsSearch;
    Search.performTermsSearch = function (searchTerms, excludedTerms) {
      var results = termsSearch(searchTerms, excludedTerms);
      var index = Search._index;
      var required = Array.from(searchTerms).map(function (word) { return pagesWith(index, word); });
      return results.filter(function (result) {
        var page = index.docnames.indexOf(result[0]);
        return required.every(function (pages) { return pages.has(page); });
      });
    };
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var text = Search.htmlToText(htmlText, anchor);
      if (text === "") { return null; }
      var words = typedWords() || Array.from(keywords);
      var start = Math.max(bestPassage(wordRanges(text, words)) - 120, 0);
      var summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = (start === 0 ? "" : "...") + text.substr(start, 240).trim()
        + (start + 240 < text.length ? "..." : "");
      markWords(summary, words);
      return summary;
    };
  }

  function patchHighlight() {
    if (typeof SphinxHighlight === "undefined") { return; }
    var highlight = SphinxHighlight.highlightSearchWords;
    SphinxHighlight.highlightSearchWords = function () {
      // Sphinx's own reads the words and then forgets them: read them first.
      var typed = localStorage.getItem("sphinx_highlight_terms")
        || new URL(window.location).searchParams.get("highlight") || "";
      highlight();
      var words = typed.split(/\s+/).filter(function (w) { return w; });
      if (!words.length) { return; }
      var body = document.querySelector("div.body") || document.body;
      window.setTimeout(function () { markWords(body, words); }, 20);  // after Sphinx's (10 ms)
    };
  }

  patchHighlight();  // before the page is ready, when Sphinx calls it
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", patchSearch);
  } else {
    patchSearch();
  }
})();
