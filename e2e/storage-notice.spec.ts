import type { Page } from '@playwright/test';
import { expect, openSafe, test } from './fixtures';

/*
 * Issue 18 item 11: where the browser refuses persistent storage, the app says so and offers the
 * workspace export, and reminds after a week without one; where it grants it, nothing shows.
 */

/**
 * Makes `navigator.storage.persist()` (and `persisted()`) answer as the tab's `sessionStorage` says
 * (`casebook-test-persist` = `granted`, else refused), and notes that the app asked.
 */
async function stubPersist(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const answer = (): boolean => {
      Reflect.set(window, '__persistAnswered', true);
      return sessionStorage.getItem('casebook-test-persist') === 'granted';
    };
    navigator.storage.persisted = () => Promise.resolve(answer());
    navigator.storage.persist = () => Promise.resolve(answer());
  });
}

/** Writes `value` under `key` in the app's session store (raw IndexedDB, as a past visit left it). */
function storeSession(page: Page, key: string, value: string): Promise<void> {
  return page.evaluate(
    ([k, v]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('casebook');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('session', 'readwrite');
          tx.objectStore('session').put({ key: k, value: v });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    [key, value] as const,
  );
}

test('persistent storage refused: the warning offers the workspace export; granted: no warning, even a month after the last export', async ({
  page,
}) => {
  await stubPersist(page);
  await openSafe(page);
  const notice = page.getByRole('status', { name: 'Storage warning' });
  await expect(notice).toContainText('did not grant persistent storage');
  await expect(notice).toContainText('Export the workspace');
  // A first visit: no reminder yet (after a week it joins the warning: export-reminder.test.ts).
  await expect(notice).not.toContainText('exported');
  const downloading = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Export workspace' }).click();
  expect((await downloading).suggestedFilename()).toMatch(/\.casebook$/);

  // Granted, with the last export a month old: no warning and no reminder.
  await storeSession(page, 'lastWorkspaceExportAt', new Date(Date.now() - 30 * 86_400_000).toISOString());
  await page.evaluate(() => sessionStorage.setItem('casebook-test-persist', 'granted'));
  await openSafe(page);
  await page.waitForFunction(() => Reflect.get(window, '__persistAnswered') === true);
  // The clock is read after the answer: two frames let both render before the absence is checked.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await expect(notice).toHaveCount(0);
});
