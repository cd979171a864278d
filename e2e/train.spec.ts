import { cell, expect, openSafe, runSampleCell, status, test } from './fixtures';

const FEATURES = 'Features of churn_clean → churn_features';
const TRAIN = 'Train on churn_features → predictions';

test('the sample trains in a worker: models beat the baseline and the rule, leaks are flagged', async ({
  page,
}) => {
  await runSampleCell(page, TRAIN);
  // The features: fitted on a stratified 80% of the rows, with the rule baseline as a column.
  await expect(status(page, FEATURES)).toHaveText(/^\d+ features, 7,043 rows$/, { timeout: 60_000 });
  const features = cell(page, FEATURES);
  await expect(features).toContainText('5,634 training and 1,409 validation rows');
  // customerID is a key: flagged, and not among the suggested features.
  await expect(features.locator('tr[data-column="customerID"] .warning')).toContainText('customerID');
  await expect(features.getByRole('checkbox', { name: 'Use customerID' })).not.toBeChecked();
  await expect(features.locator('tr[data-column="tenure"] td.num').nth(1)).toHaveText(/^AUC 0\.\d\d$/);

  // The models, ranked on the brief's metric beside the majority class and the retention rule.
  await expect(status(page, TRAIN)).toHaveText(/^4 runs, best ROC AUC 0\.8\d\d$/, { timeout: 90_000 });
  const train = cell(page, TRAIN);
  const runs = train.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(5);
  await expect(runs).toContainText('Logistic regression');
  await expect(runs).toContainText('Gradient-boosted trees');
  await expect(runs).toContainText('Baseline');
  await expect(train.getByRole('status').filter({ hasText: 'Best:' })).toContainText(
    /clears the bar of 0\.8; \+0\.\d{3} against/,
  );
  // The rule is quoted as the brief wrote it (user text is shown as is, never re-cased).
  await expect(train.getByRole('status').filter({ hasText: 'Best:' })).toContainText(
    "against the best baseline (Rule: Contract = 'Month-to-month' AND tenure < 12)",
  );
  // The best run's detail: its loss curve is drawn as SVG.
  await expect(train.getByRole('region', { name: 'Run detail' }).locator('svg').first()).toBeVisible();
  await runs.getByRole('button', { name: /^Logistic regression/ }).click();
  await expect(train.getByRole('table', { name: 'Coefficients' })).toContainText('tenure');
});

test('a changed feature makes features and models stale; the same seed gives the same result', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await runSampleCell(page, TRAIN);
  await expect(status(page, TRAIN)).toHaveText(/best ROC AUC/, { timeout: 90_000 });
  const before = await status(page, TRAIN).innerText();
  const train = cell(page, TRAIN).getByRole('button', { name: 'Run', exact: true });

  await cell(page, FEATURES).getByRole('checkbox', { name: 'Use gender' }).uncheck();
  await expect(status(page, FEATURES)).toHaveText('stale');
  await expect(status(page, TRAIN)).toHaveText('stale');
  // Running the train cell runs the stale features cell it reads from first.
  await train.click();
  await expect(status(page, TRAIN)).toHaveText(/best ROC AUC/, { timeout: 90_000 });
  await expect(status(page, FEATURES)).toHaveText(/^\d+ features/);

  await cell(page, FEATURES).getByRole('checkbox', { name: 'Use gender' }).check();
  await train.click();
  await expect(status(page, TRAIN)).toHaveText(before, { timeout: 90_000 });
});

test('a neural network trains with live curves on the backend shown, and can be cancelled', async ({
  page,
}) => {
  await runSampleCell(page, TRAIN);
  await expect(status(page, TRAIN)).toHaveText(/best ROC AUC/, { timeout: 90_000 });
  const train = cell(page, TRAIN);
  await expect(train).toContainText(/neural networks train on (webgpu|webgl|wasm|cpu)(?: \([^)]+\))? here/);
  await train.getByRole('combobox', { name: 'Add a model' }).selectOption('mlp');
  await train.getByRole('textbox', { name: 'Neural network (MLP) epochs' }).fill('2000');
  await train.getByRole('textbox', { name: 'Neural network (MLP) epochs' }).press('Tab');
  await train.getByRole('textbox', { name: 'Neural network (MLP) patience (0 = none)' }).fill('0');
  await train.getByRole('textbox', { name: 'Neural network (MLP) patience (0 = none)' }).press('Tab');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = train.getByRole('status').filter({ hasText: /^Training Neural network/ });
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await expect(progress.locator('svg[viewBox]')).toBeVisible({ timeout: 30_000 });
  const pressed = Date.now();
  await train.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page, TRAIN)).toHaveText('cancelled', { timeout: 15_000 });
  // Reliability target 31: within one batch plus 2 s (the client ends a worker that has not
  // answered after 2 s; VT src/training/client.test.ts holds it to that). Here, on a loaded CI
  // machine, the press, the page and this poll add up to a few seconds more (3.7 s measured in a
  // full run): the bound catches a cancel that waits for the fit (2,000 epochs: minutes).
  expect(Date.now() - pressed).toBeLessThan(8_000);
  // The cell's settings are kept; running again with fewer epochs trains all five.
  await train.getByRole('textbox', { name: 'Neural network (MLP) epochs' }).fill('3');
  await train.getByRole('textbox', { name: 'Neural network (MLP) epochs' }).press('Tab');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page, TRAIN)).toHaveText(/^5 runs, best ROC AUC/, { timeout: 90_000 });
  await expect(train.getByRole('table', { name: 'Runs' })).toContainText(
    /Neural network.*(webgpu|webgl|wasm|cpu)/,
  );
});

test('a split that leaves no validation rows gets a clear answer, and nothing saved is lost', async ({
  page,
}) => {
  // The features cell and what it reads: the split is the features cell's, no model is needed.
  await runSampleCell(page, FEATURES);
  await expect(status(page, FEATURES)).toHaveText(/^\d+ features/, { timeout: 60_000 });
  const features = cell(page, FEATURES);
  // Time split with a cutoff no row reaches: every row is a training row.
  await features.getByRole('combobox', { name: 'Split kind' }).selectOption('time');
  await features.getByRole('combobox', { name: 'Split column' }).selectOption('tenure');
  await features.getByRole('textbox', { name: 'Split cutoff' }).fill('1000');
  await features.getByRole('textbox', { name: 'Split cutoff' }).press('Tab');
  await features.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page, FEATURES)).toHaveText('error', { timeout: 60_000 });
  await expect(features.getByRole('alert')).toContainText(/validation/i);
  // Reopened (safe: the settings are what is checked, not another run), the split is still there.
  await openSafe(page);
  await expect(cell(page, FEATURES).getByRole('combobox', { name: 'Split kind' })).toHaveValue('time');
});
