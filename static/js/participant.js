// The participant's phone: announce each new card and step to screen readers, and take
// the person straight to the writing box. Everything here is an enhancement.
(function () {
  "use strict";
  var last = null;

  // The card region is replaced by live updates (and its timer ticks every second), so it
  // is not itself a live region: this copies one short sentence into one that is.
  function announce() {
    var source = document.querySelector("#phone-card [data-announce]");
    var region = document.querySelector("[data-announcer]");
    if (!region) { return; }
    var text = source ? source.getAttribute("data-announce") : "";
    if (last === null) { last = text; return; }  // the page as loaded is read anyway
    if (text && text !== last) { region.textContent = text; }
    last = text;
  }
  document.addEventListener("DOMContentLoaded", announce);
  document.addEventListener("htmx:afterSettle", announce);
  document.addEventListener("htmx:sseMessage", announce);

  // "Write" scrolls to the box and puts the cursor in it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-write]");
    var box = document.getElementById("text");
    if (!link || !box) { return; }
    event.preventDefault();
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "center", behavior: "smooth" });
  });
})();
