// Passkey ceremonies (WebAuthn) for elements marked data-passkey="register|login|step-up".
// The server keeps the challenge; this file only relays options and the browser's answer.
(function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // --- base64url fallback for browsers without the JSON helpers --------------------------------
  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    var options = Object.assign({}, json);
    options.challenge = toBytes(json.challenge);
    options.user = Object.assign({}, json.user, { id: toBytes(json.user.id) });
    options.excludeCredentials = (json.excludeCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: toBytes(c.id) });
    });
    return options;
  }

  function requestOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    var options = Object.assign({}, json);
    options.challenge = toBytes(json.challenge);
    options.allowCredentials = (json.allowCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: toBytes(c.id) });
    });
    return options;
  }

  function credentialJSON(credential) {
    if (typeof credential.toJSON === "function") return credential.toJSON();
    var r = credential.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response,
    };
  }

  // --- talking to the server ---------------------------------------------------------------
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "x-csrftoken": csrf,
      },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!response.ok) {
            var error = new Error(data.detail || "");
            error.fromServer = true;
            throw error;
          }
          return data;
        });
    });
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials);
  }

  function setup(box) {
    var mode = box.getAttribute("data-passkey");
    var button = box.querySelector("[data-passkey-start]");
    var status = box.querySelector("[data-passkey-status]");
    var busy = false;
    var pending = null; // AbortController of a waiting autofill (conditional) request

    function say(text, isError) {
      status.textContent = text || "";
      status.classList.toggle("field-error", !!isError);
    }

    function fail(error) {
      if (error && error.name === "AbortError") return;
      say(error && error.fromServer && error.message ? error.message : box.dataset.failed, true);
    }

    function finish(data) {
      window.location.assign(data.redirect || "/");
    }

    function register() {
      return post(box.dataset.optionsUrl, { token: box.dataset.token || null }).then(function (o) {
        return navigator.credentials
          .create({ publicKey: creationOptions(o.publicKey) })
          .then(function (credential) {
            return post(box.dataset.verifyUrl, {
              ceremony: o.ceremony,
              credential: credentialJSON(credential),
            });
          });
      });
    }

    function authenticate(conditional) {
      return post(box.dataset.optionsUrl, {}).then(function (o) {
        var request = { publicKey: requestOptions(o.publicKey) };
        if (conditional) {
          pending = new AbortController();
          request.mediation = "conditional";
          request.signal = pending.signal;
        }
        return navigator.credentials.get(request).then(function (credential) {
          pending = null;
          say(box.dataset.working);
          return post(box.dataset.verifyUrl, {
            ceremony: o.ceremony,
            credential: credentialJSON(credential),
            next: box.dataset.next || "",
          });
        });
      });
    }

    function start() {
      if (busy) return;
      if (!supported()) {
        say(box.dataset.unsupported, true);
        return;
      }
      if (pending) {
        pending.abort();
        pending = null;
      }
      busy = true;
      button.disabled = true;
      say(box.dataset.working);
      (mode === "register" ? register() : authenticate(false))
        .then(finish)
        .catch(fail)
        .then(function () {
          busy = false;
          button.disabled = false;
        });
    }

    button.addEventListener("click", start);

    // Autofill: offer the passkey in the username field when the browser supports it.
    if (mode === "login" && supported() && PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (!available || !document.querySelector('input[autocomplete~="webauthn"]')) return;
        authenticate(true).then(finish).catch(fail);
      });
    }
    if (!supported()) say(box.dataset.unsupported, true);
  }

  function init() {
    var boxes = document.querySelectorAll("[data-passkey]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
    // The autofill form only exists for the passkey suggestion; never submit it.
    var autofill = document.querySelector("[data-passkey-autofill]");
    if (autofill) {
      autofill.addEventListener("submit", function (event) {
        event.preventDefault();
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
