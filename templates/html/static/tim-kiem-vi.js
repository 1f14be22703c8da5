/* Search results: show the passage where the word occurs even when it was typed
   without diacritics. Sphinx looks for the typed word as is; this looks for it
   after folding (NFD, no combining marks, đ -> d), as build_scripts/search_vi.py
   does for the index. Loaded on every page; acts only where Sphinx's search is. */
(function () {
  "use strict";
  function foldChar(c) {
    return c.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d");
  }
  function fold(s) { return Array.from(s).map(foldChar).join(""); }
  // Position in `text` of the first of `words` found after folding, or -1.
  function foldedIndexOf(text, words) {
    var chars = Array.from(text), folded = "", starts = [];
    chars.forEach(function (c, i) {
      var f = foldChar(c);
      for (var k = 0; k < f.length; k++) { starts.push(i); }
      folded += f;
    });
    var offsets = [], pos = 0;
    chars.forEach(function (c) { offsets.push(pos); pos += c.length; });
    var best = -1;
    words.forEach(function (w) {
      var at = folded.indexOf(fold(w));
      if (at > -1 && (best === -1 || at < best)) { best = at; }
    });
    return best === -1 ? -1 : offsets[starts[best]];
  }
  function patch() {
    if (typeof Search === "undefined" || !Search.makeSearchSummary) { return; }
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var text = Search.htmlToText(htmlText, anchor);
      if (text === "") { return null; }
      var at = foldedIndexOf(text, Array.from(keywords));
      var start = Math.max((at > -1 ? at : 0) - 120, 0);
      var top = start === 0 ? "" : "...";
      var tail = start + 240 < text.length ? "..." : "";
      var summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = top + text.substr(start, 240).trim() + tail;
      return summary;
    };
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", patch);
  } else {
    patch();
  }
})();
