import type { Page } from '@playwright/test';
import { addSql, cell, expect, openSample, rowHashSql, settled, status } from './fixtures';
import { settledTest as test } from './settled-profile';

/*
 * Issue 21, item 1: reopening a case registers the tables its cells made from the table cache
 * instead of rebuilding them. The runtime's counters (window.__casebookCounters, read only) say
 * what ran; a row hash of the features table (the end of the chain source → SQL → features) says
 * that the restored rows are the ones a rebuild from the stored files makes.
 * The test starts from the settled profile (settled-profile.ts): the sample's first run, which
 * built every table and wrote it to the cache, is behind it, so opening the app is the case's
 * second opening. That first run's own counters are checked where it happens (makeProfile).
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

test('a reopened sample runs no SQL, source, features, profile, chart or evaluate cell, holds the same rows, and rebuilds after Clear cache', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // The second opening of the sample: every table comes from the cache.
  await openSample(page);
  await settled(page);
  const reopened = await counters(page);
  expect(reopened?.runs).not.toHaveProperty('sql');
  expect(reopened?.runs).not.toHaveProperty('source');
  expect(reopened?.runs).not.toHaveProperty('features');
  expect(reopened?.runs).not.toHaveProperty('clean');
  expect(reopened?.restored).toMatchObject({ sql: 2, features: 1 }); // the sample's two SQL cells
  // The profile and the chart keep their outputs without a table: they show without querying again.
  expect(reopened?.runs).not.toHaveProperty('profile');
  expect(reopened?.runs).not.toHaveProperty('chart');
  expect(reopened?.restored).toMatchObject({ profile: 1, chart: 1 });
  await expect(cell(page, 'Chart of churn').getByRole('figure', { name: 'Chart output' })).toContainText(
    'Month-to-month',
  );
  await expect(status(page, 'Profile of churn')).toHaveText(/^\d+ problems?$/);
  const profiled = cell(page, 'Profile of churn');
  await expect(profiled.getByRole('region', { name: 'Data quality' })).toContainText('total_charges');
  await expect(profiled.getByRole('article', { name: 'Column total_charges' })).toContainText('11 blank');
  // So does the evaluation, while the predictions the train cell wrote again from its stored runs
  // are the rows it judged (the train cell runs: its runs are in storage, not in the cache).
  expect(reopened?.runs).toMatchObject({ train: 1 });
  expect(reopened?.runs).not.toHaveProperty('evaluate');
  expect(reopened?.restored).toMatchObject({ evaluate: 1 });
  await expect(status(page, 'Evaluate predictions')).toHaveText(/^\d+ runs?, ROC AUC 0\.\d{3}/);
  // A hash of the restored features table, by a new SQL cell (it runs: it is not cached yet).
  await addSql(page, rowHashSql('churn_features'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  const restored = await hashShown(page);
  expect(await tableRuns(page)).toBe(1);
  await cacheWritten(page);

  // Clear cache in the storage panel: nothing saved is lost, and the next open rebuilds.
  await page.getByRole('button', { name: 'Storage' }).click();
  const panel = page.getByRole('dialog', { name: 'Storage' });
  await expect(panel.getByRole('table', { name: 'Cache use' })).toContainText('Telco churn');
  await panel.getByRole('button', { name: 'Clear cache' }).click();
  await expect(panel.getByLabel('Cache use')).toHaveText('The table cache is empty.');
  await panel.getByRole('button', { name: 'Close' }).click();
  await page.reload();
  // Only the table cells are waited for: the cells after them (evaluate, explain, score, monitor)
  // run again too, but this test is about tables.
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row', { timeout: 120_000 });
  await expect(status(page, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 120_000 });
  const rebuilt = await counters(page);
  expect(rebuilt?.restored).toEqual({});
  // The sample's two SQL cells and the hash cell, its features cell: all ran, from the stored files;
  // the profile (it runs before the features cell) too.
  expect(rebuilt?.runs).toMatchObject({ sql: 3, features: 1, profile: 1 });
  expect(await hashShown(page)).toEqual(restored);
  // And the rebuilt tables go back to the cache.
  await expect.poll(async () => (await counters(page))?.cacheWrites, { timeout: 60_000 }).toBeGreaterThan(5);
});
