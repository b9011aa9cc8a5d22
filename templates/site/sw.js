/* booklet's service worker: pages of this site stay readable offline once opened.
   Network first, so a rebuilt plan shows as soon as there is a connection; the cache is
   only the fallback. Nothing outside this site is fetched or kept. */
"use strict";
var CACHE = "booklet-{{ version }}";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("booklet-") === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

// A plan page names what it needs offline (itself, its stylesheet, script and charts).
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  var mine = urls.filter(function (url) { return new URL(url).origin === location.origin; });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(mine.map(function (url) {
      return cache.add(url).catch(function () { /* kept on the next visit */ });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  if ((request.headers.get("accept") || "").indexOf("text/event-stream") !== -1) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreSearch: true}).then(function (kept) {
      return kept || Response.error();
    });
  }));
});
