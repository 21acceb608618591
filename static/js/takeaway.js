// Take-away (#15): "Keep my reflections" copies this person's own reflections and the
// session's cards into the solo journal in this browser's storage (the same store and
// entry shape as static/js/solo.js), so they stay on the device after the server deletes
// the session. Nothing is sent anywhere. The CPD record page's print button lives here too.
(function () {
  "use strict";

  var STORE_KEY = "cyt.solo.journal.v1"; // shared with solo.js

  function readJournal() {
    try {
      var entries = JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]");
      return Array.isArray(entries) ? entries : [];
    } catch (error) {
      return [];
    }
  }

  function keep(button) {
    var section = button.closest("[data-takeaway]");
    var status = section.querySelector("[data-keep-status]");
    var link = section.querySelector("[data-keep-journal]");
    var now = new Date().toISOString();
    try {
      var incoming = JSON.parse(section.getAttribute("data-entries"));
      var ids = {};
      incoming.forEach(function (entry) { entry.updated = now; ids[entry.id] = true; });
      // Keeping again replaces this session's entries instead of adding copies.
      var others = readJournal().filter(function (entry) { return !ids[entry.id]; });
      window.localStorage.setItem(STORE_KEY, JSON.stringify(others.concat(incoming)));
      status.textContent = status.getAttribute("data-done");
      link.hidden = false;
    } catch (error) {
      status.textContent = status.getAttribute("data-failed");
    }
    status.hidden = false;
    status.focus();
  }

  function reveal(root) {
    (root || document).querySelectorAll("[data-keep-reflections], [data-print]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-keep-reflections], [data-print]") : null;
    if (!target) { return; }
    if (target.hasAttribute("data-print")) { window.print(); return; }
    keep(target);
  });
  document.addEventListener("DOMContentLoaded", function () { reveal(); });
  document.addEventListener("htmx:afterSettle", function () { reveal(); });
})();
