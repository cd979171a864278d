import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { addSql, cell, expect, freshCase, status, test } from './fixtures';
import { chromiumLaunchOptions } from './launch-options';
import { diskProfileTest } from './settled-profile';

/*
 * A file too large to copy into memory (issue 18, target 25), in a file of its own: hashing 2.5 GB
 * is one long wasm loop (hash-wasm), which needs V8's optimising tier. The other tests run wasm in
 * Liftoff only (launch-options.ts), where it would take minutes; a launch option is per worker, so
 * it is set for this file alone.
 */
diskProfileTest.use({ launchOptions: chromiumLaunchOptions([], { wasmTopTier: true }) });

diskProfileTest(
  'a 2.5 GB CSV is read in place: a view over the file by handle, its head shown and queried at once, kept across a reload',
  async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    // 100,000 real rows (2 MB: past the first MiB that is checked for text), then NUL bytes to
    // 2.5 GiB: a sparse file, made at once. DuckDB skips NULs: copied into a table as before, the
    // file became its rows after a read of all of it (about 1.5 min here, measured).
    const path = testInfo.outputPath('huge.csv');
    const cities = ['Graz', 'Lima', 'Oslo', 'Pune'];
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i},${cities[i % 4]},${(i % 97) + 0.5}`);
    writeFileSync(path, `id,city,amount\n${rows.join('\n')}\n`);
    truncateSync(path, 2.5 * 1024 ** 3);

    // Sparse here, but a test-results folder uploaded or copied would hold 2.5 GB: removed whatever happens.
    try {
      await freshCase(page, 'Huge');
      await page
        .getByRole('group', { name: /Add a cell/ })
        .last()
        .getByRole('button', { name: '+ Source' })
        .click();
      await page.getByLabel('File to import').last().setInputFiles(path);
      // Hashing all of it takes most of the time (about 30 s here); the view is made from the head.
      await expect(status(page, 'Source → huge')).toHaveText('view, rows not counted', {
        timeout: 150_000,
      });
      const huge = cell(page, 'Source → huge');
      await expect(huge).toContainText(
        'huge.csv is 2.5 GB, too large to copy into memory: it is read in place',
      );
      await expect(huge.getByRole('grid')).toContainText('First 1,000 rows × 3 columns (rows not counted)');
      await expect(huge.getByRole('gridcell', { name: 'Graz' }).first()).toBeVisible();

      await addSql(
        page,
        'SELECT city, count(*) AS n FROM (SELECT * FROM huge LIMIT 1000) GROUP BY city ORDER BY city',
      );
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+Enter');
      await expect(status(page, 'SQL → table_1')).toHaveText('4 rows');

      // The file was stored: after a reload the view is made again from it, and what reads it runs.
      await page.reload();
      await expect(status(page, 'Source → huge')).toHaveText('view, rows not counted', { timeout: 60_000 });
      await expect(status(page, 'SQL → table_1')).toHaveText('4 rows');
      await expect(cell(page, 'SQL → table_1').getByRole('gridcell', { name: '250' })).toHaveCount(4);
    } finally {
      rmSync(path, { force: true });
    }
  },
);
