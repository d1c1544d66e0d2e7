/*
 * Sổ tay nghiệp vụ — tables that read on a phone.
 *
 * Below 600 px (sotay.css) every content table shows each row as a card, one cell per line;
 * this script gives each cell its column's header as a label ("Số bản chính: 1"), read from
 * the table's own header row. A two-column table whose second header is empty is a list of
 * "name | value" pairs and needs no labels (class sotay-pairs). Works from file://.
 *
 * Downloads: after each link the size of its file (from the build's figures in sotay-package.js);
 * inside an unzipped offline package, links to the packages themselves become a note.
 */
(function () {
  "use strict";

  function label(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (headers.length === 2 && !headers[1]) {
      table.classList.add("sotay-pairs");
      return;
    }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (headers[i]) cell.setAttribute("data-label", headers[i]);
      });
    });
  }

  function megabytes(bytes) {
    var size = bytes >= 100000 ? (bytes / 1000000).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1000)) + " KB";
    return " (" + size.replace(".", ",") + ")";
  }

  function downloads(info) {
    document.querySelectorAll(".sotay-size[data-size-of]").forEach(function (span) {
      var bytes = info.sizes[span.getAttribute("data-size-of")];
      span.textContent = bytes ? megabytes(bytes) : "";
    });
    if (!info.inside) return;
    function replace(selector, text) {
      document.querySelectorAll(selector).forEach(function (link) {
        var note = document.createElement("em");
        note.className = "sotay-package-note";
        note.textContent = text;
        link.replaceWith(note);
      });
    }
    replace('a[href$=".zip"]', "Bạn đang dùng bản ngoại tuyến đã tải về: không cần tải lại.");
    if (!info.pdfs) {
      replace(
        'a[href$=".pdf"], a[href*=".pdf#"], a[href$=".epub"]',
        "Tệp PDF và EPUB có trong gói đầy đủ (kèm PDF) hoặc trên trang web của sổ tay."
      );
    }
  }

  // Numbers that must not break across lines: document numbers (132/2025/NĐ-CP), dates
  // (29/11/2005), codes (1.011937), amounts (250.000). The stylesheet lets long words break
  // anywhere so that pasted addresses fit a phone; these are kept whole instead.
  var WHOLE = /\d[\d.,/]*[./]\d(?:[\w./\-À-ỹĐđ]*[\wÀ-ỹĐđ])?/g;

  function keepWhole(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      var node = walker.currentNode;
      if (WHOLE.test(node.nodeValue) && !node.parentNode.closest("code, pre, script, style, a.headerlink, .sotay-nowrap")) {
        nodes.push(node);
      }
      WHOLE.lastIndex = 0;
    }
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var fragment = document.createDocumentFragment();
      var last = 0;
      text.replace(WHOLE, function (match, at) {
        fragment.appendChild(document.createTextNode(text.slice(last, at)));
        var span = document.createElement("span");
        span.className = "sotay-nowrap";
        span.textContent = match;
        fragment.appendChild(span);
        last = at + match.length;
        return match;
      });
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function init() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(label);
    var article = document.querySelector("article");
    if (article) keepWhole(article);
    downloads(window.SOTAY_PACKAGE || { inside: false, sizes: {} });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
