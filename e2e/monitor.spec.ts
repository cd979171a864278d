import { cell, expect, openSafe, status, test } from './fixtures';

// The Late departures sample from the case list, run to its backtest and its monitor, in one test
// (its first run takes about 2 minutes on a shared 2-core machine; importing the 300,000-row
// Parquet file and the features cell are half of it, see src/app/samples/flights.ts). The
// backtest: five monthly folds, each with features refitted on its past. The monitor: v1
// (January–March) watched on April–June by month, with its timeline and alerts, and v2
// (February–May) compared with it on June. Then the retrain flow: "Retrain on recent data" adds
// April–May's chain, which runs; its run, promoted (v3), is offered by the monitor at once,
// compared with v1 on June and made champion.
test('the Late departures sample backtests its models month by month, monitors v1 by month, compares v2 with it on June, and retrains', async ({
  page,
}) => {
  test.setTimeout(720_000);
  await openSafe(page);
  const sample = page
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('group', { name: 'Sample cases' })
    .getByRole('button', { name: '+ Late departures' });
  await expect(sample).toBeEnabled({ timeout: 60_000 });
  await sample.click();
  const backtest = 'Backtest of departure_features';
  await expect(status(page, backtest)).toHaveText(/^5 folds, best ROC AUC 0\.\d{3} ± 0\.\d{3}/, {
    timeout: 400_000,
  });
  const folds = cell(page, backtest).getByRole('table', { name: 'Backtest folds' });
  await expect(folds.locator('tbody th')).toHaveText(['2001-02', '2001-03', '2001-04', '2001-05', '2001-06']);
  const chart = cell(page, backtest).getByRole('figure', { name: 'ROC AUC by test period' });
  await expect(chart.locator('svg').first()).toBeVisible();

  const monitor = 'Monitor v1 on departures_apr_jun by month';
  await expect(status(page, monitor)).toHaveText(/^v1 on 3 batches: .*, v2 − v1 [+-]\d/, {
    timeout: 400_000,
  });
  const timeline = cell(page, monitor).getByRole('region', { name: 'Timeline' });
  await expect(
    timeline
      .getByRole('figure', { name: 'Drift by batch (PSI), worst features first' })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await expect(
    timeline
      .getByRole('figure', { name: /ROC AUC by batch/ })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await expect(
    cell(page, monitor).getByRole('region', { name: 'Alerts' }).getByRole('listitem').first(),
  ).toHaveText(/^(Act|Watch) · 2001-0[456]: /);
  await expect(cell(page, monitor).getByRole('region', { name: 'Version comparison' })).toContainText(
    /v2 against v1 on batch 2001-06: [\d,]+ labelled rows that neither trained on \(0 found in a training table/,
  );

  await cell(page, monitor).getByRole('button', { name: 'Retrain on recent data' }).click();
  await page.getByRole('button', { name: /Run all stale/ }).click();
  const evaluate = cell(page, 'Evaluate predictions_jan_mar_recent_1');
  await expect(status(page, 'Evaluate predictions_jan_mar_recent_1')).toHaveText(
    /^\d+ runs?, ROC AUC 0\.\d{3}/,
    {
      timeout: 150_000,
    },
  );
  const promote = evaluate.getByRole('form', { name: 'Promote to a model version' });
  await promote.getByRole('textbox', { name: 'Promoted by' }).fill('Ana');
  await promote.getByRole('button', { name: 'Promote to model version' }).click();
  await expect(promote.getByRole('status')).toHaveText('Registered as v3, a candidate: see Models.');
  // Offered without running the monitor again (it learns of the registry's change).
  await cell(page, monitor).getByRole('button', { name: 'Compare v3 with v1' }).click();
  await expect(status(page, monitor)).toHaveText(/, v3 − v1 [+-]\d/, { timeout: 150_000 });
  await expect(cell(page, monitor).getByRole('region', { name: 'Version comparison' })).toContainText(
    /v3 against v1 on batch 2001-06: [\d,]+ labelled rows that neither trained on \(0 found in a training table/,
  );
  const choice = cell(page, monitor).getByRole('form', { name: 'Champion choice' });
  await choice.getByRole('textbox', { name: 'Decided by' }).fill('Ana');
  await choice.getByRole('textbox', { name: 'Reason' }).fill('Retrained on April and May.');
  await choice.getByRole('button', { name: 'Promote v3 to champion' }).click();
  await expect(choice.getByRole('status')).toHaveText(/^v3 is now the champion/);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const v3 = page.getByRole('table', { name: 'Model versions' }).getByRole('row').nth(1);
  await expect(v3).toContainText(/v3\s*champion/);
  await expect(v3).toContainText('by Ana: “Retrained on April and May. Compared on batch 2001-06, ');

  // Reopened, the monitor shows its result from the table cache, scoring no row again.
  await page.keyboard.press('Escape');
  const counters = () => page.evaluate(() => window.__casebookCounters ?? null);
  await expect.poll(async () => (await counters())?.cachePending, { timeout: 60_000 }).toBe(0);
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  const shown = await status(page, monitor).innerText();
  await page.reload();
  await expect(status(page, monitor)).toHaveText(shown, { timeout: 120_000 });
  expect((await counters())?.restored.monitor).toBe(1);
  expect((await counters())?.runs.monitor).toBeUndefined();
  await expect(cell(page, monitor).getByRole('region', { name: 'Version comparison' })).toContainText(
    'v3 against v1 on batch 2001-06',
  );
});
