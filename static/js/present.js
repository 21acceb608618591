// Presentation mode: a presenter's clicker or the keyboard moves through the deck.
// Links do the work (so it all works without JavaScript); keys just follow them.
(function () {
  "use strict";
  function follow(key) {
    var link = document.querySelector('[data-key="' + key + '"]');
    if (link) { link.click(); return true; }
    return false;
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var handled = false;
    switch (event.key) {
      case "ArrowRight": case "PageDown": case "ArrowDown":
        handled = follow("forward");
        break;
      case "ArrowLeft": case "PageUp": case "ArrowUp":
        handled = follow("back");
        break;
      case " ":
        if (target && (target.tagName === "A" || target.tagName === "BUTTON")) { return; }
        handled = follow(event.shiftKey ? "back" : "forward");
        break;
      case "f": case "F":
        window.CYT.toggleFullscreen(); handled = true;
        break;
    }
    if (handled) { event.preventDefault(); }
  });
  function wireFullscreenButton() {
    var button = document.querySelector("[data-fullscreen]");
    if (button && document.fullscreenEnabled) {
      button.hidden = false;
      button.addEventListener("click", window.CYT.toggleFullscreen);
    }
  }
  document.addEventListener("DOMContentLoaded", wireFullscreenButton);
  document.addEventListener("htmx:afterSettle", function () {
    wireFullscreenButton();
    var main = document.getElementById("main");
    if (main) { main.focus({ preventScroll: true }); }
  });
})();
