import { registerSW } from 'virtual:pwa-register';
import type { Toasts } from './toasts.svelte';

/**
 * Registers the service worker that makes the app work offline after the first visit.
 * 'prompt': a new version never reloads the tab under the user; pending saves are flushed first.
 */
export function registerServiceWorker(toasts: Toasts, flush: () => Promise<void>): void {
  if (!('serviceWorker' in navigator)) return;
  // vite-plugin-pwa calls onNeedRefresh twice for a worker found by an update check (on
  // 'installed' and on 'waiting'): one prompt is enough.
  let prompted = false;
  const update = registerSW({
    onNeedRefresh() {
      if (prompted) return;
      prompted = true;
      toasts.show(
        'info',
        'Update available: a new version of Casebook is ready. Reload saves your edits first.',
        {
          label: 'Reload',
          run: () => void flush().then(() => takeOver(update)),
        },
        0,
      );
    },
    onOfflineReady() {
      toasts.show('info', 'Casebook is ready to work offline.');
    },
  });
}

/**
 * Tells the waiting worker to take over; registerSW reloads the page once it controls it. The
 * message goes without a MessagePort: Chromium left the waiting worker 'installed' after
 * workbox-window's SKIP_WAITING, which carries a port for a reply (e2e/reliability.spec.ts, the
 * service worker test: the page never reloaded), while a plain one activates it at once.
 */
async function takeOver(update: (reload: boolean) => Promise<void>): Promise<void> {
  const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
  if (waiting) waiting.postMessage({ type: 'SKIP_WAITING' });
  else await update(true);
}
