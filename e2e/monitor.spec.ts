import { cell, expect, openSafe, status, test } from './fixtures';

// The Late departures sample from the case list, run to its monitor: v1 (January–March) watched on
// April–June by month, with its timeline and alerts, and v2 (February–May) compared with it on June.
test('the Late departures sample monitors v1 by month and compares v2 with it on June', async ({ page }) => {
  test.setTimeout(420_000);
  await openSafe(page);
  const sample = page
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('group', { name: 'Sample cases' })
    .getByRole('button', { name: '+ Late departures' });
  await expect(sample).toBeEnabled({ timeout: 60_000 });
  await sample.click();
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
});
