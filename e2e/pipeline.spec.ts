import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { addSql, cell, expect, openSample, status, test } from './fixtures';

const SAMPLE = fileURLToPath(new URL('../public/sample/telco/', import.meta.url));

/** Row count and a hash of the sorted rows, each row as DuckDB prints it. */
const HASH_SQL = `SELECT count(*)::INTEGER AS n, md5(string_agg(r, chr(10) ORDER BY r)) AS h FROM (SELECT CAST(x AS VARCHAR) AS r FROM churn AS x)`;

test('the exported SQL script rebuilds the sample case in native DuckDB, row for row', async ({ page }) => {
  await openSample(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SQL' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Telco churn.sql');
  const script = await readFile(await file.path(), 'utf8');
  expect(script).toContain("read_parquet('billing.parquet')");

  // The browser's rows of the joined table…
  await addSql(page, HASH_SQL);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  const cells = cell(page, 'SQL → table_1').getByRole('gridcell');
  const browser = [await cells.nth(0).innerText(), await cells.nth(1).innerText()];

  // …and native DuckDB's, from the script and the same files.
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`SET file_search_path = '${SAMPLE.replaceAll("'", "''")}'`);
  await conn.run(script);
  const native = (await conn.runAndReadAll(HASH_SQL)).getRowObjects()[0];
  conn.closeSync();
  expect(browser).toEqual([String(native?.['n']), String(native?.['h'])]);
  expect(browser[0]).toBe('7043');
});
