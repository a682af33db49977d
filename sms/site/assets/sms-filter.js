/* sms: filterable tables, with no dependency and no network.
 *
 * Every <table data-filterable> gets, above it, a drop-down for each header marked data-filter, listing the
 * distinct values of that column (each cell's text); choosing values hides the rows that do not match all of
 * them, and a line says how many rows are shown. Like sms-sort.js, the script only reads text, hides rows and
 * creates elements whose text it sets: it never parses or writes HTML.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  function apply(table, selects, counter) {
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var keep = selects.every(function (item) {
        return item.select.value === "" || cellText(row, item.index) === item.select.value;
      });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    counter.textContent = shown === rows.length ? "All " + rows.length + " rows shown."
      : shown + " of " + rows.length + " rows shown.";
  }

  function init(root) {
    var tables = root.querySelectorAll("table[data-filterable]");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.getAttribute("data-sms-filter") === "on" || !table.tHead || !table.tBodies[0]) return;
      table.setAttribute("data-sms-filter", "on");
      var bar = document.createElement("div");
      bar.className = "sms-filters";
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", "Filter the table");
      var counter = document.createElement("p");
      counter.className = "sms-filter-count";
      counter.setAttribute("aria-live", "polite");
      var selects = [];
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
        if (!header.hasAttribute("data-filter")) return;
        var name = (header.textContent || "").trim();
        var values = {};
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var value = cellText(row, index);
          if (value) values[value] = true;
        });
        var label = document.createElement("label");
        label.className = "sms-filter";
        label.appendChild(document.createTextNode(name + " "));
        var select = document.createElement("select");
        select.setAttribute("data-filter-column", name);
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "all";
        select.appendChild(all);
        Object.keys(values).sort(collator.compare).forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        });
        label.appendChild(select);
        bar.appendChild(label);
        selects.push({ select: select, index: index });
        select.addEventListener("change", function () { apply(table, selects, counter); });
      });
      bar.appendChild(counter);
      /* Material wraps tables in a scrolling container: the bar goes above the wrapper, not inside it. */
      var anchor = table.closest(".md-typeset__scrollwrap") || table;
      anchor.parentNode.insertBefore(bar, anchor);
      apply(table, selects, counter);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
