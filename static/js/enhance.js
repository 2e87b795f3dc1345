// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After an htmx swap, move focus to the new region's heading so screen readers follow.
  // The request whose swap moved the focus is kept: its settle must not move it again.
  var focusMovedBy = null;
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    var focusable = target.querySelector("[data-focus-after-swap]");
    if (focusable) {
      focusable.setAttribute("tabindex", "-1");
      focusable.focus();
      focusMovedBy = event.detail.xhr || null;
    }
  });
  // What a swap changed is read out: the texts marked [data-announce] in the swapped region,
  // then the field errors the same answer updated out of band. The swapped region is a new
  // element (outerHTML), so the words go to #live-announcer, a live region that stays put.
  var announcer = document.getElementById("live-announcer");
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!announcer || !target) return;
    var region = target.isConnected ? target : (target.id && document.getElementById(target.id));
    if (!region || region.querySelector("[data-focus-after-swap]")) return; // focus says it
    var parts = [];
    var say = function (el) {
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    };
    region.querySelectorAll("[data-announce]").forEach(say);
    document.querySelectorAll(".live-error").forEach(say);
    if (!parts.length) return;
    announcer.textContent = "";
    // A moment later, so that the same words said again are a change the reader notices.
    setTimeout(function () { announcer.textContent = parts.join(" "); }, 50);
  });
  // After a form with errors is sent (not while typing), the focus goes to its error summary,
  // GOV.UK style: on a full page load, and after an htmx request triggered by "submit".
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-focus] .error-summary");
    if (!summary) return false;
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    return true;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    // Not when this swap already focused the summary: a keyboard user who tabbed on from it
    // in the meantime would be pulled back.
    if (focusMovedBy && focusMovedBy === event.detail.xhr) return;
    if (trigger && trigger.type === "submit") focusErrorSummary();
  });
  // htmx updates the address as the user types: the language switch must return there.
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var next = document.querySelector(".language-switch input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });
  // "Copy" buttons next to transfer details: shown only where the browser can copy; the
  // details stay selectable text without JavaScript.
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.querySelector(button.getAttribute("data-copy"));
        var text = button.getAttribute("data-copy-text") || (target && target.textContent) || "";
        navigator.clipboard.writeText(text.trim()).then(function () {
          var status = document.querySelector(".copy-status");
          if (status) status.textContent = status.getAttribute("data-copied");
        });
      });
    });
  }
  // Offline answers (issue 16): a guide's step or a question typed while the network is gone
  // is kept on this device (IndexedDB) and sent once it is back, through the JSON API with an
  // idempotency key, so a replay never files twice. Forms say how: data-offline-url, -method,
  // -kind (a request's kind), -label (what to call it), -next (where to go on).
  var status = document.getElementById("offline-status");
  var DB_NAME = "affilio-offline";
  var STORE = "answers";
  function openStore(mode) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        resolve(opening.result.transaction(STORE, mode).objectStore(STORE));
      };
    });
  }
  function stored(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }
  function say(kind, parts) {
    if (!status) return;
    status.textContent = "";
    status.className = "banner offline-status " + (kind === "saved" ? "warning" : kind === "sent" ? "success" : "error");
    var first = document.createElement("p");
    first.textContent = status.getAttribute("data-" + kind);
    status.appendChild(first);
    (parts || []).forEach(function (part) {
      var line = document.createElement("p");
      if (part.href) {
        var link = document.createElement("a");
        link.href = part.href;
        link.textContent = part.text;
        line.appendChild(link);
      } else {
        line.textContent = part.text;
      }
      status.appendChild(line);
    });
    status.hidden = false;
  }
  function keep(form) {
    var fields = {};
    var files = false;
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string") { files = files || value.size > 0; return; }
      if (name === "_csrf_token" || name === "key" || name === "change") return;
      fields[name] = value;
    });
    var key = form.elements.key ? form.elements.key.value : "";
    var item = {
      url: form.getAttribute("data-offline-url"),
      method: form.getAttribute("data-offline-method") || "POST",
      kind: form.getAttribute("data-offline-kind"),
      label: form.getAttribute("data-offline-label") || "",
      next: form.getAttribute("data-offline-next"),
      owner: status.getAttribute("data-owner") || "",
      key: key || newKey(),
      fields: fields,
    };
    return openStore("readwrite").then(function (store) {
      return stored(store.add(item));
    }).then(function () {
      var parts = [{ text: item.label }];
      if (files) parts.push({ text: status.getAttribute("data-files") });
      say("saved", parts);
    });
  }
  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.content : "";
  }
  function send(item) {
    var body = item.kind
      ? Object.assign({ kind: item.kind }, item.fields, { idempotency_key: item.key })
      : { answers: item.fields, idempotency_key: item.key };
    return fetch(item.url, {
      method: item.method,
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json",
                 "x-csrftoken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.status >= 500) return null; // the server is not ready: try again later
      return response.json().catch(function () { return {}; }).then(function (answer) {
        return openStore("readwrite").then(function (store) {
          return stored(store.delete(item.id));
        }).then(function () { return { ok: response.ok, answer: answer }; });
      });
    });
  }
  var sending = false;
  function flush() {
    if (sending || !navigator.onLine || !window.indexedDB || !status) return;
    sending = true;
    openStore("readonly").then(function (store) {
      return stored(store.getAll());
    }).then(function (all) {
      // Only this session's answers (or, signed out, the device's own guide answers).
      var owner = status.getAttribute("data-owner") || "";
      var items = all.filter(function (item) { return (item.owner || "") === owner; });
      var parts = [];
      var failed = [];
      return items.reduce(function (previous, item) {
        return previous.then(function () {
          return send(item).then(function (result) {
            if (!result) return;
            var answer = result.answer || {};
            if (!result.ok) {
              failed.push({ text: item.label + " : " + (answer.detail || answer.title || "") });
              if (item.next) failed.push({ text: status.getAttribute("data-continue"), href: item.next });
              return;
            }
            var reference = answer.reference ? " (" + answer.reference + ")" : "";
            parts.push({ text: item.label + reference });
            if (answer.id && item.kind) {
              parts.push({ text: status.getAttribute("data-see"), href: "/requests/" + answer.id });
            } else if (item.next) {
              var step = answer.next_step ? "/" + encodeURIComponent(answer.next_step) : "";
              parts.push({ text: status.getAttribute("data-continue"), href: item.next + step });
            }
          });
        });
      }, Promise.resolve()).then(function () {
        if (failed.length) say("failed", failed);
        else if (parts.length) say("sent", parts);
      });
    }).catch(function () { /* still offline, or no storage: the answers wait */ })
      .then(function () { sending = false; });
  }
  if (status && window.indexedDB) {
    // Capture phase: before htmx or the browser try a network that is not there.
    document.addEventListener("submit", function (event) {
      var form = event.target.closest && event.target.closest("form[data-offline-url]");
      if (!form || navigator.onLine) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      keep(form);
    }, true);
    // Online by the browser's account, but the request never reached the server.
    document.addEventListener("htmx:sendError", function (event) {
      var form = event.detail && event.detail.elt && event.detail.elt.closest("form[data-offline-url]");
      if (form) keep(form);
    });
    // Logging out on a shared phone: what was kept for this person goes with them.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[action='/logout']")) return;
      event.preventDefault();
      var owner = status.getAttribute("data-owner") || "";
      var leave = function () { form.submit(); };
      openStore("readwrite").then(function (store) {
        return stored(store.getAll()).then(function (all) {
          return Promise.all(all.filter(function (item) { return item.owner === owner; })
            .map(function (item) { return stored(store.delete(item.id)); }));
        });
      }).then(leave, leave);
    }, true);
    window.addEventListener("online", flush);
    flush();
  }
  // The installable app: a service worker keeps the shell and an offline page (app/home/pwa.py).
  // It is told the page's language, so that the offline page speaks it. Registered once the
  // page has loaded: its install (the shell's downloads) then never competes with the page's
  // own first load, which Lighthouse's total blocking time counts (bench/lighthouse.py).
  function registerWorker() {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
      var language = document.documentElement.lang;
      var worker = registration.active || registration.waiting || registration.installing;
      if (worker) worker.postMessage({ language: language });
      navigator.serviceWorker.ready.then(function (ready) {
        if (ready.active) ready.active.postMessage({ language: language });
      });
    }).catch(function () { /* no worker: the site works as before */ });
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    if (document.readyState === "complete") registerWorker();
    else window.addEventListener("load", registerWorker);
  }
})();
