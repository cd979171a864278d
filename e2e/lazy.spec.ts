import type { Page } from '@playwright/test';
import { addCell, addSql, cell, expect, field, openSafe, status, storedRecords, test } from './fixtures';

/*
 * Issue 21, item 1: a reopened case builds the cells on screen and their inputs first, the rest in
 * the background. A new case: a slow SQL cell at the top, many notes, an independent fast SQL cell
 * at the bottom, neither run yet; the view is left at the bottom; after a reload the bottom cell's
 * table is ready while the top one still runs (in graph order it would wait for the slow scan).
 */

/** The cells saved as on screen for each case (the session store, raw IndexedDB). */
async function savedView(page: Page): Promise<unknown[]> {
  const rows = await storedRecords(page, 'session');
  return rows.filter((r) => String(field(r, 'key')).startsWith('view-cells:')).map((r) => field(r, 'value'));
}

/** When each cell's run started, by cell id (the runtime's performance measures). */
function runStarts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('casebook:cell:'))
        .map((m) => [m.name.split(':').at(-1) ?? '', m.startTime]),
    ),
  );
}

test('a reopened case builds the cell on screen first: the bottom cell is ready while the slow top cell runs', async ({
  page,
}) => {
  await openSafe(page);
  await page.getByRole('button', { name: 'New case' }).click();
  // A scan of a few seconds in DuckDB-WASM (one thread).
  await addSql(page, 'SELECT count(*) AS n FROM range(40000000) t(i) WHERE (i * 7919) % 13 = 0');
  await page.keyboard.press('Escape');
  for (let i = 0; i < 10; i += 1) await addCell(page, 'Markdown');
  await addSql(page, 'SELECT 42 AS answer');
  await page.keyboard.press('Escape');
  const top = cell(page, 'SQL → table_1');
  const bottom = cell(page, 'SQL → table_2');
  await bottom.scrollIntoViewIfNeeded();
  await expect(top).not.toBeInViewport();
  const bottomId = await bottom.getAttribute('data-cell-id');
  const topId = await top.getAttribute('data-cell-id');
  await expect.poll(() => savedView(page)).toContainEqual(expect.arrayContaining([bottomId]));
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  await page.reload();
  // Back where it was left, and built from there.
  await expect(status(page, 'SQL → table_2')).toHaveText('1 row', { timeout: 20_000 });
  await expect(bottom).toBeInViewport();
  await expect(status(page, 'SQL → table_1')).not.toHaveText('1 row');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row', { timeout: 20_000 });
  const starts = await runStarts(page);
  expect(starts[bottomId ?? '']).toBeLessThan(starts[topId ?? ''] ?? 0);
});
