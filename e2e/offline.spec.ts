import { expect, openSample, status, test } from './fixtures';

// The one spec about the service worker: the others block it (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

test('after the first visit the app reloads and runs offline', async ({ page, context }) => {
  await openSample(page);
  // The service worker precaches the app, DuckDB's wasm included; wait until it controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await openSample(page);

  await context.setOffline(true);
  await page.reload();
  await openSample(page);
  await expect(status(page, 'SQL → churn')).toHaveText('7,043 rows');
  await context.setOffline(false);
});
