// Solo reflection: a private journal kept in this browser's localStorage.
//
// Nothing here sends a journal entry anywhere. The only request that carries what the
// user types is the redaction preview (POST /api/v1/redact), which the server answers
// without storing or logging it. Words come from the page's JSON island (#solo-data),
// already translated by the server.
(function () {
  "use strict";

  var STORE_KEY = "cyt.solo.journal.v1";
  var FIELDS = ["what", "so_what", "now_what"];
  var MAX_MINUTES = 600;
  var PREVIEW_DELAY = 500;

  var island = document.getElementById("solo-data");
  if (!island) { return; }
  var data = JSON.parse(island.textContent);
  var text = data.text;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  // Counts: the server sends every plural form of a message; this picks one with the
  // catalogue's rule (cy: nplurals=5, as in app/routes/solo.py PLURAL_SAMPLES).
  function pluralIndex(n) {
    if (data.lang === "cy") { return n === 1 ? 1 : n === 2 ? 2 : n === 3 ? 3 : n === 6 ? 4 : 0; }
    return n === 1 ? 0 : 1;
  }
  function plural(name, n) {
    var forms = data.plurals[name];
    return fill(forms[Math.min(pluralIndex(n), forms.length - 1)], { n: n });
  }
  function duration(total) {
    var hours = Math.floor(total / 60);
    var minutes = total % 60;
    if (!hours) { return plural("minutes", minutes); }
    return minutes ? plural("hours", hours) + " " + plural("minutes", minutes) : plural("hours", hours);
  }
  var dateFormat = (function () {
    var wanted = data.lang === "cy" ? "cy-GB" : "en-GB";
    if (Intl.DateTimeFormat.supportedLocalesOf([wanted]).length) {
      return new Intl.DateTimeFormat(wanted, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
    }
    // No Welsh month names in this browser: an all-number date reads the same in both.
    return new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
  })();
  function formatDate(iso) { return dateFormat.format(new Date(iso)); }

  // ---- The journal in localStorage -------------------------------------------------

  var journal = {
    all: function () {
      try {
        var entries = JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]");
        return Array.isArray(entries) ? entries : [];
      } catch (error) {
        return [];
      }
    },
    write: function (entries) {
      if (entries.length) {
        window.localStorage.setItem(STORE_KEY, JSON.stringify(entries));
      } else {
        window.localStorage.removeItem(STORE_KEY);
      }
    },
    get: function (id) {
      return journal.all().filter(function (entry) { return entry.id === id; })[0] || null;
    },
    put: function (entry) {
      var others = journal.all().filter(function (item) { return item.id !== entry.id; });
      journal.write(others.concat([entry]));
    },
    remove: function (id) {
      journal.write(journal.all().filter(function (entry) { return entry.id !== id; }));
    },
    clear: function () { window.localStorage.removeItem(STORE_KEY); },
    newest: function () {
      return journal.all().sort(function (a, b) { return a.created < b.created ? 1 : a.created > b.created ? -1 : 0; });
    }
  };

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function cardTitle(entry) { return (data.titles && data.titles[entry.card.slug]) || entry.card.title; }

  // ---- Bits shared by every solo page ----------------------------------------------

  function watchConnection() {
    var notice = $("[data-offline-notice]");
    if (!notice) { return; }
    function update() { notice.hidden = navigator.onLine !== false; }
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    update();
  }

  function showCount() {
    var count = journal.all().length;
    $all("[data-journal-count]").forEach(function (el) {
      el.firstElementChild.textContent = String(count);
      el.lastElementChild.textContent = "(" + plural("entries", count) + ")";
      el.hidden = !count;
    });
  }

  function markDone() {
    var done = {};
    journal.all().forEach(function (entry) { done[entry.card.slug] = true; });
    $all("[data-card-slug]").forEach(function (link) {
      var badge = $("[data-done]", link);
      if (badge) { badge.hidden = !done[link.getAttribute("data-card-slug")]; }
    });
  }

  // A random draw on the device, so it works offline; the link is the no-script route.
  function enableDraw() {
    var slugs = data.slugs.length ? data.slugs : Object.keys(data.titles || {});
    var current = data.card ? data.card.slug : "";
    var choices = slugs.filter(function (slug) { return slug !== current; });
    if (!choices.length) { return; }
    $all("[data-solo-draw]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var slug = choices[Math.floor(Math.random() * choices.length)];
        window.location.assign("/solo?card=" + encodeURIComponent(slug));
      });
    });
  }

  // ---- The reflection form (card page) ---------------------------------------------

  function initForm() {
    var form = $("[data-solo-form]");
    if (!form) { return; }
    var inputs = {};
    FIELDS.forEach(function (name) { inputs[name] = form.elements[name]; });
    var minutes = form.elements.minutes;
    var saveButton = $("[data-save]", form);
    var banner = $("[data-saved-banner]");
    var summary = $("[data-error-summary]");
    var barStatus = $("[data-bar-status]");
    var preview = $("[data-preview]");
    var previewStatus = $("[data-preview-status]");
    var removedList = $("[data-preview-removed]");
    var details = $("[data-preview-details]");
    var redactedText = $("[data-preview-text]");
    var useRedacted = $("[data-use-redacted]");
    var initialStatus = previewStatus.textContent;
    var labels = { what: text.whatShort, so_what: text.soWhatShort, now_what: text.nowWhatShort };
    var editingId = null;
    var results = {};
    var timers = {};
    var sequence = {};
    var inFlight = 0;

    $("[data-solo-fields]", form).disabled = false;

    // Redaction preview: one request per changed field, after a pause in typing.
    function check(name) {
      clearTimeout(timers[name]);
      delete timers[name];
      var value = inputs[name].value;
      var known = results[name];
      if (!value.trim() || (known && known.text === value && !known.failed)) {
        if (!value.trim()) { delete results[name]; }
        renderPreview();
        return Promise.resolve();
      }
      if (navigator.onLine === false) {
        results[name] = { text: value, failed: true };
        renderPreview();
        return Promise.resolve();
      }
      var mine = sequence[name] = (sequence[name] || 0) + 1;
      inFlight += 1;
      renderPreview();
      return fetch(data.redactUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ text: value, lang: data.lang }),
        credentials: "same-origin",
        cache: "no-store"
      }).then(function (response) {
        return response.json().then(function (body) {
          if (mine !== sequence[name]) { return; }
          results[name] = response.ok
            ? { text: value, redacted: body.redacted, removed: body.removed || [] }
            : { text: value, failed: true, message: typeof body.detail === "string" ? body.detail : "" };
        });
      }).catch(function () {
        if (mine === sequence[name]) { results[name] = { text: value, failed: true }; }
      }).then(function () {
        inFlight -= 1;
        renderPreview();
      });
    }

    function schedule(name) {
      clearTimeout(timers[name]);
      timers[name] = setTimeout(function () { check(name); }, PREVIEW_DELAY);
      renderPreview();
    }

    function renderPreview() {
      var waiting = inFlight > 0 || Object.keys(timers).length > 0;
      var found = [];
      var failed = null;
      removedList.textContent = "";
      redactedText.textContent = "";
      FIELDS.forEach(function (name) {
        var result = results[name];
        if (!result || result.text !== inputs[name].value) { return; }
        if (result.failed) { failed = failed || result; return; }
        if (!result.removed.length) { return; }
        found.push(name);
        var item = document.createElement("li");
        var label = document.createElement("strong");
        label.textContent = labels[name] + " ";
        item.appendChild(label);
        item.appendChild(document.createTextNode(result.removed.join(", ")));
        removedList.appendChild(item);
        var heading = document.createElement("p");
        heading.className = "redacted-text__label";
        heading.textContent = labels[name];
        var body = document.createElement("p");
        body.className = "redacted-text";
        body.textContent = result.redacted;
        redactedText.appendChild(heading);
        redactedText.appendChild(body);
      });
      var anyText = FIELDS.some(function (name) { return inputs[name].value.trim(); });
      var message = initialStatus;
      if (waiting) {
        message = text.checking;
      } else if (failed) {
        message = failed.message || (navigator.onLine === false ? text.previewOffline : text.previewFailed);
      } else if (found.length) {
        message = text.found;
      } else if (anyText) {
        message = text.nothingFound;
      }
      if (previewStatus.textContent !== message) { previewStatus.textContent = message; }
      removedList.hidden = details.hidden = useRedacted.hidden = !found.length || waiting;
      preview.classList.toggle("is-found", found.length > 0 && !waiting);
      preview.setAttribute("aria-busy", waiting ? "true" : "false");
      barStatus.textContent = found.length && !waiting ? text.foundShort : "";
    }

    FIELDS.forEach(function (name) {
      inputs[name].addEventListener("input", function () {
        banner.hidden = true;
        schedule(name);
      });
    });
    minutes.addEventListener("input", function () { banner.hidden = true; });

    useRedacted.addEventListener("click", function () {
      var stale = FIELDS.filter(function (name) {
        return inputs[name].value.trim() && (!results[name] || results[name].text !== inputs[name].value);
      });
      Promise.all(stale.map(check)).then(function () {
        FIELDS.forEach(function (name) {
          var result = results[name];
          if (result && !result.failed && result.text === inputs[name].value && result.removed.length) {
            inputs[name].value = result.redacted;
            results[name] = { text: result.redacted, redacted: result.redacted, removed: [] };
          }
        });
        renderPreview();
        previewStatus.textContent = text.redactedUsed;
        previewStatus.setAttribute("tabindex", "-1");
        previewStatus.focus();
      });
    });

    // Validation, GOV.UK style: a summary at the top and the message by the field.
    function showErrors(errors) {
      var list = $("[data-error-list]", summary);
      list.textContent = "";
      $all("[data-field]", form).forEach(function (field) { field.classList.remove("field--error"); });
      $all("[data-error-for]", form).forEach(function (el) { el.hidden = true; el.textContent = ""; });
      errors.forEach(function (error) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + error.field;
        link.textContent = error.message;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          form.elements[error.field].focus();
        });
        item.appendChild(link);
        list.appendChild(item);
        $("[data-field='" + error.field + "']", form).classList.add("field--error");
        var inline = $("[data-error-for='" + error.field + "']", form);
        inline.textContent = error.message;
        inline.hidden = false;
      });
      summary.hidden = !errors.length;
      if (errors.length) { summary.focus(); }
    }

    function validate() {
      var errors = [];
      if (!FIELDS.some(function (name) { return inputs[name].value.trim(); })) {
        errors.push({ field: "what", message: text.errorRequired });
      }
      var time = minutes.value.trim();
      if (time && (!/^\d{1,3}$/.test(time) || Number(time) > MAX_MINUTES)) {
        errors.push({ field: "minutes", message: text.errorMinutes });
      }
      return errors;
    }

    function selectedLevel() {
      var checked = $("input[name='level']:checked", form);
      return checked ? checked.value : "";
    }

    function setEditing(entry) {
      editingId = entry.id;
      FIELDS.forEach(function (name) { inputs[name].value = entry[name] || ""; });
      minutes.value = entry.minutes ? String(entry.minutes) : "";
      $all("input[name='level']", form).forEach(function (radio) { radio.checked = radio.value === entry.level; });
      var heading = $("[data-form-heading]");
      heading.textContent = heading.getAttribute("data-label-edit");
      saveButton.textContent = saveButton.getAttribute("data-label-edit");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errors = validate();
      showErrors(errors);
      if (errors.length) { return; }
      var now = new Date().toISOString();
      var existing = editingId ? journal.get(editingId) : null;
      var entry = {
        id: existing ? existing.id : newId(),
        created: existing ? existing.created : now,
        updated: now,
        lang: data.lang,
        card: data.card,
        what: inputs.what.value.trim(),
        so_what: inputs.so_what.value.trim(),
        now_what: inputs.now_what.value.trim(),
        level: selectedLevel(),
        minutes: minutes.value.trim() ? Number(minutes.value.trim()) : 0
      };
      try {
        journal.put(entry);
      } catch (error) {
        showErrors([{ field: "what", message: text.errorStorage }]);
        return;
      }
      $("[data-saved-message]", banner).textContent = existing ? text.updated : text.saved;
      setEditing(entry); // later saves on this page update the same entry
      barStatus.textContent = "";
      banner.hidden = false;
      banner.focus();
      showCount();
    });

    var match = /^#edit=(.+)$/.exec(window.location.hash);
    if (match) {
      var entry = journal.get(decodeURIComponent(match[1]));
      if (entry && entry.card.slug === data.card.slug) {
        setEditing(entry);
        var note = $("[data-saved-message]", banner);
        note.textContent = text.editing;
        banner.hidden = false;
      } else {
        showErrors([{ field: "what", message: text.entryMissing }]);
      }
    }
    renderPreview();
  }

  // ---- The journal page: list, delete, export --------------------------------------

  // The CPD record, oldest entry first: only what the user wrote and the card titles.
  function record(entries, markdown) {
    var total = entries.reduce(function (sum, entry) { return sum + (entry.minutes || 0); }, 0);
    var answers = [["what", text.what], ["so_what", text.soWhat], ["now_what", text.nowWhat]];
    var lines = [
      (markdown ? "# " : "") + text.recordTitle, "",
      fill(text.totalTime, { time: duration(total) }) + " (" + plural("entries", entries.length) + ")", ""
    ];
    entries.slice().reverse().forEach(function (entry) {
      var facts = [
        [text.date, formatDate(entry.created)],
        [text.whatIRead, fill(text.cardLine, { number: entry.card.number, title: cardTitle(entry) })],
        [text.level, entry.level ? data.levels[entry.level] : ""],
        [text.time, entry.minutes ? duration(entry.minutes) : ""]
      ].filter(function (fact) { return fact[1]; });
      if (markdown) {
        lines.push("## " + cardTitle(entry), "");
        facts.forEach(function (fact) { lines.push("- **" + fact[0] + ":** " + fact[1]); });
      } else {
        lines.push("----------------------------------------", "");
        facts.forEach(function (fact) { lines.push(fact[0] + ": " + fact[1]); });
      }
      lines.push("");
      answers.forEach(function (answer) {
        var written = entry[answer[0]];
        if (!written) { return; }
        if (markdown) {
          lines.push("### " + answer[1], "", written.replace(/\n/g, "  \n"), ""); // keep line breaks
        } else {
          lines.push(answer[1] + ":", written, "");
        }
      });
    });
    return lines.join("\n").trim() + "\n";
  }

  function initJournal() {
    var list = $("[data-journal-list]");
    if (!list) { return; }
    var template = document.getElementById("journal-entry");
    var status = $("[data-journal-status]");
    var summary = $("[data-journal-summary]");
    var empty = $("[data-journal-empty]");
    var exporter = $("[data-journal-export]");
    var danger = $("[data-journal-danger]");
    var confirmAll = $("[data-delete-all-confirm]");
    var copyFallback = $("[data-copy-fallback]");

    function announce(message) {
      status.textContent = message;
      status.hidden = false;
      status.focus();
    }

    function render() {
      var entries = journal.newest();
      list.textContent = "";
      entries.forEach(function (entry) {
        var item = template.content.firstElementChild.cloneNode(true);
        var title = cardTitle(entry);
        $("[data-slot='title']", item).textContent = title;
        $("[data-slot='date']", item).textContent = formatDate(entry.created);
        FIELDS.forEach(function (name) {
          $("[data-slot='" + name + "']", item).textContent = entry[name];
          $("[data-row='" + name + "']", item).hidden = !entry[name];
        });
        $("[data-slot='level']", item).textContent = entry.level ? data.levels[entry.level] : "";
        $("[data-row='level']", item).hidden = !entry.level;
        $("[data-slot='minutes']", item).textContent = entry.minutes ? duration(entry.minutes) : "";
        $("[data-row='minutes']", item).hidden = !entry.minutes;
        $("[data-slot='edit']", item).href = "/solo?card=" + encodeURIComponent(entry.card.slug) + "#edit=" + encodeURIComponent(entry.id);
        $("[data-slot='edit-label']", item).textContent = ": " + title;
        $("[data-slot='delete-label']", item).textContent = ": " + title;
        var confirmOne = $("[data-delete-confirm]", item);
        var deleteButton = $("[data-delete]", item);
        deleteButton.addEventListener("click", function () {
          confirmOne.hidden = false;
          deleteButton.hidden = true;
          $(".confirm__text", confirmOne).focus();
        });
        $("[data-delete-no]", item).addEventListener("click", function () {
          confirmOne.hidden = true;
          deleteButton.hidden = false;
          deleteButton.focus();
        });
        $("[data-delete-yes]", item).addEventListener("click", function () {
          journal.remove(entry.id);
          render();
          announce(text.deleted);
        });
        list.appendChild(item);
      });
      var total = entries.reduce(function (sum, entry) { return sum + (entry.minutes || 0); }, 0);
      summary.textContent = plural("entries", entries.length) + " · " + fill(text.totalTime, { time: duration(total) });
      summary.hidden = !entries.length;
      empty.hidden = entries.length > 0;
      exporter.hidden = danger.hidden = !entries.length;
      confirmAll.hidden = true;
      copyFallback.hidden = true;
      showCount();
    }

    $("[data-delete-all]").addEventListener("click", function () {
      confirmAll.hidden = false;
      $("#confirm-all-text").focus();
    });
    $("[data-delete-all-no]").addEventListener("click", function () {
      confirmAll.hidden = true;
      $("[data-delete-all]").focus();
    });
    $("[data-delete-all-yes]").addEventListener("click", function () {
      journal.clear();
      render();
      announce(text.allDeleted);
    });

    $("[data-export-markdown]").addEventListener("click", function () {
      var blob = new Blob([record(journal.newest(), true)], { type: "text/markdown;charset=utf-8" });
      window.CYT.saveFile(blob, text.fileName + "-" + new Date().toISOString().slice(0, 10) + ".md");
    });
    $("[data-export-print]").addEventListener("click", function () { window.print(); });
    $("[data-export-copy]").addEventListener("click", function () {
      var plain = record(journal.newest(), false);
      function fallback() {
        var area = $("[data-copy-text]");
        area.value = plain;
        copyFallback.hidden = false;
        area.focus();
        area.select();
        announce(text.copyFailed);
      }
      if (!navigator.clipboard || !navigator.clipboard.writeText) { fallback(); return; }
      navigator.clipboard.writeText(plain).then(function () { announce(text.copied); }, fallback);
    });

    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    watchConnection();
    showCount();
    markDone();
    enableDraw();
    initForm();
    initJournal();
  });
})();
