import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import {
  addCell,
  addSql,
  browserAndNativeHash,
  cell,
  expect,
  openSafe,
  runSampleCell,
  status,
  test,
} from './fixtures';

/** Fills the add-step form of the clean cell `title` with `fill`, then adds the step. */
async function addStep(
  page: Page,
  title: string,
  recipe: string,
  fill: (form: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  const c = cell(page, title);
  await c.getByRole('button', { name: '+ Add step' }).click();
  const form = c.getByRole('form', { name: 'Cleaning step' });
  await form.getByRole('combobox', { name: 'Recipe' }).selectOption({ label: recipe });
  await fill(form);
  await form.getByRole('button', { name: 'Add step' }).click();
  await expect(form).toHaveCount(0);
}

const CHECK_SQL = `SELECT count(*) FILTER (WHERE total_charges IS NULL) AS null_charges,
  count(*) FILTER (WHERE OnlineSecurity = 'No internet service') AS placeholders,
  any_value(typeof(total_charges)) AS charges_type,
  count(*) FILTER (WHERE total_charges = 0 AND tenure = 0) AS unbilled
FROM churn_clean`;

test('the sample’s profile finds its problems, its clean cell fixes them, and a step added through the UI merges a placeholder', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The sample's first cells only: the rest (training and on) would take the CPU from this test.
  await openSafe(page);
  for (const title of ['Profile of churn', 'Chart of churn', 'Clean churn → churn_clean'])
    await cell(page, title).getByRole('button', { name: 'Run', exact: true }).click();

  // The sample profiles the joined table against Churn …
  const profiled = cell(page, 'Profile of churn');
  await expect(status(page, 'Profile of churn')).toHaveText(/\d+ problems?/, { timeout: 90_000 });
  const quality = profiled.getByRole('region', { name: 'Data quality' });
  await expect(quality).toContainText('total_charges');
  await expect(quality).toContainText('No internet service');
  const charges = profiled.getByRole('article', { name: 'Column total_charges' });
  await expect(charges).toContainText('should be DOUBLE');
  await expect(charges).toContainText('11 blank');
  await expect(profiled.getByRole('status').filter({ hasText: 'rows,' })).toContainText('7,043 rows');
  // … draws the churn rate by tenure, one panel per contract …
  const chart = cell(page, 'Chart of churn').getByRole('figure', { name: 'Chart output' });
  await expect(chart.locator('svg').first()).toBeVisible({ timeout: 60_000 });
  await expect(chart).toContainText('Month-to-month');

  // … and cleans it: blanks to NULL, a number, 0 for the 11 customers not billed yet.
  const title = 'Clean churn → churn_clean';
  const clean = cell(page, title);
  await expect(status(page, title)).toHaveText('7,043 rows', { timeout: 60_000 });
  const steps = clean.getByRole('list', { name: 'Cleaning steps' });
  await expect(steps.getByRole('listitem', { name: 'Step 1' })).toContainText('11 values changed');
  await expect(steps.getByRole('listitem', { name: 'Step 2' })).not.toContainText('failed');
  await expect(clean).toContainText('CAST("total_charges" AS DOUBLE)');

  // A step added through the UI merges a placeholder level.
  await addStep(page, title, 'Merge near-duplicate categories', async (form) => {
    await form.getByRole('combobox', { name: 'Column', exact: true }).selectOption('OnlineSecurity');
    await form.getByLabel('Value to replace').fill('No internet service');
    await form.getByLabel('Replace with').fill('No');
    await form.getByRole('button', { name: 'Add value' }).click();
  });
  await clean.getByRole('button', { name: 'Run' }).click();
  await expect(steps.getByRole('listitem', { name: 'Step 4' })).toContainText('1,526 values changed', {
    timeout: 60_000,
  });
  await addSql(page, CHECK_SQL);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  const values = cell(page, 'SQL → table_1').getByRole('gridcell');
  await expect(values).toHaveText(['0', '0', 'DOUBLE', '11']);

  // Disabling the step makes the cell stale; running the check runs it first, placeholders back.
  await steps.getByRole('listitem', { name: 'Step 4' }).getByRole('checkbox', { name: 'Enabled' }).uncheck();
  await expect(status(page, title)).toHaveText('stale');
  await cell(page, 'SQL → table_1').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(values).toHaveText(['0', '1526', 'DOUBLE', '11'], { timeout: 60_000 });

  // The exported script carries the clean cell's SQL, and native DuckDB makes the same rows.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SQL' }).click();
  const script = await readFile((await (await download).path()) ?? '', 'utf8');
  expect(script).toContain('Clean cell: 3 steps on churn');
  const { browser, native } = await browserAndNativeHash(page, script, 'churn_clean', 'table_2');
  expect(browser).toEqual(native);
  expect(browser[0]).toBe('7043');
});

test('the profile’s suggestions become steps of a new clean cell', async ({ page }) => {
  test.setTimeout(120_000);
  await runSampleCell(page, 'Source → billing');
  await expect(status(page, 'Source → billing')).toHaveText('7,043 rows', { timeout: 60_000 });
  await addCell(page, 'Profile');
  await cell(page, 'Profile of …').getByLabel('Profile table').selectOption('billing');
  const profiled = cell(page, 'Profile of billing');
  await profiled.getByRole('button', { name: 'Run' }).click();
  await expect(status(page, 'Profile of billing')).toHaveText(/\d+ problems?/, { timeout: 60_000 });
  await profiled.getByRole('button', { name: 'Add all suggested steps' }).click();
  const clean = cell(page, 'Clean billing → billing_clean');
  await expect(
    clean.getByRole('list', { name: 'Cleaning steps' }).getByRole('listitem').first(),
  ).toBeVisible();
  await clean.getByRole('button', { name: 'Run' }).click();
  await expect(status(page, 'Clean billing → billing_clean')).toHaveText(/rows$/, { timeout: 60_000 });
});

test('the join builder shows what a join does before it becomes a SQL cell', async ({ page }) => {
  await runSampleCell(page, 'SQL → churn');
  await expect(status(page, 'SQL → churn')).toHaveText('7,043 rows', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Join tables' }).click();
  const join = page.getByRole('region', { name: 'Join two tables' });
  await join.getByLabel('Left').selectOption('billing');
  await join.getByLabel('Right').selectOption('customers');
  await join.getByLabel('key').first().selectOption('customer_id');
  await join.getByLabel('key').last().selectOption('customerID');
  await join.getByRole('textbox', { name: 'Joined table name' }).fill('billed_customers');
  await join.getByRole('button', { name: 'Check the join' }).click();
  const diagnostics = join.getByRole('list', { name: 'Join diagnostics' });
  await expect(diagnostics).toContainText(
    '7,043 rows on the left, 7,043 on the right; the left join gives 7,043 rows.',
  );
  await expect(diagnostics).toContainText('0 left rows have no match');
  await expect(diagnostics).toContainText('No key repeats on either side: one-to-one.');
  await expect(join).toContainText('LEFT JOIN "customers" AS r');
  await join.getByRole('button', { name: 'Add as SQL cell' }).click();
  await expect(join).toHaveCount(0);
  await expect(status(page, 'SQL → billed_customers')).toHaveText('7,043 rows', { timeout: 30_000 });

  // A name already taken is refused before anything is added.
  await page.getByRole('button', { name: 'Join tables' }).click();
  await join.getByLabel('Left').selectOption('billing');
  await join.getByLabel('Right').selectOption('customers');
  await join.getByLabel('key').first().selectOption('customer_id');
  await join.getByLabel('key').last().selectOption('customerID');
  await join.getByRole('textbox', { name: 'Joined table name' }).fill('churn');
  await join.getByRole('button', { name: 'Check the join' }).click();
  await expect(join.getByRole('alert')).toContainText('A cell already creates "churn"');
});

test('dates stored as text: the format is detected, and a format that matches nothing says so', async ({
  page,
}) => {
  await openSafe(page);
  await addSql(
    page,
    "SELECT * FROM (VALUES ('31/01/2024', 1), ('15/02/2024', 2), ('', 3)) AS v(\"signed on\", n)",
  );
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('3 rows');
  await addCell(page, 'Clean');
  await cell(page, 'Clean … → clean_1').getByLabel('Clean table').selectOption('table_1');
  const title = 'Clean table_1 → clean_1';
  await addStep(page, title, 'Parse dates', async (form) => {
    await form.getByRole('combobox', { name: 'Column', exact: true }).selectOption('signed on');
    await form.getByRole('button', { name: 'Detect' }).click();
    await expect(form.getByRole('combobox', { name: 'Date format' })).toHaveValue('%d/%m/%Y');
    await expect(form).toContainText('100.0% of the distinct values parse');
  });
  const clean = cell(page, title);
  await clean.getByRole('button', { name: 'Run' }).click();
  await expect(status(page, title)).toHaveText('3 rows');
  const step = clean.getByRole('listitem', { name: 'Step 1' });
  // The blank value does not parse: it is counted and shown, for a placeholder step to handle.
  await expect(step).toContainText('3 values changed, 1 value failed (33.3% of non-missing)');
  await expect(step).toContainText('Failed values: "" ×1');

  await step.getByRole('button', { name: 'Edit', exact: true }).click();
  await clean.getByRole('combobox', { name: 'Date format' }).fill('%Y-%m-%d');
  await clean.getByRole('button', { name: 'Save step' }).click();
  await clean.getByRole('button', { name: 'Run' }).click();
  // A format that converts nothing is an error, not a green badge over a column of NULLs.
  await expect(status(page, title)).toHaveText('error', { timeout: 30_000 });
  await expect(clean.getByRole('alert')).toContainText('turned all 3 values of "signed on" into NULL');
  await expect(clean.getByRole('alert')).toContainText('"31/01/2024"');
});
