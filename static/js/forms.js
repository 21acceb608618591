// Forms sent by htmx: never lose what a person typed, never fail in silence.
//
// The server answers a rejected form with the same partial re-rendered: the translated
// error beside the field, the typed values filled in, and a 4xx status. htmx drops 4xx
// answers by default, so we tell it to swap them. Anything that is not such a partial
// (a network failure, a 5xx, a 429, a whole error page) is not swapped: the form stays as
// it was, with its text, and a translated alert says it was not sent. Without JavaScript
// the same forms post normally and the server shows the whole page with the error.
(function () {
  "use strict";

  function configure() {
    if (!window.htmx) { return; }
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "429", swap: false, error: true },
      { code: "4..", swap: true, error: true },
      { code: "...", swap: false, error: true }
    ];
  }
  configure();

  // Translated messages live on the page (see base.html), never in this file.
  function message(name) {
    var holder = document.querySelector("[data-form-messages]");
    return (holder && holder.getAttribute("data-" + name)) || "";
  }

  function formOf(elt) {
    if (!elt) { return null; }
    if (elt.tagName === "FORM") { return elt; }
    return elt.form || (elt.closest ? elt.closest("form") : null);
  }

  // Only a submitted form earns an alert; a background request (a preview, a poll) fails quietly.
  function submittedForm(detail) {
    // The element that made the request (some events are fired on the swap target).
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    if (!elt || elt.tagName !== "FORM") { return null; }
    var verb = (detail.requestConfig && detail.requestConfig.verb) || "";
    return verb.toLowerCase() === "get" ? null : elt;
  }

  function clearAlerts(form) {
    var next = form.nextElementSibling;
    if (next && next.hasAttribute("data-form-alert")) { next.remove(); }
    form.querySelectorAll("[data-form-alert]").forEach(function (el) { el.remove(); });
  }

  function showAlert(form, title, detail) {
    clearAlerts(form);
    var alert = document.createElement("div");
    alert.className = "form-alert";
    alert.setAttribute("role", "alert");
    alert.setAttribute("data-form-alert", "");
    var strong = document.createElement("p");
    strong.className = "form-alert__title";
    strong.textContent = title;
    alert.appendChild(strong);
    if (detail) {
      var more = document.createElement("p");
      more.textContent = detail;
      alert.appendChild(more);
    }
    // Beside the button that was pressed: inside a block form, after a one-button form.
    var buttons = form.querySelectorAll("[type=submit]");
    var button = buttons[buttons.length - 1];
    if (form.classList.contains("inline-form") || !button) {
      form.insertAdjacentElement("afterend", alert);
    } else {
      button.insertAdjacentElement("afterend", alert);
    }
  }

  // "What you typed is still here" only where something can be typed.
  function title(form) {
    var typed = form.querySelector("textarea, input[type=text], input[type=number], select");
    return message(typed ? "title" : "title-plain");
  }

  function isWholePage(text) {
    return /^\s*(<!doctype|<html)/i.test(text || "");
  }

  // The server's own translated words from a whole error page, read as text only.
  function pageMessage(text) {
    try {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var el = doc.querySelector("[data-error-message]") || doc.querySelector("main h1");
      return el ? el.textContent.trim() : "";
    } catch (e) {
      return "";
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = submittedForm(event.detail);
    if (!form) { return; }
    clearAlerts(form);
    // A "Sent." from an earlier reflection must not stand beside a new one.
    document.querySelectorAll("[data-form-notice]").forEach(function (el) { el.hidden = true; });
    form.setAttribute("aria-busy", "true");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail;
    var form = formOf((detail.requestConfig && detail.requestConfig.elt) || detail.elt);
    if (form) { form.removeAttribute("aria-busy"); }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var xhr = detail.xhr;
    var status = xhr.status;
    // A whole page only fits where htmx was asked for one: a boosted link or form, the body,
    // or hx-select picking a part of it. Anywhere else it would nest a page in a page.
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    var picks = detail.boosted || detail.select || (elt && elt.closest && elt.closest("[hx-select]"));
    var whole = isWholePage(xhr.responseText) && !picks && detail.target !== document.body;
    if (whole && status < 400) {
      // Redirected to another page (e.g. the session is gone): go there as a page.
      detail.shouldSwap = false;
      var requested = detail.pathInfo && detail.pathInfo.finalRequestPath;
      if (xhr.responseURL && requested && new URL(xhr.responseURL).pathname !== requested.split("?")[0]) {
        window.location.assign(xhr.responseURL);
      }
      return;
    }
    if (status < 400) { return; }
    if (status !== 429 && status < 500 && !whole) {
      detail.shouldSwap = true;  // the form, re-rendered with its error and the typed text
      detail.isError = false;
      focusAfterSwap = true;
      return;
    }
    detail.shouldSwap = false;
    var form = submittedForm(detail);
    if (!form) { return; }
    var reason = status === 429 ? message("busy") : status >= 500 ? message("server") : pageMessage(xhr.responseText);
    showAlert(form, title(form), reason);
  });

  function networkFailure(event) {
    var form = submittedForm(event.detail);
    if (form) {
      form.removeAttribute("aria-busy");
      showAlert(form, title(form), message("offline"));
    }
  }
  document.addEventListener("htmx:sendError", networkFailure);
  document.addEventListener("htmx:timeout", networkFailure);

  // After a rejected form is swapped back in (or a page loads with errors), take focus to
  // the error summary so screen readers hear it at once. Live updates never move focus.
  var focusAfterSwap = false;
  function focusErrors() {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrors);
  document.addEventListener("htmx:afterSettle", function () {
    if (focusAfterSwap) { focusAfterSwap = false; focusErrors(); }
  });
})();
