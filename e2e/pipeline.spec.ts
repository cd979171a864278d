import { readFile } from 'node:fs/promises';
import { browserAndNativeHash, expect, openSample, settled } from './fixtures';
import { settledTest as test } from './settled-profile';

test('the exported SQL script rebuilds the sample case in native DuckDB, row for row, features included', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openSample(page);
  // Trained, with a champion: the script builds the features with the values fitted for its run.
  await settled(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SQL' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Telco churn.sql');
  const script = await readFile(await file.path(), 'utf8');
  expect(script).toContain("read_parquet('billing.parquet')");

  // The browser's rows of the joined table, and native DuckDB's from the script and the same files.
  const { browser, native } = await browserAndNativeHash(page, script, 'churn', 'table_1');
  expect(browser).toEqual(native);
  expect(browser[0]).toBe('7043');

  // The training matrix: the features table, fitted as for the champion, the same rows natively.
  expect(script).toMatch(/-- Features cell: the values fitted for the champion run \S+ \(batch \S+\)/);
  expect(script).toContain('CREATE OR REPLACE TABLE "churn_features" AS');
  const features = await browserAndNativeHash(page, script, 'churn_features', 'table_2');
  expect(features.browser).toEqual(features.native);
  expect(features.browser[0]).toBe('7043');
});
