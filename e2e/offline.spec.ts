import { addCell, expect, openSafe, status, test, tinyNetworkCase } from './fixtures';

/*
 * The one spec about the service worker (the others block it, playwright.config.ts): after the
 * first visit it serves the app, cross-origin isolated (COOP/COEP on what it serves, issue 21
 * item 3) and offline. One test: each fresh profile precaches the whole build (~50 MB) first.
 */
test.use({ serviceWorkers: 'allow' });

test('after the first visit the worker serves the app: the next load is cross-origin isolated (a network trains on wasm threads, a CSV from disk still reads), and it runs offline', async ({
  page,
  context,
}) => {
  // The first load registers the worker and is not isolated: nothing reloads it.
  await openSafe(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  // The next load (tinyNetworkCase opens the app again) comes from the worker, with COOP/COEP.
  const { train } = await tinyNetworkCase(page, 2);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await train.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(train.getByRole('status', { name: 'Cell status' })).toHaveText(/^\d+ runs?/, {
    timeout: 30_000,
  });
  // tfjs took its threaded-SIMD build; its pool is half the logical cores (1 on CI's 2), at most 4.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.min(4, Math.max(1, Math.floor(cores / 2)));
  await expect(train.getByRole('note', { name: 'Training backend' })).toContainText(
    `train on wasm (SIMD, isolated: ${threads} thread${threads === 1 ? '' : 's'}) here`,
  );

  // A file from disk (BROWSER_FILEREADER in DuckDB's worker) reads under isolation too.
  await addCell(page, 'Source');
  await page
    .getByLabel('File to import', { exact: true })
    .last()
    .setInputFiles({
      name: 'from_disk.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('k,v\n1,a\n2,b\n3,c\n'),
    });
  await expect(status(page, 'Source → from_disk')).toHaveText('3 rows');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  // Offline, a reload opens the case again from the worker's cache: DuckDB's and tfjs's wasm
  // included, its tables built again and its run restored.
  await context.setOffline(true);
  await page.reload();
  await expect(status(page, 'SQL → table_1')).toHaveText('300 rows', { timeout: 60_000 });
  await expect(status(page, 'Source → from_disk')).toHaveText('3 rows');
  await expect(train.getByRole('status', { name: 'Cell status' })).toHaveText(/^\d+ runs?/);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await context.setOffline(false);
});
