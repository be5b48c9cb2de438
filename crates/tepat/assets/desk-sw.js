// Tepat check-in desk service worker: keeps the desk pages of hand-outs, their script and
// styles so a desk opens without a connection. Everything else goes to the network.
'use strict';

const CACHE = 'tepat-meja-1';
const SHELL = ['/penyaluran-barang/meja.js', '/assets/tepat.css', '/favicon.svg'];
const DESK = /^\/penyaluran-barang\/\d+\/meja$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('tepat-meja') && n !== CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin
    || !(SHELL.includes(url.pathname) || DESK.test(url.pathname))) {
    return;
  }
  // Network first, so a connected desk always sees its latest page; the copy when not.
  event.respondWith(fetch(request).then((response) => {
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
    }
    return response;
  }).catch(() => caches.match(url.pathname)));
});
