import { addCell, addSql, cell, expect, openSafe, status, test } from './fixtures';

/*
 * Issue 18 item 13: hostile text wherever a user's data or words are shown. A tiny CSV whose file
 * name, column names and category values are XSS payloads goes through the grid, a profile, a
 * chart's tooltips, a SQL cell named with one, a training, the Runs view (a tag and a note) and
 * its lineage graph. Each payload must stay text: `window.__pwned` stays unset, and the fixture
 * fails the test on a dialog, an off-origin request or a Content-Security-Policy violation (an
 * injected `onerror` that the CSP blocked still counts).
 */

const IMG = '<img src=x onerror=window.__pwned=1>';
const SVG = '<svg onload=window.__pwned=1>';
// DOMPurify's mXSS of 2020 (namespace confusion through mglyph/style in MathML).
const MATH = '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>';
const LINK = 'javascript:window.__pwned=1';

const csvField = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/** 24 rows: a category column named and valued with payloads, a number column named with one, a 0/1 target. */
function hostileCsv(): Buffer {
  const categories = [IMG, SVG, MATH, LINK];
  const rows = Array.from({ length: 24 }, (_, i) =>
    [csvField(categories[i % 4] ?? ''), String((i * 7) % 10), String(i % 3 === 0 ? 1 : 0)].join(','),
  );
  return Buffer.from([[csvField(IMG), csvField(SVG), 'y'].join(','), ...rows].join('\n'));
}

test('XSS payloads in a file name, column names, categories, a SQL name, a run tag and note stay text everywhere', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSafe(page);
  await page.getByRole('button', { name: 'New case' }).click();

  // The file: its name and header are payloads; the grid shows them as text.
  await addCell(page, 'Source');
  await page
    .getByLabel('File to import')
    .last()
    .setInputFiles({ name: `${IMG}.csv`, mimeType: 'text/csv', buffer: hostileCsv() });
  const source = page.getByRole('region', { name: /^Cell 1: Source/ });
  await expect(source.getByRole('status', { name: 'Cell status' })).toHaveText('24 rows');
  await expect(source).toContainText(`${IMG}.csv`);
  await expect(source.getByRole('columnheader', { name: IMG })).toBeVisible();
  await expect(source.getByRole('gridcell', { name: MATH }).first()).toBeVisible();
  const table = (/→ (.+)$/.exec((await source.getAttribute('aria-label')) ?? '') ?? [])[1] ?? '';

  // A SQL cell whose output is named with a payload.
  await addSql(page, `SELECT * FROM "${table}"`);
  await page.keyboard.press('Escape');
  const sql = page.getByRole('region', { name: /^Cell 2: SQL/ });
  await sql.getByRole('textbox', { name: 'named' }).fill(SVG);
  await sql.getByRole('textbox', { name: 'named' }).press('Tab');
  await sql.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page, `SQL → ${SVG}`)).toHaveText('24 rows');

  // The profile of that table: its column names and top values.
  await addCell(page, 'Profile');
  await cell(page, 'Profile of …').getByLabel('Profile table').selectOption(SVG);
  await cell(page, `Profile of ${SVG}`).getByRole('button', { name: 'Run' }).click();
  await expect(status(page, `Profile of ${SVG}`)).toHaveText(/^\d+ problems?$/, { timeout: 30_000 });
  await expect(cell(page, `Profile of ${SVG}`)).toContainText(IMG);

  // A chart whose tooltips carry the categories.
  await addCell(page, 'Chart');
  const chart = cell(page, 'Chart of …');
  await chart.getByRole('combobox', { name: 'Chart table' }).selectOption(SVG);
  const charted = cell(page, `Chart of ${SVG}`);
  const form = charted.getByRole('form', { name: 'Chart' });
  await form.getByRole('combobox', { name: 'Chart kind' }).selectOption({ label: 'Target rate by segment' });
  await form.getByRole('combobox', { name: 'Segment', exact: true }).selectOption(IMG);
  await form.getByRole('combobox', { name: 'Target', exact: true }).selectOption('y');
  await form.getByRole('button', { name: 'Draw' }).click();
  const figure = charted.getByRole('figure', { name: 'Chart output' });
  await expect(figure.locator('svg title').first()).toBeAttached({ timeout: 30_000 });
  await figure.locator('svg rect').first().hover();
  await expect(figure.locator('svg title', { hasText: MATH })).toHaveCount(1);

  // A quick training: the brief, two features, a baseline and a logistic regression.
  await addCell(page, 'Brief');
  const brief = page.getByRole('region', { name: /^Cell \d+: Brief/ });
  await brief.getByRole('combobox', { name: 'Brief table' }).selectOption(SVG);
  await brief.getByRole('combobox', { name: 'Target column' }).selectOption('y');
  await addCell(page, 'Features');
  const features = page.getByRole('region', { name: /^Cell \d+: Features/ });
  await features.getByRole('checkbox', { name: `Use ${IMG}` }).check();
  await features.getByRole('checkbox', { name: `Use ${SVG}` }).check();
  await features.getByRole('button', { name: 'Run' }).click();
  await expect(features.getByRole('status', { name: 'Cell status' })).toHaveText(/features, 24 rows$/, {
    timeout: 30_000,
  });
  await addCell(page, 'Train');
  const train = page.getByRole('region', { name: /^Cell \d+: Train/ });
  await train.getByRole('button', { name: 'Remove Gradient-boosted trees' }).click();
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(train.getByRole('status', { name: 'Cell status' })).toHaveText(/runs, best /, {
    timeout: 60_000,
  });

  // The Runs view: a tag and a note with payloads, then the lineage graph of the run.
  await page.getByRole('button', { name: 'Runs', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Runs of/ });
  await dialog.getByRole('button', { name: /^Logistic regression/ }).click();
  const detail = dialog.getByRole('region', { name: 'Run detail' });
  await detail.getByRole('textbox', { name: 'Tags' }).fill(`${SVG}, ${LINK}`);
  await detail.getByRole('textbox', { name: 'Note' }).fill(`${MATH} [click](${LINK}) ${IMG}`);
  await detail.getByRole('button', { name: 'Save tags and note' }).click();
  await expect(detail.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(dialog.locator('tbody tr', { hasText: 'Logistic regression' })).toContainText(SVG);
  const graph = detail
    .getByRole('region', { name: 'Lineage' })
    .getByRole('group', { name: /^Lineage graph/ });
  await expect(graph.getByRole('button', { name: `Source file ${IMG}.csv`, exact: true })).toBeVisible();
  await graph.getByRole('button', { name: `Table ${SVG} (sql)`, exact: true }).click();
  await expect(detail.getByRole('region', { name: 'Selected node' })).toContainText(
    `SELECT * FROM "${table}"`,
  );
  // No link anywhere points at javascript:, and nothing ran.
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  expect(await page.evaluate(() => Reflect.get(window, '__pwned'))).toBeUndefined();
});
