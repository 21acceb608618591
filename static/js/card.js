// Card page: with JavaScript the back of the card starts hidden and a button turns it over.
// Without JavaScript both faces are simply shown one after the other.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var view = document.querySelector("[data-flip]");
    var button = document.querySelector("[data-flip-button]");
    var back = document.getElementById("card-back");
    if (!view || !button || !back) { return; }
    function show(open) {
      back.hidden = !open;
      view.classList.toggle("is-flipped", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? button.dataset.labelHide : button.dataset.labelShow;
    }
    button.hidden = false;
    show(false);
    button.addEventListener("click", function () {
      var open = back.hidden;
      show(open);
      if (open) { back.scrollIntoView({ behavior: "smooth", block: "start" }); }
    });
  });
})();
