/*
 * Sổ tay nghiệp vụ — tables that read on a phone.
 *
 * Below 600 px (sotay.css) every content table shows each row as a card, one cell per line;
 * this script gives each cell its column's header as a label ("Số bản chính: 1"), read from
 * the table's own header row. A two-column table whose second header is empty is a list of
 * "name | value" pairs and needs no labels (class sotay-pairs). Works from file://.
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

  function init() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(label);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
