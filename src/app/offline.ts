import { registerSW } from 'virtual:pwa-register';
import type { Toasts } from './toasts.svelte';

/**
 * Registers the service worker that makes the app work offline after the first visit.
 * 'prompt': a new version never reloads the tab under the user; pending saves are flushed first.
 */
export function registerServiceWorker(toasts: Toasts, flush: () => Promise<void>): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    onNeedRefresh() {
      toasts.show(
        'info',
        'A new version of Casebook is ready.',
        {
          label: 'Reload',
          run: () => void flush().then(() => update(true)),
        },
        0,
      );
    },
    onOfflineReady() {
      toasts.show('info', 'Casebook is ready to work offline.');
    },
  });
}
