// Turning notifications on or off on this device (templates/messaging/push.html): the
// browser subscribes with the fund's application server key and the subscription is sent to
// the portal with the CSRF header. Without this script the page still lets one choose kinds.
(function () {
  "use strict";

  var root = document.querySelector("[data-push]");
  if (!root) return;
  var status = root.querySelector("[data-push-status]");
  var onButton = root.querySelector("[data-push-on]");
  var offButton = root.querySelector("[data-push-off]");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function say(text) { if (status) status.textContent = text; }

  function keyBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function kinds() {
    return Array.prototype.map.call(
      document.querySelectorAll('input[name="kinds"]:checked'), function (box) { return box.value; });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrftoken": csrf },
      body: JSON.stringify(body)
    });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(root.getAttribute("data-text-unsupported"));
    return;
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
  }

  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (existing) {
    show(!!existing);
  });

  onButton.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say(root.getAttribute("data-text-refused"));
        return null;
      }
      return navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(root.getAttribute("data-vapid-key"))
        });
      }).then(function (subscription) {
        var body = subscription.toJSON();
        body.kinds = kinds();
        return post("/account/push/subscriptions", body);
      }).then(function (response) {
        if (response && response.ok) {
          say(root.getAttribute("data-text-on"));
          show(true);
        } else {
          say(root.getAttribute("data-text-failed"));
        }
      });
    }).catch(function () { say(root.getAttribute("data-text-failed")); });
  });

  offButton.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post("/account/push/unsubscribe", { endpoint: endpoint });
      });
    }).then(function () {
      say(root.getAttribute("data-text-off"));
      show(false);
    }).catch(function () { say(root.getAttribute("data-text-failed")); });
  });

  onButton.hidden = false;
})();
