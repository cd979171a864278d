import { cell, expect, runSampleCell, status } from './fixtures';
import { settledTest as test } from './settled-profile';

const EVALUATE = 'Evaluate predictions';

test('the sample judges its runs: verdict, curves, value by threshold, slices by contract', async ({
  page,
}) => {
  await runSampleCell(page, EVALUATE);
  await expect(status(page, EVALUATE)).toHaveText(/^4 runs, ROC AUC 0\.8\d\d, clears the bar$/, {
    timeout: 120_000,
  });
  const evaluate = cell(page, EVALUATE);

  // The verdict: the bar with its interval, the baseline and the rule (paired bootstrap), the value.
  const verdict = evaluate.getByRole('region', { name: 'Verdict' });
  await expect(verdict).toContainText(
    /has ROC AUC 0\.8\d\d \(95% CI 0\.8\d\d–0\.8\d\d\) on 1,409 validation rows: it clears the bar of 0\.8/,
  );
  await expect(verdict).toContainText(/It is better than the baseline \(Baseline[^)]*\): \+0\.\d{3} ROC AUC/);
  await expect(verdict).toContainText(/than the rule \(Rule: Contract = 'Month-to-month'/);
  await expect(verdict).toContainText(
    /is worth -?[\d,]+ per 1,000 cases; doing nothing 0, acting on everyone/,
  );

  // Curves are SVG drawn by Plot: one line per run (and the chance diagonal), labelled axes.
  const roc = evaluate.getByRole('figure', { name: 'ROC curve' });
  await expect(roc.locator('svg g[aria-label="line"] path')).toHaveCount(5);
  await expect(roc).toContainText('False positive rate');
  await expect(
    evaluate.getByRole('figure', { name: 'Precision–recall curve' }).locator('svg').first(),
  ).toBeVisible();
  await expect(
    evaluate.getByRole('figure', { name: 'Calibration (reliability diagram)' }).locator('svg').first(),
  ).toBeVisible();
  await expect(
    evaluate.getByRole('figure', { name: 'Cumulative gains' }).locator('svg').first(),
  ).toBeVisible();
  const value = evaluate.getByRole('figure', { name: 'Value per 1,000 cases by threshold' });
  await expect(value.locator('svg g[aria-label="line"] path')).toHaveCount(4);
  await expect(value).toContainText(/threshold 0\.\d\d/);

  // Slices by Contract, worst (lowest ROC AUC) first, with counts.
  const slices = evaluate.getByRole('table', { name: 'Slices by Contract' });
  await expect(slices.getByRole('row')).toHaveCount(4);
  const rows = await slices
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
  expect(rows.map((r) => r[0]?.replace(/few rows$/, '').trim()).sort()).toEqual([
    'Month-to-month',
    'One year',
    'Two year',
  ]);
  expect(rows.reduce((n, r) => n + Number((r[1] ?? '').replace(/,/g, '')), 0)).toBe(1409);
  const aucs = rows.map((r) => Number(r[3]));
  expect(aucs).toEqual([...aucs].sort((a, b) => a - b));

  // Moving the threshold updates the confusion matrix at once; the cell goes stale until run.
  const confusion = evaluate.getByRole('table', { name: 'Confusion matrix' });
  const tp = confusion.locator('[data-cell="tp"]');
  const before = await tp.innerText();
  const threshold = evaluate.getByRole('textbox', { name: 'Threshold' });
  await threshold.fill('0.9');
  await threshold.press('Tab');
  await expect(confusion).toContainText('At threshold 0.9');
  await expect(tp).not.toHaveText(before);
  await expect(status(page, EVALUATE)).toHaveText('stale');
  await evaluate.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page, EVALUATE)).toHaveText(/^4 runs/, { timeout: 60_000 });
  await expect(evaluate.getByRole('table', { name: 'Metrics' })).toContainText('0.9');
});
