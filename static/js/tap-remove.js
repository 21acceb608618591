// Tap to remove (issue 12): on the phone's "What will be kept" preview, each word becomes
// a button; tapping one asks the server to take it out too (as a name) and shows the
// preview again; "Taken out by you" buttons put a word back. The server redacts again
// and only ever adds these words to what it removes. Without JavaScript the preview is
// plain text and the person edits their words instead.
(function () {
  "use strict";
  var PLACEHOLDER = /^\[[^\]]+\]$/;
  var pendingFocus = null;

  function form(box) { return box.closest("form"); }
  function textarea(box) { var f = form(box); return f ? f.querySelector("textarea[hx-post]") : null; }

  function refresh(box) {
    var area = textarea(box);
    var target = box.closest(".preview");
    if (!area || !target || !window.htmx) { return; }
    window.htmx.ajax("POST", area.getAttribute("hx-post"), { source: area, target: target, swap: "innerHTML" });
  }

  function addRemoval(box, word) {
    var holder = box.querySelector("[data-remove-inputs]");
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "remove";
    input.value = word;
    holder.appendChild(input);
  }

  function core(piece) {
    // The word without the punctuation around it: "Gary," -> "Gary", "(Tia)" -> "Tia".
    var match = piece.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
    return match ? [match[1], match[2], match[3]] : ["", piece, ""];
  }

  function enhance(box) {
    if (box.hasAttribute("data-enhanced")) { return; }
    box.setAttribute("data-enhanced", "");
    var text = box.querySelector("[data-preview-text]");
    var tapHint = box.querySelector("[data-tap-hint]");
    var editHint = box.querySelector("[data-edit-hint]");
    if (!text) { return; }
    var pieces = text.textContent.split(/(\[[^\]]*\]|\s+)/);
    var out = document.createDocumentFragment();
    pieces.forEach(function (piece) {
      if (!piece) { return; }
      if (/^\s+$/.test(piece) || PLACEHOLDER.test(piece)) { out.appendChild(document.createTextNode(piece)); return; }
      var parts = core(piece);
      if (!parts[1]) { out.appendChild(document.createTextNode(piece)); return; }
      if (parts[0]) { out.appendChild(document.createTextNode(parts[0])); }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "preview__word";
      button.textContent = parts[1];
      button.setAttribute("data-word", parts[1]);
      button.setAttribute("aria-describedby", "preview-tap-hint");
      out.appendChild(button);
      if (parts[2]) { out.appendChild(document.createTextNode(parts[2])); }
    });
    text.textContent = "";
    text.appendChild(out);
    if (tapHint) { tapHint.hidden = false; tapHint.id = "preview-tap-hint"; }
    if (editHint) { editHint.hidden = true; }
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("[data-tap-remove]").forEach(enhance);
  }

  document.addEventListener("click", function (event) {
    var word = event.target.closest && event.target.closest("[data-tap-remove] .preview__word");
    var back = event.target.closest && event.target.closest("[data-tap-remove] [data-put-back]");
    if (word) {
      var box = word.closest("[data-tap-remove]");
      word.setAttribute("aria-pressed", "true");
      addRemoval(box, word.getAttribute("data-word"));
      pendingFocus = { selector: "[data-put-back]", word: word.getAttribute("data-word") };
      refresh(box);
    } else if (back) {
      var owner = back.closest("[data-tap-remove]");
      var item = back.closest("li");
      pendingFocus = { selector: ".preview__word", word: back.getAttribute("data-put-back") };
      if (item) { item.remove(); }
      refresh(owner);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    enhanceAll(event.target);
    if (!pendingFocus) { return; }
    var wanted = pendingFocus;
    pendingFocus = null;
    var found = null;
    event.target.querySelectorAll(wanted.selector).forEach(function (el) {
      var value = el.getAttribute("data-put-back") || el.getAttribute("data-word") || "";
      if (!found && value.toLowerCase() === wanted.word.toLowerCase()) { found = el; }
    });
    var fallback = event.target.querySelector("[data-tap-remove]");
    (found || fallback || document.body).focus();
  });
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
})();
