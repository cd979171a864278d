/// <reference lib="webworker" />
/*
 * The app's service worker (vite-plugin-pwa, `injectManifest`): what the generated Workbox worker
 * did (precache the build, serve index.html for navigations, drop old caches, take over on a
 * plain SKIP_WAITING message) plus COOP/COEP on every same-origin response it serves, so that the
 * pages it controls are cross-origin isolated (isolation.ts). It never claims the open page nor
 * reloads it: work may be running there; the next load is controlled, and isolated.
 */
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolationHeaders } from './isolation';

declare const self: ServiceWorkerGlobalScope & {
  /** The precache manifest, injected at build time (the glob in vite.config.ts). */
  readonly __WB_MANIFEST: (string | PrecacheEntry)[];
};

// registerSW's 'prompt' flow (src/app/offline.ts): the waiting worker activates on this message.
self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (data !== null && typeof data === 'object' && Reflect.get(data, 'type') === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

// Before precacheAndRoute registers its route: the plugin is on the strategy that serves it.
addPlugins([{ handlerWillRespond: ({ response }) => Promise.resolve(withIsolationHeaders(response)) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
// Same-origin requests the precache does not hold (a file added after the build, a range the
// precache does not answer): from the network, isolated too, or a worker they start would not be.
registerRoute(
  ({ url }) => url.origin === self.location.origin,
  ({ request }) => fetch(request).then(withIsolationHeaders),
);
