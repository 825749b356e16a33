/**
 * zkpush's service worker: it turns the plaintext the reveal page decrypted into browser downloads
 * (download-slots.ts) and does nothing else — no caching, no offline pages, no other request
 * touched, no keys. Registered by the reveal page of a file push only (kit.serviceWorker.register
 * is off). Kit 3 builds this directory to /service-worker.js as an ES module; it is same-origin
 * script, which the pages' CSP (script-src 'self', which worker-src falls back to) allows.
 */
import { self } from '$app/service-worker';
import { toBase64url } from '@zkpush/shared/base64url';
import { createDownloadSlots, type PortLike } from './download-slots.ts';

const slots = createDownloadSlots({
  newSlotId: () => toBase64url(crypto.getRandomValues(new Uint8Array(16))),
  schedule: (ms, run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
});

// A new version takes over at once; pages need not be controlled (downloads are navigations).
self.addEventListener('install', () => void self.skipWaiting());

self.addEventListener('message', (event) => {
  const ports: readonly PortLike[] = event.ports;
  slots.onMessage(event.data, ports);
});

self.addEventListener('fetch', (event) => {
  const handled = slots.onFetch(event.request, self.location.origin);
  if (!handled) return;
  event.respondWith(handled.response);
  event.waitUntil(handled.done);
});
