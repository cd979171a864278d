import type { Page } from '@playwright/test';
import { addSql, cell, expect, openSample, rowHashSql, settled, status, test } from './fixtures';

/*
 * Issue 21, item 1: reopening a case registers the tables its cells made from the table cache
 * instead of rebuilding them. The runtime's counters (window.__casebookCounters, read only) say
 * what ran; a row hash of the features table (the end of the chain source → SQL → features) says
 * that the restored rows are the built ones.
 */

const counters = (page: Page) => page.evaluate(() => window.__casebookCounters ?? null);

/** Runs of the kinds whose tables the cache keeps. */
async function tableRuns(page: Page): Promise<number> {
  const runs = (await counters(page))?.runs ?? {};
  return (runs.source ?? 0) + (runs.sql ?? 0) + (runs.clean ?? 0) + (runs.features ?? 0);
}

/** The hash cell's two values: row count and md5 of the sorted rows. */
async function hashShown(page: Page): Promise<string[]> {
  const cells = cell(page, 'SQL → table_1').getByRole('gridcell');
  await expect(cells).toHaveCount(2);
  return [await cells.nth(0).innerText(), await cells.nth(1).innerText()];
}

/** Waits until every table write to the cache has finished, and the document is saved. */
async function cacheWritten(page: Page): Promise<void> {
  await expect.poll(async () => (await counters(page))?.cachePending, { timeout: 60_000 }).toBe(0);
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
}

test('a reopened sample runs no SQL, source or features cell, holds the same rows, and rebuilds after Clear cache', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await openSample(page);
  await settled(page);
  // The sample's champion is registered as soon as its evaluate cell has run: the score and monitor
  // cells below it find it on their first run (they used to fail, then run again).
  expect((await counters(page))?.runs).toMatchObject({ score: 1, monitor: 1 });
  await addSql(page, rowHashSql('churn_features'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  const built = await hashShown(page);
  expect(await tableRuns(page)).toBeGreaterThan(5);
  await cacheWritten(page);
  expect((await counters(page))?.cacheWrites).toBeGreaterThan(5);

  // Reopen: every table comes from the cache.
  await page.reload();
  await settled(page);
  await expect(status(page, 'SQL → churn_by_contract')).toHaveText('3 rows');
  const reopened = await counters(page);
  expect(reopened?.runs).not.toHaveProperty('sql');
  expect(reopened?.runs).not.toHaveProperty('source');
  expect(reopened?.runs).not.toHaveProperty('features');
  expect(reopened?.runs).not.toHaveProperty('clean');
  expect(reopened?.restored).toMatchObject({ sql: 3, features: 1 }); // two SQL cells and the hash cell
  // The hash cell run by hand (it runs, cached or not) reads the restored features table.
  await cell(page, 'SQL → table_1').getByRole('button', { name: 'Run' }).click();
  await expect.poll(async () => (await counters(page))?.runs.sql).toBe(1);
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  expect(await hashShown(page)).toEqual(built);
  await cacheWritten(page);

  // Clear cache in the storage panel: nothing saved is lost, and the next open rebuilds.
  await page.getByRole('button', { name: 'Storage' }).click();
  const panel = page.getByRole('dialog', { name: 'Storage' });
  await expect(panel.getByRole('table', { name: 'Cache use' })).toContainText('Telco churn');
  await panel.getByRole('button', { name: 'Clear cache' }).click();
  await expect(panel.getByLabel('Cache use')).toHaveText('The table cache is empty.');
  await panel.getByRole('button', { name: 'Close' }).click();
  await page.reload();
  await settled(page);
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  const rebuilt = await counters(page);
  expect(rebuilt?.restored).toEqual({});
  // The sample's two SQL cells and the hash cell, its features cell: all ran.
  expect(rebuilt?.runs).toMatchObject({ sql: 3, features: 1 });
  expect(await hashShown(page)).toEqual(built);
});
