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
})();
