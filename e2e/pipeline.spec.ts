import { readFile } from 'node:fs/promises';
import { browserAndNativeHash, expect, openSample, test } from './fixtures';

test('the exported SQL script rebuilds the sample case in native DuckDB, row for row', async ({ page }) => {
  await openSample(page);
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
});
