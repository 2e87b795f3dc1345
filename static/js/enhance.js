// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After an htmx swap, move focus to the new region's heading so screen readers follow.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    var focusable = target.querySelector("[data-focus-after-swap]");
    if (focusable) {
      focusable.setAttribute("tabindex", "-1");
      focusable.focus();
    }
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
  // The installable app: a service worker keeps the shell and an offline page (app/home/pwa.py).
  // It is told the page's language, so that the offline page speaks it.
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
      var language = document.documentElement.lang;
      var worker = registration.active || registration.waiting || registration.installing;
      if (worker) worker.postMessage({ language: language });
      navigator.serviceWorker.ready.then(function (ready) {
        if (ready.active) ready.active.postMessage({ language: language });
      });
    }).catch(function () { /* no worker: the site works as before */ });
  }
})();
