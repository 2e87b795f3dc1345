// The portal's service worker, served at /sw.js after its configuration (app/home/pwa.py):
// self.AFFILIO_SW = {version, precache, offline: {fr, nl, en}, fallbackLanguage}.
// It keeps only the app's shell: fingerprinted static files and the offline pages. A page or
// a JSON answer is never put in a cache: it may be personal, and the next person on a shared
// phone must not find it there.
/* global self, caches, fetch, Response, URL */
"use strict";

var CONFIG = self.AFFILIO_SW;
var CACHE = "affilio-shell-" + CONFIG.version;
var LANGUAGE_KEY = "/__affilio/language"; // the reader's language, told by the pages

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(CONFIG.precache);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  // A new release: the previous shells go.
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("affilio-") === 0 && name !== CACHE;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

// The pages say which language they are in, so the offline page speaks it too.
self.addEventListener("message", function (event) {
  var language = event.data && event.data.language;
  if (!Object.prototype.hasOwnProperty.call(CONFIG.offline, language)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.put(LANGUAGE_KEY, new Response(language));
  }));
});

function offlinePage() {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(LANGUAGE_KEY).then(function (stored) {
      return stored ? stored.text() : CONFIG.fallbackLanguage;
    }).then(function (language) {
      var page = CONFIG.offline[language] || CONFIG.offline[CONFIG.fallbackLanguage];
      return cache.match(page);
    });
  });
}

function isFingerprinted(url) {
  return url.pathname.indexOf("/static/") === 0 && url.searchParams.has("v");
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // forms and the API go to the network as they are
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages always come from the network, never from a cache; without one, the offline page.
    event.respondWith(fetch(request).catch(offlinePage));
    return;
  }
  if (isFingerprinted(url)) {
    // A fingerprinted file never changes: from the cache, else fetched once and kept.
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
      });
    }));
  }
  // Anything else (JSON, htmx fragments, downloads): the network only.
});

// Web Push (app/messaging/push.py): the payload says only that something waits, and where to
// look; the message itself is read in the portal after signing in.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = data.title || "Affilio";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    icon: "/static/img/icons/icon-192.png",
    badge: "/static/img/icons/icon-192.png",
    data: { url: data.url || "/inbox" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/inbox",
                       self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/inbox", self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true })
    .then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url.indexOf(self.location.origin) === 0 && "focus" in windows[i]) {
          return windows[i].navigate(target.href).then(function (w) { return (w || windows[i]).focus(); });
        }
      }
      return self.clients.openWindow(target.href);
    }));
});
