// Service worker: an offline copy of the deck and of solo mode, in every language.
//
// GET /sw.js serves this file with `self.CYT_OFFLINE = {version, languages, pages, assets,
// cards}` in front of it. `version` is a hash of everything cached, so any change to the
// site installs a new cache; old caches are deleted once the new one is complete, and a
// page and its assets always come from the same cache (no stale mix).
//
// Pages: network first (with a short timeout for bad signal), then the cached copy in the
// right language. Static assets (content-hashed URLs): cache first. Nothing else (the
// API, live sessions, htmx fragments, POSTs) is touched.
"use strict";

const OFFLINE = self.CYT_OFFLINE || { version: "dev", languages: ["en"], pages: [], assets: [], cards: [] };
const PREFIX = "cyt-offline-";
const CACHE = PREFIX + OFFLINE.version;
const META = "cyt-meta"; // survives versions: remembers the last language used
const LANG_KEY = "/__cyt/lang";
const LANG_COOKIE = "cyt_lang";
const NETWORK_TIMEOUT_MS = 4000;
const OFFLINE_PATHS = /^\/(?:|how-to|cards|cards\/random|cards\/[a-z0-9-]+|solo|solo\/journal|solo\/draw)$/;

// One cache key per page and language: path, other parameters sorted, then `lang`.
function pageKey(address, lang) {
  const url = new URL(address, self.location.origin);
  const params = [];
  url.searchParams.forEach((value, key) => {
    if (key !== "lang") params.push([key, value]);
  });
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  params.push(["lang", lang]);
  return url.pathname + "?" + new URLSearchParams(params).toString();
}

function knownLanguage(value) {
  const code = String(value || "").toLowerCase().split("-")[0];
  return OFFLINE.languages.includes(code) ? code : null;
}

// The language to show offline: the address, then the language cookie (where workers
// can read it), then the last language a page was served in, then the device's.
async function language(url) {
  const asked = knownLanguage(url.searchParams.get("lang"));
  if (asked) return asked;
  if (self.cookieStore) {
    try {
      const cookie = await self.cookieStore.get(LANG_COOKIE);
      const fromCookie = cookie && knownLanguage(cookie.value);
      if (fromCookie) return fromCookie;
    } catch (error) {
      // cookieStore can refuse (e.g. opaque origins); fall through.
    }
  }
  const saved = await (await caches.open(META)).match(LANG_KEY);
  const remembered = saved && knownLanguage(await saved.text());
  if (remembered) return remembered;
  for (const preferred of self.navigator.languages || [self.navigator.language]) {
    const device = knownLanguage(preferred);
    if (device) return device;
  }
  return OFFLINE.languages[0];
}

let lastLanguage = null;
async function rememberLanguage(response) {
  const lang = knownLanguage(response.headers.get("content-language"));
  if (!lang || lang === lastLanguage) return;
  lastLanguage = lang;
  await (await caches.open(META)).put(LANG_KEY, new Response(lang));
}

self.addEventListener("install", (event) => {
  const urls = [...OFFLINE.assets];
  for (const page of OFFLINE.pages) {
    for (const lang of OFFLINE.languages) urls.push(pageKey(page, lang));
  }
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        // Without credentials: `?lang=` must not rewrite the user's language cookie.
        await cache.addAll(urls.map((url) => new Request(url, { credentials: "omit", cache: "reload" })));
      } catch (error) {
        await caches.delete(CACHE); // all or nothing; the previous version stays in charge
        throw error;
      }
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))
      );
      await self.clients.claim();
    })()
  );
});

async function cachedPage(url, { fallback }) {
  const cache = await caches.open(CACHE);
  const lang = await language(url);
  const exact = await cache.match(pageKey(url.href, lang), { ignoreVary: true });
  if (exact || !fallback) return exact;
  if (url.pathname === "/solo/draw" || url.pathname === "/cards/random") {
    const after = url.searchParams.get("after");
    const choices = OFFLINE.cards.filter((slug) => slug !== after);
    const pool = choices.length ? choices : OFFLINE.cards;
    const slug = pool[Math.floor(Math.random() * pool.length)];
    const target = url.pathname === "/solo/draw" ? "/solo?card=" + encodeURIComponent(slug) : "/cards/" + slug;
    return Response.redirect(target, 303);
  }
  // Drop parameters we did not cache (a search, say), then fall back to solo mode.
  const plain = await cache.match(pageKey(url.pathname, lang), { ignoreVary: true });
  return plain || Response.redirect("/solo", 303);
}

function page(request, url) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const answer = (response) => {
      if (response && !answered) {
        answered = true;
        resolve(response);
      }
    };
    // Slow network (a train): after a few seconds, use the cached copy if there is one.
    const timer = setTimeout(() => cachedPage(url, { fallback: false }).then(answer, () => {}), NETWORK_TIMEOUT_MS);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        answer(response);
        rememberLanguage(response).catch(() => {});
      },
      (error) => {
        clearTimeout(timer);
        cachedPage(url, { fallback: true }).then(
          (response) => (response ? answer(response) : reject(error)),
          () => reject(error)
        );
      }
    );
  });
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  try {
    const response = await fetch(request);
    // Versioned URLs never change content, so they may join this version's cache.
    if (response.ok && new URL(request.url).searchParams.has("v")) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const older = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (older) return older;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && OFFLINE_PATHS.test(url.pathname)) {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request));
  }
});
