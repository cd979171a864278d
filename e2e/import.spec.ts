import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { cell, expect, freshCase, status, test } from './fixtures';

const sample = (name: string): Buffer =>
  readFileSync(new URL(`../public/sample/telco/${name}`, import.meta.url));

async function importFile(page: Page, name: string, buffer: Buffer, mimeType = 'text/plain'): Promise<void> {
  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ Source' })
    .click();
  await page.getByLabel('File to import').last().setInputFiles({ name, mimeType, buffer });
}

test('CSV, Parquet, JSON and NDJSON import by file picker, keep their hash and origin, and survive a reload', async ({
  page,
}) => {
  await freshCase(page, 'Imports');
  const customers = sample('customers.csv');
  await importFile(page, 'customers.csv', customers, 'text/csv');
  await expect(status(page, 'Source → customers')).toHaveText('7,043 rows');
  const sha = createHash('sha256').update(customers).digest('hex');
  await expect(cell(page, 'Source → customers').getByTitle(sha)).toBeVisible();
  await cell(page, 'Source → customers').getByRole('textbox', { name: 'Origin' }).fill('CRM export, 2024-06');

  await importFile(page, 'billing.parquet', sample('billing.parquet'), 'application/octet-stream');
  await expect(status(page, 'Source → billing')).toHaveText('7,043 rows');
  await expect(
    cell(page, 'Source → billing').getByRole('columnheader', { name: /monthly_charges/ }),
  ).toBeVisible();

  const events = [
    { id: 1, kind: 'click', meta: { a: 1 } },
    { id: 2, kind: null },
    { id: 3, kind: 'view', extra: true },
  ];
  await importFile(page, 'events.json', Buffer.from(JSON.stringify(events)), 'application/json');
  await expect(status(page, 'Source → events')).toHaveText('3 rows');
  await expect(cell(page, 'Source → events').getByRole('gridcell', { name: '{"a":1}' })).toBeVisible();

  await importFile(page, 'log.ndjson', Buffer.from('{"t": 1, "v": "a"}\n\n{"t": 2, "v": "b"}\n'));
  await expect(status(page, 'Source → log')).toHaveText('2 rows');

  await page.reload();
  await expect(status(page, 'Source → customers')).toHaveText('7,043 rows');
  await expect(status(page, 'Source → billing')).toHaveText('7,043 rows');
  await expect(status(page, 'Source → log')).toHaveText('2 rows');
  await expect(cell(page, 'Source → customers').getByRole('textbox', { name: 'Origin' })).toHaveValue(
    'CRM export, 2024-06',
  );
});

test('a TSV file dropped on a source cell is imported', async ({ page }) => {
  await freshCase(page, 'Drop');
  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ Source' })
    .click();
  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(
      new File(['name\tscore\nAda\t3\nGrace\t5\n'], 'scores.tsv', { type: 'text/tab-separated-values' }),
    );
    return data;
  });
  await page
    .getByRole('region', { name: 'Drop a file here' })
    .dispatchEvent('drop', { dataTransfer: transfer });
  await expect(status(page, 'Source → scores')).toHaveText('2 rows');
  await expect(cell(page, 'Source → scores').getByRole('columnheader', { name: /score/ })).toBeVisible();
});

test('bad files get messages that say what happened and what to do, and nothing saved is lost', async ({
  page,
}) => {
  await freshCase(page, 'Bad files');
  await importFile(page, 'ragged.csv', Buffer.from('a,b\n1,2\n3,4,5\n6,7\n8,9\n'));
  const ragged = cell(page, 'Source → ragged');
  await expect(ragged.getByRole('alert')).toContainText('could not be read as CSV');
  await expect(ragged.getByRole('alert')).toContainText('Skip bad rows');
  await ragged.getByRole('checkbox', { name: 'Skip bad rows' }).check();
  await ragged.getByRole('button', { name: 'Run' }).click();
  await expect(status(page, 'Source → ragged')).toHaveText('3 rows');
  await expect(ragged.getByRole('status').filter({ hasText: 'Skipped 1 malformed row' })).toBeVisible();

  await importFile(
    page,
    'latin1.csv',
    Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
  );
  await expect(status(page, 'Source → latin1')).toHaveText('1 row');
  await expect(cell(page, 'Source → latin1').getByRole('gridcell', { name: 'café' })).toBeVisible();
  await expect(cell(page, 'Source → latin1')).toContainText('read as Latin-1');

  await importFile(page, 'empty.csv', Buffer.alloc(0));
  await expect(page.getByRole('alert').filter({ hasText: 'empty.csv is empty' })).toBeVisible();

  await importFile(
    page,
    'photo.csv',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
  );
  await expect(page.getByRole('alert').filter({ hasText: 'photo.csv is not a text file' })).toBeVisible();

  const billing = sample('billing.parquet');
  await importFile(page, 'cut.parquet', billing.subarray(0, Math.floor(billing.length / 2)));
  await expect(
    page.getByRole('alert').filter({ hasText: 'cut.parquet is not a readable Parquet file' }),
  ).toBeVisible();

  await importFile(page, 'broken.ndjson', Buffer.from('{"a": 1}\n{"a": \n'));
  await expect(
    page.getByRole('alert').filter({ hasText: 'Line 2 of broken.ndjson is not valid JSON' }),
  ).toBeVisible();

  // What was imported before is intact, also after a reload.
  await page.reload();
  await expect(status(page, 'Source → ragged')).toHaveText('3 rows');
  await expect(status(page, 'Source → latin1')).toHaveText('1 row');
});
