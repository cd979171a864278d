import { cell, expect, openSafe, status, test } from './fixtures';

// The Late departures sample from the case list, run to its backtest: five monthly folds, each
// with features refitted on its past, models trained in the worker, a fold table and trend charts.
// About 2 minutes on a shared 2-core machine: importing the 300,000-row Parquet file and the
// features cell take half of it (the sample models one flight in ten, see src/app/samples/flights.ts).
test('the Late departures sample backtests its models month by month', async ({ page }) => {
  test.setTimeout(240_000);
  await openSafe(page);
  const sample = page
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('group', { name: 'Sample cases' })
    .getByRole('button', { name: '+ Late departures' });
  await expect(sample).toBeEnabled({ timeout: 60_000 });
  await sample.click();
  const backtest = 'Backtest of departure_features';
  await expect(status(page, backtest)).toHaveText(/^5 folds, best ROC AUC 0\.\d{3} ± 0\.\d{3}/, {
    timeout: 200_000,
  });
  const folds = cell(page, backtest).getByRole('table', { name: 'Backtest folds' });
  await expect(folds.locator('tbody th')).toHaveText(['2001-02', '2001-03', '2001-04', '2001-05', '2001-06']);
  const chart = cell(page, backtest).getByRole('figure', { name: 'ROC AUC by test period' });
  await expect(chart.locator('svg').first()).toBeVisible();
});
