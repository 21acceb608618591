// New session: once a plan is picked, the card boxes step aside (and are not sent), so a
// plan and ticked cards can never be mixed up. Without JavaScript the server asks instead.
(function () {
  "use strict";
  function sync(event) {
    // After the server asked "plan or cards?", keep both in view until they choose.
    if (!event && document.querySelector("[data-plan-choice].field--error")) { return; }
    var chosen = document.querySelector("[data-plan-choice] input[name=plan]:checked");
    var own = document.querySelector("[data-own-cards]");
    if (!own) { return; }
    var usePlan = Boolean(chosen && chosen.value);
    own.hidden = usePlan;
    own.disabled = usePlan;
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "plan") { sync(event); }
  });
  document.addEventListener("DOMContentLoaded", function () { sync(null); });
})();
