// Loaded on every page: registers the service worker and holds the few helpers that
// page scripts share (window.CYT), so each exists once.
(function () {
  "use strict";
  var CYT = (window.CYT = window.CYT || {});

  // Full screen on and off (the projector and presentation mode; the F key or a button).
  CYT.toggleFullscreen = function () {
    if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    } else if (document.exitFullscreen) {
      document.exitFullscreen().catch(function () {});
    }
  };

  // Hand a file made in the browser (or fetched) to the person as a download.
  CYT.saveFile = function (blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  };

  // The service worker (served at /sw.js for a site-wide scope) keeps the cards and solo
  // mode working offline. Registration waits for the page to load: the worker's first
  // install downloads every cached page and should not slow the page being read.
  if (!("serviceWorker" in navigator)) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // No offline copy this time (private mode, blocked storage): the site still works.
    });
  });
  navigator.serviceWorker.ready.then(function () {
    document.querySelectorAll("[data-offline-ready]").forEach(function (el) { el.hidden = false; });
  });
})();
