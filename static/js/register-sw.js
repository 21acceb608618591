// Registers the service worker (served at /sw.js for a site-wide scope), so the cards and
// solo mode keep working offline. Registration waits for the page to load: the worker's
// first install downloads every cached page and should not slow the page being read.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // No offline copy this time (private mode, blocked storage): the site still works.
    });
  });
})();
