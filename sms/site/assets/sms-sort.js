/* sms: sortable tables, with no dependency and no network.
 *
 * Every <table data-sortable> gets a button in each column header; pressing it sorts the rows by
 * that column (again: the other way). Cells sort by their data-sort attribute if present, else by their
 * text; numbers compare as numbers, everything else with a numeric-aware collation (so CHG-0002 comes
 * before CHG-0010 and clause 4.2 before 4.10). The script only moves existing rows and creates buttons
 * with textless wrappers: it never parses or writes HTML.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var NUMBER = /^-?\d+(?:\.\d+)?$/;

  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    return (value !== null ? value : cell.textContent || "").trim();
  }

  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) return parseFloat(a) - parseFloat(b);
    return collator.compare(a, b);
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: key(row, index), position: position };
    });
    rows.sort(function (x, y) {
      var order = compare(x.key, y.key);
      if (order === 0) order = x.position - y.position; /* stable */
      return ascending ? order : -order;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function init(root) {
    var tables = root.querySelectorAll("table[data-sortable]");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.getAttribute("data-sms-sorter") === "on" || !table.tHead || !table.tHead.rows.length) return;
      table.setAttribute("data-sms-sorter", "on");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sms-sort";
        while (header.firstChild) button.appendChild(header.firstChild);
        header.appendChild(button);
        header.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () { sortBy(table, index, header); });
      });
    });
  }

  /* Material for MkDocs announces each page (also with instant navigation) through document$. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
