import { cell, expect, openSafe, status, test } from './fixtures';

const TRAIN = 'Train on penguin_features → penguin_predictions';
const EVALUATE = 'Evaluate penguin_predictions';
const EXPLAIN = 'Explain the chosen model of penguin_predictions';
const SCORE = 'Score tagged_birds with the champion';
const BACKTEST = 'Backtest of penguin_month_features';
const MONITOR = 'Monitor the champion on penguins_by_month by month';

test('the penguins sample trains on three species, shows per-class metrics and the confusion matrix, explains per species, scores new birds with its champion, backtests by month and monitors it', async ({
  page,
}) => {
  // Training the three models takes ~45 s on 2 cores; the backtest and the monitor ~15 s more.
  test.setTimeout(180_000);
  await openSafe(page);
  await page
    .getByRole('group', { name: 'Sample cases' })
    .getByRole('button', { name: '+ Penguin species' })
    .click();
  await expect(status(page, TRAIN)).toHaveText(/^4 runs/, { timeout: 120_000 });
  await expect(status(page, EVALUATE)).toHaveText(/^4 runs, macro F1 0\.9\d\d, clears the bar$/, {
    timeout: 120_000,
  });
  const evaluate = cell(page, EVALUATE);
  const perClass = evaluate.getByRole('table', { name: 'Per-class metrics' });
  for (const species of ['Adelie', 'Chinstrap', 'Gentoo']) {
    await expect(perClass.getByRole('rowheader', { name: species })).toBeVisible();
  }
  // Support: a stratified 25% of 152, 68 and 124 birds.
  await expect(
    perClass.getByRole('row', { name: /^Chinstrap .* 17 [01]\.\d{3} [01]\.\d{3}$/ }),
  ).toBeVisible();
  await expect(perClass).toContainText('macro average');
  const confusion = evaluate.getByRole('table', { name: 'Confusion matrix' });
  await expect(confusion.getByRole('row')).toHaveCount(4);
  await expect(confusion.getByRole('columnheader', { name: 'Gentoo' })).toBeVisible();
  await expect(evaluate.getByRole('region', { name: 'Verdict' })).toContainText(
    /under the brief's cost matrix/,
  );
  // One line per species (and the chance diagonal) one vs rest, calibration per species, and the
  // slices by island, worst first.
  const roc = evaluate.getByRole('figure', { name: 'ROC curve per class (one vs rest)' });
  await expect(roc.locator('svg g[aria-label="line"] path')).toHaveCount(4);
  await expect(roc).toContainText(/Chinstrap \(AUC [01]\.\d{3}\)/);
  await expect(
    evaluate
      .getByRole('figure', { name: 'Calibration per class (reliability diagram)' })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await expect(evaluate.getByRole('table', { name: 'Slices by island' }).getByRole('row')).toHaveCount(4);
  // The explain cell: importance per species and the PDP of each species' probability.
  await expect(status(page, EXPLAIN)).toHaveText(/^top feature \S+, 1 row explained$/, { timeout: 60_000 });
  const explain = cell(page, EXPLAIN);
  await explain.getByRole('combobox', { name: 'Importance for' }).selectOption('Chinstrap');
  await expect(explain.getByRole('region', { name: 'Permutation importance' })).toContainText(
    'one-vs-rest ROC AUC of Chinstrap',
  );
  await explain.getByRole('combobox', { name: 'Class for partial dependence' }).selectOption('Gentoo');
  await expect(explain.getByRole('figure', { name: /^Partial dependence of \S+ \(Gentoo\)$/ })).toBeVisible();
  await expect(explain.getByRole('region', { name: 'Local explanations' })).toContainText(
    "the row's predicted class",
  );
  // The chosen run becomes the champion, v1 (a multiclass bundle), and scores the tagged birds.
  await expect(status(page, SCORE)).toHaveText(/^\d+ rows, v1/, { timeout: 60_000 });
  await expect(cell(page, SCORE)).toContainText(/decided Adelie \d+, Chinstrap \d+, Gentoo \d+/);
  // The backtest of the made-up months: macro F1 per fold as scikit-learn's (mean 0.988 over the
  // last three, src/cells/backtest/fixtures/backtest-multiclass.json), the majority class beside it.
  await expect(status(page, BACKTEST)).toHaveText(/^3 folds, best macro F1 0\.988 ± 0\.\d{3}$/, {
    timeout: 60_000,
  });
  const folds = cell(page, BACKTEST).getByRole('table', { name: 'Backtest folds' });
  await expect(folds.getByRole('rowheader')).toHaveText([/^2021-04/, /^2021-05/, /^2021-06/, /^Mean/]);
  await expect(folds.getByRole('row', { name: /^2021-06/ })).toContainText(/0\.203[\s\S]*1\.000/);
  // The monitor: per month, the drift of the class mix v1 decides and its macro F1 on the labels.
  await expect(status(page, MONITOR)).toHaveText(/^v1 on 6 batches: /, { timeout: 60_000 });
  const monitor = cell(page, MONITOR);
  const batches = monitor.getByRole('list', { name: 'Batches' }).getByRole('listitem');
  await expect(batches).toHaveCount(6);
  await expect(batches.first()).toContainText(
    /^2021-01: 58 rows; .*decided class mix PSI [\d.]+, χ² p [\d.e+-]+: Adelie [\d.]+ % \(reference [\d.]+ %\).*; macro F1 (0\.9\d\d|1\.000) clears the bar/,
  );
  await expect(monitor.getByRole('figure', { name: /^Drift by batch/ })).toContainText('(decided class mix)');
});
