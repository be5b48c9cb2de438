// Tepat e-warong service worker: keeps the shop's page, its script and its styles so the
// page opens without a connection. Everything else goes to the network as usual.
'use strict';

const CACHE = 'tepat-warung-1';
const SHELL = ['/warung', '/warung/offline.js', '/assets/tepat.css', '/favicon.svg',
  '/warung/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin
    || !SHELL.includes(url.pathname)) {
    return;
  }
  // Network first, so a connected shop always sees its latest page; the copy when not.
  event.respondWith(fetch(request).then((response) => {
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
    }
    return response;
  }).catch(() => caches.match(url.pathname)));
});
