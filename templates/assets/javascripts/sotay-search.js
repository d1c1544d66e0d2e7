/*
 * Sổ tay nghiệp vụ — offline search.
 *
 * Loads the index that src/sotay/search.py prebuilt with the lunr Python package (in
 * search-index.js, as window.SOTAY_SEARCH) into lunr.js, with the same "sotayFold" pipeline
 * function, so it works from file:// with no worker and no network. The index (four fifths of a
 * page's weight) is loaded when the reader first reaches for search — focusing the box, or "/" —
 * by adding its <script> then, not on every page load. Every query word must match
 * on a page; only the last one is a prefix, because it is still being typed. Results come as
 * you type (on "input", which also fires for Vietnamese input methods), one per page, with the
 * best-matching section as a deep link.
 */
(function () {
  "use strict";

  var COMBINING = /[\u0300-\u036f]/g;
  var EDGES = /^[^a-z0-9]+|[^a-z0-9]+$/g;

  // Must equal search.fold in Python: lowercase, NFD, strip combining marks, đ → d.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(COMBINING, "").replace(/đ/g, "d");
  }
  function foldToken(text) {
    return fold(text).replace(EDGES, "");
  }

  function sotayFold(token) {
    var folded = foldToken(token.toString());
    return folded ? token.update(function () { return folded; }) : undefined;
  }
  lunr.Pipeline.registerFunction(sotayFold, "sotayFold");

  var data = null;
  var index = null;
  var loading = [];  // callbacks waiting for the index
  var whenLoaded = [];  // run first, once, when it arrives (the filters)
  var base = siteRoot();
  var timings = (window.__sotaySearchTimings = []);
  var MAX_RESULTS = 10;

  function siteRoot() {
    var script = document.currentScript || document.querySelector('script[src*="sotay-search.js"]');
    return script.src.replace(/assets\/javascripts\/sotay-search\.js.*$/, "");
  }

  // Load search-index.js once; call ``done`` when the index is ready (at once if it already is).
  function withIndex(done) {
    if (index) { done(); return; }
    loading.push(done);
    if (loading.length > 1) return;
    var started = performance.now();
    var script = document.createElement("script");
    script.src = base + "assets/javascripts/search-index.js";
    script.onload = function () {
      data = window.SOTAY_SEARCH;
      index = lunr.Index.load(data.index);
      window.__sotaySearchIndexMs = performance.now() - started;
      whenLoaded.forEach(function (callback) { callback(); });
      var waiting = loading;
      loading = [];
      waiting.forEach(function (callback) { callback(); });
    };
    script.onerror = function () {
      loading = [];
      var status = document.querySelector(".sotay-search__status");
      if (status) status.textContent = "Không tải được dữ liệu tìm kiếm (assets/javascripts/search-index.js).";
    };
    document.head.appendChild(script);
  }

  function queryTokens(query) {
    return lunr.tokenizer(query).map(function (t) { return foldToken(t.toString()); }).filter(Boolean);
  }

  // What a result is, shown before its code, field and level.
  var KIND_NAMES = {
    procedure: "Thủ tục", task: "Nhiệm vụ", legal: "Văn bản", chapter: "Chương", level: "Cấp",
    retired: "Không còn áp dụng", changes: "Những điểm mới", page: "Trang",
  };

  function known(token) {
    return Object.prototype.hasOwnProperty.call(index.invertedIndex, token);
  }

  // Words typed joined ("dangky") or split ("x quang" where the text has "xquang") are rewritten
  // to words the index knows; the last word, still being typed, is left alone.
  function respell(tokens) {
    var out = [];
    for (var i = 0; i < tokens.length; i++) {
      var token = tokens[i];
      if (i < tokens.length - 1 && !known(token)) {
        if (known(token + tokens[i + 1])) { out.push(token + tokens[i + 1]); i++; continue; }
        var split = null;
        for (var k = token.length - 1; k > 0 && !split; k--) {
          if (known(token.slice(0, k)) && known(token.slice(k))) split = [token.slice(0, k), token.slice(k)];
        }
        if (split) { out.push(split[0], split[1]); continue; }
      }
      out.push(token);
    }
    return out;
  }

  // One letter wrong, missing or extra.
  function near(term, token) {
    if (term === token) return true;
    var a = term.length, b = token.length;
    if (Math.abs(a - b) > 1 || Math.min(a, b) < 3) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a && j < b) {
      if (term[i] === token[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a > b) i++; else if (b > a) j++; else { i++; j++; }
    }
    return edits + (a - i) + (b - j) <= 1;
  }

  // Search. Every query word must match somewhere on a page (its title or any section); the
  // last word is a prefix. Sections are separate documents in the index, so the words are
  // looked up with OR and the pages assembled here. When nothing holds every word: the words
  // respelled (joined or split as the index knows them), then one wrong letter forgiven, then
  // the pages holding most of the words, marked as partial.
  function search(query, filters) {
    var tokens = queryTokens(query);
    // A single letter still being typed would match hundreds of words as a prefix: wait for the next.
    if (tokens.length && tokens[tokens.length - 1].length < 2 && !/\s$/.test(query)) tokens.pop();
    if (!tokens.length) return [];
    var typed = typedWords(query);
    var results = lookUp(tokens, filters, false, false, typed);
    if (results.length) return results;
    var respelled = respell(tokens);
    if (respelled.join(" ") !== tokens.join(" ")) {
      results = lookUp(respelled, filters, false, false, typed);
      if (results.length) return results;
    }
    results = lookUp(respelled, filters, true, false, typed);
    if (results.length) return results;
    results = lookUp(respelled, filters, true, true, typed);
    results.partial = results.length > 0;
    return results;
  }

  // The words typed with their diacritics: they rank titles holding them exactly first ("cân").
  function typedWords(query) {
    var words = query.toLowerCase().normalize("NFC").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return words.filter(function (word) { return fold(word) !== word; });
  }

  function lookUp(tokens, filters, fuzzy, partial, typed) {
    var last = tokens.length - 1;
    var hits;
    try {
      hits = index.query(function (q) {
        tokens.forEach(function (token, i) {
          var clause = {
            usePipeline: false,
            wildcard: i === last ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          };
          // Only when forgiving a letter: lunr reads any editDistance key, even 0, as a fuzzy
          // term, which then ignores the trailing wildcard.
          if (fuzzy && i !== last && token.length >= 4) clause.editDistance = 1;
          q.term(token, clause);
        });
      });
    } catch (error) {
      return [];
    }
    var pages = {};
    hits.forEach(function (hit) {
      var doc = data.docs[Number(hit.ref)];
      var entry = pages[doc[0]] || (pages[doc[0]] = { covered: {}, head: {}, best: 0, total: 0, section: null, sectionCover: 0, sectionScore: 0 });
      var matched = hit.matchData.metadata;
      var inSection = {};
      Object.keys(matched).forEach(function (term) {
        tokens.forEach(function (token, i) {
          var match = term === token || (i === last && term.indexOf(token) === 0) || (fuzzy && i !== last && near(term, token));
          if (!match) return;
          entry.covered[i] = true;
          if (matched[term].title || matched[term].code) entry.head[i] = true;
          if (matched[term].body || matched[term].heading || matched[term].aliases) inSection[i] = true;
        });
      });
      entry.best = Math.max(entry.best, hit.score);
      entry.total += hit.score;
      // The deep link goes to the section holding most of the words (and the best score among those).
      var cover = Object.keys(inSection).length;
      if (doc[1] && cover && (cover > entry.sectionCover || (cover === entry.sectionCover && hit.score > entry.sectionScore))) {
        entry.section = doc; entry.sectionCover = cover; entry.sectionScore = hit.score;
      }
    });
    var needed = partial ? Math.max(1, Math.ceil(tokens.length / 2)) : tokens.length;
    var results = [];
    Object.keys(pages).forEach(function (key) {
      var entry = pages[key];
      var page = data.pages[Number(key)];
      var covered = Object.keys(entry.covered).length;
      if (covered < needed) return;
      if (filters.level && page[6] !== filters.level) return;
      if (filters.field && page[4] !== filters.field) return;
      // Title and name matches outrank body matches: first by how many query words the title
      // (or code) holds, then by the lunr score, where the best section counts most and other
      // matching sections add a little.
      var inTitle = Object.keys(entry.head).length;
      var score = (inTitle === tokens.length ? 100 : 10 * inTitle / tokens.length) +
        30 * runs(page[1], tokens, 2) + 20 * runs(page[1], tokens, 3) + 40 * longestRun(page[1], tokens) +
        15 * exactly(page[1], typed) + entry.best + 0.25 * (entry.total - entry.best) + 200 * covered;
      // When the title (or code) alone holds every word, the page itself is the answer; a section
      // is a deep link only if it holds every word the title does not.
      if (inTitle === tokens.length || entry.sectionCover < tokens.length - inTitle) entry.section = null;
      // A procedure code or document number typed alone puts its own page first.
      if (tokens.length === 1 && page[3] && foldToken(page[3]).indexOf(tokens[0]) === 0) score += 1000;
      results.push({
        page: page,
        anchor: entry.section ? entry.section[1] : "",
        section: entry.section ? entry.section[2] : "",
        score: score,
      });
    });
    results.sort(function (a, b) { return b.score - a.score || (a.page[1] < b.page[1] ? -1 : 1); });
    return results.slice(0, MAX_RESULTS);
  }

  // Share of the words typed with diacritics that the title holds exactly, as whole words.
  function exactly(title, typed) {
    if (!typed.length) return 0;
    var words = " " + title.toLowerCase().normalize("NFC").split(/[^\p{L}\p{N}]+/u).join(" ") + " ";
    return typed.filter(function (word) { return words.indexOf(" " + word + " ") >= 0; }).length / typed.length;
  }

  // Share of runs of `n` consecutive query words that also follow each other in `title`. Word
  // order tells "...viễn thông có hạ tầng mạng" from "...viễn thông không có hạ tầng mạng", and
  // runs of three separate what folding merges ("có" and "cố" both become "co").
  function runs(title, tokens, n) {
    if (tokens.length < n) return 0;
    var words = fold(title).split(/[^a-z0-9]+/).filter(Boolean);
    var text = " " + words.join(" ") + " ";
    var found = 0;
    for (var j = n - 1; j < tokens.length; j++) {
      var run = tokens.slice(j - n + 1, j + 1).join(" ");
      // The last word may be unfinished: match it as a prefix.
      if (text.indexOf(" " + run + (j === tokens.length - 1 ? "" : " ")) >= 0) found++;
    }
    return found / (tokens.length - n + 1);
  }

  // The longest stretch of the query found word for word in `title`, as a share of the query.
  function longestRun(title, tokens) {
    var text = " " + fold(title).split(/[^a-z0-9]+/).filter(Boolean).join(" ") + " ";
    var best = 0;
    for (var start = 0; start < tokens.length; start++) {
      for (var end = tokens.length; end > start + best; end--) {
        var run = tokens.slice(start, end).join(" ");
        if (text.indexOf(" " + run + (end === tokens.length ? "" : " ")) >= 0) { best = end - start; break; }
      }
    }
    return best >= 2 ? best / tokens.length : 0;
  }

  // Wrap the parts of `text` that match a query word (diacritics ignored) in <mark>.
  function highlight(text, tokens) {
    var folded = "";
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { folded += f[j]; map.push(i); }
    }
    var marks = [];
    tokens.forEach(function (token, n) {
      var at = 0;
      while ((at = folded.indexOf(token, at)) !== -1) {
        var startsWord = at === 0 || !/[a-z0-9]/.test(folded[at - 1]);
        // Whole words only; the last query word may still be unfinished, so it may be a prefix.
        var endsWord = n === tokens.length - 1 || at + token.length >= folded.length ||
          !/[a-z0-9]/.test(folded[at + token.length]);
        if (startsWord && endsWord) marks.push([map[at], map[at + token.length - 1] + 1]);
        at += token.length;
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = "";
    var last = 0;
    marks.forEach(function (m) {
      if (m[0] < last) return;
      out += escapeHtml(text.slice(last, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      last = m[1];
    });
    return out + escapeHtml(text.slice(last));
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function option(value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    return element;
  }

  function buildUi() {
    var root = document.createElement("div");
    root.className = "sotay-search";
    root.setAttribute("role", "search");
    root.innerHTML =
      '<input class="sotay-search__input" type="search" autocomplete="off" spellcheck="false"' +
      ' placeholder="Tìm thủ tục, mã, văn bản (/)" aria-label="Tìm kiếm trong sổ tay">' +
      '<div class="sotay-search__panel" hidden>' +
      '<div class="sotay-search__filters">' +
      '<select data-filter="level" aria-label="Lọc theo cấp"></select>' +
      '<select data-filter="field" aria-label="Lọc theo lĩnh vực"></select></div>' +
      '<p class="sotay-search__status" aria-live="polite"></p>' +
      '<ol class="sotay-search__results" role="listbox"></ol></div>';
    var levelSelect = root.querySelector('[data-filter="level"]');
    var fieldSelect = root.querySelector('[data-filter="field"]');
    levelSelect.appendChild(option("", "Mọi cấp"));
    fieldSelect.appendChild(option("", "Mọi lĩnh vực"));
    var header = document.querySelector(".md-header__inner") || document.body;
    header.appendChild(root);
    return root;
  }

  // The filters list the levels and fields the index knows: filled once it is loaded.
  function fillFilters(root) {
    var levels = {};
    var fields = {};
    data.pages.forEach(function (p) {
      if (p[6]) levels[p[6]] = p[7];
      if (p[4]) fields[p[4]] = p[5];
    });
    var levelSelect = root.querySelector('[data-filter="level"]');
    var fieldSelect = root.querySelector('[data-filter="field"]');
    Object.keys(levels).sort().forEach(function (id) { levelSelect.appendChild(option(id, levels[id])); });
    Object.keys(fields).sort().forEach(function (id) { fieldSelect.appendChild(option(id, fields[id])); });
  }

  function init() {
    var root = buildUi();
    var input = root.querySelector("input");
    var panel = root.querySelector(".sotay-search__panel");
    var list = root.querySelector("ol");
    var status = root.querySelector(".sotay-search__status");
    var selects = root.querySelectorAll("select");
    var selected = -1;

    function render() {
      if (!index) {
        if (input.value.trim()) {
          status.textContent = "Đang tải dữ liệu tìm kiếm…";
          panel.hidden = false;
        }
        withIndex(render);
        return;
      }
      var started = performance.now();
      var query = input.value;
      var filters = { level: selects[0].value, field: selects[1].value };
      var results = search(query, filters);
      var tokens = queryTokens(query);
      list.innerHTML = results.map(function (r, i) {
        var page = r.page;
        var meta = [KIND_NAMES[page[2]] || "", page[3], page[5], page[7]].filter(Boolean).map(escapeHtml).join(" · ");
        var href = base + page[0] + (r.anchor && page[0].indexOf("#") < 0 ? "#" + r.anchor : "");
        return '<li role="option" id="sotay-result-' + i + '"><a href="' + escapeHtml(href) + '">' +
          '<span class="sotay-search__name">' + highlight(page[1], tokens) + "</span>" +
          (meta ? '<span class="sotay-search__meta">' + meta + "</span>" : "") +
          (r.section ? '<span class="sotay-search__section">→ ' + highlight(r.section, tokens) + "</span>" : "") +
          "</a></li>";
      }).join("");
      status.textContent = !query.trim() ? "" : !results.length ? "Không tìm thấy kết quả phù hợp." :
        results.partial ? "Không có trang nào chứa đủ mọi từ đã gõ. Các trang gần đúng nhất:" : "";
      panel.hidden = !query.trim();
      selected = results.length ? 0 : -1;
      mark();
      root.setAttribute("data-query", query);
      timings.push(performance.now() - started);
    }

    function mark() {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === selected)); });
      if (items[selected]) items[selected].scrollIntoView({ block: "nearest" });
    }

    function open(link) {
      if (!link) return;
      try { sessionStorage.setItem("sotay-highlight", input.value); } catch (error) { /* file:// may refuse */ }
      window.location.href = link.href;
    }

    input.addEventListener("input", render);
    selects.forEach(function (s) { s.addEventListener("change", render); });
    list.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (link) { event.preventDefault(); open(link); }
    });
    input.addEventListener("keydown", function (event) {
      var count = list.querySelectorAll("li").length;
      if (event.key === "ArrowDown" && count) { selected = (selected + 1) % count; mark(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && count) { selected = (selected - 1 + count) % count; mark(); event.preventDefault(); }
      else if (event.key === "Enter") { var item = list.querySelectorAll("li a")[Math.max(selected, 0)]; open(item); event.preventDefault(); }
      else if (event.key === "Escape") { input.value = ""; render(); input.blur(); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) panel.hidden = true;
    });
    input.addEventListener("focus", function () {
      withIndex(function () {});  // start loading as soon as the reader reaches for search
      if (input.value.trim()) panel.hidden = false;
    });
    whenLoaded.push(function () { fillFilters(root); });
    highlightArrival();
    window.__sotaySearchReady = performance.now();
  }

  // After following a result, mark the query words in the page's content.
  function highlightArrival() {
    var query;
    try { query = sessionStorage.getItem("sotay-highlight"); sessionStorage.removeItem("sotay-highlight"); } catch (error) { return; }
    var tokens = query ? queryTokens(query) : [];
    var article = document.querySelector("article");
    if (!tokens.length || !article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      if (!node.nodeValue.trim() || node.parentNode.closest("a.headerlink, script, style")) return;
      var marked = highlight(node.nodeValue, tokens);
      if (marked.indexOf("<mark>") < 0) return;
      var span = document.createElement("span");
      span.innerHTML = marked;
      node.parentNode.replaceChild(span, node);
    });
  }

  // For tests and for curious maintainers in the browser console.
  window.sotaySearch = { fold: fold, foldToken: foldToken, search: search };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
