// Service worker of the checkpoint verifier: keeps the page itself and the two documents an
// offline check needs (the JWK set and the status list) so that the page opens and verifies
// without a network. Every other call (verifications, uploads) goes to the network as it is.
const SHELL = 'checkpoint-shell-v1';
const DATA = 'checkpoint-data-v1';
const FILES = [
  '/checkpoint/',
  '/checkpoint/checkpoint.js',
  '/checkpoint/frame.js',
  '/checkpoint/checkpoint.css',
  '/checkpoint/manifest.webmanifest',
  '/checkpoint/icon.svg',
  '/checkpoint/icon-192.png',
  '/checkpoint/icon-512.png',
];
const DOCUMENTS = ['/api/v1/verification-keys', '/api/v1/status-list'];
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL && n !== DATA).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()));
});

function fetchWithTimeout(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  return fetch(request, { signal: controller.signal }).finally(() => clearTimeout(timer));
}

/** Network first; a copy of every good answer is kept; offline, the copy answers, marked as such. */
async function networkFirst(request, cacheName, cacheKey) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetchWithTimeout(request);
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (offline) {
    const copy = await cache.match(cacheKey);
    if (!copy) throw offline;
    const headers = new Headers(copy.headers);
    headers.set('X-Served-From', 'offline-copy');
    return new Response(await copy.blob(), { status: copy.status, statusText: copy.statusText, headers });
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (DOCUMENTS.includes(url.pathname)) {
    event.respondWith(networkFirst(request, DATA, url.pathname));
  } else if (url.pathname === '/checkpoint/' || url.pathname === '/checkpoint/index.html') {
    event.respondWith(networkFirst(request, SHELL, '/checkpoint/'));
  } else if (FILES.includes(url.pathname)) {
    event.respondWith(networkFirst(request, SHELL, url.pathname));
  }
});
