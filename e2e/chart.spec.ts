import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { addSql, cell, expect, openSafe, status, test } from './fixtures';

// The sample has no dates: a customer's start month is derived from their tenure.
const WITH_START = `SELECT *, DATE '2024-12-01' - INTERVAL (tenure) MONTH AS start_month FROM churn`;

async function chartCell(page: Page): Promise<Locator> {
  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ Chart' })
    .click();
  await cell(page, 'Chart of …').getByRole('combobox', { name: 'Chart table' }).selectOption('table_1');
  return cell(page, 'Chart of table_1');
}

/** Chooses the chart kind, sets its fields (combobox label → option) and draws it. */
async function draw(
  page: Page,
  chart: Locator,
  kind: string,
  fields: Record<string, string>,
): Promise<Locator> {
  const form = chart.getByRole('form', { name: 'Chart' });
  await form.getByRole('combobox', { name: 'Chart kind' }).selectOption({ label: kind });
  for (const [name, value] of Object.entries(fields)) {
    await form.getByRole('combobox', { name, exact: true }).selectOption(value);
  }
  await form.getByRole('button', { name: 'Draw' }).click();
  await expect(chart.getByRole('alert')).toHaveCount(0);
  await expect(status(page, 'Chart of table_1')).toHaveText(/rows/, { timeout: 30_000 });
  const figure = chart.getByRole('figure', { name: 'Chart output' });
  await expect(figure.locator('svg').first()).toBeVisible();
  return figure;
}

test('every chart kind draws on the sample case as SVG, aggregated in DuckDB', async ({ page }) => {
  test.setTimeout(240_000);
  // A safe start: the new cell runs the sample's sources and SQL it reads from, and nothing else.
  await openSafe(page);
  await addSql(page, WITH_START);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  // It builds the sources first.
  await expect(status(page, 'SQL → table_1')).toHaveText('7,043 rows', { timeout: 60_000 });
  const chart = await chartCell(page);

  let figure = await draw(page, chart, 'Histogram', { Column: 'monthly_charges' });
  await expect(figure.locator('svg rect').nth(5)).toBeAttached();
  await expect(figure).toContainText('monthly_charges');
  await expect(chart).toContainText('7,043 of 7,043 rows drawn');

  // SVG export: a standalone file.
  const download = page.waitForEvent('download');
  await chart.getByRole('button', { name: 'SVG' }).click();
  const svg = await readFile((await (await download).path()) ?? '', 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');

  figure = await draw(page, chart, 'Bar chart', { x: 'Contract' });
  await expect(figure).toContainText('Month-to-month');
  await expect(figure).toContainText('Two year');

  figure = await draw(page, chart, 'Box plot by group', { y: 'monthly_charges', 'by group': 'Contract' });
  await expect(figure).toContainText('One year');

  figure = await draw(page, chart, 'Scatter', { x: 'tenure', y: 'monthly_charges' });
  await expect(chart).toContainText('aggregated in DuckDB');
  await expect(figure.locator('svg rect').first()).toBeAttached();

  figure = await draw(page, chart, 'Line over time', { Time: 'start_month' });
  await expect(figure.locator('svg path').first()).toBeAttached();
  await expect(chart).toContainText('per month');

  figure = await draw(page, chart, 'Correlation heatmap', {});
  await expect(figure).toContainText('tenure');
  await expect(figure).toContainText('monthly_charges');

  figure = await draw(page, chart, 'Target rate by segment', { Segment: 'Contract', Target: 'Churn' });
  await expect(figure).toContainText('Month-to-month');

  figure = await draw(page, chart, 'Explore the target (every feature)', { Target: 'Churn' });
  await expect(figure.locator('svg svg').nth(3)).toBeAttached();
  await expect(figure).toContainText('InternetService');

  // The spec is saved with the case: after a reload the last chart is drawn again.
  await page.waitForFunction(
    () => document.querySelector('[aria-label="Save status"]')?.textContent?.trim() === 'Saved',
  );
  await openSafe(page);
  await cell(page, 'Chart of table_1').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page, 'Chart of table_1')).toHaveText(/rows/, { timeout: 60_000 });
  await expect(cell(page, 'Chart of table_1').getByRole('figure', { name: 'Chart output' })).toContainText(
    'InternetService',
  );
});

test('a chart of a table that changes is redrawn with it', async ({ page }) => {
  await openSafe(page);
  await addSql(page, "SELECT * FROM churn WHERE Contract = 'One year'");
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1,473 rows', { timeout: 60_000 });
  const chart = await chartCell(page);
  const figure = await draw(page, chart, 'Bar chart', { x: 'Contract' });
  await expect(figure).not.toContainText('Two year');
  // Change the SQL: the chart goes stale; running it runs the changed SQL first, then redraws.
  const editor = cell(page, 'SQL → table_1').getByRole('textbox', { name: 'SQL query' });
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.insertText(" OR Contract = 'Two year'");
  await expect(status(page, 'Chart of table_1')).toHaveText('stale');
  await chart.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(figure).toContainText('Two year', { timeout: 60_000 });
});
