/*
 * The intranet's service worker (issue 18, decision 124). Built by scripts/build-sw.mjs:
 * Workbox (workbox-build injectManifest) puts the list of the build's files, with their
 * revisions, where the manifest placeholder stands. Plain script, no imports: the server's CSP
 * allows no importScripts.
 *
 * - The app shell (the build's JavaScript and CSS, the offline page, icons) is cached at
 *   install, per revision; old shells are deleted on activate.
 * - Pages: always from the network. Only when the network fails: the person's saved pages
 *   (outstanding must-reads and guides they saved, listed by /me/offline.json), else the
 *   offline page. Nothing else signed-in is kept.
 * - Web Push: shows a notification (title and link only); a replaced subscription is
 *   renewed with the intranet (pushsubscriptionchange, decision 215).
 * - The page asks it to "sync" (refresh the saved pages) or "clear" (forget them). On a
 *   shared device the page never registers it, and signing out sends Clear-Site-Data.
 */
const SHELL_FILES = self.__WB_MANIFEST;
const SHELL_VERSION = hash(SHELL_FILES.map((f) => `${f.url}@${f.revision || ""}`).join("|"));
const SHELL = `intranet-shell-${SHELL_VERSION}`;
const SAVED = "intranet-saved";
const OFFLINE_PAGE = "/offline.html";

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function shellUrl(url) {
  return new URL(url.startsWith("/") ? url : `/${url}`, self.location.origin).href;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES.map((f) => new Request(shellUrl(f.url), { cache: "reload" })))).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("intranet-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(async () => {
        const saved = await caches.open(SAVED).then((c) => c.match(url.pathname));
        return saved || (await caches.match(OFFLINE_PAGE)) || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
      }),
    );
    return;
  }
  // The shell: from the cache first (the build's files are named by their content, so a
  // cached one never goes stale); other build files are kept the first time they are used.
  event.respondWith(
    caches.open(SHELL).then(async (cache) => {
      const hit = await cache.match(request);
      if (hit) return hit;
      const res = await fetch(request);
      if (res.ok && url.pathname.startsWith("/build/")) await cache.put(request, res.clone());
      return res;
    }),
  );
});

/** Refreshes the saved pages: those /me/offline.json lists now, and no others. */
async function syncSaved() {
  const res = await fetch("/me/offline.json", { credentials: "same-origin", cache: "no-store" });
  if (!res.ok) return;
  const { pages } = await res.json();
  const cache = await caches.open(SAVED);
  const wanted = new Set(pages.map((p) => new URL(p, self.location.origin).href));
  for (const key of await cache.keys()) if (!wanted.has(key.url)) await cache.delete(key);
  for (const href of wanted) {
    try {
      const page = await fetch(href, { credentials: "same-origin", cache: "no-store" });
      if (page.ok && !page.redirected) await cache.put(href, page);
    } catch {
      // Offline or failing now: keep what was saved before.
    }
  }
}

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "sync") event.waitUntil(syncSaved().then(() => event.source && event.source.postMessage({ type: "synced" })).catch(() => undefined));
  if (type === "clear") event.waitUntil(caches.delete(SAVED));
});

/*
 * Web Push (decision 125): the payload is a title and a link on the intranet, nothing else.
 * The notification shows the title; selecting it opens (or focuses) the page.
 */
function sameOriginPath(value) {
  try {
    const url = new URL(typeof value === "string" ? value : "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : new URL("/", self.location.origin).href;
  } catch {
    return new URL("/", self.location.origin).href;
  }
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === "string" && data.title.trim() ? data.title.slice(0, 200) : "New on the intranet";
  const url = sameOriginPath(data.url);
  event.waitUntil(self.registration.showNotification(title, { data: { url }, tag: url, icon: "/icons/icon-192.png", badge: "/icons/icon-192.png" }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sameOriginPath(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) if (w.url === url && "focus" in w) return w.focus();
      return self.clients.openWindow(url);
    }),
  );
});

/*
 * A browser may replace a push subscription (the push service rotated it, or it expired):
 * subscribe again if the browser has not, and tell the intranet, which moves the person's
 * notifications to the new one (POST /push/renew, decision 215). The old endpoint is the
 * proof; if the browser does not say which it was, the one the page saved when the person
 * turned notifications on (and this worker after each renewal) is used.
 */
const PUSH_STORE = "intranet-push";

async function savedPush() {
  const hit = await caches.open(PUSH_STORE).then((c) => c.match("/push/current")).catch(() => undefined);
  return hit ? hit.json().catch(() => ({})) : {};
}

async function renewPush(oldSubscription, newSubscription) {
  const saved = await savedPush();
  const oldEndpoint = (oldSubscription && oldSubscription.endpoint) || saved.endpoint;
  if (!oldEndpoint) return;
  let subscription = newSubscription;
  if (!subscription) {
    const key = (oldSubscription && oldSubscription.options && oldSubscription.options.applicationServerKey) || saved.publicKey;
    if (!key) return;
    subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }
  const res = await fetch("/push/renew", {
    method: "POST",
    credentials: "same-origin",
    body: new URLSearchParams({ oldEndpoint, subscription: JSON.stringify(subscription.toJSON()) }),
  });
  if (res.ok) {
    const cache = await caches.open(PUSH_STORE);
    await cache.put("/push/current", new Response(JSON.stringify({ endpoint: subscription.endpoint, publicKey: saved.publicKey }), { headers: { "Content-Type": "application/json" } }));
  }
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renewPush(event.oldSubscription, event.newSubscription).catch(() => undefined));
});
