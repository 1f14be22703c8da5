/* Vietnamese search, on top of Sphinx's own (searchtools.js, sphinx_highlight.js).

   The index has every word as written and folded (NFD, no combining marks, đ -> d:
   build_scripts/search_vi.py), so "ky luat" finds "kỷ luật" and "kỷ luật" does not find
   "nhiệm kỳ". Sphinx itself, though,
   it drops words under 3 letters when it checks that a page has every word: most Vietnamese
   syllables are that short once folded ("ky", "bo", "xa"). This script:
   - keeps only the pages that have every typed word, as the search page promises;
   - lists, in those pages, each section that has every word (or "quoted phrase"): its heading
     links to its anchor, the headings above it name where it stands, and the sentence with
     the words is shown with the words marked (sections from _static/muc-tim-kiem.js, written
     at build time by build_scripts/search_vi.py); sections where the words stand side by side
     come first, then the report's order;
   - marks the words on the page a result leads to, typed with or without diacritics;
   - searches the numbers of a query too (Sphinx skips them).
   A word typed without diacritics matches every accented form of it ("ky": kỳ, kỷ, kỹ); a word
   typed with diacritics matches only itself. Loaded on every page; acts only where Sphinx's
   search is. */
(function () {
  "use strict";
  var WORD_CHAR = /[\p{L}\p{N}_]/u;

  var SPACE = /\s/;
  function foldChar(c) {
    if (SPACE.test(c)) { return " "; }
    return c.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d");
  }
  function fold(s) { return Array.from(s).map(foldChar).join(""); }
  function lowerChar(c) { return SPACE.test(c) ? " " : c.toLowerCase(); }
  function squeeze(s) { return s.normalize("NFC").trim().split(/\s+/).join(" "); }

  // [start, end, n] ranges of `text` (in UTF-16 units) where words[n] stands as a whole word;
  // sorted, without overlaps.
  function wordRanges(text, words) {
    var ranges = [];
    words.forEach(function (word, n) {
      var lower = squeeze(word).toLowerCase();  // a word, or a phrase of words
      var exact = lower !== fold(lower);  // typed with diacritics
      var key = exact ? lowerChar : foldChar;
      var needle = exact ? lower : fold(lower);
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

  // What to look for, from the query as typed: each "quoted phrase" as one unit, each other
  // word on its own ("-word" excluded by Sphinx is left out here too).
  function typedNeedles() {
    var query = new URL(window.location).searchParams.get("q") || "";
    var needles = [];
    query = query.replace(/["“”]([^"“”]+)["“”]/g, function (all, phrase) {
      if (squeeze(phrase)) { needles.push(squeeze(phrase)); }
      return " ";
    });
    var words = typeof splitQuery === "function" ? splitQuery(query.trim()) : query.split(/\s+/);
    words.forEach(function (w) { if (w && w.charAt(0) !== "-") { needles.push(w); } });
    return needles.length ? needles : null;
  }

  function has(text, needle) { return wordRanges(text, [needle]).length > 0; }

  // The sentence of `text` with the most of the needles (side by side counts more), cut
  // around the first of them when long.
  function bestSentence(text, needles) {
    var sentences = text.split(/(?<=[.!?;:])\s+/);
    var best = sentences[0], bestScore = -1;
    var together = needles.length > 1 ? needles.join(" ") : null;
    sentences.forEach(function (sentence) {
      var found = wordRanges(sentence, needles);
      var score = new Set(found.map(function (r) { return r[2]; })).size * 10 + found.length;
      if (together && has(sentence, together)) { score += 100; }
      if (score > bestScore) { best = sentence; bestScore = score; }
    });
    best = best.trim();
    if (best.length <= 320) { return best; }
    var first = wordRanges(best, needles)[0];
    var start = Math.max((first ? first[0] : 0) - 140, 0);
    return (start ? "…" : "") + best.substr(start, 300).trim() + (start + 300 < best.length ? "…" : "");
  }

  // The sections of the pages Sphinx found that have every needle, best first: the needles
  // side by side ("dao co" as "Đảo Cò"), then the report's order. Each is a result as Sphinx
  // shows it: [page, heading, "#anchor", null, score, file, kind].
  function sectionResults(results, needles) {
    var pages = new Set(results.map(function (r) { return r[0]; }));
    var together = needles.length > 1 ? needles.join(" ") : null;
    var found = [], order = 0;
    Object.keys(window.MUC_TIM_KIEM).forEach(function (page) {
      window.MUC_TIM_KIEM[page].forEach(function (section) {
        order += 1;
        if (!pages.has(page)) { return; }
        var text = section.muc + " " + section.chu;
        if (!needles.every(function (n) { return has(text, n); })) { return; }
        var side = together && has(text, together) ? 1 : 0;
        var file = Search._index.filenames[Search._index.docnames.indexOf(page)];
        found.push({ result: [page, section.muc, "#" + section.id, null, side * 100000 - order, file, "text"],
                     section: section });
      });
    });
    // a page with every word, but not in any one section: the page itself, with the best sentence
    pages.forEach(function (page) {
      var sections = window.MUC_TIM_KIEM[page];
      if (!sections || !sections.length || found.some(function (f) { return f.result[0] === page; })) { return; }
      var whole = { id: "", muc: sections[0].muc, tren: sections[0].tren,
                    chu: sections.map(function (s, i) { return (i ? s.muc + ". " : "") + s.chu; }).join(" ") };
      if (!needles.every(function (n) { return has(whole.muc + " " + whole.chu, n); })) { return; }
      var file = Search._index.filenames[Search._index.docnames.indexOf(page)];
      found.push({ result: [page, whole.muc, "", null, -100000 - order, file, "text"], section: whole });
    });
    found.sort(function (a, b) { return b.result[4] - a.result[4]; });
    sectionsShown = {};
    found.forEach(function (f) { sectionsShown[f.result[0] + (f.result[2] || "#")] = f.section; });
    return found.map(function (f) { return f.result; }).reverse();  // Sphinx shows the last first
  }

  var sectionsShown = {};

  // Under each section listed: where it stands (the headings above it) and the sentence.
  function describe(item, needles) {
    var link = item.querySelector("a");
    if (!link || item.querySelector(".vi-tri")) { return; }
    var href = link.getAttribute("href");
    var page = href.split("#")[0].replace(new RegExp(DOCUMENTATION_OPTIONS.LINK_SUFFIX.replace(".", "\\.") + "$"), "");
    var section = sectionsShown[page + "#" + (href.split("#")[1] || "")];
    if (!section) { return; }
    var where = document.createElement("p");
    where.className = "vi-tri";
    where.textContent = section.tren.join(" › ");
    var sentence = document.createElement("p");
    sentence.className = "context";
    sentence.textContent = bestSentence(section.chu || section.muc, needles);
    markWords(sentence, needles);
    markWords(link, needles);
    item.insertBefore(where, link);
    item.appendChild(sentence);
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
    var needles = typedNeedles();
    if (!window.MUC_TIM_KIEM || !needles) { return; }
    var performSearch = Search._performSearch;
    Search._performSearch = function (query, searchTerms, excludedTerms, highlightTerms, objectTerms) {
      return sectionResults(performSearch(query, searchTerms, excludedTerms, highlightTerms, objectTerms), needles);
    };
    // the sentence comes from the list of sections: no need to fetch each page
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
    var out = document.getElementById("search-results");
    if (out) {
      new MutationObserver(function () {
        out.querySelectorAll("ul.search > li").forEach(function (li) { describe(li, needles); });
      }).observe(out, { childList: true, subtree: true });
    }
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
