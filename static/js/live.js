// Live sessions: keep screens in step, count down timers, and fall back to polling
// when a network blocks Server-Sent Events. Everything also works by reloading.
(function () {
  "use strict";
  var POLL_MS = 4000;
  var pollTimer = null;

  function csrfToken() {
    var holder = document.querySelector("[hx-headers]");
    if (!holder) { return ""; }
    try { return JSON.parse(holder.getAttribute("hx-headers"))["X-CSRF-Token"] || ""; } catch (e) { return ""; }
  }

  // Polling fallback -------------------------------------------------------------
  function pollOnce() {
    document.querySelectorAll("[data-live] [data-poll]").forEach(function (region) {
      if (region.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA") { return; }
      window.htmx.ajax("GET", region.getAttribute("data-poll"), { target: region, swap: "innerHTML" });
    });
  }
  function startPolling() {
    if (pollTimer || !window.htmx) { return; }
    var status = document.querySelector("[data-connection]");
    if (status) { status.textContent = status.getAttribute("data-lost"); }
    pollOnce();
    pollTimer = window.setInterval(pollOnce, POLL_MS);
  }
  function stopPolling() {
    if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
    var status = document.querySelector("[data-connection]");
    if (status) { status.textContent = ""; }
  }
  // The server sends a "ping" as soon as a stream opens and every 15 s after. A proxy
  // that buffers (some council or NHS networks) holds it back: then the stream is closed
  // for good and the page polls, so no late, stale event can undo a newer card.
  var FIRST_PING_MS = 8000, STALL_MS = 40000;
  var watchdog = null, buffered = false;
  function watch(ms, onExpiry) {
    if (watchdog) { window.clearTimeout(watchdog); }
    watchdog = window.setTimeout(onExpiry, ms);
  }
  function alive() {
    if (buffered) { return; }
    stopPolling();
    watch(STALL_MS, startPolling);  // silent too long: poll until a ping comes again
  }
  function watchSource(source) {
    source.addEventListener("ping", alive);
    // A proxy that holds the stream back may not even pass its headers: time from now.
    watch(FIRST_PING_MS, function () {
      buffered = true;
      source.close();
      startPolling();
    });
  }
  // The SSE extension opens its streams through htmx.createEventSource: watch each one.
  if (window.htmx && window.htmx.createEventSource) {
    var createEventSource = window.htmx.createEventSource;
    window.htmx.createEventSource = function (url) {
      var source = createEventSource(url);
      watchSource(source);
      return source;
    };
  }
  document.addEventListener("htmx:sseMessage", alive);
  document.addEventListener("htmx:sseError", startPolling);
  document.addEventListener("DOMContentLoaded", function () {
    if (!("EventSource" in window) && document.querySelector("[data-live]")) { startPolling(); }
  });

  // Timers -------------------------------------------------------------------------
  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function startTimers() {
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      if (el.dataset.started) { return; }
      el.dataset.started = "1";
      var remaining = parseInt(el.getAttribute("data-remaining") || "0", 10);
      if (el.getAttribute("data-running") !== "true") { el.textContent = format(remaining); return; }
      var endsAt = Date.now() + remaining * 1000;
      var tick = function () {
        if (!document.body.contains(el)) { return; }
        var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
        el.textContent = format(left);
        el.classList.toggle("timer--done", left === 0);
        if (left > 0) { window.setTimeout(tick, 1000); }
      };
      tick();
    });
  }
  document.addEventListener("DOMContentLoaded", startTimers);
  document.addEventListener("htmx:afterSettle", startTimers);
  document.addEventListener("htmx:sseMessage", startTimers);

  // Reflection form: the level only matters for "What could change?" ---------------
  function syncLevel() {
    var field = document.querySelector("[data-level-field]");
    var chosen = document.querySelector("[data-kind]:checked");
    if (field && chosen) { field.hidden = chosen.value !== "change"; }
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute("data-kind")) { syncLevel(); }
  });
  document.addEventListener("DOMContentLoaded", syncLevel);
  document.addEventListener("htmx:afterSettle", syncLevel);

  // Copy buttons -------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        navigator.clipboard.writeText(source.value).then(function () {
          button.textContent = button.getAttribute("data-copied");
        });
      });
    });
  });

  // Projector: a presenter's clicker or keyboard drives the session ------------------
  document.addEventListener("keydown", function (event) {
    var main = document.querySelector("[data-control]");
    if (!main || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var action = null;
    switch (event.key) {
      case "ArrowRight": case "PageDown": case " ": action = "forward"; break;
      case "ArrowLeft": case "PageUp": action = "back"; break;
      case "b": case "B": case ".": action = "blank"; break;
      case "f": case "F":
        window.CYT.toggleFullscreen();
        event.preventDefault();
        return;
      default: return;
    }
    event.preventDefault();
    var body = new URLSearchParams({ action: action });
    fetch(main.getAttribute("data-control"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken() }
    });
  });
})();

// Exports: show progress while a PDF or Word file is made, then hand over the download.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-export-form]") || !window.fetch) { return; }
    var submitter = event.submitter;
    if (!submitter || submitter.value === "html") { return; }
    event.preventDefault();
    var status = form.querySelector("[data-export-status]");
    var params = new URLSearchParams(new FormData(form));
    params.set("fmt", submitter.value);
    status.textContent = status.getAttribute("data-busy");
    submitter.setAttribute("aria-busy", "true");
    submitter.disabled = true;
    fetch(form.action + "?" + params.toString(), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      var name = (response.headers.get("Content-Disposition") || "").replace(/.*filename="([^"]+)".*/, "$1");
      return response.blob().then(function (blob) {
        window.CYT.saveFile(blob, name || "summary");
        status.textContent = status.getAttribute("data-done");
      });
    }).catch(function () {
      window.location.href = form.action + "?" + params.toString();
    }).finally(function () {
      submitter.disabled = false;
      submitter.removeAttribute("aria-busy");
    });
  });
})();

// Presenter notes: minutes used keep counting between live updates (from the server's
// figure when the fragment arrived, so the laptop's clock does not matter).
(function () {
  "use strict";
  function tick() {
    document.querySelectorAll("[data-minutes-ticking]").forEach(function (el) {
      if (!el.dataset.since) {
        el.dataset.since = String(Date.now());
        el.dataset.start = String(parseInt(el.textContent, 10) || 0);
      }
      var minutes = parseInt(el.dataset.start, 10) + Math.floor((Date.now() - parseInt(el.dataset.since, 10)) / 60000);
      if (el.textContent !== String(minutes)) { el.textContent = String(minutes); }
    });
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  document.addEventListener("htmx:sseMessage", tick);
  window.setInterval(tick, 15000);
})();
