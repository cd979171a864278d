import { addCell, cell, expect, openSafe, status, test } from './fixtures';

/**
 * A daily sales series as a new user brings one (issue 19): a date, a store with gaps, the user's
 * own train / validation / test labels, and a numeric target with a weekly rhythm.
 */
function salesCsv(): string {
  const lines = ['day,store,side,sales'];
  let seed = 7;
  const noise = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 280; i++) {
    const date = new Date(start + i * 86_400_000);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const store = i % 13 === 0 ? '' : ['north', 'south', 'east'][i % 3];
    const side = i % 10 === 3 ? 'test' : i % 5 === 0 ? 'validation' : 'train';
    const sales = 100 + (weekend ? 40 : 0) + (store === 'north' ? 15 : 0) + 10 * noise();
    lines.push(`${date.toISOString().slice(0, 10)},${store},${side},${sales.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

test('a daily series: regression with a lag as its rule baseline, the date as cyclic parts, store gaps filled with the mode, and the user’s own split', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openSafe(page);
  await page.getByRole('button', { name: 'New case' }).click();
  await addCell(page, 'Source');
  await page
    .getByLabel('File to import', { exact: true })
    .last()
    .setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(salesCsv()) });
  await expect(status(page, 'Source → sales')).toHaveText('280 rows');

  // The brief: a numeric target is a regression; yesterday's sales a week ago is its naive rule.
  await addCell(page, 'Brief');
  const brief = page.getByRole('region', { name: /^Cell 2: Brief/ });
  await brief.getByRole('combobox', { name: 'Brief table' }).selectOption('sales');
  await brief.getByRole('combobox', { name: 'Target column' }).selectOption('sales');
  await expect(brief.getByRole('combobox', { name: 'Task' })).toHaveValue('regression');
  await brief.getByRole('combobox', { name: 'Time column' }).selectOption('day');
  await brief.getByRole('combobox', { name: 'Baseline' }).selectOption('rule');
  const rule = brief.getByRole('textbox', { name: 'Baseline rule' });
  await rule.fill('lag(sales, 7) OVER (ORDER BY day)');
  await rule.press('Enter');

  // The features: the time column offered as its date parts, with sin/cos; NULL stores → the mode.
  await addCell(page, 'Features');
  // It starts from the brief's table and says so; the brief's time column splits by time.
  const features = cell(page, 'Features of sales → features_1');
  await expect(features.getByRole('combobox', { name: 'Split kind' })).toHaveValue('time');
  await features.getByRole('checkbox', { name: 'Use day' }).check();
  await expect(features.getByRole('combobox', { name: 'Encoding of day' })).toHaveValue('date-parts');
  await features.getByRole('checkbox', { name: 'Cyclic parts of day' }).check();
  await features.getByRole('checkbox', { name: 'Use store' }).check();
  await features.getByRole('combobox', { name: 'Missing store' }).selectOption('mode');
  // The user's own labels: by a column.
  await features.getByRole('combobox', { name: 'Split kind' }).selectOption('column');
  await features.getByRole('combobox', { name: 'Split column' }).selectOption('side');
  await features.getByRole('button', { name: 'Run' }).click();
  // 28 of the 280 days are labelled test: kept out of both sides, and said so.
  await expect(status(page, 'Features of sales → features_1')).toHaveText(/^\d+ features, 252 rows$/, {
    timeout: 60_000,
  });
  await expect(features).toContainText('28 test rows (by "side") were left out');
  await expect(features).toContainText('196 training and 56 validation rows');

  // Train offers the regression models only, and ranks them beside the mean and the lag rule.
  await addCell(page, 'Train');
  const train = page.getByRole('region', { name: /^Cell 4: Train/ });
  await train
    .getByRole('button', { name: /^(Train|Run)$/ })
    .first()
    .click();
  await expect(status(page, 'Train on features_1 → predictions_1')).toHaveText(/^\d+ runs, best RMSE \d/, {
    timeout: 90_000,
  });
  const runs = train.getByRole('table', { name: 'Runs' });
  await expect(runs).not.toContainText('Logistic regression');
  await expect(runs).toContainText('Baseline');
  await expect(runs).toContainText('Rule: lag(sales, 7) OVER (ORDER BY day)');
  await expect(cell(page, 'Train on features_1 → predictions_1')).toContainText(/against the best baseline/);
});
