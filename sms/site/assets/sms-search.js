/* sms: a record id typed into the search box finds that record.
 *
 * Material's search (lunr) splits a typed query at hyphens whatever mkdocs.yml's search separator says (lunr's
 * query lexer fixes its term separator when it loads), and joins the parts with OR: "CHG-0008" became
 * "CHG* 0008*", which matched every page naming any change. This script rewrites an id in the query to both its
 * parts, each required ("+CHG +0008*"), so the search finds the pages that name that id, and the record's own
 * page, whose title holds both parts, first. The box keeps showing what was typed: only what Material reads
 * from it (the input's value) is rewritten. No HTML is parsed or written.
 */
(function () {
  "use strict";

  var ID = /^([A-Za-z][A-Za-z0-9]{0,9})-([0-9]{1,9})$/;

  function rewrite(query) {
    return query.split(/(\s+)/).map(function (part) {
      var match = ID.exec(part);
      return match ? "+" + match[1] + " +" + match[2] + "*" : part;
    }).join("");
  }

  var native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");

  function install(root) {
    var inputs = root.querySelectorAll("input.md-search__input");
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.getAttribute("data-sms-search") === "on") return;
      input.setAttribute("data-sms-search", "on");
      Object.defineProperty(input, "value", {
        configurable: true,
        get: function () { return rewrite(native.get.call(this)); },
        set: function (value) { native.set.call(this, value); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { install(document); });
  } else {
    install(document);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { install(document); });
  }
})();
