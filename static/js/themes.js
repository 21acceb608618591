// Console themes: drag a reflection onto another theme (the same "Move" form a keyboard
// uses is submitted), and keep the facilitator's place while live updates arrive.
// Without this file every control still works as a plain form.
(function () {
  "use strict";
  var dragging = null;
  var stale = false;

  function panel() { return document.querySelector("[data-themes-panel]"); }
  function busy(p) {
    var active = document.activeElement;
    var working = active && p.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
    return Boolean(dragging || working);
  }
  // What the facilitator opened stays open when the panel is redrawn.
  var opened = [];
  function remember(p) {
    opened = Array.prototype.map.call(p.querySelectorAll("details[open][data-keep-open]"), function (d) {
      return d.getAttribute("data-keep-open");
    });
  }
  function reopen(p) {
    opened.forEach(function (name) {
      var details = p.querySelector('details[data-keep-open="' + name + '"]');
      if (details) { details.open = true; }
    });
  }
  function refresh(p) {
    stale = false;
    window.htmx.ajax("GET", p.getAttribute("data-poll"), { target: p, swap: "innerHTML" });
  }

  // A reflection arriving must not close what the facilitator opened or wipe what they
  // are typing: hold the update until they leave the panel.
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var p = panel();
    if (!p || event.target !== p) { return; }
    if (busy(p)) { event.preventDefault(); stale = true; return; }
    remember(p);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var p = panel();
    if (p && event.detail.target === p) { remember(p); }
  });
  document.addEventListener("htmx:sseMessage", function (event) {
    var p = panel();
    if (p && event.target === p) { reopen(p); }
  });
  document.addEventListener("focusout", function () {
    var p = panel();
    if (!p || !stale) { return; }
    window.setTimeout(function () { if (stale && !busy(p)) { refresh(p); } }, 0);
  });

  // A rejected edit (400) comes back with the error beside the field: show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var p = panel();
    if (p && event.detail.target === p && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // After an edit replaced the panel, keep keyboard focus in it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var p = panel();
    if (!p || event.detail.target !== p) { return; }
    reopen(p);
    var active = document.activeElement;
    if (!active || active === document.body) {
      var target = p.querySelector("[role=alert]") ? p.querySelector("[role=alert]").closest("form, .theme-box") : null;
      var focusable = target && target.querySelector("input:not([type=hidden]), select");
      (focusable || document.querySelector("[data-themes-focus]")).focus();
    }
  });

  // Drag and drop ----------------------------------------------------------------------
  function dropBox(event) {
    var box = event.target.closest ? event.target.closest("[data-theme-drop]") : null;
    return box && dragging && !box.contains(dragging) ? box : null;
  }
  function clearTargets() {
    document.querySelectorAll(".is-drop-target").forEach(function (el) { el.classList.remove("is-drop-target"); });
  }
  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest ? event.target.closest("[data-reflection]") : null;
    var p = panel();
    if (!item || !p || !p.contains(item)) { return; }
    dragging = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-reflection"));
  });
  document.addEventListener("dragend", function () {
    if (dragging) { dragging.classList.remove("is-dragging"); }
    dragging = null;
    clearTargets();
    var p = panel();
    if (p && stale) { refresh(p); }
  });
  document.addEventListener("dragover", function (event) {
    var box = dropBox(event);
    if (!box) { return; }
    event.preventDefault();
    clearTargets();
    box.classList.add("is-drop-target");
  });
  document.addEventListener("drop", function (event) {
    var box = dropBox(event);
    if (!box) { return; }
    event.preventDefault();
    var form = dragging.querySelector("form.theme-member__move");
    var select = form ? form.querySelector("select[name=to]") : null;
    var ref = box.getAttribute("data-theme-drop");
    clearTargets();
    if (!select) { return; }
    select.value = ref;
    if (select.value === ref) { form.requestSubmit(); }
  });
})();
