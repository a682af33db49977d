/* sms: filterable tables, with no dependency and no network.
 *
 * Every <table data-filterable> gets, above it, a drop-down for each header marked data-filter, listing the
 * distinct values of that column (each cell's text), and one for each header marked data-filter-period,
 * listing the years, quarters and months of that column's dates (a cell's <time datetime>, else the first
 * YYYY-MM-DD in its text). A column with fewer than two values (months, for dates) gets no drop-down: it could
 * filter nothing.
 * Choosing values hides the rows that do not match all of them, and a line says how many rows are shown.
 * Without the script the whole table shows. Like sms-sort.js, the script only reads text and attributes,
 * hides rows and creates elements whose text it sets: it never parses or writes HTML.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var ISO_DAY = /(\d{4})-(\d{2})-\d{2}/;

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  /* The period keys of a cell's date: "y2026", "q2026-Q1", "m2026-03"; none without a date. */
  function periodKeys(row, index) {
    var cell = row.cells[index];
    if (!cell) return [];
    var time = cell.querySelector("time[datetime]");
    var found = ISO_DAY.exec(time ? time.getAttribute("datetime") : cell.textContent || "");
    if (!found) return [];
    var quarter = Math.floor((parseInt(found[2], 10) - 1) / 3) + 1;
    return ["y" + found[1], "q" + found[1] + "-Q" + quarter, "m" + found[1] + "-" + found[2]];
  }

  function periodLabel(key) {
    return key.charAt(0) === "q" ? key.slice(1).replace("-", " ") : key.slice(1);
  }

  function matches(row, item) {
    var wanted = item.select.value;
    if (wanted === "") return true;
    if (item.period) return periodKeys(row, item.index).indexOf(wanted) !== -1;
    return cellText(row, item.index) === wanted;
  }

  function apply(table, selects, counter) {
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var keep = selects.every(function (item) { return matches(row, item); });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    counter.textContent = shown === rows.length ? "All " + rows.length + " rows shown."
      : shown + " of " + rows.length + " rows shown.";
  }

  function option(select, value, label) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = label;
    select.appendChild(item);
  }

  /* The drop-down of one column, or null when the column has fewer than two values. */
  function dropDown(table, header, index, period) {
    var name = (header.textContent || "").trim();
    var values = {};
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (period) {
        periodKeys(row, index).forEach(function (key) { values[key] = true; });
      } else {
        var value = cellText(row, index);
        if (value) values[value] = true;
      }
    });
    var keys = Object.keys(values);
    var choices = period ? keys.filter(function (key) { return key.charAt(0) === "m"; }) : keys;
    if (choices.length < 2) return null;  /* dates all in one month: nothing to choose between */
    var label = document.createElement("label");
    label.className = "sms-filter";
    label.appendChild(document.createTextNode(name + " "));
    var select = document.createElement("select");
    select.setAttribute("data-filter-column", name);
    option(select, "", "all");
    if (period) {
      /* years, then quarters, then months, each newest first: a sample is usually of the latest period */
      ["y", "q", "m"].forEach(function (kind) {
        keys.filter(function (key) { return key.charAt(0) === kind; }).sort().reverse().forEach(function (key) {
          option(select, key, periodLabel(key));
        });
      });
    } else {
      keys.sort(collator.compare).forEach(function (value) { option(select, value, value); });
    }
    label.appendChild(select);
    return { label: label, select: select, index: index, period: period };
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
        var period = header.hasAttribute("data-filter-period");
        if (!period && !header.hasAttribute("data-filter")) return;
        var item = dropDown(table, header, index, period);
        if (!item) return;
        bar.appendChild(item.label);
        selects.push(item);
        item.select.addEventListener("change", function () { apply(table, selects, counter); });
      });
      if (!selects.length) return;
      bar.appendChild(counter);
      /* The table scrolls in a box of its own (and Material may wrap it again): the bar goes above the box. */
      var anchor = table.closest(".sms-scroll") || table.closest(".md-typeset__scrollwrap") || table;
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
